"""Beheer (data stewards, role `beheerder`): the current generation, uploads with their checks
and the changes they would make to the published figures, publish / discard, the kept
generations to roll back to, the load history, the quarantine and the audit trail.

URL: `/beheer?lang=nl|en`. The workflow itself is etl.generations behind dashboard.stewards,
which also keeps everyone else out of this page and its callbacks.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
)

from dashboard import components, ids
from dashboard.data import beheer as beheer_data
from dashboard.data import core as core_data
from dashboard.data import gaps as gaps_data
from dashboard.i18n import fmt_date, fmt_number, fmt_period, fmt_value, t
from dashboard.stewards import upload_status, who, workflow
from dashboard.urlstate import language, with_args
from etl.generations import StewardError

dash.register_page(__name__, path="/beheer", name="Beheer")

CHANGES_PAGE = 50
QUARANTINE_SHOWN = 200
SHORT_HASH = 12
TABLE = "table table-sm table-striped align-middle"


def layout(lang: str | None = None, **_query) -> html.Div:
    lang = language(lang)
    try:
        gaps_data.data_date()
    except FileNotFoundError:
        return dbc.Alert(t("missing_warehouse", lang), color="warning")

    def section(title: str, *children) -> html.Section:
        return html.Section([html.H2(title, className="h5 mt-4"), *children])

    def pick(component_id: str, label: str) -> dbc.Col:
        return dbc.Col([html.Label(label, htmlFor=component_id),
                        # the empty choice shows as the placeholder: "all"
                        dbc.Select(id=component_id, value="", options=_choices([], lang),
                                   placeholder=t("all", lang))],
                       md=4)

    return html.Div([
        dcc.Store(id=ids.STEWARD_CONTEXT, data={"lang": lang}),
        dcc.Store(id=ids.STEWARD_SENT),
        dcc.Store(id=ids.STEWARD_DONE),
        dcc.Store(id=ids.STEWARD_OFFSET, data=0),
        dcc.Interval(id=ids.STEWARD_TICK, interval=1000, disabled=True),
        components.header(t("beheer_title", lang), lang, "/beheer", {"lang": lang},
                          ids.STEWARD_LANG),
        html.P(t("beheer_intro", lang)),
        section(t("current_generation", lang), html.Div(id=ids.STEWARD_CURRENT)),
        section(t("upload_title", lang),
                # the label names the upload's hidden file input for screen readers
                html.Label(dcc.Upload(
                    id=ids.STEWARD_UPLOAD, multiple=True, children=html.Div(t("upload_hint", lang)),
                    className="border border-2 rounded p-4 text-center bg-light",
                    style={"borderStyle": "dashed", "cursor": "pointer"}), className="d-block"),
                html.Div(id=ids.STEWARD_NOTICE, role="status", className="mt-2"),
                html.H3(t("uploads", lang), className="h6 mt-3"),
                html.Div(id=ids.STEWARD_UPLOADS)),
        section(t("changes_title", lang),
                dbc.Row(dbc.Col([html.Label(t("changes_for", lang),
                                            htmlFor=ids.STEWARD_CHANGES_FOR),
                                 dbc.Select(id=ids.STEWARD_CHANGES_FOR, options=[])], md=6)),
                html.Div(id=ids.STEWARD_CHANGES, className="mt-2"),
                html.Div([dbc.Button(t("previous", lang), id=ids.STEWARD_PREVIOUS,
                                     color="secondary", outline=True, size="sm"),
                          dbc.Button(t("next", lang), id=ids.STEWARD_NEXT, color="secondary",
                                     outline=True, size="sm")], className="d-flex gap-2")),
        section(t("generations", lang), html.Div(id=ids.STEWARD_GENERATIONS)),
        section(t("load_history", lang), html.Div(id=ids.STEWARD_LOADS)),
        section(t("quarantine", lang),
                dbc.Row([pick(ids.STEWARD_Q_FILE, t("file", lang)),
                         pick(ids.STEWARD_Q_COLUMN, t("column", lang)),
                         pick(ids.STEWARD_Q_REASON, t("reason", lang))], className="g-2"),
                html.Div(id=ids.STEWARD_QUARANTINE, className="mt-2")),
        section(t("audit", lang), html.Div(id=ids.STEWARD_AUDIT)),
    ])


clientside_callback(
    ClientsideFunction("beheer", "upload"),
    Output(ids.STEWARD_SENT, "data"),
    Input(ids.STEWARD_UPLOAD, "contents"),
    State(ids.STEWARD_UPLOAD, "filename"),
    prevent_initial_call=True,
)


def _short(sha: str | None) -> str:
    return sha[:SHORT_HASH] if sha else "–"


def _when(stamp: object) -> str:
    return str(stamp)[:19].replace("T", " ") if stamp else "–"


def upload_state(up: dict, lang: str) -> list:
    """What an upload's check came to, with its errors when it was refused."""
    status = up["status"]
    key = "st_queued" if status == "checking" and up["queued_behind"] else f"st_{status}"
    out: list = [html.Strong(t(key, lang, n=up["queued_behind"]),
                             className=f"upload-status-{status}")]
    if status == "checking" and up["progress"]:
        out += [html.Br(), html.Small(up["progress"], className="text-muted")]
    if status == "failed":
        out += [html.Br(), html.Span(up["message"] or "")]
        listed = [e for e in up["errors"] if e["row"] is not None or e["column"] is not None]
        if listed:
            out.append(html.Ul([
                html.Li(f"{e['file']} — {t('row', lang)} {e['row']}, {t('column', lang)} "
                        f"{e['column']}: {e['reason']}") for e in listed[:10]],
                className="small mb-0"))
    elif status == "ready" and up["message"]:
        out += [html.Br(), html.Small(up["message"], className="text-muted")]
    return out


