"""The Arbeidsmarkt section of the region and municipality pages, built from the indicators
whose registry section is arbeidsmarkt, and its datasets in /data."""

from __future__ import annotations

import pytest

from dashboard.i18n import fmt_value
from tests.conftest import find, query, texts

LATEST = """
    SELECT indicator, naam_nl, naam_en, eenheid, realisatie, provenance
    FROM gaps JOIN dim_indicator USING (indicator, richting)
    WHERE gebied_code = $1 AND sectie = $2
    QUALIFY periode = max(periode) OVER (PARTITION BY indicator)"""


@pytest.mark.parametrize(("page_name", "code", "lang", "heading"), [
    ("region", "AM14", "nl", "Arbeidsmarkt"), ("region", "AM10", "en", "Labour market"),
    ("gemeente", "GM0307", "nl", "Arbeidsmarkt"), ("gemeente", "GM0281", "en", "Labour market")])
def test_section_has_a_card_per_labour_market_indicator(app, sample_warehouse, page_name, code,
                                                        lang, heading):
    from dashboard.pages import gemeente, region

    with app.server.test_request_context("/"):
        page = {"region": region, "gemeente": gemeente}[page_name].layout(code=code, lang=lang)
    [section] = find(page, "sectie-arbeidsmarkt")
    assert heading in texts(section)
    rows = query(sample_warehouse, LATEST, [code, "arbeidsmarkt"])
    assert {r[0] for r in rows} >= {"ww_uitkeringen", "bijstand_dichtheid"}
    for indicator, naam_nl, naam_en, unit, real, provenance in rows:
        [card] = find(section, f"kaart-{indicator}")
        text = " ".join(texts(card))
        assert (naam_nl if lang == "nl" else naam_en) in text
        assert fmt_value(real, unit, lang) in text
        assert ("◇" in text) == (provenance == "sample"), indicator
    # the participation cards above hold only participation indicators
    cards = find(page, "regio-meters" if page_name == "region" else "meters")
    shown = {c.id.removeprefix("kaart-") for c in _cards(cards)}
    assert shown and not shown & {r[0] for r in rows}


def _cards(tree):
    out = []
    for node in tree if isinstance(tree, list) else [tree]:
        if str(getattr(node, "id", "")).startswith("kaart-"):
            out.append(node)
        children = getattr(node, "children", None)
        if children is not None and not isinstance(children, str | int | float):
            out += _cards(children if isinstance(children, list) else [children])
    return out


def test_datasets_in_data_without_key_sums(app):
    client = app.server.test_client()
    listed = {d["name"] for d in client.get("/api/v1/datasets").json}
    assert {"ww", "bijstand"} <= listed
    rows = client.get("/api/v1/datasets/bijstand.json?gemeente_code=GM0307&periode_van=2018"
                      "&periode_tot=2018").get_json()["rows"]
    by_measure = {r["measure"]: r for r in rows}
    assert by_measure["uitkeringen"]["value"] == 3060
    assert by_measure["uitkeringen"]["provenance"] == "published"
    assert "jaarverslag" in by_measure["uitkeringen"]["publicatie"]
    assert all("sleutel" not in r for r in rows)
