"""Pure figure builders: frames and rows in, plotly figures as plain dicts out.

No data access here; callbacks fetch through the `dashboard.data` modules and hand the result
over.
Colours never carry meaning alone: every figure sits next to text or a table that says the same.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from dashboard import projection
from dashboard.i18n import category, fmt_number, fmt_value, t

# Status colours with at least 3:1 contrast on white (WCAG 1.4.11 for graphics).
STATUS_COLOUR = {"behaald": "#146c43", "op_koers": "#0f766e", "risico": "#b45309",
                 "achter": "#b91c1c", "geen_doel": "#6c757d"}
FOCUS, OTHER, TARGET, PACE = "#0b4f8a", "#9fb7cf", "#212529", "#6f42c1"
BENCHMARK = "#495057"  # a comparison value, drawn apart from the target and the pace
# The map colours each municipality by its status, in the badges' colours, worst first.
HEAT_SCALE = [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]]
# The order of the statuses, worst first: legends, badges' key, the map's colour steps.
STATUS_ORDER = ("achter", "risico", "op_koers", "behaald", "geen_doel")
MAP_SCALE = [[(k + edge) / len(STATUS_ORDER), STATUS_COLOUR[s]]
             for k, s in enumerate(STATUS_ORDER) for edge in (0, 1)]


def trace(kind: str, **props) -> dict:
    """A plotly trace as a plain dict (graph_objects validation costs ~20 ms a figure)."""
    return {"type": kind, **props}


def figure(traces: list[dict], layout: dict) -> dict:
    """A plotly figure as a plain dict."""
    return {"data": traces, "layout": layout}


def base_layout(lang: str, **kw) -> dict:
    """Layout shared by every figure: number format of the language, transparent paper."""
    return {"separators": ",." if lang == "nl" else ".,", "font": {"size": 13},
            "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "white", **kw}


def scaled(value: float | None, unit: str) -> float | None:
    """Shares as percentages, counts as they are; None for unknown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value * 100 if unit == "aandeel" else float(value)


def _nice_max(*values: float | None) -> float:
    top = max([v for v in values if v is not None] or [1]) * 1.15
    step = 10 ** math.floor(math.log10(top)) if top > 0 else 1
    return math.ceil(top / step) * step


def gauge(row: dict, unit: str, lang: str, expected: float | None = None) -> dict:
    """A gauge of one indicator: the bar is the realisation in its status colour, the thick
    black line the target (labelled on the axis, 'max.' where lower is better), the thin
    grey mark where the figure should be now to reach the target on time."""
    value, target = scaled(row.get("realisatie"), unit), scaled(row.get("doel"), unit)
    pace = scaled(expected, unit)
    share = unit == "aandeel"
    # a small share (a WW percentage of 2.7) would be a sliver on a 0-100% dial
    whole = share and max(v for v in (value, target, pace, 0) if v is not None) >= 25
    top = 100 if whole else _nice_max(value, target, pace)
    axis = {"range": [0, top], "tickformat": ",.0f" if top >= 10 else ",.1f"}
    if target is not None:
        label = fmt_number(target, lang, 1 if share else 0) + ("%" if share else "")
        axis |= {"tickvals": [0, target, top], "tickfont": {"size": 11},
                 "ticktext": ["0", t("max_tick" if row.get("richting") == "lager_beter"
                                     else "target_tick", lang, n=label),
                              fmt_number(top, lang) + ("%" if share else "")]}
    g = {"axis": axis,
         "bar": {"color": STATUS_COLOUR[row.get("status") or "geen_doel"], "thickness": 0.6},
         "bgcolor": "#eef1f4", "borderwidth": 0}
    if pace is not None:
        width = top / 120
        g["steps"] = [{"range": [max(pace - width, 0), min(pace + width, top)],
                       "color": PACE, "thickness": 1}]
    if target is not None:
        g["threshold"] = {"line": {"color": TARGET, "width": 4}, "thickness": 0.9,
                          "value": target}
    number = {"valueformat": ",.1f" if share else ",.0f", "suffix": "%" if share else "",
              "font": {"size": 30}}
    return figure([trace("indicator", mode="gauge+number", value=value, gauge=g, number=number)],
                  base_layout(lang, height=170, margin={"l": 48, "r": 48, "t": 25, "b": 5}))


