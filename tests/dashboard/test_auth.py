"""Optional login: person-level Werkcentrum views need the role, aggregate views stay public."""

from __future__ import annotations

import base64
import json

import pytest
from werkzeug.security import generate_password_hash

from dashboard import create_app
from dashboard.auth import read_users
from dashboard.settings import Settings


@pytest.fixture
def client(sample_warehouse, tmp_path):
    users = tmp_path / "users.txt"
    users.write_text("# name:roles:hash\n"
                     f"anna:werkcentrum:{generate_password_hash('geheim-1')}\n"
                     f"bert:lezer:{generate_password_hash('geheim-2')}\n", encoding="utf-8")
    return create_app(Settings(warehouse=sample_warehouse, users_file=users)).server.test_client()


def basic(name: str, password: str) -> dict:
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


WC_CALLBACK = {"output": "..wc-doelgroep.value...wc-instrument.value..",
               "outputs": [{"id": "wc-doelgroep", "property": "value"},
                           {"id": "wc-instrument", "property": "value"}],
               "inputs": [{"id": "wc-heatmap", "property": "clickData",
                           "value": {"points": [{"x": "Jongeren", "y": "Training"}]}}],
               "changedPropIds": ["wc-heatmap.clickData"]}


@pytest.mark.parametrize("path", ["/werkcentrum", "/werkcentrum?regio=AM10",
                                  "/api/v1/datasets/instrument_inzet.csv",
                                  "/export/instrument_inzet.zip",
                                  "/werkcentrum/cijfers.csv?regio=AM14"])
def test_person_level_views_need_the_role(client, path):
    assert client.get(path).status_code == 401
    assert "Basic" in client.get(path).headers["WWW-Authenticate"]
    assert client.get(path, headers=basic("bert", "geheim-2")).status_code == 403
    assert client.get(path, headers=basic("anna", "fout")).status_code == 401
    assert client.get(path, headers=basic("nobody", "geheim-1")).status_code == 401
    assert client.get(path, headers=basic("anna", "geheim-1")).status_code == 200


def test_werkcentrum_callbacks_need_the_role(client):
    body = json.dumps(WC_CALLBACK)
    assert client.post("/_dash-update-component", data=body,
                       content_type="application/json").status_code == 401
    ok = client.post("/_dash-update-component", data=body, content_type="application/json",
                     headers=basic("anna", "geheim-1"))
    assert ok.status_code == 200 and "Jongeren" in ok.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/gemeente/GM0307", "/sob", "/data",
                                  "/api/v1/datasets/gaps.csv", "/healthz",
                                  "/rapport/GM0307.pdf"])
def test_aggregate_views_stay_public(client, path):
    assert client.get(path).status_code == 200


def test_without_a_users_file_nothing_is_locked(sample_warehouse):
    c = create_app(Settings(warehouse=sample_warehouse)).server.test_client()
    assert c.get("/werkcentrum").status_code == 200


def test_malformed_users_file_names_the_line(tmp_path):
    bad = tmp_path / "users.txt"
    bad.write_text("anna:werkcentrum:hash\nalleen-een-naam\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_users(bad)
