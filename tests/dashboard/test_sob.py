"""Social development companies: figures match the fact table (each count perturbed as the
oracle's own record keys and the ptable say), the projection holds on history, the page shows
the published Wsw count within the perturbation."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import figures, projection
from dashboard.data import sob as sob_data
from dashboard.filters import SobFilters
from dashboard.i18n import fmt_number
from dashboard.protection import TOTAL
from etl.sample.reference import Reference
from tests.ckm_oracle import PARAMETERS, perturbed, record_key
from tests.conftest import REFERENCE, query, table_cells, texts


@pytest.fixture
def domain(app):
    return sob_data.sob_domain()


def sob_cell(sample_warehouse, where: str, params: list, by: str = "'alle'") -> dict:
    """The shown value of each group (`by`) of fact rows: their persons perturbed with the
    sum of the rows' record keys, computed here from each row's identity."""
    sums: dict = {}
    for group, month, org, unit, form, scheme, town, n in query(
            sample_warehouse, f"SELECT {by}, periode, organisatie, unit, werkvorm, regeling, "
            f"gemeente_code, medewerkers FROM fct_sob_bezetting WHERE {where}", params):
        key = record_key("sob", "|".join([month, org, unit, form, scheme, town or ""]))
        total, keys = sums.get(group, (0, 0))
        sums[group] = (total + n, keys + key)
    return {g: perturbed(n, k) for g, (n, k) in sums.items()}


def scaled(value: float, count: int, shown: int) -> float:
    """The rule for FTE beside a perturbed headcount: scaled by the same factor, shown to
    whole FTE (rounded half away from zero)."""
    return 0.0 if shown == 0 else float(math.floor(round(value * shown / count, 9) + 0.5))


def published_wsw() -> tuple[str, int]:
    """Amfors' published Wsw headcount (from the reference), and the month the sample's rows
    reach it: the data's last month."""
    wsw = Reference(REFERENCE).figure("AM14", "wsw_medewerkers", "2025",
                                      organisation="RWA/Amfors")
    return "2025-03", int(wsw)


def as_published(shown: dict, f: SobFilters, key) -> dict:
    """The oracle's perturbed cells with Amfors' published Wsw total as published: a cell of
    one company's Wsw in the month published, holding all of its persons."""
    month, wsw = published_wsw()
    if f.organisaties != ("Amfors",):
        return shown
    return {k: (wsw if key(k) == (month, "Wsw") else v) for k, v in shown.items()}


@pytest.mark.parametrize("org", ["Amfors", "Inclusief Groep", "Werkzaak Rivierenland"])
def test_units_match_the_fact_table(domain, sample_warehouse, org):
    f = SobFilters.parse({"organisatie": org}, domain)
    table, fte = sob_data.sob_units(f)
    where = "organisatie = ? AND periode = ?"
    [(count, total_fte)] = query(sample_warehouse, "SELECT sum(medewerkers), sum(fte) "
                                 f"FROM fct_sob_bezetting WHERE {where}", [org, f.tot])
    assert table.loc[TOTAL, TOTAL] == sob_cell(sample_warehouse, where, [org, f.tot])["alle"]
    # FTE goes with the persons of its own cell: the unit's total, or the grand total
    assert fte.loc[TOTAL, "fte"] == pytest.approx(scaled(total_fte, count,
                                                         table.loc[TOTAL, TOTAL]))
    units = sob_cell(sample_warehouse, where, [org, f.tot], by="unit")
    exact = {u: (n, v) for u, n, v in query(
        sample_warehouse, f"SELECT unit, sum(medewerkers), sum(fte) FROM fct_sob_bezetting "
        f"WHERE {where} GROUP BY unit", [org, f.tot])}
    for unit, n in units.items():
        assert table.loc[f"{org} · {unit}", TOTAL] == n
        assert fte.loc[f"{org} · {unit}", "fte"] == pytest.approx(scaled(exact[unit][1],
                                                                         exact[unit][0], n))
    # totals are cells of their own: they need not be the sum of their perturbed parts
    assert not ((table >= 1) & (table < PARAMETERS.threshold)).any().any()