def _year_end(year: int) -> str:
    return f"{year}-12-31"


def trend(history: pd.DataFrame, focus: str, unit: str, lang: str, noun: str = "",
          cumulative: bool = False, outlook=None, benchmark: dict | None = None) -> dict:
    """The focus area's realisation over time against its targets: the target path over the
    years (each year's target, due on 31 December), the pace line to this year's target and,
    with an `outlook` (dashboard.trajectory), the current pace with its range up to the
    deadline. The target is named for what it is (an invented one is a "Voorbeelddoel"), and a
    benchmark (a national realisation, never a target) is a dotted level line. A count that
    starts again each year is drawn per year, so that January is not read as a fall. For
    shares the region's line is drawn beside it (counts differ in scale, so they are compared
    per 10,000 inhabitants in the comparison chart instead)."""
    from dashboard import trajectory

    mine = history[history["gebied_code"] == focus]
    fmt = ",.1f" if unit == "aandeel" else ",.0f"
    hover = f"%{{customdata}}: %{{y:{fmt}}}<extra></extra>"

    def line(df: pd.DataFrame) -> tuple[list, list, list]:
        x, y, periods, year = [], [], [], None
        for day, value, period in zip(df["einddatum"], df["realisatie"], df["periode"],
                                      strict=True):
            if cumulative and year is not None and day.year != year:
                x.append(None)
                y.append(None)
                periods.append(None)
            year = day.year
            x.append(day.isoformat())
            y.append(scaled(value, unit))
            periods.append(period)
        return x, y, periods

    x, y, periods = line(mine)
    name = mine["gebied_naam"].iloc[0] if len(mine) else focus
    traces = [trace("scatter", x=x, y=y, name=name, mode="lines", connectgaps=False,
                    line={"color": FOCUS, "width": 3}, customdata=periods,
                    hovertemplate=hover)]
    region = history[history["gebied_niveau"] == "arbeidsmarktregio"]
    if unit == "aandeel" and len(region) and focus not in set(region["gebied_code"]):
        rx, ry, rp = line(region)
        traces.append(trace("scatter", x=rx, y=ry, mode="lines", line={"color": OTHER,
                                                                        "width": 2},
                            name=t("region_named", lang, name=region["gebied_naam"].iloc[0]),
                            customdata=rp, hovertemplate=hover))
    targets = mine.dropna(subset=["doel"])
    yearly = targets.groupby(targets["einddatum"].map(lambda d: d.year))["doel"].last()
    if len(yearly):
        # each year's target as a step over its year, ending where it is due
        tx, ty = [], []
        for year, target in yearly.items():
            tx += [f"{year}-01-01", _year_end(year)]
            ty += [scaled(target, unit)] * 2
        kinds = set(targets["doel_status"].dropna())
        target_name = (f"◇ {t('voorbeeld', lang)}" if kinds == {"voorbeeld"}
                       else t("target_line", lang))
        traces.append(trace("scatter", x=tx, y=ty, name=target_name,
                            mode="lines", line={"color": TARGET, "width": 2},
                            hovertemplate=f"%{{x|%Y}}: %{{y:{fmt}}}<extra></extra>"))
        year, target = int(yearly.index[-1]), float(yearly.iloc[-1])
        before = mine[mine["einddatum"].map(lambda d: d.year) < year]
        start = 0.0 if cumulative else (float(before["realisatie"].iloc[-1]) if len(before)
                                        else None)
        if start is not None:
            traces.append(trace("scatter", x=[f"{year}-01-01", _year_end(year)],
                                y=[scaled(start, unit), scaled(target, unit)],
                                name=t("pace_line", lang), mode="lines",
                                line={"color": PACE, "dash": "dash", "width": 2},
                                hoverinfo="skip"))
    if outlook is not None and not outlook.reached and len(mine):
        # the trend from the latest quarter to the deadline, on the scale drawn above
        shift = outlook.value - float(mine["realisatie"].iloc[-1])
        ends = range(outlook.latest, max(outlook.deadline, outlook.latest) + 1)
        days = [trajectory.quarter_end(k).isoformat() for k in ends]

        def path(slope: float) -> list:
            return [scaled(outlook.value + slope * (k - outlook.latest) - shift, unit)
                    for k in ends]

        traces += [
            trace("scatter", x=days + days[::-1],
                  y=path(outlook.pace.high) + path(outlook.pace.low)[::-1], fill="toself",
                  mode="lines",
                  fillcolor="rgba(11,79,138,0.12)", line={"width": 0}, hoverinfo="skip",
                  showlegend=False),
            trace("scatter", x=days, y=path(outlook.pace.slope),
                  name=t("projection_line", lang), mode="lines",
                  line={"color": FOCUS, "dash": "dot", "width": 2},
                  hovertemplate=f"%{{x|%Y-%m}}: %{{y:{fmt}}}<extra></extra>")]
    share = unit == "aandeel"
    ytitle = (t("axis_percent", lang) if share else
              t("axis_running" if cumulative else "axis_count", lang, unit=noun))
    if benchmark is not None and len(mine):
        label = t("benchmark_line", lang, jaar=benchmark["jaar"],
                  waarde=fmt_value(benchmark["waarde"], unit, lang))
        ends = [mine["einddatum"].iloc[0].isoformat(), mine["einddatum"].iloc[-1].isoformat()]
        traces.append(trace("scatter", x=ends, y=[scaled(benchmark["waarde"], unit)] * 2,
                            name=label, mode="lines", line={"color": BENCHMARK, "dash": "dot"},
                            hovertemplate=f"{label}<extra></extra>"))
    return figure(traces, base_layout(
        lang, height=340, margin={"l": 60, "r": 10, "t": 10, "b": 40}, hovermode="closest",
        legend={"orientation": "h", "y": -0.25},
        xaxis={"type": "date", "tickformat": "%Y", "showgrid": False,
               "title": {"text": t("axis_date", lang)}},
        yaxis={"ticksuffix": "%" if share else "", "rangemode": "tozero",
               "tickformat": ",.0f", "gridcolor": "#e9ecef",
               "title": {"text": ytitle}}))