def uploads_table(uploads: list[dict], lang: str) -> html.Table:
    def actions(up: dict) -> list:
        buttons = []
        if up["status"] == "ready":
            buttons.append(dbc.Button(t("publish", lang), size="sm", color="primary",
                                      id={"type": ids.STEWARD_PUBLISH, "index": up["id"]}))
        if up["status"] in ("ready", "failed"):
            buttons.append(dbc.Button(t("discard", lang), size="sm", color="secondary",
                                      outline=True,
                                      id={"type": ids.STEWARD_DISCARD, "index": up["id"]}))
        return buttons

    head = ["#", t("file", lang), t("uploaded_by", lang), t("when", lang), t("state", lang),
            t("actions", lang)]
    return html.Div(html.Table([
        html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
        html.Tbody([html.Tr([html.Td(up["id"]), html.Td(html.Code(up["file"])),
                             html.Td(up["uploaded_by"] or "–"), html.Td(_when(up["uploaded_at"])),
                             html.Td(upload_state(up, lang)),
                             html.Td(html.Div(actions(up), className="d-flex gap-1"))],
                            id=f"aanlevering-{up['id']}") for up in uploads]),
    ], className=TABLE, id="beheer-aanleveringen-tabel"), className="table-box", tabIndex=0,
        role="region", **{"aria-label": t("uploads", lang)})


def generations_table(generations: list[dict], lang: str) -> html.Div:
    def files(gen: dict) -> html.Details:
        return html.Details([html.Summary(str(len(gen["files"]))), html.Ul([
            html.Li([html.Code(f["name"]), f" {_short(f['sha256'])}"]) for f in gen["files"]],
            className="small mb-0")])

    def action(gen: dict):
        if gen["current"]:
            return html.Span(t("current", lang), className="badge text-bg-success")
        return dbc.Button(t("restore", lang), size="sm", color="warning",
                          id={"type": ids.STEWARD_RESTORE, "index": gen["id"]})

    head = [t("generation", lang), t("built_at", lang), t("uploaded_by", lang),
            t("files", lang), t("actions", lang)]
    return html.Div(html.Table([
        html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
        html.Tbody([html.Tr([html.Td(g["id"]), html.Td(_when(g["built_at"])),
                             html.Td(g["published_by"] or t("outside_page", lang)),
                             html.Td(files(g)), html.Td(action(g))],
                            id=f"generatie-{g['id']}") for g in generations]),
    ], className=TABLE, id="beheer-generaties-tabel"), className="table-box", tabIndex=0,
        role="region", **{"aria-label": t("generations", lang)})