@pytest.mark.parametrize("query_args", [
    {}, {"organisatie": "Amfors", "regeling": ["Wsw", "AOC"]},
    {"werkvorm": "Beschermd/intern", "gemeente": "GM0307", "van": "2020-01", "tot": "2020-12"},
    {"unit": "Metafors", "van": "2030-01"},  # unknown month falls back to the first
])
def test_monthly_matches_sql(domain, sample_warehouse, query_args):
    f = SobFilters.parse(query_args, domain)
    per_scheme, months = sob_data.sob_monthly(f)
    cond, params = ["periode BETWEEN ? AND ?"], [f.van, f.tot]
    for col, vals in (("organisatie", f.organisaties), ("unit", f.units),
                      ("werkvorm", f.werkvormen), ("regeling", f.regelingen),
                      ("gemeente_code", f.gemeenten)):
        if vals:
            cond.append(f"{col} IN ({','.join('?' * len(vals))})")
            params += list(vals)
    where = " AND ".join(cond)
    shown = sob_cell(sample_warehouse, where, params, "periode")
    assert months["personen"].to_dict() == shown
    exact = {m: (n, v) for m, n, v in query(
        sample_warehouse, f"SELECT periode, sum(medewerkers), sum(fte) FROM fct_sob_bezetting "
        f"WHERE {where} GROUP BY periode", params)}
    assert months["fte"].to_dict() == pytest.approx(
        {m: scaled(exact[m][1], exact[m][0], n) for m, n in shown.items()})
    expected = as_published(
        sob_cell(sample_warehouse, where, params, "periode || '/' || regeling"), f,
        lambda k: tuple(k.split("/")))
    assert {f"{r.periode}/{r.regeling}": r.personen
            for r in per_scheme.itertuples()} == expected


@pytest.mark.parametrize("query_args", [
    {}, {"organisatie": "Amfors", "regeling": "Wsw", "van": "2019-07", "tot": "2023-02"},
    {"unit": "Metafors", "werkvorm": "Beschermd/intern", "gemeente": "GM0307"},
])
def test_revenue_per_fte_matches_the_fact_tables(domain, sample_warehouse, query_args):
    f = SobFilters.parse(query_args, domain)
    got = sob_data.sob_revenue(f).set_index(["jaar", "organisatie", "unit"])
    # revenue is split by organisation and unit only
    cond, params = [], []
    for col, vals in (("organisatie", f.organisaties), ("unit", f.units)):
        if vals:
            cond.append(f" AND {col} IN ({','.join('?' * len(vals))})")
            params += list(vals)
    revenue = query(sample_warehouse, "SELECT left(periode, 4)::INTEGER, organisatie, unit, "
                    "sum(omzet), count(DISTINCT periode) FROM fct_sob_omzet "
                    f"WHERE periode BETWEEN ? AND ? {''.join(cond)} GROUP BY ALL",
                    [f.van, f.tot, *params])
    # each unit-month's FTE scaled with that unit-month's perturbed persons, then averaged
    years = f"left(periode, 4) BETWEEN ? AND ? {''.join(cond)}"
    shown = sob_cell(sample_warehouse, years, [f.van[:4], f.tot[:4], *params],
                     by="periode || '|' || organisatie || '|' || unit")
    months: dict = {}
    for month, org, unit, n, value in query(
            sample_warehouse, "SELECT periode, organisatie, unit, sum(medewerkers), sum(fte) "
            f"FROM fct_sob_bezetting WHERE {years} GROUP BY ALL",
            [f.van[:4], f.tot[:4], *params]):
        months.setdefault((int(month[:4]), org, unit), []).append(
            scaled(value, n, shown[f"{month}|{org}|{unit}"]))
    fte = {key: sum(v) / len(v) for key, v in months.items()}
    assert len(revenue) > 0 and len(got) == len(revenue)
    for year, org, unit, amount, months in revenue:
        row = got.loc[(year, org, unit)]
        assert row["maanden"] == months
        assert row["omzet"] == pytest.approx(float(amount))
        assert row["fte_gem"] == pytest.approx(fte[(year, org, unit)])


