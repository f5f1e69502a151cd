"""ETL benchmark: national sample data with N person-level deployments, generated and then
loaded by the normal build, in a fresh process each (peak RSS is the build's own).

    [ETL_MEMORY_LIMIT=2GB] python benchmarks/etl.py [--rows 1000000] [--repeat 1]

Writes benchmarks/results/etl_<rows>_<limit>.json and a section of benchmarks/RESULTS.md (one
per size and memory limit), and keeps the warehouse as benchmarks/out/national_<rows>.duckdb
for the callback and page benchmarks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import write_json, write_section  # noqa: E402
from etl.build import MEMORY_LIMIT  # noqa: E402

KEPT = ROOT / "benchmarks" / "out"

BUILD = ("import json, sys, time\n"
         "from benchmarks.common import peak_mib\n"
         "from etl.build import build\n"
         "t = time.perf_counter()\n"
         "r = build(sys.argv[1], sys.argv[2])\n"
         "print(json.dumps({'seconds': time.perf_counter() - t, 'phases': r.phases,"
         " 'rows': sum(s.rows_read for s in r.summaries), 'peak_mib': peak_mib()}))\n")
# The floor: DuckDB alone loading the deployments file into a table on disk, types detected,
# nothing checked, no marts.
FLOOR = ("import duckdb, json, sys, time\n"
         "con = duckdb.connect(sys.argv[2])\n"
         "con.execute('SET enable_progress_bar = false')\n"
         "t = time.perf_counter()\n"
         "con.execute(\"CREATE TABLE t AS FROM read_csv(?, delim=';', header=true)\","
         " [sys.argv[1]])\n"
         "con.execute('CHECKPOINT')\n"
         "s = time.perf_counter() - t\n"
         "print(json.dumps({'seconds': s, 'rows': con.execute('SELECT count(*) FROM t')"
         ".fetchone()[0]}))\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-etl-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        raw = work / "raw"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "etl.sample", "--scale", "national", "--rows",
                        str(args.rows), "--out", str(raw)], check=True, cwd=ROOT, env=env,
                       capture_output=True)
        generated = time.perf_counter() - started
        raw_mib = sum(p.stat().st_size for p in raw.iterdir()) / 2**20
        runs = []
        for _ in range(args.repeat):
            done = subprocess.run([sys.executable, "-c", BUILD, str(raw), str(work / "w.duckdb")],
                                  check=True, cwd=ROOT, env=env, capture_output=True, text=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        [deployments] = raw.glob("werkcentrum_instrumenten*.csv")
        floor = json.loads(subprocess.run(
            [sys.executable, "-c", FLOOR, str(deployments), str(work / "floor.duckdb")],
            check=True, cwd=ROOT, env=env, capture_output=True, text=True).stdout)
        KEPT.mkdir(parents=True, exist_ok=True)
        shutil.move(work / "w.duckdb", KEPT / f"national_{args.rows}.duckdb")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seconds = statistics.median(r["seconds"] for r in runs)
    phases = {k: statistics.median(r["phases"][k] for r in runs) for k in runs[0]["phases"]}
    rows = runs[0]["rows"]
    result = {"benchmark": "etl", "deployments": args.rows, "memory_limit": MEMORY_LIMIT,
              "rows_read": rows,
              "raw_mib": raw_mib, "generate_s": generated, "build_s_median": seconds,
              "rows_per_s": rows / seconds, "phases_s_median": phases,
              "load_rows_per_s": rows / phases["load"],
              "duckdb_load_rows_per_s": floor["rows"] / floor["seconds"],
              "peak_rss_mib": max(r["peak_mib"] for r in runs),
              "cores": os.cpu_count(), "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    write_json(f"etl_{args.rows}_{MEMORY_LIMIT}", result)
    heading = f"## ETL ({args.rows:,} deployments, ETL_MEMORY_LIMIT {MEMORY_LIMIT},"
    lines = [f"{heading} national sample, {os.cpu_count()} cores, median of {args.repeat}, "
             f"{result['at']})", "",
             "`python benchmarks/etl.py --rows N`: generate with `python -m etl.sample --scale "
             "national`, then a full `etl build` (landing, validation, marts, data tests) in a "
             "fresh process. Beside it the floor: DuckDB alone loading the deployments file "
             "into a table on disk (types detected, nothing checked, no marts). The build's "
             "phases: loading (landing and validation of every file), models, data tests.", "",
             "| rows read | raw MiB | generate s | build s | rows/s | load s | load rows/s | "
             "models s | tests s | DuckDB load rows/s | peak RSS MiB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
             f"| {rows:,} | {raw_mib:.0f} | {generated:.1f} | {seconds:.1f} | "
             f"{result['rows_per_s']:,.0f} | {phases['load']:.1f} | "
             f"{result['load_rows_per_s']:,.0f} | {phases['models']:.1f} | "
             f"{phases['tests']:.1f} | {result['duckdb_load_rows_per_s']:,.0f} | "
             f"{result['peak_rss_mib']:.0f} |"]
    print(write_section(heading, lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
