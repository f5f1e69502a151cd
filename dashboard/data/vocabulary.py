"""The value lists (target groups, outcomes, work forms, schemes, instruments, units) as the
build wrote them to `dim_waarde`: the product's lists (etl/vocabulary.toml) with the region's
own values. The app names no value itself; it asks here for a list's order, the values with
a role, and English names."""

from __future__ import annotations

from dashboard.data.core import memoised, records


@memoised
def _lists() -> dict[str, tuple[tuple[str, str | None, str | None, str | None], ...]]:
    """Per list: (value, role, register table, register column), in the lists' order."""
    out: dict[str, list] = {}
    for lijst, *row in records("SELECT lijst, waarde, rol, register_tabel, register_kolom "
                               "FROM dim_waarde ORDER BY lijst, volgorde"):
        out.setdefault(lijst, []).append(tuple(row))
    return {lijst: tuple(rows) for lijst, rows in out.items()}


def values(lijst: str) -> tuple[str, ...]:
    """The values of one list, in its order."""
    return tuple(v for v, *_ in _lists().get(lijst, ()))


def with_role(lijst: str, rol: str) -> tuple[str, ...]:
    """The values of one list with role `rol` (etl/vocabulary.toml), in its order."""
    return tuple(v for v, r, *_ in _lists().get(lijst, ()) if r == rol)


def the(lijst: str, rol: str) -> str:
    """The one value of a list with a single role (e.g. the Wsw scheme)."""
    [value] = with_role(lijst, rol)
    return value


def registers() -> dict[str, tuple[str, str]]:
    """Target groups whose size another source counts: group to (table, column)."""
    return {v: (table, column) for v, _r, table, column in _lists().get("Doelgroep", ())
            if table is not None}


@memoised
def english() -> dict[str, str]:
    """Every value's English name."""
    return dict(records("SELECT DISTINCT waarde, naam_en FROM dim_waarde"))
