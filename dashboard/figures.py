"""Pure figure builders: frames and rows in, plotly figures as plain dicts out.

No data access here; callbacks fetch through `dashboard.data` and hand the result over.
Colours never carry meaning alone: every figure sits next to text or a table that says the same.
"""

from __future__ import annotations

import math

import pandas as pd

from dashboard.i18n import fmt_number, fmt_value, t

# Status colours with at least 3:1 contrast on white (WCAG 1.4.11 for graphics).
STATUS_COLOUR = {"behaald": "#146c43", "op_koers": "#0f766e", "risico": "#b45309",
                 "achter": "#b91c1c", "geen_doel": "#6c757d"}
FOCUS, OTHER, TARGET, BENCHMARK = "#0b4f8a", "#9fb7cf", "#212529", "#6f42c1"
# Red below the target, blue above; reversed where lower is better.
SCALE = "RdYlBu"
MAP_RANGE = (50, 150)  # realisation as % of the target


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


def gauge(row: dict, unit: str, lang: str) -> dict:
    """A gauge of one indicator: the bar is the realisation, the black line the target."""
    value, target = scaled(row.get("realisatie"), unit), scaled(row.get("doel"), unit)
    share = unit == "aandeel"
    top = 100 if share else _nice_max(value, target)
    g = {"axis": {"range": [0, top], "tickformat": ",.0f"},
         "bar": {"color": STATUS_COLOUR[row.get("status") or "geen_doel"], "thickness": 0.6},
         "bgcolor": "#eef1f4", "borderwidth": 0}
    if target is not None:
        g["threshold"] = {"line": {"color": TARGET, "width": 4}, "thickness": 0.9,
                          "value": target}
    number = {"valueformat": ",.1f" if share else ",.0f", "suffix": "%" if share else "",
              "font": {"size": 30}}
    return figure([trace("indicator", mode="gauge+number", value=value, gauge=g, number=number)],
                  base_layout(lang, height=170, margin={"l": 42, "r": 42, "t": 25, "b": 5}))


def trend(history: pd.DataFrame, focus: str, unit: str, lang: str,
          benchmark: dict | None = None) -> dict:
    """The focus area's realisation over time with the target that applied in each period as
    a stepped line (named for what it is: an invented target is a "Voorbeelddoel"), and a
    benchmark as a dotted level line; for shares the region's line is drawn beside it (counts
    differ in scale, so they are compared per 1,000 inhabitants in the comparison chart
    instead)."""
    mine = history[history["gebied_code"] == focus]
    lines = [(mine, FOCUS, mine["gebied_naam"].iloc[0] if len(mine) else focus)]
    region = history[history["gebied_niveau"] == "arbeidsmarktregio"]
    if unit == "aandeel" and len(region) and focus not in set(region["gebied_code"]):
        lines.append((region, OTHER, f"{region['gebied_naam'].iloc[0]} "
                                     f"({t('region_total', lang)})"))
    fmt = ",.1f" if unit == "aandeel" else ",.0f"
    traces = [trace("scatter", x=[d.isoformat() for d in df["einddatum"]],
                    y=[scaled(v, unit) for v in df["realisatie"]], name=name, mode="lines",
                    line={"color": colour, "width": 3 if colour == FOCUS else 2},
                    customdata=list(df["periode"]),
                    hovertemplate=f"%{{customdata}}: %{{y:{fmt}}}<extra></extra>")
              for df, colour, name in lines]
    if mine["doel"].notna().any():
        kinds = set(mine["doel_status"].dropna())
        name = (f"◇ {t('voorbeeld', lang)}" if kinds == {"voorbeeld"}
                else t("target_line", lang))
        traces.append(trace(
            "scatter", x=[d.isoformat() for d in mine["einddatum"]],
            y=[scaled(v, unit) for v in mine["doel"]], name=name,
            mode="lines+markers", marker={"size": 6},
            line={"color": TARGET, "dash": "dash", "shape": "hv"},
            customdata=[[p, t(k, lang) if isinstance(k, str) else ""]
                        for p, k in zip(mine["periode"], mine["doel_status"], strict=True)],
            hovertemplate=f"%{{customdata[0]}}: %{{y:{fmt}}} (%{{customdata[1]}})<extra></extra>"))
    if benchmark is not None and len(mine):
        label = t("benchmark_line", lang, jaar=benchmark["jaar"],
                  waarde=fmt_value(benchmark["waarde"], unit, lang))
        ends = [mine["einddatum"].iloc[0].isoformat(), mine["einddatum"].iloc[-1].isoformat()]
        traces.append(trace("scatter", x=ends, y=[scaled(benchmark["waarde"], unit)] * 2,
                            name=label, mode="lines", line={"color": BENCHMARK, "dash": "dot"},
                            hovertemplate=f"{label}<extra></extra>"))
    return figure(traces, base_layout(
        lang, height=300, margin={"l": 50, "r": 10, "t": 10, "b": 40}, hovermode="x unified",
        legend={"orientation": "h", "y": -0.2},
        xaxis={"type": "date", "tickformat": "%Y", "showgrid": False},
        yaxis={"ticksuffix": "%" if unit == "aandeel" else "", "rangemode": "tozero",
               "tickformat": ",.0f", "gridcolor": "#e9ecef"}))


