"""Building blocks shared by the pages: header, badges, indicator cards, table alternatives."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from html import escape

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import MATCH, Input, Output, dcc, html

from dashboard import figures, trajectory
from dashboard.data import gaps as gaps_data
from dashboard.data import protected as protected_data
from dashboard.i18n import (
    POINTS,
    TEXT,
    category,
    fmt_number,
    fmt_period,
    fmt_value,
    gap_amount,
    gap_sentence,
    t,
)
from dashboard.protection import TOTAL
from dashboard.settings import current as current_settings
from dashboard.urlstate import choose, other_language, with_args

GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}


def pick_region(value: str | None) -> tuple[pd.DataFrame, str]:
    """All regions, and the one the URL asks for (the configured default otherwise); raises
    FileNotFoundError when there is no warehouse yet."""
    regions = gaps_data.regions()
    default = current_settings().default_region
    return regions, choose((value or "").upper(), regions["code"], default)


PRODUCT = "Participatiemonitor"


def page_title(name: str) -> str:
    """The browser title of a page: what it is about first, the product's name last."""
    return f"{name} — {PRODUCT}"


def status_badge(status: str, lang: str) -> html.Span:
    """The pace status as icon + word + colour: the map's colour for the same status (white
    text has at least 4.5:1 contrast on each)."""
    return html.Span(t(status, lang), className="badge me-1", **{"data-status": status},
                     style={"backgroundColor": figures.STATUS_COLOUR[status], "color": "white"})


def gauge_key(lang: str) -> html.P:
    """What the gauges' marks mean, and the status colours."""
    def mark(colour: str, width: int, text: str) -> html.Span:
        return html.Span([html.Span(className="d-inline-block me-1 align-middle",
                                    style={"width": f"{width}px", "height": "14px",
                                           "backgroundColor": colour}), text],
                         className="me-3")

    return html.P([mark(figures.TARGET, 4, t("key_target", lang)),
                   mark(figures.PACE, 3, t("key_pace", lang)),
                   html.Br(), *status_legend(lang).children],
                  className="small mb-2", id="meter-uitleg")


def status_legend(lang: str, legend_id: str | None = None) -> html.P:
    """What each colour means, in words, with the badges the cards and tables use."""
    return html.P([html.Span(t("legend_status", lang), className="me-2"),
                   *(status_badge(s, lang) for s in figures.STATUS_ORDER)],
                  className="small mb-1", **({"id": legend_id} if legend_id else {}))


def target_label(doel_status: str, lang: str) -> str:
    """'Soort doel: indicatief', or '◇ Voorbeelddoel' for an invented target."""
    if doel_status == "voorbeeld":
        return f"◇ {t('voorbeeld', lang)}"
    return f"{t('target_status', lang)}: {t(doel_status, lang)}"


def target_badge(doel_status: str | None, bron: str | None, lang: str) -> html.Span | None:
    """What the target is, with its source on hover and focus."""
    if not isinstance(doel_status, str):
        return None
    return html.Span(target_label(doel_status, lang),
                     title=f"{t('source', lang)}: {bron}", tabIndex=0,
                     className="badge rounded-pill border border-dark text-dark me-1",
                     **{"data-role": "soort-doel"})


def sample_marker(provenance: str, lang: str) -> html.Span | None:
    """◇ voorbeelddata, only where the figure is sample data."""
    if provenance != "sample":
        return None
    return html.Span(f"◇ {t('sample', lang)}", className="badge text-bg-light border me-1")


SECTIONS = (("/", "nav_region"), ("/werkcentrum", "nav_werkcentrum"), ("/sob", "nav_sob"),
            ("/data", "nav_data"))


def header(title: str, lang: str, path: str, args: dict, lang_link_id: str | None = None,
           extra: list | None = None) -> html.Header:
    """The site menu, the page title and the language switch (a link that keeps every other
    choice)."""
    other = other_language(lang)
    link = html.A(t("other_language", lang), href=path + with_args(**{**args, "lang": other}),
                  lang=other, hrefLang=other, **({"id": lang_link_id} if lang_link_id else {}))
    current = "/" if path.startswith(("/regio", "/gemeente")) else path
    menu = html.Nav(html.Ul([
        html.Li(html.A(t(key, lang), href=href + with_args(lang=lang), className="nav-link"
                       + (" active" if href == current else ""),
                       **({"aria-current": "page"} if href == current else {})),
                className="nav-item") for href, key in SECTIONS], className="nav nav-pills"),
        className="mb-2", **{"aria-label": t("menu", lang)})
    return html.Header([menu, html.Div([html.H1(title, className="h3 me-auto"),
                                        *(extra or []), link],
                                       className="d-flex flex-wrap gap-3 align-items-baseline")])


