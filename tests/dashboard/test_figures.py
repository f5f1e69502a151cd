"""Figure builders and boundaries as plain functions on the sample warehouse."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import figures
from dashboard.data import gaps as gaps_data
from dashboard.data import sob as sob_data
from dashboard.data import werkcentrum as werkcentrum_data
from dashboard.geo import bounds, region_boundaries
from etl.sample.reference import Reference
from tests.conftest import BOUNDARIES, REFERENCE


def test_gauge_of_amersfoort_banenafspraak_matches_the_published_figures(app):
    ref = Reference(REFERENCE)
    banen = ref.figure("AM14", "banenafspraak_banen", "2025")
    doel = ref.figure("AM14", "banenafspraak_doelstelling_banen", "2025")
    row = gaps_data.latest_gaps("AM14").query(
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


def test_gauge_of_a_small_share_fills_its_dial():
    """A WW percentage of 2.7 on a 0-100% dial would be a sliver nobody reads."""
    [ind] = go.Figure(figures.gauge({"realisatie": 0.027, "doel": None, "status": "geen_doel"},
                                    "aandeel", "nl")).data
    assert ind.gauge.axis.range == (0, 4) and ind.gauge.axis.tickformat == ",.1f"
    assert ind.value == pytest.approx(2.7) and ind.number.suffix == "%"


def test_gauge_without_target_has_no_threshold():
    [ind] = go.Figure(figures.gauge({"realisatie": 381.0, "doel": None,
                                     "status": "geen_doel"}, "aantal", "nl")).data
    assert ind.gauge.threshold.value is None


def test_comparison_per_10000_inhabitants(app):
    latest = gaps_data.latest_gaps("AM14")
    values = figures.comparison_values(latest, "banenafspraak_banen", "aantal",
                                       per_inhabitants=True)
    assert values["is_regio"].iloc[-1] and values["gebied_code"].iloc[-1] == "AM14"
    for rec in values.itertuples():
        assert rec.waarde == pytest.approx(rec.realisatie / rec.inwoners * 10_000)
    munis = values[~values["is_regio"]]["waarde"]
    assert list(munis) == sorted(munis)
    fig = go.Figure(figures.comparison(values, "GM0307", "aantal", True, "nl"))
    colours = dict(zip(fig.data[0].y, fig.data[0].marker.color, strict=True))
    assert colours["Amersfoort"] == figures.FOCUS
    assert sum(c == figures.FOCUS for c in colours.values()) == 1


def test_each_areas_last_history_row_is_its_latest_gap(app):
    """The trend's last point is the value the cards and the comparison show."""
    latest = gaps_data.latest_gaps("AM14")
    columns = ["gebied_code", "periode", "realisatie", "provenance"]
    areas = tuple(latest["gebied_code"].unique())
    for indicator in latest["indicator"].unique():
        last = gaps_data.history(indicator, areas).groupby(["gebied_niveau", "gebied_code"]).tail(1)
        expected = latest[latest["indicator"] == indicator]
        pd.testing.assert_frame_equal(
            last[columns].sort_values("gebied_code").reset_index(drop=True),
            expected[columns].sort_values("gebied_code").reset_index(drop=True),
            check_dtype=False)


def test_trend_draws_realisation_target_path_and_pace_line(app):
    hist = gaps_data.history("beschut_werk_plekken", ("GM0307", "AM14"))
    fig = go.Figure(figures.trend(hist, "GM0307", "aantal", "nl", "plekken"))
    names = [tr.name for tr in fig.data]
    # the taakstelling per municipality is invented: the line says so
    assert names == ["Amersfoort", "◇ Voorbeelddoel", "tempo naar het doel"]
    mine = hist[hist["gebied_code"] == "GM0307"]
    assert list(fig.data[0].y) == list(mine["realisatie"].astype(float))
    # every year's target over its own year: two points a year, due on 31 December
    yearly = mine.dropna(subset=["doel"]).groupby(mine["einddatum"].map(lambda d: d.year))[
        "doel"].last()
    assert list(fig.data[1].y[1::2]) == list(yearly.astype(float))
    assert list(fig.data[1].x[1::2]) == [f"{y}-12-31" for y in yearly.index]
    # the pace line runs from last year's closing value to this year's target
    last_year = int(yearly.index[-1])
    closing = mine[mine["einddatum"].map(lambda d: d.year) < last_year]["realisatie"].iloc[-1]
    assert list(fig.data[2].y) == [closing, yearly.iloc[-1]]
    assert fig.layout.yaxis.title.text == "Aantal plekken"
    assert fig.layout.xaxis.title.text == "Periode"


