"""The council report: one area's figures as a two-page PDF and as CSV.

Routes `/rapport/<code>.pdf` and `/rapport/<code>.csv` (`?lang=nl|en`), so the report is a link
an official can keep; both read the same frame (`report_frame`) as the page does.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from importlib.metadata import PackageNotFoundError, version

import flask
import pandas as pd
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from dashboard import figures, trajectory
from dashboard.components import FAR, assessments, gap_text, noun, outlook_text, stand_text
from dashboard.data import gaps as gaps_data
from dashboard.data import werkcentrum as werkcentrum_data
from dashboard.datasets import FORMULA_CHARS
from dashboard.figures import FOCUS, PACE, STATUS_COLOUR, STATUS_ORDER
from dashboard.i18n import fmt_date, fmt_number, fmt_period, fmt_value, gap_amount, t
from dashboard.urlstate import language

CODE = re.compile(r"^(GM\d{4}|AM\d{2})$")
CSV_COLUMNS = ["gebied_code", "gebied_naam", "gebied_niveau", "indicator", "indicator_naam",
               "eenheid", "periode", "realisatie", "doel", "verschil", "realisatie_pct",
               "status", "realisatie_bron", "doel_status", "doel_bron", "provenance"]
FIGURES = ("realisatie", "doel", "verschil")


def product_version() -> str:
    """The installed package version (for report footers and exports)."""
    try:
        return version("participatiemonitor")
    except PackageNotFoundError:
        return "dev"


def report_frame(code: str, lang: str) -> tuple[dict, pd.DataFrame] | None:
    """The area and its latest figures per indicator, the region total beside a municipality."""
    area = gaps_data.area(code)
    if area is None:
        return None
    gaps, indicators = gaps_data.latest_gaps(area["regio"]), gaps_data.indicators()
    keep = {code, area["regio"]}
    df = gaps[gaps["gebied_code"].isin(keep)].merge(indicators, on=["indicator"],
                                                     suffixes=("", "_ind"))
    df["indicator_naam"] = df["naam_nl" if lang == "nl" else "naam_en"]
    df["is_regio"] = df["gebied_niveau"] == "arbeidsmarktregio"
    order = {i: n for n, i in enumerate(indicators["indicator"])}
    df = df.sort_values(["is_regio", "indicator"], key=lambda s: s.map(order) if
                        s.name == "indicator" else s).reset_index(drop=True)
    if area["niveau"] == "arbeidsmarktregio":
        df = df[df["is_regio"]]
    if not (df["gebied_code"] == code).any():
        return None  # no figures for this area: no report (404), as its page says
    return area, df


def _plain(status: str, lang: str) -> str:
    """The status word without its icon (the PDF's base fonts have no such glyphs)."""
    return t(status, lang).split(" ", 1)[1]


# characters the PDF's base fonts (WinAnsi) lack, and what stands in for them
_GLYPHS = str.maketrans({"≤": "max.", "−": "-", "◇": "(s)"})


def _pdf(text: str) -> str:
    return text.translate(_GLYPHS)


def _wrap(canvas: Canvas, text: str, width: float, font: str, size: float) -> list[str]:
    lines, line = [], ""
    for word in _pdf(text).split():
        trial = f"{line} {word}".strip()
        if canvas.stringWidth(trial, font, size) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line] if line else lines


INK, MUTED = HexColor("#212529"), HexColor("#6c757d")


