"""Datasets for researchers: one slice description, the same rows on screen, in the API
and in exports (the catalogue itself is dashboard/datasets.py)."""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path

import pandas as pd

from dashboard import auth
from dashboard.data.core import any_of, cursor, memoised, query
from dashboard.data.protected import perturbed_sql, ptable, scaled_sql
from dashboard.datasets import CODED, DATASETS, FORMULA_CHARS, Dataset, DatasetQuery

FORMULA_START = ", ".join(f"chr({ord(c)})" for c in FORMULA_CHARS)


# A person count's record key sum sits beside it as `<count>_sleutel`; with the ptable it
# would give the exact count back, so no such column ever leaves the warehouse.
KEY_SUFFIX = "_sleutel"


def _is_dataset(name: object) -> bool:
    return isinstance(name, str) and name in DATASETS


# indicators of `gaps` counted from person records, perturbed by the build (gaps.sql)
PERTURBED_INDICATORS = ("instrument_plaatsingen", "wsw_bezetting")


def protection_note(ds: Dataset) -> dict:
    """What every export says about its counts of persons: the method, its parameters, the
    columns it applies to, and that totals may differ slightly from the sum of their parts."""
    p = ptable()
    if ds.name == "gaps":
        columns = {"nl": f"realisatie (en wat eruit volgt) van {', '.join(PERTURBED_INDICATORS)}",
                   "en": f"realisatie (and what follows from it) of "
                         f"{', '.join(PERTURBED_INDICATORS)}"}
    elif ds.person_counts:
        columns = {lang: ", ".join(ds.person_counts) for lang in ("nl", "en")}
    else:
        return {**p.parameters(), "kolommen": [],
                "nl": "Geen aantallen personen in deze dataset.",
                "en": "No counts of persons in this dataset."}
    scaled = {"nl": "", "en": ""}
    if ds.linked:
        linked, count = ", ".join(ds.linked), ds.person_counts[0]
        scaled = {"nl": f" {linked} is meegeschaald met {count}: getoond = waarde × getoond "
                        f"aantal / echt aantal (0 bij een getoond aantal 0), afgerond op hele "
                        f"eenheden (hele fte, hele euro's).",
                  "en": f" {linked} is scaled with {count}: shown = value × shown count / "
                        f"true count (0 where the count shows 0), rounded to whole units "
                        f"(whole FTE, whole euros)."}
    return {
        **p.parameters(), "kolommen": list(ds.person_counts),
        "nl": f"Aantallen personen ({columns['nl']}) zijn verstoord met de cell key-methode: "
              f"hooguit {p.max_deviation} eraf of erbij, variantie {p.variance}, nooit 1 tot en "
              f"met {p.threshold - 1}; dezelfde cel heeft overal dezelfde waarde. Totalen "
              f"kunnen iets afwijken van de som van de delen." + scaled["nl"]
              + (f" Rijen waarin {ds.person_counts[0]} 0 is, zijn weggelaten (ook die waarin "
                 f"elk aantal 0 is): zonder minstens één is er geen rij."
                 if ds.person_counts else ""),
        "en": f"Counts of persons ({columns['en']}) are perturbed by the cell key method: at "
              f"most {p.max_deviation} up or down, variance {p.variance}, never 1 to "
              f"{p.threshold - 1}; the same cell has the same value everywhere. Totals may "
              f"differ slightly from the sum of their parts." + scaled["en"]
              + (f" Rows in which {ds.person_counts[0]} shows 0 are left out (so every row "
                 f"whose counts all show 0): without at least one there is no row."
                 if ds.person_counts else ""),
    }


@memoised(known=_is_dataset)
def dataset_columns(name: str) -> list[tuple[str, str]]:
    """(column, DuckDB type) of a dataset, in table order (key sums left out)."""
    table = DATASETS[name].table
    # a measures model's key sum is its column `sleutel`
    df = query("SELECT column_name, data_type FROM information_schema.columns "
               "WHERE table_name = ? AND NOT suffix(column_name, ?) AND column_name <> 'sleutel' "
               "ORDER BY ordinal_position", [table, KEY_SUFFIX])
    return list(df.itertuples(index=False, name=None))


