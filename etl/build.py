"""Build the warehouse from a raw folder: land, validate, model, test, then swap atomically.

The build writes a new DuckDB file next to the target and replaces the target with one
`os.replace` only when everything succeeded, so a reader sees the old or the new warehouse,
never half of one, and a failed build leaves the old warehouse untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl import ckm, contracts, models, vocabulary
from etl.extract import InputError, create_landing, discover, first_line, is_correction, land
from etl.models import sql_file
from etl.sources import SOURCES, Source, extended
from etl.validate import fast_select, quarantine_structural, validate

# every table the app reads: the models, the perturbation table (etl/ckm.py) and the value
# lists (etl/vocabulary.py)
TABLES = (*models.models(), "ckm", "dim_waarde")


class BuildError(Exception):
    """The build failed; the previous warehouse was left as it was."""


@dataclass
class SourceSummary:
    """Counts for the closing summary of one source."""

    source: str
    files: int = 0
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0


@dataclass
class BuildResult:
    """What a successful build did."""

    warehouse: Path
    summaries: list[SourceSummary]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # seconds spent loading (landing and validation), modelling, and in the data tests
    phases: dict[str, float] = field(default_factory=dict)
    # seconds per source loaded and per model run, in build order
    steps: dict[str, float] = field(default_factory=dict)


def create_bookkeeping(con: duckdb.DuckDBPyConnection) -> None:
    """The quarantine and load_log tables every build fills."""
    con.execute("""CREATE TABLE quarantine (source VARCHAR, file VARCHAR, "row" BIGINT,
                   "column" VARCHAR, value VARCHAR, reason VARCHAR)""")
    con.execute("""CREATE TABLE load_log (source VARCHAR, file VARCHAR, sha256 VARCHAR,
                   bytes BIGINT, correctie BOOLEAN, rows_read BIGINT, rows_loaded BIGINT,
                   rows_rejected BIGINT, extra_columns VARCHAR, loaded_at TIMESTAMP,
                   seconds DOUBLE)""")


def load_source(con: duckdb.DuckDBPyConnection, source: Source, raw_dir: Path, workdir: Path,
                today: dt.date, say: Callable[[str], None]) -> SourceSummary:
    """Land every file of `source`, validate them together, and log each file."""
    files = discover(raw_dir, source)
    if source.required and not files:
        raise InputError(raw_dir / source.patterns[0],
                         f"no file matching {' or '.join(source.patterns)} in {raw_dir}")
    table = create_landing(con, source)
    summary = SourceSummary(source.name, files=len(files))
    fast_sql = fast_select(con, source, today)
    logged = []
    for index, path in enumerate(files):
        started = time.perf_counter()
        landed = land(con, source, path, table, workdir, fast_sql, index)
        quarantine_structural(con, source, path.name, landed.structural_rejects)
        summary.rows_read += landed.rows_read
        logged.append((path, landed, time.perf_counter() - started))
        extra = f" (ignored extra columns: {', '.join(landed.extra_columns)})" \
            if landed.extra_columns else ""
        say(f"  {source.name:<15} {path.name}: {landed.rows_read:,} rows read{extra}"
            .replace(",", "."))
    validate(con, source, today, [landed.fast for _p, landed, _s in logged if landed.fast])
    loaded = dict(con.execute(f"SELECT split_part(bron_bestand, '#', 1), count(*) "
                              f"FROM staged_{source.name} GROUP BY 1").fetchall())
    for path, landed, seconds in logged:
        [(rejected,)] = con.execute(
            """SELECT count(DISTINCT "row") FROM quarantine
               WHERE source = ? AND split_part(file, '#', 1) = ?""",
            [source.name, path.name]).fetchall()
        con.execute(
            "INSERT INTO load_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp, ?)",
            [source.name, path.name, landed.sha256, path.stat().st_size,
             is_correction(path), landed.rows_read, loaded.get(path.name, 0), rejected,
             ", ".join(landed.extra_columns) or None, seconds],
        )
    summary.rows_loaded = sum(loaded.values())
    summary.rows_quarantined = con.execute(
        'SELECT count(*) FROM (SELECT DISTINCT file, "row" FROM quarantine WHERE source = ?)',
        [source.name]).fetchone()[0]
    return summary


MEMORY_LIMIT = os.environ.get("ETL_MEMORY_LIMIT", "2GB")


def drop_staging(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the build's temporary views and tables (landing, fast tier, staging)."""
    for kind, name, catalog in (("VIEW", "view_name", "duckdb_views()"),
                                ("TABLE", "table_name", "duckdb_tables()")):
        for (found,) in con.execute(f"SELECT {name} FROM {catalog} "
                                    "WHERE temporary AND NOT internal").fetchall():
            con.execute(f'DROP {kind} temp.main."{found}"')


