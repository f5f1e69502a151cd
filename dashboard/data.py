"""The app's only door to the warehouse: read-only, opened lazily, every value bound.

Pages call these functions and get DataFrames; no other app module imports duckdb or
holds SQL. A rebuilt warehouse (a new file swapped in by the ETL) is noticed by its
file identity and reopened, so the app never needs a restart.
"""

from __future__ import annotations

import collections
import contextvars
import dataclasses
import fcntl
import functools
import json
import os
import pickle
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import duckdb
import flask
import numpy as np
import pandas as pd

from dashboard import auth
from dashboard.datasets import CODED, DATASETS, FORMULA_CHARS, Dataset, DatasetQuery
from dashboard.filters import Domain, Filters, SobDomain, SobFilters
from dashboard.protection import TOTAL, Ptable

_lock = threading.Lock()
_state: dict[str, object] = {"path": None, "con": None, "ident": None, "memory": None}


def configure(warehouse: Path, memory_limit: str | None = None) -> None:
    """Point the data layer at a warehouse file (called by create_app); `memory_limit` caps
    DuckDB's buffer pool, so a large export cannot grow the process without bound."""
    try:  # DuckDB checks the setting itself, here rather than at the first request
        duckdb.connect(":memory:", config=_config(memory_limit)).close()
    except duckdb.ParserException as exc:
        raise ValueError(f"memory limit {memory_limit!r}: {exc}") from exc
    with _lock:
        _state.update(path=Path(warehouse), con=None, ident=None, memory=memory_limit)


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB with the warehouse attached read-only.

    Attaching (rather than connecting to the file) gives every generation of the warehouse its
    own database instance: DuckDB caches instances by path, so a plain connect after the ETL
    swapped the file could hand back the old one. Queries still running on the previous
    generation finish on it; it closes when the last of them lets go.
    """
    con = duckdb.connect(":memory:", config=_config(_state["memory"]))
    con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS warehouse (READ_ONLY)")
    con.execute("USE warehouse")
    return con


def _config(memory_limit: str | None) -> dict[str, str]:
    """DuckDB settings as values (never spliced into SQL)."""
    return {} if memory_limit is None else {"memory_limit": memory_limit}


def _connection() -> duckdb.DuckDBPyConnection:
    """The connection to the newest warehouse; one request keeps the one it started with, so
    no request mixes two generations."""
    return _current()[0]


def _current() -> tuple[duckdb.DuckDBPyConnection, tuple]:
    """(connection, generation) for this request, opening the newest warehouse if needed."""
    if flask.has_request_context() and "warehouse" in flask.g:
        return flask.g.warehouse
    path = _state["path"]
    if path is None:
        raise RuntimeError("dashboard.data is not configured; call configure(warehouse)")
    st = os.stat(path)
    ident = (st.st_ino, st.st_mtime_ns)
    with _lock:
        if _state["con"] is None or _state["ident"] != ident:
            _state.update(con=_open(path), ident=ident)
            memo_clear()
        current = (_state["con"], (str(path), *ident))
    if flask.has_request_context():
        flask.g.warehouse = current
    return current


_memo: collections.OrderedDict[tuple, tuple[object, int]] = collections.OrderedDict()
_memo_lock = threading.Lock()
_memo_bytes = [0]
MEMO_BYTES = 64 << 20  # answers kept at most, by size: the least recently used go first
_MISSING = object()


def _size(key: tuple, value: object) -> int:
    """Roughly the bytes a memo entry holds (frames by their own account, the rest pickled)."""
    held = (int(value.memory_usage(deep=True).sum()) if isinstance(value, pd.DataFrame)
            else len(pickle.dumps(value)))
    return held + len(repr(key))


def _keep(key: tuple, value: object) -> None:
    size = _size(key, value)
    if size > MEMO_BYTES // 8:
        return  # one answer may not push out all the others
    with _memo_lock:
        if key in _memo:
            return
        _memo[key] = (value, size)
        _memo_bytes[0] += size
        while _memo_bytes[0] > MEMO_BYTES:
            _, (_, dropped) = _memo.popitem(last=False)
            _memo_bytes[0] -= dropped


def memo_clear() -> None:
    """Forget every kept answer (a new warehouse generation)."""
    with _memo_lock:
        _memo.clear()
        _memo_bytes[0] = 0


def memoised(func=None, *, known=None):
    """Cache a data function's answer per warehouse generation (for what only changes when
    the ETL swaps in a new file: catalogues, domains, dimension lists). `known(*args)` says
    whether the arguments are values the warehouse has: others come from URLs anyone can
    write, so they are answered but never kept."""
    if func is None:
        return functools.partial(memoised, known=known)

    @functools.wraps(func)
    def cached(*args):
        key = (_current()[1], func.__name__, args)
        with _memo_lock:
            hit = _memo.get(key, _MISSING)
            if hit is not _MISSING:
                _memo.move_to_end(key)
        if hit is _MISSING:
            value = func(*args)
            if known is None or known(*args):
                _keep(key, value)
        else:
            value = hit[0]
        return value.copy() if isinstance(value, pd.DataFrame) else value

    return cached


def _cursor() -> duckdb.DuckDBPyConnection:
    """A cursor on the current warehouse (cursors start in the in-memory catalog)."""
    cur = _connection().cursor()
    cur.execute("USE warehouse")
    return cur


def _answer(sql: str, params: list | None, fetch):
    """Run one parameterised query on a cursor of the current read-only connection and
    `fetch` its answer."""
    cur = _cursor()
    try:
        return fetch(cur.execute(sql, params or []))
    finally:
        cur.close()


def query(sql: str, params: list | None = None) -> pd.DataFrame:
    """One parameterised query's answer as a DataFrame."""
    return _answer(sql, params, duckdb.DuckDBPyConnection.fetchdf)


