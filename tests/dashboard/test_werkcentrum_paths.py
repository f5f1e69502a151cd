"""The Werkcentrum's faster path gives every number the old one gave (issues 20 and 25).

One filter change now reads what runs at the period's end from a mart of running deployments
(`fct_instrument_lopend`) instead of summing every quarter of starts and ends up to it, reads
the starts and ends of the period only, and counts the persons reached as rows of the person
table whose earlier deployments ended before the window instead of collecting distinct
persons (for no municipality or one and no instrument; any other choice still counts distinct
persons). Here the old questions, as they were asked before, stand beside the new ones: for
many filter sets on the regional sample and on national sample data, every count of the page
(before and after perturbation: the same cells must have the same key sums), every mean and
cost, and the persons reached are the same.
"""

from __future__ import annotations

import itertools
import random

import duckdb
import numpy as np
import pandas as pd
import pytest

from dashboard.data import vocabulary
from dashboard.data import werkcentrum as wc
from dashboard.data.protected import perturbed_series, perturbed_table, ptable, sum_by
from dashboard.filters import Domain, Filters
from tests.conftest import reading


def old_view(con, f: Filters, domain: Domain) -> dict:
    """The figures as `instrument_view` computed them before: starts and ends up to the
    period's end (what runs is what started minus what ended by then), distinct persons
    reached from the person rows."""
    where, params = wc._where(f)
    starts = con.execute(f"""SELECT instrument, doelgroep, CASE WHEN periode >= ? THEN periode END,
                                    sum(inzetten), sum(inzetten_sleutel)
                             FROM fct_instrument_kwartaal WHERE {where} AND periode <= ?
                             GROUP BY ALL""", [f.van, *params, f.tot]).fetchall()
    ends = con.execute(f"""SELECT instrument, doelgroep, resultaat, periode >= ?, sum(inzetten),
                                  sum(dagen), coalesce(sum(kosten), 0)::DOUBLE,
                                  sum(binnen_zes_maanden), sum(inzetten_sleutel),
                                  sum(binnen_zes_maanden_sleutel)
                           FROM fct_instrument_einde WHERE {where} AND periode <= ?
                           GROUP BY ALL""", [f.van, *params, f.tot]).fetchall()
    instruments, groups = wc._chosen(f, domain)
    in_period = [r for r in starts if r[2] is not None]
    ended = [r for r in ends if r[3]]
    running = sum_by(starts, 0, 3, instruments) - sum_by(ends, 0, 4, instruments)
    running_key = sum_by(starts, 0, 4, instruments) - sum_by(ends, 0, 8, instruments)
    at = pd.Index(instruments, dtype=object)
    quarters = domain.kwartalen[domain.kwartalen.index(f.van):domain.kwartalen.index(f.tot) + 1]
    groups_reached = [g for g in vocabulary.registers()
                      if not f.doelgroepen or g in f.doelgroepen]
    reached = {g: (n, k) for g, n, k in con.execute(
        f"SELECT doelgroep, count(*), sum(client_sleutel) FROM (SELECT DISTINCT doelgroep, "
        f"client, client_sleutel FROM fct_instrument_inzet WHERE {where} "
        f"AND doelgroep IN ({', '.join('?' * len(groups_reached))}) AND startdatum <= ? "
        f"AND (einddatum IS NULL OR einddatum >= ?)) GROUP BY doelgroep",
        [*params, *groups_reached, f.end, f.reach_start]).fetchall()} if groups_reached else {}
    # the same means and costs as `_results` (n, n_werk over ended rows with an outcome)
    results = wc._results([r[:3] + r[4:] for r in ended], instruments)
    aoc = vocabulary.the("Instrument", "aoc")
    dropped = vocabulary.with_role("Resultaat", "uitval")
    work = vocabulary.with_role("Resultaat", "werk")
    aoc_started = [r for r in in_period if r[0] == aoc]
    aoc_ended = [r for r in ended if r[0] == aoc]
    k = instruments.index(aoc) if aoc in instruments else None
    aoc_cells = [(sum(r[3] for r in aoc_started), sum(r[4] for r in aoc_started)),
           (0, 0) if k is None else (running[k], running_key[k]),
           (sum(r[7] for r in aoc_ended), sum(r[9] for r in aoc_ended)),
           (sum(r[4] for r in aoc_ended if r[2] in dropped),
            sum(r[8] for r in aoc_ended if r[2] in dropped)),
           (sum(r[4] for r in aoc_ended if r[2] in work),
            sum(r[8] for r in aoc_ended if r[2] in work))]
    return {
        "true": {
            "running": list(zip(running, running_key % 256, strict=True)),
            "reached": {g: (n, k % 256) for g, (n, k) in reached.items()}},
        "starts": perturbed_table(((r[0], r[1], r[3], r[4]) for r in in_period), instruments,
                                  groups, ("instrument", "doelgroep")),
        "outcomes": perturbed_table(((r[1], r[2], r[4], r[8]) for r in ended), groups,
                                    list(wc.outcomes()), ("doelgroep", "resultaat")),
        "flow": pd.DataFrame({
            "lopend": perturbed_series(running, running_key, at),
            "beeindigd": perturbed_series(sum_by(ended, 0, 4, instruments),
                                          sum_by(ended, 0, 8, instruments), at)}),
        "results": results,
        "trend": perturbed_series(sum_by(in_period, 2, 3, quarters),
                                  sum_by(in_period, 2, 4, quarters),
                                  pd.Index(quarters, name="periode")),
        "aoc": list(ptable().perturb(*zip(*aoc_cells, strict=True))),
        "reached": list(ptable().perturb(*zip(*(reached.get(g, (0, 0)) for g in groups_reached),
                                              strict=True))) if groups_reached else [],
    }


