"""Targets say what they are: statutory only from a legal source, invented ones as examples,
benchmarks never as targets, and the published historic targets in the years they applied."""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest

from etl.build import build
from etl.sample.reference import Reference
from tests.conftest import FIXTURES, REFERENCE, TODAY, query

LEGAL_HOSTS = {"zoek.officielebekendmakingen.nl", "officielebekendmakingen.nl",
               "wetten.overheid.nl"}


def test_no_gap_is_statutory_without_a_legal_source(sample_warehouse):
    statutory = query(sample_warehouse, "SELECT DISTINCT doel_bron FROM gaps "
                                        "WHERE doel_status = 'wettelijk'")
    for (bron,) in statutory:
        assert urlparse(bron).hostname in LEGAL_HOSTS, bron
    targets = query(sample_warehouse, "SELECT bron, provenance FROM doelstellingen "
                                      "WHERE doel_status = 'wettelijk'")
    assert targets, "the Staatscourant's national taakstelling is in doelstellingen"
    for bron, provenance in targets:
        assert provenance == "published" and urlparse(bron).hostname in LEGAL_HOSTS, bron


def test_every_invented_target_is_an_example(sample_warehouse):
    assert query(sample_warehouse, "SELECT DISTINCT doel_status FROM doelstellingen "
                                   "WHERE provenance = 'sample'") == [("voorbeeld",)]
    # the beschut werk taakstelling per municipality is invented (split by population)
    rows = query(sample_warehouse, "SELECT DISTINCT doel_status FROM gaps "
                                   "WHERE indicator = 'beschut_werk_plekken' AND doel IS NOT NULL")
    assert rows == [("voorbeeld",)]


def test_a_national_realisation_is_a_benchmark_not_a_target(sample_warehouse):
    assert query(sample_warehouse, "SELECT doel, doel_status FROM doelstellingen "
                                   "WHERE indicator = 'beschut_werk_benutting'") == [
        (0.65, "benchmark")]
    assert query(sample_warehouse, "SELECT count(*) FROM gaps "
                                   "WHERE indicator = 'beschut_werk_benutting' "
                                   "AND doel IS NOT NULL") == [(0,)]


@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/reference missing")
def test_published_historic_targets_apply_in_their_years(sample_warehouse):
    ref = Reference(REFERENCE)

    def target(indicator, code, periode):
        [(doel, status)] = query(sample_warehouse, "SELECT doel, doel_status FROM gaps WHERE "
                                 "indicator = ? AND gebied_code = ? AND periode = ?",
                                 [indicator, code, periode])
        return doel, status

    werkkamer = "banenafspraak_werkkamer_indicatie_doelstelling"
    extra = "banenafspraak_extra_banen"
    assert target(extra, "AM14", "2018-K2") == (ref.figure("AM14", werkkamer, "2018"),
                                                "indicatief")
    # 250 extra jobs over 2014-2016: the target of each of those years
    for periode in ("2015-K1", "2016-K4"):
        assert target(extra, "AM10", periode) == (ref.figure("AM10", werkkamer, "2014-2016"),
                                                  "indicatief")
    assert target(extra, "AM10", "2019-K3") == (ref.figure("AM10", werkkamer, "2019"),
                                                "indicatief")
    assert target(extra, "AM10", "2020-K3") == (ref.figure("AM10", werkkamer, "2020"),
                                                "indicatief")
    assert target("banenafspraak_banen", "AM10", "2020-K3") == (
        ref.figure("AM10", "banenafspraak_doel_totaal_banen_doelgroep", "2020"), "indicatief")
    # 2,251 for 2023 is the 2024 target minus its published increase: derived
    assert target("banenafspraak_banen", "AM10", "2023-K2") == (
        ref.figure("AM10", "banenafspraak_indicatieve_taakstelling_totaal_banen", "2024")
        - ref.figure("AM10", "banenafspraak_indicatieve_taakstelling_verhoging", "2024"),
        "afgeleid")
    # the baseline both 2020 targets imply, carried with them
    assert query(sample_warehouse, "SELECT DISTINCT nulmeting FROM doelstellingen "
                                   "WHERE gebied_code = 'AM10' AND jaar = 2020") == [(934,)]


def test_a_statutory_target_from_another_source_is_refused(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES, raw)
    with open(raw / "doelstellingen.csv", "a", encoding="utf-8") as fh:
        fh.write("beschut_werk_plekken;Soest;2024;5;https://www.example.nl/nieuws;published\n")
    lines = (raw / "doelstellingen.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    (raw / "doelstellingen.csv").write_text(
        "\n".join([header + ";Status"] + [r + ";" for r in rows[:-1]]
                  + [rows[-1] + ";wettelijk"]) + "\n", encoding="utf-8")
    build(raw, tmp_path / "wh.duckdb", today=TODAY)
    reasons = query(tmp_path / "wh.duckdb", "SELECT reason FROM quarantine "
                                            "WHERE file = 'doelstellingen.csv'")
    assert any("legal source" in r for (r,) in reasons), reasons
    assert query(tmp_path / "wh.duckdb", "SELECT count(*) FROM doelstellingen "
                                         "WHERE doel_status = 'wettelijk'") == [(0,)]
