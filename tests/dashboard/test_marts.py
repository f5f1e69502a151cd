"""The Werkcentrum views read two additive marts (starts and ends per quarter) and a narrow
sorted table for distinct persons reached; over random filter combinations on national data
they equal the same question asked of the person-level table, perturbed with the sum of its
rows' record keys (the marts' key sums must add up to exactly that)."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.data import werkcentrum as werkcentrum_data
from dashboard.filters import Filters
from dashboard.protection import TOTAL
from etl.sources import LISTS
from tests.ckm_oracle import PARAMETERS, perturbed
from tests.conftest import reading


@pytest.fixture(scope="module")
def national(national_warehouse):
    warehouse = national_warehouse[0]
    with reading(warehouse), duckdb.connect(str(warehouse), read_only=True) as con:
        yield con


def detail(con, f: Filters, sql: str, params: list | None = None) -> list[tuple]:
    """`sql` (a SELECT ... FROM i ...) over the person-level rows the filters choose."""
    where, fparams = werkcentrum_data._where(f)
    return con.execute(f"WITH i AS (SELECT * FROM fct_instrument_inzet WHERE {where}) {sql}",
                       fparams + (params or [])).fetchall()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pick=st.data())
def test_werkcentrum_views_equal_the_detail(national, pick):
    con = national
    region = pick.draw(st.sampled_from(
        [r for (r,) in con.execute("SELECT arbeidsmarktregio_code FROM dim_arbeidsmarktregio "
                                   "ORDER BY 1").fetchall()]))
    domain = werkcentrum_data.instrument_domain(region)
    query = {"gemeente": pick.draw(st.lists(st.sampled_from(domain.gemeenten), unique=True)),
             "doelgroep": pick.draw(st.lists(st.sampled_from(domain.doelgroepen), unique=True)),
             "instrument": pick.draw(st.lists(st.sampled_from(domain.instrumenten),
                                              unique=True)),
             "van": pick.draw(st.sampled_from(domain.kwartalen)),
             "tot": pick.draw(st.sampled_from(domain.kwartalen))}
    f = Filters.parse(query, domain)
    span = [f.start, f.end]

    view = werkcentrum_data.instrument_view(f, domain)
    starts = view.starts
    for instrument, group, n, key in detail(
            con, f, "SELECT instrument, doelgroep, count(*), sum(inzet_sleutel) FROM i "
            "WHERE startdatum BETWEEN ? AND ? GROUP BY ALL", span):
        assert starts.loc[instrument, group] == perturbed(n, key)
    [(began, key)] = detail(con, f, "SELECT count(*), coalesce(sum(inzet_sleutel), 0) FROM i "
                                    "WHERE startdatum BETWEEN ? AND ?", span)
    assert starts.loc[TOTAL, TOTAL] == perturbed(began, key)

    flow = view.flow
    for instrument, *counts in detail(con, f, """
            SELECT instrument,
                   count(*) FILTER (WHERE startdatum <= $2 AND (einddatum IS NULL
                                    OR einddatum > $2)),
                   coalesce(sum(inzet_sleutel) FILTER (WHERE startdatum <= $2 AND (
                                    einddatum IS NULL OR einddatum > $2)), 0),
                   count(*) FILTER (WHERE einddatum BETWEEN $1 AND $2),
                   coalesce(sum(inzet_sleutel) FILTER (WHERE einddatum BETWEEN $1 AND $2), 0)
            FROM i GROUP BY ALL""".replace("$1", "?").replace("$2", "?"),
                                             [f.end, f.end, f.end, f.end, f.start, f.end,
                                              f.start, f.end]):
        assert (flow.loc[instrument, "lopend"], flow.loc[instrument, "beeindigd"]) \
            == (perturbed(*counts[:2]), perturbed(*counts[2:]))

    outcomes = view.outcomes
    for group, result, n, key in detail(
            con, f, "SELECT doelgroep, resultaat, count(*), sum(inzet_sleutel) FROM i "
            "WHERE einddatum BETWEEN ? AND ? AND resultaat <> 'Lopend' GROUP BY ALL", span):
        assert outcomes.loc[group, result] == perturbed(n, key)

    results = view.results
    for instrument, n, key, days in detail(
            con, f, "SELECT instrument, count(*), sum(inzet_sleutel), avg(einddatum - startdatum) "
            "FROM i WHERE einddatum BETWEEN ? AND ? AND resultaat <> 'Lopend' GROUP BY ALL",
            span):
        assert results.loc[instrument, "n"] == perturbed(n, key)
        if n >= PARAMETERS.threshold:
            assert results.loc[instrument, "gemiddelde_dagen"] == pytest.approx(days)

    trend = view.trend
    assert trend[TOTAL] == starts.loc[TOTAL, TOTAL]  # the same cell, the same value

    reach = werkcentrum_data.instrument_reach(f).set_index("doelgroep")
    areas = list(f.gemeenten or domain.gemeenten)
    for group in reach.index:
        [(persons, key)] = detail(
            con, f, "SELECT count(*), coalesce(sum(client_sleutel), 0) FROM (SELECT DISTINCT "
            "client, client_sleutel FROM i WHERE doelgroep = ? AND startdatum <= ? AND "
            "(einddatum IS NULL OR einddatum >= ?))", [group, f.end, f.reach_start])
        assert reach.loc[group, "bereikt"] == perturbed(persons, key)
        # national data has no region rows: the size is the sum over the municipalities
        [register] = (v.register for v in LISTS["Doelgroep"].waarden if v.waarde == group)
        table, column = register.split(".")
        (size,) = con.execute(
            f"SELECT sum({column}) FROM {table} WHERE gemeente_code IN "
            f"(SELECT unnest(?::VARCHAR[])) AND periode = (SELECT max(periode) FROM {table} "
            f"JOIN dim_periode USING (periode) WHERE einddatum <= ?)", [areas, f.end]).fetchone()
        assert reach.loc[group, "omvang"] == size

    [aoc_name] = LISTS["Instrument"].with_role("aoc")
    work_outcomes = LISTS["Resultaat"].with_role("werk")
    if aoc_name in domain.instrumenten and (not f.instrumenten or aoc_name in f.instrumenten):
        aoc = view.aoc
        work = ", ".join("?" * len(work_outcomes))
        [expected] = detail(con, f, f"""
            SELECT {', '.join(f"count(*) FILTER (WHERE {c}), "
                              f"coalesce(sum(inzet_sleutel) FILTER (WHERE {c}), 0)" for c in (
                "startdatum BETWEEN ? AND ?",
                "startdatum <= ? AND (einddatum IS NULL OR einddatum > ?)",
                "einddatum BETWEEN ? AND ? AND resultaat <> 'Uitval' "
                "AND einddatum <= startdatum + INTERVAL 6 MONTH",
                "einddatum BETWEEN ? AND ? AND resultaat = 'Uitval'",
                f"einddatum BETWEEN ? AND ? AND resultaat IN ({work})"))}
            FROM i WHERE instrument = ?""",
                            [*(2 * span), *(2 * [f.end, f.end]), *(2 * span), *(2 * span),
                             *(2 * [*span, *work_outcomes]), aoc_name])
        assert list(aoc) == [perturbed(n, key) for n, key in zip(expected[::2], expected[1::2],
                                                                  strict=True)]