def records(sql: str, params: list | None = None) -> list[tuple]:
    """One parameterised query's rows as tuples (for small answers that are read row by
    row: cheaper than a DataFrame)."""
    return _answer(sql, params, duckdb.DuckDBPyConnection.fetchall)


def rows(df: pd.DataFrame) -> list[tuple]:
    """An answer's rows as named tuples, read column by column: pandas' own `itertuples`
    costs seven times as much on Arrow-backed text."""
    row = collections.namedtuple("Row", df.columns)
    return list(map(row._make, zip(*(df[c].tolist() for c in df.columns), strict=True)))


_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="warehouse")


def asked(*calls: tuple) -> list[Future]:
    """The answers of several `(function, *args)` of this module as futures, each asked on
    a thread of its own: DuckDB runs each on its own cursor in parallel, outside the GIL.
    Each thread sees this request's context, so all of them read the generation it started
    with."""
    _current()
    return [_pool.submit(contextvars.copy_context().run, *call) for call in calls]


def at_once(*calls: tuple) -> list:
    """The answers of `asked`: a view's small questions take about as long as the largest of
    them instead of their sum."""
    return [future.result() for future in asked(*calls)]


@memoised
def regions() -> pd.DataFrame:
    """Every labour-market region: code, name, number of municipalities, and whether the
    warehouse holds any figure for it (`met_gegevens`), those first."""
    return query("""SELECT * FROM (
                        SELECT arbeidsmarktregio_code AS code, naam, n_gemeenten,
                               arbeidsmarktregio_code IN (
                                   SELECT gebied_code FROM gaps UNION ALL
                                   SELECT arbeidsmarktregio_code FROM dim_gemeente
                                   WHERE gemeente_code IN (SELECT gebied_code FROM gaps))
                                   AS met_gegevens
                        FROM dim_arbeidsmarktregio)
                    ORDER BY NOT met_gegevens, naam""")


@memoised
def region_codes() -> frozenset[str]:
    """The codes of every labour-market region."""
    return frozenset(r[0] for r in records("SELECT arbeidsmarktregio_code "
                                           "FROM dim_arbeidsmarktregio"))


def _is_region(code: object, *_rest) -> bool:
    return isinstance(code, str) and code in region_codes()


def _is_dataset(name: object) -> bool:
    return isinstance(name, str) and name in DATASETS


@memoised
def indicators() -> pd.DataFrame:
    """The indicators with their names, unit and direction."""
    return query("SELECT indicator, naam_nl, naam_en, eenheid, richting, additief, cumulatief, "
                 "definitie_nl, definitie_en FROM dim_indicator")


_REGION_AREAS = """
    WITH area AS (
        SELECT 'arbeidsmarktregio' AS gebied_niveau, arbeidsmarktregio_code AS gebied_code,
               inwoners::BIGINT AS inwoners
        FROM dim_arbeidsmarktregio WHERE arbeidsmarktregio_code = $1
        UNION ALL
        SELECT 'gemeente', gemeente_code, inwoners FROM dim_gemeente
        WHERE arbeidsmarktregio_code = $1)
"""


@memoised(known=_is_region)
def latest_gaps(region: str) -> pd.DataFrame:
    """For the region and each of its municipalities: every indicator at its latest period,
    with the area's population (`inwoners`)."""
    return query(
        _REGION_AREAS + """
           SELECT g.*, area.inwoners FROM gaps g JOIN area USING (gebied_niveau, gebied_code)
           QUALIFY periode = max(periode) OVER (PARTITION BY indicator, gebied_niveau, gebied_code)
           ORDER BY gebied_niveau, gebied_naam, indicator""",
        [region],
    )


def history(indicator: str, areas: tuple[str, ...]) -> pd.DataFrame:
    """Every period of one indicator for some areas (municipality or region codes), oldest
    first per area, with the period's last day (`einddatum`)."""
    return query(
        """SELECT g.gebied_code, g.gebied_naam, g.gebied_niveau, g.periode, g.realisatie,
                  g.doel, g.status, g.doel_status, g.provenance, p.einddatum
           FROM gaps g JOIN dim_periode p USING (periode)
           WHERE g.indicator = $1 AND g.gebied_code IN (SELECT unnest($2::VARCHAR[]))
           ORDER BY g.gebied_niveau, g.gebied_code, p.einddatum""",
        [indicator, list(areas)],
    )


@memoised
def area_history(code: str) -> pd.DataFrame:
    """Every indicator's periods for one area, oldest first, with the period's last day (the
    pace and the outlook on the cards)."""
    return query(
        """SELECT g.indicator, g.periode, g.realisatie, g.doel, p.einddatum
           FROM gaps g JOIN dim_periode p USING (periode)
           WHERE g.gebied_code = $1 ORDER BY g.indicator, p.einddatum""", [code])


@memoised
def latest_municipalities(indicator: str) -> pd.DataFrame:
    """One indicator's latest value in every municipality with data, with its population (the
    size-class and national comparison), and how many municipalities there are."""
    return query(
        """SELECT g.gebied_code, g.realisatie, g.doel, g.realisatie_pct, m.inwoners,
                  (SELECT count(*) FROM dim_gemeente) AS n_gemeenten
           FROM gaps g JOIN dim_gemeente m ON m.gemeente_code = g.gebied_code
           WHERE g.indicator = $1 AND g.gebied_niveau = 'gemeente'
           QUALIFY g.periode = max(g.periode) OVER (PARTITION BY g.gebied_code)""", [indicator])


