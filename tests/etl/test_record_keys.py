"""Record keys stay fixed from build to build: a record that got another key in a new build
would get fresh noise in every cell it belongs to, and someone who kept the old figures could
average the two. The keys come from DuckDB's hash(), which DuckDB does not promise to keep
across versions; these pinned values fail first when an upgrade would redraw them (then keep
the old DuckDB, or accept one redraw and say so in the release notes)."""

from __future__ import annotations

import duckdb

from tests.conftest import query

PINNED = {  # seed:kind:id -> hash (the default seed; record key = hash mod 256)
    "participatiemonitor-ckm:inzet:AM14-I000001": 16314006245069497201,
    "participatiemonitor-ckm:client:AM14-C00000": 12792160469340226803,
}


def test_duckdb_hash_is_the_one_the_keys_were_drawn_with():
    with duckdb.connect(":memory:") as con:
        for text, value in PINNED.items():
            assert con.execute("SELECT hash(?)", [text]).fetchall() == [(value,)], text


def test_the_build_gives_a_record_its_pinned_key(sample_warehouse):
    assert query(sample_warehouse, "SELECT inzet_sleutel, client_sleutel FROM "
                 "fct_instrument_inzet WHERE inzet_id = 'AM14-I000001'") == [
        (16314006245069497201 % 256, 12792160469340226803 % 256)]
