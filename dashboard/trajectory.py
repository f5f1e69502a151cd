"""When will a target be reached at the current pace, and where should the figure be now.

Method (stated on the pages and in the report): the figures are taken per quarter (the last
value of each quarter). The pace is the least-squares trend of the last four quarters, in
units per quarter; its band runs from the slowest to the fastest of the three quarter-on-
quarter changes in those four quarters. The trend is extended from the latest quarter until
it crosses the target. Indicators that count up within a year and start again in January
(Werkcentrum placements) are first turned into a running total across the years, so that a
new year is not read as a fall; their target is then this year's target on top of last year's
closing total, and it can only be reached before the year ends.

`backtest` applies the same method from every earlier quarter with only the quarters known
then, and counts how often the value a year later fell inside the band.

No data access and no Dash here: numbers in, numbers out.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

WINDOW = 4  # quarters in the trend
HORIZON = 4  # quarters ahead in the back-test: a year


def quarter(day: dt.date) -> int:
    """A quarter as one integer (year * 4 + quarter - 1), so that differences count quarters."""
    return day.year * 4 + (day.month - 1) // 3


def quarter_label(q: int, lang: str = "nl") -> str:
    """'2027 K2' in Dutch, '2027 Q2' in English."""
    return f"{q // 4} {'K' if lang == 'nl' else 'Q'}{q % 4 + 1}"


def quarter_end(q: int) -> dt.date:
    """The last day of quarter `q`."""
    year, month = q // 4, (q % 4) * 3 + 3
    return dt.date(year, month, 30 if month in (6, 9) else 31)


def quarterly(points: list[tuple[dt.date, float]], cumulative: bool) -> list[tuple[int, float]]:
    """(quarter, value) in time order from (end date, value) points of any frequency: the last
    value of each quarter. A cumulative-within-year series becomes a running total across the
    years (each year's last value carried into the next)."""
    last: dict[int, tuple[dt.date, float]] = {}
    for day, value in points:
        if value is None or value != value:
            continue
        q = quarter(day)
        if q not in last or day >= last[q][0]:
            last[q] = (day, float(value))
    series = sorted((q, v) for q, (_, v) in last.items())
    if not cumulative:
        return series
    out, carried, year, closing = [], 0.0, None, 0.0
    for q, v in series:
        if year is not None and q // 4 != year:
            carried += closing
        year, closing = q // 4, v
        out.append((q, carried + v))
    return out


def closing_before(series: list[tuple[int, float]], year: int) -> float:
    """The running total at the end of the year before `year` (0 before the first year)."""
    before = [v for q, v in series if q // 4 < year]
    return before[-1] if before else 0.0


@dataclass(frozen=True)
class Pace:
    """Units per quarter: the trend and its band (slowest, fastest quarterly change)."""

    slope: float
    low: float
    high: float


def pace(series: list[tuple[int, float]]) -> Pace | None:
    """The trend of the last WINDOW quarters; None with fewer quarters than that."""
    window = series[-WINDOW:]
    if len(window) < WINDOW:
        return None
    xs, ys = [q for q, _ in window], [v for _, v in window]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
             / sum((x - mx) ** 2 for x in xs))
    steps = [(b - a) / (qb - qa) for (qa, a), (qb, b) in zip(window, window[1:], strict=False)]
    return Pace(slope, min(steps), max(steps))


@dataclass(frozen=True)
class Outlook:
    """Where the trend takes an indicator against its target."""

    latest: int  # the latest quarter
    value: float  # its value (the running total for a cumulative indicator)
    target: float  # on the same scale as `value`
    deadline: int  # the quarter the target is due in
    pace: Pace
    reached: bool  # the target is met already
    at: int | None  # the quarter the trend reaches the target; None: not at this pace
    band: tuple[int | None, int | None]  # the same for the band's good and bad end
    needed: float | None  # change per quarter that reaches the target on time

    @property
    def on_time(self) -> bool:
        return self.reached or (self.at is not None and self.at <= self.deadline)


def _crossing(value: float, target: float, slope: float, sign: int, latest: int,
              last_allowed: int | None) -> int | None:
    gap = sign * (target - value)
    if gap <= 0:
        return latest
    if sign * slope <= 0:
        return None
    at = latest + math.ceil(gap / (sign * slope) - 1e-9)
    return at if last_allowed is None or at <= last_allowed else None


def outlook(series: list[tuple[int, float]], target: float, deadline: int, lower_better: bool,
            cumulative: bool = False) -> Outlook | None:
    """The outlook of a quarterly series (from `quarterly`) against `target` due in quarter
    `deadline`. For a cumulative indicator `target` is the year's own target; the trend can
    then only reach it within the deadline's year. None when there are too few quarters."""
    p = pace(series)
    if p is None:
        return None
    latest, value = series[-1]
    sign = -1 if lower_better else 1
    if cumulative:
        target += closing_before(series, deadline // 4)
    fast, slow = (p.high, p.low) if sign > 0 else (p.low, p.high)
    last_allowed = deadline if cumulative else None
    left = deadline - latest
    return Outlook(
        latest=latest, value=value, target=target, deadline=deadline, pace=p,
        reached=sign * (target - value) <= 0,
        at=_crossing(value, target, p.slope, sign, latest, last_allowed),
        band=(_crossing(value, target, fast, sign, latest, last_allowed),
              _crossing(value, target, slow, sign, latest, last_allowed)),
        needed=(target - value) / left if left > 0 else None)


@dataclass(frozen=True)
class Backtest:
    """How often the value a year later fell inside the projected band."""

    hits: int
    tries: int

    @property
    def rate(self) -> float | None:
        return self.hits / self.tries if self.tries else None


def backtest(series: list[tuple[int, float]], horizon: int = HORIZON) -> Backtest:
    """The method from every quarter with WINDOW quarters before it and a known value
    `horizon` quarters later, using only the quarters up to it."""
    values = dict(series)
    hits = tries = 0
    for n in range(WINDOW, len(series) + 1):
        known = series[:n]
        origin, start = known[-1]
        actual = values.get(origin + horizon)
        p = pace(known)
        if actual is None or p is None:
            continue
        low, high = start + p.low * horizon, start + p.high * horizon
        tries += 1
        hits += low - 1e-9 <= actual <= high + 1e-9
    return Backtest(hits, tries)


def expected_now(day: dt.date, target: float, start: float, cumulative: bool) -> float:
    """Where the figure should be on `day` to reach this year's target on 31 December on a
    straight line from the start of the year: from 0 for a count that starts again each
    year, else from last year's closing value. The same line as the `verwacht` value in
    etl/sql/marts/gaps.sql (which judges the status), recomputed here because the mart does
    not keep it."""
    first = dt.date(day.year, 1, 1)
    share = ((day - first).days + 1) / ((dt.date(day.year, 12, 31) - first).days + 1)
    begin = 0.0 if cumulative else start
    return begin + (target - begin) * share


@dataclass(frozen=True)
class Assessment:
    """One indicator of one area: where it should be now, its outlook and the method's
    back-test on its own history."""

    expected: float | None  # on the scale the gauge shows (this year's count when cumulative)
    outlook: Outlook | None
    backtest: Backtest


def assess(points: list[tuple[dt.date, float]], target: float | None, cumulative: bool,
           lower_better: bool) -> Assessment:
    """`expected_now`, `outlook` and `backtest` from an area's (end date, value) points, oldest
    first; `target` is the one that applies to the latest point (None: no target)."""
    points = [(d.date() if isinstance(d, dt.datetime) else d, float(v)) for d, v in points
              if v is not None and v == v]
    series = quarterly(points, cumulative)
    if not points or target is None or target != target:
        return Assessment(None, None, backtest(series))
    day = points[-1][0]
    before = [v for d, v in points if d.year < day.year]
    expected = (expected_now(day, target, before[-1] if before else 0.0, cumulative)
                if before or cumulative else None)
    deadline = day.year * 4 + 3
    return Assessment(expected, outlook(series, target, deadline, lower_better, cumulative),
                      backtest(series))