@memoised
def benchmark(indicator: str) -> dict | None:
    """The latest published comparison value of an indicator (a national realisation, drawn
    beside a series, never a target): value, year and source; None when there is none."""
    df = query("""SELECT doel AS waarde, jaar, bron FROM doelstellingen
                  WHERE indicator = $1 AND doel_status = 'benchmark'
                  ORDER BY jaar DESC LIMIT 1""", [indicator])
    return None if df.empty else df.iloc[0].to_dict()


# Fact tables whose rows carry `provenance`, for the marks of the pages built on them.
PROVENANCE_TABLES = ("fct_instrument_inzet", "fct_sob_bezetting", "fct_sob_omzet",
                     "fct_financiering")


@memoised
def provenance(table: str) -> str:
    """'published' when every row of a fact table is published, else 'sample'."""
    if table not in PROVENANCE_TABLES:
        raise ValueError(f"no provenance for {table}")
    [(published,)] = records(f"SELECT coalesce(bool_and(provenance = 'published'), false) "
                             f"FROM {table}")
    return "published" if published else "sample"


@memoised
def risk_band() -> float:
    """The band of the pace rule: how much worse than the expected value is still `risico`."""
    return float(records("SELECT max(risicomarge) FROM dim_indicator")[0][0])


def area(code: str) -> dict | None:
    """A municipality or region by code: name, level, region code; None when unknown."""
    df = query(
        """SELECT gemeente_code AS code, gemeente_naam AS naam, 'gemeente' AS niveau,
                  arbeidsmarktregio_code AS regio FROM dim_gemeente WHERE gemeente_code = $1
           UNION ALL
           SELECT arbeidsmarktregio_code, naam, 'arbeidsmarktregio', arbeidsmarktregio_code
           FROM dim_arbeidsmarktregio WHERE arbeidsmarktregio_code = $1""",
        [code],
    )
    return None if df.empty else df.iloc[0].to_dict()


@memoised(known=_is_region)
def centroids(region: str) -> pd.DataFrame:
    """The municipalities of a region with their centroid (lat, lon)."""
    return query("SELECT gemeente_code, gemeente_naam, lat, lon FROM dim_gemeente "
                 "WHERE arbeidsmarktregio_code = $1 ORDER BY gemeente_code", [region])


@memoised
def municipality_names() -> dict[str, str]:
    """Every municipality's name by its code."""
    return dict(records("SELECT gemeente_code, gemeente_naam FROM dim_gemeente"))


@memoised
def data_date() -> str | None:
    """The end of the latest period any gap reports on (ISO date)."""
    df = query("SELECT max(p.einddatum) AS d FROM gaps g JOIN dim_periode p USING (periode) "
               "WHERE p.einddatum <= current_date")
    value = df["d"].iloc[0]
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


@memoised
def ptable() -> Ptable:
    """The warehouse's perturbation table (written by the build, etl/ckm.py)."""
    row = records("SELECT max_afwijking, variantie, drempel, cap, sleutels, ruis FROM ckm")[0]
    deviation, variance, threshold, cap, keys, noise = row
    return Ptable(deviation, variance, threshold,
                  np.asarray(noise, dtype="int64").reshape(cap + 1, keys))


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
                        f"aantal / echt aantal (0 bij een getoond aantal 0).",
                  "en": f" {linked} is scaled with {count}: shown = value × shown count / "
                        f"true count (0 where the count shows 0)."}
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


def perturbed_table(cells, rows: list, cols: list,
                    names: tuple[str | None, str | None] = (None, None)) -> pd.DataFrame:
    """`cells`, (row key, column key, count, key sum) quadruples, as a rows × cols table
    with `Totaal` margins, every cell and margin perturbed (each margin is a cell of its own:
    its count and key sum are the sums of its parts, then it gets its own noise)."""
    cells = list(cells)
    counts, keys = (cross_table(((r, c, v[k]) for r, c, *v in cells), rows, cols, names)
                    .to_numpy() for k in (0, 1))

    def margins(m: np.ndarray) -> np.ndarray:
        out = np.zeros((m.shape[0] + 1, m.shape[1] + 1), dtype="int64")
        out[:-1, :-1] = m
        out[:-1, -1] = m.sum(axis=1)
        out[-1] = out[:-1].sum(axis=0)
        return out

    # labels as plain objects: cheaper than Arrow strings for tables this small
    return pd.DataFrame(ptable().perturb(margins(counts), margins(keys)),
                        index=pd.Index([*rows, TOTAL], name=names[0], dtype=object),
                        columns=pd.Index([*cols, TOTAL], name=names[1], dtype=object))


def perturbed_series(counts, keys, index: pd.Index) -> pd.Series:
    """A one-way count (e.g. per quarter) with its `Totaal`, each perturbed."""
    counts, keys = (np.append(a, a.sum()) for a in (np.asarray(counts, dtype="int64"),
                                                     np.asarray(keys, dtype="int64")))
    return pd.Series(ptable().perturb(counts, keys),
                     index=pd.Index([*index, TOTAL], name=index.name, dtype=object))


# --- Werkcentrum instruments: read from the two additive marts (starts and ends per quarter),
# distinct persons from the person-level rows; every count perturbed before it leaves ---

WORK_OUTCOMES = ("Regulier werk", "Werk met LKS", "Beschut werk")
OUTCOMES = (*WORK_OUTCOMES, "Opleiding", "Uitval")
TARGET_GROUPS = ("Jongeren", "Statushouders", "Beschut werk", "Psychische kwetsbaarheid",
                 "Banenafspraak", "Niet-uitkeringsgerechtigd", "Overig")
