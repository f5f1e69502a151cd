"""The region page as plain functions against the sample warehouse."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io
import pytest
from dash.exceptions import PreventUpdate

from dashboard import figures
from dashboard.data import gaps as gaps_data
from dashboard.i18n import fmt_number, fmt_value
from tests.conftest import find, query, texts


@pytest.mark.parametrize("value, lang, decimals, text", [
    (4597, "nl", 0, "4.597"), (12.5, "nl", 1, "12,5"), (4597, "en", 0, "4,597"),
    (None, "nl", 0, "–"), (float("nan"), "nl", 0, "–"),
])
def test_fmt_number(value, lang, decimals, text):
    assert fmt_number(value, lang, decimals) == text


def test_fmt_share():
    assert fmt_value(0.5088, "aandeel", "nl") == "50,9%"


def test_region_layout_shows_the_banenafspraak_gap(app, sample_warehouse):
    from dashboard.pages import region

    with app.server.test_request_context("/"):
        page = region.layout()
    [(real, doel)] = query(sample_warehouse, "SELECT realisatie, doel FROM gaps WHERE indicator="
                           "'banenafspraak_banen' AND gebied_code='AM14' AND periode='2025-K1'")
    all_text = " ".join(texts(page))
    assert f"{fmt_number(real)} / {fmt_number(doel)}" in all_text
    assert "Arbeidsmarktregio Amersfoort" in all_text
    assert "✖ achter" in all_text


def test_region_layout_in_english_for_rivierenland(app):
    from dashboard.pages import region

    with app.server.test_request_context("/"):
        page = region.layout(code="am10", lang="en")
    all_text = " ".join(texts(page))
    assert "Labour-market region Rivierenland" in all_text and "Nederlands" in all_text


def test_unknown_region_falls_back_to_default(app):
    from dashboard.pages import region

    with app.server.test_request_context("/"):
        page = region.layout(code="'; DROP TABLE gaps; --")
    assert "Arbeidsmarktregio Amersfoort" in " ".join(texts(page))


def test_latest_gaps_covers_region_and_municipalities(app):
    df = gaps_data.latest_gaps("AM14")
    assert set(df["gebied_niveau"]) == {"gemeente", "arbeidsmarktregio"}
    assert df["gebied_code"].nunique() == 8
    assert not df.duplicated(["indicator", "gebied_code"]).any()


def test_map_recolours_by_patch_without_geometry(app):
    from dashboard.pages import region

    with app.server.test_request_context("/"):
        page = region.layout(code="AM14", indicator="jeugd_ww")
    [graph] = find(page, "kaart")
    fig = go.Figure(graph.figure)  # also checks the dict is a valid plotly figure
    full = plotly.io.to_json(fig)
    assert "geojson" in full and len(fig.data[0].geojson["features"]) == 7
    codes = list(fig.data[0].locations)
    patch, table, search, lang_href = region.recolour(
        "banenafspraak_banen", {"code": "AM14", "lang": "nl"}, {"tiles": False, "codes": codes})
    sent = json.dumps(patch.to_plotly_json())
    assert "geojson" not in sent and len(sent) < len(full) / 10
    gaps = gaps_data.latest_gaps("AM14").set_index(["gebied_code", "indicator"])
    z = next(op["params"]["value"] for op in patch.to_plotly_json()["operations"]
             if op["location"] == ["data", 0, "z"])
    assert z == [figures.STATUS_ORDER.index(gaps.loc[(c, "banenafspraak_banen"), "status"])
                 for c in codes]
    assert search == "?lang=nl&indicator=banenafspraak_banen"
    assert lang_href == "/regio/AM14?lang=en&indicator=banenafspraak_banen"


def test_map_without_boundary_file_draws_tiles(sample_warehouse):
    from dashboard import create_app
    from dashboard.pages import region
    from dashboard.settings import Settings

    app = create_app(Settings(warehouse=sample_warehouse, boundaries=None))
    with app.server.test_request_context("/"):
        page = region.layout(code="AM10")
    [graph] = find(page, "kaart")
    trace = go.Figure(graph.figure).data[0]
    assert trace.type == "scatter" and len(trace.x) == 8
    assert all(v is not None for v in trace.marker.color)


def test_map_click_opens_the_municipality(app):
    from dashboard.pages import region

    click = {"points": [{"customdata": "GM0313", "location": "GM0313"}]}
    assert region.open_municipality(click, {"lang": "en"}) == "/gemeente/GM0313?lang=en"
    with pytest.raises(PreventUpdate):
        region.open_municipality({"points": [{"customdata": "javascript:alert(1)"}]},
                                 {"lang": "nl"})


def test_every_region_can_be_chosen_and_opened(app):
    from dashboard.pages import region

    with app.server.test_request_context("/"):
        page = region.layout(code="AM01")
    [select] = find(page, "regio-keuze")
    codes = [o["value"] for o in select.options]
    assert len(codes) == len(gaps_data.regions()) and select.value == "AM01"
    assert "Arbeidsmarktregio Groningen" in " ".join(texts(page))
    assert region.open_region("AM21", {"code": "AM14", "lang": "en"}) == "/regio/AM21?lang=en"
    for same_or_unknown in ("AM14", "AM99", "'; --"):
        with pytest.raises(PreventUpdate):
            region.open_region(same_or_unknown, {"code": "AM14", "lang": "nl"})


def test_the_region_choice_offers_only_regions_with_figures(app, sample_warehouse):
    from dashboard.pages import region

    covered = {c for (c,) in query(sample_warehouse, "SELECT DISTINCT gebied_code FROM gaps "
                                   "WHERE gebied_niveau = 'arbeidsmarktregio'")}
    assert covered == {"AM14", "AM10"}
    with app.server.test_request_context("/"):
        page = region.layout(code="AM14")
    [select] = find(page, "regio-keuze")
    offered = [o["value"] for o in select.options if not o.get("disabled")]
    assert set(offered) == covered and offered == [o["value"] for o in select.options][:2]
    for option in select.options[2:]:
        assert option["disabled"] and option["label"].endswith("— geen gegevens")
