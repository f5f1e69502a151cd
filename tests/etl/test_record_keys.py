"""Record keys stay fixed from build to build: a record that got another key in a new build
would get fresh noise in every cell it belongs to, and someone who kept the old figures could
average the two. The keys come from DuckDB's hash(), which DuckDB does not promise to keep
across versions; these pinned values fail first when an upgrade would redraw them (then keep
the old DuckDB, or accept one redraw and say so in the release notes)."""

from __future__ import annotations

import re

import duckdb
import pytest

from etl import ckm
from tests.conftest import query

PINNED = {  # seed:kind:id -> hash (the tests' seed; record key = hash mod 256)
    "tests-only-seed-not-a-secret:inzet:AM14-I000001": 772289934962366663,
    "tests-only-seed-not-a-secret:client:AM14-C00000": 18251674144727620020,
}


def test_duckdb_hash_is_the_one_the_keys_were_drawn_with():
    with duckdb.connect(":memory:") as con:
        for text, value in PINNED.items():
            assert con.execute("SELECT hash(?)", [text]).fetchall() == [(value,)], text


def test_the_build_gives_a_record_its_pinned_key(sample_warehouse):
    assert query(sample_warehouse, "SELECT inzet_sleutel, client_sleutel FROM "
                 "fct_instrument_inzet WHERE inzet_id = 'AM14-I000001'") == [
        (772289934962366663 % 256, 18251674144727620020 % 256)]


def test_without_a_seed_the_build_makes_a_secret_one_and_keeps_it(tmp_path, monkeypatch):
    """A seed in the repository would let anyone compute the companies' keys (their cells are
    named by public columns) and take the noise off; a new seed per build would let someone
    average generations."""
    monkeypatch.delenv("CKM_SEED")
    monkeypatch.setenv("CKM_SEED_FILE", str(tmp_path / "sub" / "seed"))
    first = ckm.Parameters.from_env().seed
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert (tmp_path / "sub" / "seed").stat().st_mode & 0o777 == 0o600
    assert ckm.Parameters.from_env().seed == first
    monkeypatch.setenv("CKM_SEED_FILE", str(tmp_path / "other"))
    assert ckm.Parameters.from_env().seed != first
    with pytest.raises(ValueError, match="CKM_SEED"):
        ckm.Parameters(seed="short")


def test_a_company_cell_gets_another_key_each_month(sample_warehouse):
    """With one key per cell for all months, a large cell's noise is the same every month
    and its month-to-month changes come out exact."""
    [(cells, varying)] = query(sample_warehouse, """
        SELECT count(*), count(*) FILTER (WHERE keys > 1) FROM (
            SELECT count(DISTINCT medewerkers_sleutel) AS keys FROM fct_sob_bezetting
            GROUP BY organisatie, unit, werkvorm, regeling, gemeente_code
            HAVING count(*) >= 12)""")
    assert cells > 100 and varying == cells
