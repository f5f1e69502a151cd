"""The value lists (etl/vocabulary.toml): one definition that validation, the warehouse's
dim_waarde and the models' roles all follow, extended by a region's waardelijsten file."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from etl import vocabulary
from etl.build import build
from tests.conftest import FIXTURES, TODAY, query

# a region's own values: a target group and an instrument with English names, an outcome
# that counts as work, a work form without an English name
EXTENSION = ("Lijst;Waarde;Engels;Rol\n"
             "Doelgroep;Nieuwkomers;Newcomers;\n"
             "Resultaat;Werk met jobcoach;Work with a job coach;werk\n"
             "Instrument;Speeddate;Speed date;\n"
             "Werkvorm;Leerwerkplek;;\n")
# deployments of the fixture's region that end in education in the first quarter of 2025,
# each of another person: enough that their placements outweigh the perturbation's noise
EDUCATION = 40


def raw_with(tmp_path, extension: str | None):
    """The fixture files with a deployment of the region's own values (and, when
    `extension`, the waardelijsten file that allows them) and EDUCATION ended ones."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES, raw)
    with open(raw / "werkcentrum_instrumenten.csv", "a", encoding="cp1252") as fh:
        fh.write("I900;C900;Soest;Nieuwkomers;Speeddate;01-02-2025;15-03-2025;"
                 "Werk met jobcoach;€ 50\r\n")
        for k in range(EDUCATION):
            fh.write(f"E{k};D{k};Amersfoort;Jongeren;Training;06-01-2025;20-03-2025;"
                     "Opleiding;€ 10\r\n")
    if extension is not None:
        (raw / "waardelijsten.csv").write_text(extension, encoding="utf-8")
    return raw


@pytest.fixture(scope="module")
def extended(tmp_path_factory):
    """A warehouse built with the region's own values."""
    tmp = tmp_path_factory.mktemp("vocab_ext")
    build(raw_with(tmp, EXTENSION), tmp / "warehouse.duckdb", today=TODAY)
    return tmp / "warehouse.duckdb"


def test_a_regions_values_pass_validation_and_reach_dim_waarde(extended):
    assert query(extended, "SELECT doelgroep, instrument, resultaat FROM fct_instrument_inzet "
                 "WHERE inzet_id = 'I900'") == [("Nieuwkomers", "Speeddate", "Werk met jobcoach")]
    assert query(extended, "SELECT count(*) FROM quarantine") == [(0,)]
    assert query(extended, "SELECT sum(failures) FROM data_checks") == [(0,)]
    rows = query(extended, "SELECT lijst, waarde, naam_en, rol, herkomst FROM dim_waarde "
                           "WHERE herkomst = 'regio' ORDER BY lijst")
    assert rows == [("Doelgroep", "Nieuwkomers", "Newcomers", None, "regio"),
                    ("Instrument", "Speeddate", "Speed date", None, "regio"),
                    ("Resultaat", "Werk met jobcoach", "Work with a job coach", "werk", "regio"),
                    # without an English name, the value as it is
                    ("Werkvorm", "Leerwerkplek", "Leerwerkplek", None, "regio")]
    # a region's values come after the product's, in the product's order
    order = [w for (w,) in query(extended, "SELECT waarde FROM dim_waarde WHERE lijst = "
                                           "'Doelgroep' ORDER BY volgorde")]
    assert order == [*vocabulary.product()["Doelgroep"].values(), "Nieuwkomers"]


def test_without_the_file_the_value_is_quarantined(tmp_path):
    build(raw_with(tmp_path, None), tmp_path / "w.duckdb", today=TODAY)
    assert query(tmp_path / "w.duckdb", "SELECT \"column\", value FROM quarantine "
                 "ORDER BY 1") == [("Doelgroep", "Nieuwkomers"), ("Resultaat", "Werk met jobcoach")]


def test_a_regions_outcome_with_the_work_role_counts_as_work(extended):
    assert query(extended, "SELECT sum(naar_werk) FROM fct_instrument_kwartaal "
                           "WHERE instrument = 'Speeddate'") == [(1,)]


