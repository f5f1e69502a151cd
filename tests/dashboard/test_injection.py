"""Hostile values through every callback and every page route: the answer is a normal page,
no update (204) or a 4xx, never a server error, a stack trace or an executed statement."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from dashboard.data import core as core_data

PAYLOADS = ["' OR '1'='1", "1; DROP TABLE gaps; --", "../../../etc/passwd",
            "GM0307' UNION SELECT * FROM load_log --", "x" * 20_000, "ＧＭ０３０７",
            "<script>alert(1)</script>", "\u202egnp.exe", "%00", "${7*7}", "{{7*7}}"]
SHAPES = [lambda p: p, lambda p: [p, p], lambda p: {"points": [{"customdata": p, "x": p}]},
          lambda p: {"code": p, "lang": p, "regio": p, "region": p, "tiles": p, "codes": p},
          lambda p: None, lambda p: 12345]
LEAKS = (b"Traceback", b"Binder Error", b"Catalog Error", b"Parser Error", b"duckdb",
         b"File \"")


def outputs_of(key: str) -> list[dict]:
    parts = key.strip(".").split("...") if key.startswith("..") else [key]
    out = []
    for part in parts:
        ident, prop = part.rsplit(".", 1) if "@" not in part else (
            part.split("@")[0].rsplit(".", 1)[0], part.split(".", 1)[1])
        out.append({"id": ident, "property": prop})
    return out


def request_body(key: str, spec: dict, value) -> dict:
    outs = outputs_of(key)
    inputs = [{"id": i["id"], "property": i["property"], "value": value} for i in spec["inputs"]]
    state = [{"id": s["id"], "property": s["property"], "value": value}
             for s in spec.get("state", [])]
    return {"output": key, "outputs": outs if key.startswith("..") else outs[0],
            "inputs": inputs, "state": state,
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]}


@pytest.fixture(scope="module")
def served(sample_warehouse, tmp_path_factory):
    """The app with a user holding every role, logged in, so that the callbacks behind a login
    get the hostile values too."""
    import base64

    from werkzeug.security import generate_password_hash

    from dashboard import create_app
    from dashboard.settings import Settings

    users = tmp_path_factory.mktemp("injection") / "users.txt"
    users.write_text(f"eve:werkcentrum,beheerder:{generate_password_hash('pw')}\n",
                     encoding="utf-8")
    app = create_app(Settings(warehouse=sample_warehouse, users_file=users))
    client = app.server.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(b"eve:pw").decode()
    client.get("/")  # pages register their callbacks on the first request
    return app, client


def test_every_callback_refuses_hostile_values(served):
    app, client = served
    before = int(core_data.query("SELECT count(*) AS n FROM gaps")["n"].iloc[0])
    checked = 0
    for key, spec in app.callback_map.items():
        if key.startswith("url-search-written") or not spec["inputs"]:
            continue  # the clientside URL writer never reaches the server
        for payload in PAYLOADS:
            for shape in SHAPES:
                body = request_body(key, spec, shape(payload))
                resp = client.post("/_dash-update-component", data=json.dumps(body),
                                   content_type="application/json")
                checked += 1
                assert resp.status_code in (200, 204, 400, 413), (key, payload, resp.status_code)
                assert not any(leak in resp.data for leak in LEAKS), (key, payload)
    assert checked > 500
    assert int(core_data.query("SELECT count(*) AS n FROM gaps")["n"].iloc[0]) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_page_route_refuses_hostile_values(served, payload):
    _, client = served
    p = quote(payload, safe="")
    paths = [f"/regio/{p}?lang={p}&indicator={p}", f"/gemeente/{p}?indicator={p}",
             f"/werkcentrum?regio={p}&gemeente={p}&doelgroep={p}&van={p}&tot={p}&lang={p}",
             f"/sob?organisatie={p}&van={p}&unit={p}", f"/data?dataset={p}&gebied_code={p}",
             f"/rapport/{p}.pdf", f"/rapport/GM0307.csv?lang={p}"]
    for path in paths:
        resp = client.get(path)
        assert resp.status_code in (200, 400, 404), (path, resp.status_code)
        assert not any(leak in resp.data for leak in LEAKS), path
    # page layouts are rendered by the pages callback from the URL: try them too
    for path in ("/regio/", "/gemeente/", "/werkcentrum?regio=", "/sob?unit=", "/data?dataset="):
        body = {"output": ".._pages_content.children..._pages_store.data..",
                "outputs": [{"id": "_pages_content", "property": "children"},
                            {"id": "_pages_store", "property": "data"}],
                "inputs": [{"id": "_pages_location", "property": "pathname",
                            "value": path.split("?")[0] + (p if "?" not in path else "")},
                           {"id": "_pages_location", "property": "search",
                            "value": "?" + path.split("?")[1] + p if "?" in path else
                            f"?lang={p}&indicator={p}"}],
                "changedPropIds": ["_pages_location.pathname"]}
        resp = client.post("/_dash-update-component", data=json.dumps(body),
                           content_type="application/json")
        assert resp.status_code in (200, 204), (path, resp.status_code)
        assert not any(leak in resp.data for leak in LEAKS), path


def test_tables_show_hostile_texts_from_the_data_as_text():
    """Tables are sent as one block of HTML: names from the sources must stay text there."""
    from html.parser import HTMLParser

    import pandas as pd

    from dashboard.components import html_table

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags, self.texts, self.attrs = set(), [], {}

        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)
            self.attrs.update(attrs)

        def handle_data(self, data):
            self.texts.append(data)

    hostile = [p for p in PAYLOADS if len(p) < 100] + ['"><img src=x onerror=alert(1)>', "a & b"]
    df = pd.DataFrame({p: [p] * len(hostile) for p in hostile[:3]}, index=hostile, dtype=object)
    block = html_table(df, hostile[6], hostile[-2], "tabel", "nl")
    parsed = Tags()
    parsed.feed(block.children)
    assert parsed.tags == {"div", "table", "caption", "thead", "tbody", "tr", "th", "td"}
    assert set(parsed.attrs) == {"class", "tabindex", "role", "aria-label", "id", "scope"}
    assert parsed.attrs["aria-label"] == hostile[-2]  # the caption, also the box's name
    assert set(hostile) <= set(parsed.texts)
