"""Without ../shared/reference the published-figure tests skip on a laptop but fail in CI,
so a CI machine that lacks the figures cannot pass as having checked them."""

from __future__ import annotations

import pytest

from tests.conftest import require_reference


def test_missing_reference_fails_under_ci(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="missing"):
        require_reference(tmp_path / "reference")


def test_missing_reference_skips_elsewhere(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require_reference(tmp_path / "reference")


def test_present_reference_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert require_reference(tmp_path) == tmp_path
