"""Export benchmark: a large slice through the API (CSV standard, CSV Dutch, Parquet) against
DuckDB's own COPY of the same rows, with the serving process's peak memory.

    python benchmarks/export.py [--rows 1000000] [--repeat 3]

Each measurement runs in a fresh process so its peak RSS is its own. Results go to
benchmarks/results/export_<rows>.json and a section per row count in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import peak_mib, write_json, write_section  # noqa: E402


def make_warehouse(rows: int, path: Path) -> None:
    """The sample warehouse with `gaps` grown to `rows` rows (synthetic copies of real rows)."""
    import duckdb

    from etl.build import build

    build(ROOT / "data" / "raw", path)
    con = duckdb.connect(str(path))
    base = con.execute("SELECT count(*) FROM gaps").fetchone()[0]
    con.execute(f"""INSERT INTO gaps SELECT g.* REPLACE ('X' || r.range || g.gebied_code
                                                       AS gebied_code)
                    FROM gaps g, range({rows // base + 1}) r""")
    con.execute(f"DELETE FROM gaps WHERE rowid >= {rows}")
    con.execute("CHECKPOINT")
    con.close()


def one(kind: str, warehouse: Path) -> dict:
    """One export in this process: seconds, bytes, peak RSS (MiB)."""
    started = time.perf_counter()
    if kind == "duckdb_copy_csv":
        import duckdb

        con = duckdb.connect(str(warehouse), read_only=True, config={"memory_limit": "1GB"})
        target = Path(tempfile.mkdtemp()) / "out.csv"
        con.execute(f"COPY (SELECT * FROM gaps) TO '{target}' (FORMAT csv, HEADER)")
        size = target.stat().st_size
        shutil.rmtree(target.parent)
    else:
        from dashboard import create_app
        from dashboard.settings import Settings

        client = create_app(Settings(warehouse=warehouse)).server.test_client()
        url = {"api_csv": "/api/v1/datasets/gaps.csv",
               "api_csv_nl": "/api/v1/datasets/gaps.csv?dialect=nl",
               "api_parquet": "/api/v1/datasets/gaps.parquet"}[kind]
        started = time.perf_counter()
        resp = client.get(url, buffered=False)
        size = sum(len(chunk) for chunk in resp.response)
        resp.close()
    seconds = time.perf_counter() - started
    peak = peak_mib()
    return {"kind": kind, "seconds": seconds, "bytes": size, "peak_rss_mib": peak}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", nargs=2, metavar=("KIND", "WAREHOUSE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one[0], Path(args.one[1]))))
        return 0
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        warehouse = work / "warehouse.duckdb"
        make_warehouse(args.rows, warehouse)
        runs: dict[str, list[dict]] = {}
        for kind in ("duckdb_copy_csv", "api_csv", "api_csv_nl", "api_parquet"):
            for _ in range(args.repeat):
                out = subprocess.run([sys.executable, __file__, "--one", kind, str(warehouse)],
                                     check=True, capture_output=True, text=True, cwd=ROOT,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})
                runs.setdefault(kind, []).append(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = {k: {"median_s": statistics.median(r["seconds"] for r in v),
                   "max_s": max(r["seconds"] for r in v),
                   "bytes": v[0]["bytes"],
                   "peak_rss_mib": max(r["peak_rss_mib"] for r in v)} for k, v in runs.items()}
    base = summary["duckdb_copy_csv"]["median_s"]
    for v in summary.values():
        v["ratio_to_copy"] = v["median_s"] / base
    result = {"benchmark": "export", "rows": args.rows, "repeat": args.repeat,
              "cores": os.cpu_count(), "machine": platform.machine(),
              "python": platform.python_version(), "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
              "summary": summary}
    write_json(f"export_{args.rows}", result)
    lines = [f"## Export ({args.rows:,} rows of `gaps`, {os.cpu_count()} cores, "
             f"median of {args.repeat}, {result['at']})", "",
             "| path | median s | max s | MiB out | × COPY | peak RSS MiB |",
             "|---|---:|---:|---:|---:|---:|"]
    for k, v in summary.items():
        lines.append(f"| {k} | {v['median_s']:.2f} | {v['max_s']:.2f} | "
                     f"{v['bytes'] / 2**20:.1f} | {v['ratio_to_copy']:.2f} | "
                     f"{v['peak_rss_mib']:.0f} |")
    print(write_section(f"## Export ({args.rows:,} rows", lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
