"""The app takes its value lists, their roles and English names from the warehouse
(dim_waarde), so a region's own values and a changed list reach every page without code."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard import ids
from dashboard.data import vocabulary as vocabulary_data
from dashboard.data import werkcentrum as werkcentrum_data
from dashboard.i18n import category
from etl import vocabulary
from etl.build import build
from tests.conftest import TODAY, find, reading
from tests.etl.test_vocabulary import EXTENSION, raw_with


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory):
    """(a warehouse with the region's own values, one whose product lists differ: education
    counts as work and Jongeren has another English name)."""
    tmp = tmp_path_factory.mktemp("vocab_app")
    build(raw_with(tmp / "a", EXTENSION), tmp / "a.duckdb", today=TODAY)
    product = vocabulary.product()

    def changed(v: vocabulary.Value) -> vocabulary.Value:
        return dataclasses.replace(v, **{"Opleiding": {"rol": "werk"},
                                         "Jongeren": {"en": "Youth"}}.get(v.waarde, {}))

    other = {name: dataclasses.replace(lst, waarden=tuple(map(changed, lst.waarden)))
             for name, lst in product.items()}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(vocabulary, "product", lambda: other)
        build(raw_with(tmp / "b", EXTENSION), tmp / "b.duckdb", today=TODAY)
    return tmp / "a.duckdb", tmp / "b.duckdb"


def options(warehouse, lang: str) -> list[str]:
    """The labels of the Werkcentrum page's target-group filter."""
    from dashboard import create_app
    from dashboard.settings import Settings

    app = create_app(Settings(warehouse=warehouse))
    from dashboard.pages import werkcentrum  # pages register with an app that exists

    with app.server.test_request_context("/werkcentrum"):
        [group] = find(werkcentrum.layout(lang=lang, regio="AM14"), ids.WC_DOELGROEP)
    return [o["label"] for o in group.options]


def test_a_regions_value_is_a_filter_option_with_its_english_name(warehouses):
    extended, _ = warehouses
    assert options(extended, "nl")[-1] == "Nieuwkomers"
    assert options(extended, "en")[-1] == "Newcomers"
    with reading(extended):
        assert vocabulary_data.values("Doelgroep")[-1] == "Nieuwkomers"
        assert [category(v, "en") for v in ("Speeddate", "Leerwerkplek", "Jongeren")] == [
            "Speed date", "Leerwerkplek", "Young people"]
        # the region's outcome is a column of the outcomes table, and counts as work
        assert werkcentrum_data.outcomes()[-1] == "Werk met jobcoach"
        assert "Werk met jobcoach" in vocabulary_data.with_role("Resultaat", "werk")


def test_lists_roles_and_names_come_from_the_warehouse(warehouses):
    extended, changed = warehouses
    for warehouse, youth, work in ((extended, "Young people", False), (changed, "Youth", True),
                                   (extended, "Young people", False)):
        with reading(warehouse):  # each generation its own names, memoised apart
            assert category("Jongeren", "en") == youth
            assert ("Opleiding" in vocabulary_data.with_role("Resultaat", "werk")) is work
            assert category("Jongeren", "nl") == "Jongeren"
            assert vocabulary_data.the("Regeling", "wsw") == "Wsw"
            assert vocabulary_data.registers() == {
                "Beschut werk": ("fct_beschut_werk", "positief_advies"),
                "Banenafspraak": ("fct_banenafspraak", "personen_in_doelgroep")}
