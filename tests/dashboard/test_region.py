"""The region page as plain functions against the sample warehouse."""

from __future__ import annotations

import pytest

from dashboard import create_app, data
from dashboard.i18n import fmt_number, fmt_value
from dashboard.settings import Settings
from tests.conftest import query


@pytest.fixture(scope="module")
def app(sample_warehouse):
    return create_app(Settings(warehouse=sample_warehouse))


def texts(component) -> list[str]:
    """All strings in a Dash component tree."""
    out = []
    children = getattr(component, "children", component)
    if isinstance(children, str):
        return [children]
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None:
            out += texts(child) if not isinstance(child, str) else [child]
    return out


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
    df = data.latest_gaps("AM14")
    assert set(df["gebied_niveau"]) == {"gemeente", "arbeidsmarktregio"}
    assert df["gebied_code"].nunique() == 8
    assert not df.duplicated(["indicator", "gebied_code"]).any()