def _gauge(c: Canvas, x: float, y: float, w: float, row: pd.Series, lang: str,
           found: trajectory.Assessment | None) -> None:
    """A half-ring gauge in the status colour, the target as a black tick, the pace (where
    the figure should be now) as a purple tick, and the figures under it."""
    unit = row["eenheid"]
    value, target = row["realisatie"], row["doel"]
    expected = found.expected if found else None
    r = w * 0.34
    cx, cy = x + w / 2, y + 70
    top = 1.0 if unit == "aandeel" else max(
        v for v in (value, target, expected, 1) if v is not None and pd.notna(v)) * 1.15
    c.setFillColor(HexColor("#e3e7eb"))
    c.wedge(cx - r, cy - r, cx + r, cy + r, 0, 180, stroke=0, fill=1)
    if pd.notna(value):
        share = min(max(value / top, 0), 1)
        c.setFillColor(HexColor(STATUS_COLOUR[row["status"]]))
        c.wedge(cx - r, cy - r, cx + r, cy + r, 180, -180 * share, stroke=0, fill=1)
    c.setFillColor(white)
    c.circle(cx, cy, r * 0.55, stroke=0, fill=1)

    def tick(v: float, colour: str, width: float) -> None:
        a = math.radians(180 - 180 * min(max(v / top, 0), 1))
        c.setStrokeColor(HexColor(colour))
        c.setLineWidth(width)
        c.line(cx + r * 0.5 * math.cos(a), cy + r * 0.5 * math.sin(a),
               cx + r * 1.1 * math.cos(a), cy + r * 1.1 * math.sin(a))

    if expected is not None:
        tick(expected, PACE, 1.6)
    if pd.notna(target):
        tick(target, "#212529", 2.5)
    c.setFillColor(INK)
    c.setFont("Helvetica-Bold", 12)
    c.drawCentredString(cx, cy + 2, fmt_value(value, unit, lang))
    c.setFont("Helvetica-Bold", 8)
    for i, line in enumerate(_wrap(c, row["indicator_naam"], w - 6, "Helvetica-Bold", 8)[:2]):
        c.drawCentredString(cx, y + 134 - i * 9, line)
    c.setFont("Helvetica", 7.5)
    lines = [stand_text(row, unit, lang)]
    if pd.notna(target):
        # the row carries its indicator's columns of dim_indicator (report_frame)
        lines += _wrap(c, gap_text(row, row, lang), w - 8, "Helvetica", 7.5)
    if expected is not None:
        lines.append(_pdf(t("expected_now", lang, n=fmt_value(expected, unit, lang))))
    lines.append(f"{_plain(row['status'], lang)} · {fmt_period(row['periode'], lang)}")
    for i, line in enumerate(lines[:6]):
        c.drawCentredString(cx, cy - 12 - i * 9, _pdf(line))


def _key(c: Canvas, x: float, y: float, lang: str) -> None:
    """What the gauges' marks and colours mean."""
    c.setFont("Helvetica", 7.5)
    for colour, width, label in (("#212529", 2.5, t("target", lang).lower()),
                                 (PACE, 1.6, t("expected_now", lang, n="").rstrip(": "))):
        c.setStrokeColor(HexColor(colour))
        c.setLineWidth(width)
        c.line(x, y - 1, x, y + 7)
        c.drawString(x + 4, y, label)
        x += 8 + c.stringWidth(label, "Helvetica", 7.5) + 10
    c.drawString(x, y, _pdf(t("legend_status", lang)))
    x += c.stringWidth(_pdf(t("legend_status", lang)), "Helvetica", 7.5) + 6
    for status in STATUS_ORDER:
        c.setFillColor(HexColor(STATUS_COLOUR[status]))
        c.rect(x, y - 1, 7, 7, stroke=0, fill=1)
        c.setFillColor(INK)
        label = _plain(status, lang)
        c.drawString(x + 10, y, label)
        x += 10 + c.stringWidth(label, "Helvetica", 7.5) + 8


def summary(area: dict, own: pd.DataFrame, found: dict, lang: str) -> list[str]:
    """The report's summary in sentences written from the figures: for each indicator with a
    target, where it stands and when the target is reached at the current pace."""
    out = []
    for _, row in own.iterrows():
        if pd.isna(row["doel"]):
            continue
        unit, name = row["eenheid"], area["naam"]
        year = fmt_period(row["periode"], lang)[-4:]
        value = fmt_value(row["realisatie"], unit, lang)
        if unit == "aandeel":
            first = t("report_summary_share", lang, indicator=row["indicator_naam"], name=name,
                      value=value, target=fmt_value(row["doel"], unit, lang), year=year)
        else:
            gap, word = gap_amount(row["verschil"], unit, noun(row, lang), lang)
            key = ("report_summary_met" if row["verschil"] <= 0 else "report_summary_above"
                   if row["richting"] == "lager_beter" else "report_summary_short")
            first = f"{row['indicator_naam']} — " + t(key, lang, name=name, value=value,
                                                     noun=word, gap=gap, year=year)
        o = found.get(row["indicator"]).outlook if found.get(row["indicator"]) else None
        if o is not None and not o.reached:
            far = o.at is None or o.at - o.latest > FAR
            first += "; " + (t("report_pace_late", lang) if far else
                             t("report_pace_at", lang, q=trajectory.quarter_label(o.at, lang)))
        out.append(first + ".")
    return out


