"""Wsw headcount projection: with no inflow since 2015 the Wsw workforce only shrinks, so a
constant yearly retention rate (January to January) describes it well.

The rate is the geometric mean of the observed yearly rates; the band uses the lowest and the
highest observed yearly rate. `backtest` projects from an earlier January with only the data
known then and compares with what happened.
"""

from __future__ import annotations

import math

import pandas as pd

HORIZON = 2035
BACKTEST_TOLERANCE = 0.10  # the largest relative miss we accept on the sample's history


def retention(series: pd.Series) -> tuple[float, float, float]:
    """(geometric mean, lowest, highest) yearly retention rate of a January series."""
    s = series.sort_index().astype(float)
    s = s[s > 0]
    if len(s) < 2:
        raise ValueError("a projection needs at least two Januaries with Wsw employees")
    rates = (s.shift(-1) / s).dropna()
    years = s.index[-1] - s.index[0]
    mean = (s.iloc[-1] / s.iloc[0]) ** (1 / years)
    return mean, float(rates.min()), float(rates.max())


def project(series: pd.Series, until: int = HORIZON) -> pd.DataFrame:
    """Expected headcount and band each January after the last observed one."""
    s = series.sort_index()
    mean, low, high = retention(s)
    start, base = int(s.index[-1]), float(s.iloc[-1])
    years = range(start + 1, until + 1)
    return pd.DataFrame({"jaar": list(years),
                         "verwacht": [base * mean ** (y - start) for y in years],
                         "laag": [base * low ** (y - start) for y in years],
                         "hoog": [base * high ** (y - start) for y in years]})


def backtest(series: pd.Series, origin: int) -> pd.DataFrame:
    """Project from January `origin` with the years up to it; compare with the actual years."""
    s = series.sort_index()
    known, later = s[s.index <= origin], s[s.index > origin]
    proj = project(known, until=int(later.index.max())).set_index("jaar")
    out = proj.loc[later.index].assign(werkelijk=later.astype(float))
    out["afwijking"] = (out["verwacht"] - out["werkelijk"]) / out["werkelijk"]
    return out.reset_index()


def half_life(series: pd.Series) -> float:
    """Years until half of today's Wsw employees remain, at the mean rate."""
    mean, _, _ = retention(series)
    return math.log(0.5) / math.log(mean) if mean < 1 else math.inf
