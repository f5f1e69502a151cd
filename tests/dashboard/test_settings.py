"""Settings from the environment reach the data layer."""

from __future__ import annotations

from dashboard import create_app, data
from dashboard.settings import Settings


def test_duckdb_memory_limit_comes_from_the_environment(monkeypatch, sample_warehouse):
    monkeypatch.setenv("DUCKDB_MEMORY_LIMIT", "300MB")
    settings = Settings.from_env(warehouse=sample_warehouse)
    assert settings.memory_limit == "300MB"
    create_app(settings)
    limit = data.query("SELECT current_setting('memory_limit') AS m")["m"].iloc[0]
    assert limit.replace(" ", "").upper().startswith(("286", "300"))  # DuckDB shows MiB


def test_a_malformed_memory_limit_is_refused(sample_warehouse):
    import pytest

    with pytest.raises(ValueError, match="memory limit"):
        create_app(Settings(warehouse=sample_warehouse, memory_limit="1GB'; DROP TABLE gaps"))


def test_the_generation_cache_stays_bounded_whatever_the_urls_ask(app):
    for k in range(data.MEMO_LIMIT + 50):
        data.instrument_domain(f"AM{k}' --")
    assert 0 < len(data._memo) <= data.MEMO_LIMIT
    assert data.instrument_domain("AM14").kwartalen  # real answers still come through