def _placements(warehouse) -> dict[str, float]:
    return dict(query(warehouse, "SELECT gebied_code, realisatie FROM gaps WHERE indicator = "
                                 "'instrument_plaatsingen' AND periode = '2025-K1' "
                                 "AND gebied_niveau = 'gemeente'"))


def test_an_outcomes_role_decides_what_counts_as_work(extended, tmp_path, monkeypatch):
    """Education becomes work in the value list: the marts and the placements follow it."""
    product = vocabulary.product()
    outcomes = product["Resultaat"]
    as_work = dataclasses.replace(outcomes, waarden=tuple(
        dataclasses.replace(v, rol="werk") if v.waarde == "Opleiding" else v
        for v in outcomes.waarden))
    monkeypatch.setattr(vocabulary, "product", lambda: {**product, "Resultaat": as_work})
    build(raw_with(tmp_path, EXTENSION), tmp_path / "w.duckdb", today=TODAY)
    changed = tmp_path / "w.duckdb"

    def to_work(warehouse):
        return query(warehouse, "SELECT sum(naar_werk) FROM fct_instrument_kwartaal "
                                "WHERE instrument = 'Training'")[0][0]

    assert to_work(extended) == 0 and to_work(changed) == EDUCATION + 1
    before, after = _placements(extended)["GM0307"], _placements(changed)["GM0307"]
    # perturbed, each by a few at most
    assert before < 10 and after > EDUCATION - 5
    assert query(changed, "SELECT waarde FROM dim_waarde WHERE rol = 'werk' "
                          "ORDER BY volgorde") == [("Regulier werk",), ("Werk met LKS",),
                                                   ("Beschut werk",), ("Opleiding",),
                                                   ("Werk met jobcoach",)]


@pytest.mark.parametrize(("line", "error"), [
    ("Doelgroep;=HYPERLINK(1);;", "row 2"),
    ("Doelgroep;Nieuwkomers;@cmd;", "row 2"),
    ("Onbekend;Nieuwkomers;;", "row 2: give a Lijst"),
    # a role one value holds (the running outcome) is the product's to give
    ("Resultaat;Bezig;;lopend", "Rol 'lopend' cannot be given"),
    ("Doelgroep;Nieuwkomers;;register", "Rol 'register' cannot be given"),
    ("Resultaat;Stage;;stage", "Rol 'stage' cannot be given"),
])
def test_a_bad_entry_names_its_row(tmp_path, line, error):
    (tmp_path / "waardelijsten.csv").write_text(f"Lijst;Waarde;Engels;Rol\n{line}\n",
                                                encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        vocabulary.read(tmp_path)


def test_a_known_value_is_not_added_twice(tmp_path):
    (tmp_path / "waardelijsten.csv").write_text(
        "Lijst;Waarde\nWerkvorm;beschut intern\nDoelgroep;jongeren\n", encoding="utf-8")
    assert vocabulary.read(tmp_path) == vocabulary.product()


def test_a_value_has_one_english_name(tmp_path):
    (tmp_path / "waardelijsten.csv").write_text(
        "Lijst;Waarde;Engels\nInstrument;Overig;Something else\n", encoding="utf-8")
    with pytest.raises(ValueError, match="two English names"):
        vocabulary.read(tmp_path)


def test_the_product_lists_hold_together():
    lists = vocabulary.product()
    assert lists["Resultaat"].with_role("lopend") == ("Lopend",)
    assert lists["Regeling"].with_role("wsw") == ("Wsw",)
    assert lists["Werkvorm"].aliases() == (("Beschut intern", "Beschermd/intern"),)
    assert {v.waarde: v.register for v in lists["Doelgroep"].waarden if v.register} == {
        "Beschut werk": "fct_beschut_werk.positief_advies",
        "Banenafspraak": "fct_banenafspraak.personen_in_doelgroep"}
