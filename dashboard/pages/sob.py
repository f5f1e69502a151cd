"""Social development companies (Amfors, Inclusief Groep, Werkzaak): the workforce per unit,
work form and scheme, the move from a narrow (Wsw) to a broad company, the Wsw decline to 2035,
revenue, and the funding schemes.

URL: `/sob?organisatie=..&unit=..&werkvorm=..&regeling=..&gemeente=..&van=2015-01&tot=2025-03
&lang=nl` (repeat a parameter for several values).
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboard import api, components, figures, ids, projection
from dashboard.components import (
    checklist,
    details,
    html_table,
    row_table,
    section_title,
    text_table,
    texts_of,
)
from dashboard.data import core as core_data
from dashboard.data import gaps as gaps_data
from dashboard.data import sob as sob_data
from dashboard.filters import SobFilters
from dashboard.i18n import fmt_number, fmt_period, t
from dashboard.urlstate import client_data, language, url_state, with_args

dash.register_page(__name__, path="/sob", name="Sociaal ontwikkelbedrijf",
                   title=components.page_title("Sociaal ontwikkelbedrijf"))

FILTER_INPUTS = (ids.SOB_ORGANISATIE, ids.SOB_UNIT, ids.SOB_WERKVORM, ids.SOB_REGELING,
                 ids.SOB_GEMEENTE, ids.SOB_VAN, ids.SOB_TOT)


def layout(lang: str | None = None, **query) -> html.Div:
    """The companies page with its filters read from the URL."""
    lang = language(lang)
    try:
        domain = sob_data.sob_domain()
    except FileNotFoundError:
        return dbc.Alert(t("missing_warehouse", lang), color="warning")
    if not domain.maanden:
        return dbc.Alert(t("no_data", lang), color="info")
    if not query.get("organisatie"):
        # one company, not the sum of companies in different regions, unless the URL asks
        query = {**query, "organisatie": domain.organisaties[0]}
    f = SobFilters.parse(query, domain)
    names = gaps_data.municipality_names()
    months = [{"label": fmt_period(m, lang), "value": m} for m in domain.maanden]

    def options(values):
        return [{"label": v, "value": v} for v in values]

    return html.Div([
        dcc.Store(id=ids.SOB_CONTEXT, data={"lang": lang}),
        components.header(t("sob_title", lang), lang, "/sob", {"lang": lang, **f.query_args()},
                          ids.SOB_LANG),
        html.P(t("sob_intro", lang, companies=companies(domain.organisaties, lang)),
               id="sob-intro"),
        components.about_figures(lang),
        dbc.Row([
            dbc.Col(components.filter_panel(html.Fieldset([
                html.Legend(t("filters", lang), className="h5"),
                html.P(t("all_hint", lang), className="small text-muted mb-1"),
                checklist(ids.SOB_ORGANISATIE, t("organisation", lang),
                          options(domain.organisaties), list(f.organisaties), lang),
                checklist(ids.SOB_UNIT, t("unit", lang), options(domain.units), list(f.units),
                          lang),
                checklist(ids.SOB_WERKVORM, t("work_form", lang), options(domain.werkvormen),
                          list(f.werkvormen), lang),
                checklist(ids.SOB_REGELING, t("scheme", lang), options(domain.regelingen),
                          list(f.regelingen), lang),
                checklist(ids.SOB_GEMEENTE, t("home_municipality", lang),
                          [{"label": names.get(g, g), "value": g} for g in domain.gemeenten],
                          list(f.gemeenten), lang),
                html.Label(t("from_month", lang), htmlFor=ids.SOB_VAN, className="form-label mt-2"),
                dbc.Select(id=ids.SOB_VAN, options=months, value=f.van),
                html.Label(t("to_month", lang), htmlFor=ids.SOB_TOT, className="form-label mt-2"),
                dbc.Select(id=ids.SOB_TOT, options=months, value=f.tot),
                html.A(t("reset", lang), href="/sob" + with_args(lang=lang),
                       className="btn btn-link px-0 mt-2"),
            ], className="border rounded p-2"), "sob", lang), lg=3),
            dbc.Col(html.Div(id=ids.SOB_RESULTS), lg=9),
        ]),
        components.page_sources({
            t("sob_records", lang): "sample" if "sample" in (
                core_data.provenance("fct_sob_bezetting"), core_data.provenance("fct_sob_omzet"))
            else "published",
            t("sob_funding", lang): core_data.provenance("fct_financiering")}, lang),
    ], lang=lang)


def companies(names: tuple[str, ...], lang: str) -> str:
    """The companies in the warehouse by name when they are few, else how many."""
    if len(names) > 4 or not names:
        return t("n_companies", lang, n=len(names))
    return f" {t('and', lang)} ".join(filter(None, [", ".join(names[:-1]), names[-1]]))


def results(f: SobFilters, lang: str) -> list:
    """Every view of the page for one set of filters."""
    view = sob_data.sob_view(f)
    monthly = view.monthly
    if monthly.empty:
        return [dbc.Alert(t("no_data", lang), color="info")]
    totals = view.months
    share = 1 - totals["wsw"] / totals["personen"]
    last = totals.index[-1]
    unit_text = texts_of(view.units, lang)
    unit_text[t("fte", lang)] = [fmt_number(v, lang) for v in
                                 view.unit_fte["fte"].reindex(unit_text.index)]
    blocks = [
        html.Div([
            html.Span(f"{fmt_period(f.van, lang)} – {fmt_period(f.tot, lang)}",
                      className="fw-semibold me-auto", id="sob-periode"),
            html.A(t("download_csv_nl", lang), className="btn btn-outline-primary btn-sm",
                   id="sob-export", href=api.link("sob_bezetting", export_args(f), format="csv",
                                                  dialect="nl")),
        ], className="d-flex flex-wrap gap-2 align-items-baseline mb-2"),
        dbc.Row([dbc.Col(kpi(v, label), xs=6, md=3) for v, label in (
            (fmt_number(totals.loc[last, "personen"], lang), t("persons_now", lang)),
            (fmt_number(totals.loc[last, "fte"], lang), t("fte_now", lang)),
            (fmt_number(totals.loc[last, "wsw"], lang), t("wsw_now", lang)),
            (fmt_number(share.loc[last] * 100, lang, 1) + "%", t("broad_share", lang)))],
            className="g-2 mb-2", id="sob-kpi"),
        section_title(t("workforce", lang), core_data.provenance("fct_sob_bezetting"), lang, "h5"),
        html.Div(dcc.Graph(figure=figures.workforce_figure(monthly, "personen", lang),
                           config=components.GRAPH_CONFIG), role="img",
                 **{"aria-label": t("workforce", lang)}),
        details(html_table(
            sob_data.workforce_table(monthly).map(lambda v: fmt_number(v, lang)),
            t("period", lang), t("workforce", lang), "sob-bezetting-tabel", lang), lang),
        section_title(t("transition", lang), core_data.provenance("fct_sob_bezetting"), lang),
        html.Div(dcc.Graph(figure=figures.quarterly(share * 100, t("broad_share", lang), lang,
                                                    suffix="%"),
                           config=components.GRAPH_CONFIG), role="img",
                 **{"aria-label": t("transition", lang)}),
        section_title(t("units", lang, month=fmt_period(f.tot, lang)),
                      core_data.provenance("fct_sob_bezetting"), lang),
        html_table(unit_text, t("unit", lang), t("units", lang, month=f.tot),
                   "sob-units-tabel", lang),
    ]
    return blocks + wsw_section(view.wsw, lang) + money_section(view, lang)


def kpi(value: str, label: str) -> html.Div:
    """A big number with its label."""
    return html.Div([html.Div(value, className="fs-4 fw-semibold"),
                     html.Div(label, className="small")],
                    className="border rounded p-2 text-center h-100")


def export_args(f: SobFilters) -> dict[str, list[str]]:
    """The same slice in the export's column names."""
    out = {"organisatie": list(f.organisaties), "unit": list(f.units),
           "werkvorm": list(f.werkvormen), "regeling": list(f.regelingen),
           "gemeente_code": list(f.gemeenten), "periode_van": [f.van], "periode_tot": [f.tot]}
    return {k: v for k, v in out.items() if v}


