"""Figure builders and boundaries as plain functions on the sample warehouse."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import data, figures
from dashboard.geo import bounds, region_boundaries
from etl.sample.reference import Reference
from tests.conftest import BOUNDARIES, REFERENCE


def test_gauge_of_amersfoort_banenafspraak_matches_the_published_figures(app):
    ref = Reference(REFERENCE)
    banen = ref.figure("AM14", "banenafspraak_banen", "2025")
    doel = ref.figure("AM14", "banenafspraak_doelstelling_banen", "2025")
    row = data.latest_gaps("AM14").query(
        "gebied_code == 'AM14' and indicator == 'banenafspraak_banen'").iloc[0]
    fig = go.Figure(figures.gauge(row.to_dict(), "aantal", "nl"))
    [ind] = fig.data
    assert ind.value == banen and ind.gauge.threshold.value == doel
    assert ind.gauge.bar.color == figures.STATUS_COLOUR[row["status"]]
    assert fig.layout.separators == ",."
    assert row["verschil"] == doel - banen


def test_gauge_of_a_share_is_a_percentage(app):
    row = {"realisatie": 0.509, "doel": 0.65, "status": "achter"}
    [ind] = go.Figure(figures.gauge(row, "aandeel", "en")).data
    assert ind.value == pytest.approx(50.9) and ind.gauge.threshold.value == pytest.approx(65)
    assert ind.gauge.axis.range == (0, 100) and ind.number.suffix == "%"


def test_gauge_without_target_has_no_threshold():
    [ind] = go.Figure(figures.gauge({"realisatie": 381.0, "doel": None,
                                     "status": "geen_doel"}, "aantal", "nl")).data
    assert ind.gauge.threshold.value is None


def test_comparison_per_1000_inhabitants(app):
    latest = data.latest_gaps("AM14")
    values = figures.comparison_values(latest, "banenafspraak_banen", "aantal", per_1000=True)
    assert values["is_regio"].iloc[-1] and values["gebied_code"].iloc[-1] == "AM14"
    for rec in values.itertuples():
        assert rec.waarde == pytest.approx(rec.realisatie / rec.inwoners * 1000)
    munis = values[~values["is_regio"]]["waarde"]
    assert list(munis) == sorted(munis)
    fig = go.Figure(figures.comparison(values, "GM0307", "aantal", True, "nl"))
    colours = dict(zip(fig.data[0].y, fig.data[0].marker.color, strict=True))
    assert colours["Amersfoort"] == figures.FOCUS
    assert sum(c == figures.FOCUS for c in colours.values()) == 1


def test_each_areas_last_history_row_is_its_latest_gap(app):
    """The trend's last point is the value the cards and the comparison show."""
    latest = data.latest_gaps("AM14")
    columns = ["gebied_code", "periode", "realisatie", "provenance"]
    areas = tuple(latest["gebied_code"].unique())
    for indicator in latest["indicator"].unique():
        last = data.history(indicator, areas).groupby(["gebied_niveau", "gebied_code"]).tail(1)
        expected = latest[latest["indicator"] == indicator]
        pd.testing.assert_frame_equal(
            last[columns].sort_values("gebied_code").reset_index(drop=True),
            expected[columns].sort_values("gebied_code").reset_index(drop=True),
            check_dtype=False)


def test_trend_draws_realisation_and_target(app):
    hist = data.history("beschut_werk_plekken", ("GM0307", "AM14"))
    fig = go.Figure(figures.trend(hist, "GM0307", "aantal", "nl"))
    names = [tr.name for tr in fig.data]
    # the taakstelling per municipality is invented: the line says so
    assert names == ["Amersfoort", "◇ Voorbeelddoel"]
    mine = hist[hist["gebied_code"] == "GM0307"]
    assert list(fig.data[0].y) == list(mine["realisatie"].astype(float))
    assert fig.data[1].line.shape == "hv"


