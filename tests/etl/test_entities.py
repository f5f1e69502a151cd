"""The sample uses the entities the region's documents name, where and when they ran."""

from __future__ import annotations

import shutil

import pytest

from etl.build import BuildError, build
from tests.conftest import FIXTURES, TODAY, query

OWN_SERVICE = ("GM0214", "GM1740")  # Buren, Neder-Betuwe: their own Participatiewet until 2026


def test_no_werkzaak_records_where_municipalities_ran_it_themselves(sample_warehouse):
    assert query(sample_warehouse, "SELECT count(*) FROM fct_instrument_inzet WHERE "
                 "gemeente_code IN (SELECT unnest(?)) AND startdatum < DATE '2026-01-01'",
                 [list(OWN_SERVICE)]) == [(0,)]
    assert query(sample_warehouse, "SELECT count(*) FROM fct_sob_bezetting WHERE organisatie = "
                 "'Werkzaak Rivierenland' AND gemeente_code IN (SELECT unnest(?)) "
                 "AND periode < '2026-01'", [list(OWN_SERVICE)]) == [(0,)]


def test_the_aoc_runs_only_where_amfors_piloted_it(sample_warehouse):
    assert query(sample_warehouse, "SELECT DISTINCT arbeidsmarktregio_code FROM "
                 "fct_instrument_inzet WHERE instrument = 'AOC-traject'") == [("AM14",)]
    assert query(sample_warehouse, "SELECT DISTINCT organisatie FROM fct_sob_bezetting "
                 "WHERE regeling = 'AOC'") == [("Amfors",)]


def test_units_groups_and_work_forms_as_the_documents_name_them(sample_warehouse):
    units = {u for (u,) in query(sample_warehouse, "SELECT DISTINCT unit FROM fct_sob_bezetting "
                                                   "WHERE organisatie = 'Werkzaak Rivierenland'")}
    assert units == {"O&O", "Groepsplaatsingen", "Cirtex"}
    groups = {g for (g,) in query(sample_warehouse,
                                  "SELECT DISTINCT doelgroep FROM fct_instrument_inzet")}
    assert {"Tussengroep", "KP4"} <= groups
    forms = {w for (w,) in query(sample_warehouse,
                                 "SELECT DISTINCT werkvorm FROM fct_sob_bezetting")}
    assert "Beschermd/intern" in forms and "Beschut intern" not in forms


def test_the_older_spelling_of_a_work_form_reads_as_the_same_value(fixture_warehouse):
    # the fixture workbook still writes "Beschut intern"
    assert query(fixture_warehouse, "SELECT DISTINCT werkvorm FROM fct_sob_bezetting "
                                    "ORDER BY 1") == [("Beschermd/intern",), ("Groepsdetachering",)]


def test_het_productiebedrijf_has_a_little_under_200_wsw_employees_in_march_2019(
        sample_warehouse):
    # the company's own words: "een kleine 200" in its production halls
    [(n,)] = query(sample_warehouse, "SELECT sum(medewerkers) FROM fct_sob_bezetting WHERE "
                   "organisatie = 'Amfors' AND unit = 'Het Productiebedrijf' AND regeling = 'Wsw' "
                   "AND periode = '2019-03'")
    assert 190 <= n < 200


def _with_row(tmp_path, vocabulary: str | None):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES, raw)
    with open(raw / "werkcentrum_instrumenten.csv", "a", encoding="cp1252") as fh:
        fh.write("I900;C900;Soest;Nieuwkomers;Speeddate;01-02-2025;;Lopend;€ 50\r\n")
    if vocabulary is not None:
        (raw / "waardelijsten.csv").write_text(vocabulary, encoding="utf-8")
    return raw


def test_a_region_extends_a_value_list_without_a_code_change(tmp_path):
    build(_with_row(tmp_path / "a", None), tmp_path / "a.duckdb", today=TODAY)
    assert query(tmp_path / "a.duckdb", "SELECT count(*) FROM quarantine "
                 "WHERE value = 'Nieuwkomers'") == [(1,)]
    build(_with_row(tmp_path / "b", "Lijst;Waarde\nDoelgroep;Nieuwkomers\n"),
          tmp_path / "b.duckdb", today=TODAY)
    assert query(tmp_path / "b.duckdb", "SELECT doelgroep FROM fct_instrument_inzet "
                 "WHERE inzet_id = 'I900'") == [("Nieuwkomers",)]
    assert query(tmp_path / "b.duckdb", "SELECT sum(failures) FROM data_checks "
                 "WHERE test LIKE 'accepted_values%'") == [(0,)]
    with pytest.raises(BuildError, match="waardelijsten.csv row 2"):
        build(_with_row(tmp_path / "c", "Lijst;Waarde\nDoelgroep;=HYPERLINK(1)\n"),
              tmp_path / "c.duckdb", today=TODAY)