def current_view(generation: dict, lang: str) -> html.Dl:
    health = beheer_data.health()
    pairs = [(t("generation", lang), str(generation["id"])),
             (t("as_of", lang), fmt_date(health["data_date"], lang)),
             (t("built_at", lang), _when(health["built_at"])),
             (t("files", lang), str(len(generation["files"])))]
    return html.Dl(sum(([html.Dt(k, className="col-sm-3"), html.Dd(v, className="col-sm-9")]
                        for k, v in pairs), []), className="row mb-0")


def loads_view(lang: str):
    df = beheer_data.load_history()
    head = [t("source", lang), t("file", lang), "sha256", t("read", lang), t("loaded", lang),
            t("rejected", lang), t("when", lang)]
    rows = [(r.source, r.file, _short(r.sha256), fmt_number(r.rows_read, lang),
             fmt_number(r.rows_loaded, lang), fmt_number(r.rows_rejected, lang),
             _when(r.loaded_at)) for r in core_data.rows(df)]
    return components.row_table(head, rows, t("load_history", lang), "beheer-laadlog-tabel")


def audit_view(entries: list[dict], lang: str):
    head = [t("when", lang), t("uploaded_by", lang), t("action", lang), t("file", lang),
            "sha256", t("outcome", lang)]
    rows = [(_when(e["at"]), e["who"] or t("system", lang), t(f"a_{e['action']}", lang),
             e["file"] or "–", _short(e["sha256"]), e["outcome"]) for e in entries]
    return components.row_table(head, rows, t("audit", lang), "beheer-logboek-tabel")


def _choices(values: list[str], lang: str) -> list[dict]:
    return [{"label": t("all", lang), "value": ""}] + [{"label": v, "value": v} for v in values]


def _notice(sent: dict | None, done: dict | None, lang: str):
    """What the last upload or action came to (errors in words, never a stack trace)."""
    if ctx.triggered_id == ids.STEWARD_SENT and sent:
        refused = [html.Li(t("refused_upload", lang, file=s["file"],
                                 reason=s["body"].get("error", s["status"])))
                   for s in sent["sent"] if s["status"] != 201]
        return dbc.Alert(html.Ul(refused, className="mb-0"), color="danger") if refused else ""
    if ctx.triggered_id == ids.STEWARD_DONE and done:
        return dbc.Alert(done["message"], color="success" if done["ok"] else "danger")
    return dash.no_update


@callback(
    Output(ids.STEWARD_CURRENT, "children"),
    Output(ids.STEWARD_UPLOADS, "children"),
    Output(ids.STEWARD_TICK, "disabled"),
    Output(ids.STEWARD_CHANGES_FOR, "options"),
    Output(ids.STEWARD_CHANGES_FOR, "value"),
    Output(ids.STEWARD_GENERATIONS, "children"),
    Output(ids.STEWARD_LOADS, "children"),
    Output(ids.STEWARD_AUDIT, "children"),
    Output(ids.STEWARD_Q_FILE, "options"),
    Output(ids.STEWARD_Q_COLUMN, "options"),
    Output(ids.STEWARD_Q_REASON, "options"),
    Output(ids.STEWARD_NOTICE, "children"),
    Input(ids.STEWARD_SENT, "data"),
    Input(ids.STEWARD_DONE, "data"),
    Input(ids.STEWARD_TICK, "n_intervals"),
    State(ids.STEWARD_CONTEXT, "data"),
    State(ids.STEWARD_CHANGES_FOR, "value"),
)
def refresh(sent, done, _tick, context, chosen):
    """Every section that an upload, a check, a publish or a restore changes."""
    lang = language((context or {}).get("lang"))
    stewards, runner = workflow()
    uploads = [upload_status(stewards, up["id"], 0, 0) for up in stewards.uploads()]
    checking = any(up["status"] == "checking" for up in uploads)
    if checking and stewards.queued():
        runner.kick()
    ready = [up for up in uploads if up["status"] == "ready"]
    options = [{"label": f"{up['id']}: {up['file']}", "value": str(up["id"])} for up in ready]
    value = chosen if chosen in {o["value"] for o in options} else (
        options[0]["value"] if options else None)
    choices = beheer_data.quarantine_choices()
    return (current_view(stewards.current_generation(), lang), uploads_table(uploads, lang),
            not checking, options, value, generations_table(stewards.generations(), lang),
            loads_view(lang), audit_view(stewards.audit_trail(), lang),
            _choices(choices["file"], lang), _choices(choices["column"], lang),
            _choices(choices["reason"], lang), _notice(sent, done, lang))


