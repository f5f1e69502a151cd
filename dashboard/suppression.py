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


def _determined(values: np.ndarray, hidden: np.ndarray) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the shown cells and the totals."""
    cells = np.argwhere(hidden)
    if not len(cells):
        return []
    rows, cols = values.shape
    r, c = cells[:, 0], cells[:, 1]
    # every row and column is an equation in the hidden cells: the parts minus the total are
    # a known number
    a = np.vstack([(r == np.arange(rows)[:, None]) * np.where(c < cols - 1, 1.0, -1.0),
                   (c == np.arange(cols)[:, None]) * np.where(r < rows - 1, 1.0, -1.0)])
    a = a[a.any(axis=1)]
    if not len(a):
        return []
    # A hidden cell is determined when its unit vector lies in the equations' row space, that
    # is when the null space (one SVD for all cells) has no component along it.
    _u, sv, vt = np.linalg.svd(a, full_matrices=True)
    rank = int((sv > sv.max(initial=0) * max(a.shape) * np.finfo(float).eps).sum())
    free = vt[rank:].T  # columns: an orthonormal basis of the null space
    return [(int(i), int(j)) for (i, j), k in zip(cells, free, strict=True)
            if np.abs(k).max(initial=0) < 1e-9]


def _partner(values: np.ndarray, hidden: np.ndarray, cell: tuple[int, int]):
    """The smallest shown cell on a line through `cell` (non-zero and inner cells first), or
    None when every cell on them is hidden."""
    rows, cols = values.shape
    i, j = cell
    candidates = [(values[c] == 0, c[0] == rows - 1 or c[1] == cols - 1, values[c], c)
                  for c in [*((i, k) for k in range(cols)), *((k, j) for k in range(rows))]
                  if not hidden[c]]
    return min(candidates)[3] if candidates else None


def protect_matrix(values: np.ndarray) -> np.ndarray:
    """The hidden-cell mask of a table whose last row and column are its totals."""
    values = np.asarray(values, dtype=float)
    hidden = (values >= 1) & (values < MIN_COUNT)
    per_row, per_col = hidden.sum(axis=1), hidden.sum(axis=0)

    def hide_partner(cell: tuple[int, int]) -> bool:
        partner = _partner(values, hidden, cell)
        if partner is None:
            return False
        hidden[partner] = True
        per_row[partner[0]] += 1
        per_col[partner[1]] += 1
        return True

    while True:
        # The one-hidden-cell-per-line rule settles most tables quickly.
        changed = True
        while changed:
            changed = False
            for i in range(len(per_row)):
                if per_row[i] == 1:
                    changed |= hide_partner((i, int(hidden[i].argmax())))
            for j in range(len(per_col)):
                if per_col[j] == 1:
                    changed |= hide_partner((int(hidden[:, j].argmax()), j))
        exposed = _determined(values, hidden)
        if not exposed or not hide_partner(exposed[0]):
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
