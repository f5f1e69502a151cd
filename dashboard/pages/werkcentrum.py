"""Werkcentrum: which instruments go to which target groups, in which municipality, and
what comes of them. Every view obeys the same filters; every count of persons is perturbed
(dashboard/protection.py), the same cell to the same value on every page and export.

URL: `/werkcentrum?regio=AM14&gemeente=GM..&doelgroep=..&instrument=..&van=2024-K1&tot=2025-K1
&lang=nl` (repeat a parameter for several values).
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboard import api, components, figures, ids
from dashboard.components import (
    checklist,
    details,
    html_table,
    section_title,
    text_table,
    texts_of,
)
from dashboard.data import core as core_data
from dashboard.data import gaps as gaps_data
from dashboard.data import werkcentrum as werkcentrum_data
from dashboard.filters import Filters
from dashboard.i18n import fmt_date, fmt_number, fmt_period, fmt_value, t
from dashboard.protection import TOTAL
from dashboard.urlstate import client_data, language, url_state, with_args

dash.register_page(__name__, path="/werkcentrum", name="Werkcentrum",
                   title=components.page_title("Werkcentrum"))

FILTER_INPUTS = (ids.WC_GEMEENTE, ids.WC_DOELGROEP, ids.WC_INSTRUMENT, ids.WC_VAN, ids.WC_TOT)


def layout(lang: str | None = None, regio: str | None = None, **query) -> html.Div:
    """The Werkcentrum page with its filters read from the URL."""
    lang = language(lang)
    try:
        regions, regio = components.pick_region(regio)
    except FileNotFoundError:
        return dbc.Alert(t("missing_warehouse", lang), color="warning")
    domain = werkcentrum_data.instrument_domain(regio)
    if not domain.kwartalen:
        return dbc.Alert(t("no_data", lang), color="info", id="wc-leeg")
    f = Filters.parse(query, domain)
    names = gaps_data.centroids(regio).set_index("gemeente_code")["gemeente_naam"]
    quarter_options = [{"label": fmt_period(q, lang), "value": q} for q in domain.kwartalen]
    path = "/werkcentrum"
    return html.Div([
        dcc.Store(id=ids.WC_CONTEXT, data={"regio": regio, "lang": lang}),
        components.header(t("wc_title", lang), lang, path,
                          {"lang": lang, **f.query_args()}, ids.WC_LANG),
        html.Nav([html.A(f"{r.naam} ({r.code})", href=path + with_args(lang=lang, regio=r.code),
                         className="me-3", **({"aria-current": "page"} if r.code == regio else {}))
                  for r in regions.itertuples() if r.code in ("AM14", "AM10") or r.code == regio],
                 className="mb-2", **{"aria-label": t("region", lang)}),
        components.about_figures(lang),
        dbc.Row([
            dbc.Col(components.filter_panel(html.Fieldset([
                html.Legend(t("filters", lang), className="h5"),
                html.P(t("all_hint", lang), className="small text-muted mb-1"),
                checklist(ids.WC_GEMEENTE, t("municipalities", lang),
                          [{"label": names.get(g, g), "value": g} for g in domain.gemeenten],
                          list(f.gemeenten), lang),
                checklist(ids.WC_DOELGROEP, t("target_group", lang),
                          [{"label": g, "value": g} for g in domain.doelgroepen],
                          list(f.doelgroepen), lang),
                checklist(ids.WC_INSTRUMENT, t("instrument_label", lang),
                          [{"label": i, "value": i} for i in domain.instrumenten],
                          list(f.instrumenten), lang),
                html.Label(t("from", lang), htmlFor=ids.WC_VAN, className="form-label mt-2"),
                dbc.Select(id=ids.WC_VAN, options=quarter_options, value=f.van),
                html.Label(t("to", lang), htmlFor=ids.WC_TOT, className="form-label mt-2"),
                dbc.Select(id=ids.WC_TOT, options=quarter_options, value=f.tot),
                html.A(t("reset", lang), href=path + with_args(lang=lang, regio=regio),
                       className="btn btn-link px-0 mt-2"),
            ], className="border rounded p-2"), "werkcentrum", lang), lg=3),
            dbc.Col([html.Div(id=ids.WC_RESULTS), html.Div(id=ids.WC_REACH)], lg=9),
        ]),
        html.P(t("definitions", lang), className="small text-muted mt-3", id="definities"),
        components.page_sources(
            {t("wc_records", lang): core_data.provenance("fct_instrument_inzet")}, lang),
    ], lang=lang)


def results(f: Filters, lang: str,
            view: werkcentrum_data.InstrumentView | None = None) -> list:
    """Every view of the page but reach for one set of filters (`view`: their answers, when
    asked already)."""
    if view is None:
        view = werkcentrum_data.instrument_view(f, werkcentrum_data.instrument_domain(f.regio))
    starts_text = texts_of(view.starts, lang)
    flow_text = texts_of(view.flow, lang)
    res = view.results.reindex(view.flow.index)
    flow_table = text_table({
        t("started", lang): list(starts_text[TOTAL]),
        t("running", lang): list(flow_text["lopend"]),
        t("ended", lang): list(flow_text["beeindigd"]),
        t("mean_days", lang): [
            "–" if pd.isna(v) else fmt_number(v, lang) for v in res["gemiddelde_dagen"]],
        t("to_work", lang): [fmt_number(v, lang) for v in res["n_werk"]],
        t("cost_per_work", lang): [
            "–" if pd.isna(v) else fmt_number(v, lang) for v in res["kosten_per_werk"]],
    }, index=view.flow.index)
    out_text = texts_of(view.outcomes, lang)
    shares = werkcentrum_data.outcome_shares(view.outcomes)
    share_text = text_table({f"{c} %": [fmt_value(v, "aandeel", lang) for v in shares[c]]
                             for c in shares.columns}, index=shares.index)
    trend = view.trend
    aoc = view.aoc
    placed = view.placements
    period = f"{fmt_period(f.van, lang)} – {fmt_period(f.tot, lang)}"
    export_args = {"arbeidsmarktregio_code": [f.regio], "gemeente_code": list(f.gemeenten),
                   "doelgroep": list(f.doelgroepen), "instrument": list(f.instrumenten),
                   "periode_van": [f.van], "periode_tot": [f.tot]}
    export_args = {k: v for k, v in export_args.items() if v}
    prov = core_data.provenance("fct_instrument_inzet")
    return [
        html.Div([
            html.Span(period, className="fw-semibold me-auto", id="wc-periode"),
            html.A(t("download_csv_nl", lang), className="btn btn-outline-primary btn-sm",
                   href=api.link("instrument_inzet", export_args, format="csv", dialect="nl"),
                   id="wc-export"),
            html.A(t("download_parquet", lang), className="btn btn-outline-primary btn-sm",
                   href=api.link("instrument_inzet", export_args, format="parquet")),
            html.A(t("download_screen", lang), className="btn btn-outline-secondary btn-sm",
                   href="/werkcentrum/cijfers.csv" + with_args(lang=lang, **f.query_args()),
                   id="wc-cijfers"),
        ], className="d-flex flex-wrap gap-2 align-items-baseline mb-2"),
        section_title(t("starts_heatmap", lang), prov, lang, "h5"),
        dcc.Graph(id=ids.WC_HEATMAP, config=components.GRAPH_CONFIG,
                  figure=figures.counts_heatmap(view.starts, starts_text, lang)),
        details(html_table(starts_text, t("instrument_label", lang), t("starts_heatmap", lang),
                           "wc-starts-tabel", lang), lang),
        section_title(t("flow", lang), prov, lang),
        html_table(flow_table, t("instrument_label", lang), t("flow", lang), "wc-flow-tabel", lang),
        section_title(t("outcomes", lang), prov, lang),
        html.Div(dcc.Graph(config=components.GRAPH_CONFIG,
                           figure=figures.outcome_shares(shares, lang)),
                 role="img", **{"aria-label": t("outcomes", lang)}),
        details(html_table(out_text.join(share_text), t("target_group", lang),
                           t("outcomes", lang), "wc-resultaat-tabel", lang), lang),
        section_title(t("quarterly_starts", lang), prov, lang),
        html.Div(dcc.Graph(config=components.GRAPH_CONFIG, figure=figures.quarterly(
            trend.drop(TOTAL), t("started", lang), lang)),
            role="img", **{"aria-label": t("quarterly_starts", lang)}),
        details(html_table(text_table({t("started", lang): [
            fmt_number(v, lang) for v in trend]},
            index=[fmt_period(p, lang) if p != TOTAL else TOTAL for p in trend.index]),
            t("period", lang), t("quarterly_starts", lang), "wc-trend-tabel", lang), lang),
        section_title(t("aoc", lang), prov, lang),
        dbc.Row([dbc.Col(html.Div([html.Div(fmt_number(v, lang), className="fs-4 fw-semibold"),
                                   html.Div(label, className="small")],
                                  className="border rounded p-2 text-center"), xs=6, md=2)
                 for v, label in zip(aoc, [t("started", lang), t("running", lang),
                                           t("aoc_within", lang), t("dropout", lang),
                                           t("to_work", lang)], strict=True)],
                id="wc-aoc"),
        section_title(t("placements_target", lang), prov, lang),
        # the one view that does not follow every filter: say which it follows
        html.P(t("placements_filters", lang, tot=fmt_period(f.tot, lang)),
               className="small mb-1 " + ("text-warning-emphasis" if f.doelgroepen
                                          or f.instrumenten else "text-muted"),
               id="wc-doel-filters"),
        html_table(text_table({
            t("realisation", lang): [fmt_number(v, lang) for v in placed["realisatie"]],
            t("target", lang): [fmt_number(v, lang) for v in placed["doel"]],
            t("status", lang): [t(s, lang) for s in placed["status"]]},
            index=placed["gebied_naam"]), t("municipality", lang),
            t("placements_target", lang) + f" ({fmt_period(f.tot, lang)})", "wc-doel-tabel", lang),
    ]


def reach_section(f: Filters, lang: str, reach: pd.DataFrame | None = None) -> list:
    """Persons reached against the group's size (`reach`: `instrument_reach`'s answer, when
    asked already). More persons reached than the group holds is flagged, not hidden: the
    Werkcentrum's own labels and the UWV count then disagree."""
    if reach is None:
        reach = werkcentrum_data.instrument_reach(f)
    over = [html.P(t("reach_over", lang), className="small text-warning-emphasis",
                   id="wc-bereik-boven")] if (reach["bereik"] > 1).any() else []
    return [
        section_title(t("reach", lang), core_data.provenance("fct_instrument_inzet"), lang),
        html.P(t("reach_window", lang, van=fmt_date(f.reach_start.isoformat(), lang),
                 tot=fmt_date(f.end.isoformat(), lang)), className="small text-muted mb-1",
               id="wc-bereik-venster"),
        html_table(text_table({
            t("reached", lang): [fmt_number(v, lang) for v in reach["bereikt"]],
            t("group_size", lang): [fmt_number(v, lang) for v in reach["omvang"]],
            t("reach_pct", lang): [fmt_value(v, "aandeel", lang) + (" ⚠" if v > 1 else "")
                                   for v in reach["bereik"]]},
            index=reach["doelgroep"]), t("target_group", lang), t("reach", lang),
            "wc-bereik-tabel", lang),
        *over,
    ]


