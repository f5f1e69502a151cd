"""The attacker's side: a user who asks the Werkcentrum views twice with overlapping filters
and subtracts the answers. Under suppression each of these routes recovered hidden counts of
1 to 4 exactly; under the cell key method each answer is a perturbed count, and the attacker,
who knows the published ptable, is left with several true values that fit every answer.

`preimage` is the attacker's knowledge: the true counts that could have produced a shown
value, read from the ptable (public: its parameters are on every page and in every export).
`feasible` combines two answers about sets A ⊇ B and the answer about A \\ B itself; a route
recovers an exact value when that leaves one candidate.
"""

from __future__ import annotations

import itertools
import json

import duckdb
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.data import gaps as gaps_data
from dashboard.data import werkcentrum as werkcentrum_data
from dashboard.filters import Filters
from dashboard.protection import TOTAL, Ptable
from etl.sources import LISTS
from tests.ckm_oracle import PARAMETERS, TABLE
from tests.conftest import reading

[AOC] = LISTS["Instrument"].with_role("aoc")

LOW = range(1, PARAMETERS.threshold)  # the counts the product promises never to give away


def preimage(shown: int) -> set[int]:
    """Every true count the ptable can turn into `shown`."""
    d = PARAMETERS.max_deviation
    return {n for n in range(max(0, shown - d), shown + d + 1)
            if shown - n in TABLE[min(n, PARAMETERS.cap)]}


def feasible(whole: int, rest: int, part: int | None = None) -> set[int]:
    """The values of |A \\ B| that fit the shown |A| (`whole`), |B| (`rest`) and, when the
    attacker also sees it, the shown |A \\ B| (`part`)."""
    out = {a - b for a in preimage(whole) for b in preimage(rest) if a >= b}
    return out if part is None else out & preimage(part)


def assert_not_recovered(truth: int, whole: int, rest: int, part: int | None = None):
    candidates = feasible(whole, rest, part)
    assert truth in candidates  # the attacker's reasoning is sound ...
    assert len(candidates) > 1, (truth, whole, rest, part)  # ... and leaves a choice


@pytest.fixture(scope="module")
def sample(sample_warehouse):
    with reading(sample_warehouse), duckdb.connect(str(sample_warehouse),
                                                   read_only=True) as con:
        yield con


def true_starts(con, f: Filters) -> dict[tuple[str, str], int]:
    """Deployments started in the period per (instrument, target group), from the records."""
    where, params = werkcentrum_data._where(f)
    return {(i, g): n for i, g, n in con.execute(
        f"SELECT instrument, doelgroep, count(*) FROM fct_instrument_inzet WHERE {where} "
        "AND startdatum BETWEEN ? AND ? GROUP BY ALL", [*params, f.start, f.end]).fetchall()}


def view(f: Filters) -> werkcentrum_data.InstrumentView:
    return werkcentrum_data.instrument_view(f, werkcentrum_data.instrument_domain(f.regio))


def small_cells(con, f: Filters) -> list[tuple[str, str, int]]:
    return [(i, g, n) for (i, g), n in sorted(true_starts(con, f).items()) if n in LOW]


@pytest.mark.parametrize("region, van, tot", [("AM14", "2024-K1", "2024-K4"),
                                              ("AM14", "2025-K1", "2025-K1"),
                                              ("AM10", "2024-K3", "2025-K1")])
def test_all_target_groups_against_all_but_one(sample, region, van, tot):
    f = Filters(regio=region, van=van, tot=tot)
    domain = werkcentrum_data.instrument_domain(f.regio)
    everyone = view(f).starts
    attacks = 0
    for instrument, group, truth in small_cells(sample, f):
        others = Filters(regio=region, van=f.van, tot=f.tot,
                         doelgroepen=tuple(g for g in domain.doelgroepen if g != group))
        assert_not_recovered(truth, everyone.loc[instrument, TOTAL],
                             view(others).starts.loc[instrument, TOTAL],
                             everyone.loc[instrument, group])
        attacks += 1
    assert attacks >= 2


def test_one_municipality_against_the_other_six(sample):
    domain = werkcentrum_data.instrument_domain("AM14")
    attacks = 0
    for town in domain.gemeenten:
        one = Filters(regio="AM14", gemeenten=(town,), van="2025-K1", tot="2025-K1")
        rest = Filters(regio="AM14", gemeenten=tuple(g for g in domain.gemeenten if g != town),
                       van=one.van, tot=one.tot)
        region = Filters(regio="AM14", van=one.van, tot=one.tot)
        whole, others, alone = view(region).starts, view(rest).starts, view(one).starts
        for instrument, group, truth in small_cells(sample, one):
            assert_not_recovered(truth, whole.loc[instrument, group],
                                 others.loc[instrument, group], alone.loc[instrument, group])
            attacks += 1
    assert attacks >= 3


