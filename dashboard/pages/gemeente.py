"""Municipality page: a gauge per indicator, the trend against the target, the comparison
with the region, and the council report.

URL: `/gemeente/<GMcode>?lang=nl|en&indicator=<trend indicator>`.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import components, figures, ids
from dashboard.data import gaps as gaps_data
from dashboard.i18n import fmt_date, fmt_number, fmt_period, fmt_value, t
from dashboard.urlstate import choose, client_data, language, url_state, with_args


def title(code: str | None = None) -> str:
    """'Leusden — Participatiemonitor'."""
    try:
        area = gaps_data.area((code or "").upper())
    except FileNotFoundError:
        area = None
    return components.page_title(area["naam"] if area else "Gemeente")


dash.register_page(__name__, path_template="/gemeente/<code>", name="Gemeente",
                   title=title, known=lambda code=None, **_: (
                       gaps_data.area((code or "").upper()) or {}).get("niveau") == "gemeente")

def layout(code: str | None = None, lang: str | None = None, indicator: str | None = None,
           **_other: str) -> html.Div:
    """The page of municipality `code`."""
    lang = language(lang)
    try:
        area = gaps_data.area((code or "").upper())
    except FileNotFoundError:
        return dbc.Alert(t("missing_warehouse", lang), color="warning")
    if area is None or area["niveau"] != "gemeente":
        return dbc.Alert(t("unknown_area", lang, code=code), color="warning", id="onbekend")
    code, region = area["code"], area["regio"]
    gaps, indicators = gaps_data.latest_gaps(region), gaps_data.indicators()
    ind = indicators.set_index("indicator")
    mine = gaps[gaps["gebied_code"] == code]
    regions = gaps_data.regions().set_index("code")
    indicator = choose(indicator, mine["indicator"], gaps_data.DEFAULT_INDICATOR)
    name_col = "naam_nl" if lang == "nl" else "naam_en"
    path = f"/gemeente/{code}"
    if mine.empty:
        # a municipality the data do not cover: say so, and offer no report of empty charts
        return html.Div([
            components.header(f"{t('municipality', lang)} {area['naam']}", lang,
                              f"/gemeente/{code}", {"lang": lang}, ids.AREA_LANG),
            html.A(f"← {t('back_region', lang)} {regions.loc[region, 'naam']}",
                   href=f"/regio/{region}" + with_args(lang=lang)),
            dbc.Alert(t("no_data_area", lang, name=area["naam"], regions=", ".join(
                regions[regions["met_gegevens"]]["naam"])), color="info", className="mt-3",
                id="geen-gegevens"),
        ], lang=lang)
    reports = [
        html.A(t("report_pdf_pages", lang), href=f"/rapport/{code}.pdf" + with_args(lang=lang),
               className="btn btn-outline-primary btn-sm", id="rapport-pdf"),
        html.A(t("report_csv", lang), href=f"/rapport/{code}.csv" + with_args(lang=lang),
               className="btn btn-outline-secondary btn-sm", id="rapport-csv"),
    ]
    return html.Div([
        dcc.Store(id=ids.AREA_CONTEXT, data={"code": code, "region": region, "lang": lang,
                                               "name": area["naam"]}),
        components.header(f"{t('municipality', lang)} {area['naam']}", lang, path,
                          {"lang": lang, "indicator": indicator}, ids.AREA_LANG, reports),
        html.P([
            html.A(f"← {t('back_region', lang)} {regions.loc[region, 'naam']}",
                   href=f"/regio/{region}" + with_args(lang=lang), className="me-3"),
            f"{t('as_of', lang)} {fmt_date(gaps_data.data_date(), lang)}",
        ], id="stand-per"),
        html.H2(t("gauges", lang), className="h5"),
        components.gauge_key(lang),
        dbc.Row(components.indicator_cards(gaps, components.in_sectie(indicators, "participatie"),
                                           code, lang), id="meters"),
        components.sectie_section(gaps, indicators, code, "arbeidsmarkt", lang),
        html.Label(t("choose_indicator", lang), htmlFor=ids.AREA_INDICATOR, className="me-2"),
        dbc.Select(id=ids.AREA_INDICATOR, value=indicator,
                     options=[{"label": ind.loc[i, name_col], "value": i}
                              for i in mine["indicator"]], style={"maxWidth": "28rem"}),
        html.Section(id=ids.OUTLOOK),
        dbc.Row([
            dbc.Col(html.Section([html.H2(t("trend", lang), className="h5 mt-3"),
                                  html.Div(dcc.Graph(id=ids.TREND, config=components.GRAPH_CONFIG),
                                           role="img", **{"aria-label": t("trend", lang)}),
                                  html.Div(id=ids.TREND_TABLE)]), lg=7),
            dbc.Col(html.Section([html.H2(t("comparison", lang), className="h5 mt-3"),
                                  html.Div(dcc.Graph(id=ids.COMPARISON,
                                                     config=components.GRAPH_CONFIG),
                                           role="img", **{"aria-label": t("comparison", lang)}),
                                  html.Div(id=ids.COMPARISON_TABLE)]), lg=5),
        ]),
        components.provenance_note(gaps[gaps["gebied_code"] == code], indicators, lang),
        components.about_figures(lang),
    ], lang=lang)


def outlook_section(code: str, name: str, indicator: str, lang: str) -> list:
    """When the chosen indicator reaches its target at the current pace, how that was worked
    out, and how often the method was right a year ahead on this municipality's history."""
    indicators = gaps_data.indicators()
    ind = indicators.set_index("indicator").loc[indicator]
    found = components.assessments(code, indicators).get(indicator)
    lines = components.outlook_text(found, ind["eenheid"], lang)
    if not lines:
        return []
    b = found.backtest
    check = (t("outlook_backtest", lang, name=name, n=b.tries, hits=b.hits,
               rate=fmt_number(b.rate * 100, lang)) if b.tries else "")
    return [html.H2(t("outlook_title", lang), className="h5 mt-3"),
            html.P([html.Span(line, className="d-block") for line in lines],
                   className="fw-semibold mb-1", id="vooruitblik"),
            html.P(t("outlook_method", lang), className="small text-muted mb-1"),
            html.P(check, className="small text-muted", id="vooruitblik-toets")]