@callback(
    Output(ids.STEWARD_DONE, "data"),
    Input({"type": ids.STEWARD_PUBLISH, "index": ALL}, "n_clicks"),
    Input({"type": ids.STEWARD_DISCARD, "index": ALL}, "n_clicks"),
    Input({"type": ids.STEWARD_RESTORE, "index": ALL}, "n_clicks"),
    State(ids.STEWARD_CONTEXT, "data"),
    prevent_initial_call=True,
)
def act(_publish, _discard, _restore, context):
    """Publish or discard an upload, or restore a generation: the same calls as the API."""
    lang = language((context or {}).get("lang"))
    target = ctx.triggered_id
    if not isinstance(target, dict) or not ctx.triggered[0]["value"]:
        return dash.no_update  # a button that was only drawn, not clicked
    stewards, runner = workflow()
    kind, number = target["type"], int(target["index"])
    try:
        if kind == ids.STEWARD_PUBLISH:
            message = t("done_publish", lang, n=stewards.publish(number, who())["id"])
        elif kind == ids.STEWARD_DISCARD:
            stewards.discard(number, who())
            message = t("done_discard", lang, n=number)
        else:
            message = t("done_restore", lang, n=stewards.restore(number, who())["id"])
    except StewardError as exc:
        if stewards.queued():
            runner.kick()
        return {"ok": False, "message": str(exc)}
    return {"ok": True, "message": message}


@callback(
    Output(ids.STEWARD_OFFSET, "data"),
    Input(ids.STEWARD_PREVIOUS, "n_clicks"),
    Input(ids.STEWARD_NEXT, "n_clicks"),
    Input(ids.STEWARD_CHANGES_FOR, "value"),
    State(ids.STEWARD_OFFSET, "data"),
    prevent_initial_call=True,
)
def page(_previous, _next, _upload, offset):
    """Step through the changed rows a page at a time; another upload starts at the top."""
    offset = offset if isinstance(offset, int) else 0
    if ctx.triggered_id == ids.STEWARD_NEXT:
        return offset + CHANGES_PAGE
    if ctx.triggered_id == ids.STEWARD_PREVIOUS:
        return max(offset - CHANGES_PAGE, 0)
    return 0


