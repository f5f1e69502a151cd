"""The published figures of ../shared/reference come out of the warehouse exactly."""

from __future__ import annotations

import pytest

from etl.sample.reference import Reference
from tests.conftest import REFERENCE, query

pytestmark = pytest.mark.usefixtures("reference_dir")  # under CI=true, missing fails


@pytest.fixture(scope="module")
def ref():
    return Reference(REFERENCE)


def gap(wh, indicator, code, period, col="realisatie"):
    [(value,)] = query(wh, f"SELECT {col} FROM gaps WHERE indicator = ? AND gebied_code = ? "
                           "AND periode = ?", [indicator, code, period])
    return value


def banenafspraak(wh, region, period, col):
    [(value,)] = query(wh, f"SELECT {col} FROM fct_banenafspraak WHERE arbeidsmarktregio_code = ? "
                           "AND gemeente_code IS NULL AND periode = ?", [region, period])
    return value


def test_amersfoort_banenafspraak_latest_quarter(sample_warehouse, ref):
    wh = sample_warehouse
    assert gap(wh, "banenafspraak_banen", "AM14", "2025-K1") == ref.figure(
        "AM14", "banenafspraak_banen", "2025")
    assert gap(wh, "banenafspraak_banen", "AM14", "2025-K1", "doel") == ref.figure(
        "AM14", "banenafspraak_doelstelling_banen", "2025")
    assert gap(wh, "banenafspraak_banen", "AM14", "2025-K1", "verschil") == ref.figure(
        "AM14", "banenafspraak_doelstelling_banen", "2025") - ref.figure(
        "AM14", "banenafspraak_banen", "2025")
    assert gap(wh, "banenafspraak_banen", "AM14", "2025-K1", "provenance") == "published"
    assert banenafspraak(wh, "AM14", "2025-K1", "personen_in_doelgroep") == ref.figure(
        "AM14", "banenafspraak_doelgroep", "2025")
    assert banenafspraak(wh, "AM14", "2025-K1", "werkzame_personen") == ref.figure(
        "AM14", "banenafspraak_werkzaam", "2025")


def test_amersfoort_banenafspraak_history(sample_warehouse, ref):
    wh = sample_warehouse
    assert banenafspraak(wh, "AM14", "2023-K3", "personen_in_doelgroep") == ref.figure(
        "AM14", "banenafspraak_doelgroep_personen", "2023Q3")
    for period in ("2023Q3", "2023Q2"):
        assert banenafspraak(wh, "AM14", period.replace("Q", "-K"), "werkzame_personen") == \
            ref.figure("AM14", "banenafspraak_werkzame_personen", period)
    assert banenafspraak(wh, "AM14", "2021-K3", "extra_banen") == ref.figure(
        "AM14", "banenafspraak_extra_banen_sinds_nulmeting", "2021Q3")


def test_beschut_werk_latest_quarter(sample_warehouse, ref):
    [(advies, werkzaam)] = query(sample_warehouse, """SELECT positief_advies, werkzaam_beschut
        FROM fct_beschut_werk WHERE arbeidsmarktregio_code = 'AM14' AND gemeente_code IS NULL
        AND periode = (SELECT max(periode) FROM fct_beschut_werk)""")
    assert advies == ref.figure("AM14", "beschut_werk_geldige_indicaties", "2025")
    assert werkzaam == ref.figure("AM14", "beschut_werk_werkzaam", "2025")
    assert gap(sample_warehouse, "beschut_werk_plekken", "AM14", "2025-K1") == werkzaam


def test_municipal_splits_add_up_to_region_totals(sample_warehouse):
    rows = query(sample_warehouse, """SELECT test, failures FROM data_checks
        WHERE test = 'region_total_equals_sum_of_municipalities'""")
    assert rows and all(n == 0 for _t, n in rows)


def test_sample_never_contradicts_a_published_count(sample_warehouse):
    rows = query(sample_warehouse, """SELECT failures, voorbeeld FROM data_checks
        WHERE test LIKE 'sources_agree%'""")
    assert rows and all(n == 0 for n, _ in rows), rows


def test_amfors_wsw_latest_month(sample_warehouse, ref):
    [(n,)] = query(sample_warehouse, """SELECT sum(medewerkers) FROM fct_sob_bezetting
        WHERE organisatie = 'Amfors' AND regeling = 'Wsw'
        AND periode = (SELECT max(periode) FROM fct_sob_bezetting)""")
    assert n == ref.figure("AM14", "wsw_medewerkers", "2025", organisation="RWA/Amfors")


def test_youth_ww_november_2022(sample_warehouse, ref):
    assert gap(sample_warehouse, "jeugd_ww", "AM14", "2022-11") == ref.figure(
        "AM14", "jongeren_ww_uitkering", "2022-11")
    assert gap(sample_warehouse, "jeugd_ww", "GM0307", "2022-11") == ref.figure(
        "AM14", "jongeren_ww_uitkering", "2022-11", "Amersfoort")


def test_rivierenland(sample_warehouse, ref):
    assert gap(sample_warehouse, "banenafspraak_banen", "AM10", "2023-K4") == ref.figure(
        "AM10", "banenafspraak_banen_totaal", "2023Q4")
    assert gap(sample_warehouse, "banenafspraak_banen", "AM10", "2024-K1", "doel") == ref.figure(
        "AM10", "banenafspraak_indicatieve_taakstelling_totaal_banen", "2024")
    # each amount under its scheme and year: sorted amounts alone let one move to another year
    funding = {(regeling, jaar): float(bedrag) for regeling, jaar, bedrag in query(
        sample_warehouse, """SELECT regeling, CASE WHEN structureel THEN 'structureel'
                                                   ELSE CAST(jaar AS VARCHAR) END, bedrag
                             FROM fct_financiering WHERE organisatie = 'Werkzaak Rivierenland'
                         """)}
    schemes = {"impulsbudget_sociaal_ontwikkelbedrijf": "Impulsbudget sociaal ontwikkelbedrijf",
               "rijksbijdrage_sociale_infrastructuur": "Rijksbijdrage sociale infrastructuur",
               "budget_beschut_werk": "Budget beschut werk"}
    published = {(schemes[r["indicator"]], r["period"]): float(r["value"]) for r in ref.rows
                 if r.get("organisation") == "Werkzaak Rivierenland"
                 and r["indicator"] in schemes}
    assert len(published) == 33
    assert funding == published


def test_every_municipality_of_the_reference(sample_warehouse, ref):
    expected = {(g.code, g.naam, g.regio_code, g.inwoners) for g in ref.gemeenten()}
    got = set(query(sample_warehouse, "SELECT gemeente_code, gemeente_naam, "
                                      "arbeidsmarktregio_code, inwoners FROM dim_gemeente"))
    assert got == expected and len(got) == 342


def test_unpublished_detail_is_marked_sample(sample_warehouse):
    # municipal splits are invented; no municipality-level banenafspraak row is published
    assert query(sample_warehouse, "SELECT DISTINCT provenance FROM fct_banenafspraak "
                                   "WHERE gemeente_code IS NOT NULL") == [("sample",)]
    assert query(sample_warehouse, "SELECT DISTINCT provenance FROM fct_instrument_inzet") == [
        ("sample",)]