PER = 10_000  # counts that grow with size are compared per this many inhabitants

# CBS gemeentegrootteklassen: (lower bound, upper bound) of the population
SIZE_CLASSES = ((0, 5_000), (5_000, 10_000), (10_000, 20_000), (20_000, 50_000),
                (50_000, 100_000), (100_000, 150_000), (150_000, 250_000), (250_000, None))


def per_inhabitants(ind: pd.Series) -> bool:
    """Counts that grow with the population are compared per 10,000 inhabitants."""
    return ind["eenheid"] == "aantal" and bool(ind["additief"])


def size_class(inhabitants: float) -> tuple[int, int | None]:
    """The CBS size class of a municipality from its population."""
    return next(c for c in SIZE_CLASSES if c[1] is None or inhabitants < c[1])


def size_class_label(cls: tuple[int, int | None], lang: str) -> str:
    """'20.000–50.000', '250.000 of meer' / '250,000 or more'."""
    low, high = cls
    if high is None:
        return f"{fmt_number(low, lang)} {'of meer' if lang == 'nl' else 'or more'}"
    return f"{fmt_number(low, lang)}–{fmt_number(high, lang)}"


def comparison_values(latest: pd.DataFrame, indicator: str, unit: str,
                      per_inhabitants: bool) -> pd.DataFrame:
    """One indicator's latest value per area, as shown in the comparison (per 10,000
    inhabitants for counts that grow with size), region total last."""
    df = latest[latest["indicator"] == indicator].copy()
    if per_inhabitants:
        df["waarde"] = df["realisatie"] / df["inwoners"] * PER
    else:
        df["waarde"] = [scaled(v, unit) for v in df["realisatie"]]
    df["is_regio"] = df["gebied_niveau"] == "arbeidsmarktregio"
    return df.sort_values(["is_regio", "waarde"], ascending=[True, True])[
        ["gebied_code", "gebied_naam", "gebied_niveau", "periode", "realisatie", "inwoners",
         "waarde", "is_regio", "provenance"]].reset_index(drop=True)


