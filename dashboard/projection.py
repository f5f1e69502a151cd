"""Wsw headcount projection: with no inflow since 2015 the Wsw workforce only shrinks, so a
constant yearly retention rate (January to January) describes it well.

The rate is the geometric mean of the observed yearly rates; the band uses the lowest and the
highest observed yearly rate. `backtest` projects from an earlier January with only the data
known then and compares with what happened.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

HORIZON = 2035
BACKTEST_ORIGIN = 2019  # the January the page's back-test projects from
BACKTEST_TOLERANCE = 0.10  # the largest relative miss we accept on the sample's history


def _januaries(series: pd.Series) -> list[tuple[int, float]]:
    """(year, headcount) in year order, as plain numbers: the series hold a dozen values,
    for which pandas' own operations cost more than the arithmetic."""
    return sorted((int(y), float(v)) for y, v in series.items())


def retention(series: pd.Series) -> tuple[float, float, float]:
    """(geometric mean, lowest, highest) yearly retention rate of a January series."""
    return _rates(_januaries(series))


def _rates(januaries: list[tuple[int, float]]) -> tuple[float, float, float]:
    """`retention` of (year, headcount) pairs in year order."""
    s = [(y, v) for y, v in januaries if v > 0]
    if len(s) < 2:
        raise ValueError("a projection needs at least two Januaries with Wsw employees")
    rates = [b / a for (_, a), (_, b) in zip(s, s[1:], strict=False)]
    (first_year, first), (last_year, last) = s[0], s[-1]
    return (last / first) ** (1 / (last_year - first_year)), min(rates), max(rates)


def project(series: pd.Series, until: int = HORIZON) -> pd.DataFrame:
    """Expected headcount and band each January after the last observed one."""
    januaries = _januaries(series)
    mean, low, high = _rates(januaries)
    start, base = januaries[-1]
    years = range(start + 1, until + 1)
    return pd.DataFrame({"jaar": list(years),
                         "verwacht": [base * mean ** (y - start) for y in years],
                         "laag": [base * low ** (y - start) for y in years],
                         "hoog": [base * high ** (y - start) for y in years]})


def backtest(series: pd.Series, origin: int) -> pd.DataFrame | None:
    """Project from January `origin` with the years up to it; compare with the actual years.
    None when there is nothing to test: fewer than two Januaries with Wsw employees up to
    `origin`, or no year after it."""
    s = _januaries(series)
    known, later = [(y, v) for y, v in s if y <= origin], [(y, v) for y, v in s if y > origin]
    if not later or sum(v > 0 for _, v in known) < 2:
        return None
    mean, low, high = _rates(known)
    start, base = known[-1]
    expected = np.array([base * mean ** (y - start) for y, _ in later])
    actual = np.array([v for _, v in later])
    # a year without Wsw employees left is an infinite miss, not an error
    with np.errstate(divide="ignore", invalid="ignore"):
        miss = (expected - actual) / actual
    return pd.DataFrame({"jaar": [y for y, _ in later], "verwacht": expected,
                         "laag": [base * low ** (y - start) for y, _ in later],
                         "hoog": [base * high ** (y - start) for y, _ in later],
                         "werkelijk": actual, "afwijking": miss})


def half_life(series: pd.Series) -> float:
    """Years until half of today's Wsw employees remain, at the mean rate."""
    mean, _, _ = retention(series)
    return math.log(0.5) / math.log(mean) if mean < 1 else math.inf