def trend_and_comparison(code: str, region: str, indicator: str, lang: str) -> tuple:
    """Figures and table alternatives for one indicator of one municipality."""
    ind = gaps_data.indicators().set_index("indicator").loc[indicator]
    unit = ind["eenheid"]
    hist = gaps_data.history(indicator, (code, region))
    mine = hist[hist["gebied_code"] == code].iloc[::-1]
    trend_table = components.table_alternative({
        t("period", lang): [fmt_period(p, lang) for p in mine["periode"]],
        t("realisation", lang): [fmt_value(v, unit, lang) for v in mine["realisatie"]],
        t("target", lang): [fmt_value(v, unit, lang) for v in mine["doel"]],
        t("status", lang): [t(s, lang) for s in mine["status"]],
        t("target_status", lang): [components.target_label(k, lang) if isinstance(k, str) else ""
                                   for k in mine["doel_status"]]}, t("table_alt", lang),
        "trend-tabel-data")
    per = figures.per_inhabitants(ind)
    # the layout read the same latest rows for its cards (memoised)
    latest = gaps_data.latest_gaps(region)
    values = figures.comparison_values(latest, indicator, unit, per)
    own = values[values["gebied_code"] == code]
    references = (figures.reference_lines(gaps_data.latest_municipalities(indicator), code,
                                          float(own["inwoners"].iloc[0]), unit, per, lang)
                  if len(own) else [])
    shown = values.iloc[::-1]
    label = (t("per_10000", lang) if per
             else t("realisation", lang) + (" (%)" if unit == "aandeel" else ""))
    names = [t("region_named", lang, name=n) if r else n
             for n, r in zip(shown["gebied_naam"], shown["is_regio"], strict=True)]
    numbers = [fmt_number(v, lang, 1) if per or unit == "aandeel" else fmt_number(v, lang)
               for v in shown["waarde"]]
    periods = list(shown["periode"])
    for name, value in references:
        names.append(name)
        numbers.append(fmt_number(value, lang, 1))
        periods.append("")
    comparison_table = [components.table_alternative({
        t("area", lang): names, label: numbers, t("period", lang): periods},
        t("table_alt", lang), "vergelijking-tabel-data")]
    if not any(name == t("national", lang) for name, _ in references):
        comparison_table.insert(0, html.P(t("national_missing", lang),
                                          className="small text-muted mb-0"))
    found = components.assessments(code, gaps_data.indicators()).get(indicator)
    trend = figures.trend(hist, code, unit, lang, components.noun(ind, lang),
                          bool(ind["cumulatief"]), found.outlook if found else None,
                          gaps_data.benchmark(indicator))
    return (trend, trend_table, figures.comparison(values, code, unit, per, lang, references),
            comparison_table)


@callback(
    Output(ids.TREND, "figure"),
    Output(ids.TREND_TABLE, "children"),
    Output(ids.COMPARISON, "figure"),
    Output(ids.COMPARISON_TABLE, "children"),
    Output(ids.URL_SEARCH, "data", allow_duplicate=True),
    Output(ids.AREA_LANG, "href"),
    Output(ids.OUTLOOK, "children"),
    Input(ids.AREA_INDICATOR, "value"),
    State(ids.AREA_CONTEXT, "data"),
    prevent_initial_call="initial_duplicate",
)
@client_data
def show_indicator(indicator: str, context: dict):
    """The chosen indicator's outlook, trend and comparison; the choice goes into the URL."""
    code, region, lang = context["code"], context["region"], context["lang"]
    known = gaps_data.indicators()["indicator"]
    indicator = choose(indicator, known, gaps_data.DEFAULT_INDICATOR)
    return (*trend_and_comparison(code, region, indicator, lang),
            *url_state(f"/gemeente/{code}", lang, indicator=indicator),
            outlook_section(code, context.get("name", code), indicator, lang))
