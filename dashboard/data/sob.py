"""Social development companies: workforce, the Wsw decline, revenue and funding."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from dashboard.data import vocabulary
from dashboard.data.core import any_of, asked, marks, memoised, query, records
from dashboard.data.protected import (
    counts_with_margins,
    cross_table,
    labelled,
    perturbed_sql,
    ptable,
    scaled_sql,
    sum_by,
)
from dashboard.filters import SobDomain, SobFilters
from dashboard.protection import TOTAL


@memoised
def sob_domain() -> SobDomain:
    """The values the company filters may take."""
    row = query("""SELECT list(DISTINCT organisatie ORDER BY organisatie) AS o,
                          list(DISTINCT unit ORDER BY unit) AS u,
                          list(DISTINCT werkvorm ORDER BY werkvorm) AS w,
                          list(DISTINCT regeling ORDER BY regeling) AS r,
                          list(DISTINCT gemeente_code ORDER BY gemeente_code)
                              FILTER (WHERE gemeente_code IS NOT NULL) AS g,
                          list(DISTINCT periode ORDER BY periode) AS m
                   FROM fct_sob_bezetting""").iloc[0]
    return SobDomain(*(tuple(row[k]) if row[k] is not None else () for k in "ouwrgm"))


@memoised
def published_totals() -> dict[tuple[str, str, str], tuple[int, int]]:
    """The workforce totals the companies' reports published (fct_sob_gepubliceerd):
    (month, organisation, scheme) -> (the published headcount, the true sum of the company's
    rows for it)."""
    return {(m, o, r): (int(v), int(n)) for m, o, r, v, n in records(
        """SELECT g.periode, g.organisatie, g.regeling, g.medewerkers, coalesce(b.n, 0)
           FROM fct_sob_gepubliceerd g
           LEFT JOIN (SELECT periode, organisatie, regeling, sum(medewerkers) AS n
                      FROM fct_sob_maand GROUP BY ALL) b USING (periode, organisatie, regeling)
           WHERE g.provenance = 'published'""")}


def as_published(f: SobFilters, months, schemes, counts, shown) -> np.ndarray:
    """`shown` (perturbed counts of cells of the slice `f`, per month and scheme; a scheme of
    None: the slice's own schemes) with every cell that is exactly a published total shown as
    published. A cell is that total when it lies within one organisation and one scheme (the
    slice chooses that one organisation, or there is only one, and that scheme) and holds all
    of the total's persons: its true count is the true count of the total (filters on unit,
    work form or home town only take persons away, so an equal count is the same persons).
    The total is public, so showing it exactly tells nothing new; the cells inside it stay
    perturbed, and the published total minus perturbed parts is noise, not a count."""
    shown = np.array(shown, dtype="int64")
    published = published_totals()
    organisations = f.organisaties or sob_domain().organisaties
    if not published or len(organisations) != 1:
        return shown
    [organisation] = organisations
    for i, (month, scheme, count) in enumerate(zip(months, schemes, counts, strict=True)):
        if scheme is None:
            if len(f.regelingen) != 1:
                continue
            scheme = f.regelingen[0]
        value, true = published.get((month, organisation, scheme), (None, None))
        if value is not None and int(count) == true:
            shown[i] = value
    return shown


def _sob_where(f: SobFilters) -> tuple[str, list]:
    """The company filters as a WHERE clause (fixed column names, bound values)."""
    sql, params = any_of((column, values) for column, values in (
        ("organisatie", f.organisaties), ("unit", f.units), ("werkvorm", f.werkvormen),
        ("regeling", f.regelingen), ("gemeente_code", f.gemeenten)))
    return " AND ".join(["periode BETWEEN ? AND ?", *sql]), [f.van, f.tot, *params]


def _sob_table(f: SobFilters) -> str:
    """The workforce table a slice is read from: without home municipalities (a tenth of
    the rows) unless some are chosen."""
    return "fct_sob_bezetting" if f.gemeenten else "fct_sob_maand"


def sob_monthly(f: SobFilters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Persons and FTE per month and scheme (regeling; with `volgorde`, the scheme's place in
    its value list, and `wsw`, whether it is the Wsw) for the chosen slice, and per month
    over all its schemes (`personen`, `fte`, `wsw`: persons in the Wsw), persons perturbed
    and each FTE scaled with its own cell's persons: a month's total is a cell of its own,
    not the sum of its perturbed parts. Rows whose shown count is 0 are left out, as rows
    without records are: a shown 0 and a true 0 look the same."""
    where, params = _sob_where(f)
    df = query(f"""SELECT periode, regeling, sum(medewerkers)::BIGINT AS personen,
                          sum(medewerkers_sleutel)::BIGINT AS sleutel, sum(fte)::DOUBLE AS fte,
                          grouping(regeling) = 1 AS totaal
                   FROM {_sob_table(f)} WHERE {where}
                   GROUP BY GROUPING SETS ((periode, regeling), (periode))
                   ORDER BY periode, regeling""", params)
    total = df.pop("totaal").to_numpy(dtype=bool)
    shown = as_published(f, df["periode"].tolist(),
                         [None if t else r for t, r in zip(total, df["regeling"].tolist(),
                                                           strict=True)],
                         df["personen"], ptable().perturb(df["personen"], df.pop("sleutel")))
    df["fte"] = ptable().scale(df["fte"], df["personen"], shown)
    df["personen"] = shown
    # a row is drawn only where its SHOWN count is not 0: a slice has rows where it has
    # records, so a drawn 0 would tell a true 1-4 from an absent true 0 (the export's rule)
    drawn = df["personen"].to_numpy() != 0
    per_scheme = df[~total & drawn].reset_index(drop=True)
    months = df[total & drawn].set_index("periode")[["personen", "fte"]]
    months.index = months.index.astype(object)
    schemes = vocabulary.values("Regeling")
    per_scheme["volgorde"] = [schemes.index(s) for s in per_scheme["regeling"].tolist()]
    per_scheme["wsw"] = per_scheme["regeling"] == vocabulary.the("Regeling", "wsw")
    wsw = per_scheme[per_scheme["wsw"]].set_index("periode")["personen"]
    months["wsw"] = wsw.reindex(months.index).fillna(0).to_numpy(dtype="int64")
    return per_scheme, months


