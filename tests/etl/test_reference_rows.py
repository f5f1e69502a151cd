"""Every row of ../shared/reference that the product covers -- levels, changes, targets and
funding -- comes out of the warehouse as published, checked row by row; the rest is counted
as out of scope with the reason.

A published change is checked against the product's own series (the difference of two
quarters, or the percentage change over twelve months, rounded as the source rounds it), so
a sample series that passes through the published levels but not the published movements
fails here.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from decimal import Decimal

import pytest

from tests.conftest import REFERENCE, query

pytestmark = pytest.mark.skipif(not REFERENCE.exists() and not os.environ.get("CI"),
                                reason="../shared/reference missing")

REGIONS = {"Arbeidsmarktregio Amersfoort": "AM14", "arbeidsmarktregio Amersfoort": "AM14",
           "Regio Rivierenland": "AM10", "Rivierenland": "AM10"}
BANEN = {"banenafspraak_doelgroep_personen": "personen_in_doelgroep",
         "banenafspraak_doelgroep": "personen_in_doelgroep",
         "banenafspraak_werkzame_personen": "werkzame_personen",
         "banenafspraak_werkzaam": "werkzame_personen",
         "banenafspraak_banen_totaal": "banen", "banenafspraak_banen": "banen",
         "banenafspraak_extra_banen_sinds_nulmeting": "extra_banen"}
CHANGES = {  # indicator: (measure, quarters back, as a percentage)
    "banenafspraak_extra_banen_toename_kwartaal": ("extra_banen", 1, False),
    "banenafspraak_extra_banen_toename_12_maanden": ("extra_banen", 4, False),
    "banenafspraak_banen_toename_kwartaal": ("banen", 1, False),
    "banenafspraak_werkzame_personen_toename_kwartaal": ("werkzame_personen", 1, False),
    "banenafspraak_werkzame_personen_groei_kwartaal_pct": ("werkzame_personen", 1, True),
}
YEAR_CHANGES = {"banenafspraak_extra_banen_toename_jaar": "extra_banen",
                "banenafspraak_werkzame_personen_toename_jaar": "werkzame_personen"}
TARGETS = {"banenafspraak_werkkamer_indicatie_doelstelling": "banenafspraak_extra_banen",
           "banenafspraak_doelstelling_extra_banen": "banenafspraak_extra_banen",
           "banenafspraak_indicatieve_taakstelling_totaal_banen": "banenafspraak_banen",
           "banenafspraak_doelstelling_banen": "banenafspraak_banen",
           "banenafspraak_doel_totaal_banen_doelgroep": "banenafspraak_banen",
           "taakstelling_beschut_werk_landelijk": "beschut_werk_plekken",
           "beoogd_aantal_beschut_werk_landelijk": "beschut_werk_plekken",
           "beschut_werk_indicatie_met_werkplek": "beschut_werk_benutting"}
FUNDING = {"impulsbudget_sociaal_ontwikkelbedrijf": "Impulsbudget sociaal ontwikkelbedrijf",
           "rijksbijdrage_sociale_infrastructuur": "Rijksbijdrage sociale infrastructuur",
           "budget_beschut_werk": "Budget beschut werk",
           "impulsmiddelen_overgeheveld": "Impulsmiddelen sociale infrastructuur (overgeheveld)",
           "opstartbegroting_externe_capaciteit": "Opstartbegroting externe capaciteit"}
# Published targets the product does not carry as targets, and why.
NOT_TAKEN = {
    ("taakstelling_beschut_werk_landelijk", "2017 (ultimo)", "2597"):
        "a second count of a target already taken from its legal source",
    ("taakstelling_beschut_werk_landelijk", "2019 (eind)", "6000"):
        "a statutory target known only second-hand (not from the Regeling itself)",
    ("taakstelling_beschut_werk_landelijk_voorlopig", "2018 (voorlopig, zoals begin 2017 bekend)",
     "4591"): "a preliminary target, replaced by the final one",
}
APPROXIMATE = re.compile(r"circa|bijna|ruim|ongeveer|prognose")
# A municipality's own target: reference indicator -> gaps indicator.
LOCAL_TARGETS = {"bijstand_uitkeringen_participatiewet_streefcijfer": "bijstand_uitkeringen"}
# Month-end levels in gaps (reference indicator: gaps indicator), and their published
# changes: <level>_mutatie_<maand|jaar>_<pct|abs>.
LEVELS = {"ww_uitkeringen": "ww_uitkeringen", "ww_personen": "ww_personen",
          "bijstand_uitkeringen_participatiewet_ultimo": "bijstand_uitkeringen",
          "bijstand_personen": "bijstand_personen"}
CHANGE = re.compile(r"(?P<base>\w+?)_mutatie_(?P<over>maand|jaar)_(?P<how>pct|abs)")
# Flows counted up from January in gaps (reference indicator: gaps indicator): a published
# first half-year ("2016H1") is the cumulative value at June.
CUMULATIVE = {"ww_nieuwe_uitkeringen": "ww_nieuwe_uitkeringen"}
# Ratios the sources publish themselves, which gaps shows as published (reference indicator:
# (gaps indicator, reference unit per gaps unit)): a share is a fraction in gaps.
RATES = {"ww_percentage_beroepsbevolking": ("ww_percentage", 100),
         "bijstandsdichtheid_per_1000_inwoners": ("bijstand_dichtheid", 1)}


def reference_rows():
    for name in ("published_figures.csv", "published_figures_beschut_wsw.csv",
                 "seed_figures.csv"):
        with (REFERENCE / name).open(encoding="utf-8") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                yield f"{name}:{n}", row


def quarter(period: str) -> str | None:
    m = re.fullmatch(r"(\d{4})Q([1-4])", period)
    return f"{m[1]}-K{m[2]}" if m else ("2025-K1" if period == "2025" else None)


def shift(q: str, back: int) -> str:
    year, k = int(q[:4]), int(q[-1])
    n = year * 4 + k - 1 - back
    return f"{n // 4}-K{n % 4 + 1}"


def month_back(month: str, back: int) -> str:
    n = int(month[:4]) * 12 + int(month[5:7]) - 1 - back
    return f"{n // 12}-{n % 12 + 1:02d}"


def same(published: str, got: float | None) -> bool:
    """Equal at the precision the source gives."""
    if got is None:
        return False
    places = max(0, -Decimal(published).as_tuple().exponent)
    return round(got, places) == round(float(published), places)


class Warehouse:
    def __init__(self, path):
        self.path = path
        # a measure the region row leaves empty is the sum of its municipalities, as in gaps
        measures = ("personen_in_doelgroep", "werkzame_personen", "banen", "extra_banen")
        values = ", ".join(f"coalesce(r.{m}, s.{m})" for m in measures)
        sums = ", ".join(f"sum({m}) AS {m}" for m in measures)
        self.banen = {(r, p): dict(zip(measures, v, strict=True))
                      for r, p, *v in query(path, f"""SELECT arbeidsmarktregio_code, periode,
                          {values} FROM fct_banenafspraak r
                          LEFT JOIN (SELECT arbeidsmarktregio_code, periode, {sums}
                                     FROM fct_banenafspraak WHERE gemeente_code IS NOT NULL
                                     GROUP BY ALL) s USING (arbeidsmarktregio_code, periode)
                          WHERE r.gemeente_code IS NULL""")}
        self.names = dict(query(path, "SELECT gemeente_naam, gemeente_code FROM dim_gemeente"))

    def measure(self, region, q, measure):
        return (self.banen.get((region, q)) or {}).get(measure)

    def gap(self, indicator, code, periode):
        rows = query(self.path, "SELECT realisatie FROM gaps WHERE indicator = ? "
                                "AND gebied_code = ? AND periode = ?", [indicator, code, periode])
        return rows[0][0] if rows else None

    def youth(self, code, month):
        rows = query(self.path, "SELECT realisatie FROM gaps WHERE indicator = 'jeugd_ww' "
                                "AND gebied_code = ? AND periode = ?", [code, month])
        return rows[0][0] if rows else None


def product_value(wh: Warehouse, row: dict) -> tuple[str, float | None] | str:
    """('matched'-able value) or the reason the row is out of scope."""
    ind, period, muni = row["indicator"], row["period"], row.get("municipality") or ""
    region = REGIONS.get(row["region"])
    if ind in LOCAL_TARGETS:
        rows = query(wh.path, "SELECT doel FROM doelstellingen WHERE indicator = ? AND "
                              "gebied_code = ? AND jaar = ?",
                     [LOCAL_TARGETS[ind], wh.names[muni], int(period)])
        return "value", rows[0][0] if rows else None
    if APPROXIMATE.search(row["unit"] + " " + ind):
        return "approximate or forecast figure (circa, bijna, prognose)"
    if ind in TARGETS:
        why = NOT_TAKEN.get((ind, period, row["value"]))
        if why:
            return why
        code = region or ("NL" if row["region"] == "Nederland" else None)
        year = re.search(r"(\d{4})(?!.*\d{4})", period)  # the deadline: the last year named
        if code is None or year is None:
            return "target for an area the product does not hold"
        rows = query(wh.path, "SELECT doel FROM doelstellingen WHERE indicator = ? AND "
                              "gebied_code = ? AND jaar = ?", [TARGETS[ind], code, int(year[1])])
        return "value", rows[0][0] if rows else None
    if ind in FUNDING:
        org = {"impulsmiddelen_overgeheveld": "Gemeente Leusden",
               "opstartbegroting_externe_capaciteit": "Regio Amersfoort"}.get(
            ind, "Werkzaak Rivierenland")
        jaar = None if period == "structureel" else int(period)
        rows = query(wh.path, "SELECT bedrag FROM fct_financiering WHERE organisatie = ? AND "
                              "regeling = ? AND jaar IS NOT DISTINCT FROM ?",
                     [org, FUNDING[ind], jaar])
        return "value", float(rows[0][0]) if rows else None
    if region is None:
        return "area outside the two regions (national or other)"
    if ind in BANEN and not muni:
        q = quarter(period)
        return ("value", wh.measure(region, q, BANEN[ind])) if q else "period not a quarter"
    if ind == "banenafspraak_aandeel_werkzaam_doelgroep":
        q = quarter(period)
        w = wh.measure(region, q, "werkzame_personen")
        d = wh.measure(region, q, "personen_in_doelgroep")
        return "value", (100 * w / d) if w and d else None
    if ind in CHANGES:
        measure, back, pct = CHANGES[ind]
        q = quarter(period)
        now, before = wh.measure(region, q, measure), wh.measure(region, shift(q, back), measure)
        if now is None or before is None:
            return "value", None
        return "value", (100 * (now / before - 1)) if pct else now - before
    if ind in YEAR_CHANGES:
        measure, year = YEAR_CHANGES[ind], int(period)
        now = wh.measure(region, f"{year}-K4", measure)
        before = wh.measure(region, f"{year - 1}-K4", measure)
        return "value", None if now is None or before is None else now - before
    if ind == "banenafspraak_banengroei_pct_tov_nulmeting":
        [(base,)] = query(wh.path, "SELECT DISTINCT nulmeting FROM doelstellingen WHERE "
                                   "gebied_code = ? AND nulmeting IS NOT NULL", [region])
        return "value", 100 * (wh.measure(region, quarter(period), "banen") / base - 1)
    if ind == "jongeren_ww_uitkering":
        code = wh.names.get(muni) if muni else region
        return "value", wh.youth(code, period[:7])
    if ind == "jongeren_ww_uitkering_aandeel_regio":
        return "value", 100 * wh.youth(wh.names[muni], period) / wh.youth(region, period)
    if ind == "jongeren_ww_uitkering_mutatie_jaar_pct":
        if not re.fullmatch(r"\d{4}-\d{2}", period):
            return "change over a whole year without the months it compares"
        year, month = period.split("-")
        now, before = wh.youth(region, period), wh.youth(region, f"{int(year) - 1}-{month}")
        return "value", 100 * (now / before - 1)
    if ind in RATES:
        indicator, scale = RATES[ind]
        code = wh.names.get(muni) if muni else region
        got = wh.gap(indicator, code, period)
        return "value", None if got is None else got * scale
    change = CHANGE.fullmatch(ind)
    if (change["base"] if change else ind) in CUMULATIVE:
        flow = CUMULATIVE[change["base"] if change else ind]
        half = re.fullmatch(r"(\d{4})H1", period)
        if half is None or muni or (change and change["over"] != "jaar"):
            return "a flow over a period the product does not count up to"
        now = wh.gap(flow, region, f"{half[1]}-06")
        if not change:
            return "value", now
        before = wh.gap(flow, region, f"{int(half[1]) - 1}-06")
        if now is None or before is None:
            return "value", None
        return "value", 100 * (now / before - 1) if change["how"] == "pct" else now - before
    if (change["base"] if change else ind) in LEVELS:
        level = LEVELS[change["base"] if change else ind]
        code = wh.names.get(muni) if muni else region
        if code is None:
            return "a group of municipalities, not an area the product holds"
        if not re.fullmatch(r"\d{4}(-\d{2}(-01)?)?", period) or (change and len(period) == 4):
            return "a flow over a half year, or a change without the periods it compares"
        now = wh.gap(level, code, period[:7])
        if not change:
            return "value", now
        before = wh.gap(level, code, month_back(period[:7], 1 if change["over"] == "maand" else 12))
        if now is None or before is None:
            return "value", None
        return "value", 100 * (now / before - 1) if change["how"] == "pct" else now - before
    if ind in ("beschut_werk_geldige_indicaties", "beschut_werk_werkzaam"):
        col = "positief_advies" if "indicaties" in ind else "werkzaam_beschut"
        rows = query(wh.path, f"SELECT {col} FROM fct_beschut_werk WHERE gemeente_code IS NULL "
                              "AND arbeidsmarktregio_code = ? AND periode = '2025-K1'", [region])
        return "value", rows[0][0] if rows else None
    if ind in ("ae_team_deelnemers", "ae_team_trajecten"):
        what = "count(DISTINCT client)" if ind == "ae_team_deelnemers" else "count(*)"
        rows = query(wh.path, f"SELECT {what} FROM fct_instrument_inzet WHERE instrument = "
                              "'AE-team (Amersfoort Extrateams)' AND year(startdatum) = ?",
                     [int(period)])
        return "value", rows[0][0]
    if ind == "wsw_medewerkers" and row.get("organisation") == "RWA/Amfors":
        rows = query(wh.path, "SELECT sum(medewerkers) FROM fct_sob_bezetting WHERE organisatie "
                              "= 'Amfors' AND regeling = 'Wsw' AND periode = '2025-03'")
        return "value", rows[0][0]
    return "measure the product does not hold (WW flows and rates, vacancies, sector splits, ...)"


def test_every_covered_reference_row_matches(sample_warehouse):
    if not REFERENCE.exists():
        pytest.fail("../shared/reference missing under CI")
    wh = Warehouse(sample_warehouse)
    matched, out = 0, Counter()
    for where, row in reference_rows():
        answer = product_value(wh, row)
        if isinstance(answer, str):
            out[answer] += 1
            continue
        _, got = answer
        assert same(row["value"], got), (
            f"{where}: {row['region']} {row.get('municipality') or ''} {row['period']} "
            f"{row['indicator']} published {row['value']}, product {got}")
        matched += 1
    print(f"\nreference rows matched: {matched}; out of scope: {sum(out.values())}")
    for reason, n in out.most_common():
        print(f"  {n:4d}  {reason}")
    assert matched >= 60