def assessments(code: str, indicators: pd.DataFrame) -> dict[str, trajectory.Assessment]:
    """Pace and outlook of the given indicators of one area, from its history."""
    hist = gaps_data.area_history(code)
    ind = indicators.set_index("indicator")
    hist = hist[hist["indicator"].isin(ind.index)]
    out = {}
    for indicator, rows in hist.groupby("indicator", sort=False):
        last = rows["doel"].iloc[-1]
        out[indicator] = trajectory.assess(
            list(zip(rows["einddatum"], rows["realisatie"], strict=True)),
            None if pd.isna(last) else float(last), bool(ind.loc[indicator, "cumulatief"]),
            ind.loc[indicator, "richting"] == "lager_beter")
    return out


def stand_text(row: pd.Series, unit: str, lang: str) -> str:
    """'248 / 295', or '245 / ≤ 195' where lower is better."""
    value = fmt_value(row["realisatie"], unit, lang)
    if pd.isna(row["doel"]):
        return value
    target = fmt_value(row["doel"], unit, lang)
    if row["richting"] == "lager_beter":
        target = t("at_most", lang, n=target)
    return f"{value} / {target}"


def noun(ind: pd.Series, lang: str) -> str:
    """What a count of the indicator counts ('banen'), from dim_indicator."""
    word = ind["woord_nl" if lang == "nl" else "woord_en"]
    return "" if pd.isna(word) else word


def gap_text(row: pd.Series, ind: pd.Series, lang: str) -> str:
    """The gap in words; where lower is better it names the maximum and says so. `ind` is
    the indicator's row of dim_indicator."""
    unit = ind["eenheid"]
    if row["richting"] != "lager_beter" or pd.isna(row["doel"]):
        return gap_sentence(noun(ind, lang), unit, row["richting"], row["verschil"], lang)
    n, word = gap_amount(row["verschil"], unit, noun(ind, lang), lang)
    return t("above_max" if row["verschil"] > 0 else "below_max", lang, n=n, unit=word,
             target=fmt_value(row["doel"], unit, lang))


def signed(change: float, unit: str, lang: str) -> str:
    """A change per quarter with its sign: '+16', '−3', '+4,7 procentpunt'."""
    sign = "+" if change >= 0 else "−"
    if unit == "aandeel":
        return f"{sign}{fmt_number(abs(change) * 100, lang, 1)} {POINTS.get(lang, POINTS['nl'])}"
    return f"{sign}{fmt_number(math.ceil(abs(change) - 1e-9), lang)}"


FAR = 40  # quarters: a straight line is no guide beyond ten years


def outlook_text(a: trajectory.Assessment | None, unit: str, lang: str) -> list[str]:
    """The outlook in words: when the target is reached at the current pace (with the range)
    and what it takes per quarter to reach it on time. Empty without a target."""
    if a is None or a.expected is None and a.outlook is None:
        return []
    o = a.outlook
    if o is None:
        return [t("outlook_too_short", lang)]
    if o.reached:
        return [t("outlook_met", lang)]
    q = trajectory.quarter_label
    deadline = q(o.deadline, lang)
    if o.at is not None and o.at - o.latest <= FAR:
        first = t("outlook_at", lang, q=q(o.at, lang))
    else:
        first = t("outlook_late", lang, deadline=deadline)
    a_, b_ = o.band
    if a_ != o.at or b_ != o.at:
        first += " (" + t("outlook_band", lang, a=q(a_, lang) if a_ else "–",
                          b=q(b_, lang) if b_ else t("outlook_never", lang)) + ")"
    lines = [first]
    if o.needed is not None:
        lines.append(t("outlook_needed", lang, n=signed(o.needed, unit, lang), deadline=deadline))
    return lines