def _sparkline(c: Canvas, x: float, y: float, w: float, h: float, points: pd.DataFrame,
               cumulative: bool) -> None:
    """The last five years per quarter as a small line (a yearly count per year), this
    year's target as a short black line at its level."""
    series = trajectory.quarterly(list(zip(points["einddatum"], points["realisatie"],
                                           strict=True)), cumulative=False)[-20:]
    if len(series) < 2:
        return
    target = points["doel"].iloc[-1]
    values = [v for _, v in series] + ([float(target)] if pd.notna(target) else [])
    low, high = min(values + [0]), max(values) or 1
    q0, q1 = series[0][0], max(series[-1][0], series[0][0] + 1)

    def at(q: int, v: float) -> tuple[float, float]:
        return x + (q - q0) / (q1 - q0) * w, y + (v - low) / (high - low) * h

    c.setStrokeColor(HexColor(FOCUS))
    c.setLineWidth(1.2)
    for (qa, a), (qb, b) in zip(series, series[1:], strict=False):
        if cumulative and qa // 4 != qb // 4:
            continue  # a new year starts again from zero: no line down
        c.line(*at(qa, a), *at(qb, b))
    if pd.notna(target):
        c.setStrokeColor(INK)
        c.setLineWidth(1.5)
        c.line(*at(max(q0, q1 - 3), float(target)), *at(q1, float(target)))


def source_notes(df: pd.DataFrame, lang: str) -> list[str]:
    """The sources of the figures in the report as people cite them: the publication of each
    published figure and of each target, and which figures and targets are sample."""
    notes = [f"{r.indicator_naam} ({r.gebied_naam}, {fmt_period(r.periode, lang)}): "
             f"{r.realisatie_bron}" for r in df.dropna(subset=["realisatie_bron"]).itertuples()]
    sample = df.loc[df["provenance"] == "sample", "indicator_naam"].drop_duplicates()
    if len(sample):
        notes.append(f"◇ {t('sample', lang).capitalize()}: {', '.join(sample)}")
    real = df[df["doel_status"].notna() & (df["doel_status"] != "voorbeeld")]
    notes += [f"{t('target', lang)} {r.indicator_naam} ({r.gebied_naam}, "
              f"{t(r.doel_status, lang)}): {r.doel_bron}"
              for r in real.drop_duplicates(["indicator", "gebied_code"]).itertuples()]
    example = df.loc[df["doel_status"] == "voorbeeld", "indicator_naam"].drop_duplicates()
    if len(example):
        notes.append(f"◇ {t('voorbeeld', lang)}: {', '.join(example)}")
    return notes


