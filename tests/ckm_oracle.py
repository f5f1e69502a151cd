"""What a perturbed count should be, computed apart from the app: record keys straight from
md5 in Python (not DuckDB), key sums over the records of a cell as pandas selects them, and
the noise looked up in the build's ptable."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from etl import ckm

PARAMETERS = ckm.Parameters()
TABLE = ckm.ptable(PARAMETERS)


def record_key(kind: str, ident: object) -> int:
    """The record key the build gives `ident` ('inzet', 'client' or 'sob' records)."""
    digest = hashlib.md5(f"{PARAMETERS.seed}:{kind}:{ident}".encode()).digest()
    return int.from_bytes(digest[8:], "little") % ckm.KEYS


def perturbed(n: int, key: int) -> int:
    """A count of `n` records whose keys sum to `key`, as the app must show it."""
    return n + int(TABLE[min(n, PARAMETERS.cap), key % ckm.KEYS])


def cell(kind: str, idents: Iterable) -> int:
    """The shown value of the cell holding the records `idents` (each once)."""
    idents = list(idents)
    return perturbed(len(idents), sum(record_key(kind, i) for i in idents))