def test_page_shows_the_published_amfors_wsw_count_as_published(app, domain,
                                                                 sample_warehouse):
    """Issue 20: aggregates that were published are shown as published. Amfors' report
    published 710 Wsw employees (2025); the sample's rows add up to it in the last month,
    and the page's headline, the Wsw line and the units table's total of the Wsw show it
    exactly, while every cell inside it stays perturbed."""
    from dashboard.pages import sob

    month, wsw = published_wsw()
    assert sob_data.published_totals()[(month, "Amfors", "Wsw")] == (wsw, wsw)
    f = SobFilters.parse({"organisatie": "Amfors", "tot": month}, domain)
    page = sob.results(f, "nl")
    assert f"{fmt_number(wsw)} waarvan Wsw" in " ".join(texts(page))
    _, months = sob_data.sob_monthly(f)
    assert months.loc[month, "wsw"] == wsw
    # the truth is 710 and the noise would have moved it: the published value is not luck
    where, params = "organisatie = 'Amfors' AND regeling = 'Wsw' AND periode = ?", [month]
    assert sob_cell(sample_warehouse, where, params)["alle"] != wsw
    wsw_only = SobFilters.parse({"organisatie": "Amfors", "regeling": "Wsw", "van": month,
                                 "tot": month}, domain)
    table, fte = sob_data.sob_units(wsw_only)
    assert table.loc[TOTAL, TOTAL] == wsw
    # the parts stay perturbed, each as the oracle says
    units = sob_cell(sample_warehouse, where, params, by="unit")
    assert {u.split(" · ")[1]: table.loc[u, TOTAL] for u in table.index[:-1]} == units
    # a slice of it (one unit) is not the published total, nor is the month before
    one = SobFilters.parse({"organisatie": "Amfors", "regeling": "Wsw", "unit":
                            sorted(units)[0], "tot": month}, domain)
    assert sob_data.sob_monthly(one)[1].loc[month, "wsw"] == units[sorted(units)[0]]
    before = SobFilters.parse({"organisatie": "Amfors", "tot": "2025-02"}, domain)
    assert sob_data.sob_monthly(before)[1].loc["2025-02", "wsw"] == sob_cell(
        sample_warehouse, "organisatie = 'Amfors' AND regeling = 'Wsw' AND periode = ?",
        ["2025-02"])["alle"]


def test_published_totals_come_from_the_reference(sample_warehouse):
    """The published total in the warehouse is the reference's figure, marked published,
    with its source; and the company's rows add up to it (the build's data test)."""
    import csv

    with open(REFERENCE / "seed_figures.csv", encoding="utf-8") as fh:
        [row] = [r for r in csv.DictReader(fh) if r["organisation"] == "RWA/Amfors"
                 and r["indicator"] == "wsw_medewerkers"]
    [(value, source, provenance, rows)] = query(
        sample_warehouse, "SELECT g.medewerkers, g.bron, g.provenance, (SELECT sum(medewerkers) "
        "FROM fct_sob_bezetting b WHERE b.periode = g.periode AND b.organisatie = g.organisatie "
        "AND b.regeling = g.regeling) FROM fct_sob_gepubliceerd g", [])
    assert value == int(row["value"]) == rows
    assert source == row["source_document"] and provenance == "published"


@pytest.mark.parametrize("orgs", [(), ("Amfors",), ("Werkzaak Rivierenland",)])
def test_projection_backtest_stays_within_the_stated_error(domain, orgs):
    history = sob_data.wsw_yearly(SobFilters.parse({"organisatie": list(orgs)}, domain))
    back = projection.backtest(history, 2019)
    assert len(back) >= 5
    assert back["afwijking"].abs().max() <= projection.BACKTEST_TOLERANCE


def test_projection_shape():
    history = pd.Series([1000, 950, 910, 860, 820], index=range(2015, 2020))
    proj = projection.project(history, until=2035)
    assert list(proj["jaar"]) == list(range(2020, 2036))
    assert (proj["verwacht"].diff().dropna() < 0).all()
    assert ((proj["laag"] <= proj["verwacht"]) & (proj["verwacht"] <= proj["hoog"])).all()
    mean, low, high = projection.retention(history)
    assert mean == pytest.approx((820 / 1000) ** (1 / 4))
    assert low == pytest.approx(860 / 910) and high == pytest.approx(910 / 950)
    assert projection.half_life(history) == pytest.approx(math.log(0.5) / math.log(mean))
    with pytest.raises(ValueError):
        projection.retention(pd.Series([5], index=[2020]))


def test_a_history_that_ends_at_the_backtest_origin_is_projected_without_a_backtest():
    from dashboard.pages import sob

    history = pd.Series([1000, 950, 910, 860], index=range(projection.BACKTEST_ORIGIN - 3,
                                                           projection.BACKTEST_ORIGIN + 1))
    assert projection.backtest(history, projection.BACKTEST_ORIGIN) is None
    section = sob.wsw_section(history, "nl")
    text = " ".join(texts(section))
    assert f"januari {projection.HORIZON}" in text
    assert "sob-backtest" not in str(section)


def test_callback_writes_filters_into_the_url(app):
    from dashboard.pages import sob

    _, search, lang_href = sob.update(["Amfors"], [], [], ["Wsw"], [], "2020-01", "2024-12",
                                      {"lang": "en"})
    assert search == "?lang=en&organisatie=Amfors&regeling=Wsw&van=2020-01&tot=2024-12"
    assert lang_href.startswith("/sob?lang=nl&organisatie=Amfors")