def filters_of(context: dict, gemeenten, doelgroepen, instrumenten, van, tot) -> Filters:
    """The filters as the browser sent them, checked against the region's values."""
    domain = werkcentrum_data.instrument_domain(context["regio"])
    return Filters.parse({"gemeente": gemeenten, "doelgroep": doelgroepen,
                          "instrument": instrumenten, "van": van, "tot": tot}, domain)


@callback(
    Output(ids.WC_RESULTS, "children"),
    Output(ids.WC_REACH, "children"),
    Output(ids.URL_SEARCH, "data", allow_duplicate=True),
    Output(ids.WC_LANG, "href"),
    *[Input(i, "value") for i in FILTER_INPUTS],
    State(ids.WC_CONTEXT, "data"),
    prevent_initial_call="initial_duplicate",
)
@client_data
def update(gemeenten, doelgroepen, instrumenten, van, tot, context):
    """Any filter change: every view again, reach included (one round trip: the page's
    questions are asked at once, `instrument_view`), and the filters into the URL."""
    lang = context["lang"]
    f = filters_of(context, gemeenten, doelgroepen, instrumenten, van, tot)
    view = werkcentrum_data.instrument_view(f, werkcentrum_data.instrument_domain(f.regio))
    return (results(f, lang, view), reach_section(f, lang, view.reach),
            *url_state("/werkcentrum", lang, **f.query_args()))


@callback(
    Output(ids.WC_DOELGROEP, "value"),
    Output(ids.WC_INSTRUMENT, "value"),
    Input(ids.WC_HEATMAP, "clickData"),
    prevent_initial_call=True,
)
@client_data
def filter_on_cell(click: dict | None):
    """A click on a heatmap cell filters everything to that instrument and target group."""
    point = (click or {}).get("points", [{}])[0]
    if not isinstance(point.get("x"), str) or not isinstance(point.get("y"), str):
        raise dash.exceptions.PreventUpdate
    return [point["x"]], [point["y"]]
