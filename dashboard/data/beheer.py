"""Data stewards (the Beheer page, /healthz): what was built and loaded, what was rejected."""

from __future__ import annotations

import pandas as pd

from dashboard.data.core import any_of, query, records
from dashboard.data.datasets import FORMULA_START
from dashboard.data.gaps import data_date


def health() -> dict:
    """What /healthz reports: data date, when the warehouse was built, rows in gaps."""
    row = query("SELECT (SELECT max(loaded_at) FROM load_log) AS built, "
                "(SELECT count(*) FROM gaps) AS gaps").iloc[0]
    return {"data_date": data_date(), "built_at": pd.Timestamp(row["built"]).isoformat(),
            "gaps_rows": int(row["gaps"])}


def load_history() -> pd.DataFrame:
    """Every file of the current warehouse's build, per source, with its hash and counts."""
    return query("SELECT source, file, sha256, bytes, correctie, rows_read, rows_loaded, "
                 "rows_rejected, loaded_at FROM load_log ORDER BY source, file")


def quarantine_choices() -> dict[str, list[str]]:
    """The files, columns and reasons in the quarantine (the page's filter choices)."""
    return {col: [v for (v,) in records(f'SELECT DISTINCT "{col}" FROM quarantine '
                                        f'WHERE "{col}" IS NOT NULL ORDER BY 1')]
            for col in ("file", "column", "reason")}


def _quarantine_where(file: str | None, column: str | None, reason: str | None
                      ) -> tuple[str, list]:
    where, params = any_of(
        (f'"{col}"', [v]) for col, v in (("file", file), ("column", column), ("reason", reason))
        if v)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def quarantine(file: str | None = None, column: str | None = None, reason: str | None = None,
               limit: int | None = None, for_csv: bool = False) -> pd.DataFrame:
    """Rejected cells, filtered; for a CSV, cells a spreadsheet would run as a formula get a
    leading ' (a quarantined value is whatever the file held)."""
    value = ("CASE WHEN left(value, 1) IN (" + FORMULA_START + ") THEN '''' || value "
             "ELSE value END" if for_csv else "value")
    where, params = _quarantine_where(file, column, reason)
    sql = (f'SELECT source, file, "row", "column", {value} AS value, reason FROM quarantine'
           f'{where} ORDER BY file, "row", "column"' + (" LIMIT ?" if limit else ""))
    return query(sql, params + ([int(limit)] if limit else []))


def quarantine_count(file: str | None = None, column: str | None = None,
                     reason: str | None = None) -> int:
    """Rejected cells matching the filters."""
    where, params = _quarantine_where(file, column, reason)
    return int(records(f"SELECT count(*) FROM quarantine{where}", params)[0][0])