def comparison_values(latest: pd.DataFrame, indicator: str, unit: str,
                      per_1000: bool) -> pd.DataFrame:
    """One indicator's latest value per area, as shown in the comparison (per 1,000
    inhabitants for counts that grow with size), region total last."""
    df = latest[latest["indicator"] == indicator].copy()
    if per_1000:
        df["waarde"] = df["realisatie"] / df["inwoners"] * 1000
    else:
        df["waarde"] = [scaled(v, unit) for v in df["realisatie"]]
    df["is_regio"] = df["gebied_niveau"] == "arbeidsmarktregio"
    return df.sort_values(["is_regio", "waarde"], ascending=[True, True])[
        ["gebied_code", "gebied_naam", "gebied_niveau", "periode", "realisatie", "inwoners",
         "waarde", "is_regio", "provenance"]].reset_index(drop=True)


def comparison(values: pd.DataFrame, focus: str, unit: str, per_1000: bool,
               lang: str) -> dict:
    """Municipalities as horizontal bars (the focus in dark blue), the region as a line."""
    munis = values[~values["is_regio"]]
    fmt = ",.1f" if per_1000 or unit == "aandeel" else ",.0f"
    suffix = "%" if unit == "aandeel" and not per_1000 else ""
    layout = base_layout(
        lang, height=70 + 32 * len(munis), margin={"l": 10, "r": 60, "t": 40, "b": 30},
        xaxis={"title": {"text": t("per_1000", lang)} if per_1000 else None,
               "ticksuffix": suffix, "gridcolor": "#e9ecef", "rangemode": "tozero"},
        yaxis={"automargin": True}, showlegend=False)
    region = values[values["is_regio"]]
    if len(region) and pd.notna(region["waarde"].iloc[0]):
        x = float(region["waarde"].iloc[0])
        layout["shapes"] = [{"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1,
                             "yref": "paper", "line": {"color": TARGET, "dash": "dot"}}]
        layout["annotations"] = [{"x": x, "y": 1, "yref": "paper", "yanchor": "bottom",
                                  "xanchor": "right", "showarrow": False,
                                  "text": f"┆ {region['gebied_naam'].iloc[0]} "
                                          f"({t('region_total', lang)})"}]
    return figure([trace(
        "bar", x=[float(v) for v in munis["waarde"]], y=list(munis["gebied_naam"]),
        orientation="h",
        marker={"color": [FOCUS if c == focus else OTHER for c in munis["gebied_code"]]},
        texttemplate=f"%{{x:{fmt}}}{suffix}", textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{y}}: %{{x:{fmt}}}{suffix}<extra></extra>")], layout)


def map_values(latest: pd.DataFrame, indicator: str, codes: list[str], richting: str,
               lang: str) -> dict:
    """What the map shows for one indicator, in the order of `codes`: colour values (% of
    target), hover text and whether the scale is reversed (lower is better)."""
    df = latest[(latest["indicator"] == indicator)
                & (latest["gebied_niveau"] == "gemeente")].set_index("gebied_code")
    z, text = [], []
    for code in codes:
        pct = df["realisatie_pct"].get(code) if code in df.index else None
        pct = None if pct is None or pd.isna(pct) else round(float(pct) * 100, 1)
        z.append(pct)
        name = df["gebied_naam"].get(code, code) if code in df.index else code
        example = code in df.index and df["doel_status"].get(code) == "voorbeeld"
        text.append(f"{name}: {t('no_target', lang)}" if pct is None else
                    f"{name}: {fmt_number(pct, lang, 1)}% {t('of_target', lang)}"
                    + (f" (◇ {t('voorbeeld', lang)})" if example else ""))
    return {"z": z, "text": text, "reverse": richting == "lager_beter"}


def region_map(values: dict, codes: list[str], lang: str, boundaries: dict | None = None,
               centroids: pd.DataFrame | None = None) -> dict:
    """A choropleth on the boundary file, or, without one, square tiles at the centroids.
    The geometry goes to the browser once; `map_patch` changes only the colours."""
    colorbar = {"ticksuffix": "%", "thickness": 12, "len": 0.8}
    if boundaries is not None:
        from dashboard.geo import bounds

        west, south, east, north = bounds(boundaries)
        span = max(east - west, (north - south) / math.cos(math.radians((north + south) / 2)))
        zoom = math.log2(360 / span * 0.85 * 520 / 512)
        data = trace("choroplethmap", geojson=boundaries, locations=codes, z=values["z"],
                     text=values["text"], customdata=codes, featureidkey="id",
                     marker={"line": {"color": "white", "width": 1}},
                     hovertemplate="%{text}<extra></extra>", zmin=MAP_RANGE[0],
                     zmax=MAP_RANGE[1], colorscale=SCALE, reversescale=values["reverse"],
                     colorbar=colorbar)
        extra = {"map": {"style": "white-bg", "zoom": zoom,
                         "center": {"lon": (west + east) / 2, "lat": (south + north) / 2}}}
    else:
        cen = centroids.set_index("gemeente_code").loc[codes]
        data = trace("scatter", x=list(cen["lon"]), y=list(cen["lat"]), mode="markers+text",
                     text=values["text"], texttemplate=list(cen["gemeente_naam"]),
                     textposition="bottom center", customdata=codes,
                     hovertemplate="%{text}<extra></extra>",
                     marker={"symbol": "square", "size": 56, "color": values["z"],
                             "colorscale": SCALE, "reversescale": values["reverse"],
                             "cmin": MAP_RANGE[0], "cmax": MAP_RANGE[1], "colorbar": colorbar,
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
        patch["data"][0]["marker"]["reversescale"] = values["reverse"]
    else:
        patch["data"][0]["z"] = values["z"]
        patch["data"][0]["reversescale"] = values["reverse"]
    patch["data"][0]["text"] = values["text"]
    return patch


def protected_heatmap(table: pd.DataFrame, mask: pd.DataFrame, texts: pd.DataFrame,
                      lang: str) -> dict:
    """Instrument × target group without the margins; hidden cells grey, labelled as shown."""
    inner = table.iloc[:-1, :-1]
    hidden = mask.iloc[:-1, :-1].to_numpy()
    z = [[None if h else float(v) for v, h in zip(row, hrow, strict=True)]
         for row, hrow in zip(inner.to_numpy(), hidden, strict=True)]
    return figure([trace(
        "heatmap", z=z, x=list(inner.columns), y=list(inner.index),
        text=texts.iloc[:-1, :-1].to_numpy().tolist(), texttemplate="%{text}",
        colorscale="Blues", hoverongaps=True, xgap=2, ygap=2,
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>", colorbar={"thickness": 12})],
        base_layout(lang, height=90 + 42 * len(inner),
                    margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor="#dee2e6",
                    xaxis={"side": "top", "automargin": True},
                    yaxis={"autorange": "reversed", "automargin": True}))


def outcome_shares(shares: pd.DataFrame, lang: str) -> dict:
    """Per target group, the share of each outcome (hidden shares left out, so bars may fall
    short of 100%)."""
    palette = ["#0b4f8a", "#3b82c4", "#7fb3e0", "#c9a227", "#b91c1c"]
    traces = [trace("bar", x=[None if pd.isna(v) else float(v) * 100 for v in shares[col]],
                    y=list(shares.index), name=col, orientation="h",
                    marker={"color": palette[k % len(palette)]},
                    hovertemplate=f"%{{y}} · {col}: %{{x:,.1f}}%<extra></extra>")
              for k, col in enumerate(shares.columns)]
    return figure(traces, base_layout(
        lang, barmode="stack", height=90 + 36 * len(shares),
        margin={"l": 10, "r": 10, "t": 10, "b": 40}, legend={"orientation": "h", "y": -0.15},
        xaxis={"range": [0, 100], "ticksuffix": "%", "gridcolor": "#e9ecef"},
        yaxis={"autorange": "reversed", "automargin": True}))


def quarterly(values: pd.Series, hidden: pd.Series, name: str, lang: str,
              suffix: str = "") -> dict:
    """A value per period; hidden periods are gaps in the line."""
    y = [None if h else float(v) for v, h in zip(values, hidden, strict=True)]
    return figure([trace("scatter", x=list(values.index), y=y, name=name, mode="lines+markers",
                         line={"color": FOCUS, "width": 2}, connectgaps=False,
                         hovertemplate=f"%{{x}}: %{{y:,.0f}}{suffix}<extra></extra>")],
                  base_layout(lang, height=280, margin={"l": 50, "r": 10, "t": 10, "b": 40},
                              yaxis={"rangemode": "tozero", "gridcolor": "#e9ecef",
                                     "tickformat": ",.0f", "ticksuffix": suffix},
                              xaxis={"type": "category", "nticks": 12}))
