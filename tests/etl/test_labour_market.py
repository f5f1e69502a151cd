"""The labour-market context (WW, bijstand) as the reference publishes it: every published
figure -- levels, half-year totals, WW-percentages, the density -- comes out of gaps exactly,
labelled published, with its source; the changes the quotes state in whole benefits come out
exactly; every other value is labelled sample, an invented one on a published row too
(Herkomst per value)."""

from __future__ import annotations

import re
import shutil

import pytest

from etl.build import build
from tests.conftest import FIXTURES, TODAY, query, require_reference
from tests.etl.test_reference_rows import (
    CUMULATIVE,
    LEVELS,
    RATES,
    REGIONS,
    month_back,
    reference_rows,
)

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


def published_figures(warehouse):
    """(gaps indicator, area code, period, published value in gaps' unit) of every figure the
    reference publishes for an area the product holds and that gaps shows as it is: a level,
    a first half-year's new benefits (the cumulative value at June), a WW-percentage or a
    density."""
    names = dict(query(warehouse, "SELECT gemeente_naam, gemeente_code FROM dim_gemeente"))
    for _where, row in reference_rows():
        ind, period = row["indicator"], row["period"]
        if row["region"] not in REGIONS or ind not in (*LEVELS, *CUMULATIVE, *RATES):
            continue
        value = float(row["value"])
        code = names.get(row["municipality"]) if row["municipality"] else REGIONS[row["region"]]
        if code is None:
            continue
        if ind in LEVELS:
            yield LEVELS[ind], code, period[:7], value
        elif ind in CUMULATIVE and re.fullmatch(r"\d{4}H1", period):
            yield CUMULATIVE[ind], code, f"{period[:4]}-06", value
        elif ind in RATES:
            yield RATES[ind][0], code, period, value / RATES[ind][1]


def test_published_figures_are_labelled_published(sample_warehouse):
    require_reference()
    seen = set()
    for indicator, code, periode, value in published_figures(sample_warehouse):
        got, provenance, bron = gap(sample_warehouse, indicator, code, periode)
        # a share published as 4,4% is 0.044 in gaps: exact up to the last bit of a double
        assert got == pytest.approx(value, rel=1e-12, abs=0), (indicator, code, periode)
        assert provenance == "published", (indicator, code, periode)
        assert bron and "http" in bron, (indicator, code, periode, bron)
        seen.add(indicator)
    assert seen == {"ww_uitkeringen", "ww_personen", "ww_nieuwe_uitkeringen", "ww_percentage",
                    "bijstand_uitkeringen", "bijstand_personen", "bijstand_dichtheid"}


def test_other_points_are_sample(sample_warehouse):
    require_reference()
    published = {(i, c, p) for i, c, p, _ in published_figures(sample_warehouse)}
    rows = query(sample_warehouse, """SELECT indicator, gebied_code, periode, provenance FROM gaps
                                      JOIN dim_indicator USING (indicator)
                                      WHERE sectie = 'arbeidsmarkt'""")
    assert {r[0] for r in rows} == {i for i, _c, _p, _v in published_figures(sample_warehouse)}
    wrong = [(i, c, p) for i, c, p, provenance in rows
             if (provenance == "published") != ((i, c, p) in published)]
    assert wrong == []


def test_invented_values_on_a_published_row_are_sample(sample_warehouse):
    """The row of June 2016 publishes 7,657 benefits, the half-year's 4,225 new ones and a
    WW-percentage of 4,4; the 648 new benefits of that month and the labour force beside
    them are invented. Amersfoort's 2016 bijstand row publishes benefits and density, not
    persons."""
    def measures(bron, code, periode):
        return {m: (v, p) for m, v, p in query(sample_warehouse, """
            SELECT measure, value, provenance FROM measures
            WHERE bron = ? AND coalesce(gemeente_code, arbeidsmarktregio_code) = ?
              AND periode = ? AND value IS NOT NULL""", [bron, code, periode])}

    ww = measures("ww", "AM14", "2016-06")
    assert ww["uitkeringen"] == (7657, "published")
    assert ww["nieuwe_uitkeringen_cumulatief"] == (4225, "published")
    assert ww["ww_percentage"] == (pytest.approx(0.044), "published")
    assert ww["nieuwe_uitkeringen"] == (648, "sample")
    assert ww["beroepsbevolking"][1] == "sample"
    bijstand = measures("bijstand", "GM0307", "2016")
    assert bijstand["uitkeringen"] == (3140, "published")
    assert bijstand["dichtheid"] == (38, "published")
    assert bijstand["personen"][1] == "sample"
    # and so is what is made of them
    assert gap(sample_warehouse, "bijstand_personen", "GM0307", "2016")[1] == "sample"
    assert gap(sample_warehouse, "ww_nieuwe_uitkeringen", "AM14", "2016-05")[1] == "sample"


def test_sample_labour_force_gives_the_published_percentages(sample_warehouse):
    """The invented labour force is consistent with the published WW-percentages: benefits
    divided by it round to them, so the sample series has no jump where a published
    percentage stands."""
    for indicator, code, periode, value in published_figures(sample_warehouse):
        if indicator == "ww_percentage":
            [(benefits, force)] = query(sample_warehouse, """
                SELECT max(value) FILTER (WHERE measure = 'uitkeringen'),
                       max(value) FILTER (WHERE measure = 'beroepsbevolking') FROM measures
                WHERE bron = 'ww' AND coalesce(gemeente_code, arbeidsmarktregio_code) = ?
                  AND periode = ?""", [code, periode])
            assert round(100 * benefits / force, 1) == round(100 * value, 1), (code, periode)


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


