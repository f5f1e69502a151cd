"""Data for researchers: every dataset with its meaning, source and coverage, an explorer that
pages from DuckDB, and downloads of exactly the filtered slice (CSV in two dialects, Parquet).

URL: `/data?dataset=<name>&periode_van=..&periode_tot=..&<column>=<value>&lang=nl|en`.
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html
from werkzeug.exceptions import TooManyRequests

from dashboard import api, auth, components, ids
from dashboard.data import datasets as datasets_data
from dashboard.data import gaps as gaps_data
from dashboard.datasets import DATASETS, PERIOD_ARGS, QueryError
from dashboard.i18n import fmt_number, fmt_period, t
from dashboard.urlstate import choose, client_data, language, url_state, with_args

dash.register_page(__name__, path="/data", name="Data",
                   title=components.page_title("Data"))

DEFAULT = "gaps"
PAGE = 100


def visible() -> list[str]:
    """The datasets this request may read (the others are not even named)."""
    return [n for n in DATASETS if auth.allowed("dataset", n)]


def catalog(lang: str) -> html.Table:
    """One row per dataset: what it is, where it comes from, what it covers."""
    head = html.Thead(html.Tr([html.Th(t(k, lang), scope="col") for k in
                               ("dataset", "definition", "source", "period", "rows",
                                "provenance_mix", "columns")]))
    rows = []
    for name in visible():
        ds, s = DATASETS[name], datasets_data.dataset_summary(name)
        period = (f"{fmt_period(s['periode_van'], lang)} – {fmt_period(s['periode_tot'], lang)}"
                  if s["periode_van"] else "–")
        mix = ", ".join(f"{t(k, lang)}: {fmt_number(v, lang)}" for k, v in
                        sorted(s["provenance"].items())) or "–"
        cols = html.Details([html.Summary(str(len(datasets_data.dataset_columns(name)))), html.Ul([
            html.Li([html.Code(c), f" ({k}) ", ds.meaning(c)])
            for c, k in datasets_data.dataset_columns(name)], className="small mb-0")])
        rows.append(html.Tr([
            html.Th(html.A(ds.title[lang], href="/data" + with_args(dataset=name, lang=lang)),
                    scope="row"),
            html.Td(ds.description[lang]), html.Td(ds.source, className="small"),
            html.Td(period), html.Td(fmt_number(s["rows"], lang)), html.Td(mix), html.Td(cols),
        ], id=f"dataset-{name}"))
    return html.Table([html.Caption(t("datasets", lang), className="visually-hidden"), head,
                       html.Tbody(rows)], className="table table-sm", id="catalogus")


def column_defs(name: str) -> list[dict]:
    """Grid columns: equality filters only, so the grid, links and API mean the same; none on
    a protected column (a filter would select on its hidden values)."""
    ds = DATASETS[name]
    defs = []
    for col, kind in datasets_data.dataset_columns(name):
        numeric = kind in ("BIGINT", "INTEGER", "DOUBLE", "HUGEINT") or kind.startswith("DEC")
        defs.append({"field": col, "headerName": col, "headerTooltip": ds.meaning(col) or col,
                     "filter": "agTextColumnFilter" if col not in ds.protected else False,
                     "filterParams": {"filterOptions": ["equals"], "maxNumConditions": 1,
                                      "buttons": ["reset"]},
                     "type": "rightAligned" if numeric else None,
                     "sortable": True, "minWidth": 110})
    return defs


def grid(name: str, filter_model: dict) -> dag.AgGrid:
    """The explorer grid: rows come in blocks from the server (never the whole table)."""
    return dag.AgGrid(id=ids.DATA_GRID, columnDefs=column_defs(name), rowModelType="infinite",
                      filterModel=filter_model,
                      dashGridOptions={"cacheBlockSize": PAGE, "maxBlocksInCache": 20,
                                       "tooltipShowDelay": 300, "enableCellTextSelection": True},
                      defaultColDef={"floatingFilter": True, "resizable": True},
                      style={"height": "480px"}, className="ag-theme-alpine")


def period_choices(periods: list[str], lang: str) -> list[dict]:
    """The period select's options: none, or one of the dataset's periods."""
    return [{"label": "–", "value": ""}] + [
        {"label": fmt_period(p, lang), "value": p} for p in periods]


def layout(lang: str | None = None, dataset: str | None = None, **query) -> html.Div:
    """The catalogue and the explorer of `dataset`."""
    lang = language(lang)
    try:
        gaps_data.data_date()
    except FileNotFoundError:
        return dbc.Alert(t("missing_warehouse", lang), color="warning")
    name = choose(dataset, visible(), DEFAULT)
    periods = datasets_data.dataset_periods(name)
    args = {k: (v if isinstance(v, list) else [v]) for k, v in query.items()}
    try:
        q = datasets_data.dataset_query(name, args)
    except QueryError:
        q = datasets_data.dataset_query(name, {})
    filters = {col: {"filterType": "text", "type": "equals", "filter": values[0]}
               for col, values in q.filters}
    period_options = period_choices(periods, lang)
    return html.Div([
        dcc.Store(id=ids.DATA_CONTEXT, data={"lang": lang}),
        components.header(t("data_title", lang), lang, "/data",
                          {"lang": lang, "dataset": name, **q.args()}, ids.DATA_LANG),
        html.P(t("data_intro", lang)),
        html.H2(t("datasets", lang), className="h5"),
        catalog(lang),
        html.H2(t("explorer", lang), className="h5 mt-3", id="verkenner"),
        dbc.Row([
            dbc.Col([html.Label(t("dataset", lang), htmlFor=ids.DATA_DATASET),
                     dbc.Select(id=ids.DATA_DATASET, value=name, options=[
                         {"label": DATASETS[n].title[lang], "value": n} for n in visible()])],
                    md=4),
            dbc.Col([html.Label(t("from_period", lang), htmlFor=ids.DATA_VAN),
                     dbc.Select(id=ids.DATA_VAN, value=q.periode_van or "",
                                options=period_options, disabled=not periods)], md=2),
            dbc.Col([html.Label(t("to_period", lang), htmlFor=ids.DATA_TOT),
                     dbc.Select(id=ids.DATA_TOT, value=q.periode_tot or "",
                                options=period_options, disabled=not periods)], md=2),
        ], className="mb-2 g-2"),
        html.P(t("grid_hint", lang), className="small text-muted mb-1"),
        html.Div(grid(name, filters), id=ids.DATA_GRID_BOX),
        html.P(id=ids.DATA_COUNT, className="mt-2 mb-1", **{"aria-live": "polite"}),
        html.Div(id=ids.DATA_LINKS, className="d-flex flex-wrap gap-2"),
        html.P(t("export_note", lang), className="small text-muted mt-2"),
        components.about_figures(lang),
    ], lang=lang)


def grid_query(name: str, filter_model: dict | None, van: str | None, tot: str | None):
    """The slice the grid shows: its column filters and the period range (QueryError on
    anything the dataset does not have, and on any filter of a protected column)."""
    # other filter types are not offered; a forged one still names its column
    args = {col: [str(f.get("filter", "")) if f.get("type") == "equals" else ""]
            for col, f in (filter_model or {}).items()}
    args.update({k: [v] for k, v in zip(PERIOD_ARGS, (van, tot), strict=True) if v})
    return datasets_data.dataset_query(name, args)


@callback(
    Output(ids.DATA_VAN, "options"),
    Output(ids.DATA_TOT, "options"),
    Output(ids.DATA_VAN, "value"),
    Output(ids.DATA_TOT, "value"),
    Output(ids.DATA_VAN, "disabled"),
    Output(ids.DATA_TOT, "disabled"),
    Input(ids.DATA_DATASET, "value"),
    State(ids.DATA_CONTEXT, "data"),
    prevent_initial_call=True,
)
@client_data
def switch_dataset(name: str, context: dict):
    """Another dataset: its periods, no period chosen."""
    name = choose(name, visible(), DEFAULT)
    periods = datasets_data.dataset_periods(name)
    options = period_choices(periods, context["lang"])
    return options, options, "", "", not periods, not periods


@callback(
    Output(ids.DATA_GRID_BOX, "children"),
    Input(ids.DATA_DATASET, "value"),
    Input(ids.DATA_VAN, "value"),
    Input(ids.DATA_TOT, "value"),
    State(ids.DATA_GRID, "filterModel"),
    prevent_initial_call=True,
)
@client_data
def rebuild_grid(name: str, _van: str, _tot: str, filter_model: dict | None):
    """A new dataset or period: a fresh grid, which asks for its first block again (the
    column filters stay when only the period changed)."""
    name = choose(name, visible(), DEFAULT)
    keep = dash.ctx.triggered_id != ids.DATA_DATASET
    return grid(name, (filter_model or {}) if keep else {})


@callback(
    Output(ids.DATA_GRID, "getRowsResponse"),
    Input(ids.DATA_GRID, "getRowsRequest"),
    State(ids.DATA_DATASET, "value"),
    State(ids.DATA_VAN, "value"),
    State(ids.DATA_TOT, "value"),
    prevent_initial_call=True,
)
@client_data
def rows(request: dict | None, name: str, van: str, tot: str):
    """One block of rows for the grid, paged and sorted by DuckDB."""
    if not request:
        raise dash.exceptions.PreventUpdate
    try:
        # any dataset's name goes on to the data layer's door, which refuses (401) whoever
        # may not read it
        q = grid_query(choose(name, DATASETS, DEFAULT), request.get("filterModel"), van, tot)
    except QueryError:
        return {"rowData": [], "rowCount": 0}
    start = min(max(int(request.get("startRow", 0)), 0), api.MAX_OFFSET)
    end = min(max(int(request.get("endRow", start + PAGE)), start), start + 10 * PAGE)
    # sorted by the values shown: a protected column sorts by its protected values
    sort = [(s["colId"], s["sort"] == "asc") for s in request.get("sortModel") or []]
    page = datasets_data.dataset_rows(q, start, end - start, sort)
    if not api.spend(len(page)):
        raise TooManyRequests("row budget of the last minute spent")
    return {"rowData": page.astype(object).where(page.notna(), None).to_dict("records"),
            "rowCount": datasets_data.dataset_count(q)}


@callback(
    Output(ids.DATA_COUNT, "children"),
    Output(ids.DATA_LINKS, "children"),
    Output(ids.URL_SEARCH, "data", allow_duplicate=True),
    Output(ids.DATA_LANG, "href"),
    Input(ids.DATA_GRID, "filterModel"),
    Input(ids.DATA_DATASET, "value"),
    Input(ids.DATA_VAN, "value"),
    Input(ids.DATA_TOT, "value"),
    State(ids.DATA_CONTEXT, "data"),
    prevent_initial_call="initial_duplicate",
)
@client_data
def slice_links(filter_model, name, van, tot, context):
    """The slice's size, its downloads and API links, and the URL that reproduces it."""
    lang = context["lang"]
    name = choose(name, DATASETS, DEFAULT)
    try:
        q = grid_query(name, filter_model, van, tot)
    except QueryError as exc:
        return (dbc.Alert(str(exc), color="warning", className="py-1"), [], dash.no_update,
                dash.no_update)
    args = q.args()
    api_link = f"/api/v1/datasets/{name}.csv" + with_args(**args)
    links = [
        html.A(t("download_csv", lang), href=api.link(name, args, format="csv"),
               className="btn btn-outline-primary btn-sm", id="export-csv"),
        html.A(t("download_csv_nl", lang), href=api.link(name, args, format="csv", dialect="nl"),
               className="btn btn-outline-primary btn-sm", id="export-csv-nl"),
        html.A(t("download_parquet", lang), href=api.link(name, args, format="parquet"),
               className="btn btn-outline-primary btn-sm", id="export-parquet"),
        html.A(t("api_link", lang), href=api_link, className="btn btn-link btn-sm",
               id="export-api"),
    ]
    count = t("rows_in_slice", lang, n=fmt_number(datasets_data.dataset_count(q), lang))
    return (count, links, *url_state("/data", lang, dataset=name, **args))


def frame_for(name: str, args: dict[str, list[str]]) -> pd.DataFrame:
    """The whole slice as a frame (small slices; tests compare it with the exports)."""
    q = datasets_data.dataset_query(name, args)
    return datasets_data.dataset_rows(q, 0, datasets_data.dataset_count(q) or 1)