AOC = "AOC-traject"
STARTS, ENDS, REACHED = "fct_instrument_kwartaal", "fct_instrument_einde", "fct_instrument_bereik"
# Target groups whose size is known from another source: (fact table, column); REACHED holds
# exactly their person-level rows.
REACH_DENOMINATOR = {"Banenafspraak": ("fct_banenafspraak", "personen_in_doelgroep"),
                     "Beschut werk": ("fct_beschut_werk", "positief_advies")}


@memoised(known=_is_region)
def instrument_domain(region: str) -> Domain:
    """The values the Werkcentrum filters may take for one region."""
    gem = query("SELECT gemeente_code FROM dim_gemeente WHERE arbeidsmarktregio_code = ? "
                "ORDER BY gemeente_naam", [region])["gemeente_code"]
    vals = query(f"""SELECT list(DISTINCT doelgroep) AS d, list(DISTINCT instrument) AS i,
                            min(periode) AS lo, max(periode) AS hi
                     FROM (SELECT doelgroep, instrument, periode FROM {STARTS}
                           WHERE arbeidsmarktregio_code = $1
                           UNION ALL SELECT doelgroep, instrument, periode FROM {ENDS}
                           WHERE arbeidsmarktregio_code = $1)""", [region]).iloc[0]
    if vals["lo"] is None:
        return Domain(region, tuple(gem), (), (), ())
    quarters = query("SELECT periode FROM dim_periode WHERE niveau = 'kwartaal' "
                     "AND periode BETWEEN ? AND ? ORDER BY begindatum",
                     [vals["lo"], vals["hi"]])["periode"]
    groups = [g for g in TARGET_GROUPS if g in set(vals["d"])]
    groups += sorted(set(vals["d"]) - set(groups))
    return Domain(region, tuple(gem), tuple(groups), tuple(sorted(vals["i"])), tuple(quarters))


def _marks(values) -> str:
    """'?, ?, ?': one bound parameter per value."""
    return ", ".join("?" * len(values))


def _any_of(pairs) -> tuple[list[str], list]:
    """`column IN (?, ..)` conditions for each (column, values) with values; an empty choice
    means all. Columns are fixed in the code or checked against the table's own columns;
    values are always bound."""
    sql, params = [], []
    for column, values in pairs:
        if values:
            sql.append(f"{column} IN ({_marks(values)})")
            params += list(values)
    return sql, params


def _where(f: Filters) -> tuple[str, list]:
    """The filters (without the period) as a WHERE clause over the instrument tables."""
    sql, params = _any_of((("gemeente_code", f.gemeenten), ("doelgroep", f.doelgroepen),
                           ("instrument", f.instrumenten)))
    return " AND ".join(["arbeidsmarktregio_code = ?", *sql]), [f.regio, *params]


def _chosen(f: Filters, domain: Domain) -> tuple[list[str], list[str]]:
    return (list(f.instrumenten or domain.instrumenten), list(f.doelgroepen or domain.doelgroepen))


def cross_table(cells, rows: list, cols: list,
                names: tuple[str | None, str | None] = (None, None)) -> pd.DataFrame:
    """The whole-number sums per (row, column) of `cells`, (row key, column key, value)
    triples, as a rows × cols table named `names`, 0 where none; pairs outside rows × cols
    are left out. (A plain loop: pandas' pivot_table costs more than the query behind it.)"""
    out = np.zeros((len(rows), len(cols)), dtype="int64")
    at_row = {k: i for i, k in enumerate(rows)}
    at_col = {k: j for j, k in enumerate(cols)}
    for a, b, n in cells:
        i, j = at_row.get(a), at_col.get(b)
        if i is not None and j is not None and n is not None and not pd.isna(n):
            out[i, j] += int(n)
    return pd.DataFrame(out, index=pd.Index(rows, name=names[0], dtype=object),
                        columns=pd.Index(cols, name=names[1], dtype=object))


def _sum_by(rows: list[tuple], key: int, value: int, keys: list,
            dtype: str = "int64") -> np.ndarray:
    """The sums of column `value` of `rows` per `keys` (matched on column `key`), 0 where
    none; rows of other keys and unknown (NULL) values are left out."""
    at = {k: i for i, k in enumerate(keys)}
    out = np.zeros(len(keys), dtype=dtype)
    for r in rows:
        i = at.get(r[key])
        if i is not None and r[value] is not None:
            out[i] += r[value]
    return out


@dataclasses.dataclass(frozen=True)
class InstrumentView:
    """Every Werkcentrum figure for one set of filters, each count perturbed. Rows are
    instruments (or target groups for `outcomes`, quarters for `trend`) in the order chosen,
    each table with its `Totaal`."""

    starts: pd.DataFrame  # started in the period: instrument × target group
    flow: pd.DataFrame  # per instrument: lopend (at the period's end), beeindigd (in it)
    outcomes: pd.DataFrame  # ended in the period: target group × outcome
    results: pd.DataFrame  # per instrument, see `_results`
    trend: pd.Series  # started per quarter of the period
    aoc: pd.Series  # the AOC pilot: gestart, lopend, binnen_termijn, uitval, naar_werk
    placements: pd.DataFrame  # see `placements_against_target`


