"""Validation: parse a landing table in SQL, quarantine what breaks the contract, stage the rest.

For every contract column (etl.sources) this module writes the SQL that parses it and the
conditions under which a cell is rejected. A row with any rejected cell goes to `quarantine`
(file, row, column, value, reason); the other rows become the typed `stg_<source>` table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from etl.extract import InputError
from etl.sources import Col, Source

NOT_A_NUMBER = "not a number (Dutch format: 4.597 or 12,5)"
PERIOD_REASONS = {
    "quarter": "not a quarter (e.g. 2024 K3, 2024-K3, 2024Q3)",
    "month": "not a month (e.g. 2024-09, 09-2024, sep 2024)",
    "year": "not a year (e.g. 2024)",
    "year_or_structureel": "not a year or 'structureel'",
    "date": "not a date (dd-mm-jjjj or jjjj-mm-dd)",
}


@dataclass(frozen=True)
class Check:
    """One reason to reject a cell: a SQL condition over the checked table."""

    column: Col
    bad: str
    reason: str


def sql_text(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def parsed_expr(col: Col) -> str:
    """SQL turning the raw text of `col` into its typed value (NULL when it does not parse)."""
    raw = f"l.{col.slug}"
    kind = col.kind
    if kind in ("text", "id"):
        return raw
    if kind in ("count", "int"):
        floor_ok = f"nl_decimal({raw}) = floor(nl_decimal({raw}))"
        sign_ok = f" AND nl_decimal({raw}) >= 0" if kind == "count" else ""
        return f"CASE WHEN {floor_ok}{sign_ok} THEN CAST(nl_decimal({raw}) AS BIGINT) END"
    if kind == "number":
        return f"nl_double({raw})"
    if kind == "money":
        return f"CAST(nl_decimal({raw}) AS DECIMAL(18, 2))"
    if kind == "quarter":
        return f"parse_quarter({raw})"
    if kind == "month":
        return f"parse_month({raw})"
    if kind == "year":
        return f"parse_year({raw})"
    if kind == "year_or_structureel":
        return (f"CASE WHEN lower({raw}) = 'structureel' THEN 'structureel' "
                f"ELSE parse_year({raw}) END")
    if kind == "date":
        return f"parse_date({raw})"
    if kind == "enum":
        whens = " ".join(f"WHEN {sql_text(v.lower())} THEN {sql_text(v)}" for v in col.values)
        return f"CASE lower({raw}) {whens} END"
    if kind == "herkomst":
        return (f"CASE WHEN {raw} IS NULL OR lower({raw}) IN ('published', 'gepubliceerd') "
                f"THEN 'published' WHEN lower({raw}) = 'sample' THEN 'sample' END")
    if kind == "gemeente":
        return f"g_{col.slug}.gemeente_code"
    if kind == "regio":
        return f"r_{col.slug}.regio_code"
    if kind == "gebied":
        return (f"coalesce(g_{col.slug}.gemeente_code, r_{col.slug}.regio_code, "
                f"CASE WHEN regio_key({raw}) IN ('nederland', 'nl') THEN 'NL' END)")
    if kind == "indicator":
        return f"i_{col.slug}.indicator"
    raise ValueError(f"unknown column kind {kind!r}")


def joins(col: Col) -> list[str]:
    """Lookup joins that `parsed_expr(col)` needs."""
    raw = f"l.{col.slug}"
    if col.kind in ("gemeente", "gebied"):
        out = [f"LEFT JOIN lookup_gemeente g_{col.slug} ON g_{col.slug}.key = gemeente_key({raw})"]
        if col.kind == "gebied":
            out.append(f"LEFT JOIN lookup_regio r_{col.slug} "
                       f"ON r_{col.slug}.key = regio_key({raw})")
        return out
    if col.kind == "regio":
        return [f"LEFT JOIN lookup_regio r_{col.slug} ON r_{col.slug}.key = regio_key({raw})"]
    if col.kind == "indicator":
        return [f"LEFT JOIN dim_indicator i_{col.slug} ON i_{col.slug}.indicator = lower({raw})"]
    return []


def extra_outputs(col: Col) -> list[str]:
    """Derived columns some kinds add: a municipality's region, an area's level."""
    if col.kind == "gemeente":
        return [f"g_{col.slug}.regio_code AS p_{col.slug}_regio"]
    if col.kind == "gebied":
        return [f"CASE WHEN g_{col.slug}.gemeente_code IS NOT NULL THEN 'gemeente' "
                f"WHEN r_{col.slug}.regio_code IS NOT NULL THEN 'arbeidsmarktregio' "
                f"WHEN regio_key(l.{col.slug}) IN ('nederland', 'nl') THEN 'land' "
                f"END AS p_{col.slug}_niveau"]
    return []


def unparsed_reason(con: duckdb.DuckDBPyConnection, col: Col) -> str:
    """Why a non-empty cell of `col` did not parse."""
    if col.kind in PERIOD_REASONS:
        return PERIOD_REASONS[col.kind]
    if col.kind in ("number", "money"):
        return NOT_A_NUMBER
    if col.kind == "enum":
        return f"unknown value; allowed: {', '.join(col.values)}"
    if col.kind == "herkomst":
        return "unknown value; allowed: published, sample"
    if col.kind == "gemeente":
        return ("unknown municipality: not a code or name of the current division (CBS code "
                "such as GM0307; merged municipalities have new codes)")
    if col.kind == "regio":
        return "unknown arbeidsmarktregio (code such as AM14, or its name)"
    if col.kind == "gebied":
        return "unknown area: not a municipality, an arbeidsmarktregio or Nederland"
    if col.kind == "indicator":
        rows = con.execute("SELECT indicator FROM dim_indicator ORDER BY 1").fetchall()
        known = [r[0] for r in rows]
        return f"unknown indicator; known: {', '.join(known)}"
    raise ValueError(col.kind)


def checks(con: duckdb.DuckDBPyConnection, source: Source, today: dt.date) -> list[Check]:
    """Every reason a row of `source` can be rejected."""
    out: list[Check] = []
    for col in source.columns:
        raw, parsed = f"{col.slug}", f"p_{col.slug}"
        if not col.nullable:
            out.append(Check(col, f"{raw} IS NULL", "missing value"))
        if col.kind in ("text", "id"):
            continue
        if col.kind in ("count", "int"):
            out.append(Check(col, f"{raw} IS NOT NULL AND nl_decimal({raw}) IS NULL", NOT_A_NUMBER))
            out.append(Check(col, f"nl_decimal({raw}) <> floor(nl_decimal({raw}))",
                             "fractional count: counts are whole numbers"))
            if col.kind == "count":
                out.append(Check(col, f"nl_decimal({raw}) < 0", "negative count"))
            continue
        out.append(Check(col, f"{raw} IS NOT NULL AND {parsed} IS NULL", unparsed_reason(con, col)))
        if source.observed and col.kind in ("quarter", "month"):
            out.append(Check(col, f"period_start({parsed}) > DATE '{today}'",
                             "period lies in the future"))
        if source.observed and col.kind == "date":
            out.append(Check(col, f"{parsed} > DATE '{today}'", "date lies in the future"))
    for rule in source.rules:
        out.append(Check(source.col(rule.column), rule.bad, rule.reason))
    return out


def key_exprs(source: Source) -> list[str]:
    """The parsed key columns of `source`."""
    return [f"p_{source.col(k).slug}" for k in source.key]


def validate(con: duckdb.DuckDBPyConnection, source: Source, today: dt.date) -> None:
    """Quarantine the bad rows of land_<source> and stage the good ones as stg_<source>."""
    land = f"land_{source.name}"
    parsed = [f"{parsed_expr(c)} AS p_{c.slug}" for c in source.columns]
    parsed += [e for c in source.columns for e in extra_outputs(c)]
    join_sql = " ".join(j for c in source.columns for j in joins(c))
    con.execute(f"CREATE OR REPLACE TEMP TABLE chk AS SELECT l.*, {', '.join(parsed)} "
                f"FROM {land} l {join_sql}")
    all_checks = checks(con, source, today)
    for check in all_checks:
        con.execute(
            f"""INSERT INTO quarantine SELECT ?, _file, _row, ?, {check.column.slug}, ?
                FROM chk WHERE coalesce({check.bad}, false)""",
            [source.name, check.column.name, check.reason],
        )
    any_bad = " OR ".join(f"coalesce({c.bad}, false)" for c in all_checks) or "false"
    keys = ", ".join(key_exprs(source))
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE ok AS
            SELECT *, min(_row) OVER (PARTITION BY _file, {keys}) AS _first_row
            FROM chk WHERE NOT ({any_bad})"""
    )
    key_label = ", ".join(source.key)
    con.execute(
        """INSERT INTO quarantine
            SELECT ?, _file, _row, ?, NULL,
                   'duplicate key (' || ? || '): same as row ' || _first_row
            FROM ok WHERE _row <> _first_row""",
        [source.name, source.key[0], key_label],
    )
    con.execute("DELETE FROM ok WHERE _row <> _first_row")
    clash = con.execute(
        f"""SELECT list(DISTINCT _file ORDER BY _file), concat_ws(' | ', {keys})
            FROM ok WHERE NOT _correction GROUP BY {keys}
            HAVING count(DISTINCT _file) > 1 LIMIT 1"""
    ).fetchone()
    if clash:
        files, key = clash
        raise InputError(
            files[-1],
            f"the same key ({key_label} = {key}) is also in {', '.join(files[:-1])}; "
            "remove the overlap, or name the newer file as a correction "
            "(e.g. ..._correctie.csv) so its rows replace the older ones",
        )
    # Correction files win over base files; among corrections the later file (by name) wins.
    outputs = [f"p_{c.slug} AS {c.slug}" for c in source.columns if c.kind != "herkomst"]
    outputs += [f"p_{c.slug}_regio AS {c.slug}_regio" for c in source.columns
                if c.kind == "gemeente"]
    outputs += [f"p_{c.slug}_niveau AS {c.slug}_niveau" for c in source.columns
                if c.kind == "gebied"]
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE stg_{source.name} AS
            SELECT {', '.join(outputs)}, p_herkomst AS provenance,
                   _file AS bron_bestand, _row AS bron_rij
            FROM ok
            QUALIFY row_number() OVER (PARTITION BY {keys}
                                       ORDER BY _correction DESC, _file DESC) = 1
            ORDER BY _file, _row"""
    )
    con.execute("DROP TABLE chk; DROP TABLE ok")


def quarantine_structural(con: duckdb.DuckDBPyConnection, source: Source, file: str,
                          rejects: list[tuple[int, str, str]]) -> None:
    """Rows the CSV reader could not split into the header's columns."""
    for row, value, reason in rejects:
        con.execute("INSERT INTO quarantine VALUES (?, ?, ?, '*', ?, ?)",
                    [source.name, file, row, value, reason])
