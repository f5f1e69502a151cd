"""Whole builds: atomic swap, idempotency, load log, the CLI."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest

from etl.build import BuildError, build
from etl.cli import main
from tests.conftest import FIXTURES, TODAY, query

MARTS = ("dim_gemeente", "fct_banenafspraak", "fct_beschut_werk", "fct_jeugd_ww",
         "fct_instrument_inzet", "fct_sob_bezetting", "fct_sob_omzet", "fct_financiering",
         "doelstellingen", "dim_periode", "gaps", "quarantine")


def snapshot(wh) -> dict[str, list]:
    return {t: query(wh, f"SELECT * FROM {t} ORDER BY ALL") for t in MARTS}


def test_failed_build_leaves_previous_warehouse_intact(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES, raw)
    wh = tmp_path / "wh.duckdb"
    build(raw, wh, today=TODAY)
    before = hashlib.sha256(wh.read_bytes()).hexdigest()
    (raw / "uwv_jeugd_ww_2.csv").write_text("Periode;Gemeente\n2024-01;Soest\n", encoding="utf-8")
    with pytest.raises(BuildError, match="uwv_jeugd_ww_2.csv: missing column"):
        build(raw, wh, today=TODAY)
    assert hashlib.sha256(wh.read_bytes()).hexdigest() == before
    assert query(wh, "SELECT count(*) FROM gaps")[0][0] > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw", "wh.duckdb"]


def test_rebuild_is_idempotent(tmp_path, fixture_warehouse):
    again = tmp_path / "again.duckdb"
    build(FIXTURES, again, today=TODAY)
    assert snapshot(again) == snapshot(fixture_warehouse)


def test_load_log_records_every_file(fixture_warehouse):
    rows = query(fixture_warehouse, "SELECT file, sha256, rows_read, rows_loaded, rows_rejected "
                                    "FROM load_log ORDER BY file")
    files = sorted(p.name for p in FIXTURES.iterdir())
    # the company workbook feeds two sources (sheets Bezetting and Omzet)
    assert [r[0] for r in rows] == sorted(files + ["amfors_fixture.xlsx"])
    for file, digest, read, loaded, rejected in rows:
        assert digest == hashlib.sha256((FIXTURES / file).read_bytes()).hexdigest()
        assert read == loaded + rejected


def test_gaps_against_fixture_targets(fixture_warehouse):
    rows = query(fixture_warehouse, """SELECT realisatie, doel, verschil, realisatie_pct, verwacht,
        status, beoordeling, doel_status, provenance FROM gaps
        WHERE indicator = 'banenafspraak_banen' AND gebied_code = 'AM14' AND periode = '2025-K1'""")
    # from 600 at the end of 2024 to 800 by 31 December: 90 of 365 days along the way
    expected = 600 + 200 * 90 / 365
    assert rows == [(610, 800, 190, pytest.approx(610 / 800), pytest.approx(expected), "risico",
                     "tempo", "indicatief", "published")]


def test_region_sum_needs_every_municipality(fixture_warehouse):
    # the fixture has beschut werk for 2 of the 7 AM14 municipalities: no region figure
    assert query(fixture_warehouse, "SELECT count(*) FROM gaps WHERE indicator = "
                 "'beschut_werk_plekken' AND gebied_niveau = 'arbeidsmarktregio'") == [(0,)]


def test_share_target_comes_from_a_national_target(fixture_warehouse):
    rows = query(fixture_warehouse, """SELECT gebied_code, doel, doel_bron FROM gaps
        WHERE indicator = 'beschut_werk_benutting' ORDER BY 1""")
    assert rows == [("GM0307", 0.65, "fixture landelijk doel"),
                    ("GM0342", 0.65, "fixture landelijk doel")]


def test_cli_exit_codes_and_summary(tmp_path, capsys):
    wh = tmp_path / "cli.duckdb"
    assert main(["build", "--raw", str(FIXTURES), "--warehouse", str(wh), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "banenafspraak" in out and "quarantined" in out and wh.exists()
    total, *phases = map(float, re.search(
        r"built in ([\d.]+) s \(loading ([\d.]+) s, models ([\d.]+) s, data tests ([\d.]+) s\)",
        out).groups())
    assert sum(phases) <= total + 0.15  # each shown to 0.1 s
    bad = tmp_path / "bad"
    bad.mkdir()
    assert main(["build", "--raw", str(bad), "--warehouse", str(wh), "--quiet"]) == 1
    assert "no file matching gemeenten" in capsys.readouterr().err


@pytest.mark.parametrize("limit", ["lots", "1GB'; DROP TABLE gaps", "12"])
def test_a_malformed_memory_limit_fails_the_build_and_keeps_the_warehouse(tmp_path, limit):
    wh = tmp_path / "wh.duckdb"
    build(FIXTURES, wh, today=TODAY)
    before = hashlib.sha256(wh.read_bytes()).hexdigest()
    with pytest.raises(BuildError, match="memory limit"):
        build(FIXTURES, wh, today=TODAY, memory_limit=limit)
    assert hashlib.sha256(wh.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wh.duckdb"]