def test_two_quarters_against_the_first(sample):
    attacks = 0
    for first, second in (("2024-K1", "2024-K2"), ("2024-K3", "2024-K4")):
        both = view(Filters(regio="AM14", van=first, tot=second)).starts
        one = view(Filters(regio="AM14", van=first, tot=first)).starts
        alone = view(Filters(regio="AM14", van=second, tot=second)).starts
        for instrument, group, truth in small_cells(
                sample, Filters(regio="AM14", van=second, tot=second)):
            assert_not_recovered(truth, both.loc[instrument, group], one.loc[instrument, group],
                                 alone.loc[instrument, group])
            attacks += 1
    assert attacks >= 3


def test_aoc_block_against_the_heatmap_row(sample):
    """The AOC block's 'started' is the heatmap's AOC row total: the same cell, so the same
    value; the attacker subtracts the row's other cells from it, each of them perturbed."""
    attacks = 0
    for van, tot in (("2024-K1", "2024-K4"), ("2025-K1", "2025-K1"), ("2023-K3", "2024-K2")):
        f = Filters(regio="AM14", van=van, tot=tot)
        v = view(f)
        row = v.starts.loc[AOC]
        assert v.aoc["gestart"] == row[TOTAL]
        truths = true_starts(sample, f)
        for group in row.index.drop(TOTAL):
            truth = truths.get((AOC, group), 0)
            if truth not in LOW:
                continue
            others = [row[g] for g in row.index.drop([TOTAL, group])]
            # the other cells' true sum: every combination of their preimages
            sums = {sum(c) for c in itertools.product(*(sorted(preimage(p)) for p in others))}
            candidates = {a - b for a in preimage(row[TOTAL]) for b in sums if a >= b}
            candidates &= preimage(row[group])
            assert truth in candidates and len(candidates) > 1
            attacks += 1
    assert attacks >= 1


def test_reach_with_and_without_one_municipality(sample):
    domain = werkcentrum_data.instrument_domain("AM14")
    attacks = exact = 0
    for town, tot in itertools.product(domain.gemeenten, ("2024-K4", "2025-K1")):
        every = Filters(regio="AM14", van=tot, tot=tot)
        rest = Filters(regio="AM14", gemeenten=tuple(g for g in domain.gemeenten if g != town),
                       van=tot, tot=tot)
        shown = [werkcentrum_data.instrument_reach(x).set_index("doelgroep")["bereikt"]
                 for x in (every, rest)]
        for group in shown[0].index:
            # persons reached only through this municipality, from the records
            [(truth,)] = sample.execute(
                """SELECT count(DISTINCT client) FILTER (WHERE client NOT IN (
                          SELECT client FROM fct_instrument_bereik WHERE doelgroep = $1
                            AND arbeidsmarktregio_code = 'AM14' AND gemeente_code <> $2
                            AND startdatum <= $3 AND (einddatum IS NULL OR einddatum >= $4)))
                   FROM fct_instrument_bereik WHERE doelgroep = $1
                     AND arbeidsmarktregio_code = 'AM14' AND gemeente_code = $2
                     AND startdatum <= $3 AND (einddatum IS NULL OR einddatum >= $4)""",
                [group, town, every.end, every.reach_start]).fetchall()
            if truth in LOW:
                assert_not_recovered(truth, shown[0][group], shown[1][group])
                attacks += 1
                exact += shown[0][group] - shown[1][group] == truth
    assert attacks >= 1 and exact < attacks  # the plain difference is not the answer


