"""Participatiemonitor dashboard: `create_app(settings)` builds the Dash app."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import dcc, html

from dashboard import data
from dashboard.settings import Settings


def create_app(settings: Settings | None = None) -> dash.Dash:
    """The Dash app reading the warehouse named in `settings` (read-only)."""
    settings = settings or Settings.from_env()
    data.configure(settings.warehouse)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(Path(__file__).parent / "pages"),
        title="Participatiemonitor",
        suppress_callback_exceptions=True,
    )
    app.server.config["SETTINGS"] = settings
    app.layout = html.Div([
        dcc.Location(id="url"),
        html.Main(dash.page_container, className="container-fluid py-3", lang="nl"),
    ])
    return app