def assert_same(con, f: Filters, domain: Domain) -> None:
    old = old_view(con, f, domain)
    new = wc.instrument_view(f, domain)
    pd.testing.assert_frame_equal(new.starts, old["starts"])
    pd.testing.assert_frame_equal(new.outcomes, old["outcomes"])
    pd.testing.assert_frame_equal(new.flow, old["flow"])
    pd.testing.assert_frame_equal(new.results, old["results"])
    pd.testing.assert_series_equal(new.trend, old["trend"])
    assert list(new.aoc) == old["aoc"]
    assert list(new.reach["bereikt"]) == old["reached"]
    pd.testing.assert_frame_equal(new.reach, wc.instrument_reach(f))
    # the true counts and key sums under the perturbation, straight from the new marts
    where, params = wc._where(f)
    instruments, _ = wc._chosen(f, domain)
    running = con.execute(f"""SELECT instrument, sum(inzetten), sum(inzetten_sleutel) % 256
                              FROM fct_instrument_lopend WHERE {where} AND periode = ?
                              GROUP BY ALL""", [*params, f.tot]).fetchall()
    got = dict(((i, (n, k)) for i, n, k in running))
    assert [got.get(i, (0, 0)) for i in instruments] == [
        (n, k) for n, k in old["true"]["running"]], f
    reached = wc._reached(f)
    assert {g: (n, k % 256) for g, (n, k) in reached.items()} == old["true"]["reached"], f


def filter_sets(domain: Domain, count: int, seed: int) -> list[Filters]:
    """The page's defaults, the benchmark's changes, and random choices of every filter:
    none, one or several municipalities (the reach's three paths), groups, instruments and
    periods of one quarter to all of them."""
    rng = random.Random(seed)
    q = domain.kwartalen
    fixed = [Filters.parse({}, domain),
             Filters.parse({"gemeente": domain.gemeenten[:1], "van": q[-5], "tot": q[-1]},
                           domain),
             Filters.parse({"gemeente": domain.gemeenten[:2], "doelgroep": ["Banenafspraak"],
                            "van": q[-8], "tot": q[-4]}, domain),
             Filters.parse({"instrument": domain.instrumenten[:1], "van": q[0], "tot": q[0]},
                           domain)]
    drawn = []
    for _ in range(count):
        i, j = sorted(rng.sample(range(len(q)), 2)) if len(q) > 1 else (0, 0)
        drawn.append(Filters.parse({
            "gemeente": rng.sample(domain.gemeenten, rng.choice([0, 0, 1, 1, 2, 3])),
            "doelgroep": rng.sample(domain.doelgroepen, rng.choice([0, 0, 1, 2])),
            "instrument": rng.sample(domain.instrumenten, rng.choice([0, 0, 0, 1, 2])),
            "van": q[i], "tot": q[j]}, domain))
    return fixed + drawn


@pytest.mark.parametrize("region", ["AM14", "AM10"])
def test_every_werkcentrum_number_is_what_the_old_path_gave(app, sample_warehouse, region):
    domain = wc.instrument_domain(region)
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        for f in filter_sets(domain, 40, seed=len(region)):
            assert_same(con, f, domain)


def test_every_werkcentrum_number_is_what_the_old_path_gave_nationally(national_warehouse):
    warehouse = national_warehouse[0]
    with reading(warehouse), duckdb.connect(str(warehouse), read_only=True) as con:
        regions = [r for (r,) in con.execute(
            "SELECT DISTINCT arbeidsmarktregio_code FROM fct_instrument_inzet ORDER BY 1")
            .fetchall()]
        for region in itertools.islice(regions, 0, None, 5):
            domain = wc.instrument_domain(region)
            for f in filter_sets(domain, 6, seed=hash(region) % 1000):
                assert_same(con, f, domain)


def test_reach_paths_agree(app, sample_warehouse):
    """The persons reached without a distinct (no municipality, or one) are those the
    distinct count finds over the same rows."""
    domain = wc.instrument_domain("AM14")
    q = domain.kwartalen
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        for town, (van, tot) in itertools.product(
                [(), *((g,) for g in domain.gemeenten)],
                [(q[0], q[-1]), (q[-1], q[-1]), (q[-3], q[-2]), (q[4], q[9])]):
            f = Filters.parse({"gemeente": list(town), "van": van, "tot": tot}, domain)
            where, params = wc._where(f)
            expected = {g: (n, k) for g, n, k in con.execute(
                f"SELECT doelgroep, count(*), sum(client_sleutel) FROM (SELECT DISTINCT "
                f"doelgroep, client, client_sleutel FROM fct_instrument_bereik WHERE {where} "
                f"AND startdatum <= ? AND (einddatum IS NULL OR einddatum >= ?)) GROUP BY 1",
                [*params, f.end, f.reach_start]).fetchall()}
            assert wc._reached(f) == expected, f
    assert np.any([n for n, _ in expected.values()])
