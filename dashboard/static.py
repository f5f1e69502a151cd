"""A light first visit: each page loads only the scripts it uses, compressed, and keeps them.

- plotly.js: the partial bundles of `tools/plotly/build` (the traces the figures draw) instead
  of Dash's full plotly.min.js. dcc.Graph takes `window.Plotly` when a script defined it,
  so a bundle tag ahead of Dash's scripts is all it needs; the MapLibre bundle only where a
  map is drawn, no plotly where no chart is.
- One chart drawn per task (assets/plotly/one-chart-per-task.js, right after the bundle):
  the charts of one answer no longer make one long task that blocks the page.
- AG Grid's script only on the page with the grid; no polyfills for browsers before 2017; no
  DataTable script (no page has one).
- The app's own assets (bundles, stylesheets) compressed once per process and kept in
  memory; addressed by a fingerprint, they may be kept by the browser for a year.

Pages are left by full loads (plain links), so each page's shell decides for itself.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
import threading
from pathlib import Path

import brotli
import dash
import flask

from dashboard.auth import page_of

ASSETS = Path(__file__).parent / "assets"
IMMUTABLE = "public, max-age=31536000, immutable"
NO_PLOTLY = {"data", "not_found_404"}  # pages without a chart
GRID_PAGES = {"data"}
MAP_PAGES = {"region"}  # a choropleth when municipality boundaries are configured
ONE_PER_TASK = ASSETS / "plotly" / "one-chart-per-task.js"
_GRID_SCRIPT = re.compile(r'<script src="[^"]*/_dash-component-suites/dash_ag_grid/[^"]*">'
                          r"</script>\s*")
# no page has a Dash DataTable: its loader is evaluated on every first visit for nothing
_TABLE_SCRIPT = re.compile(r'<script src="[^"]*/_dash-component-suites/dash/dash_table/[^"]*">'
                           r"</script>\s*")
# core-js and regenerator for browsers before 2017: every browser that runs the rest has
# them built in, and evaluating the 100 kB is a long task on every first visit
_POLYFILL_SCRIPT = re.compile(r'<script src="[^"]*/_dash-component-suites/dash/deps/polyfill@'
                              r'[^"]*"></script>\s*')


def bundle(kind: str) -> Path:
    """The built plotly bundle of `kind` (light, map)."""
    found = sorted((ASSETS / "plotly").glob(f"plotly-*-{kind}.min.js"))
    if len(found) != 1:
        raise FileNotFoundError(f"one plotly {kind} bundle in {ASSETS / 'plotly'}: {found}")
    return found[0]


class Compressed:
    """The app's asset files, each compressed once (brotli, gzip) on first request."""

    def __init__(self, root: Path):
        self.root = root
        # a fixed list: a request path can only name a file that was there at start
        self.files = {"/assets/" + p.relative_to(root).as_posix(): p
                      for p in root.rglob("*") if p.suffix in (".js", ".css")}
        # the addresses' fingerprints: ours (`v`, content) and Dash's (`m`, modification time)
        self.fingerprints = {p: {"v": hashlib.sha256(p.read_bytes()).hexdigest()[:16],
                                 "m": str(p.stat().st_mtime)} for p in self.files.values()}
        self._kept: dict[Path, dict[str, bytes]] = {}
        self._lock = threading.Lock()

    def url(self, path: Path) -> str:
        return f"/assets/{path.relative_to(self.root).as_posix()}?v={self.fingerprints[path]['v']}"

    def encodings(self, path: Path) -> dict[str, bytes]:
        with self._lock:
            kept = self._kept.get(path)
            if kept is None:
                raw = path.read_bytes()
                # brotli's quality 11 costs seconds for the map bundle; 9 is within a tenth
                kept = {"br": brotli.compress(raw, quality=9), "gzip": gzip.compress(raw, 9),
                        "identity": raw, "etag": hashlib.sha256(raw).hexdigest()[:32]}
                self._kept[path] = kept
        return kept

    def response(self, request: flask.Request) -> flask.Response | None:
        path = self.files.get(request.path)
        if path is None:
            return None
        kept = self.encodings(path)
        accepted = request.accept_encodings
        encoding = next((e for e in ("br", "gzip") if accepted[e]), "identity")
        resp = flask.Response(kept[encoding],
                              content_type=mimetypes.guess_type(path.name)[0] or "text/plain")
        if encoding != "identity":
            resp.headers["Content-Encoding"] = encoding
        resp.headers["Vary"] = "Accept-Encoding"
        resp.set_etag(f"{kept['etag']}-{encoding}")
        fingerprinted = any(request.args.get(k) == v for k, v in self.fingerprints[path].items())
        resp.headers["Cache-Control"] = IMMUTABLE if fingerprinted else "no-cache"
        return resp.make_conditional(request)


def register_static(app: dash.Dash, choropleth: bool) -> None:
    """Serve the assets compressed and choose each page's scripts (`choropleth`: the region
    page draws the MapLibre choropleth, i.e. boundaries are configured). The app must keep
    the bundles out of Dash's own index (`assets_path_ignore=["plotly"]`)."""
    assets = Compressed(ASSETS)
    light, map_ = bundle("light"), bundle("map")
    queue = f'<script src="{assets.url(ONE_PER_TASK)}"></script>'
    tags = {kind: f'<script src="{assets.url(path)}"></script>' + queue
            for kind, path in (("light", light), ("map", map_))}
    map_css = next(map_.parent.glob("*-map.min.css"))
    map_link = f'<link rel="stylesheet" href="{assets.url(map_css)}">'
    original = app.interpolate_index

    def interpolate_index(**parts: str) -> str:
        found = page_of(app, flask.request.path) if flask.has_request_context() else None
        page = found[0]["module"].split(".")[-1] if found else None
        scripts = _TABLE_SCRIPT.sub("", _POLYFILL_SCRIPT.sub("", parts["scripts"]))
        if page not in GRID_PAGES:
            scripts = _GRID_SCRIPT.sub("", scripts)
        if page is not None and page not in NO_PLOTLY:  # None: no such page (404)
            kind = "map" if choropleth and page in MAP_PAGES else "light"
            # ahead of Dash's scripts: window.Plotly exists before any chart mounts
            scripts = tags[kind] + scripts
            if kind == "map":
                parts["css"] += map_link
        return original(**{**parts, "scripts": scripts})

    app.interpolate_index = interpolate_index
    app.server.before_request(lambda: assets.response(flask.request)
                              if flask.request.path.startswith("/assets/") else None)