def instrument_view(f: Filters, domain: Domain) -> InstrumentView:
    """Two questions, one per mart, and the placements against their target, all at once:
    starts per instrument × target group × quarter of the period, and ends per instrument ×
    target group × outcome, each also with what came before the period (everything up to
    its last quarter is read, so that what runs at its end is what started minus what ended
    by then), each count with its record keys' sum. The roll-ups are summed here: for
    answers of a few hundred rows that costs less than grouping sets in DuckDB."""
    where, params = _where(f)
    starts, ends, placements = at_once(
        # quarter NULL: started before the period
        (records, f"""SELECT instrument, doelgroep, CASE WHEN periode >= ? THEN periode END,
                             sum(inzetten), sum(inzetten_sleutel)
                      FROM {STARTS} WHERE {where} AND periode <= ? GROUP BY ALL""",
         [f.van, *params, f.tot]),
        (records, f"""SELECT instrument, doelgroep, resultaat, periode >= ?, sum(inzetten),
                             sum(dagen), coalesce(sum(kosten), 0)::DOUBLE,
                             sum(binnen_zes_maanden), sum(inzetten_sleutel),
                             sum(binnen_zes_maanden_sleutel)
                      FROM {ENDS} WHERE {where} AND periode <= ? GROUP BY ALL""",
         [f.van, *params, f.tot]),
        (placements_against_target, f))
    instruments, groups = _chosen(f, domain)
    in_period = [r for r in starts if r[2] is not None]
    ended = [r for r in ends if r[3]]
    starts_table = perturbed_table(((r[0], r[1], r[3], r[4]) for r in in_period), instruments,
                                   groups, ("instrument", "doelgroep"))
    outcomes_table = perturbed_table(((r[1], r[2], r[4], r[8]) for r in ended), groups,
                                     list(OUTCOMES), ("doelgroep", "resultaat"))

    # what runs at the period's end: the deployments started by then minus those ended by
    # then, so its key sum is the difference of theirs
    running = _sum_by(starts, 0, 3, instruments) - _sum_by(ends, 0, 4, instruments)
    running_key = _sum_by(starts, 0, 4, instruments) - _sum_by(ends, 0, 8, instruments)
    at = pd.Index(instruments, dtype=object)
    flow = pd.DataFrame({
        "lopend": perturbed_series(running, running_key, at),
        "beeindigd": perturbed_series(_sum_by(ended, 0, 4, instruments),
                                      _sum_by(ended, 0, 8, instruments), at)})
    quarters = domain.kwartalen[domain.kwartalen.index(f.van):domain.kwartalen.index(f.tot) + 1]
    trend = perturbed_series(_sum_by(in_period, 2, 3, quarters), _sum_by(in_period, 2, 4, quarters),
                             pd.Index(quarters, name="periode"))
    aoc_started = [r for r in in_period if r[0] == AOC]
    aoc_ended = [r for r in ended if r[0] == AOC]
    aoc_out = [r for r in aoc_ended if r[2] == "Uitval"]
    aoc_work = [r for r in aoc_ended if r[2] in WORK_OUTCOMES]
    k = instruments.index(AOC) if AOC in instruments else None
    aoc = {"gestart": (sum(r[3] for r in aoc_started), sum(r[4] for r in aoc_started)),
           "lopend": (0, 0) if k is None else (running[k], running_key[k]),
           "binnen_termijn": (sum(r[7] for r in aoc_ended), sum(r[9] for r in aoc_ended)),
           "uitval": (sum(r[4] for r in aoc_out), sum(r[8] for r in aoc_out)),
           "naar_werk": (sum(r[4] for r in aoc_work), sum(r[8] for r in aoc_work))}
    counts, keys = zip(*aoc.values(), strict=True)
    return InstrumentView(
        starts_table, flow, outcomes_table, _results(ended, instruments), trend,
        pd.Series(ptable().perturb(counts, keys), index=list(aoc)), placements)


def _results(ended: list[tuple], instruments: list[str]) -> pd.DataFrame:
    """Per instrument, over deployments ended in the period (with an outcome): how many
    (`n`) and how many in work (`n_werk`), perturbed; the mean days from start to outcome,
    and the cost per deployment that ended in work, each left out (NaN) when fewer than the
    threshold's deployments lie under it (a mean of one or two persons describes them).
    `ended`: rows of the ends question that fall in the period."""
    at = {i: k for k, i in enumerate(instruments)}
    n, n_werk, dagen, key, key_werk = (np.zeros(len(instruments), dtype="int64")
                                       for _ in range(5))
    kosten = np.zeros(len(instruments))
    for instrument, _group, outcome, _in, count, days, cost, _within, keys, _wkey in ended:
        k = at.get(instrument)
        if k is not None and outcome != "Lopend":
            n[k] += count
            key[k] += keys
            dagen[k] += days
            kosten[k] += cost
            if outcome in WORK_OUTCOMES:
                n_werk[k] += count
                key_werk[k] += keys
    minimum = ptable().threshold
    with np.errstate(divide="ignore", invalid="ignore"):
        days = np.where(n >= minimum, dagen / n, np.nan)
        cost = np.where(n_werk >= minimum, kosten / n_werk, np.nan)
    return pd.DataFrame({"n": ptable().perturb(n, key),
                         "n_werk": ptable().perturb(n_werk, key_werk),
                         "gemiddelde_dagen": days, "kosten_per_werk": cost},
                        index=pd.Index(instruments, dtype=object))


