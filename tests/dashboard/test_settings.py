"""Settings from the environment reach the data layer."""

from __future__ import annotations

from dashboard import create_app
from dashboard.data import core as core_data
from dashboard.data import gaps as gaps_data
from dashboard.data import werkcentrum as werkcentrum_data
from dashboard.settings import Settings


def test_duckdb_memory_limit_comes_from_the_environment(monkeypatch, sample_warehouse):
    monkeypatch.setenv("DUCKDB_MEMORY_LIMIT", "300MB")
    settings = Settings.from_env(warehouse=sample_warehouse)
    assert settings.memory_limit == "300MB"
    create_app(settings)
    limit = core_data.query("SELECT current_setting('memory_limit') AS m")["m"].iloc[0]
    assert limit.replace(" ", "").upper().startswith(("286", "300"))  # DuckDB shows MiB


def test_a_malformed_memory_limit_is_refused(sample_warehouse):
    import pytest

    with pytest.raises(ValueError, match="memory limit"):
        create_app(Settings(warehouse=sample_warehouse, memory_limit="1GB'; DROP TABLE gaps"))


def test_the_generation_cache_keeps_only_what_the_warehouse_has(app):
    assert werkcentrum_data.instrument_domain("AM14").kwartalen
    kept = dict(core_data._memo)
    for k in range(200):
        werkcentrum_data.instrument_domain(f"AM{k}' --")
        gaps_data.latest_gaps("X" * 10_000 + str(k))
    assert core_data._memo.keys() == kept.keys()  # answered, never kept
    assert werkcentrum_data.instrument_domain("AM14").kwartalen  # real answers still come through


def test_the_generation_cache_is_bounded_in_bytes(app, monkeypatch):
    monkeypatch.setattr(core_data, "MEMO_BYTES", 20_000)
    codes = sorted(gaps_data.region_codes())
    for code in codes:
        gaps_data.latest_gaps(code)
        gaps_data.centroids(code)
    assert 0 < core_data._memo_bytes[0] <= 20_000
    assert core_data._memo_bytes[0] == sum(size for _, size in core_data._memo.values())
    assert len(core_data._memo) < 2 * len(codes)  # the least recently used went
