"""Participatiemonitor dashboard: `create_app(settings)` builds the Dash app."""

from __future__ import annotations

from pathlib import Path

import dash
import plotly.io
from dash import Input, Output, dcc, html

from dashboard import ids
from dashboard.api import register_api
from dashboard.auth import guard_pages, register_auth
from dashboard.cache import register_cache
from dashboard.data import core as core_data
from dashboard.ops import register_ops
from dashboard.report import register_reports
from dashboard.settings import Settings
from dashboard.static import register_static
from dashboard.stewards import register_stewards


def create_app(settings: Settings | None = None) -> dash.Dash:
    """The Dash app reading the warehouse named in `settings` (read-only)."""
    settings = settings or Settings.from_env()
    core_data.configure(settings.warehouse, settings.memory_limit)
    # Dash writes every answer with plotly's JSON encoder. Its default engine takes orjson
    # when it happens to be installed; orjson fails on the first Dash component, and the
    # encoder then walks the whole answer with a slow generic cleaner (9 vs 5 ms for a
    # municipality's trend answer). The standard engine writes the same JSON whatever is
    # installed.
    plotly.io.json.config.default_engine = "json"
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(Path(__file__).parent / "pages"),
        title="Participatiemonitor",
        suppress_callback_exceptions=True,
        # Plotly and the map library are most of a first visit's bytes; gzip/brotli cut them
        # by three quarters (exports stream from disk and are not touched)
        compress=True,
        # the plotly bundles: each page's shell names the one it needs (dashboard.static)
        assets_path_ignore=["plotly"],
    )
    app.server.config["SETTINGS"] = settings
    # static files stream from disk: compressing them would read and hold each file
    app.server.config["COMPRESS_STREAMS"] = False
    # Dutch is the document language; English pages set lang="en" on their own root element.
    app.index_string = app.index_string.replace("<html>", '<html lang="nl">', 1)
    app.layout = html.Div([
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        dcc.Store(id=ids.URL_SEARCH),
        dcc.Store(id=ids.URL_WRITTEN),
        html.A("Naar de inhoud / Skip to content", href="#inhoud",
               className="visually-hidden-focusable"),
        html.Main(dash.page_container, className="container-fluid py-3", id="inhoud"),
    ])
    # replaceState rather than dcc.Location: changing a choice must not re-render the page
    # (the map's geometry is sent once), yet the address bar must reproduce the view.
    app.clientside_callback(
        """function (search) {
            if (typeof search === "string") {
                window.history.replaceState(null, "", window.location.pathname + search);
            }
            return search;
        }""",
        Output(ids.URL_WRITTEN, "data"),
        Input(ids.URL_SEARCH, "data"),
        prevent_initial_call=True,
    )
    register_reports(app.server)
    register_auth(app, settings.users_file)
    register_api(app.server, settings.export_max_rows, settings.export_rows_per_minute,
                 settings.export_budget_file)
    register_ops(app, settings.max_request_bytes, settings.debug)
    register_stewards(app.server, settings)
    register_static(app, choropleth=settings.boundaries is not None)
    # after the access and 404 checks, so they run before a kept answer is served
    register_cache(app, settings.answer_cache, settings.answer_cache_bytes)
    # Dash registers its scripts and page router on the first request and marks that done
    # before doing it: under a threaded server, requests arriving meanwhile fail, so the first
    # page after a restart could load without its scripts (plotly/dash#3971). Done here,
    # before any request, instead.
    with app.server.test_request_context("/"):
        app.server.preprocess_request()
    guard_pages(app)  # now that every callback, the page router's too, is registered
    return app
