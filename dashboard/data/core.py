"""The app's only door to the warehouse: read-only, opened lazily, every value bound.

The concern modules of `dashboard.data` ask through `query` and `records` here and get
DataFrames or rows; no other app module imports duckdb. A rebuilt warehouse (a new file
swapped in by the ETL) is noticed by its file identity and reopened, so the app never needs
a restart. Answers that only change with the warehouse are kept per generation (`memoised`).
"""

from __future__ import annotations

import collections
import contextvars
import functools
import os
import pickle
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import duckdb
import flask
import pandas as pd

_lock = threading.Lock()
_state: dict[str, object] = {"path": None, "con": None, "ident": None, "memory": None}


def configure(warehouse: Path, memory_limit: str | None = None) -> None:
    """Point the data layer at a warehouse file (called by create_app); `memory_limit` caps
    DuckDB's buffer pool, so a large export cannot grow the process without bound."""
    try:  # DuckDB checks the setting itself, here rather than at the first request
        duckdb.connect(":memory:", config=_config(memory_limit)).close()
    except duckdb.ParserException as exc:
        raise ValueError(f"memory limit {memory_limit!r}: {exc}") from exc
    with _lock:
        _state.update(path=Path(warehouse), con=None, ident=None, memory=memory_limit)


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB with the warehouse attached read-only.

    Attaching (rather than connecting to the file) gives every generation of the warehouse its
    own database instance: DuckDB caches instances by path, so a plain connect after the ETL
    swapped the file could hand back the old one. Queries still running on the previous
    generation finish on it; it closes when the last of them lets go.
    """
    con = duckdb.connect(":memory:", config=_config(_state["memory"]))
    con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS warehouse (READ_ONLY)")
    con.execute("USE warehouse")
    return con


def _config(memory_limit: str | None) -> dict[str, str]:
    """DuckDB settings as values (never spliced into SQL)."""
    return {} if memory_limit is None else {"memory_limit": memory_limit}


def _connection() -> duckdb.DuckDBPyConnection:
    """The connection to the newest warehouse; one request keeps the one it started with, so
    no request mixes two generations."""
    return _current()[0]


def _current() -> tuple[duckdb.DuckDBPyConnection, tuple]:
    """(connection, generation) for this request, opening the newest warehouse if needed."""
    if flask.has_request_context() and "warehouse" in flask.g:
        return flask.g.warehouse
    path = _state["path"]
    if path is None:
        raise RuntimeError("dashboard.data is not configured; call configure(warehouse)")
    st = os.stat(path)
    ident = (st.st_ino, st.st_mtime_ns)
    with _lock:
        if _state["con"] is None or _state["ident"] != ident:
            _state.update(con=_open(path), ident=ident)
            memo_clear()
        current = (_state["con"], (str(path), *ident))
    if flask.has_request_context():
        flask.g.warehouse = current
    return current


_memo: collections.OrderedDict[tuple, tuple[object, int]] = collections.OrderedDict()
_memo_lock = threading.Lock()
_memo_bytes = [0]
MEMO_BYTES = 64 << 20  # answers kept at most, by size: the least recently used go first
_MISSING = object()


def _size(key: tuple, value: object) -> int:
    """Roughly the bytes a memo entry holds (frames by their own account, the rest pickled)."""
    held = (int(value.memory_usage(deep=True).sum()) if isinstance(value, pd.DataFrame)
            else len(pickle.dumps(value)))
    return held + len(repr(key))


def _keep(key: tuple, value: object) -> None:
    size = _size(key, value)
    if size > MEMO_BYTES // 8:
        return  # one answer may not push out all the others
    with _memo_lock:
        if key in _memo:
            return
        _memo[key] = (value, size)
        _memo_bytes[0] += size
        while _memo_bytes[0] > MEMO_BYTES:
            _, (_, dropped) = _memo.popitem(last=False)
            _memo_bytes[0] -= dropped


def memo_clear() -> None:
    """Forget every kept answer (a new warehouse generation)."""
    with _memo_lock:
        _memo.clear()
        _memo_bytes[0] = 0


def memoised(func=None, *, known=None):
    """Cache a data function's answer per warehouse generation (for what only changes when
    the ETL swaps in a new file: catalogues, domains, dimension lists). `known(*args)` says
    whether the arguments are values the warehouse has: others come from URLs anyone can
    write, so they are answered but never kept."""
    if func is None:
        return functools.partial(memoised, known=known)

    # the module as well as the name: the concern modules may share a function's name
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def cached(*args):
        key = (_current()[1], name, args)
        with _memo_lock:
            hit = _memo.get(key, _MISSING)
            if hit is not _MISSING:
                _memo.move_to_end(key)
        if hit is _MISSING:
            value = func(*args)
            if known is None or known(*args):
                _keep(key, value)
        else:
            value = hit[0]
        return value.copy() if isinstance(value, pd.DataFrame) else value

    return cached


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor on the current warehouse (cursors start in the in-memory catalog)."""
    cur = _connection().cursor()
    cur.execute("USE warehouse")
    return cur


