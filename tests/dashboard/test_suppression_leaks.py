"""Tables built so that hiding only the small cells leaks them: each one fails, every run,
when a step of the protection is missing. The property test in test_suppression.py covers
the rest at random."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.suppression import MIN_COUNT, protect
from tests.dashboard.test_suppression import recoverable

# Two blocks of small cells, each a closed rectangle, joined by one small cell at (0, 2):
# every row and column holds none or at least two small cells, so a rule that only looks
# for a lone hidden cell on a line adds nothing, yet (0, 2) follows from the totals (it is
# the one cell linking the blocks). Only the linear-algebra step finds it.
BRIDGED = [[1, 2, 3, 20],
           [2, 3, 10, 10],
           [10, 10, 1, 4],
           [10, 10, 2, 2]]
TABLES = {
    # one small cell: its row total minus the rest gives it back
    "lone small cell": [[3, 20, 12], [10, 30, 7]],
    # a small cell on every line of a column: the column total gives their sum
    "small column": [[2, 30], [3, 25], [1, 40]],
    # the small cells of a row are its whole total, itself small
    "small row total": [[1, 2, 0], [20, 15, 30], [9, 12, 40]],
    "bridged blocks": BRIDGED,
}


def with_totals(inner: list[list[int]]) -> np.ndarray:
    values = np.zeros((len(inner) + 1, len(inner[0]) + 1), dtype=int)
    values[:-1, :-1] = inner
    values[:-1, -1] = values[:-1, :-1].sum(axis=1)
    values[-1] = values[:-1].sum(axis=0)
    return values


@pytest.mark.parametrize("inner", TABLES.values(), ids=TABLES.keys())
def test_hiding_only_the_small_cells_would_leak(inner):
    """The tables mean something: without secondary suppression a small cell comes back."""
    values = with_totals(inner)
    primary = (values >= 1) & (values < MIN_COUNT)
    assert recoverable(values, primary)


def test_the_bridged_table_has_no_lone_hidden_cell_on_any_line():
    primary = (with_totals(BRIDGED) >= 1) & (with_totals(BRIDGED) < MIN_COUNT)
    assert set(primary.sum(axis=0)) | set(primary.sum(axis=1)) <= {0, 2, 3}
    assert recoverable(with_totals(BRIDGED), primary) == [(0, 2)]


@pytest.mark.parametrize("inner", TABLES.values(), ids=TABLES.keys())
def test_protected_tables_show_no_small_count_and_hide_nothing_recoverable(inner):
    df = pd.DataFrame(inner, index=[f"r{i}" for i in range(len(inner))],
                      columns=[f"c{j}" for j in range(len(inner[0]))])
    table, mask = protect(df)
    values, hidden = table.to_numpy(), mask.to_numpy()
    assert (values == with_totals(inner)).all()
    assert not ((values >= 1) & (values < MIN_COUNT) & ~hidden).any()
    assert recoverable(values, hidden) == []
