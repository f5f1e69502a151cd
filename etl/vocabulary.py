"""The value lists (etl/vocabulary.toml) and a region's own values: read, checked, and given
to the build as the table `dim_waarde` and one SQL macro per role.

The lists are data, kept in TOML beside the indicator registry's: a value, its English name
and its role are edited without touching code, a comment can say why a value is there, and
tomllib (standard library) reads it. This module is the only reader; the raw-file contract
(etl.sources), the data tests, the models (through the macros) and the app (through
dim_waarde) all take the lists from here.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

# A region extends the lists without a code change: a ';'-separated file waardelijsten*.csv
# with the columns Lijst, Waarde and, optionally, Engels (the English name; default the
# value itself) and Rol (one of the list's roles that more than one value may have).
PATTERN = "waardelijsten*.csv"
# a value may not start a spreadsheet formula: exports write these columns as they are
FORMULA_START = "=+-@\t\r"


@dataclass(frozen=True)
class Value:
    """One value of a list."""

    waarde: str
    en: str
    rol: str | None = None
    register: str | None = None  # table.column counting the group (Doelgroep, rol register)
    spellingen: tuple[str, ...] = ()
    herkomst: str = "product"  # product (vocabulary.toml) or regio (a waardelijsten file)


@dataclass(frozen=True)
class List:
    """One list: whether its column is closed to other values, its roles, its values."""

    naam: str
    gesloten: bool
    rollen: tuple[str, ...]
    enkel: tuple[str, ...]
    waarden: tuple[Value, ...]

    def values(self) -> tuple[str, ...]:
        """The canonical values, in order."""
        return tuple(v.waarde for v in self.waarden)

    def aliases(self) -> tuple[tuple[str, str], ...]:
        """(older spelling, canonical value) pairs."""
        return tuple((s, v.waarde) for v in self.waarden for s in v.spellingen)

    def with_role(self, rol: str) -> tuple[str, ...]:
        """The values with role `rol`, in order."""
        return tuple(v.waarde for v in self.waarden if v.rol == rol)


Lists = dict[str, List]


def _check(lists: Lists) -> Lists:
    """`lists` when every role is declared, single roles have one value, registers name a
    table.column and a value has one English name in every list; else ValueError."""
    english: dict[str, str] = {}
    for lst in lists.values():
        for v in lst.waarden:
            if v.rol is not None and v.rol not in lst.rollen:
                raise ValueError(f"{lst.naam} {v.waarde!r}: rol {v.rol!r} not in {lst.rollen}")
            if (v.register is not None) != (v.rol == "register"):
                raise ValueError(f"{lst.naam} {v.waarde!r}: a register goes with rol register")
            if v.register is not None and len(v.register.split(".")) != 2:
                raise ValueError(f"{lst.naam} {v.waarde!r}: register is table.column")
            if english.setdefault(v.waarde, v.en) != v.en:
                raise ValueError(f"{v.waarde!r} has two English names: {english[v.waarde]!r} "
                                 f"and {v.en!r}")
        for rol in lst.enkel:
            if len(lst.with_role(rol)) != 1:
                raise ValueError(f"{lst.naam}: exactly one value has rol {rol!r}")
    roles = [r for lst in lists.values() for r in lst.rollen]
    if len(set(roles)) != len(roles) or not all(r.isidentifier() for r in roles):
        raise ValueError("a role names a macro: a word no two lists share")
    return lists


@cache
def product() -> Lists:
    """The product's own lists, from etl/vocabulary.toml."""
    text = resources.files("etl").joinpath("vocabulary.toml").read_text("utf-8")
    lists = {}
    for naam, entry in tomllib.loads(text)["lijst"].items():
        waarden = tuple(Value(**{**v, "spellingen": tuple(v.get("spellingen", ()))})
                        for v in entry["waarden"])
        lists[naam] = List(naam, entry["gesloten"], tuple(entry["rollen"]),
                           tuple(entry["enkel"]), waarden)
    return _check(lists)


def read(raw_dir: Path) -> Lists:
    """The product's lists with a region's own values from the waardelijsten files in
    `raw_dir` added at their ends; raises ValueError naming the file and row of an entry it
    cannot take."""
    lists = dict(product())
    for path in sorted(Path(raw_dir).glob(PATTERN)):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh, delimiter=";"), start=2):
                lijst, waarde, en, rol = ((row.get(k) or "").strip()
                                          for k in ("Lijst", "Waarde", "Engels", "Rol"))
                where = f"{path.name} row {n}"
                if lijst not in lists or not waarde or any(
                        s and s[0] in FORMULA_START for s in (waarde, en)):
                    raise ValueError(f"{where}: give a Lijst ({', '.join(lists)}) and a Waarde "
                                     "(and Engels) that does not start with = + - @")
                lst = lists[lijst]
                free = [r for r in lst.rollen if r not in lst.enkel and r != "register"]
                if rol and rol not in free:
                    raise ValueError(f"{where}: Rol {rol!r} cannot be given here; "
                                     f"{lijst} takes {', '.join(free) or 'none'}")
                known = {v.lower() for v in lst.values()} | {a.lower() for a, _ in lst.aliases()}
                if waarde.lower() not in known:
                    lists[lijst] = replace(lst, waarden=(*lst.waarden, Value(
                        waarde, en or waarde, rol or None, herkomst="regio")))
    try:
        return _check(lists)
    except ValueError as exc:
        raise ValueError(f"waardelijsten: {exc}") from exc


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def install(con: duckdb.DuckDBPyConnection, lists: Lists) -> None:
    """Write `lists` as the table dim_waarde, and give the build's SQL per role a macro
    `in_<rol>(x)`, true when x has that role, and per single role `<rol>_waarde()`, that
    value. The values are spliced in as constants: a filter on a constant list costs nothing
    on the 50M-row aggregates, where a join or subquery per row would."""
    rows = [(lst.naam, v.waarde, n, v.en, v.rol, *(v.register or ".").split("."), v.herkomst)
            for lst in lists.values() for n, v in enumerate(lst.waarden, start=1)]
    con.execute("""CREATE OR REPLACE TABLE dim_waarde (lijst VARCHAR, waarde VARCHAR,
                   volgorde INTEGER, naam_en VARCHAR, rol VARCHAR, register_tabel VARCHAR,
                   register_kolom VARCHAR, herkomst VARCHAR)""")
    con.executemany("INSERT INTO dim_waarde VALUES (?, ?, ?, ?, ?, nullif(?, ''), "
                    "nullif(?, ''), ?)", rows)
    for lst in lists.values():
        for rol in lst.rollen:
            values = lst.with_role(rol)
            test = f"x IN ({', '.join(map(_literal, values))})" if values else "false"
            con.execute(f"CREATE OR REPLACE TEMP MACRO in_{rol}(x) AS {test}")
        for rol in lst.enkel:
            con.execute(f"CREATE OR REPLACE TEMP MACRO {rol}_waarde() AS "
                        f"{_literal(lst.with_role(rol)[0])}")
