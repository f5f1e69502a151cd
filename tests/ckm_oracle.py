"""What a perturbed count should be, computed apart from the app: record keys hashed from each
record's id here, key sums over the records of a cell as pandas selects them, and the noise
looked up in the build's ptable."""

from __future__ import annotations

import functools
from collections.abc import Iterable

import duckdb

from etl import ckm

PARAMETERS = ckm.Parameters.from_env()  # the tests' seed: tests/conftest.py sets CKM_SEED
TABLE = ckm.ptable(PARAMETERS)
_HASH = duckdb.connect(":memory:")


@functools.cache
def record_key(kind: str, ident: object) -> int:
    """The record key the build gives `ident` ('inzet', 'client' or 'sob' records)."""
    [(key,)] = _HASH.execute("SELECT hash(?) % 256", [f"{PARAMETERS.seed}:{kind}:{ident}"]
                             ).fetchall()
    return key


def perturbed(n: int, key: int) -> int:
    """A count of `n` records whose keys sum to `key`, as the app must show it."""
    return n + int(TABLE[min(n, PARAMETERS.cap), key % ckm.KEYS])


def cell(kind: str, idents: Iterable) -> int:
    """The shown value of the cell holding the records `idents` (each once)."""
    idents = list(idents)
    return perturbed(len(idents), sum(record_key(kind, i) for i in idents))