def render_pdf(area: dict, df: pd.DataFrame, lang: str) -> bytes:
    """Two A4 pages. The first: title, data date, a summary written from the figures and a
    gauge per indicator (target and pace marked). The second: each indicator's last five
    years as a sparkline with its figures, the municipality's place in its region, and the
    sources."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(_pdf(t("report_title", lang, name=area["naam"])))
    c.setAuthor("Participatiemonitor")
    c.setSubject(t("gauges", lang))
    width, height = A4
    margin = 36
    text_width = width - 2 * margin
    own = df[df["gebied_code"] == area["code"]]
    indicators = gaps_data.indicators()
    found = assessments(area["code"], indicators)
    history = gaps_data.area_history(area["code"])
    date = fmt_date(gaps_data.data_date(), lang)

    def footer(page: int) -> None:
        c.setFont("Helvetica", 6.5)
        c.setFillColor(MUTED)
        c.drawString(margin, 18, f"Participatiemonitor {product_version()} · "
                                 f"{t('as_of', lang)} {date}")
        c.drawRightString(width - margin, 18, t("report_page", lang, n=page, of=2))
        c.setFillColor(INK)

    def heading(y: float, text: str) -> float:
        c.setFont("Helvetica-Bold", 11)
        c.drawString(margin, y, _pdf(text))
        return y - 14

    # page 1
    c.setFont("Helvetica-Bold", 16)
    c.drawString(margin, height - 50, _pdf(t("report_title", lang, name=area["naam"])))
    c.setFont("Helvetica", 9)
    level = t("municipality" if area["niveau"] == "gemeente" else "region", lang)
    c.drawString(margin, height - 66,
                 f"{level} {area['naam']} ({area['code']}) · {t('as_of', lang)} {date} · "
                 f"{t('made_on', lang)} {fmt_date(dt.date.today().isoformat(), lang)}")
    y = heading(height - 92, t("report_summary_title", lang))
    c.setFont("Helvetica", 9)
    for sentence in summary(area, own, found, lang):
        for k, line in enumerate(_wrap(c, sentence, text_width - 10, "Helvetica", 9)):
            c.drawString(margin + (10 if k else 0), y, ("" if k else "• ") + line)
            y -= 11.5
        y -= 2
    y = heading(y - 8, t("gauges", lang))
    _key(c, margin, y, lang)
    cell = text_width / 4
    top = y - 8
    for n, (_, row) in enumerate(own.iterrows()):
        _gauge(c, margin + (n % 4) * cell, top - 150 - (n // 4) * 158, cell, row, lang,
               found.get(row["indicator"]))
    y = top - 158 * ((len(own) + 3) // 4) - 6
    c.setFont("Helvetica", 7.5)
    c.setFillColor(MUTED)
    for line in _wrap(c, t("outlook_method", lang), text_width, "Helvetica", 7.5):
        c.drawString(margin, y, line)
        y -= 9
    c.setFillColor(INK)
    if area["niveau"] == "gemeente":
        y = heading(y - 10, t("report_place", lang))
        c.setFont("Helvetica", 8)
        for line in place_in_region(area, df, lang):
            for part in _wrap(c, line, text_width, "Helvetica", 8):
                c.drawString(margin, y, part)
                y -= 10.5
    footer(1)
    c.showPage()

    # page 2
    y = heading(height - 50, t("report_trends", lang))
    cols = [(t("indicator", lang), 0), ("", 155), (t("realisation", lang), 250),
            (t("target", lang), 300), (t("status", lang), 345), (t("outlook_title", lang), 395)]
    c.setFont("Helvetica-Bold", 7.5)
    for label, dx in cols:
        c.drawString(margin + dx, y, _pdf(label))
    y -= 6
    ind = indicators.set_index("indicator")
    for _, row in own.iterrows():
        y -= 36
        points = history[history["indicator"] == row["indicator"]]
        _sparkline(c, margin + 155, y + 2, 80, 22, points, bool(ind.loc[row["indicator"],
                                                                   "cumulatief"]))
        c.setFont("Helvetica", 7.5)
        for k, line in enumerate(_wrap(c, row["indicator_naam"], 150, "Helvetica", 7.5)[:2]):
            c.drawString(margin, y + 16 - k * 9, line)
        unit = row["eenheid"]
        c.drawString(margin + 250, y + 16, _pdf(fmt_value(row["realisatie"], unit, lang)))
        c.drawString(margin + 300, y + 16, _pdf(fmt_value(row["doel"], unit, lang)))
        c.drawString(margin + 345, y + 16, _plain(row["status"], lang))
        lines = [part for line in outlook_text(found.get(row["indicator"]), unit, lang)
                 for part in _wrap(c, line, width - margin - (margin + 395), "Helvetica", 6.8)]
        c.setFont("Helvetica", 6.8)
        for k, line in enumerate(lines[:4]):
            c.drawString(margin + 395, y + 16 - k * 8, line)
    y = heading(y - 22, t("source", lang))
    c.setFont("Helvetica", 7)
    notes = [*source_notes(df, lang), t("sample_note", lang)]
    for note in notes:
        for line in _wrap(c, note, text_width, "Helvetica", 7):
            if y < 34:
                break
            c.drawString(margin, y, line)
            y -= 9
    footer(2)
    c.showPage()
    c.save()
    return buf.getvalue()


def neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell a spreadsheet would run as a formula written with a
    leading ' (as the dataset exports do)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str)
                                    and v.startswith(FORMULA_CHARS) else v)
    return out


def place_in_region(area: dict, df: pd.DataFrame, lang: str) -> list[str]:
    """Per indicator, the municipality's rank among its region's municipalities on the scale
    of the comparison chart (per 10,000 inhabitants for counts that grow with size), best
    first, with the region's figure."""
    latest = gaps_data.latest_gaps(area["regio"])
    indicators = gaps_data.indicators().set_index("indicator")
    # from the list of regions: the region has no row of its own where its sources give none
    region_name = t("region_named", lang,
                    name=gaps_data.regions().set_index("code").loc[area["regio"], "naam"])
    out = []
    for _, row in df[df["gebied_code"] == area["code"]].iterrows():
        ind = indicators.loc[row["indicator"]]
        per = figures.per_inhabitants(ind)
        values = figures.comparison_values(latest, row["indicator"], ind["eenheid"], per)
        munis = values[~values["is_regio"]].dropna(subset=["waarde"])
        if area["code"] not in set(munis["gebied_code"]):
            continue
        ranked = munis.sort_values("waarde", ascending=ind["richting"] == "lager_beter")
        rank = list(ranked["gebied_code"]).index(area["code"]) + 1
        measure = (t("per_10000", lang) if per else
                   "%" if ind["eenheid"] == "aandeel" else t("realisation", lang).lower())
        mine = float(ranked.loc[ranked["gebied_code"] == area["code"], "waarde"].iloc[0])
        region = values[values["is_regio"]]["waarde"]
        line = (f"{row['indicator_naam']}: {fmt_number(mine, lang, 1)} — "
                + t("report_rank", lang, rank=rank, n=len(ranked), measure=measure))
        if len(region) and pd.notna(region.iloc[0]):
            line += f"; {region_name}: {fmt_number(float(region.iloc[0]), lang, 1)}"
        out.append(line)
    return out