def reference_lines(everywhere: pd.DataFrame, focus: str, inhabitants: float, unit: str,
                    per_inhabitants: bool, lang: str) -> list[tuple[str, float]]:
    """Beside the region: the municipalities of the focus's CBS size class (other than the
    focus, wherever the data has them) and the whole country when the data covers every
    municipality; as (name, value on the comparison's scale)."""
    def value(df: pd.DataFrame) -> float:
        if per_inhabitants:
            return float(df["realisatie"].sum() / df["inwoners"].sum() * PER)
        return float(df["realisatie"].mean()) * (100 if unit == "aandeel" else 1)

    lines = []
    cls = size_class(inhabitants)
    same = everywhere[(everywhere["gebied_code"] != focus)
                      & (everywhere["inwoners"].map(size_class) == cls)]
    if len(same):
        lines.append((t("size_class", lang, range=size_class_label(cls, lang), n=len(same)),
                      value(same)))
    if len(everywhere) and len(everywhere) == int(everywhere["n_gemeenten"].iloc[0]):
        lines.append((t("national", lang), value(everywhere)))
    return lines


REFERENCE_STYLE = ({"color": TARGET, "dash": "dot"}, {"color": "#b45309", "dash": "dash"},
                   {"color": PACE, "dash": "dashdot"})


