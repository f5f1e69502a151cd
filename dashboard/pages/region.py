"""Region overview: the region's gauges, a map and every municipality against its targets.

URL: `/` or `/regio/<code>?lang=nl|en&indicator=<map indicator>`.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboard import components, figures, ids
from dashboard.data import gaps as gaps_data
from dashboard.geo import region_boundaries
from dashboard.i18n import fmt_date, t
from dashboard.settings import current as current_settings
from dashboard.urlstate import choose, client_data, language, url_state, with_args


def title(code: str | None = None) -> str:
    """'Regio Amersfoort — Participatiemonitor' (the default region at '/')."""
    try:
        regions, code = components.pick_region(code)
    except FileNotFoundError:
        return components.PRODUCT
    return components.page_title(f"Regio {regions.set_index('code').loc[code, 'naam']}")


dash.register_page(__name__, path="/", path_template="/regio/<code>", name="Regio",
                   title=title, known=lambda code=None, **_: code is None
                   or code.upper() in gaps_data.region_codes())

def status_cell(indicator: str, row: pd.Series, unit: str, lang: str) -> html.Td:
    """One indicator for one area: value, target, status in words (never colour alone)."""
    example = row["doel_status"] == "voorbeeld"
    return html.Td([
        html.Div(components.stand_text(row, unit, lang)
                 + (" ◇" if row["provenance"] == "sample" else "")),
        components.status_badge(row["status"], lang),
        html.Small(f"◇ {t('voorbeeld', lang)} ", className="text-muted") if example else None,
        html.Small(row["periode"], className="text-muted"),
    ], **{"data-indicator": indicator, "data-gebied": row["gebied_code"]})


def overview_table(gaps: pd.DataFrame, indicators: pd.DataFrame, lang: str,
                   table_id: str = "overzicht") -> dbc.Table:
    """Areas as rows (region total first), indicators as columns; names link to the area."""
    ind = indicators.set_index("indicator")
    shown = [i for i in ind.index if i in set(gaps["indicator"])]
    name_col = "naam_nl" if lang == "nl" else "naam_en"
    head = html.Thead(html.Tr([html.Th(t("area", lang), scope="col")]
                              + [html.Th(ind.loc[i, name_col], scope="col") for i in shown]))
    rows = []
    for (niveau, code), area in gaps.groupby(["gebied_niveau", "gebied_code"], sort=False):
        by_ind = area.set_index("indicator")
        label = area["gebied_naam"].iloc[0]
        if niveau == "arbeidsmarktregio":
            label = t("region_named", lang, name=label)
        else:
            label = html.A(label, href=f"/gemeente/{code}" + with_args(lang=lang))
        rows.append(html.Tr([html.Th(label, scope="row")] + [
            status_cell(i, by_ind.loc[i], ind.loc[i, "eenheid"], lang) if i in by_ind.index
            else html.Td("–") for i in shown], id=f"rij-{code}"))
    return dbc.Table([head, html.Tbody(rows)], bordered=True, hover=True, responsive=True,
                     size="sm", id=table_id)


def layout(code: str | None = None, lang: str | None = None, indicator: str | None = None,
           **_other: str) -> html.Div:
    """The overview of region `code` (default from settings)."""
    lang = language(lang)
    settings = current_settings()
    try:
        regions, code = components.pick_region(code)
    except FileNotFoundError:
        return dbc.Alert(t("missing_warehouse", lang), color="warning")
    name = regions.set_index("code").loc[code, "naam"]
    gaps, indicators = gaps_data.latest_gaps(code), gaps_data.indicators()
    participatie = components.in_sectie(indicators, "participatie")
    options = figures.map_indicators(gaps)
    default = gaps_data.DEFAULT_INDICATOR
    indicator = choose(indicator, options, default if default in options
                       else (options[0] if options else None))
    path = "/regio/" + code
    return html.Div([
        dcc.Store(id=ids.REGION_CONTEXT, data={"code": code, "lang": lang}),
        components.header(f"{t('title', lang)} — {t('region', lang)} {name}", lang, path,
                          {"lang": lang, "indicator": indicator}, ids.REGION_LANG),
        html.Div([
            html.Label(t("choose_region", lang), htmlFor=ids.REGION_SELECT, className="me-2"),
            dbc.Select(id=ids.REGION_SELECT, value=code, style={"maxWidth": "22rem"},
                       options=[{"label": f"{r.naam} ({r.code})" + (
                                     "" if r.met_gegevens else f" — {t('no_data_short', lang)}"),
                                 "value": r.code, "disabled": not r.met_gegevens}
                                for r in regions.itertuples()]),
            html.Nav([html.A(f"{r.naam} ({r.code})", href=f"/regio/{r.code}"
                             + with_args(lang=lang), className="ms-3",
                             **({"aria-current": "page"} if r.code == code else {}))
                      for r in regions.itertuples() if r.code in ("AM14", "AM10")],
                     **{"aria-label": t("region", lang)}),
        ], className="d-flex flex-wrap align-items-center mb-2"),
        html.P(f"{t('as_of', lang)} {fmt_date(gaps_data.data_date(), lang)}", id="stand-per"),
        # a region the data do not cover: say so, and draw no empty gauges, map or table
        *([dbc.Alert(t("no_data_area", lang, name=name, regions=", ".join(
            regions[regions["met_gegevens"]]["naam"])), color="info", id="geen-gegevens")]
          if gaps.empty else [
            html.H2(f"{t('gauges', lang)}: {t('region_named', lang, name=name)}",
                    className="h5"),
            components.gauge_key(lang),
            dbc.Row(components.indicator_cards(gaps, participatie, code, lang),
                    id="regio-meters"),
            region_map_section(gaps, indicators, code, indicator, options, lang, settings),
            html.H2(t("overview", lang), className="h5 mt-3"),
            overview_table(gaps, participatie, lang),
            components.sectie_section(gaps, indicators, code, "arbeidsmarkt", lang, [
                overview_table(gaps, components.in_sectie(indicators, "arbeidsmarkt"), lang,
                               "overzicht-arbeidsmarkt")]),
            components.provenance_note(gaps, indicators, lang),
            components.about_figures(lang)]),
    ], lang=lang)


def region_map_section(gaps, indicators, code, indicator, options, lang, settings) -> html.Div:
    """The map with its indicator choice; built once per page, recoloured by `recolour`."""
    if indicator is None:
        return html.Div()
    codes = sorted(gaps.loc[gaps["gebied_niveau"] == "gemeente", "gebied_code"].unique())
    ind = indicators.set_index("indicator")
    values = figures.map_values(gaps, indicator, codes, lang)
    boundaries = region_boundaries(settings.boundaries, codes)
    tiles = boundaries is None
    fig = figures.region_map(values, codes, lang, boundaries=boundaries,
                             centroids=gaps_data.centroids(code) if tiles else None)
    name_col = "naam_nl" if lang == "nl" else "naam_en"
    return html.Section([
        html.H2(t("map_status", lang), className="h5 mt-2"),
        html.Label(t("choose_indicator", lang), htmlFor=ids.MAP_INDICATOR, className="me-2"),
        dbc.Select(id=ids.MAP_INDICATOR, value=indicator,
                     options=[{"label": ind.loc[i, name_col], "value": i} for i in options],
                     style={"maxWidth": "28rem"}),
        dcc.Store(id=ids.MAP_KIND, data={"tiles": tiles, "codes": codes}),
        html.P(t("map_tiles", lang), className="small text-muted") if tiles else None,
        components.status_legend(lang, "kaart-legenda"),
        html.Div(dcc.Graph(id=ids.MAP, figure=fig, config=components.GRAPH_CONFIG),
                 role="img", **{"aria-label": t("map_status", lang)}),
        html.P(t("map_hint", lang), className="small text-muted mb-0"),
        html.Div(map_table(values, lang), id=ids.MAP_TABLE),
    ], className="mb-3")


def map_table(values: dict, lang: str) -> html.Details:
    """The map's text alternative: each municipality with its % of the target."""
    return components.table_alternative({t("map_status", lang): list(values["text"])},
                                        t("table_alt", lang))


