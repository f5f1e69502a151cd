"""Not found: what any address the app does not know shows (with status 404), with the way
to every page. Dash's router picks this module by its name."""

from __future__ import annotations

import dash
from dash import html

from dashboard import components
from dashboard.i18n import t
from dashboard.urlstate import language, with_args

dash.register_page(__name__, path="/404", name="Niet gevonden")


def layout(lang: str | None = None, **_other) -> html.Div:
    """The not-found page with links to the pages."""
    lang = language(lang)
    return html.Div([
        components.header(t("not_found", lang), lang, "/", {"lang": lang}),
        html.P(t("not_found_text", lang), id="niet-gevonden"),
        html.Ul([html.Li(html.A(t(key, lang), href=href + with_args(lang=lang)))
                 for href, key in components.SECTIONS]),
    ], lang=lang)
