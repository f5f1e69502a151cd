"""The council report: a one-page PDF and a CSV with the page's figures."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from pypdf import PdfReader

from dashboard.i18n import fmt_number, fmt_value, gap_sentence
from tests.conftest import query


def test_pdf_is_two_pages_with_name_figures_gaps_summary_and_place(app, sample_warehouse):
    resp = app.server.test_client().get("/rapport/GM0307.pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(resp.data))
    assert len(reader.pages) == 2
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Amersfoort" in text and "31 maart 2025" in text
    rows = query(sample_warehouse, """
        SELECT realisatie, doel, verschil, richting, eenheid, woord_nl
        FROM gaps JOIN dim_indicator USING (indicator, richting) WHERE gebied_code = 'GM0307'
        QUALIFY periode = max(periode) OVER (PARTITION BY indicator)""")
    for real, doel, verschil, richting, unit, woord in rows:
        assert fmt_value(real, unit) in text
        if doel is None:
            continue
        assert fmt_value(doel, unit) in text
        if richting == "lager_beter":
            assert (f"{fmt_number(verschil)} {woord} boven het maximum van "
                    f"{fmt_value(doel, unit)} — lager is beter") in text
        else:
            assert gap_sentence(woord, unit, richting, verschil) in text
    # the summary, written from the figures (an independent count of the jobs gap)
    [(banen, doel, jaar)] = query(sample_warehouse, """
        SELECT realisatie, doel, left(periode, 4) FROM gaps WHERE gebied_code = 'GM0307'
        AND indicator = 'banenafspraak_banen' QUALIFY periode = max(periode) OVER ()""")
    assert (f"Amersfoort telt {fmt_number(banen)} banen, {fmt_number(doel - banen)} onder het "
            f"doel voor {jaar}; in het huidige tempo") in text
    # its place among the region's municipalities, per 10,000 inhabitants
    places = query(sample_warehouse, """
        SELECT g.gebied_code FROM gaps g JOIN dim_gemeente m ON m.gemeente_code = g.gebied_code
        WHERE g.indicator = 'banenafspraak_banen' AND m.arbeidsmarktregio_code = 'AM14'
        QUALIFY g.periode = max(g.periode) OVER (PARTITION BY g.gebied_code)
        ORDER BY g.realisatie / m.inwoners DESC""")
    rank = [c for (c,) in places].index("GM0307") + 1
    assert "Banenafspraak: banen: " in text
    assert f"{rank}e van {len(places)} gemeenten (per 10.000 inwoners)" in text
    assert "Regio Amersfoort (totaal)" in text
    assert "pagina 2 van 2" in text


def test_region_pdf_shows_the_published_banenafspraak_gap(app, sample_warehouse):
    [(real, doel, verschil)] = query(sample_warehouse, """
        SELECT realisatie, doel, verschil FROM gaps WHERE gebied_code = 'AM14'
        AND indicator = 'banenafspraak_banen' AND periode = '2025-K1'""")
    text = PdfReader(io.BytesIO(app.server.test_client().get("/rapport/AM14.pdf?lang=en").data)
                     ).pages[0].extract_text()
    text = " ".join(text.split())
    assert f"{fmt_number(real, 'en')}" in text and f"{fmt_number(verschil, 'en')} jobs" in text
    assert fmt_number(doel, "en") in text


def pdf_text(app, path: str) -> str:
    """Every page's text, whitespace folded (the sources are on the last page)."""
    reader = PdfReader(io.BytesIO(app.server.test_client().get(path).data))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_report_names_its_sources_by_title_and_only_its_own_region(app):
    text = pdf_text(app, "/rapport/AM14.pdf")
    # the published jobs figure by the document it comes from, not by a file name
    assert "Banenafspraak: banen (Amersfoort, 1e kwartaal 2025): Inventarisatie" in text
    assert ".csv" not in text and ".xlsx" not in text
    assert "rivierenland" not in text.lower() and "werkzaak" not in text.lower()
    assert "(s) Voorbeelddoel: Beschut werk: plekken" in text
    rivierenland = pdf_text(app, "/rapport/AM10.pdf")
    assert "amersfoort" not in rivierenland.lower() and ".csv" not in rivierenland


@pytest.mark.parametrize("lang, sep, decimal", [("nl", ";", ","), ("en", ",", ".")])
def test_csv_parses_back_to_the_warehouse_figures(app, sample_warehouse, lang, sep, decimal):
    resp = app.server.test_client().get(f"/rapport/GM0307.csv?lang={lang}")
    assert resp.status_code == 200
    raw = resp.data.decode("utf-8")
    assert raw.startswith("\ufeff") == (lang == "nl")
    df = pd.read_csv(io.StringIO(raw.lstrip("\ufeff")), sep=sep, decimal=decimal)
    assert set(df["gebied_code"]) == {"GM0307", "AM14"}
    expected = {(c, i): (r, p, u) for c, i, r, p, u in query(sample_warehouse, """
        SELECT gebied_code, indicator, realisatie, realisatie_pct, eenheid
        FROM gaps JOIN dim_indicator USING (indicator)
        WHERE gebied_code IN ('GM0307', 'AM14')
        QUALIFY periode = max(periode) OVER (PARTITION BY gebied_code, indicator)""")}
    assert len(df) == len(expected)
    lines = raw.lstrip("\ufeff").splitlines()[1:]
    for rec, line in zip(df.itertuples(), lines, strict=True):
        real, pct, unit = expected[(rec.gebied_code, rec.indicator)]
        # as on the page: whole counts, shares in percent with one decimal
        shown = round(real * 100, 1) if unit == "aandeel" else round(real)
        assert rec.realisatie == pytest.approx(shown, abs=1e-9)
        if unit == "aantal":
            assert f"{sep}{round(real)}{sep}" in line  # "248", never "248,0"
        if pct is not None:
            assert rec.realisatie_pct == pytest.approx(round(pct * 100, 1), abs=1e-9)


@pytest.mark.parametrize("path", ["/rapport/GM9999.pdf", "/rapport/..%2Fapp.py.pdf",
                                  "/rapport/GM0307'--.csv", "/rapport/gm0307.pdf"])
def test_unknown_or_hostile_codes_give_no_report(app, path):
    resp = app.server.test_client().get(path)
    # Paths the report route does not match fall through to the Dash page shell.
    assert resp.status_code == 404 or resp.mimetype == "text/html"
    assert not resp.data.startswith(b"%PDF") and b"gebied_code" not in resp.data