def write_staging_sql(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """The SQL of the staging views as DuckDB holds them (stg_<source> reads rows_<source>,
    the checked rows of every file), and of every model, one file each:
    the staging views are generated from the contract (etl/validate.py), the models
    dim_indicator and measures from the registry, so this is where they can be read."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, sql in con.execute("SELECT view_name, sql FROM duckdb_views() "
                                 "WHERE temporary AND NOT internal").fetchall():
        (folder / f"{name}.sql").write_text(sql + "\n", encoding="utf-8")
    for name, model in models.models().items():
        (folder / f"{name}.sql").write_text(model.sql, encoding="utf-8")


def build(raw_dir: Path, warehouse: Path, *, today: dt.date | None = None,
          say: Callable[[str], None] = lambda _msg: None,
          memory_limit: str = MEMORY_LIMIT,
          protection: ckm.Parameters | None = None,
          compiled: Path | None = None) -> BuildResult:
    """Rebuild `warehouse` from the files in `raw_dir`; raise BuildError and keep the old one
    when the input cannot be loaded or a data test fails.

    DuckDB keeps at most `memory_limit` (setting ETL_MEMORY_LIMIT) in memory and spills the
    rest next to the warehouse, so a larger input takes longer, not more memory. Counts of
    persons are perturbed with `protection` (default: the CKM_* settings, see etl/ckm.py).
    With `compiled`, the SQL of every staging view and model is written into that folder."""
    started = time.perf_counter()
    raw_dir, warehouse = Path(raw_dir), Path(warehouse)
    if not raw_dir.is_dir():
        raise BuildError(f"raw data folder {raw_dir} does not exist")
    today = today or dt.date.today()
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="etl-", dir=warehouse.parent))
    tmp = workdir / warehouse.name
    summaries: list[SourceSummary] = []
    steps: dict[str, float] = {}
    try:
        try:  # settings as values, checked by DuckDB itself: never spliced into SQL
            con = duckdb.connect(str(tmp), config={"memory_limit": memory_limit,
                                                   "temp_directory": str(workdir / "spill")})
        except duckdb.ParserException as exc:
            raise BuildError(f"memory limit {memory_limit!r}: {first_line(exc)}") from exc
        try:
            # DuckDB draws a progress bar on stdout, terminal or not, into the CLI's summary
            con.execute("SET enable_progress_bar = false")
            con.execute(sql_file("staging", "macros"))
            ckm.install(con, protection or ckm.Parameters.from_env())
            con.execute(sql_file("staging", "ckm"))
            create_bookkeeping(con)
            try:
                lists = vocabulary.read(raw_dir)
            except ValueError as exc:
                raise BuildError(str(exc)) from exc
            # before the sources: their checks and the models use the roles' macros
            vocabulary.install(con, lists)
            for source in extended(SOURCES, lists):
                begun = time.perf_counter()
                summaries.append(load_source(con, source, raw_dir, workdir, today, say))
                steps[f"load {source.name}"] = time.perf_counter() - begun
                if source.name == "gemeenten":
                    con.execute(sql_file("staging", "lookups"))
            loaded = time.perf_counter()
            if compiled:
                write_staging_sql(con, compiled)
            staged, derived = models.phases()
            say("  modelling: " + ", ".join((*staged, *derived)))
            for model in (*staged, *derived):
                if model == derived[0]:
                    begun = time.perf_counter()
                    drop_staging(con)
                    con.execute("CHECKPOINT")
                    steps["(drop staging, checkpoint)"] = time.perf_counter() - begun
                begun = time.perf_counter()
                try:
                    con.execute(models.models()[model].sql)
                except duckdb.Error as exc:
                    raise BuildError(f"model {model} failed: {exc}") from exc
                steps[model] = time.perf_counter() - begun
                say(f"  {model:<26} {steps[model]:6.1f} s")
            modelled = time.perf_counter()
            results = contracts.run(con, lists)
            empty = con.execute("SELECT file FROM load_log WHERE rows_read = 0 "
                                "ORDER BY file").fetchall()
            con.execute("CHECKPOINT")
            tested = time.perf_counter()
        finally:
            con.close()
        failed = [f"{t.table}: {t.name} fails for {n} row(s), e.g. {ex[:2]}"
                  for t, n, ex in results if n and t.severity == "error"]
        if failed:
            raise BuildError("data tests failed:\n  " + "\n  ".join(failed))
        os.replace(tmp, warehouse)
    except InputError as exc:
        raise BuildError(str(exc)) from exc
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    warnings = [f"{t.table}: {t.name} fails for {n} row(s), e.g. {ex[:2]}"
                for t, n, ex in results if n and t.severity == "warn"]
    warnings += [f"{file}: a header but no data rows" for (file,) in empty]
    phases = {"load": loaded - started, "models": modelled - loaded, "tests": tested - modelled}
    return BuildResult(warehouse, summaries, warnings, time.perf_counter() - started, phases,
                       steps)
