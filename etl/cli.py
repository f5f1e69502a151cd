"""Command line: `python -m etl build [--raw DIR] [--warehouse FILE]` (also the `etl` script)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from etl.build import BuildError, BuildResult, build

ROOT = Path(__file__).resolve().parent.parent


def default_raw() -> Path:
    """data/raw of the project, or $RAW_DIR."""
    return Path(os.environ.get("RAW_DIR", ROOT / "data" / "raw"))


def default_warehouse() -> Path:
    """data/warehouse.duckdb of the project, or $WAREHOUSE."""
    return Path(os.environ.get("WAREHOUSE", ROOT / "data" / "warehouse.duckdb"))


def summary_table(result: BuildResult) -> str:
    """The closing table: per source, files and rows read, loaded and quarantined."""
    head = ("source", "files", "read", "loaded", "quarantined")
    rows = [(s.source, s.files, s.rows_read, s.rows_loaded, s.rows_quarantined)
            for s in result.summaries]
    total = ("total", *(sum(r[i] for r in rows) for i in range(1, 5)))

    def fmt(row: tuple) -> str:
        cells = [f"{row[0]:<15}"] + [f"{v:>12,}".replace(",", ".") if isinstance(v, int)
                                     else f"{v:>12}" for v in row[1:]]
        return "  ".join(cells)

    line = "-" * len(fmt(head))
    return "\n".join([fmt(head), line, *map(fmt, rows), line, fmt(total)])


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; exit 0 on success (also with quarantined rows), 1 when the build failed."""
    parser = argparse.ArgumentParser(prog="etl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="rebuild the warehouse from the raw files")
    b.add_argument("--raw", type=Path, default=None, help="raw folder (default data/raw)")
    b.add_argument("--warehouse", type=Path, default=None,
                   help="warehouse file (default data/warehouse.duckdb)")
    b.add_argument("--quiet", action="store_true", help="only the summary")
    args = parser.parse_args(argv)

    raw = args.raw or default_raw()
    warehouse = args.warehouse or default_warehouse()

    def say(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    say(f"Building {warehouse} from {raw}")
    try:
        result = build(raw, warehouse, say=say)
    except BuildError as exc:
        print(f"ERROR: {exc}\nThe previous warehouse (if any) was left unchanged.",
              file=sys.stderr)
        return 1
    print(summary_table(result))
    for w in result.warnings:
        print(f"WARNING: {w}")
    quarantined = sum(s.rows_quarantined for s in result.summaries)
    if quarantined:
        print(f"{quarantined} row(s) quarantined: see table `quarantine` in the warehouse.")
    load, models, tests = (result.phases[k] for k in ("load", "models", "tests"))
    print(f"Warehouse {result.warehouse} built in {result.seconds:.1f} s (loading {load:.1f} s, "
          f"models {models:.1f} s, data tests {tests:.1f} s).")
    return 0
