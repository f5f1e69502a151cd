"""app.py decides when the warehouse must be (re)built before serving."""

from __future__ import annotations

import os
import shutil

import duckdb

from app import warehouse_is_stale
from tests.conftest import FIXTURES


def test_stale_when_missing_older_than_raw_or_from_an_older_etl(tmp_path, fixture_warehouse):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES, raw)
    warehouse = tmp_path / "warehouse.duckdb"
    assert warehouse_is_stale(warehouse, raw)
    shutil.copy(fixture_warehouse, warehouse)
    assert not warehouse_is_stale(warehouse, raw)
    newer = warehouse.stat().st_mtime + 10
    os.utime(raw / "doelstellingen.csv", (newer, newer))
    assert warehouse_is_stale(warehouse, raw)
    os.utime(raw / "doelstellingen.csv", (newer - 20, newer - 20))
    with duckdb.connect(str(warehouse)) as con:
        con.execute("DROP TABLE fct_instrument_kwartaal")
    os.utime(warehouse, (newer, newer))
    assert warehouse_is_stale(warehouse, raw)