def _answer(sql: str, params: list | None, fetch):
    """Run one parameterised query on a cursor of the current read-only connection and
    `fetch` its answer."""
    cur = cursor()
    try:
        return fetch(cur.execute(sql, params or []))
    finally:
        cur.close()


def query(sql: str, params: list | None = None) -> pd.DataFrame:
    """One parameterised query's answer as a DataFrame."""
    return _answer(sql, params, duckdb.DuckDBPyConnection.fetchdf)


def records(sql: str, params: list | None = None) -> list[tuple]:
    """One parameterised query's rows as tuples (for small answers that are read row by
    row: cheaper than a DataFrame)."""
    return _answer(sql, params, duckdb.DuckDBPyConnection.fetchall)


def rows(df: pd.DataFrame) -> list[tuple]:
    """An answer's rows as named tuples, read column by column: pandas' own `itertuples`
    costs seven times as much on Arrow-backed text."""
    row = collections.namedtuple("Row", df.columns)
    return list(map(row._make, zip(*(df[c].tolist() for c in df.columns), strict=True)))


_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="warehouse")


def asked(*calls: tuple) -> list[Future]:
    """The answers of several `(function, *args)` of the data layer as futures, each asked on
    a thread of its own: DuckDB runs each on its own cursor in parallel, outside the GIL.
    Each thread sees this request's context, so all of them read the generation it started
    with."""
    _current()
    return [_pool.submit(contextvars.copy_context().run, *call) for call in calls]


def at_once(*calls: tuple) -> list:
    """The answers of `asked`: a view's small questions take about as long as the largest of
    them instead of their sum."""
    return [future.result() for future in asked(*calls)]


def marks(values) -> str:
    """'?, ?, ?': one bound parameter per value."""
    return ", ".join("?" * len(values))


def any_of(pairs) -> tuple[list[str], list]:
    """`column IN (?, ..)` conditions for each (column, values) with values; an empty choice
    means all. Columns are fixed in the code or checked against the table's own columns;
    values are always bound."""
    sql, params = [], []
    for column, values in pairs:
        if values:
            sql.append(f"{column} IN ({marks(values)})")
            params += list(values)
    return sql, params


# Fact tables whose rows carry `provenance`, for the marks of the pages built on them.
PROVENANCE_TABLES = ("fct_instrument_inzet", "fct_sob_bezetting", "fct_sob_omzet",
                     "fct_financiering")


@memoised
def provenance(table: str) -> str:
    """'published' when every row of a fact table is published, else 'sample'."""
    if table not in PROVENANCE_TABLES:
        raise ValueError(f"no provenance for {table}")
    [(published,)] = records(f"SELECT coalesce(bool_and(provenance = 'published'), false) "
                             f"FROM {table}")
    return "published" if published else "sample"
