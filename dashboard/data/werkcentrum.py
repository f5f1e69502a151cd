"""Werkcentrum instruments: read from the additive marts (starts, ends and what runs, per
quarter), persons reached from the person-level rows; every count perturbed before it leaves.
One filter change is one set of questions asked at once (`instrument_view`), reach included."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from dashboard.data import vocabulary
from dashboard.data.core import any_of, at_once, marks, memoised, query, records
from dashboard.data.gaps import is_region
from dashboard.data.protected import perturbed_series, perturbed_table, ptable, sum_by
from dashboard.filters import Domain, Filters

# REACHED holds exactly the person-level rows of the target groups with a register
# (vocabulary.registers)
STARTS, ENDS, RUNNING, REACHED = ("fct_instrument_kwartaal", "fct_instrument_einde",
                                   "fct_instrument_lopend", "fct_instrument_bereik")


def outcomes() -> tuple[str, ...]:
    """The outcomes of an ended deployment (every Resultaat but the running one), in order."""
    running = vocabulary.the("Resultaat", "lopend")
    return tuple(v for v in vocabulary.values("Resultaat") if v != running)


@memoised(known=is_region)
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
    groups = [g for g in vocabulary.values("Doelgroep") if g in set(vals["d"])]
    return Domain(region, tuple(gem), tuple(groups), tuple(sorted(vals["i"])), tuple(quarters))


def _where(f: Filters) -> tuple[str, list]:
    """The filters (without the period) as a WHERE clause over the instrument tables."""
    sql, params = any_of((("gemeente_code", f.gemeenten), ("doelgroep", f.doelgroepen),
                           ("instrument", f.instrumenten)))
    return " AND ".join(["arbeidsmarktregio_code = ?", *sql]), [f.regio, *params]


def _chosen(f: Filters, domain: Domain) -> tuple[list[str], list[str]]:
    return (list(f.instrumenten or domain.instrumenten), list(f.doelgroepen or domain.doelgroepen))


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
    reach: pd.DataFrame  # see `instrument_reach`


def instrument_view(f: Filters, domain: Domain) -> InstrumentView:
    """Every question of one filter change, asked at once: starts per instrument × target
    group × quarter of the period, ends per instrument × target group × outcome in the
    period, what runs per instrument at the period's end (one quarter of the running mart,
    where it once summed every quarter up to the period's end of both other marts), the
    placements against their target, and the persons reached with their groups' sizes. Each
    count comes with its record keys' sum. The roll-ups are summed here: for answers of a
    few hundred rows that costs less than grouping sets in DuckDB."""
    where, params = _where(f)
    starts, ends, running_rows, placements, reached, sizes = at_once(
        (records, f"""SELECT instrument, doelgroep, periode, sum(inzetten), sum(inzetten_sleutel)
                      FROM {STARTS} WHERE {where} AND periode BETWEEN ? AND ? GROUP BY ALL""",
         [*params, f.van, f.tot]),
        (records, f"""SELECT instrument, doelgroep, resultaat, sum(inzetten),
                             sum(dagen), coalesce(sum(kosten), 0)::DOUBLE,
                             sum(binnen_zes_maanden), sum(inzetten_sleutel),
                             sum(binnen_zes_maanden_sleutel)
                      FROM {ENDS} WHERE {where} AND periode BETWEEN ? AND ? GROUP BY ALL""",
         [*params, f.van, f.tot]),
        (records, f"""SELECT instrument, sum(inzetten), sum(inzetten_sleutel)
                      FROM {RUNNING} WHERE {where} AND periode = ? GROUP BY ALL""",
         [*params, f.tot]),
        (placements_against_target, f),
        (_reached, f),
        (_group_sizes, f))
    instruments, groups = _chosen(f, domain)
    starts_table = perturbed_table(((r[0], r[1], r[3], r[4]) for r in starts), instruments,
                                   groups, ("instrument", "doelgroep"))
    outcomes_table = perturbed_table(((r[1], r[2], r[3], r[7]) for r in ends), groups,
                                     list(outcomes()), ("doelgroep", "resultaat"))
    # what runs at the period's end, with its key sum: the running mart's cells at that
    # quarter (the deployments started by then minus those ended by then)
    running = sum_by(running_rows, 0, 1, instruments)
    running_key = sum_by(running_rows, 0, 2, instruments)
    at = pd.Index(instruments, dtype=object)
    flow = pd.DataFrame({
        "lopend": perturbed_series(running, running_key, at),
        "beeindigd": perturbed_series(sum_by(ends, 0, 3, instruments),
                                      sum_by(ends, 0, 7, instruments), at)})
    quarters = domain.kwartalen[domain.kwartalen.index(f.van):domain.kwartalen.index(f.tot) + 1]
    trend = perturbed_series(sum_by(starts, 2, 3, quarters), sum_by(starts, 2, 4, quarters),
                             pd.Index(quarters, name="periode"))
    aoc_name = vocabulary.the("Instrument", "aoc")
    dropped = vocabulary.with_role("Resultaat", "uitval")
    work = vocabulary.with_role("Resultaat", "werk")
    aoc_started = [r for r in starts if r[0] == aoc_name]
    aoc_ended = [r for r in ends if r[0] == aoc_name]
    aoc_out = [r for r in aoc_ended if r[2] in dropped]
    aoc_work = [r for r in aoc_ended if r[2] in work]
    k = instruments.index(aoc_name) if aoc_name in instruments else None
    aoc = {"gestart": (sum(r[3] for r in aoc_started), sum(r[4] for r in aoc_started)),
           "lopend": (0, 0) if k is None else (running[k], running_key[k]),
           "binnen_termijn": (sum(r[6] for r in aoc_ended), sum(r[8] for r in aoc_ended)),
           "uitval": (sum(r[3] for r in aoc_out), sum(r[7] for r in aoc_out)),
           "naar_werk": (sum(r[3] for r in aoc_work), sum(r[7] for r in aoc_work))}
    counts, keys = zip(*aoc.values(), strict=True)
    return InstrumentView(
        starts_table, flow, outcomes_table, _results(ends, instruments), trend,
        pd.Series(ptable().perturb(counts, keys), index=list(aoc)), placements,
        _reach_frame(f, reached, sizes))


def _results(ended: list[tuple], instruments: list[str]) -> pd.DataFrame:
    """Per instrument, over deployments ended in the period (with an outcome): how many
    (`n`) and how many in work (`n_werk`), perturbed; the mean days from start to outcome,
    and the cost per deployment that ended in work, each left out (NaN) when fewer than the
    threshold's deployments lie under it (a mean of one or two persons describes them).
    `ended`: rows of the ends question (every one in the period)."""
    at = {i: k for k, i in enumerate(instruments)}
    n, n_werk, dagen, key, key_werk = (np.zeros(len(instruments), dtype="int64")
                                       for _ in range(5))
    kosten = np.zeros(len(instruments))
    running, work = vocabulary.the("Resultaat", "lopend"), vocabulary.with_role("Resultaat", "werk")
    for instrument, _group, outcome, count, days, cost, _within, keys, _wkey in ended:
        k = at.get(instrument)
        if k is not None and outcome != running:
            n[k] += count
            key[k] += keys
            dagen[k] += days
            kosten[k] += cost
            if outcome in work:
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


def outcome_shares(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Each outcome's share of its target group's ended deployments, from `outcomes` of an
    `InstrumentView` (perturbed counts over their perturbed total; NaN where that is 0),
    without the `Totaal` margins."""
    counts = outcomes.to_numpy()[:-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.DataFrame(np.where(counts[:, -1:] == 0, np.nan,
                                     counts[:, :-1] / counts[:, -1:]),
                            index=outcomes.index[:-1], columns=outcomes.columns[:-1])


def _reach_groups(f: Filters) -> list[str]:
    """The chosen target groups whose size is known (all of them when none is chosen)."""
    return [g for g in vocabulary.registers() if not f.doelgroepen or g in f.doelgroepen]


def _quarter_number(day) -> int:
    """The quarter a day lies in, numbered as the reach mart numbers them."""
    return day.year * 4 + (day.month - 1) // 3


def _reached(f: Filters) -> dict[str, tuple[int, int]]:
    """Per target group of `_reach_groups`: the persons with a deployment running in the
    reach window (whole quarters, `reach_start` to `end`), and their record keys' sum: the
    cell is a set of persons. Without a choice of municipalities or instruments, or with one
    municipality and no instrument, each reached person is the one row whose predecessors
    end before the window (see etl/sql/marts/fct_instrument_bereik.sql): a count and a sum,
    no distinct. Any other choice counts the distinct persons among the rows."""
    groups = _reach_groups(f)
    if not groups:
        return {}
    where, params = _where(f)
    first, last = _quarter_number(f.reach_start), _quarter_number(f.end)
    window = (f"{where} AND doelgroep IN ({marks(groups)}) "
              f"AND van_kwartaal <= ? AND tot_kwartaal >= ?")
    args = [*params, *groups, last, first]
    if not f.instrumenten and len(f.gemeenten) <= 1:
        before = "voor_gemeente" if f.gemeenten else "voor_persoon"
        sql = (f"SELECT doelgroep, count(*), sum(client_sleutel) FROM {REACHED} "
               f"WHERE {window} AND {before} < ? GROUP BY doelgroep")
        args.append(first)
    else:
        sql = (f"SELECT doelgroep, count(*), sum(client_sleutel) FROM ("
               f"SELECT DISTINCT doelgroep, client, client_sleutel FROM {REACHED} "
               f"WHERE {window}) GROUP BY doelgroep")
    return {g: (n, key) for g, n, key in records(sql, args)}


def _group_sizes(f: Filters) -> dict[str, float]:
    """Per target group of `_reach_groups`: its size at the end of the period (from the UWV
    sources), the sum over the chosen municipalities (all of the region's when none is
    chosen, unless the source gives the region's own total), known only when every one of
    them is known."""
    groups = _reach_groups(f)
    if not groups:
        return {}
    parts = ("SELECT unnest(?::VARCHAR[])" if f.gemeenten else
             "SELECT gemeente_code FROM dim_gemeente WHERE arbeidsmarktregio_code = ?")
    part_args = [list(f.gemeenten) if f.gemeenten else f.regio]
    registers = vocabulary.registers()
    sizes, size_args = [], []
    for group in groups:
        table, column = (f'"{name}"' for name in registers[group])
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
    return dict(records(" UNION ALL ".join(sizes), size_args))


def _reach_frame(f: Filters, reached: dict[str, tuple[int, int]],
                 sizes: dict[str, float]) -> pd.DataFrame:
    """The reach table from the answers of `_reached` and `_group_sizes`."""
    groups = _reach_groups(f)
    df = pd.DataFrame({"doelgroep": groups, "bereikt": 0, "omvang": np.nan})
    if groups:
        counts, keys = zip(*(reached.get(g, (0, 0)) for g in groups), strict=True)
        df["bereikt"] = ptable().perturb(counts, keys)
        df["omvang"] = [sizes[g] for g in groups]
    df["bereik"] = (df["bereikt"] / df["omvang"]).where(df["omvang"] > 0)
    return df


def instrument_reach(f: Filters) -> pd.DataFrame:
    """Persons with a deployment running in the period's last four quarters (`reach_start` to
    `end`) per target group whose size is known, against that size at the end of the period
    (from the UWV sources). `instrument_view` asks the same with the page's other questions."""
    reached, sizes = at_once((_reached, f), (_group_sizes, f))
    return _reach_frame(f, reached, sizes)


def placements_against_target(f: Filters) -> pd.DataFrame:
    """Persons placed this year to date against the local target, per municipality chosen
    (all instruments and target groups: the target is set that way), at the period's end;
    perturbed in `gaps` like every other page's placements."""
    areas = list(f.gemeenten)
    area_sql = (f"gebied_code IN ({marks(areas)})" if areas
                else "gebied_code IN (SELECT gemeente_code FROM dim_gemeente "
                     "WHERE arbeidsmarktregio_code = ?)")
    return query(f"""SELECT gebied_code, gebied_naam, periode, realisatie, doel, status
                     FROM gaps WHERE indicator = 'instrument_plaatsingen'
                       AND gebied_niveau = 'gemeente' AND {area_sql} AND periode = ?
                     ORDER BY gebied_naam""", (areas or [f.regio]) + [f.tot])