@memoised(known=_is_dataset)
def dataset_periods(name: str) -> list[str]:
    """The period labels a dataset holds, in time order (empty without a period column)."""
    ds = DATASETS[name]
    if ds.period is None:
        return []
    return list(query(f'SELECT DISTINCT p.periode, p.begindatum, p.einddatum FROM "{ds.table}" '
                      f'JOIN dim_periode p ON p.periode = "{ds.table}"."{ds.period}" '
                      "ORDER BY p.begindatum, p.einddatum DESC")["periode"])


def dataset_query(name: str, args: dict[str, list[str]]) -> DatasetQuery:
    """A checked slice description from request arguments (raises QueryError, and
    auth.Refused when this request may not read the dataset: every slice is built here, so
    this is the datasets' one door)."""
    if name not in DATASETS:
        return DatasetQuery.build(name, args, [], [])
    auth.require("dataset", name)
    return DatasetQuery.build(name, args, [c for c, _ in dataset_columns(name)],
                              dataset_periods(name))


FLOAT_DECIMALS = 1  # an FTE as the companies deliver it, fixed before it is scaled
SHOWN = "__getoond"  # suffix of a person count's perturbed value inside a slice's query


def _slice_sql(q: DatasetQuery, csv_dialect: str | None = None) -> tuple[str, list]:
    """SELECT of a slice as it may leave: person counts perturbed (the same noise as every
    page gives the same cell: each row's counts carry their key sums), the magnitudes summed
    over a row's persons (`linked`) scaled by the same factor as its first count, and rows
    whose first count shows 0 left out; for CSV also text cells neutralised against formula
    injection and, in the Dutch dialect, decimal commas. A row exists only where its first
    count (deployments, employees) is at least 1, so a row showing 0 there would tell that
    the count is 1 to 4; a true zero has no row either, and a row whose every count shows 0
    is one of these."""
    ds = q.dataset
    cols = dataset_columns(ds.name)
    shown = {c: f'"{c}{SHOWN}"' for c in ds.person_counts}
    select = []
    for col, kind in cols:
        expr = f'"{col}"'
        if col in ds.person_counts:
            expr = shown[col]
        elif col in ds.linked:
            first = ds.person_counts[0]
            count = f'"{first}"'
            if kind.startswith("DECIMAL"):
                expr = scaled_sql(expr, count, shown[first], kind)
            else:
                # fixed to its source's precision, then scaled exactly and shown to whole
                # FTE: at 0.1 an attacker who knows how a cell's FTE is rounded (Wsw: 0.78
                # per person, to 0.1) told the count apart
                fixed = f"DECIMAL(38,{FLOAT_DECIMALS})"
                scaled = scaled_sql(f"CAST({expr} AS {fixed})", count, shown[first], fixed)
                expr = f"CAST({scaled} AS {kind})"
        if csv_dialect and kind == "VARCHAR" and col not in CODED:
            # a first-character test: a regular expression per text cell made the CSV
            # export of 10M rows half again slower than DuckDB's own COPY
            expr = f"CASE WHEN left({expr}, 1) IN ({FORMULA_START}) THEN '''' || {expr} " \
                   f"ELSE {expr} END"
        elif csv_dialect == "nl" and (kind in ("DOUBLE", "FLOAT") or kind.startswith("DECIMAL")):
            expr = f"replace(CAST({expr} AS VARCHAR), '.', ',')"
        select.append(f'{expr} AS "{col}"')
    where, params = any_of((f'CAST("{col}" AS VARCHAR)', values) for col, values in q.filters)
    if ds.period and (q.periode_van or q.periode_tot):
        where.append(f'"{ds.period}" IN (SELECT periode FROM dim_periode WHERE '
                     "begindatum >= coalesce((SELECT begindatum FROM dim_periode "
                     "WHERE periode = ?), DATE '0001-01-01') AND einddatum <= coalesce(("
                     "SELECT einddatum FROM dim_periode WHERE periode = ?), DATE '9999-12-31'))")
        params += [q.periode_van, q.periode_tot]
    counts = "".join(f', {perturbed_sql(count, key)} AS {s}' for count, key, s in (
        (f'"{c}"', f'"{c}{KEY_SUFFIX}"', s) for c, s in shown.items()))
    rows = f'SELECT *{counts} FROM "{ds.table}"' + (" WHERE " + " AND ".join(where)
                                                    if where else "")
    sql = f'SELECT {", ".join(select)} FROM ({rows})'
    if shown:
        sql += f" WHERE {shown[ds.person_counts[0]]} <> 0"
    return sql, params


