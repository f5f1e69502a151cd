"""Small-number protection: nothing in 1..4 shown, no hidden cell recomputable from totals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dashboard.suppression import HIDDEN, LOW, MIN_COUNT, TOTAL, protect, protect_series, shown


def recoverable(table: np.ndarray, hidden: np.ndarray) -> list[tuple[int, int]]:
    """Hidden cells fixed by the margin equations, found through the null space (an
    independent route from the rank test the module uses)."""
    cells = [tuple(c) for c in np.argwhere(hidden)]
    if not cells:
        return []
    rows, cols = table.shape
    eqs = []
    for i in range(rows):
        eqs.append([1.0 if c[0] == i and c[1] < cols - 1 else -1.0 if c == (i, cols - 1) else 0.0
                    for c in cells])
    for j in range(cols):
        eqs.append([1.0 if c[1] == j and c[0] < rows - 1 else -1.0 if c == (rows - 1, j) else 0.0
                    for c in cells])
    a = np.array(eqs)
    _, s, vt = np.linalg.svd(a)
    rank = int((s > 1e-9).sum())
    null = vt[rank:].T  # columns span the unknowns' freedom
    return [c for k, c in enumerate(cells) if np.allclose(null[k], 0)]


counts = arrays(np.int64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
                elements=st.one_of(st.integers(0, 6), st.integers(0, 60)))


# Without the linear-algebra step only some tables leak: 300 random examples caught that in
# 6 of 10 runs, 1000 in 10 of 10. derandomize fixes the examples, so the run that caught it
# here catches it every time; test_suppression_leaks.py has tables that leak by construction.
@settings(max_examples=1000, deadline=None, derandomize=True)
@given(counts)
def test_no_small_count_shown_and_none_recoverable(values):
    df = pd.DataFrame(values, index=[f"r{i}" for i in range(values.shape[0])],
                      columns=[f"c{j}" for j in range(values.shape[1])])
    table, mask = protect(df)
    arr, hid = table.to_numpy(), mask.to_numpy()
    shown_values = arr[~hid]
    assert not ((shown_values >= 1) & (shown_values < MIN_COUNT)).any()
    assert recoverable(arr, hid) == []
    assert (table.loc[TOTAL, TOTAL] == values.sum())


def test_one_small_cell_takes_a_partner_in_its_row_and_column():
    df = pd.DataFrame({"a": [3, 20], "b": [10, 30], "c": [12, 7]}, index=["x", "y"])
    table, mask = protect(df)
    assert mask.loc["x", "a"]
    assert mask.loc["x"].sum() >= 2 and mask["a"].sum() >= 2
    # the partner in row x is its smallest other cell, not the total
    assert mask.loc["x", "b"] and not mask.loc["x", TOTAL]


def test_nothing_hidden_when_every_count_is_large_or_zero():
    df = pd.DataFrame({"a": [0, 20], "b": [10, 30]}, index=["x", "y"])
    _, mask = protect(df)
    assert not mask.to_numpy().any()


def test_series_hides_a_small_quarter_and_one_more():
    s = pd.Series([12, 3, 40, 9], index=["2024-K1", "2024-K2", "2024-K3", "2024-K4"])
    values, mask = protect_series(s)
    assert mask["2024-K2"] and mask.sum() == 2 and mask["2024-K4"]
    assert values[TOTAL] == 64


@pytest.mark.parametrize("value, hidden, text", [
    (3, True, LOW), (1, True, LOW), (9, True, HIDDEN), (0, False, 0), (12, False, 12),
])
def test_shown(value, hidden, text):
    assert shown(value, hidden) == text


@given(st.lists(st.integers(0, 40), min_size=1, max_size=12))
def test_series_is_protected_as_its_one_row_table(counts):
    s = pd.Series(counts, index=[f"k{i}" for i in range(len(counts))])
    values, mask = protect_series(s)
    table, table_mask = protect(s.to_frame().T)
    assert list(values) == list(table.iloc[0]) and list(mask) == list(table_mask.iloc[0])
    assert list(values.index) == list(table.columns)
