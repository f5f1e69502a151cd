"""Werkcentrum data functions and page: filters against an independent pandas oracle over
generated person-level records loaded by the real ETL (every count perturbed as the oracle's
own record keys and the ptable say), and no count of 1 to 4 shown."""

from __future__ import annotations

import datetime as dt
import random
import shutil

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.data import werkcentrum as werkcentrum_data
from dashboard.filters import Filters, quarter_bounds
from dashboard.protection import TOTAL
from etl.build import build
from etl.sources import LISTS
from tests.ckm_oracle import PARAMETERS, cell
from tests.conftest import FIXTURES, TODAY, find, reading, table_rows, texts

INSTRUMENTS = ["Jobcoaching", "Training", "AOC-traject", "Loonkostensubsidie"]
OUTCOMES = ["Regulier werk", "Werk met LKS", "Beschut werk", "Opleiding", "Uitval"]
TARGET_GROUPS = ("Jongeren", "Statushouders", "Beschut werk", "Psychische kwetsbaarheid",
                 "Banenafspraak", "Niet-uitkeringsgerechtigd", "Overig")
[AOC] = LISTS["Instrument"].with_role("aoc")
WORK_OUTCOMES = LISTS["Resultaat"].with_role("werk")


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    """600 seeded deployments in the fixture's AM14 municipalities, 2023 to March 2025."""
    rng = random.Random(7)
    gem = pd.read_csv(FIXTURES / "gemeenten.csv", sep=";").query("Arbeidsmarktregio == 'AM14'")
    rows = []
    # the AOC pilot's costs are unknown (Kosten is optional): sums must not fail on them
    for k in range(600):
        start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(820))
        end = start + dt.timedelta(days=rng.randrange(10, 400))
        if end > dt.date(2025, 3, 31) or rng.random() < 0.15:
            end = None
        rows.append({
            "Inzet-ID": f"T{k}", "Cliënt": f"C{rng.randrange(350)}",
            "Gemeente": rng.choice(list(gem["Gemeentenaam"])),
            "Doelgroep": rng.choice(TARGET_GROUPS),
            "Instrument": rng.choice(INSTRUMENTS),
            "Startdatum": start, "Einddatum": end,
            "Resultaat": rng.choice(OUTCOMES) if end else "Lopend",
            "Kosten": round(rng.uniform(100, 9000), 2), "Herkomst": "sample"})
        if rows[-1]["Instrument"] == AOC:
            rows[-1]["Kosten"] = None
    df = pd.DataFrame(rows)
    df["gemeente_code"] = df["Gemeente"].map(dict(zip(gem["Gemeentenaam"], gem["Gemeentecode"],
                                                      strict=True)))
    return df


@pytest.fixture(scope="module")
def wc_app(records, tmp_path_factory):
    from dashboard import create_app
    from dashboard.settings import Settings

    raw = tmp_path_factory.mktemp("wc_raw")
    shutil.copy(FIXTURES / "gemeenten.csv", raw)
    out = records.drop(columns="gemeente_code").copy()
    for col in ("Startdatum", "Einddatum"):
        out[col] = [d.strftime("%d-%m-%Y") if d else "" for d in out[col]]
    out["Kosten"] = ["" if pd.isna(k) else f"{k:.2f}".replace(".", ",") for k in out["Kosten"]]
    out.to_csv(raw / "werkcentrum_instrumenten_test.csv", sep=";", index=False)
    warehouse = tmp_path_factory.mktemp("wc") / "warehouse.duckdb"
    build(raw, warehouse, today=TODAY)
    return create_app(Settings(warehouse=warehouse))


