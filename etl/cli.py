"""Command line (also the `etl` script):

    python -m etl build [--raw DIR] [--warehouse FILE] [--compiled DIR]
    python -m etl models              the models in build order, with what each reads
    python -m etl show-sql MODEL      the SQL of a model, also a generated one (dim_indicator,
                                      measures) or a staging view (stg_<source>)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from etl import models
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


def show_sql(name: str, raw: Path) -> int:
    """Print a model's SQL; a staging view's as a build from `raw` generates it."""
    if name in models.models():
        print(models.models()[name].sql, end="")
        return 0
    if not name.startswith("stg_"):
        print(f"ERROR: no model {name}; models: {', '.join(sorted(models.models()))}",
              file=sys.stderr)
        return 1
    # staging SQL is generated while loading (it names the files found), so build to see it
    with tempfile.TemporaryDirectory(prefix="etl-sql-") as tmp:
        try:
            build(raw, Path(tmp) / "warehouse.duckdb", compiled=Path(tmp) / "compiled")
        except BuildError as exc:
            print(f"ERROR: {exc}", file=sys.stderr)
            return 1
        folder = Path(tmp) / "compiled"
        if not (folder / f"{name}.sql").exists():
            print(f"ERROR: no staging view {name}", file=sys.stderr)
            return 1
        # the view and the checked rows it reads
        for view in (name, "rows_" + name.removeprefix("stg_")):
            print((folder / f"{view}.sql").read_text(encoding="utf-8"), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; exit 0 on success (also with quarantined rows), 1 when the build failed."""
    parser = argparse.ArgumentParser(prog="etl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="rebuild the warehouse from the raw files")
    b.add_argument("--raw", type=Path, default=None, help="raw folder (default data/raw)")
    b.add_argument("--warehouse", type=Path, default=None,
                   help="warehouse file (default data/warehouse.duckdb)")
    b.add_argument("--quiet", action="store_true", help="only the summary")
    b.add_argument("--compiled", type=Path, default=None,
                   help="write the SQL of every staging view and model into this folder")
    sub.add_parser("models", help="the models in build order and what each reads")
    s = sub.add_parser("show-sql", help="print the SQL of a model or a staging view")
    s.add_argument("model")
    s.add_argument("--raw", type=Path, default=None,
                   help="raw folder a staging view is generated for (default data/raw)")
    args = parser.parse_args(argv)
    if args.command == "models":
        print(models.lineage())
        return 0
    if args.command == "show-sql":
        return show_sql(args.model, args.raw or default_raw())

    raw = args.raw or default_raw()
    warehouse = args.warehouse or default_warehouse()

    def say(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    say(f"Building {warehouse} from {raw}")
    try:
        result = build(raw, warehouse, say=say, compiled=args.compiled)
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
    load, modelled, tested = (result.phases[k] for k in ("load", "models", "tests"))
    print(f"Warehouse {result.warehouse} built in {result.seconds:.1f} s (loading {load:.1f} s, "
          f"models {modelled:.1f} s, data tests {tested:.1f} s).")
    return 0