def _shown(value: float, decimals: int, lang: str) -> str:
    """A number as the page writes it, without thousands separators (the CSV is read back by
    spreadsheets): whole counts, shares in percent with one decimal."""
    if pd.isna(value):
        return ""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "nl" else text


def csv_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The report's rows as the page shows them: counts as whole numbers, shares (and the
    share of the target) in percent with one decimal."""
    out = df[CSV_COLUMNS].copy()
    share = out["eenheid"] == "aandeel"
    for col in FIGURES:
        out[col] = [_shown(v * 100, 1, lang) if s else _shown(v, 0, lang)
                    for v, s in zip(df[col], share, strict=True)]
    out["realisatie_pct"] = [_shown(v * 100, 1, lang) for v in df["realisatie_pct"]]
    return out


def werkcentrum_frame(f, domain) -> pd.DataFrame:
    """The Werkcentrum page's figures for filters `f`, as the page shows them (perturbed
    counts, the same means and costs): one long table of view, row, column and value, so staff
    can reproduce the screen; the detail slice is the instrument_inzet dataset."""
    view = werkcentrum_data.instrument_view(f, domain)
    parts = [("gestart", view.starts), ("lopend_beeindigd", view.flow),
             ("resultaten", view.outcomes),
             # whole days and euros as on the page: a mean at full precision is a fraction
             # whose denominator is the exact count
             ("per_instrument", view.results.round({"gemiddelde_dagen": 0,
                                                    "kosten_per_werk": 0})),
             ("gestart_per_kwartaal", view.trend.to_frame("gestart")),
             ("aoc", view.aoc.to_frame("aantal")),
             ("plaatsingen", view.placements.set_index("gebied_naam")[["realisatie", "doel"]])]
    rows = [(name, str(r), str(c), v) for name, table in parts
            for r, values in table.iterrows() for c, v in values.items()]
    return pd.DataFrame(rows, columns=["tabel", "rij", "kolom", "waarde"])


def register_reports(server: flask.Flask) -> None:
    """Add the report routes to the Flask server."""

    def load(code: str):
        if not CODE.match(code):
            flask.abort(404)
        lang = language(flask.request.args.get("lang"))
        found = report_frame(code, lang)
        if found is None:
            flask.abort(404)
        return (*found, lang)

    @server.get("/werkcentrum/cijfers.csv")
    def werkcentrum_csv():
        # behind the door: datasets.RESTRICTED names this route for the role werkcentrum
        from dashboard.filters import Filters
        from dashboard.urlstate import choose

        args = flask.request.args
        lang = language(args.get("lang"))
        regio = choose((args.get("regio") or "").upper(), gaps_data.region_codes(),
                       "AM14" if "AM14" in gaps_data.region_codes() else None)
        domain = werkcentrum_data.instrument_domain(regio)
        if not domain.kwartalen:
            flask.abort(404)
        # the page's own parsing: repeated values for the lists, one value for the period
        f = Filters.parse({**args.to_dict(), **{k: args.getlist(k) for k in
                                                 ("gemeente", "doelgroep", "instrument")}},
                          domain)
        df = neutralised(werkcentrum_frame(f, domain))
        text = df.to_csv(index=False, sep=";" if lang == "nl" else ",",
                         decimal="," if lang == "nl" else ".")
        return flask.Response("\ufeff" + text if lang == "nl" else text,
                              mimetype="text/csv; charset=utf-8", headers={
            "Content-Disposition": 'attachment; filename="werkcentrum_cijfers.csv"'})

    @server.get("/rapport/<code>.pdf")
    def report_pdf(code: str):
        area, df, lang = load(code)
        return flask.Response(render_pdf(area, df, lang), mimetype="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="participatiemonitor_{code}.pdf"'})

    @server.get("/rapport/<code>.csv")
    def report_csv(code: str):
        _area, df, lang = load(code)
        # Dutch Excel reads ';' with decimal commas and needs the BOM to see UTF-8.
        text = neutralised(csv_frame(df, lang)).to_csv(index=False,
                                                       sep=";" if lang == "nl" else ",")
        return flask.Response("\ufeff" + text if lang == "nl" else text,
                              mimetype="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="participatiemonitor_{code}.csv"'})