def indicator_card(row: pd.Series, ind: pd.Series, lang: str,
                   assessment: trajectory.Assessment | None = None) -> html.Div:
    """One indicator for one area: gauge with target and pace mark, realisation against
    target, the gap and the outlook in words."""
    unit, name = ind["eenheid"], ind["naam_nl" if lang == "nl" else "naam_en"]
    against = stand_text(row, unit, lang)
    gap = gap_text(row, ind, lang)
    pct = (None if pd.isna(row["realisatie_pct"])
           else f"{fmt_number(row['realisatie_pct'] * 100, lang, 1)}% {t('of_target', lang)}")
    expected = assessment.expected if assessment else None
    outlook = outlook_text(assessment, unit, lang)
    summary = f"{name}: {against}. {gap}." + (
        f" {t('expected_now', lang, n=fmt_value(expected, unit, lang))}." if expected is not None
        else "")
    return html.Section([
        html.H3(name, className="h6 mb-0"),
        html.Div(dcc.Graph(figure=figures.gauge(row.to_dict(), unit, lang, expected),
                           config=GRAPH_CONFIG, style={"height": "170px"}),
                 role="img", **{"aria-label": summary}),
        html.P(against, className="fs-5 fw-semibold mb-0 text-center", **{"data-role": "stand"}),
        html.P(gap, className="mb-1 text-center", **{"data-role": "gap"}),
        html.P(t("expected_now", lang, n=fmt_value(expected, unit, lang)),
               className="small mb-1 text-center", **{"data-role": "pace"})
        if expected is not None else None,
        html.P([html.Span(line, className="d-block") for line in outlook],
               className="small mb-1 text-center", **{"data-role": "outlook"})
        if outlook else None,
        html.P([pct and html.Span(f"{pct} · "), fmt_period(row["periode"], lang)],
               className="small text-muted text-center mb-1"),
        html.Div([status_badge(row["status"], lang),
                  target_badge(row["doel_status"], row["doel_bron"], lang),
                  sample_marker(row["provenance"], lang)], className="text-center"),
        html.P(t("judged_level", lang), className="small text-muted text-center mb-0",
               **{"data-role": "beoordeling"}) if row.get("beoordeling") == "niveau" else None,
        benchmark_note(row["indicator"], unit, lang),
    ], className="border rounded p-2 h-100", id=f"kaart-{row['indicator']}",
        **{"data-indicator": row["indicator"]})


def benchmark_note(indicator: str, unit: str, lang: str) -> html.P | None:
    """The indicator's published comparison value, beside the figure and never as its target."""
    bench = gaps_data.benchmark(indicator)
    if bench is None:
        return None
    return html.P(t("benchmark_line", lang, jaar=bench["jaar"],
                    waarde=fmt_value(bench["waarde"], unit, lang)),
                  title=f"{t('source', lang)}: {bench['bron']}",
                  className="small text-muted text-center mb-0", **{"data-role": "benchmark"})


def indicator_cards(gaps: pd.DataFrame, indicators: pd.DataFrame, code: str,
                    lang: str) -> list[dbc.Col]:
    """The cards of one area for the given indicators, in their own order, as responsive grid
    columns."""
    order = {i: n for n, i in enumerate(indicators["indicator"])}
    rows = gaps[(gaps["gebied_code"] == code) & gaps["indicator"].isin(order)].sort_values(
        "indicator", key=lambda s: s.map(order))
    ind = indicators.set_index("indicator")
    found = assessments(code, indicators) if len(rows) else {}
    return [dbc.Col(indicator_card(r, ind.loc[r["indicator"]], lang, found.get(r["indicator"])),
                    xs=12, sm=6, lg=3, className="mb-3") for _, r in rows.iterrows()]


def in_sectie(indicators: pd.DataFrame, sectie: str) -> pd.DataFrame:
    """The indicators a page section shows (dim_indicator.sectie)."""
    return indicators[indicators["sectie"] == sectie]


