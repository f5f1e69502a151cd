"""Validation: parse a landing table in SQL, quarantine what breaks the contract, stage the rest.

For every contract column (etl.sources) this module writes the SQL that parses it and the
conditions under which a cell is rejected. A row with any rejected cell goes to `quarantine`
(file, row, column, value, reason); the other rows become the typed `stg_<source>` view.

Two tiers keep large files fast without changing a single result. CSV rows are first typed
by `fast_select`: strict, join-free parsers that accept only the common spelling of each
value and are each a restriction of the full parser (where the fast one gives a value, the
full one gives the same). Only rows the fast tier does not accept outright are landed as
text and go through the full parsers, lookups and reasons below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from etl import registry
from etl.extract import FastPart, InputError, header_key
from etl.sources import Col, Source, slug

NOT_A_NUMBER = "not a number (Dutch format: 4.597 or 12,5)"
PERIOD_REASONS = {
    "quarter": "not a quarter (e.g. 2024 K3, 2024-K3, 2024Q3)",
    "month": "not a month (e.g. 2024-09, 09-2024, sep 2024)",
    "year": "not a year (e.g. 2024)",
    "month_or_year": "not a month or a year (e.g. 2024-09, sep 2024, 2024)",
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
    if kind == "month_or_year":
        return f"coalesce(parse_month({raw}), parse_year({raw}))"
    if kind == "year_or_structureel":
        return (f"CASE WHEN lower({raw}) = 'structureel' THEN 'structureel' "
                f"ELSE parse_year({raw}) END")
    if kind == "date":
        return f"parse_date({raw})"
    if kind == "enum":
        spellings = [(v, v) for v in col.values] + list(col.aliases)
        whens = " ".join(f"WHEN {sql_text(a.lower())} THEN {sql_text(v)}" for a, v in spellings)
        return f"CASE lower({raw}) {whens} END"
    if kind == "herkomst":
        if not col.values:
            return f"herkomst_plain({raw})"
        # a row with a column list is sample as a whole: not every value of it is published
        return (f"coalesce(herkomst_plain({raw}), "
                f"CASE WHEN herkomst_columns({raw}) IS NOT NULL THEN 'sample' END)")
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
        known = ", ".join(f"'{i.id}'" for i in registry.indicators())
        return [f"LEFT JOIN (SELECT unnest([{known}]) AS indicator) i_{col.slug} "
                f"ON i_{col.slug}.indicator = lower({raw})"]
    return []


def extra_outputs(col: Col) -> list[str]:
    """Derived columns some kinds add: a municipality's region, an area's level."""
    if col.kind == "gemeente":
        return [f"g_{col.slug}.regio_code AS p_{col.slug}_regio"]
    if col.kind == "herkomst":
        return [f"herkomst_of(l.{col.slug}, {sql_text(header_key(name))}) "
                f"AS p_provenance_{slug(name)}" for name in col.values]
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
    if col.kind == "herkomst" and col.values:
        return ("unknown value; allowed: published, sample, or published: followed by the "
                f"columns that hold published figures ({', '.join(col.values)})")
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
        known = sorted(i.id for i in registry.indicators())
        return f"unknown indicator; known: {', '.join(known)}"
    raise ValueError(col.kind)


def future_checks(col: Col, today: dt.date) -> list[Check]:
    """An observation cannot lie after the build date."""
    if col.kind in ("quarter", "month", "month_or_year"):
        return [Check(col, f"period_start(p_{col.slug}) > DATE '{today}'",
                      "period lies in the future")]
    if col.kind == "date":
        return [Check(col, f"p_{col.slug} > DATE '{today}'", "date lies in the future")]
    return []


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
        if col.kind == "herkomst" and col.values:
            keys = ", ".join(sql_text(header_key(v)) for v in col.values)
            out.append(Check(col, f"len(list_filter(herkomst_columns({raw}), "
                                  f"lambda x: NOT list_contains([{keys}], x))) > 0",
                             "Herkomst names a column that is not one of this file's figures "
                             f"(allowed: {', '.join(col.values)}; separate them with commas)"))
        if source.observed:
            out += future_checks(col, today)
    for rule in source.rules:
        out.append(Check(source.col(rule.column), rule.bad, rule.reason))
    return out


def known_gemeenten(con: duckdb.DuckDBPyConnection) -> str:
    """A 10,000-bit string with bit n set when GM<n> is a municipality of stg_gemeenten."""
    codes = {int(code[2:]) for (code,) in con.execute(
        "SELECT gemeentecode FROM stg_gemeenten").fetchall()}
    return "".join("1" if n in codes else "0" for n in range(10_000))


def fast_expr(col: Col, known: str) -> str:
    """The fast tier's parser for `col`: NULL unless the text has the common spelling.

    Each is a restriction of `parsed_expr`: the same value wherever it gives one. Lookups by
    name need a join, which would reorder rows, so the fast tier takes municipalities by CBS
    code only (a bit per known code) and leaves regions, areas and indicators to the full tier.
    """
    raw, kind = f"l.{col.slug}", col.kind
    if kind in ("count", "int"):
        sign = "" if kind == "count" else "-?"
        return (f"CASE WHEN regexp_full_match({raw}, '{sign}[0-9]+') "
                f"THEN TRY_CAST({raw} AS BIGINT) END")
    if kind == "number":
        return (f"CASE WHEN regexp_full_match({raw}, '-?[0-9]+(,[0-9]+)?') "
                f"THEN TRY_CAST(replace({raw}, ',', '.') AS DOUBLE) END")
    if kind == "money":
        # up to 15 + 6 digits the full parser's DECIMAL(38, 6) step is exact, so one cast
        # rounds the same way (and costs half as much)
        text = f"ltrim({raw}, '€ ')"
        return (f"CASE WHEN regexp_full_match({text}, '-?[0-9]{{1,15}}(,[0-9]{{1,6}})?') "
                f"THEN TRY_CAST(replace({text}, ',', '.') AS DECIMAL(18, 2)) END")
    if kind == "date":
        return f"CAST(TRY_STRPTIME({raw}, '%d-%m-%Y') AS DATE)"
    if kind == "gemeente":
        return (f"CASE WHEN regexp_full_match({raw}, '[Gg][Mm][0-9]{{4}}') AND get_bit("
                f"'{known}'::BIT, coalesce(TRY_CAST({raw}[3:] AS INTEGER), 0)) = 1 "
                f"THEN upper({raw}) END")
    if kind in ("regio", "gebied", "indicator"):
        return "CAST(NULL AS VARCHAR)"
    if kind == "herkomst":
        # a column list goes to the full tier, which checks the names
        return f"herkomst_plain({raw})"
    return parsed_expr(col)


def fast_select(con: duckdb.DuckDBPyConnection, source: Source, today: dt.date) -> str:
    """A SELECT over `l` (a file's trimmed text, a column per contract column) giving the
    fast tier's typed p_<slug> columns, `_ok` for rows it accepts outright, and for the
    others `_raw`, their text in contract order, for the full tier."""
    known = known_gemeenten(con) if any(c.kind == "gemeente" for c in source.columns) else ""
    typed = [f"{fast_expr(c, known)} AS p_{c.slug}" for c in source.columns]
    # a row the fast tier accepts has a plain Herkomst: every value has the row's provenance
    typed += [f"{fast_expr(c, known) if c.kind == 'herkomst' else 'CAST(NULL AS VARCHAR)'} "
              f"AS {e.rsplit(' AS ', 1)[1]}" for c in source.columns for e in extra_outputs(c)]
    bad = [f"{c.slug} IS NULL" for c in source.columns if not c.nullable]
    bad += [f"({c.slug} IS NOT NULL AND p_{c.slug} IS NULL)" for c in source.columns
            if c.kind not in ("text", "id")]
    if source.observed:
        bad += [f"coalesce({check.bad}, false)" for c in source.columns
                for check in future_checks(c, today)]
    bad += [f"coalesce({rule.bad}, false)" for rule in source.rules]
    slugs = [c.slug for c in source.columns]
    return f"""SELECT q.* EXCLUDE ({', '.join(slugs)}, _bad), NOT _bad AS _ok,
                      CASE WHEN _bad THEN [{', '.join(slugs)}] END AS _raw
               FROM (SELECT p.*, ({' OR '.join(bad)}) AS _bad
                     FROM (SELECT l.*, {', '.join(typed)} FROM l) p) q"""


def output_columns(source: Source) -> list[tuple[str, str]]:
    """(name in stg_<source>, column of the checked rows it comes from)."""
    out = [(c.slug, f"p_{c.slug}") for c in source.columns if c.kind != "herkomst"]
    out += [(f"{c.slug}_regio", f"p_{c.slug}_regio") for c in source.columns
            if c.kind == "gemeente"]
    out += [(f"{c.slug}_niveau", f"p_{c.slug}_niveau") for c in source.columns
            if c.kind == "gebied"]
    out += [(f"provenance_{slug(v)}", f"p_provenance_{slug(v)}")
            for c in source.columns if c.kind == "herkomst" for v in c.values]
    return out + [("provenance", "p_herkomst")]


def validate(con: duckdb.DuckDBPyConnection, source: Source, today: dt.date,
             fast: list[FastPart] = ()) -> None:
    """Quarantine the bad rows of land_<source>, and stage the good ones together with the
    rows the fast tier accepted as the view stg_<source>; `staged_<source>` names the file
    of each staged row only (cheap to count)."""
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
    outputs = output_columns(source)
    con.execute(f"CREATE OR REPLACE TEMP TABLE ok_{source.name} AS "
                f"SELECT * FROM chk WHERE NOT ({any_bad})")
    con.execute("DROP TABLE chk")

    def union(ok_columns: str, fast_columns: str, fast_joins: str = "") -> str:
        """The rows the full tier kept and those the fast tier accepted, with `_file`,
        `_row` and `_correction`."""
        return " UNION ALL ".join(
            [f"SELECT {ok_columns}, _file, _row, _correction FROM ok_{source.name}"]
            + [f"SELECT {fast_columns}, {sql_text(part.file)} AS _file, {part.row_expr} AS _row, "
               f"{part.correction} AS _correction FROM {part.table} f {fast_joins} WHERE f._ok"
               for part in fast])

    # the fast tier took municipalities by code without a join; their regions join here,
    # after each row's line number is fixed
    region_of = {f"{c.slug}_regio": c.slug for c in source.columns if c.kind == "gemeente"}
    region_joins = " ".join(f"LEFT JOIN stg_gemeenten g_{s} ON g_{s}.gemeentecode = f.p_{s}"
                            for s in region_of.values())
    rows = f"rows_{source.name}"
    con.execute(f"CREATE OR REPLACE TEMP VIEW {rows} AS " + union(
        ", ".join(f"{src} AS {name}" for name, src in outputs),
        ", ".join(f"g_{region_of[name]}.arbeidsmarktregio AS {name}" if name in region_of
                  else f"f.{src} AS {name}" for name, src in outputs), region_joins))
    # the same rows without the region join: what settling keys and counting rows read (a
    # scan of the keys of tens of millions of rows, not of every column)
    keys = ", ".join(f"p_{source.col(k).slug} AS {source.col(k).slug}" for k in source.key)
    con.execute(f"CREATE OR REPLACE TEMP VIEW keys_{source.name} AS " + union(keys, keys))
    losers = resolve_duplicates(con, source, f"keys_{source.name}")
    keep = f"ANTI JOIN {losers} USING (_file, _row)" if losers else ""
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW stg_{source.name} AS
            SELECT {', '.join(name for name, _ in outputs)}, _file AS bron_bestand,
                   _row AS bron_rij
            FROM {rows} {keep}"""
    )
    con.execute(f"CREATE OR REPLACE TEMP VIEW staged_{source.name} AS "
                f"SELECT _file AS bron_bestand FROM keys_{source.name} {keep}")