def instrument_reach(f: Filters) -> pd.DataFrame:
    """Persons with a deployment running in the period's last four quarters (`reach_start` to
    `end`) per target group whose size is known, against that size at the end of the period
    (from the UWV sources)."""
    groups = [g for g in REACH_DENOMINATOR if not f.doelgroepen or g in f.doelgroepen]
    df = pd.DataFrame({"doelgroep": groups, "bereikt": 0, "omvang": np.nan})
    if groups:
        where, params = _where(f)
        # the distinct persons with their record keys: the cell is a set of persons
        reached = {g: (n, key) for g, n, key in records(
            f"SELECT doelgroep, count(*), sum(client_sleutel) FROM ("
            f"SELECT DISTINCT doelgroep, client, client_sleutel FROM {REACHED} "
            f"WHERE {where} AND doelgroep IN ({_marks(groups)}) AND startdatum <= ? "
            f"AND (einddatum IS NULL OR einddatum >= ?)) GROUP BY doelgroep",
            [*params, *groups, f.end, f.reach_start])}
        counts, keys = zip(*(reached.get(g, (0, 0)) for g in groups), strict=True)
        df["bereikt"] = ptable().perturb(counts, keys)
        # the size: the sum over the chosen municipalities (all of the region's when none is
        # chosen, unless the source gives the region's own total), known only when every one
        # of them is known
        parts = ("SELECT unnest(?::VARCHAR[])" if f.gemeenten else
                 "SELECT gemeente_code FROM dim_gemeente WHERE arbeidsmarktregio_code = ?")
        part_args = [list(f.gemeenten) if f.gemeenten else f.regio]
        sizes, size_args = [], []
        for group in groups:
            table, column = REACH_DENOMINATOR[group]
            sizes.append(f"""SELECT ?, (WITH latest AS (SELECT max(periode) AS periode FROM {table}
                                                JOIN dim_periode p USING (periode)
                                                WHERE p.einddatum <= ?),
                                     parts AS ({parts}),
                                     rows AS (SELECT * FROM {table}
                                              WHERE periode = (SELECT periode FROM latest))
                                SELECT coalesce(
                                    (SELECT any_value({column}) FROM rows WHERE ? AND
                                     gemeente_code IS NULL AND arbeidsmarktregio_code = ?),
                                    (SELECT CASE WHEN count({column}) = (SELECT count(*) FROM parts)
                                                 THEN sum({column}) END
                                     FROM rows WHERE gemeente_code IN (SELECT * FROM parts))
                                )::DOUBLE)""")
            size_args += [group, f.end, *part_args, not f.gemeenten, f.regio]
        size = dict(records(" UNION ALL ".join(sizes), size_args))
        df["omvang"] = [size[g] for g in groups]
    df["bereik"] = (df["bereikt"] / df["omvang"]).where(df["omvang"] > 0)
    return df


def placements_against_target(f: Filters) -> pd.DataFrame:
    """Persons placed this year to date against the local target, per municipality chosen
    (all instruments and target groups: the target is set that way), at the period's end;
    perturbed in `gaps` like every other page's placements."""
    areas = list(f.gemeenten)
    area_sql = (f"gebied_code IN ({_marks(areas)})" if areas
                else "gebied_code IN (SELECT gemeente_code FROM dim_gemeente "
                     "WHERE arbeidsmarktregio_code = ?)")
    return query(f"""SELECT gebied_code, gebied_naam, periode, realisatie, doel, status
                     FROM gaps WHERE indicator = 'instrument_plaatsingen'
                       AND gebied_niveau = 'gemeente' AND {area_sql} AND periode = ?
                     ORDER BY gebied_naam""", (areas or [f.regio]) + [f.tot])


# --- Datasets for researchers: one slice description, the same rows on screen and in exports ---

FORMULA_START = ", ".join(f"chr({ord(c)})" for c in FORMULA_CHARS)


# A person count's record key sum sits beside it as `<count>_sleutel`; with the ptable it
# would give the exact count back, so no such column ever leaves the warehouse.
KEY_SUFFIX = "_sleutel"


@memoised(known=_is_dataset)
def dataset_columns(name: str) -> list[tuple[str, str]]:
    """(column, DuckDB type) of a dataset, in table order (key sums left out)."""
    table = DATASETS[name].table
    df = query("SELECT column_name, data_type FROM information_schema.columns "
               "WHERE table_name = ? AND NOT suffix(column_name, ?) ORDER BY ordinal_position",
               [table, KEY_SUFFIX])
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


def _perturbed_sql(count: str, key: str) -> str:
    """SQL of a count plus its noise (`key`: the count's record key sum), as `Ptable.perturb`
    gives it: the same cell gets the same value in a page and in an export."""
    return (f"({count} + (SELECT ruis FROM ckm)[least({count}, (SELECT cap FROM ckm)) * 256 "
            f"+ {key} % 256 + 1])")


def _scaled_sql(value: str, count: str, shown: str, kind: str = "DOUBLE") -> str:
    """SQL of `Ptable.scale`: a magnitude summed over a count's persons, scaled as the count,
    of type `kind`. Money (a DECIMAL) is scaled exactly in its smallest units and rounded
    half away from zero: through a DOUBLE a cent could fall either way of a half."""
    if not kind.startswith("DECIMAL"):
        scaled = f"CAST({value} AS DOUBLE) * {shown} / {count}"
    else:
        scale = int(kind.rstrip(")").split(",")[1])
        units = f"CAST({value} * {10 ** scale} AS HUGEINT) * {shown}"
        scaled = (f"CAST(sign({units}) * ((2 * abs({units}) + {count}) // (2 * {count})) "
                  f"AS DECIMAL(38, 0)) / {10 ** scale}")
    return f"CAST(CASE WHEN {shown} = 0 THEN 0 ELSE {scaled} END AS {kind})"


