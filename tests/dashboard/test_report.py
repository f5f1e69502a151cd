"""The council report: a one-page PDF and a CSV with the page's figures."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from pypdf import PdfReader

from dashboard.i18n import fmt_number, fmt_value, gap_sentence
from tests.conftest import query


def test_pdf_is_one_page_with_name_figures_and_gaps(app, sample_warehouse):
    resp = app.server.test_client().get("/rapport/GM0307.pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(resp.data))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Amersfoort" in text and "31 maart 2025" in text
    rows = query(sample_warehouse, """
        SELECT indicator, realisatie, doel, verschil, richting, eenheid
        FROM gaps JOIN dim_indicator USING (indicator, richting) WHERE gebied_code = 'GM0307'
        QUALIFY periode = max(periode) OVER (PARTITION BY indicator)""")
    for indicator, real, doel, verschil, richting, unit in rows:
        assert fmt_value(real, unit) in text
        if doel is not None:
            assert fmt_value(doel, unit) in text
            assert gap_sentence(indicator, unit, richting, verschil) in text


def test_region_pdf_shows_the_published_banenafspraak_gap(app, sample_warehouse):
    [(real, doel, verschil)] = query(sample_warehouse, """
        SELECT realisatie, doel, verschil FROM gaps WHERE gebied_code = 'AM14'
        AND indicator = 'banenafspraak_banen' AND periode = '2025-K1'""")
    text = PdfReader(io.BytesIO(app.server.test_client().get("/rapport/AM14.pdf?lang=en").data)
                     ).pages[0].extract_text()
    text = " ".join(text.split())
    assert f"{fmt_number(real, 'en')}" in text and f"{fmt_number(verschil, 'en')} jobs" in text
    assert fmt_number(doel, "en") in text


def test_report_names_its_sources_by_title_and_only_its_own_region(app):
    text = " ".join(PdfReader(io.BytesIO(app.server.test_client().get(
        "/rapport/AM14.pdf").data)).pages[0].extract_text().split())
    # the published jobs figure by the document it comes from, not by a file name
    assert "Banenafspraak: banen (Amersfoort, 1e kwartaal 2025): Inventarisatie" in text
    assert ".csv" not in text and ".xlsx" not in text
    assert "rivierenland" not in text.lower() and "werkzaak" not in text.lower()
    assert "(s) Voorbeelddoel: Beschut werk: plekken" in text
    rivierenland = " ".join(PdfReader(io.BytesIO(app.server.test_client().get(
        "/rapport/AM10.pdf").data)).pages[0].extract_text().split())
    assert "amersfoort" not in rivierenland.lower() and ".csv" not in rivierenland


@pytest.mark.parametrize("lang, sep, decimal", [("nl", ";", ","), ("en", ",", ".")])
def test_csv_parses_back_to_the_warehouse_figures(app, sample_warehouse, lang, sep, decimal):
    resp = app.server.test_client().get(f"/rapport/GM0307.csv?lang={lang}")
    assert resp.status_code == 200
    raw = resp.data.decode("utf-8")
    assert raw.startswith("\ufeff") == (lang == "nl")
    df = pd.read_csv(io.StringIO(raw.lstrip("\ufeff")), sep=sep, decimal=decimal)
    assert set(df["gebied_code"]) == {"GM0307", "AM14"}
    expected = dict(((c, i), r) for c, i, r in query(sample_warehouse, """
        SELECT gebied_code, indicator, realisatie FROM gaps
        WHERE gebied_code IN ('GM0307', 'AM14')
        QUALIFY periode = max(periode) OVER (PARTITION BY gebied_code, indicator)"""))
    assert len(df) == len(expected)
    for rec in df.itertuples():
        assert rec.realisatie == pytest.approx(expected[(rec.gebied_code, rec.indicator)],
                                               abs=1e-6)


@pytest.mark.parametrize("path", ["/rapport/GM9999.pdf", "/rapport/..%2Fapp.py.pdf",
                                  "/rapport/GM0307'--.csv", "/rapport/gm0307.pdf"])
def test_unknown_or_hostile_codes_give_no_report(app, path):
    resp = app.server.test_client().get(path)
    # Paths the report route does not match fall through to the Dash page shell.
    assert resp.status_code == 404 or resp.mimetype == "text/html"
    assert not resp.data.startswith(b"%PDF") and b"gebied_code" not in resp.data