def resolve_duplicates(con: duckdb.DuckDBPyConnection, source: Source, rows: str) -> str | None:
    """Settle keys that occur more than once in `rows` (the key columns, _file, _row and
    _correction); return the table of losing rows (_file, _row), or None when every key is
    unique (one aggregate, the usual case).

    Within a file the first row wins and the others are quarantined; the same key in two
    base files fails the build; correction files win over base files, and among corrections
    the later file (by name) wins.
    """
    keys = [source.col(k).slug for k in source.key]
    key_list = ", ".join(keys)
    con.execute(f"CREATE OR REPLACE TEMP TABLE dupkeys AS SELECT {key_list} FROM {rows} "
                f"GROUP BY ALL HAVING count(*) > 1")
    if not con.execute("SELECT count(*) FROM dupkeys").fetchone()[0]:
        return None
    same = " AND ".join(f"r.{k} IS NOT DISTINCT FROM d.{k}" for k in keys)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE cand AS
            SELECT r.*, min(r._row) OVER (PARTITION BY r._file, {', '.join(f'r.{k}' for k in keys)})
                        AS _first_row
            FROM {rows} r SEMI JOIN dupkeys d ON {same}"""
    )
    key_label = ", ".join(source.key)
    con.execute(
        """INSERT INTO quarantine
            SELECT ?, _file, _row, ?, NULL,
                   'duplicate key (' || ? || '): same as row ' || _first_row
            FROM cand WHERE _row <> _first_row""",
        [source.name, source.key[0], key_label],
    )
    clash = con.execute(
        f"""SELECT list(DISTINCT _file ORDER BY _file), concat_ws(' | ', {key_list})
            FROM cand WHERE NOT _correction AND _row = _first_row GROUP BY {key_list}
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
    losers = f"losers_{source.name}"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {losers} AS
            SELECT _file, _row FROM cand
            QUALIFY _row <> _first_row
                 OR row_number() OVER (PARTITION BY {key_list}, _row = _first_row
                                       ORDER BY _correction DESC, _file DESC) > 1"""
    )
    return losers


def quarantine_structural(con: duckdb.DuckDBPyConnection, source: Source, file: str,
                          rejects: list[tuple[int, str, str]]) -> None:
    """Rows the CSV reader could not split into the header's columns."""
    for row, value, reason in rejects:
        con.execute("INSERT INTO quarantine VALUES (?, ?, ?, '*', ?, ?)",
                    [source.name, file, row, value, reason])