def test_intro_names_the_companies_in_the_warehouse(app, domain):
    from dashboard.pages import sob
    from tests.conftest import find

    with app.server.test_request_context("/sob"):
        [intro] = find(sob.layout(), "sob-intro")
    assert len(domain.organisaties) == 3
    assert intro.children.startswith(", ".join(domain.organisaties[:2]) + " en "
                                     + domain.organisaties[2] + ": ")
    assert sob.companies(tuple(f"SW {n}" for n in range(35)), "en").startswith("35 social")


def test_projection_shows_the_projection_of_the_chosen_companies(app, domain):
    from dashboard.pages import sob

    text = " ".join(texts(sob.results(SobFilters.parse({"organisatie": "Amfors"}, domain),
                                      "nl")))
    history = sob_data.wsw_yearly(SobFilters.parse({"organisatie": "Amfors"}, domain))
    end = projection.project(history).iloc[-1]
    assert f"januari {projection.HORIZON}: {fmt_number(end['verwacht'], 'nl')} Wsw" in text
    everyone = projection.project(sob_data.wsw_yearly(SobFilters.parse({}, domain))).iloc[-1]
    assert everyone["verwacht"] > end["verwacht"]  # so the check above tells them apart


def test_money_section_shows_each_funding_amount_under_its_scheme_and_year(
        app, domain, sample_warehouse):
    from dashboard.pages import sob

    f = SobFilters.parse({"organisatie": "Werkzaak Rivierenland"}, domain)
    header, *body = table_cells(sob.results(f, "nl"), "sob-financiering-tabel")
    shown = {(row[0], year): text for row in body
             for year, text in zip(header[1:], row[1:], strict=True)}
    fund = query(sample_warehouse, """SELECT organisatie || ' · ' || regeling,
        CASE WHEN structureel THEN 'structureel' ELSE CAST(jaar AS VARCHAR) END, bedrag
        FROM fct_financiering WHERE organisatie = 'Werkzaak Rivierenland'""")
    assert len(fund) > 0
    for scheme, year, amount in fund:
        assert shown[(scheme, year)] == fmt_number(float(amount), "nl"), (scheme, year)


def test_funding_shows_the_published_rivierenland_table(app, sample_warehouse):
    fund = sob_data.funding(("Werkzaak Rivierenland",))
    rows = query(sample_warehouse, "SELECT regeling, jaar, bedrag FROM fct_financiering "
                 "WHERE organisatie = 'Werkzaak Rivierenland'")
    assert len(fund) == len(rows)
    got = {(r.regeling, None if pd.isna(r.jaar) else int(r.jaar)): r.bedrag
           for r in fund.itertuples()}
    for regeling, jaar, bedrag in rows:
        assert got[(regeling, jaar)] == pytest.approx(float(bedrag))


def test_charts_stack_the_largest_series_and_sum_the_rest(app):
    df = pd.DataFrame([{"organisatie": f"SW {k}", "unit": "Productie", "jaar": jaar,
                        "omzet": 100.0 * (k + 1)} for k in range(10) for jaar in (2023, 2024)])
    series = figures.largest(zip(df["organisatie"], df["unit"], df["jaar"], df["omzet"],
                                 strict=True), " · ", "nl")
    assert len(series) == figures.MAX_SERIES
    assert [name for name, _, _ in series[:2]] == ["SW 9 · Productie", "SW 8 · Productie"]
    assert series[-1][0] == "overige (3)" and series[-1][2] == [600.0, 600.0]
    for year in (0, 1):
        assert sum(values[year] for _, _, values in series) == df.groupby("jaar")["omzet"].sum(
            ).iloc[year]


def test_home_towns_of_every_company_are_a_searchable_choice(app, national_warehouse):
    """Nationally the companies' employees live in hundreds of municipalities: that filter is
    a searchable multiple choice there, while short lists stay checkboxes."""
    import dash_bootstrap_components as dbc
    from dash import dcc

    from dashboard.pages import sob
    from tests.conftest import find, reading

    with reading(national_warehouse[0]), app.server.test_request_context("/sob"):
        page = sob.layout(lang="nl")
        domain = sob_data.sob_domain()
    [choice] = find(page, "sob-gemeente")
    assert isinstance(choice, dcc.Dropdown) and choice.multi and choice.value == []
    assert len(choice.options) == len(domain.gemeenten) > 25
    [form] = find(page, "sob-werkvorm")
    assert isinstance(form, dbc.Checklist)