def test_trend_shows_the_published_target_path_and_a_benchmark_beside_it(app):
    hist = gaps_data.history("banenafspraak_banen", ("AM10",))
    fig = go.Figure(figures.trend(hist, "AM10", "aantal", "nl"))
    assert [tr.name for tr in fig.data][:2] == ["Rivierenland", "doel"]
    doel = {x[:4]: y for x, y in zip(fig.data[1].x, fig.data[1].y, strict=True)}
    # the target that applied in each year: 1,729 (2020), 1,880 (2021), none in 2022
    assert doel["2020"] == 1729 and doel["2021"] == 1880
    assert "2022" not in doel
    share = gaps_data.history("beschut_werk_benutting", ("GM0307",))
    bench = gaps_data.benchmark("beschut_werk_benutting")
    fig = go.Figure(figures.trend(share, "GM0307", "aandeel", "nl", benchmark=bench))
    line = fig.data[-1]
    assert line.name == "landelijk 2024: 65,0%" and list(line.y) == [65.0, 65.0]
    assert "doel" not in [tr.name for tr in fig.data]  # a benchmark is no target


def test_a_yearly_count_is_drawn_per_year_without_a_fall_in_january(app):
    hist = gaps_data.history("instrument_plaatsingen", ("GM0307",))
    fig = go.Figure(figures.trend(hist, "GM0307", "aantal", "nl", "plaatsingen",
                                  cumulative=True))
    xs, ys = list(fig.data[0].x), list(fig.data[0].y)
    # a gap (None) between the years; within each year the count never falls
    for k in range(1, len(xs)):
        if xs[k] is not None and xs[k - 1] is not None:
            assert xs[k][:4] == xs[k - 1][:4] and ys[k] >= ys[k - 1]
    assert sum(x is None for x in xs) == len({x[:4] for x in xs if x}) - 1
    assert fig.data[2].name == "tempo naar het doel" and fig.data[2].y[0] == 0


def test_map_colours_are_the_badge_colours_of_each_status(app):
    latest = gaps_data.latest_gaps("AM14")
    codes = ["GM0313", "GM0307"]
    v = figures.map_values(latest, "jeugd_ww", codes, "nl")
    status = latest.set_index(["gebied_code", "indicator"])["status"]
    fig = go.Figure(figures.region_map(v, codes, "nl", centroids=gaps_data.centroids("AM14")))
    scale = fig.data[0].marker.colorscale
    assert [p for p, _ in scale] == sorted(p for p, _ in scale)  # plotly ignores it otherwise
    for code, z in zip(codes, v["z"], strict=True):
        # the colour at z's place on the stepwise scale is the badge colour of its status
        pos = z / (len(figures.STATUS_ORDER) - 1)
        colour = next(c for p, c in reversed(scale) if p <= pos)
        assert colour == figures.STATUS_COLOUR[status[(code, "jeugd_ww")]]
    assert v["text"][1].startswith("Amersfoort: ") and "van het doel" in v["text"][1]
    none = figures.map_values(latest, "wsw_bezetting", codes, "en")
    assert none["z"] == [4, 4] and "no target" in none["text"][0]


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
    domain = werkcentrum_data.instrument_domain("AM14")
    trees.append(werkcentrum.results(Filters.parse({}, domain), "nl"))
    f = SobFilters.parse({}, sob_data.sob_domain())
    trees += [sob.results(f, "en"), sob.wsw_section(sob_data.wsw_yearly(f), "en"),
              sob.money_section(sob_data.sob_view(f), "en")]
    found = [f for tree in trees for f in graphs(tree) if f is not None]
    assert len(found) >= 30
    for fig in found:
        go.Figure(fig)


def test_reference_lines_pool_the_size_class_and_need_every_municipality_for_the_country():
    everywhere = pd.DataFrame({
        "gebied_code": ["A", "B", "C", "D"], "realisatie": [10.0, 30.0, 50.0, 400.0],
        "inwoners": [30_000, 20_000, 45_000, 260_000], "n_gemeenten": 4})
    # A is in 20,000–50,000 with B and C: (30 + 50) / (20,000 + 45,000) per 10,000
    lines = figures.reference_lines(everywhere, "A", 30_000, "aantal", True, "nl")
    assert lines[0][0] == "Gemeenten met 20.000–50.000 inwoners (gemiddelde van 2)"
    assert lines[0][1] == pytest.approx(80 / 65_000 * 10_000)
    assert lines[1] == ("Nederland", pytest.approx(490 / 355_000 * 10_000))
    partial = everywhere.assign(n_gemeenten=5)
    assert [n for n, _ in figures.reference_lines(partial, "A", 30_000, "aantal", True,
                                                  "nl")] == [lines[0][0]]
    assert figures.size_class(4_999) == (0, 5_000) and figures.size_class(250_000)[1] is None
