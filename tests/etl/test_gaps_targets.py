"""A region without a target of its own takes the sum of its municipalities' targets for an
additive indicator, but only in a year when every one of its municipalities has one: a sum
over some of them would be a target too low for the region (etl/sql/marts/gaps.sql)."""

from __future__ import annotations

import shutil

import pytest

from etl.build import build
from tests.conftest import FIXTURES, TODAY, query

AM14 = {"GM0267": 120, "GM0307": 400, "GM0308": 60, "GM0313": 50, "GM0327": 70,
        "GM0342": 90, "GM0351": 30}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    raw = tmp_path_factory.mktemp("targets_raw")
    for f in FIXTURES.iterdir():
        shutil.copy(f, raw)
    lines = ["Indicator;Gebied;Periode;Doel;Bron;Herkomst"]
    # 2025: every municipality of AM14 has a target; 2024: all but Woudenberg
    lines += [f"banenafspraak_banen;{code};2025;{doel};gemeentelijk plan;sample"
              for code, doel in AM14.items()]
    lines += [f"banenafspraak_banen;{code};2024;{doel - 10};gemeentelijk plan;sample"
              for code, doel in AM14.items() if code != "GM0351"]
    (raw / "doelstellingen.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp_path_factory.mktemp("targets") / "warehouse.duckdb"
    build(raw, path, today=TODAY)
    return path


def region_row(wh, periode):
    [row] = query(wh, "SELECT realisatie, doel, doel_bron, status FROM gaps WHERE "
                      "indicator = 'banenafspraak_banen' AND gebied_code = 'AM14' "
                      "AND periode = ?", [periode])
    return row


def test_the_fixture_has_no_region_target_and_a_region_value_in_both_years(warehouse):
    assert query(warehouse, "SELECT count(*) FROM doelstellingen "
                            "WHERE gebied_niveau <> 'gemeente'") == [(0,)]
    assert query(warehouse, "SELECT n_gemeenten FROM dim_arbeidsmarktregio "
                            "WHERE arbeidsmarktregio_code = 'AM14'") == [(len(AM14),)]
    assert region_row(warehouse, "2024-K4")[0] is not None
    assert region_row(warehouse, "2025-K1")[0] is not None


def test_every_municipality_with_a_target_gives_the_region_their_sum(warehouse):
    _realisatie, doel, bron, status = region_row(warehouse, "2025-K1")
    assert doel == sum(AM14.values()) and bron == "som van de gemeentelijke doelen"
    assert status != "geen_doel"


def test_one_municipality_without_a_target_leaves_the_region_without_one(warehouse):
    _realisatie, doel, bron, status = region_row(warehouse, "2024-K4")
    assert (doel, bron, status) == (None, None, "geen_doel")
    # the municipalities keep their own
    assert query(warehouse, "SELECT doel FROM gaps WHERE indicator = 'banenafspraak_banen' "
                            "AND gebied_code = 'GM0307' AND periode = '2024-K4'") == [(390,)]
