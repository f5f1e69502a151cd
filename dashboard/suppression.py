"""Small numbers protected: counts of persons from 1 to 4 are never shown, nor can they be
recomputed from the totals shown beside them.

Primary suppression hides every count in 1..4 (`MIN_COUNT`), totals included. Secondary
suppression then hides more cells until no hidden cell is determined by the row and column
totals: a table with its margins is a set of linear equations, and a hidden cell is safe when
those equations leave it free. The rule lives here once; `dashboard.data` applies it to every
frame of person counts, and exports take the same frames.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_COUNT = 5
LOW = f"<{MIN_COUNT}"  # shown for a count in 1..4
HIDDEN = "×"  # shown for a larger count hidden to protect a small one
TOTAL = "Totaal"


def _lines(shape: tuple[int, int]) -> list[list[tuple[int, int]]]:
    """Every row and column of a table whose last row and column are totals."""
    rows, cols = shape
    return ([[(i, j) for j in range(cols)] for i in range(rows)]
            + [[(i, j) for i in range(rows)] for j in range(cols)])


def _determined(values: np.ndarray, hidden: np.ndarray) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the shown cells and the totals."""
    cells = [tuple(c) for c in np.argwhere(hidden)]
    if not cells:
        return []
    index = {c: k for k, c in enumerate(cells)}
    rows, cols = values.shape
    equations = []
    for line in _lines(values.shape):
        *parts, total = line
        eq = np.zeros(len(cells))
        for c in parts:
            if c in index:
                eq[index[c]] += 1
        if total in index:
            eq[index[total]] -= 1
        if eq.any():
            equations.append(eq)
    if not equations:
        return []
    # A hidden cell is determined when its unit vector lies in the equations' row space, that
    # is when the null space (one SVD for all cells) has no component along it.
    a = np.array(equations)
    _u, sv, vt = np.linalg.svd(a, full_matrices=True)
    rank = int((sv > sv.max(initial=0) * max(a.shape) * np.finfo(float).eps).sum())
    free = vt[rank:].T  # columns: an orthonormal basis of the null space
    return [c for c, k in index.items() if np.abs(free[k]).max(initial=0) < 1e-9]


def _hide_partner(values: np.ndarray, hidden: np.ndarray, cell: tuple[int, int]) -> bool:
    """Hide the smallest shown cell on a line through `cell` (non-zero and inner cells first)."""
    rows, cols = values.shape
    candidates = []
    for line in _lines(values.shape):
        if cell in line:
            for c in line:
                if not hidden[c]:
                    is_total = c[0] == rows - 1 or c[1] == cols - 1
                    candidates.append((values[c] == 0, is_total, values[c], c))
    if not candidates:
        return False
    hidden[min(candidates)[3]] = True
    return True


def protect_matrix(values: np.ndarray) -> np.ndarray:
    """The hidden-cell mask of a table whose last row and column are its totals."""
    values = np.asarray(values, dtype=float)
    hidden = (values >= 1) & (values < MIN_COUNT)
    while True:
        # The one-hidden-cell-per-line rule settles most tables quickly.
        changed = True
        while changed:
            changed = False
            for line in _lines(values.shape):
                if sum(hidden[c] for c in line) == 1:
                    changed |= _hide_partner(values, hidden, next(c for c in line if hidden[c]))
        exposed = _determined(values, hidden)
        if not exposed or not _hide_partner(values, hidden, exposed[0]):
            return hidden


def protect(counts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts (rows × columns, no margins) → the table with `Totaal` margins and its mask."""
    inner = counts.to_numpy(dtype="int64")
    values = np.zeros((inner.shape[0] + 1, inner.shape[1] + 1), dtype="int64")
    values[:-1, :-1] = inner
    values[:-1, -1] = inner.sum(axis=1)
    values[-1] = values[:-1].sum(axis=0)
    # labels as plain objects: cheaper than Arrow strings for tables this small
    index = pd.Index([*counts.index, TOTAL], name=counts.index.name, dtype=object)
    columns = pd.Index([*counts.columns, TOTAL], name=counts.columns.name, dtype=object)
    return (pd.DataFrame(values, index=index, columns=columns),
            pd.DataFrame(protect_matrix(values), index=index, columns=columns))


def protect_series(counts: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A one-way count (e.g. per quarter) with its total, protected like a one-row table."""
    row = np.append(counts.to_numpy(dtype="int64"), counts.sum())
    # one row: the column totals are the row itself
    hidden = protect_matrix(np.vstack([row, row]))[0]
    index = pd.Index([*counts.index, TOTAL], name=counts.index.name, dtype=object)
    return pd.Series(row, index=index), pd.Series(hidden, index=index)


def shown(value: float, hidden: bool) -> str | int:
    """What a protected count looks like on screen and in exports."""
    if hidden:
        return LOW if 1 <= value < MIN_COUNT else HIDDEN
    return int(value)