def wsw_section(history: pd.Series, lang: str) -> list:
    """The Wsw decline: history (`sob_data.wsw_yearly`), projection to 2035 with band, back-test,
    method."""
    if (history > 0).sum() < 3:
        return [section_title(t("wsw_projection", lang), core_data.provenance("fct_sob_bezetting"),
                              lang),
                html.P(t("no_data", lang))]
    proj = projection.project(history)
    back = projection.backtest(history, projection.BACKTEST_ORIGIN)
    mean, low, high = projection.retention(history)
    end = proj.iloc[-1]
    observed = dict(zip(history.index.tolist(), history.tolist(), strict=True))
    expected = dict(zip(proj["jaar"].tolist(), proj["verwacht"].tolist(), strict=True))
    years = range(min(observed), projection.HORIZON + 1)
    return [
        section_title(t("wsw_projection", lang), core_data.provenance("fct_sob_bezetting"), lang),
        html.Div(dcc.Graph(figure=figures.projection_figure(history, proj, back, lang),
                           config=components.GRAPH_CONFIG), role="img",
                 **{"aria-label": t("wsw_projection", lang)}),
        html.P(t("projection_summary", lang, year=projection.HORIZON,
                 n=fmt_number(end["verwacht"], lang), low=fmt_number(end["laag"], lang),
                 high=fmt_number(end["hoog"], lang),
                 half=fmt_number(projection.half_life(history), lang, 1)), id="sob-projectie"),
        html.P(t("projection_method", lang, rate=fmt_number((1 - mean) * 100, lang, 1),
                 low=fmt_number((1 - high) * 100, lang, 1),
                 high=fmt_number((1 - low) * 100, lang, 1)), className="small text-muted"),
        *([] if back is None else [html.P(t(
            "backtest", lang, year=projection.BACKTEST_ORIGIN, last=int(back["jaar"].max()),
            miss=fmt_number(back["afwijking"].abs().max() * 100, lang, 1),
            tol=fmt_number(projection.BACKTEST_TOLERANCE * 100, lang, 0)),
            className="small", id="sob-backtest")]),
        details(html_table(text_table({
            t("observed", lang): [fmt_number(observed.get(y), lang) for y in years],
            t("projected", lang): [fmt_number(expected.get(y), lang) for y in years],
        }, index=years), t("year", lang), t("wsw_projection", lang), "sob-projectie-tabel",
            lang), lang),
    ]