def sob_units(f: SobFilters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """At the last month of the period: persons per organisation/unit × work form (perturbed,
    with totals) and FTE per organisation/unit and in total, each scaled with the persons of
    its unit's (or the grand) total."""
    where, params = _sob_where(dataclasses.replace(f, van=f.tot))
    rows = records(f"""SELECT organisatie || ' · ' || unit AS eenheid, werkvorm,
                              sum(medewerkers)::BIGINT AS n,
                              sum(medewerkers_sleutel)::BIGINT AS sleutel,
                              sum(fte)::DOUBLE AS fte
                       FROM {_sob_table(f)} WHERE {where} GROUP BY ALL""", params)
    units = sorted({r[0] for r in rows})
    forms = sorted({r[1] for r in rows})
    true, keys = counts_with_margins((r[:4] for r in rows), units, forms)
    # a cell that is exactly a published total (e.g. the grand total of one company's Wsw in
    # the month published) shows it as published
    shown = as_published(f, [f.tot] * true.size, [None] * true.size, true.ravel(),
                         ptable().perturb(true, keys).ravel()).reshape(true.shape)
    table = labelled(shown, units, forms, ("eenheid", "werkvorm"))
    fte = sum_by(rows, 0, 4, units, "float64")
    # each unit's FTE (and the grand total's) scaled with its row total's persons
    fte = pd.DataFrame({"fte": ptable().scale(np.append(fte, fte.sum()), true[:, -1],
                                              table[TOTAL].to_numpy())},
                       index=pd.Index([*units, TOTAL], name="eenheid", dtype=object))
    # units and work forms are listed only where their SHOWN total is not 0: a listed unit
    # of 0 would tell a true 1-4 from a unit without records (the export's rule)
    rows_kept = [u for u in table.index if u == TOTAL or table.loc[u, TOTAL] != 0]
    cols_kept = [w for w in table.columns if w == TOTAL or table.loc[TOTAL, w] != 0]
    return table.loc[rows_kept, cols_kept], fte.loc[rows_kept]


def sob_revenue(f: SobFilters) -> pd.DataFrame:
    """Revenue per year and unit over the period's months (`maanden`: how many had revenue),
    with the unit's average FTE over each whole year of the period (for revenue per FTE),
    each month's FTE scaled with that unit-month's persons (exact, revenue per FTE would give
    the unit's average headcount back); scheme, work form and municipality do not split
    revenue, so only organisation and unit filter it."""
    # every month of the period's years: the average FTE is over whole years
    years, params = _sob_where(dataclasses.replace(f.by_unit, van=f.van[:4],
                                                   tot=f.tot[:4] + "-99"))
    in_period = "FILTER (WHERE periode BETWEEN ? AND ?)"
    shown = perturbed_sql("medewerkers", "medewerkers_sleutel")
    return query(f"""SELECT *, omzet / nullif(fte_gem, 0) AS omzet_per_fte FROM (
                         SELECT left(periode, 4)::INTEGER AS jaar, organisatie, unit,
                                (sum(omzet) {in_period})::DOUBLE AS omzet,
                                count(omzet) {in_period} AS maanden,
                                avg({scaled_sql("fte", "medewerkers", "getoond")}) AS fte_gem
                         FROM (SELECT *, {shown} AS getoond FROM fct_sob_eenheid
                               WHERE {years})
                         GROUP BY ALL)
                     WHERE maanden > 0 ORDER BY jaar, organisatie, unit""",
                 [f.van, f.tot] * 2 + params)


@memoised(known=lambda organisaties: set(organisaties) <= set(sob_domain().organisaties))
def funding(organisaties: tuple[str, ...] = ()) -> pd.DataFrame:
    """Funding per scheme and year (structural amounts have no year)."""
    where = f"WHERE organisatie IN ({marks(organisaties)})" if organisaties else ""
    return query(f"""SELECT organisatie, regeling, jaar, structureel, bedrag::DOUBLE AS bedrag,
                            provenance FROM fct_financiering {where}
                     ORDER BY organisatie, regeling, jaar NULLS LAST""", list(organisaties))


def wsw_yearly(f: SobFilters) -> pd.Series:
    """Wsw headcount each January of the chosen slice, perturbed (the whole history: a
    projection needs it whatever period is on screen)."""
    g = dataclasses.replace(f, van="0000", tot="9999",
                            regelingen=(vocabulary.the("Regeling", "wsw"),))
    where, params = _sob_where(g)
    df = query(f"""SELECT left(periode, 4)::INTEGER AS jaar, sum(medewerkers)::BIGINT AS n,
                          sum(medewerkers_sleutel)::BIGINT AS sleutel
                   FROM {_sob_table(g)} WHERE {where} AND periode LIKE '%-01'
                   GROUP BY ALL ORDER BY jaar""", params)
    shown = as_published(g, [f"{y}-01" for y in df["jaar"]], list(g.regelingen) * len(df), df["n"],
                         ptable().perturb(df["n"], df["sleutel"]))
    history = pd.Series(shown, index=df["jaar"], name="n")
    # a January is in the history only where its shown count is not 0 (as an absent one)
    return history[history != 0]


class SobView:
    """Every company figure for one slice. Its questions are asked at once and each figure
    waits for its own answer only, so the page draws the first views while the warehouse
    still answers for the next: Python and DuckDB share the cores instead of taking turns."""

    def __init__(self, f: SobFilters):
        calls = {"monthly": (sob_monthly, f), "units": (sob_units, f), "wsw": (wsw_yearly, f),
                 "revenue": (sob_revenue, f), "funding": (funding, f.organisaties)}
        if f.by_unit != f:
            calls["revenue_monthly"] = (sob_monthly, f.by_unit)
        self._answers = dict(zip(calls, asked(*calls.values()), strict=True))

    def _answer(self, name: str):
        return self._answers[name].result()

    @property
    def monthly(self) -> pd.DataFrame:
        """Per month and scheme (see `sob_monthly`)."""
        return self._answer("monthly")[0]

    @property
    def months(self) -> pd.DataFrame:
        """Per month over all schemes (see `sob_monthly`)."""
        return self._answer("monthly")[1]

    @property
    def units(self) -> pd.DataFrame:
        """Persons per unit and work form (see `sob_units`)."""
        return self._answer("units")[0]

    @property
    def unit_fte(self) -> pd.DataFrame:
        """FTE per unit (see `sob_units`)."""
        return self._answer("units")[1]

    @property
    def wsw(self) -> pd.Series:
        """See `wsw_yearly`."""
        return self._answer("wsw")

    @property
    def revenue(self) -> pd.DataFrame:
        """See `sob_revenue`."""
        return self._answer("revenue")

    @property
    def revenue_months(self) -> pd.DataFrame:
        """`sob_monthly`'s months of the slice revenue is split by."""
        return self._answer("revenue_monthly" if "revenue_monthly" in self._answers
                            else "monthly")[1]

    @property
    def funding(self) -> pd.DataFrame:
        """See `funding`."""
        return self._answer("funding")


def workforce_table(monthly: pd.DataFrame) -> pd.DataFrame:
    """`sob_monthly`'s persons per month and scheme as a table: every twelfth month back from
    the last (rows) by scheme (columns)."""
    # plain lists: iterating pandas' Arrow-backed text columns costs several times more
    periods, schemes = monthly["periode"].tolist(), monthly["regeling"].tolist()
    return cross_table(zip(periods, schemes, monthly["personen"].tolist(), strict=True),
                       sorted(set(periods))[::-12], sorted(set(schemes)), ("periode", "regeling"))


def persons_per_year(months: pd.DataFrame, years: list[int]) -> dict[int, float]:
    """The average persons per month of each of `years` (NaN for a year without months), from
    `sob_monthly`'s months: the headcount beside revenue."""
    persons = months["personen"]
    per_year: dict[int, list[float]] = {}
    for month, n in zip(persons.index, persons.tolist(), strict=True):
        per_year.setdefault(int(month[:4]), []).append(n)
    return {y: sum(per_year[y]) / len(per_year[y]) if y in per_year else math.nan
            for y in years}


def sob_view(f: SobFilters) -> SobView:
    """The company questions of one slice, asked at once."""
    return SobView(f)
