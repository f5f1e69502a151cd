"""Region overview: every municipality of a labour-market region against its targets."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import data
from dashboard.i18n import LANGS, fmt_value, t

dash.register_page(__name__, path="/", path_template="/regio/<code>", name="Regio")

STATUS_CLASS = {"behaald": "success", "op_koers": "success", "risico": "warning",
                "achter": "danger", "geen_doel": "secondary"}


def status_cell(indicator: str, row: pd.Series, unit: str, lang: str) -> html.Td:
    """One indicator for one area: value, target, status in words (never colour alone)."""
    sample = " ◇" if row["provenance"] == "sample" else ""
    target = ("" if pd.isna(row["doel"])
              else f" / {fmt_value(row['doel'], unit, lang)}")
    return html.Td([
        html.Div(f"{fmt_value(row['realisatie'], unit, lang)}{target}{sample}"),
        dbc.Badge(t(row["status"], lang), color=STATUS_CLASS[row["status"]], className="me-1"),
        html.Small(row["periode"], className="text-muted"),
    ], **{"data-indicator": indicator, "data-gebied": row["gebied_code"]})


def overview_table(gaps: pd.DataFrame, indicators: pd.DataFrame, lang: str) -> html.Table:
    """Areas as rows (region total first), indicators as columns."""
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
            label = f"{label} ({t('region_total', lang)})"
        rows.append(html.Tr([html.Th(label, scope="row")] + [
            status_cell(i, by_ind.loc[i], ind.loc[i, "eenheid"], lang) if i in by_ind.index
            else html.Td("–") for i in shown], id=f"rij-{code}"))
    return dbc.Table([head, html.Tbody(rows)], bordered=True, hover=True, responsive=True,
                     size="sm", id="overzicht")


def layout(code: str | None = None, lang: str = "nl", **_query: str) -> html.Div:
    """The overview of region `code` (default from settings) in language `lang`."""
    lang = lang if lang in LANGS else "nl"
    settings = dash.get_app().server.config["SETTINGS"]
    try:
        regions = data.regions()
    except FileNotFoundError:
        return dbc.Alert(t("missing_warehouse", lang), color="warning")
    code = (code or settings.default_region).upper()
    if code not in set(regions["code"]):
        code = settings.default_region
    name = regions.set_index("code").loc[code, "naam"]
    other = "en" if lang == "nl" else "nl"
    return html.Div([
        html.Div([
            html.H1(f"{t('title', lang)} — {t('region', lang)} {name}", className="h3"),
            html.A(t("other_language", lang), href=f"/regio/{code}?lang={other}", lang=other),
        ], className="d-flex justify-content-between align-items-baseline"),
        html.Nav([html.A(f"{r.naam} ({r.code})", href=f"/regio/{r.code}?lang={lang}",
                         className="me-3", **({"aria-current": "page"} if r.code == code else {}))
                  for r in regions.itertuples() if r.code in ("AM14", "AM10") or r.code == code],
                 className="mb-2", **{"aria-label": t("region", lang)}),
        html.H2(t("overview", lang), className="h5"),
        html.P(f"{t('as_of', lang)} {data.data_date()}", id="stand-per"),
        overview_table(data.latest_gaps(code), data.indicators(), lang),
        html.P(t("sample_note", lang), className="small text-muted", id="sample-uitleg"),
    ])
