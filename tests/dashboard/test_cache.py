"""Answers kept per warehouse generation: shared by workers, per role, gone with the
generation; GET answers carry an ETag and are answered 304 when the client holds them."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from werkzeug.security import generate_password_hash

from dashboard import create_app
from dashboard.settings import Settings
from tests.dashboard.test_auth import WC_CALLBACK, basic

# the municipality trend: an answer anyone may have
TREND = {"outputs": [{"id": i, "property": p} for i, p in [
             ("trend", "figure"), ("trend-tabel", "children"), ("vergelijking", "figure"),
             ("vergelijking-tabel", "children"), ("url-search", "data"),
             ("gemeente-taal", "href"), ("vooruitblik-blok", "children")]],
         "inputs": [{"id": "gemeente-indicator", "property": "value",
                     "value": "banenafspraak_banen"}],
         "state": [{"id": "gemeente-context", "property": "data",
                    "value": {"code": "GM0307", "region": "AM14", "lang": "nl"}}],
         "changedPropIds": ["gemeente-indicator.value"]}


@pytest.fixture
def setup(sample_warehouse, tmp_path):
    """Settings with a users file, a warehouse of their own (to swap) and an answer cache."""
    users = tmp_path / "users.txt"
    users.write_text(f"anna:werkcentrum:{generate_password_hash('geheim-1')}\n"
                     f"bert:lezer:{generate_password_hash('geheim-2')}\n", encoding="utf-8")
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    return Settings(warehouse=warehouse, users_file=users, answer_cache=tmp_path / "answers")


def trend(app, indicator: str = "banenafspraak_banen") -> dict:
    """The trend callback's body (its key carries Dash's hash of a duplicate output)."""
    key = next(k for k in app.callback_map if k.startswith("..trend.figure"))
    return dict(TREND, output=key, inputs=[dict(TREND["inputs"][0], value=indicator)])


def counted(app, prefix: str = "..trend.figure") -> list:
    """Count the runs of the callback whose key starts with `prefix`."""
    calls = []
    entry = next(v for k, v in app.callback_map.items() if k.startswith(prefix))
    inner = entry["callback"]

    def counting(*args, **kwargs):
        calls.append(1)
        return inner(*args, **kwargs)

    entry["callback"] = counting
    return calls


def post(client, body: dict, headers: dict | None = None):
    return client.post("/_dash-update-component", data=json.dumps(body),
                       content_type="application/json", headers=headers or {})


def test_a_callback_answer_is_computed_once_for_every_worker(setup):
    first, second = create_app(setup), create_app(setup)  # two workers, one cache folder
    runs_first, runs_second = counted(first), counted(second)
    answer = post(first.server.test_client(), trend(first))
    assert answer.status_code == 200 and runs_first == [1]
    again = post(second.server.test_client(), trend(second))
    assert again.status_code == 200 and runs_second == []
    assert again.get_json() == answer.get_json()
    other = trend(second, "jeugd_ww")
    assert post(second.server.test_client(), other).status_code == 200 and runs_second == [1]


def test_a_restricted_answer_is_served_to_its_role_only(setup):
    client = create_app(setup).server.test_client()
    kept = post(client, WC_CALLBACK, basic("anna", "geheim-1"))
    assert kept.status_code == 200 and "Jongeren" in kept.get_data(as_text=True)
    assert kept.headers["Cache-Control"] == "private, no-store"
    assert post(client, WC_CALLBACK).status_code == 401
    assert post(client, WC_CALLBACK, basic("bert", "geheim-2")).status_code == 403
    assert post(client, WC_CALLBACK, basic("anna", "fout")).status_code == 401
    assert post(client, WC_CALLBACK, basic("anna", "geheim-1")).status_code == 200


@pytest.mark.parametrize("path", ["/gemeente/GM0307", "/api/v1/datasets/gaps.json?limit=5",
                                  "/api/v1/datasets/gaps.csv", "/rapport/GM0307.csv"])
def test_get_answers_carry_an_etag_and_304_when_unchanged(setup, path):
    client = create_app(setup).server.test_client()
    first = client.get(path)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(path, headers={"If-None-Match": 'W/"anders"'}).status_code == 200
    other = client.get(path + ("&" if "?" in path else "?") + "lang=en")
    assert other.status_code == 200 and other.headers["ETag"] != etag


def test_a_restricted_etag_gets_no_304_without_the_role(setup):
    client = create_app(setup).server.test_client()
    path = "/api/v1/datasets/instrument_inzet.csv"
    etag = client.get(path, headers=basic("anna", "geheim-1")).headers["ETag"]
    assert client.get(path, headers={**basic("anna", "geheim-1"),
                                     "If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 401
    assert client.get(path, headers={**basic("bert", "geheim-2"),
                                     "If-None-Match": etag}).status_code == 403


def test_a_new_generation_drops_the_kept_answers(setup, tmp_path):
    app = create_app(setup)
    runs = counted(app)
    client = app.server.test_client()
    etag = client.get("/gemeente/GM0307").headers["ETag"]
    post(client, trend(app))
    post(client, trend(app))
    assert runs == [1]
    # the ETL's swap: a new file moved over the old one
    fresh = tmp_path / "next.duckdb"
    shutil.copy(setup.warehouse, fresh)
    os.replace(fresh, setup.warehouse)
    assert post(client, trend(app)).status_code == 200 and runs == [1, 1]
    page = client.get("/gemeente/GM0307", headers={"If-None-Match": etag})
    assert page.status_code == 200 and page.headers["ETag"] != etag
    post(client, trend(app))
    assert runs == [1, 1]


def test_without_a_folder_nothing_is_kept(sample_warehouse):
    app = create_app(Settings(warehouse=sample_warehouse))
    runs = counted(app)
    client = app.server.test_client()
    post(client, trend(app))
    post(client, trend(app))
    assert runs == [1, 1]
    assert "ETag" not in client.get("/api/v1/datasets/gaps.csv").headers


def test_the_stewards_answers_are_never_kept(tmp_path, sample_warehouse):
    """An upload's status, the generations and the audit change while the warehouse stays the
    same: a kept answer or a 304 would show a steward a check that never ends."""
    users = tmp_path / "users"
    users.write_text(f"stef:beheerder:{generate_password_hash('pw')}\n", encoding="utf-8")
    warehouse, raw = tmp_path / "warehouse.duckdb", tmp_path / "raw"
    shutil.copy(sample_warehouse, warehouse)  # the stewards keep their state beside it
    raw.mkdir()
    app = create_app(Settings(warehouse=warehouse, users_file=users,
                              answer_cache=tmp_path / "answers", raw_dir=raw))
    client = app.server.test_client()
    login = basic("stef", "pw")
    for path in ("/api/v1/audit", "/api/v1/generations", "/beheer"):
        first = client.get(path, headers=login)
        assert first.status_code == 200 and "ETag" not in first.headers, path
    cache = app.server.config["ANSWER_CACHE"]
    assert len(cache.store) == 0
    # a public page is still kept
    assert client.get("/").status_code == 200 and len(cache.store) == 1
