"""A light first visit: each page's shell names only the scripts it uses; the app's assets
come compressed, and for a year when their address carries the fingerprint."""

from __future__ import annotations

import json
import re

import pytest
from plotly.offline import get_plotlyjs_version

from dashboard import create_app
from dashboard.settings import Settings
from dashboard.static import ASSETS, ONE_PER_TASK, bundle
from tests.conftest import BOUNDARIES, ROOT


@pytest.fixture(scope="module")
def client(sample_warehouse):
    return create_app(Settings(warehouse=sample_warehouse,
                               boundaries=BOUNDARIES)).server.test_client()


def sources(client, path: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+\.(?:js|css)[^"]*)"', client.get(path).text)


def test_the_bundles_are_the_plotly_js_of_the_python_plotly():
    for kind in ("light", "map"):
        assert bundle(kind).name == f"plotly-{get_plotlyjs_version()}-{kind}.min.js"
    pinned = json.loads((ROOT / "tools" / "plotly" / "package.json").read_text())
    assert pinned["devDependencies"]["plotly.js"] == get_plotlyjs_version()


@pytest.mark.parametrize("path, plotly, grid", [
    ("/", "map", False), ("/gemeente/GM0307", "light", False), ("/sob", "light", False),
    ("/werkcentrum", "light", False), ("/data", None, True), ("/bestaat-niet", None, False)])
def test_each_page_names_only_its_scripts(client, path, plotly, grid):
    found = sources(client, path)
    bundles = [s for s in found if "/assets/plotly/plotly-" in s]
    queue = [s for s in found if s.split("?")[0].endswith("/" + ONE_PER_TASK.name)]
    if plotly is None:
        assert bundles == [] and queue == []
    else:
        assert [s.split("?")[0].rsplit("-", 1)[-1] for s in bundles if ".js" in s] == [
            f"{plotly}.min.js"]
        # the charts are drawn one per task: the scheduler right after the bundle, before
        # any of Dash's scripts can mount a chart
        scripts = [s for s in found if ".js" in s.split("?")[0]]
        at = scripts.index(next(s for s in bundles if ".js" in s.split("?")[0]))
        assert scripts[at + 1:at + 2] == queue
    assert any("dash_ag_grid" in s for s in found) == grid
    assert not any(s.split("?")[0].endswith("/plotly.min.js") for s in found)
    assert not any("/polyfill@" in s for s in found)
    assert not any("/dash_table/" in s for s in found)
    assert any("dash_renderer" in s for s in found)


def test_fingerprinted_assets_are_kept_for_a_year_and_compressed(client):
    light = next(s for s in sources(client, "/sob") if "-light.min.js" in s)
    first = client.get(light, headers={"Accept-Encoding": "br, gzip"})
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "br"
    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert len(first.data) < bundle("light").stat().st_size / 2
    again = client.get(light, headers={"Accept-Encoding": "br, gzip",
                                       "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    plain = client.get(light.split("?")[0] + "?v=stale", headers={"Accept-Encoding": "gzip"})
    assert plain.headers["Content-Encoding"] == "gzip"
    assert plain.headers["Cache-Control"] == "no-cache"
    css = next(s for s in sources(client, "/sob") if "bootstrap" in s)
    assert client.get(css).headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(css).data == (ASSETS / "bootstrap.min.css").read_bytes()  # identity