def test_trend_shows_the_published_target_path_and_a_benchmark_beside_it(app):
    hist = data.history("banenafspraak_banen", ("AM10",))
    fig = go.Figure(figures.trend(hist, "AM10", "aantal", "nl"))
    assert [tr.name for tr in fig.data] == ["Rivierenland", "doel"]
    doel = {x[:10]: y for x, y in zip(fig.data[1].x, fig.data[1].y, strict=True)}
    # the target that applied in each year: 1,729 (2020), 1,880 (2021), none in 2022
    assert doel["2020-06-30"] == 1729 and doel["2021-12-31"] == 1880
    assert doel["2022-06-30"] is None
    share = data.history("beschut_werk_benutting", ("GM0307",))
    bench = data.benchmark("beschut_werk_benutting")
    fig = go.Figure(figures.trend(share, "GM0307", "aandeel", "nl", bench))
    line = fig.data[-1]
    assert line.name == "landelijk 2024: 65,0%" and list(line.y) == [65.0, 65.0]
    assert "doel" not in [tr.name for tr in fig.data]  # a benchmark is no target


def test_map_values_follow_the_codes_and_reverse_when_lower_is_better(app):
    latest = data.latest_gaps("AM14")
    codes = ["GM0313", "GM0307"]
    v = figures.map_values(latest, "jeugd_ww", codes, "lager_beter", "nl")
    pct = latest.set_index(["gebied_code", "indicator"])["realisatie_pct"]
    assert v["z"] == [round(pct[(c, "jeugd_ww")] * 100, 1) for c in codes]
    assert v["reverse"] and v["text"][1].startswith("Amersfoort: ")
    none = figures.map_values(latest, "wsw_bezetting", codes, "hoger_beter", "en")
    assert none["z"] == [None, None] and "no target" in none["text"][0]


def test_region_boundaries_are_cut_from_the_configured_file():
    codes = sorted(pd.read_csv(REFERENCE / "geo" / "gemeente_arbeidsmarktregio.csv")
                   .query("arbeidsmarktregio_code == 'AM14'")["code"])
    fc = region_boundaries(BOUNDARIES, codes)
    assert [f["id"] for f in fc["features"]] == codes
    west, south, east, north = bounds(fc)
    cen = pd.read_csv(REFERENCE / "geo" / "centroids.csv").set_index("code").loc[codes]
    assert (west < cen["centroid_lon"]).all() and (cen["centroid_lon"] < east).all()
    assert (south < cen["centroid_lat"]).all() and (cen["centroid_lat"] < north).all()


@pytest.mark.parametrize("path, codes", [
    (None, ["GM0307"]), (REFERENCE / "geo" / "missing.geojson", ["GM0307"]),
    (BOUNDARIES, ["GM0307", "GM9999"]), (BOUNDARIES, []),
])
def test_no_usable_boundaries_gives_none(path, codes):
    assert region_boundaries(path, codes) is None


def test_every_figure_on_every_page_is_valid_plotly(app):
    """Figures are plain dicts for speed; plotly's own validation still accepts each one."""
    from dash import dcc

    from dashboard.filters import Filters, SobFilters
    from dashboard.pages import gemeente, region, sob, werkcentrum

    def graphs(tree):
        if isinstance(tree, dcc.Graph):
            yield getattr(tree, "figure", None)  # some are filled by a callback later
        children = tree if isinstance(tree, list | tuple) else getattr(tree, "children", None)
        for child in children if isinstance(children, list | tuple) else [children]:
            if child is not None and not isinstance(child, str | int | float):
                yield from graphs(child)

    with app.server.test_request_context("/"):
        trees = [region.layout(code="AM14"), region.layout(code="AM10", lang="en"),
                 gemeente.layout(code="GM0307")]
    trees.append(list(gemeente.show_indicator(
        "beschut_werk_benutting", {"code": "GM0307", "region": "AM14", "lang": "nl"})[:4]))
    trees.append([dcc.Graph(figure=f) for f in trees[-1] if isinstance(f, dict)])
    domain = data.instrument_domain("AM14")
    trees.append(werkcentrum.results(Filters.parse({}, domain), "nl"))
    f = SobFilters.parse({}, data.sob_domain())
    trees += [sob.results(f, "en"), sob.wsw_section(data.wsw_yearly(f), "en"),
              sob.money_section(data.sob_view(f), "en")]
    found = [f for tree in trees for f in graphs(tree) if f is not None]
    assert len(found) >= 30
    for fig in found:
        go.Figure(fig)