def test_the_same_placements_cell_has_one_value_everywhere(app, sample_warehouse):
    """Gauges, the region table, the Werkcentrum's placements, the report CSV and the gaps
    API all show the same perturbed placements; and they are perturbed: some differ from the
    count of placed persons in the records."""
    import io

    import pandas as pd

    client = app.server.test_client()
    with reading(sample_warehouse):
        gauges = gaps_data.latest_gaps("AM14").query("indicator == 'instrument_plaatsingen' and "
                                                     "gebied_niveau == 'gemeente'")
        period = gauges["periode"].iloc[0]
        placed = werkcentrum_data.placements_against_target(
            Filters(regio="AM14", van=period, tot=period))
    on_gauges = dict(zip(gauges["gebied_code"], gauges["realisatie"], strict=True))
    assert dict(zip(placed["gebied_code"], placed["realisatie"], strict=True)) == on_gauges
    api = json.loads(client.get(f"/api/v1/datasets/gaps.json?indicator=instrument_plaatsingen"
                                f"&gebied_niveau=gemeente&periode_van={period}"
                                f"&periode_tot={period}").data)
    in_api = {r["gebied_code"]: r["realisatie"] for r in api["rows"]}
    assert {c: in_api[c] for c in on_gauges} == on_gauges
    for code, value in on_gauges.items():
        report = pd.read_csv(io.StringIO(client.get(f"/rapport/{code}.csv?lang=en")
                                         .data.decode()))
        [shown] = report.query("indicator == 'instrument_plaatsingen' and "
                               "gebied_code == @code")["realisatie"]
        assert shown == value
    year = int(period[:4])
    truth = dict(duckdb.connect(str(sample_warehouse), read_only=True).execute(
        """SELECT gemeente_code, count(*) FROM (
               SELECT gemeente_code, client, min(einddatum) AS datum FROM fct_instrument_inzet
               WHERE resultaat IN ('Regulier werk', 'Werk met LKS', 'Beschut werk')
                 AND year(einddatum) = ? GROUP BY ALL)
           WHERE datum <= (SELECT einddatum FROM dim_periode WHERE periode = ?)
           GROUP BY ALL""", [year, period]).fetchall())
    differ = [c for c in on_gauges if on_gauges[c] != truth.get(c, 0)]
    assert differ  # perturbed, not the exact count
    assert all(abs(on_gauges[c] - truth.get(c, 0)) <= PARAMETERS.max_deviation for c in on_gauges)
    assert not any(v in LOW for v in on_gauges.values())


def test_a_heatmap_cell_and_its_export_row_are_one_value(app, sample):
    """One municipality, target group, instrument and quarter: a cell on the page and a row
    of the export hold the same records, so the same value."""
    client = app.server.test_client()
    rows = json.loads(client.get("/api/v1/datasets/instrument_inzet.json?"
                                 "arbeidsmarktregio_code=AM14&periode_van=2024-K3"
                                 "&periode_tot=2024-K3").data)["rows"]
    assert len(rows) > 20
    for r in rows[:20]:
        f = Filters(regio="AM14", gemeenten=(r["gemeente_code"],), doelgroepen=(r["doelgroep"],),
                    instrumenten=(r["instrument"],), van="2024-K3", tot="2024-K3")
        assert view(f).starts.loc[r["instrument"], r["doelgroep"]] == r["inzetten"]


# --- The property: random tables, random overlapping selections ---

PTABLE = Ptable(PARAMETERS.max_deviation, PARAMETERS.variance, PARAMETERS.threshold,
                TABLE.astype("int64"))


@settings(max_examples=300, deadline=None)
@given(keys=st.lists(st.integers(0, 255), min_size=1, max_size=60),
       pick=st.data())
def test_no_pair_of_overlapping_selections_gives_a_small_count_away(keys, pick):
    """Records with random keys; two selections A and B that overlap. The attacker sees the
    perturbed counts of A, B, A ∩ B, A \\ B and B \\ A (any of them is a filter away) and
    looks for the true |A \\ B| that fits them all; when it is 1 to 4, more than one must."""
    n = len(keys)
    a = set(pick.draw(st.lists(st.integers(0, n - 1), unique=True)))
    b = set(pick.draw(st.lists(st.integers(0, n - 1), unique=True)))
    parts = {"only_a": a - b, "both": a & b, "only_b": b - a}
    truth = len(parts["only_a"])
    if truth not in LOW:
        return

    def shown(records: set[int]) -> int:
        return int(PTABLE.perturb([len(records)], [sum(keys[r] for r in records)])[0])

    seen = {name: shown(s) for name, s in parts.items()} | {"a": shown(a), "b": shown(b)}
    candidates = set()
    for x, y, z in itertools.product(*(sorted(preimage(seen[k]))
                                       for k in ("only_a", "both", "only_b"))):
        if x + y in preimage(seen["a"]) and y + z in preimage(seen["b"]):
            candidates.add(x)
    assert truth in candidates
    assert len(candidates) > 1, (truth, seen)


def test_the_ptable_keeps_its_promises():
    """Never 1 to 4, never more than the maximum deviation, never below zero, an empty cell
    stays empty, unbiased, and the variance asked for on counts away from zero."""
    counts = np.arange(PARAMETERS.cap + 1)[:, None]
    out = counts + TABLE
    assert not ((out >= 1) & (out < PARAMETERS.threshold)).any()
    assert (np.abs(TABLE) <= PARAMETERS.max_deviation).all() and (out >= 0).all()
    assert (TABLE[0] == 0).all()
    assert np.abs(TABLE.mean(axis=1)).max() < 0.02
    assert TABLE[-1].var() == pytest.approx(PARAMETERS.variance, abs=0.1)