# A WW file labelling its values row by row and value by value (line numbers as the
# quarantine names them: the header is line 1).
HERKOMST_FILE = """\
Periode;Arbeidsmarktregio;Gemeente;WW-uitkeringen;Nieuwe uitkeringen;\
Nieuwe uitkeringen sinds januari;Beroepsbevolking;WW-percentage;Herkomst
2024-01;AM14;;100;10;;5.000;;published
2024-02;AM14;;110;20;;5.000;;sample
2024-03;AM14;;120;30;70;5.000;2,4;published: WW-uitkeringen, \
nieuwe uitkeringen SINDS januari,WW-percentage
2024-04;AM14;;130;40;;5.000;3,0;gepubliceerd
2024-05;AM14;;140;;;;;published: WW-uitkeringen, Vacatures
2024-06;AM14;;150;;;;;published:
2024-07;AM14;;160;;;;;sample: Nieuwe uitkeringen
2024-01;AM14;Nijkerk;50;5;;;;published
2024-02;AM14;Nijkerk;55;6;12;;;published
"""


@pytest.fixture(scope="module")
def herkomst_build(tmp_path_factory):
    raw = tmp_path_factory.mktemp("herkomst") / "raw"
    shutil.copytree(FIXTURES, raw)
    (raw / "uwv_ww_herkomst.csv").write_text(HERKOMST_FILE, encoding="utf-8")
    warehouse = raw.parent / "warehouse.duckdb"
    return warehouse, build(raw, warehouse, today=TODAY)


def test_herkomst_labels_each_value(herkomst_build):
    warehouse, _ = herkomst_build
    got = dict(((p, m), (v, prov)) for p, m, v, prov in query(warehouse, """
        SELECT periode, measure, value, provenance FROM measures
        WHERE bron = 'ww' AND gemeente_code IS NULL AND value IS NOT NULL"""))
    # a plain label still labels the whole row
    assert got[("2024-01", "uitkeringen")] == (100, "published")
    assert got[("2024-02", "nieuwe_uitkeringen")] == (20, "sample")
    # the named columns are published, the row's other values sample
    assert got[("2024-03", "uitkeringen")] == (120, "published")
    assert got[("2024-03", "nieuwe_uitkeringen_cumulatief")] == (70, "published")
    assert got[("2024-03", "ww_percentage")] == (pytest.approx(0.024), "published")
    assert got[("2024-03", "nieuwe_uitkeringen")] == (30, "sample")
    assert got[("2024-03", "beroepsbevolking")] == (5000, "sample")
    # where the file gives no total, the sum of its months, sample when one of them is
    assert got[("2024-04", "nieuwe_uitkeringen_cumulatief")] == (100, "sample")
    assert got[("2024-01", "nieuwe_uitkeringen_cumulatief")] == (10, "published")


def test_published_ratio_beats_its_parts_in_gaps(herkomst_build):
    """Where the file gives the WW-percentage, gaps shows it (labelled as it is); elsewhere
    benefits over labour force, sample when either is."""
    warehouse, _ = herkomst_build
    got = dict(((p), (v, prov)) for p, v, prov in query(warehouse, """
        SELECT periode, realisatie, provenance FROM gaps
        WHERE indicator = 'ww_percentage' AND gebied_code = 'AM14'"""))
    assert got["2024-03"] == (pytest.approx(0.024), "published")
    assert got["2024-04"] == (pytest.approx(0.03), "published")
    assert got["2024-01"] == (pytest.approx(100 / 5000), "published")
    assert got["2024-02"] == (pytest.approx(110 / 5000), "sample")


def test_bad_herkomst_is_quarantined_by_file_row_and_column(herkomst_build):
    warehouse, _ = herkomst_build
    rows = query(warehouse, """SELECT "row", "column", reason FROM quarantine
                               WHERE file = 'uwv_ww_herkomst.csv' ORDER BY "row" """)
    assert [(r, c) for r, c, _ in rows] == [(6, "Herkomst"), (7, "Herkomst"), (8, "Herkomst")]
    assert "not one of this file's figures" in rows[0][2]
    assert "WW-percentage" in rows[0][2]  # it lists the columns it may name
    assert "not one of this file's figures" in rows[1][2]  # `published:` names none
    assert rows[2][2].startswith("unknown value")


def test_published_totals_that_disagree_with_their_published_parts_warn(herkomst_build):
    """Line 5 publishes a WW-percentage of 3,0 beside published 130 benefits of a published
    labour force of 5,000 (2,6%); line 10 publishes 12 new benefits since January where its
    published months add up to 11. Line 4's total and percentage have sample parts: no
    warning."""
    _, result = herkomst_build
    ratio = [w for w in result.warnings if "published_ratio_equals_its_published_parts" in w]
    total = [w for w in result.warnings if "published_total_equals_its_published_months" in w]
    assert len(ratio) == 1 and "1 row(s)" in ratio[0] and "uwv_ww_herkomst.csv row 5" in ratio[0]
    assert len(total) == 1 and "1 row(s)" in total[0] and "uwv_ww_herkomst.csv row 10" in total[0]