def oracle(records: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The filtered records, computed with pandas alone."""
    keep = pd.Series(True, index=records.index)
    for column, values in (("gemeente_code", f.gemeenten), ("Doelgroep", f.doelgroepen),
                           ("Instrument", f.instrumenten)):
        if values:
            keep &= records[column].isin(values)
    return records[keep]


CASES = [
    {},
    {"gemeente": "GM0307"},
    {"doelgroep": ["Jongeren", "Statushouders"]},
    {"instrument": "Training", "van": "2024-K1", "tot": "2024-K2"},
    {"gemeente": ["GM0307", "GM0342"], "doelgroep": "Overig", "van": "2025-K1", "tot": "2025-K1"},
    {"van": "2024-K4", "tot": "2024-K1"},  # reversed range is put right
    {"gemeente": "GM9999", "doelgroep": "'; DROP TABLE gaps; --", "van": "2031-K1"},
]


@pytest.mark.parametrize("query", CASES)
def test_filters_match_the_oracle(wc_app, records, query):
    domain = werkcentrum_data.instrument_domain("AM14")
    f = Filters.parse(query, domain)
    start, end = quarter_bounds(f.van)[0], quarter_bounds(f.tot)[1]
    assert start <= end
    rec = oracle(records, f)

    view = werkcentrum_data.instrument_view(f, domain)
    starts = view.starts
    began = rec[(rec["Startdatum"] >= start) & (rec["Startdatum"] <= end)]
    assert starts.loc[TOTAL, TOTAL] == cell("inzet", began["Inzet-ID"])
    for (instrument, group), ids in began.groupby(["Instrument", "Doelgroep"])["Inzet-ID"]:
        assert starts.loc[instrument, group] == cell("inzet", ids)
    for instrument, ids in began.groupby("Instrument")["Inzet-ID"]:
        assert starts.loc[instrument, TOTAL] == cell("inzet", ids)

    flow = view.flow
    ended_mask = rec["Einddatum"].map(lambda d: d is not None and start <= d <= end)
    running = rec[(rec["Startdatum"] <= end)
                  & rec["Einddatum"].map(lambda d: d is None or d > end)]
    assert flow.loc[TOTAL, "beeindigd"] == cell("inzet", rec[ended_mask]["Inzet-ID"])
    assert flow.loc[TOTAL, "lopend"] == cell("inzet", running["Inzet-ID"])
    for instrument, ids in running.groupby("Instrument")["Inzet-ID"]:
        assert flow.loc[instrument, "lopend"] == cell("inzet", ids)

    outcomes = view.outcomes
    ended = rec[ended_mask]
    for (group, result), ids in ended.groupby(["Doelgroep", "Resultaat"])["Inzet-ID"]:
        assert outcomes.loc[group, result] == cell("inzet", ids)

    trend = view.trend
    quarters = began["Startdatum"].map(lambda d: f"{d.year}-K{(d.month - 1) // 3 + 1}")
    for q, ids in began.groupby(quarters)["Inzet-ID"]:
        assert trend[q] == cell("inzet", ids)
    assert trend[TOTAL] == cell("inzet", began["Inzet-ID"])


def test_invalid_url_values_are_dropped(wc_app):
    domain = werkcentrum_data.instrument_domain("AM14")
    f = Filters.parse({"gemeente": ["GM0307", "GM9999"], "instrument": "x' OR 1=1 --",
                       "van": "2024-K9"}, domain)
    assert f.gemeenten == ("GM0307",) and f.instrumenten == ()
    assert f.van == domain.kwartalen[0]


def test_mean_days_and_cost_per_work_match_the_oracle(wc_app, records):
    domain = werkcentrum_data.instrument_domain("AM14")
    f = Filters.parse({"van": "2023-K1", "tot": "2025-K1"}, domain)
    res = werkcentrum_data.instrument_view(f, domain).results
    rec = oracle(records, f)
    ended = rec[rec["Einddatum"].notna()]
    for instrument, grp in ended.groupby("Instrument"):
        days = (pd.to_datetime(grp["Einddatum"]) - pd.to_datetime(grp["Startdatum"])).dt.days
        assert res.loc[instrument, "gemiddelde_dagen"] == pytest.approx(days.mean())
        work = grp[grp["Resultaat"].isin(WORK_OUTCOMES)]
        assert res.loc[instrument, "n_werk"] == cell("inzet", work["Inzet-ID"])
        assert res.loc[instrument, "kosten_per_werk"] == pytest.approx(
            grp["Kosten"].sum() / len(work), rel=1e-9)


def test_means_over_fewer_than_the_threshold_are_left_out(wc_app, records):
    domain = werkcentrum_data.instrument_domain("AM14")
    f = Filters.parse({"gemeente": "GM0307", "doelgroep": "Overig", "van": "2025-K1",
                       "tot": "2025-K1"}, domain)
    res = werkcentrum_data.instrument_view(f, domain).results
    start, end = quarter_bounds(f.van)[0], quarter_bounds(f.tot)[1]
    rec = oracle(records, f)
    ended = rec[rec["Einddatum"].map(lambda d: d is not None and start <= d <= end)]
    n = ended.groupby("Instrument").size().reindex(res.index, fill_value=0)
    assert ((n > 0) & (n < PARAMETERS.threshold)).any()  # the case holds small groups
    assert (res["gemiddelde_dagen"].isna() == (n < PARAMETERS.threshold)).all()


def test_page_never_shows_a_count_under_five(wc_app, records):
    from dashboard.pages import werkcentrum

    low, small_cells = PARAMETERS.threshold, 0
    for query in CASES:
        domain = werkcentrum_data.instrument_domain("AM14")
        f = Filters.parse(query, domain)
        view = werkcentrum_data.instrument_view(f, domain)
        rec = oracle(records, f)
        start, end = quarter_bounds(f.van)[0], quarter_bounds(f.tot)[1]
        began = rec[(rec["Startdatum"] >= start) & (rec["Startdatum"] <= end)]
        small_cells += began.groupby(["Instrument", "Doelgroep"]).size().between(1, low - 1).sum()
        shown = [s.strip() for s in texts(werkcentrum.results(f, "nl")
                                          + werkcentrum.reach_section(f, "nl"))]
        small = [s for s in shown if s.isdigit() and 1 <= int(s) < low]
        assert small == [], query
        for table in (view.starts, view.flow, view.outcomes):
            assert not ((table >= 1) & (table < low)).any().any(), query
        heat = go.Figure(werkcentrum.results(f, "nl")[2].figure).data[0]
        for zrow, trow in zip(heat.z, heat.text, strict=True):
            for z, text in zip(zrow, trow, strict=True):
                assert z is None or not (1 <= z < low)
                assert not (text.isdigit() and 1 <= int(text) < low)
    assert small_cells > 10  # true counts of 1 to 4 were there to be shown


def test_callback_writes_filters_into_the_url_and_heatmap_click_filters(wc_app):
    from dashboard.pages import werkcentrum

    _, _, search, lang_href = werkcentrum.update(
        ["GM0307"], ["Jongeren", "Overig"], [], "2024-K1", "2024-K4",
        {"regio": "AM14", "lang": "nl"})
    assert search == ("?lang=nl&regio=AM14&gemeente=GM0307&doelgroep=Jongeren"
                      "&doelgroep=Overig&van=2024-K1&tot=2024-K4")
    assert lang_href.startswith("/werkcentrum?lang=en&regio=AM14&gemeente=GM0307")
    assert werkcentrum.filter_on_cell({"points": [{"x": "Jongeren", "y": "Training"}]}) == (
        ["Jongeren"], ["Training"])


def test_reach_callback_shows_the_reach_of_the_same_filters(wc_app):
    from dashboard.i18n import fmt_number
    from dashboard.pages import werkcentrum
    from tests.conftest import find

    args = (["GM0307"], [], [], "2024-K1", "2024-K4")
    reach = werkcentrum_data.instrument_reach(werkcentrum.filters_of({"regio": "AM14"}, *args))
    _, section, *_ = werkcentrum.update(*args, {"regio": "AM14", "lang": "nl"})
    rows = table_rows(html_root(section), "wc-bereik-tabel")
    assert [r[0] for r in rows] == list(reach["doelgroep"])
    assert [r[1] for r in rows] == [fmt_number(v, "nl") for v in reach["bereikt"]]
    assert len(rows) == len(LISTS["Doelgroep"].with_role("register")) and reach["bereikt"].min() > 0
    [window] = find(html_root(section), "wc-bereik-venster")
    assert window.children.startswith("Personen met een lopende inzet van 1 januari 2024 t/m "
                                      "31 december 2024")


def test_reach_above_the_group_size_is_flagged(wc_app, monkeypatch):
    from dashboard.pages import werkcentrum
    from tests.conftest import find

    f = Filters(regio="AM14", van="2024-K1", tot="2024-K4")
    monkeypatch.setattr(werkcentrum_data, "instrument_reach", lambda _f: pd.DataFrame({
        "doelgroep": ["Banenafspraak", "Beschut werk"], "bereikt": [120, 30],
        "omvang": [100.0, 60.0], "bereik": [1.2, 0.5]}))
    section = html_root(werkcentrum.reach_section(f, "nl"))
    assert [r[3] for r in table_rows(section, "wc-bereik-tabel")] == ["120,0% ⚠", "50,0%"]
    assert find(section, "wc-bereik-boven")
    monkeypatch.setattr(werkcentrum_data, "instrument_reach", lambda _f: pd.DataFrame({
        "doelgroep": ["Beschut werk"], "bereikt": [30], "omvang": [60.0],
        "bereik": [0.5]}))
    assert not find(html_root(werkcentrum.reach_section(f, "nl")), "wc-bereik-boven")


@pytest.mark.parametrize("van, tot, start", [("2018-K1", "2025-K1", "2024-04-01"),
                                             ("2024-K3", "2025-K1", "2024-07-01"),
                                             ("2023-K1", "2023-K4", "2023-01-01")])
def test_reach_counts_the_last_four_quarters_of_the_period(van, tot, start):
    f = Filters(regio="AM14", van=van, tot=tot)
    assert f.reach_start.isoformat() == start


def test_sample_reach_stays_within_the_group_in_every_year(sample_warehouse):
    with reading(sample_warehouse):
        for region in ("AM14", "AM10"):
            domain = werkcentrum_data.instrument_domain(region)
            for tot in domain.kwartalen[3::4]:
                reach = werkcentrum_data.instrument_reach(
                    Filters(regio=region, van=domain.kwartalen[0], tot=tot))
                assert reach["omvang"].notna().all() and (reach["bereik"] <= 1).all(), reach


def test_page_export_is_the_filtered_quarterly_slice_with_the_rule(wc_app, records):
    import io
    import json
    import zipfile

    from dashboard.pages import werkcentrum
    from tests.conftest import find

    domain = werkcentrum_data.instrument_domain("AM14")
    f = Filters.parse({"gemeente": "GM0307", "van": "2024-K1", "tot": "2024-K4"}, domain)
    [link] = find(html_root(werkcentrum.results(f, "nl")), "wc-export")
    resp = wc_app.server.test_client().get(link.href)
    zf = zipfile.ZipFile(io.BytesIO(resp.data))
    meta = json.loads(zf.read("metadata.json"))
    assert meta["filters"]["gemeente_code"] == ["GM0307"]
    assert meta["filters"]["periode_van"] == ["2024-K1"]
    assert "Totalen kunnen iets afwijken van de som van de delen" in meta["protection"]["nl"]
    assert meta["protection"]["max_afwijking"] == PARAMETERS.max_deviation
    df = pd.read_csv(io.BytesIO(zf.read("instrument_inzet.csv")), sep=";", encoding="utf-8-sig")
    assert set(df["gemeente_code"]) == {"GM0307"}
    assert set(df["periode"]) <= {"2024-K1", "2024-K2", "2024-K3", "2024-K4"}
    assert not df["inzetten"].between(1, PARAMETERS.threshold - 1).any()
    assert not [c for c in df.columns if c.endswith("_sleutel")]
    # each row is a cell of its own, perturbed as the oracle says
    rec = records[(records["gemeente_code"] == "GM0307")]
    quarter = rec["Startdatum"].map(lambda d: f"{d.year}-K{(d.month - 1) // 3 + 1}")
    cells = rec.groupby([quarter, "Doelgroep", "Instrument"])["Inzet-ID"]
    for row in df.itertuples():
        assert row.inzetten == cell("inzet", cells.get_group(
            (row.periode, row.doelgroep, row.instrument)))


def html_root(children):
    from dash import html

    return html.Div(children)


def test_the_placements_view_says_which_filters_it_follows(wc_app):
    """It is the one view that ignores the target group and instrument filters (its target
    covers them all): the page must say so rather than show the same figures unexplained."""
    from dashboard.pages import werkcentrum

    domain = werkcentrum_data.instrument_domain("AM14")
    plain = Filters.parse({}, domain)
    narrowed = Filters.parse({"doelgroep": [domain.doelgroepen[0]]}, domain)
    pages = [html_root(werkcentrum.results(f, "nl")) for f in (plain, narrowed)]
    notes = [find(p, "wc-doel-filters") for p in pages]
    assert all(len(n) == 1 for n in notes)
    assert "niet de doelgroepen, instrumenten" in " ".join(texts(notes[1][0]))
    assert "text-warning-emphasis" in notes[1][0].className
    assert "text-warning-emphasis" not in notes[0][0].className
    tables = [" ".join(texts(find(p, "wc-doel-tabel"))) for p in pages]
    assert tables[0] == tables[1]  # what the note says: the target group does not change it


def test_the_figures_on_screen_download_as_the_page_shows_them(wc_app):
    """Staff reproduce the screen from the download: the same perturbed counts, whatever the
    filters, and the means rounded as the page rounds them."""
    import io

    domain = werkcentrum_data.instrument_domain("AM14")
    query = {"doelgroep": [domain.doelgroepen[0]], "van": domain.kwartalen[-4]}
    f = Filters.parse(query, domain)
    view = werkcentrum_data.instrument_view(f, domain)
    client = wc_app.server.test_client()
    resp = client.get("/werkcentrum/cijfers.csv?lang=en&regio=AM14&doelgroep="
                      f"{domain.doelgroepen[0]}&van={domain.kwartalen[-4]}")
    assert resp.status_code == 200
    got = pd.read_csv(io.StringIO(resp.get_data(as_text=True)))
    starts = got[got["tabel"] == "gestart"].set_index(["rij", "kolom"])["waarde"]
    for instrument, row in view.starts.iterrows():
        for group, value in row.items():
            assert starts[(str(instrument), str(group))] == value
    trend = got[got["tabel"] == "gestart_per_kwartaal"].set_index("rij")["waarde"]
    assert trend.to_dict() == {str(k): v for k, v in view.trend.items()}
    days = got[(got["tabel"] == "per_instrument") & (got["kolom"] == "gemiddelde_dagen")]
    assert (days["waarde"].dropna() % 1 == 0).all()