FLOAT_DECIMALS = 1  # a scaled FTE in an export: the precision the companies deliver
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
                expr = _scaled_sql(expr, count, shown[first], kind)
            else:
                # to its sources' precision: at full precision an attacker who knows how a
                # cell's FTE is rounded (Wsw: 0.78 per person, to 0.1) told the count apart
                fixed = f"DECIMAL(38,{FLOAT_DECIMALS})"
                scaled = _scaled_sql(f"CAST({expr} AS {fixed})", count, shown[first], fixed)
                expr = f"CAST({scaled} AS {kind})"
        if csv_dialect and kind == "VARCHAR" and col not in CODED:
            # a first-character test: a regular expression per text cell made the CSV
            # export of 10M rows half again slower than DuckDB's own COPY
            expr = f"CASE WHEN left({expr}, 1) IN ({FORMULA_START}) THEN '''' || {expr} " \
                   f"ELSE {expr} END"
        elif csv_dialect == "nl" and (kind in ("DOUBLE", "FLOAT") or kind.startswith("DECIMAL")):
            expr = f"replace(CAST({expr} AS VARCHAR), '.', ',')"
        select.append(f'{expr} AS "{col}"')
    where, params = _any_of((f'CAST("{col}" AS VARCHAR)', values) for col, values in q.filters)
    if ds.period and (q.periode_van or q.periode_tot):
        where.append(f'"{ds.period}" IN (SELECT periode FROM dim_periode WHERE '
                     "begindatum >= coalesce((SELECT begindatum FROM dim_periode "
                     "WHERE periode = ?), DATE '0001-01-01') AND einddatum <= coalesce(("
                     "SELECT einddatum FROM dim_periode WHERE periode = ?), DATE '9999-12-31'))")
        params += [q.periode_van, q.periode_tot]
    counts = "".join(f', {_perturbed_sql(count, key)} AS {s}' for count, key, s in (
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
    cur = _cursor()
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


# --- Social development companies: workforce, the Wsw decline, revenue and funding ---

WSW = "Wsw"


@memoised
def sob_domain() -> SobDomain:
    """The values the company filters may take."""
    row = query("""SELECT list(DISTINCT organisatie ORDER BY organisatie) AS o,
                          list(DISTINCT unit ORDER BY unit) AS u,
                          list(DISTINCT werkvorm ORDER BY werkvorm) AS w,
                          list(DISTINCT regeling ORDER BY regeling) AS r,
                          list(DISTINCT gemeente_code ORDER BY gemeente_code)
                              FILTER (WHERE gemeente_code IS NOT NULL) AS g,
                          list(DISTINCT periode ORDER BY periode) AS m
                   FROM fct_sob_bezetting""").iloc[0]
    return SobDomain(*(tuple(row[k]) if row[k] is not None else () for k in "ouwrgm"))


def _sob_where(f: SobFilters) -> tuple[str, list]:
    """The company filters as a WHERE clause (fixed column names, bound values)."""
    sql, params = _any_of((column, values) for column, values in (
        ("organisatie", f.organisaties), ("unit", f.units), ("werkvorm", f.werkvormen),
        ("regeling", f.regelingen), ("gemeente_code", f.gemeenten)))
    return " AND ".join(["periode BETWEEN ? AND ?", *sql]), [f.van, f.tot, *params]


def _sob_table(f: SobFilters) -> str:
    """The workforce table a slice is read from: without home municipalities (a tenth of
    the rows) unless some are chosen."""
    return "fct_sob_bezetting" if f.gemeenten else "fct_sob_maand"


def sob_monthly(f: SobFilters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Persons and FTE per month and scheme (regeling) for the chosen slice, and per month
    over all its schemes (`personen`, `fte`, `wsw`: persons in the Wsw), persons perturbed
    and each FTE scaled with its own cell's persons: a month's total is a cell of its own,
    not the sum of its perturbed parts."""
    where, params = _sob_where(f)
    df = query(f"""SELECT periode, regeling, sum(medewerkers)::BIGINT AS personen,
                          sum(medewerkers_sleutel)::BIGINT AS sleutel, sum(fte)::DOUBLE AS fte,
                          grouping(regeling) = 1 AS totaal
                   FROM {_sob_table(f)} WHERE {where}
                   GROUP BY GROUPING SETS ((periode, regeling), (periode))
                   ORDER BY periode, regeling""", params)
    shown = ptable().perturb(df["personen"], df.pop("sleutel"))
    df["fte"] = ptable().scale(df["fte"], df["personen"], shown)
    df["personen"] = shown
    total = df.pop("totaal").to_numpy(dtype=bool)
    per_scheme = df[~total].reset_index(drop=True)
    months = df[total].set_index("periode")[["personen", "fte"]]
    months.index = months.index.astype(object)
    wsw = per_scheme[per_scheme["regeling"] == WSW].set_index("periode")["personen"]
    months["wsw"] = wsw.reindex(months.index).fillna(0).to_numpy(dtype="int64")
    return per_scheme, months


def sob_units(f: SobFilters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """At the last month of the period: persons per organisation/unit × work form (perturbed,
    with totals) and FTE per organisation/unit and in total, each scaled with the persons of
    its unit's (or the grand) total."""
    where, params = _sob_where(dataclasses.replace(f, van=f.tot))
    rows = records(f"""SELECT organisatie || ' · ' || unit AS eenheid, werkvorm,
                              sum(medewerkers)::BIGINT AS n,
                              sum(medewerkers_sleutel)::BIGINT AS sleutel,
                              sum(fte)::DOUBLE AS fte
                       FROM {_sob_table(f)} WHERE {where} GROUP BY ALL""", params)
    units = sorted({r[0] for r in rows})
    forms = sorted({r[1] for r in rows})
    table = perturbed_table((r[:4] for r in rows), units, forms, ("eenheid", "werkvorm"))
    fte, counts = (np.append(a, a.sum()) for a in (_sum_by(rows, 0, 4, units, "float64"),
                                                    _sum_by(rows, 0, 2, units)))
    fte = pd.DataFrame({"fte": ptable().scale(fte, counts, table[TOTAL].to_numpy())},
                       index=pd.Index([*units, TOTAL], name="eenheid", dtype=object))
    return table, fte


def sob_revenue(f: SobFilters) -> pd.DataFrame:
    """Revenue per year and unit over the period's months (`maanden`: how many had revenue),
    with the unit's average FTE over each whole year of the period (for revenue per FTE),
    each month's FTE scaled with that unit-month's persons (exact, revenue per FTE would give
    the unit's average headcount back); scheme, work form and municipality do not split
    revenue, so only organisation and unit filter it."""
    # every month of the period's years: the average FTE is over whole years
    years, params = _sob_where(dataclasses.replace(f.by_unit, van=f.van[:4],
                                                   tot=f.tot[:4] + "-99"))
    in_period = "FILTER (WHERE periode BETWEEN ? AND ?)"
    shown = _perturbed_sql("medewerkers", "medewerkers_sleutel")
    return query(f"""SELECT *, omzet / nullif(fte_gem, 0) AS omzet_per_fte FROM (
                         SELECT left(periode, 4)::INTEGER AS jaar, organisatie, unit,
                                (sum(omzet) {in_period})::DOUBLE AS omzet,
                                count(omzet) {in_period} AS maanden,
                                avg({_scaled_sql("fte", "medewerkers", "getoond")}) AS fte_gem
                         FROM (SELECT *, {shown} AS getoond FROM fct_sob_eenheid
                               WHERE {years})
                         GROUP BY ALL)
                     WHERE maanden > 0 ORDER BY jaar, organisatie, unit""",
                 [f.van, f.tot] * 2 + params)


@memoised(known=lambda organisaties: set(organisaties) <= set(sob_domain().organisaties))
def funding(organisaties: tuple[str, ...] = ()) -> pd.DataFrame:
    """Funding per scheme and year (structural amounts have no year)."""
    where = f"WHERE organisatie IN ({_marks(organisaties)})" if organisaties else ""
    return query(f"""SELECT organisatie, regeling, jaar, structureel, bedrag::DOUBLE AS bedrag,
                            provenance FROM fct_financiering {where}
                     ORDER BY organisatie, regeling, jaar NULLS LAST""", list(organisaties))


def wsw_yearly(f: SobFilters) -> pd.Series:
    """Wsw headcount each January of the chosen slice, perturbed (the whole history: a
    projection needs it whatever period is on screen)."""
    g = dataclasses.replace(f, van="0000", tot="9999", regelingen=(WSW,))
    where, params = _sob_where(g)
    df = query(f"""SELECT left(periode, 4)::INTEGER AS jaar, sum(medewerkers)::BIGINT AS n,
                          sum(medewerkers_sleutel)::BIGINT AS sleutel
                   FROM {_sob_table(g)} WHERE {where} AND periode LIKE '%-01'
                   GROUP BY ALL ORDER BY jaar""", params)
    return pd.Series(ptable().perturb(df["n"], df["sleutel"]), index=df["jaar"], name="n")


class SobView:
    """Every company figure for one slice. Its questions are asked at once and each figure
    waits for its own answer only, so the page draws the first views while the warehouse
    still answers for the next: Python and DuckDB share the cores instead of taking turns."""

    def __init__(self, f: SobFilters):
        calls = {"monthly": (sob_monthly, f), "units": (sob_units, f), "wsw": (wsw_yearly, f),
                 "revenue": (sob_revenue, f), "funding": (funding, f.organisaties)}
        if f.by_unit != f:
            calls["revenue_monthly"] = (sob_monthly, f.by_unit)
        self._answers = dict(zip(calls, asked(*calls.values()), strict=True))

    def _answer(self, name: str):
        return self._answers[name].result()

    @property
    def monthly(self) -> pd.DataFrame:
        """Per month and scheme (see `sob_monthly`)."""
        return self._answer("monthly")[0]

    @property
    def months(self) -> pd.DataFrame:
        """Per month over all schemes (see `sob_monthly`)."""
        return self._answer("monthly")[1]

    @property
    def units(self) -> pd.DataFrame:
        """Persons per unit and work form (see `sob_units`)."""
        return self._answer("units")[0]

    @property
    def unit_fte(self) -> pd.DataFrame:
        """FTE per unit (see `sob_units`)."""
        return self._answer("units")[1]

    @property
    def wsw(self) -> pd.Series:
        """See `wsw_yearly`."""
        return self._answer("wsw")

    @property
    def revenue(self) -> pd.DataFrame:
        """See `sob_revenue`."""
        return self._answer("revenue")

    @property
    def revenue_months(self) -> pd.DataFrame:
        """`sob_monthly`'s months of the slice revenue is split by."""
        return self._answer("revenue_monthly" if "revenue_monthly" in self._answers
                            else "monthly")[1]

    @property
    def funding(self) -> pd.DataFrame:
        """See `funding`."""
        return self._answer("funding")


def sob_view(f: SobFilters) -> SobView:
    """The company questions of one slice, asked at once."""
    return SobView(f)


def health() -> dict:
    """What /healthz reports: data date, when the warehouse was built, rows in gaps."""
    row = query("SELECT (SELECT max(loaded_at) FROM load_log) AS built, "
                "(SELECT count(*) FROM gaps) AS gaps").iloc[0]
    return {"data_date": data_date(), "built_at": pd.Timestamp(row["built"]).isoformat(),
            "gaps_rows": int(row["gaps"])}


# --- Data stewards (the Beheer page): what was loaded, what was rejected ---


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
    where, params = _any_of(
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
