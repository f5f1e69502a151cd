"""The pace and outlook method on hand-made series whose answers are worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import trajectory as tr


def q(year: int, quarter: int) -> int:
    return year * 4 + quarter - 1


def test_quarterly_keeps_the_last_value_of_each_quarter():
    points = [(dt.date(2024, 1, 31), 5), (dt.date(2024, 3, 31), 7), (dt.date(2024, 4, 30), 9),
              (dt.date(2024, 6, 30), float("nan"))]
    assert tr.quarterly(points, cumulative=False) == [(q(2024, 1), 7.0), (q(2024, 2), 9.0)]


def test_a_count_that_starts_again_each_year_becomes_a_running_total():
    points = [(dt.date(2024, 6, 30), 4), (dt.date(2024, 12, 31), 10), (dt.date(2025, 3, 31), 3)]
    assert tr.quarterly(points, cumulative=True) == [(q(2024, 2), 4.0), (q(2024, 4), 10.0),
                                                     (q(2025, 1), 13.0)]


def test_pace_is_the_least_squares_slope_with_the_slowest_and_fastest_step():
    p = tr.pace([(q(2024, 1), 10), (q(2024, 2), 11), (q(2024, 3), 15), (q(2024, 4), 16)])
    # x = 0..3 around 1.5, y around 13: slope = (−1.5·−3 −0.5·−2 +0.5·2 +1.5·3) / 5 = 2.2
    assert p.slope == pytest.approx(2.2) and (p.low, p.high) == (1, 4)
    assert tr.pace([(q(2024, 1), 1), (q(2024, 2), 2), (q(2024, 3), 3)]) is None


def test_outlook_names_the_quarter_and_what_is_needed():
    series = [(q(2024, 2), 230), (q(2024, 3), 233), (q(2024, 4), 236), (q(2025, 1), 239)]
    o = tr.outlook(series, target=260, deadline=q(2025, 4), lower_better=False)
    # 3 a quarter: 21 short → 7 quarters after 2025 K1 = 2026 K4; on time needs 21 / 3 = 7
    assert tr.quarter_label(o.at) == "2026 K4" and tr.quarter_label(o.at, "en") == "2026 Q4"
    assert not o.on_time and o.needed == pytest.approx(7)
    assert tr.outlook(series, target=239, deadline=q(2025, 4), lower_better=False).reached


def test_lower_is_better_and_a_rising_trend_never_gets_there():
    rising = [(q(2024, 2), 20), (q(2024, 3), 21), (q(2024, 4), 22), (q(2025, 1), 23)]
    o = tr.outlook(rising, target=18, deadline=q(2025, 4), lower_better=True)
    assert o.at is None and not o.on_time and o.needed == pytest.approx(-5 / 3)
    falling = [(k, 40 - v) for k, v in rising]  # 20, 19, 18, 17: 17 − 1/quarter
    o = tr.outlook(falling, target=15, deadline=q(2025, 4), lower_better=True)
    assert tr.quarter_label(o.at) == "2025 K3" and o.on_time


def test_a_yearly_count_can_only_reach_its_target_within_the_year():
    # placements: 5 a quarter; 2024 closed at 20; 2025 K1 holds 5 (running total 25)
    series = [(q(2024, 2), 10), (q(2024, 3), 15), (q(2024, 4), 20), (q(2025, 1), 25)]
    on_time = tr.outlook(series, target=20, deadline=q(2025, 4), lower_better=False,
                         cumulative=True)
    assert on_time.target == 40 and tr.quarter_label(on_time.at) == "2025 K4"
    late = tr.outlook(series, target=30, deadline=q(2025, 4), lower_better=False,
                      cumulative=True)
    assert late.at is None and late.needed == pytest.approx(25 / 3)


def test_backtest_counts_the_years_that_fell_inside_the_band():
    # steady +2 a quarter, then a jump: the origins before the jump miss a year later
    values = [0, 2, 4, 6, 8, 10, 30, 32]
    series = [(q(2020, 1) + k, v) for k, v in enumerate(values)]
    b = tr.backtest(series)
    # origins with 4 known quarters and a value 4 quarters on: index 3 (→7) and no others
    # index 3: band 6 + 2·4 = 14 vs actual 32 → miss
    assert (b.hits, b.tries) == (0, 1)
    steady = [(q(2020, 1) + k, 2 * k) for k in range(10)]
    assert tr.backtest(steady).hits == tr.backtest(steady).tries == 3


def test_expected_now_is_the_straight_line_from_the_start_of_the_year():
    # 31 March is day 90 of 365
    assert tr.expected_now(dt.date(2025, 3, 31), 295, 245, False) == pytest.approx(
        245 + 50 * 90 / 365)
    assert tr.expected_now(dt.date(2025, 3, 31), 30, 27, True) == pytest.approx(30 * 90 / 365)
