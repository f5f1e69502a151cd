"""The council report: one area's figures as a one-page PDF and as CSV.

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

from dashboard import data
from dashboard.figures import STATUS_COLOUR
from dashboard.i18n import fmt_date, fmt_number, fmt_period, fmt_value, gap_sentence, t
from dashboard.urlstate import language

CODE = re.compile(r"^(GM\d{4}|AM\d{2})$")
CSV_COLUMNS = ["gebied_code", "gebied_naam", "gebied_niveau", "indicator", "indicator_naam",
               "periode", "realisatie", "doel", "verschil", "realisatie_pct", "status",
               "realisatie_bron", "doel_status", "doel_bron", "provenance"]


def product_version() -> str:
    """The installed package version (for report footers and exports)."""
    try:
        return version("participatiemonitor")
    except PackageNotFoundError:
        return "dev"


def report_frame(code: str, lang: str) -> tuple[dict, pd.DataFrame] | None:
    """The area and its latest figures per indicator, the region total beside a municipality."""
    area = data.area(code)
    if area is None:
        return None
    gaps, indicators = data.latest_gaps(area["regio"]), data.indicators()
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
    return area, df


def _plain(status: str, lang: str) -> str:
    """The status word without its icon (the PDF's base fonts have no such glyphs)."""
    return t(status, lang).split(" ", 1)[1]


def _wrap(canvas: Canvas, text: str, width: float, font: str, size: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if canvas.stringWidth(trial, font, size) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line] if line else lines


def _gauge(c: Canvas, x: float, y: float, w: float, row: pd.Series, lang: str) -> None:
    """A half-ring gauge with the target as a black tick, and the figures under it."""
    unit = row["eenheid"]
    value, target = row["realisatie"], row["doel"]
    r = w * 0.36
    cx, cy = x + w / 2, y + 62
    top = 1.0 if unit == "aandeel" else max(v for v in (value, target, 1) if pd.notna(v)) * 1.15
    c.setFillColor(HexColor("#e3e7eb"))
    c.wedge(cx - r, cy - r, cx + r, cy + r, 0, 180, stroke=0, fill=1)
    if pd.notna(value):
        share = min(max(value / top, 0), 1)
        c.setFillColor(HexColor(STATUS_COLOUR[row["status"]]))
        c.wedge(cx - r, cy - r, cx + r, cy + r, 180, -180 * share, stroke=0, fill=1)
    c.setFillColor(white)
    c.circle(cx, cy, r * 0.55, stroke=0, fill=1)
    if pd.notna(target):
        a = math.radians(180 - 180 * min(target / top, 1))
        c.setStrokeColor(HexColor("#212529"))
        c.setLineWidth(2.5)
        c.line(cx + r * 0.5 * math.cos(a), cy + r * 0.5 * math.sin(a),
               cx + r * 1.08 * math.cos(a), cy + r * 1.08 * math.sin(a))
    c.setFillColor(HexColor("#212529"))
    c.setFont("Helvetica-Bold", 12)
    c.drawCentredString(cx, cy + 2, fmt_value(value, unit, lang))
    c.setFont("Helvetica-Bold", 8)
    for i, line in enumerate(_wrap(c, row["indicator_naam"], w - 6, "Helvetica-Bold", 8)[:2]):
        c.drawCentredString(cx, y + 124 - i * 9, line)
    c.setFont("Helvetica", 7.5)
    doel = (f"{t('target', lang).lower()} {fmt_value(target, unit, lang)}" if pd.notna(target)
            else t("no_target", lang))
    gap = (_wrap(c, gap_sentence(row["indicator"], unit, row["richting"], row["verschil"], lang),
                 w - 6, "Helvetica", 7.5) if pd.notna(target) else [])
    lines = [doel, *gap, f"{_plain(row['status'], lang)} · {fmt_period(row['periode'], lang)}"]
    for i, line in enumerate(lines[:4]):
        c.drawCentredString(cx, cy - 12 - i * 9, line)


def source_notes(df: pd.DataFrame, lang: str) -> list[str]:
    """The sources of the figures in the report as people cite them: the publication of each
    published figure and of each target, and which figures and targets are sample."""
    notes = [f"{r.indicator_naam} ({r.gebied_naam}, {fmt_period(r.periode, lang)}): "
             f"{r.realisatie_bron}" for r in df.dropna(subset=["realisatie_bron"]).itertuples()]
    sample = df.loc[df["provenance"] == "sample", "indicator_naam"].drop_duplicates()
    if len(sample):
        notes.append(f"{t('sample', lang).capitalize()} (◇): {', '.join(sample)}")
    real = df[df["doel_status"].notna() & (df["doel_status"] != "voorbeeld")]
    notes += [f"{t('target', lang)} {r.indicator_naam} ({r.gebied_naam}, "
              f"{t(r.doel_status, lang)}): {r.doel_bron}"
              for r in real.drop_duplicates(["indicator", "gebied_code"]).itertuples()]
    example = df.loc[df["doel_status"] == "voorbeeld", "indicator_naam"].drop_duplicates()
    if len(example):
        notes.append(f"◇ {t('voorbeeld', lang)}: {', '.join(example)}")
    return notes


def render_pdf(area: dict, df: pd.DataFrame, lang: str) -> bytes:
    """One A4 page: title, dates, a gauge per indicator, the table of gaps, the sources."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(t("report_title", lang, name=area["naam"]))
    c.setAuthor("Participatiemonitor")
    c.setSubject(t("gauges", lang))
    width, height = A4
    margin = 36
    c.setFont("Helvetica-Bold", 16)
    c.drawString(margin, height - 50, t("report_title", lang, name=area["naam"]))
    c.setFont("Helvetica", 9)
    level = t("municipality" if area["niveau"] == "gemeente" else "region", lang)
    c.drawString(margin, height - 66,
                 f"{level} {area['naam']} ({area['code']}) · {t('as_of', lang)} "
                 f"{fmt_date(data.data_date(), lang)} · {t('made_on', lang)} "
                 f"{fmt_date(dt.date.today().isoformat(), lang)}")
    own = df[df["gebied_code"] == area["code"]]
    cell = (width - 2 * margin) / 4
    for n, (_, row) in enumerate(own.iterrows()):
        _gauge(c, margin + (n % 4) * cell, height - 210 - (n // 4) * 135, cell, row, lang)
    y = height - 82 - 135 * ((len(own) + 3) // 4) - 20
    cols = [(t("indicator", lang), 0), (t("area", lang), 150), (t("period", lang), 235),
            (t("realisation", lang), 300), (t("target", lang), 360), ("%", 410),
            (t("status", lang), 445), (t("target_status", lang), 490)]
    c.setFont("Helvetica-Bold", 7.5)
    for label, dx in cols:
        c.drawString(margin + dx, y, label)
    c.setFont("Helvetica", 7.5)
    for _, row in df.iterrows():
        y -= 11
        pct = "" if pd.isna(row["realisatie_pct"]) else fmt_number(row["realisatie_pct"] * 100,
                                                                  lang, 1)
        cells = [row["indicator_naam"][:34], row["gebied_naam"][:18]
                 + (" *" if row["is_regio"] else ""),
                 row["periode"], fmt_value(row["realisatie"], row["eenheid"], lang)
                 + (" ◇" if row["provenance"] == "sample" else ""),
                 fmt_value(row["doel"], row["eenheid"], lang), pct,
                 _plain(row["status"], lang),
                 t(row["doel_status"], lang) if isinstance(row["doel_status"], str) else ""]
        for (_, dx), text in zip(cols, cells, strict=True):
            c.drawString(margin + dx, y, text.replace("◇", "(s)"))
    y -= 16
    c.setFont("Helvetica-Bold", 8)
    c.drawString(margin, y, t("source", lang) + ":")
    c.setFont("Helvetica", 7)
    # the PDF's standard font has no ◇
    notes = [n.replace("◇", "(s)") for n in [*source_notes(df, lang), t("sample_note", lang)]]
    notes.append("* = " + t("region_total", lang))
    for note in notes:
        for line in _wrap(c, note, width - 2 * margin, "Helvetica", 7):
            y -= 9
            if y < 30:
                break
            c.drawString(margin, y, line)
    c.setFont("Helvetica", 6.5)
    c.drawString(margin, 18, f"Participatiemonitor {product_version()}")
    c.showPage()
    c.save()
    return buf.getvalue()


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

    @server.get("/rapport/<code>.pdf")
    def report_pdf(code: str):
        area, df, lang = load(code)
        return flask.Response(render_pdf(area, df, lang), mimetype="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="participatiemonitor_{code}.pdf"'})

    @server.get("/rapport/<code>.csv")
    def report_csv(code: str):
        _area, df, lang = load(code)
        # Dutch Excel reads ';' with decimal commas and needs the BOM to see UTF-8.
        text = df[CSV_COLUMNS].round(6).to_csv(index=False, sep=";" if lang == "nl" else ",",
                                      decimal="," if lang == "nl" else ".")
        return flask.Response("\ufeff" + text if lang == "nl" else text,
                              mimetype="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="participatiemonitor_{code}.csv"'})
