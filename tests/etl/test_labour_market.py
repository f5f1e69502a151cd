"""The labour-market context (WW, bijstand) as the reference publishes it: every published
level comes out of gaps labelled published, with its source; the changes the quotes state
in whole benefits come out exactly; every other point is labelled sample."""

from __future__ import annotations

import pytest

from tests.conftest import query, require_reference
from tests.etl.test_reference_rows import LEVELS, REGIONS, month_back, reference_rows

# Changes over a month the quotes state in benefits, beside the percentages of the reference
# rows (region, month, change, the words of the quote).
QUOTED = (
    ("AM14", "2017-05", -165, "165 (2,3%) ... WW-uitkeringen minder dan een maand eerder"),
    ("AM14", "2018-06", -100, "daalde het aantal WW-uitkeringen ... licht met 100 (-1,8%)"),
    ("AM14", "2018-10", -161, "daling van 161 uitkeringen (-3,0 procent) t.o.v. september"),
    ("AM14", "2019-04", -99, "99 WW-uitkeringen minder dan in maart (-2,0%)"),
    ("AM14", "2021-01", 21, "Dat waren er 21 meer dan een maand eerder."),
    ("AM14", "2022-04", -104, "3230 uitkeringen, 104 minder dan een maand geleden"),
    ("AM14", "2022-09", -25, "Dat zijn er 25 minder dan een maand daarvoor."),
    ("AM14", "2023-01", 26, "een stijging met 26 verstrekte uitkeringen (1,0%)"),
)


def gap(warehouse, indicator, code, periode):
    rows = query(warehouse, "SELECT realisatie, provenance, realisatie_bron FROM gaps "
                            "WHERE indicator = ? AND gebied_code = ? AND periode = ?",
                 [indicator, code, periode])
    return rows[0] if rows else (None, None, None)


def published_levels(warehouse):
    """(gaps indicator, area code, period, published value) of every level the reference
    publishes for an area the product holds."""
    names = dict(query(warehouse, "SELECT gemeente_naam, gemeente_code FROM dim_gemeente"))
    for _where, row in reference_rows():
        if row["indicator"] in LEVELS and row["region"] in REGIONS:
            code = names.get(row["municipality"]) if row["municipality"] else REGIONS[row["region"]]
            if code:
                yield LEVELS[row["indicator"]], code, row["period"][:7], float(row["value"])


def test_published_levels_are_labelled_published(sample_warehouse):
    require_reference()
    seen = 0
    for indicator, code, periode, value in published_levels(sample_warehouse):
        got, provenance, bron = gap(sample_warehouse, indicator, code, periode)
        assert (got, provenance) == (value, "published"), (indicator, code, periode)
        assert bron and "http" in bron, (indicator, code, periode, bron)
        seen += 1
    assert seen >= 30


def test_other_points_are_sample(sample_warehouse):
    require_reference()
    published = {(i, c, p) for i, c, p, _ in published_levels(sample_warehouse)}
    rows = query(sample_warehouse, """SELECT indicator, gebied_code, periode, provenance FROM gaps
                                      JOIN dim_indicator USING (indicator)
                                      WHERE sectie = 'arbeidsmarkt' AND eenheid = 'aantal'""")
    assert {r[0] for r in rows} >= {"ww_uitkeringen", "ww_personen", "bijstand_uitkeringen",
                                    "bijstand_personen"}
    for indicator, code, periode, provenance in rows:
        if (indicator, code, periode) not in published:
            assert provenance == "sample", (indicator, code, periode)


@pytest.mark.parametrize(("region", "month", "change", "quote"), QUOTED,
                         ids=[f"{r}-{m}" for r, m, _c, _q in QUOTED])
def test_quoted_month_changes(sample_warehouse, region, month, change, quote):
    now = gap(sample_warehouse, "ww_uitkeringen", region, month)[0]
    before = gap(sample_warehouse, "ww_uitkeringen", region, month_back(month, 1))[0]
    assert now - before == change, quote


def test_amersfoort_bijstand_against_its_streefcijfer(sample_warehouse):
    """3,060 benefits at the end of 2018 against the jaarverslag's 3,275: lower is better."""
    [row] = query(sample_warehouse, """SELECT realisatie, doel, verschil, richting, status,
                                              doel_status, provenance, doel_bron FROM gaps
                                       WHERE indicator = 'bijstand_uitkeringen'
                                         AND gebied_code = 'GM0307' AND periode = '2018'""")
    assert row[:7] == (3060, 3275, -215, "lager_beter", "behaald", "lokaal", "published")
    assert "jaarverslag" in row[7].lower()


def test_density_per_1000_inhabitants(sample_warehouse):
    """Persons per 1,000 inhabitants of gemeenten.csv, for a municipality and a region."""
    for code, niveau in (("GM0281", "gemeente"), ("AM10", "arbeidsmarktregio")):
        rows = query(sample_warehouse, f"""
            SELECT d.realisatie, p.realisatie * 1000.0 / (SELECT sum(inwoners) FROM dim_gemeente
                                                  WHERE gemeente_code = $1
                                                     OR arbeidsmarktregio_code = $1)
            FROM gaps d JOIN gaps p USING (gebied_code, periode)
            WHERE d.indicator = 'bijstand_dichtheid' AND p.indicator = 'bijstand_personen'
              AND d.gebied_code = $1 AND d.gebied_niveau = '{niveau}'""", [code])
        assert rows and all(abs(a - b) < 1e-9 for a, b in rows), code