def sectie_section(gaps: pd.DataFrame, indicators: pd.DataFrame, code: str, sectie: str,
                   lang: str, extra: Sequence = ()) -> html.Section | None:
    """A page section (e.g. Arbeidsmarkt) for one area: a card per indicator of the section
    in the registry, then `extra`; None when the area has no figures for them."""
    shown = in_sectie(indicators, sectie)
    if not (gaps["gebied_code"].eq(code) & gaps["indicator"].isin(shown["indicator"])).any():
        return None
    intro = f"sectie_{sectie}_intro"
    return html.Section([
        html.H2(t(f"sectie_{sectie}", lang), className="h5 mt-3"),
        html.P(t(intro, lang), className="small text-muted") if intro in TEXT else None,
        dbc.Row(indicator_cards(gaps, shown, code, lang), id=f"{sectie}-meters"),
        *extra,
    ], id=f"sectie-{sectie}")


def section_title(text: str, provenance: str, lang: str, class_name: str = "h5 mt-3") -> html.H2:
    """A section heading with the ◇ voorbeelddata mark when what follows is sample data."""
    mark = sample_marker(provenance, lang)
    return html.H2([text, " ", mark] if mark else text, className=class_name)


def page_sources(parts: dict[str, str], lang: str) -> html.P:
    """What is published and what is sample on a page built from whole tables:
    `parts` maps what the page shows to its provenance."""
    published = [label for label, prov in parts.items() if prov == "published"]
    text = (t("page_published", lang, items="; ".join(published)) if published
            else t("page_all_sample", lang))
    return html.P(text, className="small text-muted", id="sample-uitleg")


def about_figures(lang: str) -> html.Details:
    """"Over de cijfers": the pace rule with its band, what each kind of target is, how
    counts of persons are perturbed (with the warehouse's own parameters), and what the
    sample mark means."""
    band = f"{fmt_number(gaps_data.risk_band() * 100, lang)}%"
    p = protected_data.ptable()
    return html.Details([
        html.Summary(t("about_figures", lang)),
        html.P(t("pace_rule", lang, band=band), className="small mb-1", id="tempo-regel"),
        html.P(t("target_kinds", lang), className="small mb-1"),
        html.P(t("perturbation_rule", lang, d=p.max_deviation, v=fmt_number(p.variance, lang, 1),
                 low=p.threshold - 1, n=p.threshold), className="small mb-1"),
        html.P(t("sample_note", lang), className="small mb-0"),
    ], className="border rounded small p-2 my-2", id="over-de-cijfers", open=True)


def provenance_note(rows: pd.DataFrame, indicators: pd.DataFrame, lang: str) -> html.P:
    """What is published and what is sample among the `gaps` rows a page shows."""
    published = rows[rows["provenance"] == "published"]
    names = indicators.set_index("indicator")["naam_nl" if lang == "nl" else "naam_en"]
    return page_sources({f"{names[r.indicator]} ({r.gebied_naam}, {fmt_period(r.periode, lang)})":
                         "published"
                         for r in published.sort_values(["indicator", "gebied_naam"]).itertuples()},
                        lang)


class HtmlBlock(dcc.Markdown):
    """A block of HTML the server wrote, every text in it escaped: dcc.Markdown's properties,
    drawn in the browser by assets/htmlblock.js, which sets the HTML as it is. dcc.Markdown
    fetched 400 kB of Markdown, JSX and code-highlighting parsers on a first visit and ran
    every table through them, twice (again when its highlighter arrived): on the Werkcentrum
    page a tenth of a second of blocked main thread for HTML that needed no parsing."""

    _namespace = "participatiemonitor"
    _type = "HtmlBlock"
    _children_props: list = []