def dataset_count(q: DatasetQuery) -> int:
    """Rows in a slice."""
    sql, params = _slice_sql(q)
    return int(query(f"SELECT count(*) AS n FROM ({sql})", params)["n"].iloc[0])


def dataset_rows(q: DatasetQuery, offset: int = 0, limit: int = 100,
                 sort: list[tuple[str, bool]] | None = None) -> pd.DataFrame:
    """One page of a slice, sorted by whitelisted columns (table order otherwise). The sort
    reads the values shown, protected ones included; rows that tie come in the order of their
    unprotected columns, so nothing hidden decides where a row lands."""
    sql, params = _slice_sql(q)
    columns = [c for c, _ in dataset_columns(q.dataset.name)]
    chosen = [(c, asc) for c, asc in (sort or []) if c in columns]
    order = [f'"{c}" {"ASC" if asc else "DESC"}' for c, asc in chosen]
    if order:
        order += [f'"{c}"' for c in columns
                  if c not in q.dataset.protected and c not in dict(chosen)]
    order_sql = f" ORDER BY {', '.join(order)}" if order else ""
    return query(f"SELECT * FROM ({sql}){order_sql} LIMIT ? OFFSET ?",
                 params + [int(limit), int(offset)])


def dataset_export(q: DatasetQuery, fmt: str, path: Path, dialect: str = "standaard") -> None:
    """Write a whole slice to `path` with DuckDB's COPY (streamed, bounded memory)."""
    if fmt == "parquet":
        sql, params = _slice_sql(q)
        options = "FORMAT parquet, COMPRESSION zstd"
    else:
        sql, params = _slice_sql(q, csv_dialect="nl" if dialect == "nl" else "standaard")
        options = "FORMAT csv, HEADER, DELIMITER " + ("';'" if dialect == "nl" else "','")
    cur = cursor()
    try:
        # The target path is ours (a temporary file), never a request value.
        cur.execute(f"COPY ({sql}) TO '{path}' ({options})", params)
    finally:
        cur.close()


class RowBudget:
    """Rows each client may take per minute, by export, JSON page or grid block alike: a
    sliding window kept in a small file under an exclusive lock, so every worker process of
    a server (and every server given the same file) counts against one budget."""

    def __init__(self, path: Path, per_minute: int):
        self.path = Path(path)
        self.per_minute = per_minute

    def take(self, client: str, rows: int, now: float | None = None) -> bool:
        """Spend `rows` for `client` if the last minute leaves room; False otherwise."""
        now = time.time() if now is None else now
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        with os.fdopen(fd, "r+", encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # released when the file closes
            try:
                spent = json.loads(fh.read() or "{}")
            except ValueError:  # a torn or foreign file: start afresh rather than fail
                spent = {}
            # per client: [[second, rows], ...] of the last minute (a second's rows summed)
            recent = {c: [[t, n] for t, n in v if now - t < 60]
                      for c, v in spent.items() if isinstance(v, list)}
            mine = recent.pop(client, [])
            ok = sum(n for _, n in mine) + rows <= self.per_minute
            if ok and rows:
                if mine and mine[-1][0] == int(now):
                    mine[-1][1] += rows
                else:
                    mine.append([int(now), rows])
            recent = {c: v for c, v in recent.items() if v}
            if mine:
                recent[client] = mine
            fh.seek(0)
            fh.truncate()
            fh.write(json.dumps(recent))
        return ok


@memoised(known=_is_dataset)
def dataset_summary(name: str) -> dict:
    """Rows, period covered, provenance mix and last load of a dataset (for its card)."""
    ds = DATASETS[name]
    cols = {c for c, _ in dataset_columns(name)}
    prov = (query(f'SELECT provenance, count(*) AS n FROM "{ds.table}" GROUP BY ALL')
            .set_index("provenance")["n"].to_dict() if "provenance" in cols else {})
    periods = dataset_periods(name)
    loaded = query("SELECT max(loaded_at) AS t FROM load_log")["t"].iloc[0]
    return {"rows": int(query(f'SELECT count(*) AS n FROM "{ds.table}"')["n"].iloc[0]),
            "periode_van": periods[0] if periods else None,
            "periode_tot": periods[-1] if periods else None,
            "provenance": {k: int(v) for k, v in prov.items()},
            "last_load": None if pd.isna(loaded) else pd.Timestamp(loaded).isoformat()}