def comparison(values: pd.DataFrame, focus: str, unit: str, per_inhabitants: bool,
               lang: str, references: list[tuple[str, float]] = ()) -> dict:
    """Municipalities as horizontal bars (the focus in dark blue); the region total, the
    size class and the country as named vertical lines."""
    munis = values[~values["is_regio"]]
    fmt = ",.1f" if per_inhabitants or unit == "aandeel" else ",.0f"
    suffix = "%" if unit == "aandeel" and not per_inhabitants else ""
    lines = []
    region = values[values["is_regio"]]
    if len(region) and pd.notna(region["waarde"].iloc[0]):
        lines.append((t("region_named", lang, name=region["gebied_naam"].iloc[0]),
                      float(region["waarde"].iloc[0])))
    lines += list(references)
    # a long name breaks before its bracket, so that the legend fits a phone
    labels = [f"{name}: {fmt_number(x, lang, 1)}{suffix}".replace(" (", "<br>(")
              if len(name) > 36 else f"{name}: {fmt_number(x, lang, 1)}{suffix}"
              for name, x in lines]
    rows = sum(label.count("<br>") + 1 for label in labels)
    layout = base_layout(
        lang, height=90 + 32 * len(munis) + 18 * rows,
        margin={"l": 10, "r": 60, "t": 14 + 18 * rows, "b": 40},
        xaxis={"title": {"text": t("per_10000", lang)} if per_inhabitants else None,
               "ticksuffix": suffix, "gridcolor": "#e9ecef", "rangemode": "tozero"},
        yaxis={"automargin": True},
        yaxis2={"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True},
        # the lines' names above the bars, one a row, clear of the axis title
        showlegend=bool(lines), legend={"x": 0, "y": 1, "yanchor": "bottom", "xanchor": "left",
                                        "font": {"size": 12}})
    traces = [trace(
        "bar", x=[float(v) for v in munis["waarde"]], y=list(munis["gebied_naam"]),
        orientation="h", showlegend=False,
        marker={"color": [FOCUS if c == focus else OTHER for c in munis["gebied_code"]]},
        texttemplate=f"%{{x:{fmt}}}{suffix}", textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{y}}: %{{x:{fmt}}}{suffix}<extra></extra>")]
    for (name, x), label, style in zip(lines, labels, REFERENCE_STYLE, strict=False):
        traces.append(trace("scatter", x=[x, x], y=[0, 1], yaxis="y2", mode="lines",
                            name=label,
                            line={**style, "width": 2},
                            hovertemplate=f"{name}: %{{x:{fmt}}}{suffix}<extra></extra>"))
    return figure(traces, layout)


def map_indicators(latest: pd.DataFrame) -> list[str]:
    """Indicators with a target for at least one municipality (the map colours % of target)."""
    munis = latest[(latest["gebied_niveau"] == "gemeente") & latest["realisatie_pct"].notna()]
    return sorted(set(munis["indicator"]))


def map_values(latest: pd.DataFrame, indicator: str, codes: list[str], lang: str) -> dict:
    """What the map shows for one indicator, in the order of `codes`: a colour per status
    (the badges' meaning and colour, whichever way the indicator points) and hover text
    with the % of the target and the status in words."""
    df = latest[(latest["indicator"] == indicator)
                & (latest["gebied_niveau"] == "gemeente")].set_index("gebied_code")
    z, text = [], []
    for code in codes:
        known = code in df.index
        status = df["status"].get(code) if known else "geen_doel"
        pct = df["realisatie_pct"].get(code) if known else None
        pct = None if pct is None or pd.isna(pct) else round(float(pct) * 100, 1)
        z.append(STATUS_ORDER.index(status if status in STATUS_ORDER else "geen_doel"))
        name = df["gebied_naam"].get(code, code) if known else code
        example = known and df["doel_status"].get(code) == "voorbeeld"
        text.append(f"{name}: {t('no_target', lang)}" if pct is None else
                    f"{name}: {fmt_number(pct, lang, 1)}% {t('of_target', lang)} · "
                    f"{t(status, lang)}" + (f" (◇ {t('voorbeeld', lang)})" if example else ""))
    return {"z": z, "text": text}


def region_map(values: dict, codes: list[str], lang: str, boundaries: dict | None = None,
               centroids: pd.DataFrame | None = None) -> dict:
    """A choropleth on the boundary file, or, without one, square tiles at the centroids.
    The geometry goes to the browser once; `map_patch` changes only the colours."""
    scale = {"colorscale": MAP_SCALE, "showscale": False}
    if boundaries is not None:
        from dashboard.geo import bounds

        west, south, east, north = bounds(boundaries)
        span = max(east - west, (north - south) / math.cos(math.radians((north + south) / 2)))
        zoom = math.log2(360 / span * 0.85 * 520 / 512)
        data = trace("choroplethmap", geojson=boundaries, locations=codes, z=values["z"],
                     text=values["text"], customdata=codes, featureidkey="id",
                     marker={"line": {"color": "white", "width": 1}},
                     hovertemplate="%{text}<extra></extra>", zmin=0,
                     zmax=len(STATUS_ORDER) - 1, **scale)
        extra = {"map": {"style": "white-bg", "zoom": zoom,
                         "center": {"lon": (west + east) / 2, "lat": (south + north) / 2}}}
    else:
        cen = centroids.set_index("gemeente_code").loc[codes]
        data = trace("scatter", x=list(cen["lon"]), y=list(cen["lat"]), mode="markers+text",
                     text=values["text"], texttemplate=list(cen["gemeente_naam"]),
                     textposition="bottom center", customdata=codes,
                     hovertemplate="%{text}<extra></extra>",
                     marker={"symbol": "square", "size": 56, "color": values["z"],
                             "cmin": 0, "cmax": len(STATUS_ORDER) - 1, **scale,
                             "line": {"color": "white", "width": 1}})
        extra = {"xaxis": {"visible": False},
                 "yaxis": {"visible": False, "scaleanchor": "x", "scaleratio": 1.6}}
    return figure([data], base_layout(lang, height=420, margin={"l": 0, "r": 0, "t": 0, "b": 0},
                                      **extra))


def map_patch(values: dict, tiles: bool):
    """A Patch that recolours the map built by `region_map` (a few hundred bytes)."""
    from dash import Patch

    patch = Patch()
    if tiles:
        patch["data"][0]["marker"]["color"] = values["z"]
    else:
        patch["data"][0]["z"] = values["z"]
    patch["data"][0]["text"] = values["text"]
    return patch


def counts_heatmap(table: pd.DataFrame, texts: pd.DataFrame, lang: str) -> dict:
    """Instrument × target group without the margins, labelled as shown."""
    inner = table.iloc[:-1, :-1]
    z = inner.to_numpy(dtype=float).tolist()
    return figure([trace(
        "heatmap", z=z, x=list(inner.columns), y=list(inner.index),
        text=texts.iloc[:-1, :-1].to_numpy().tolist(), texttemplate="%{text}",
        # light to dark from zero: an empty cell is white, the largest the darkest blue
        colorscale=HEAT_SCALE, zmin=0, zmax=max([v for r in z for v in r if v is not None] or [1]),
        hoverongaps=True, xgap=2, ygap=2,
        customdata=[[f"{category(i, lang)} · {category(c, lang)}" for c in inner.columns]
                    for i in inner.index],
        hovertemplate="%{customdata}: %{text}<extra></extra>", colorbar={"thickness": 12})],
        # the cells keep the sources' values (a click filters on them); the axes name them
        # in the page's language
        base_layout(lang, height=90 + 42 * len(inner),
                    margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor="#dee2e6",
                    xaxis={"side": "top", "automargin": True, "tickvals": list(inner.columns),
                           "ticktext": [category(c, lang) for c in inner.columns]},
                    yaxis={"autorange": "reversed", "automargin": True,
                           "tickvals": list(inner.index),
                           "ticktext": [category(i, lang) for i in inner.index]}))


def outcome_shares(shares: pd.DataFrame, lang: str) -> dict:
    """Per target group, the share of each outcome (hidden shares left out, so bars may fall
    short of 100%)."""
    palette = ["#0b4f8a", "#3b82c4", "#7fb3e0", "#c9a227", "#b91c1c"]
    traces = [trace("bar", x=[None if pd.isna(v) else float(v) * 100 for v in shares[col]],
                    y=[category(i, lang) for i in shares.index], name=category(col, lang),
                    orientation="h", marker={"color": palette[k % len(palette)]},
                    hovertemplate=f"%{{y}} · {category(col, lang)}: %{{x:,.1f}}%<extra></extra>")
              for k, col in enumerate(shares.columns)]
    return figure(traces, base_layout(
        lang, barmode="stack", height=90 + 36 * len(shares),
        margin={"l": 10, "r": 10, "t": 10, "b": 40}, legend={"orientation": "h", "y": -0.15},
        xaxis={"range": [0, 100], "ticksuffix": "%", "gridcolor": "#e9ecef"},
        yaxis={"autorange": "reversed", "automargin": True}))


def quarterly(values: pd.Series, name: str, lang: str, suffix: str = "") -> dict:
    """A value per period; periods without a value are gaps in the line, never zeros."""
    y = [None if pd.isna(v) else float(v) for v in values]
    return figure([trace("scatter", x=list(values.index), y=y, name=name, mode="lines+markers",
                         line={"color": FOCUS, "width": 2}, connectgaps=False,
                         hovertemplate=f"%{{x}}: %{{y:,.0f}}{suffix}<extra></extra>")],
                  base_layout(lang, height=280, margin={"l": 50, "r": 10, "t": 10, "b": 40},
                              yaxis={"rangemode": "tozero", "gridcolor": "#e9ecef",
                                     "tickformat": ",.0f", "ticksuffix": suffix},
                              xaxis={"type": "category", "nticks": 12}))


# --- Social development companies ---

# one colour per scheme, by its place in the value list (the Wsw first)
SCHEME_COLOURS = ("#0b4f8a", "#3b82c4", "#7fb3e0", "#c9a227", "#6c757d", "#8e5ea2", "#3cba9f")


def workforce_figure(monthly: pd.DataFrame, measure: str, lang: str) -> dict:
    """Persons (or FTE) per month by scheme: the Wsw in the upper panel, the other schemes
    stacked in a lower panel of their own scale, where the Wsw's bulk does not hide them."""
    panel = {s: "y" if w else "y2" for s, w in zip(monthly["regeling"].tolist(),
                                                   monthly["wsw"].tolist(), strict=True)}
    colour = dict(zip(monthly["regeling"].tolist(), monthly["volgorde"].tolist(), strict=True))
    traces = [trace("scatter", x=[f"{p}-01" for p in grp["periode"].tolist()],
                            y=[float(v) for v in grp[measure]], name=category(scheme, lang),
                            stackgroup=panel[scheme], yaxis=panel[scheme], mode="lines",
                            line={"width": 0.5,
                                  "color": SCHEME_COLOURS[colour[scheme] % len(SCHEME_COLOURS)]},
                            hovertemplate=f"{category(scheme, lang)}: %{{y:,.0f}}<extra></extra>")
              for scheme, grp in monthly.groupby("regeling", sort=False)]
    both = len(set(panel.values())) == 2
    axis = {"tickformat": ",.0f", "gridcolor": "#e9ecef", "rangemode": "tozero"}
    return figure(traces, base_layout(
        lang, height=380 if both else 300, margin={"l": 50, "r": 10, "t": 10, "b": 40},
        hovermode="x unified", legend={"orientation": "h", "y": -0.15},
        yaxis={**axis, "domain": [0.45, 1] if both else [0, 1]},
        yaxis2={**axis, "domain": [0, 0.38], "anchor": "x"} if both else {**axis},
        xaxis={"type": "date", "tickformat": "%Y", "anchor": "y2" if both else "y"}))


def projection_figure(history: pd.Series, proj: pd.DataFrame, back: pd.DataFrame | None,
                      lang: str) -> dict:
    """Wsw each January, the projection to 2035 with its band, and the back-test (if any)."""
    years = [int(y) for y in proj["jaar"]]
    hover = "%{x}: %{y:,.0f}<extra></extra>"
    traces = [
        trace("scatter", x=years + years[::-1],
                      y=[float(v) for v in proj["hoog"]] + [float(v) for v in proj["laag"]][::-1],
                      fill="toself", fillcolor="rgba(11,79,138,0.15)", line={"width": 0},
                      hoverinfo="skip", name=t("band", lang)),
        trace("scatter", x=[int(y) for y in history.index],
                      y=[float(v) for v in history], name=t("observed", lang),
                      mode="lines+markers", line={"color": FOCUS, "width": 3},
                      hovertemplate=hover),
        trace("scatter", x=years, y=[float(v) for v in proj["verwacht"]],
                      name=t("projected", lang), mode="lines",
                      line={"color": FOCUS, "dash": "dash"}, hovertemplate=hover),
    ]
    if back is not None:
        traces.append(trace("scatter", x=[int(y) for y in back["jaar"]],
                                    y=[float(v) for v in back["verwacht"]],
                                    name=t("backtest_line", lang, year=projection.BACKTEST_ORIGIN),
                                    mode="lines", line={"color": "#b45309", "dash": "dot"},
                                    hovertemplate=hover))
    return figure(traces, base_layout(
        lang, height=320, margin={"l": 50, "r": 10, "t": 10, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        yaxis={"tickformat": ",.0f", "rangemode": "tozero", "gridcolor": "#e9ecef"},
        xaxis={"dtick": 2}))


MAX_SERIES = 8
# the amounts run to hundreds of millions nationally: the axis makes room for its labels
EURO_AXIS = {"tickprefix": "€ ", "tickformat": ",.0f", "gridcolor": "#e9ecef", "automargin": True}


def largest(rows: Iterable[tuple], sep: str,
            lang: str) -> list[tuple[str, list[int], list[float]]]:
    """(name, years, amounts) for a stacked bar chart from rows of (*key, year, amount): the
    largest groups by total, and the rest summed as one 'other' series, so that a national
    view of dozens of companies stays readable (the tables keep every group). Summed in one
    pass over the rows: a pandas grouping per series costs more than the rows do."""
    per_group: dict[tuple, dict[int, float]] = {}
    for *key, year, amount in rows:
        if amount is not None and amount == amount:  # not NaN
            years = per_group.setdefault(tuple(key), {})
            years[int(year)] = years.get(int(year), 0.0) + float(amount)
    groups = sorted(sorted(per_group.items()), key=lambda kv: -sum(kv[1].values()))
    kept = groups if len(groups) <= MAX_SERIES else groups[:MAX_SERIES - 1]
    series = [(sep.join(key), years) for key, years in kept]
    if len(groups) > len(kept):
        rest: dict[int, float] = {}
        for _key, years in groups[len(kept):]:
            for year, amount in years.items():
                rest[year] = rest.get(year, 0.0) + amount
        series.append((t("other_series", lang, n=len(groups) - len(kept)), rest))
    return [(name, sorted(years), [years[y] for y in sorted(years)]) for name, years in series]


def revenue_figure(full: list, heads: dict[int, float], lang: str) -> dict:
    """Revenue per full year (rows of `sob_data.sob_revenue`), stacked by unit, with the average
    headcount per year on a second axis."""
    traces = [trace("bar", x=years, y=values, name=name,
                            hovertemplate=f"{name}: € %{{y:,.0f}}<extra></extra>")
              for name, years, values in largest(
                  ((r.organisatie, r.unit, r.jaar, r.omzet) for r in full), " · ", lang)]
    traces.append(trace("scatter", x=list(heads), y=list(heads.values()), yaxis="y2",
                                name=t("avg_persons", lang), mode="lines+markers",
                                line={"color": "#212529"},
                                hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
    return figure(traces, base_layout(
        lang, barmode="stack", height=340, margin={"l": 60, "r": 60, "t": 10, "b": 40},
        legend={"orientation": "h", "y": -0.25, "font": {"size": 11}},
        yaxis=EURO_AXIS,
        yaxis2={"overlaying": "y", "side": "right", "tickformat": ",.0f",
                "rangemode": "tozero", "showgrid": False,
                "title": {"text": t("avg_persons", lang)}}))


def funding_figure(fund: list, lang: str) -> dict:
    """Funding per year (rows of `sob_data.funding`), stacked by scheme (structural amounts are
    in the table)."""
    traces = [trace("bar", x=years, y=values, name=name,
                            hovertemplate=f"{name}: € %{{y:,.0f}}<extra></extra>")
              for name, years, values in largest(
                  ((r.regeling, r.organisatie, r.jaar, r.bedrag) for r in fund
                   if pd.notna(r.jaar)), " · ", lang)]
    return figure(traces, base_layout(
        lang, barmode="stack", height=320, margin={"l": 60, "r": 10, "t": 10, "b": 40},
        legend={"orientation": "h", "y": -0.25, "font": {"size": 11}},
        yaxis=EURO_AXIS,
        xaxis={"dtick": 1}))
