"""Every benchmark in one command; each writes its JSON and its section of RESULTS.md.

    python -m benchmarks [--rows 10000000 50000000] [--export-rows 10000000] [--calls 200]

Order: the ETL at each national size (keeping the warehouses in benchmarks/out/), export,
then callbacks and page load on the largest national warehouse and on the regional sample,
then Lighthouse on every page and the load test. Takes about half an hour at the default
sizes on 2 cores.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import callbacks, etl, export, lighthouse, load, pageload  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000_000, 50_000_000])
    parser.add_argument("--export-rows", type=int, default=10_000_000)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args(argv)
    for rows in args.rows:
        etl.main(["--rows", str(rows)])
    export.main(["--rows", str(args.export_rows), "--repeat", "1"])
    national = etl.KEPT / f"national_{max(args.rows)}.duckdb"
    for warehouse in (["--warehouse", str(national)], []):
        callbacks.main(["--calls", str(args.calls), *warehouse])
        pageload.main(warehouse)
    lighthouse.main([])
    load.main([])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
