"""Counts of persons as they may leave the warehouse: the perturbation table and the
tables, series and SQL that apply it (dashboard/protection.py holds the method itself)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.core import memoised, records
from dashboard.protection import SCALED_DECIMALS, TOTAL, Ptable


@memoised
def ptable() -> Ptable:
    """The warehouse's perturbation table (written by the build, etl/ckm.py)."""
    row = records("SELECT max_afwijking, variantie, drempel, cap, sleutels, ruis FROM ckm")[0]
    deviation, variance, threshold, cap, keys, noise = row
    return Ptable(deviation, variance, threshold,
                  np.asarray(noise, dtype="int64").reshape(cap + 1, keys))


def counts_with_margins(cells, rows: list, cols: list) -> tuple[np.ndarray, np.ndarray]:
    """`cells`, (row key, column key, count, key sum) quadruples, summed into rows × cols
    arrays of counts and of key sums, each with `Totaal` margins (a margin's count and key
    sum are the sums of its parts); pairs outside rows × cols are left out."""
    # summed into arrays in one pass (two cross_tables cost a fifth of a Werkcentrum change)
    counts = np.zeros((len(rows) + 1, len(cols) + 1), dtype="int64")
    keys = np.zeros_like(counts)
    at_row = {k: i for i, k in enumerate(rows)}
    at_col = {k: j for j, k in enumerate(cols)}
    for r, c, n, key in cells:
        i, j = at_row.get(r), at_col.get(c)
        if i is not None and j is not None:
            if n is not None and n == n:  # not NULL, not NaN
                counts[i, j] += int(n)
            if key is not None and key == key:
                keys[i, j] += int(key)
    for m in (counts, keys):
        m[:-1, -1] = m[:-1, :-1].sum(axis=1)
        m[-1] = m[:-1].sum(axis=0)
    return counts, keys


def labelled(values: np.ndarray, rows: list, cols: list,
             names: tuple[str | None, str | None] = (None, None)) -> pd.DataFrame:
    """A rows × cols array with its `Totaal` margins as a table."""
    # labels as plain objects: cheaper than Arrow strings for tables this small
    return pd.DataFrame(values, index=pd.Index([*rows, TOTAL], name=names[0], dtype=object),
                        columns=pd.Index([*cols, TOTAL], name=names[1], dtype=object))


def perturbed_table(cells, rows: list, cols: list,
                    names: tuple[str | None, str | None] = (None, None)) -> pd.DataFrame:
    """`cells`, (row key, column key, count, key sum) quadruples, as a rows × cols table
    with `Totaal` margins, every cell and margin perturbed (each margin is a cell of its own:
    its count and key sum are the sums of its parts, then it gets its own noise)."""
    return labelled(ptable().perturb(*counts_with_margins(cells, rows, cols)), rows, cols, names)


def perturbed_series(counts, keys, index: pd.Index) -> pd.Series:
    """A one-way count (e.g. per quarter) with its `Totaal`, each perturbed."""
    counts, keys = (np.append(a, a.sum()) for a in (np.asarray(counts, dtype="int64"),
                                                     np.asarray(keys, dtype="int64")))
    return pd.Series(ptable().perturb(counts, keys),
                     index=pd.Index([*index, TOTAL], name=index.name, dtype=object))


def cross_table(cells, rows: list, cols: list,
                names: tuple[str | None, str | None] = (None, None)) -> pd.DataFrame:
    """The whole-number sums per (row, column) of `cells`, (row key, column key, value)
    triples, as a rows × cols table named `names`, 0 where none; pairs outside rows × cols
    are left out. (A plain loop: pandas' pivot_table costs more than the query behind it.)"""
    out = np.zeros((len(rows), len(cols)), dtype="int64")
    at_row = {k: i for i, k in enumerate(rows)}
    at_col = {k: j for j, k in enumerate(cols)}
    for a, b, n in cells:
        i, j = at_row.get(a), at_col.get(b)
        if i is not None and j is not None and n is not None and not pd.isna(n):
            out[i, j] += int(n)
    return pd.DataFrame(out, index=pd.Index(rows, name=names[0], dtype=object),
                        columns=pd.Index(cols, name=names[1], dtype=object))


def sum_by(rows: list[tuple], key: int, value: int, keys: list,
            dtype: str = "int64") -> np.ndarray:
    """The sums of column `value` of `rows` per `keys` (matched on column `key`), 0 where
    none; rows of other keys and unknown (NULL) values are left out."""
    at = {k: i for i, k in enumerate(keys)}
    out = np.zeros(len(keys), dtype=dtype)
    for r in rows:
        i = at.get(r[key])
        if i is not None and r[value] is not None:
            out[i] += r[value]
    return out


def perturbed_sql(count: str, key: str) -> str:
    """SQL of a count plus its noise (`key`: the count's record key sum), with the warehouse's
    own macro (etl/sql/staging/ckm.sql), as `gaps` does: the same cell gets the same value in
    a page, an export and gaps."""
    return f"ckm_perturbed({count}, {key})"


def scaled_sql(value: str, count: str, shown: str, kind: str = "DOUBLE") -> str:
    """SQL of `Ptable.scale`: a magnitude summed over a count's persons, scaled as the count,
    rounded half away from zero to whole units (`SCALED_DECIMALS`), of type `kind`. A DECIMAL
    (money, or an FTE fixed to its source's precision) is scaled exactly in its smallest
    units: through a DOUBLE a value could fall either way of a half."""
    if not kind.startswith("DECIMAL"):
        scaled = (f"round(round(CAST({value} AS DOUBLE) * {shown} / {count}, 9), "
                  f"{SCALED_DECIMALS})")
    else:
        scale = int(kind.rstrip(")").split(",")[1])
        units = f"CAST({value} * {10 ** scale} AS HUGEINT) * {shown}"
        # the exact value is units / count smallest units; rounded to 10^-SCALED_DECIMALS
        per = f"({count} * {10 ** max(scale - SCALED_DECIMALS, 0)})"
        scaled = (f"CAST(sign({units}) * ((2 * abs({units}) + {per}) // (2 * {per})) "
                  f"AS DECIMAL(38, 0)) / {10 ** min(scale, SCALED_DECIMALS)}")
    return f"CAST(CASE WHEN {shown} = 0 THEN 0 ELSE {scaled} END AS {kind})"
