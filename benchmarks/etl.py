"""ETL benchmark: national sample data with N person-level deployments, generated and then
loaded by the normal build, in a fresh process each (peak RSS is the build's own).

    [ETL_MEMORY_LIMIT=2GB] python benchmarks/etl.py [--rows 1000000] [--repeat 1]
        [--raw FOLDER] [--against CHECKOUT ...]

`--raw` builds an existing raw folder (read only, e.g. one generated earlier at 50M) instead of
generating one. `--against` builds the same folder with other checkouts too (git worktrees of
earlier commits), alternating with this one and the floor, so a before and an after come
from one run on one machine load; CPU seconds (user + sys of the build process) are reported
beside wall seconds, because on a shared machine they vary far less.

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

# self-contained, so that it runs with an older checkout's etl package as well
BUILD = ("import json, re, resource, sys, time\n"
         "from pathlib import Path\n"
         "from etl.build import build\n"
         "t = time.perf_counter()\n"
         "r = build(Path(sys.argv[1]), Path(sys.argv[2]))\n"
         "s = time.perf_counter() - t\n"
         "u = resource.getrusage(resource.RUSAGE_SELF)\n"
         "hwm = re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text())\n"
         "print(json.dumps({'seconds': s, 'phases': r.phases,"
         " 'steps': getattr(r, 'steps', {}), 'cpu_s': u.ru_utime + u.ru_stime,"
         " 'rows': sum(s.rows_read for s in r.summaries),"
         " 'peak_mib': int(hwm.group(1)) / 1024}))\n")
# The floor: DuckDB alone loading the deployments file into a table on disk, types detected,
# nothing checked, no marts.
FLOOR = ("import duckdb, json, sys, time\n"
         "con = duckdb.connect(sys.argv[2])\n"
         "con.execute('SET enable_progress_bar = false')\n"
         "import resource\n"
         "t = time.perf_counter()\n"
         "con.execute(\"CREATE TABLE t AS FROM read_csv(?, delim=';', header=true)\","
         " [sys.argv[1]])\n"
         "con.execute('CHECKPOINT')\n"
         "s = time.perf_counter() - t\n"
         "u = resource.getrusage(resource.RUSAGE_SELF)\n"
         "print(json.dumps({'seconds': s, 'cpu_s': u.ru_utime + u.ru_stime,"
         " 'rows': con.execute('SELECT count(*) FROM t').fetchone()[0]}))\n")


def checkout_label(checkout: Path) -> str:
    """'65fff04' for a checkout, from git (the directory's name when git cannot tell)."""
    done = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True)
    return done.stdout.strip() or checkout.name


def run_build(checkout: Path, raw: Path, warehouse: Path) -> dict:
    """One full build of `raw` with the etl package of `checkout`, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", BUILD, str(raw), str(warehouse)], check=True,
                          cwd=checkout, env=env, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def floor_rows_of(floors: list[dict]) -> int:
    """The number of deployments the floor loaded (the raw folder's size)."""
    return floors[0]["rows"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--raw", type=Path, help="an existing raw folder (not generated)")
    parser.add_argument("--against", type=Path, nargs="*", default=[],
                        help="other checkouts to build the same folder with, alternately")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-etl-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    checkouts = [c.resolve() for c in args.against] + [ROOT]
    runs: dict[Path, list[dict]] = {c: [] for c in checkouts}
    floors = []
    try:
        raw, generated = args.raw, None
        if raw is None:
            raw = work / "raw"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "etl.sample", "--scale", "national",
                            "--rows", str(args.rows), "--out", str(raw)], check=True, cwd=ROOT,
                           env=env, capture_output=True)
            generated = time.perf_counter() - started
        raw_mib = sum(p.stat().st_size for p in raw.iterdir() if p.is_file()) / 2**20
        [deployments] = raw.glob("werkcentrum_instrumenten*.csv")
        for _ in range(args.repeat):
            for checkout in checkouts:
                runs[checkout].append(run_build(checkout, raw, work / "w.duckdb"))
            (work / "floor.duckdb").unlink(missing_ok=True)
            floors.append(json.loads(subprocess.run(
                [sys.executable, "-c", FLOOR, str(deployments), str(work / "floor.duckdb")],
                check=True, cwd=ROOT, env=env, capture_output=True, text=True).stdout))
        KEPT.mkdir(parents=True, exist_ok=True)
        kept = args.rows if args.raw is None else floor_rows_of(floors)
        shutil.move(work / "w.duckdb", KEPT / f"national_{kept}.duckdb")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    floor_s = statistics.median(f["seconds"] for f in floors)
    floor_cpu = statistics.median(f["cpu_s"] for f in floors)
    floor_rows = floors[0]["rows"]
    at = time.strftime("%Y-%m-%dT%H:%M:%S")
    rows_label = args.rows if args.raw is None else floor_rows
    table = ["| code | build s | CPU s | load s | models s | tests s | × floor (wall) | "
             "× floor (CPU) | peak RSS MiB |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    result = {"benchmark": "etl", "deployments": floor_rows, "memory_limit": MEMORY_LIMIT,
              "raw": str(args.raw) if args.raw else None, "raw_mib": raw_mib,
              "generate_s": generated, "floor_s_median": floor_s, "floor_cpu_s": floor_cpu,
              "duckdb_load_rows_per_s": floor_rows / floor_s, "load_average": os.getloadavg(),
              "cores": os.cpu_count(), "at": at, "builds": {}}
    for checkout in checkouts:
        got = runs[checkout]
        seconds = statistics.median(r["seconds"] for r in got)
        cpu = statistics.median(r["cpu_s"] for r in got)
        phases = {k: statistics.median(r["phases"][k] for r in got) for k in got[0]["phases"]}
        label = checkout_label(checkout) + (" (this)" if checkout == ROOT else "")
        result["builds"][label] = {
            "build_s_median": seconds, "cpu_s_median": cpu, "phases_s_median": phases,
            "steps_s": got[0]["steps"], "rows_read": got[0]["rows"],
            "rows_per_s": got[0]["rows"] / seconds,
            "peak_rss_mib": max(r["peak_mib"] for r in got)}
        table.append(f"| {label} | {seconds:.1f} | {cpu:.0f} | {phases['load']:.1f} | "
                     f"{phases['models']:.1f} | {phases['tests']:.1f} | "
                     f"{seconds / floor_s:.2f} | {cpu / floor_cpu:.2f} | "
                     f"{max(r['peak_mib'] for r in got):.0f} |")
    table.append(f"| DuckDB bare load | {floor_s:.1f} | {floor_cpu:.0f} | | | | 1.00 | 1.00 | |")
    write_json(f"etl_{rows_label}_{MEMORY_LIMIT}", result)
    heading = f"## ETL ({rows_label:,} deployments, ETL_MEMORY_LIMIT {MEMORY_LIMIT},"
    source = (f"the raw folder {args.raw}" if args.raw else
              f"generated in {generated:.0f} s with `python -m etl.sample --scale national`")
    lines = [f"{heading} national sample, {os.cpu_count()} cores, median of {args.repeat}, "
             f"{at})", "",
             f"`python benchmarks/etl.py {' '.join(sys.argv[1:] if argv is None else argv)}` "
             f"({raw_mib:,.0f} MiB raw, {source}): a full "
             "`etl build` (landing, validation, marts, data tests) in a fresh process per "
             "checkout, alternating with the floor: DuckDB alone loading the deployments file "
             "into a table on disk (types detected, nothing checked, no marts). Load average "
             f"at the end {os.getloadavg()[0]:.1f}.", "", *table]
    print(write_section(heading, lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