@callback(
    Output(ids.MAP, "figure"),
    Output(ids.MAP_TABLE, "children"),
    Output(ids.URL_SEARCH, "data", allow_duplicate=True),
    Output(ids.REGION_LANG, "href"),
    Input(ids.MAP_INDICATOR, "value"),
    State(ids.REGION_CONTEXT, "data"),
    State(ids.MAP_KIND, "data"),
    prevent_initial_call=True,
)
@client_data
def recolour(indicator: str, context: dict, kind: dict):
    """A new map indicator: patch the colours, write the choice into the URL."""
    code, lang = context["code"], context["lang"]
    if code not in gaps_data.region_codes():  # the browser sends it back: it may be anything
        raise dash.exceptions.PreventUpdate
    gaps = gaps_data.latest_gaps(code)
    indicator = choose(indicator, figures.map_indicators(gaps), gaps_data.DEFAULT_INDICATOR)
    values = figures.map_values(gaps, indicator, kind["codes"], lang)
    return (figures.map_patch(values, kind["tiles"]), map_table(values, lang),
            *url_state(f"/regio/{code}", lang, indicator=indicator))


@callback(
    Output(ids.URL, "href", allow_duplicate=True),
    Input(ids.MAP, "clickData"),
    State(ids.REGION_CONTEXT, "data"),
    prevent_initial_call=True,
)
@client_data
def open_municipality(click: dict | None, context: dict) -> str:
    """A click on a municipality opens its page."""
    point = (click or {}).get("points", [{}])[0]
    code = point.get("customdata") or point.get("location")
    if not isinstance(code, str) or not code.startswith("GM"):
        raise dash.exceptions.PreventUpdate
    return f"/gemeente/{code}" + with_args(lang=context["lang"])


@callback(
    Output(ids.URL, "href", allow_duplicate=True),
    Input(ids.REGION_SELECT, "value"),
    State(ids.REGION_CONTEXT, "data"),
    prevent_initial_call=True,
)
@client_data
def open_region(code: str, context: dict) -> str:
    """Another region chosen: open its overview (any of the country's regions)."""
    if code == context["code"] or code not in set(gaps_data.regions()["code"]):
        raise dash.exceptions.PreventUpdate
    return f"/regio/{code}" + with_args(lang=language(context["lang"]))
