"""The municipality page and its callback as plain functions on the sample warehouse."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard.data.gaps import DEFAULT_INDICATOR
from dashboard.i18n import fmt_number, fmt_period, fmt_value, gap_sentence, t
from tests.conftest import find, query, table_rows, texts


def latest(warehouse, code):
    return query(warehouse, """
        SELECT indicator, realisatie, doel, verschil, richting, eenheid, status, woord_nl
        FROM gaps JOIN dim_indicator USING (indicator, richting) WHERE gebied_code = $1
        QUALIFY periode = max(periode) OVER (PARTITION BY indicator)""", [code])


def test_a_card_per_indicator_with_figures_and_gap_in_words(app, sample_warehouse):
    from dashboard.pages import gemeente

    with app.server.test_request_context("/"):
        page = gemeente.layout(code="GM0307")
    rows = latest(sample_warehouse, "GM0307")
    assert rows
    for indicator, real, doel, verschil, richting, unit, _status, woord in rows:
        [card] = find(page, f"kaart-{indicator}")
        text = " ".join(texts(card))
        target = "" if doel is None else f" / {fmt_value(doel, unit)}"
        if doel is not None and richting == "lager_beter":
            target = f" / ≤ {fmt_value(doel, unit)}"
            gap = f"boven het maximum van {fmt_value(doel, unit)} — lager is beter"
        else:
            gap = gap_sentence(woord, unit, richting, verschil)
        assert fmt_value(real, unit) + target in text
        assert gap in text
    assert "Gemeente Amersfoort" in " ".join(texts(page))
    assert "31 maart 2025" in " ".join(texts(page))


def test_english_page_keeps_choices_in_links(app):
    from dashboard.pages import gemeente

    with app.server.test_request_context("/"):
        page = gemeente.layout(code="gm0313", lang="en", indicator="jeugd_ww")
    [switch] = find(page, "gemeente-taal")
    assert switch.href == "/gemeente/GM0313?lang=nl&indicator=jeugd_ww"
    [pdf] = find(page, "rapport-pdf")
    assert pdf.href == "/rapport/GM0313.pdf?lang=en"
    assert "Municipality Bunschoten" in " ".join(texts(page))


@pytest.mark.parametrize("code", ["GM9999", "AM14", "'; DROP TABLE gaps; --", ""])
def test_unknown_municipality_says_so(app, code):
    from dashboard.pages import gemeente

    with app.server.test_request_context("/"):
        page = gemeente.layout(code=code)
    assert page.id == "onbekend"


def test_indicator_choice_gives_trend_comparison_tables_and_url(app, sample_warehouse):
    from dashboard.pages import gemeente

    (trend, trend_table, comparison, comparison_table, search, lang_href,
     _outlook) = gemeente.show_indicator(
        "jeugd_ww", {"code": "GM0307", "region": "AM14", "lang": "nl"})
    trend, comparison = go.Figure(trend), go.Figure(comparison)
    [(n,)] = query(sample_warehouse, "SELECT count(*) FROM gaps WHERE gebied_code='GM0307' "
                   "AND indicator='jeugd_ww'")
    assert len(trend.data[0].y) == n
    rows = table_rows(trend_table, "trend-tabel-data")
    assert len(rows) == n
    [(period, status)] = query(sample_warehouse, "SELECT periode, status FROM gaps WHERE "
                               "gebied_code='GM0307' AND indicator='jeugd_ww' "
                               "ORDER BY periode DESC LIMIT 1")
    # newest first, the status in words
    assert rows[0][0] == fmt_period(period, "nl")
    assert rows[0][3] == t(status, "nl")
    [(real, inw)] = query(sample_warehouse, """
        SELECT realisatie, inwoners FROM gaps JOIN dim_gemeente ON gebied_code = gemeente_code
        WHERE gebied_code = 'GM0307' AND indicator = 'jeugd_ww'
        QUALIFY periode = max(periode) OVER ()""")
    assert fmt_number(real / inw * 10_000, "nl", 1) in " ".join(texts(comparison_table))
    assert len(comparison.data[0].y) == 7
    assert search == "?lang=nl&indicator=jeugd_ww"
    assert lang_href == "/gemeente/GM0307?lang=en&indicator=jeugd_ww"


def test_unknown_indicator_from_the_browser_falls_back(app):
    from dashboard.pages import gemeente

    *_, search, _, _ = gemeente.show_indicator("x' OR 1=1", {"code": "GM0307", "region": "AM14",
                                                          "lang": "nl"})
    assert search == f"?lang=nl&indicator={DEFAULT_INDICATOR}"


def test_a_municipality_without_figures_says_so_and_offers_no_report(app, sample_warehouse):
    from dashboard.pages import gemeente

    [(code,)] = query(sample_warehouse, "SELECT min(gemeente_code) FROM dim_gemeente WHERE "
                      "gemeente_code NOT IN (SELECT gebied_code FROM gaps)")
    with app.server.test_request_context("/"):
        page = gemeente.layout(code=code)
    text = " ".join(texts(page))
    assert find(page, "geen-gegevens") and "geen cijfers" in text
    assert not find(page, "rapport-pdf") and not find(page, "meters")
    client = app.server.test_client()
    assert client.get(f"/rapport/{code}.pdf").status_code == 404
    assert client.get(f"/rapport/{code}.csv").status_code == 404
    assert client.get("/rapport/GM0307.pdf").status_code == 200