def changes_view(changes: dict, lang: str) -> list:
    """The changes to the published figures, old beside new, published figures marked."""
    counts = changes["counts"]
    out: list = [html.P(t("changes_counts", lang, status=counts["status"],
                          value=counts["value"], added=counts["added"],
                          removed=counts["removed"], published=counts["published_changed"]),
                        id="beheer-wijzigingen-telling")]
    if changes["added_periods"]:
        out.append(html.P(f"{t('added_periods', lang)}: " + ", ".join(
            fmt_period(p, lang) for p in changes["added_periods"])))
    if not counts["total"]:
        return [html.P(t("no_changes", lang))]
    indicators = gaps_data.indicators().set_index("indicator")

    def value(row: dict, side: str, key: str) -> str:
        unit = indicators.at[row["indicator"], "eenheid"]
        return fmt_value(row[f"{key}_{side}"], unit, lang)

    def status(row: dict, side: str):
        found = row[f"status_{side}"]
        return components.status_badge(found, lang) if found else "–"

    def old_new(old, new) -> html.Td:
        """Now and after side by side in one cell, so a narrow screen keeps them together."""
        return html.Td([html.Span(old, className="text-muted"), " → ", html.Strong(new)],
                       className="text-nowrap")

    # which figure in the row header, the values next to it: on a phone the first columns
    # are what shows before the table scrolls sideways
    head = [f"{t('indicator', lang)} · {t('area', lang)} · {t('period', lang)}",
            *(f"{t(k, lang)} ({t('old', lang)} → {t('new', lang)})"
              for k in ("realisation", "target", "status")), t("change", lang)]
    name = f"naam_{lang}"
    rows = [html.Tr([
        html.Th([html.Strong(indicators.at[r["indicator"], name]), html.Br(),
                 r["gebied_naam"] + (f" ({t('region_total', lang)})"
                                     if r["gebied_niveau"] == "arbeidsmarktregio" else ""),
                 f" · {fmt_period(r['periode'], lang)}",
                 *([html.Br(), html.Small(t("published_figure", lang))] if r["published"]
                   else [])], scope="row", className="fw-normal"),
        old_new(value(r, "old", "realisatie"), value(r, "new", "realisatie")),
        old_new(value(r, "old", "doel"), value(r, "new", "doel")),
        old_new(status(r, "old"), status(r, "new")),
        html.Td(t(f"ch_{r['change']}", lang)),
    ], className="table-warning" if r["published"] else None) for r in changes["rows"]]
    first = changes["offset"] + 1 if rows else 0
    out += [html.Div(html.Table([
        html.Thead(html.Tr([html.Th(h, scope="col") for h in head])), html.Tbody(rows)],
        className=TABLE, id="beheer-wijzigingen-tabel"), className="table-box", tabIndex=0,
        role="region", **{"aria-label": t("changes_title", lang)}),
        html.P(t("rows_of", lang, a=first, b=changes["offset"] + len(rows), n=counts["total"]),
               className="small text-muted")]
    return out


@callback(
    Output(ids.STEWARD_CHANGES, "children"),
    Output(ids.STEWARD_PREVIOUS, "disabled"),
    Output(ids.STEWARD_NEXT, "disabled"),
    Input(ids.STEWARD_CHANGES_FOR, "value"),
    Input(ids.STEWARD_OFFSET, "data"),
    State(ids.STEWARD_CONTEXT, "data"),
)
def changes(upload, offset, context):
    lang = language((context or {}).get("lang"))
    nothing = html.P(t("no_ready", lang)), True, True
    if not upload:
        return nothing
    stewards, _runner = workflow()
    try:
        found = stewards.changes(int(upload), max(int(offset or 0), 0), CHANGES_PAGE)
    except (StewardError, ValueError):
        return nothing
    if found["offset"] >= max(found["counts"]["total"], 1):  # paged past the end
        found = stewards.changes(int(upload), 0, CHANGES_PAGE)
    return (changes_view(found, lang), found["offset"] == 0,
            found["offset"] + CHANGES_PAGE >= found["counts"]["total"])


@callback(
    Output(ids.STEWARD_QUARANTINE, "children"),
    Input(ids.STEWARD_Q_FILE, "value"),
    Input(ids.STEWARD_Q_COLUMN, "value"),
    Input(ids.STEWARD_Q_REASON, "value"),
    Input(ids.STEWARD_DONE, "data"),
    State(ids.STEWARD_CONTEXT, "data"),
)
def quarantine(file, column, reason, _done, context):
    """The rejected cells that match the filters, and the whole of them as CSV."""
    lang = language((context or {}).get("lang"))
    chosen = {"file": file or None, "column": column or None, "reason": reason or None}
    total = beheer_data.quarantine_count(**chosen)
    df = beheer_data.quarantine(**chosen, limit=QUARANTINE_SHOWN)
    head = [t("file", lang), t("row", lang), t("column", lang), t("value", lang),
            t("reason", lang)]
    rows = [(r.file, str(r.row), r.column, r.value if r.value is not None else "", r.reason)
            for r in core_data.rows(df)]
    link = "/beheer/quarantaine.csv" + with_args(**chosen)
    if not rows:
        return html.P(t("no_data", lang))
    return [
        html.P([t("shown_first", lang, n=len(rows), total=fmt_number(total, lang)), " ",
                html.A(t("quarantine_csv", lang), href=link, id="beheer-quarantaine-csv")],
               className="small"),
        components.row_table(head, rows, t("quarantine", lang), "beheer-quarantaine-tabel"),
    ]