def table_block(header: list, rows: Iterable[Sequence], caption: str, class_name: str,
                table_id: str | None = None, row_header: bool = False) -> HtmlBlock:
    """A table as one block of HTML, every text escaped. As a Dash component per cell, the
    company page's tables at national scale (about 1,600 cells) took the browser's Dash
    renderer about 280 ms to mount; as one block they are plain DOM. The first cell of each
    row is its header when `row_header`. A table wider than the page (years or work forms as
    columns on a narrow screen) scrolls sideways in a box of its own that the keyboard can
    reach (see assets/tables.css)."""
    first = '<th scope="row">{}</th>' if row_header else "<td>{}</td>"
    head = "".join(f'<th scope="col">{_text(c)}</th>' for c in header)
    body = "".join("<tr>" + first.format(_text(row[0]))
                   + "".join(f"<td>{_text(v)}</td>" for v in row[1:]) + "</tr>" for row in rows)
    ident = f' id="{_text(table_id)}"' if table_id else ""
    return HtmlBlock(
        f'<div class="table-box" tabindex="0" role="region" aria-label="{_text(caption)}">'
        f'<table class="{class_name}"{ident}><caption '
        f'class="visually-hidden">{_text(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>", dangerously_allow_html=True)


def _text(value: object) -> str:
    return "" if value is None else escape(str(value))


def table_alternative(columns: dict[str, list], caption: str,
                      table_id: str | None = None) -> html.Details:
    """A folded table with the same numbers as a chart (the chart's text alternative), from
    its columns: header label to the column's values."""
    return html.Details([
        html.Summary(caption),
        table_block(list(columns), zip(*columns.values(), strict=True), caption,
                    "table table-sm", table_id),
    ], className="mt-1")


def text_table(columns: dict, index=None) -> pd.DataFrame:
    """A table of display texts. Kept as plain Python objects: a callback builds a dozen of
    these small tables, and pandas' default Arrow strings cost several times more to build."""
    return pd.DataFrame(columns, index=None if index is None else pd.Index(index, dtype=object),
                        dtype=object)


def texts_of(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every cell of a table of counts as display text."""
    return pd.DataFrame([[fmt_number(v, lang) for v in row] for row in table.to_numpy()],
                        index=table.index, columns=table.columns, dtype=object)


def html_table(df: pd.DataFrame, index_label: str, caption: str, table_id: str,
               lang: str) -> HtmlBlock | html.P:
    """A plain accessible table of display texts (first column is the row header)."""
    if df.empty:
        return html.P(t("no_data", lang), className="text-muted", id=table_id)

    def label(value):
        return t("total", lang) if value == TOTAL else category(value, lang)

    return row_table([index_label, *map(label, df.columns)],
                     ([label(i), *row] for i, row in zip(df.index, df.to_numpy().tolist(),
                                                         strict=True)), caption, table_id)


def row_table(header: list, rows: Iterable[Sequence], caption: str,
              table_id: str) -> HtmlBlock:
    """`html_table` from rows of display texts, each starting with its row header."""
    return table_block(header, rows, caption, "table table-sm table-striped", table_id,
                       row_header=True)


# beyond this many values a list of checkboxes is longer than the page (all 342
# municipalities at national scale): a searchable multiple choice takes its place
MANY_OPTIONS = 25


def checklist(component_id: str, label: str, options: list[dict], value: list[str],
              lang: str):
    """A labelled group of checkboxes, or a searchable multiple choice when there are many
    values; either gives the chosen values as a list."""
    options = [{**o, "label": category(o["label"], lang)} for o in options]
    if len(options) > MANY_OPTIONS:
        choice = dcc.Dropdown(id=component_id, options=options, value=value, multi=True,
                              searchable=True, placeholder=t("all_values", lang))
    else:
        choice = dbc.Checklist(id=component_id, options=options, value=value)
    return html.Div([
        html.Div(label, className="form-label fw-semibold mt-2", id=f"{component_id}-label"),
        choice,
    ], role="group", **{"aria-labelledby": f"{component_id}-label"})


def details(table: html.Table, lang: str) -> html.Details:
    """A folded table: the text alternative of the chart above it."""
    return html.Details([html.Summary(t("table_alt", lang)), table], className="mt-1")


def filter_panel(fieldset: html.Fieldset, page: str, lang: str) -> html.Details:
    """A page's filters, folded on a phone so that the results come first (by the callback
    below; open as sent, so that on a wide screen they are there at once)."""
    return html.Details([html.Summary(t("filters_toggle", lang), className="fw-semibold mb-2"),
                         fieldset], id={"type": "filterpaneel", "page": page}, open=True,
                        className="filter-panel")


# fold the filters on screens narrower than Bootstrap's lg column (992 px), where they would
# come before the results instead of beside them
dash.clientside_callback(
    "function (id) { return window.matchMedia('(min-width: 992px)').matches; }",
    Output({"type": "filterpaneel", "page": MATCH}, "open"),
    Input({"type": "filterpaneel", "page": MATCH}, "id"),
)