def money_section(view: sob_data.SobView, lang: str) -> list:
    """Revenue per unit and per FTE, against headcount; funding per scheme and year. Read as
    rows: pandas' selections cost more here than the few hundred rows do."""
    full = [r for r in core_data.rows(view.revenue) if r.maanden == 12]
    out = []
    if full:
        # headcount beside revenue: the same organisation-and-unit slice
        heads = sob_data.persons_per_year(view.revenue_months, sorted({r.jaar for r in full}))
        year = max(heads)
        last = [r for r in full if r.jaar == year]
        out += [
            section_title(t("revenue", lang), core_data.provenance("fct_sob_omzet"), lang),
            html.Div(dcc.Graph(figure=figures.revenue_figure(full, heads, lang),
                               config=components.GRAPH_CONFIG), role="img",
                     **{"aria-label": t("revenue", lang)}),
            row_table([t("unit", lang), t("revenue_eur", lang), t("avg_fte", lang),
                       t("revenue_per_fte", lang)],
                      [(f"{r.organisatie} · {r.unit}", fmt_number(r.omzet, lang),
                        fmt_number(r.fte_gem, lang), fmt_number(r.omzet_per_fte, lang))
                       for r in last], t("revenue", lang), "sob-omzet-tabel"),
        ]
    fund = core_data.rows(view.funding)
    out += [section_title(t("funding", lang), core_data.provenance("fct_financiering"), lang),
            html.P(t("funding_note", lang), className="small text-muted")]
    if not fund:
        return out + [html.P(t("no_data", lang))]
    amounts: dict[tuple, str] = {}
    for r in fund:
        year = t("structural", lang) if r.structureel else str(int(r.jaar))
        amounts.setdefault((r.organisatie, r.regeling, year), fmt_number(r.bedrag, lang))
    schemes = sorted({key[:2] for key in amounts})
    years = sorted({key[2] for key in amounts})
    return out + [
        html.Div(dcc.Graph(figure=figures.funding_figure(fund, lang),
                           config=components.GRAPH_CONFIG),
                 role="img", **{"aria-label": t("funding", lang)}),
        row_table([t("scheme", lang), *years],
                  [(f"{o} · {r}", *(amounts.get((o, r, y), "–") for y in years))
                   for o, r in schemes], t("funding", lang), "sob-financiering-tabel"),
        html.Dl([item for key in ("def_impuls", "def_rijksbijdrage", "def_beschut")
                 for item in (html.Dt(t(key + "_t", lang)), html.Dd(t(key, lang)))],
                className="small mt-2", id="sob-definities"),
    ]


@callback(
    Output(ids.SOB_RESULTS, "children"),
    Output(ids.URL_SEARCH, "data", allow_duplicate=True),
    Output(ids.SOB_LANG, "href"),
    *[Input(i, "value") for i in FILTER_INPUTS],
    State(ids.SOB_CONTEXT, "data"),
    prevent_initial_call="initial_duplicate",
)
@client_data
def update(organisaties, units, werkvormen, regelingen, gemeenten, van, tot, context):
    """Any filter change: every view again, and the filters into the URL."""
    lang = context["lang"]
    f = SobFilters.parse({"organisatie": organisaties, "unit": units, "werkvorm": werkvormen,
                          "regeling": regelingen, "gemeente": gemeenten, "van": van,
                          "tot": tot}, sob_data.sob_domain())
    return (results(f, lang), *url_state("/sob", lang, **f.query_args()))
