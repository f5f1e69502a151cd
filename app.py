"""Run the dashboard: `python app.py [--port N] [--warehouse FILE]` (serves on 127.0.0.1).

Builds the warehouse from data/raw first when it is missing or older than a raw file.
In production, build with `python -m etl build` and serve with several workers:
`gunicorn -w 4 -b 127.0.0.1:8050 'app:create_server()'` (settings from the environment).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard import create_app
from dashboard.settings import Settings


def warehouse_is_stale(warehouse: Path, raw_dir: Path) -> bool:
    """True when the warehouse is missing, a raw file is newer than it, or it lacks a table
    this version of the ETL makes (built by an older version)."""
    if not warehouse.exists():
        return True
    built = warehouse.stat().st_mtime
    if any(p.stat().st_mtime > built for p in raw_dir.iterdir() if p.is_file()):
        return True
    import duckdb

    from etl.build import TABLES

    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return not set(TABLES) <= tables


def create_server():
    """The WSGI application for a production server (settings from the environment)."""
    return create_app(Settings.from_env()).server


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build the warehouse when needed, and serve."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--warehouse", type=Path, default=None)
    args = parser.parse_args(argv)
    settings = Settings.from_env(port=args.port, warehouse=args.warehouse)
    if warehouse_is_stale(settings.warehouse, settings.raw_dir):
        from etl.build import BuildError, build
        from etl.cli import summary_table

        print(f"Building {settings.warehouse} from {settings.raw_dir} ...", file=sys.stderr)
        try:
            print(summary_table(build(settings.raw_dir, settings.warehouse)), file=sys.stderr)
        except BuildError as exc:
            print(f"ERROR: {exc}", file=sys.stderr)
            if not settings.warehouse.exists():
                return 1
            print("Serving the previous warehouse.", file=sys.stderr)
    app = create_app(settings)
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
