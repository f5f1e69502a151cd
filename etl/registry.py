"""The indicator registry (etl/indicators.toml): read, checked, and turned into SQL.

Generates two models: `dim_indicator`, one row per indicator, and `measures`, the union of the
measures models of the sources the indicators read. `gaps` reads only those two and the
targets, so an indicator is added here and in its source's measures model, nowhere else.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

SECTIES = ("participatie", "arbeidsmarkt")
EENHEDEN = ("aantal", "aandeel", "per_1000")
RICHTINGEN = ("hoger_beter", "lager_beter")
VERLOPEN = ("stand", "cumulatief")
DOELTYPEN = ("wettelijk", "indicatief", "lokaal")
# the band of the pace rule in gaps: a value less than this fraction worse than the expected
# value is `risico`
RISICOMARGE = 0.10


@dataclass(frozen=True)
class Indicator:
    """One indicator as etl/indicators.toml describes it (see the comments there)."""

    id: str
    sectie: str
    naam: dict[str, str]
    definitie: dict[str, str]
    eenheid: str
    richting: str
    additief: bool
    verloop: str
    bron: str
    teller: str
    doeltype: str
    noemer: str | None = None
    schaal: int = 1
    gepubliceerd: str | None = None
    woord: dict[str, str] | None = None
    beschermd: bool = False

    def __post_init__(self):
        for field, value, allowed in (("sectie", self.sectie, SECTIES),
                                      ("eenheid", self.eenheid, EENHEDEN),
                                      ("richting", self.richting, RICHTINGEN),
                                      ("verloop", self.verloop, VERLOPEN),
                                      ("doeltype", self.doeltype, DOELTYPEN)):
            if value not in allowed:
                raise ValueError(f"indicator {self.id}: {field} {value!r} not in {allowed}")
        if (self.noemer is None) != (self.eenheid == "aantal"):
            raise ValueError(f"indicator {self.id}: a count has no noemer, a ratio needs one")
        if self.gepubliceerd and self.eenheid == "aantal":
            raise ValueError(f"indicator {self.id}: a count is published as its teller; "
                             "gepubliceerd is for a ratio the source publishes itself")
        if self.eenheid == "aantal" and not self.woord:
            raise ValueError(f"indicator {self.id}: a count needs its woord (nl, en)")
        for name in ("naam", "definitie", *(("woord",) if self.woord else ())):
            if set(getattr(self, name)) != {"nl", "en"}:
                raise ValueError(f"indicator {self.id}: {name} needs nl and en")


@cache
def indicators() -> tuple[Indicator, ...]:
    """Every indicator of the registry, in its order."""
    text = resources.files("etl").joinpath("indicators.toml").read_text("utf-8")
    out = tuple(Indicator(**entry) for entry in tomllib.loads(text)["indicator"])
    ids = [i.id for i in out]
    if len(set(ids)) != len(ids):
        raise ValueError("indicators.toml: an id appears twice")
    return out


def sources() -> tuple[str, ...]:
    """The sources whose measures the indicators read, in registry order."""
    return tuple(dict.fromkeys(i.bron for i in indicators()))


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


COLUMNS = ("indicator", "naam_nl", "naam_en", "eenheid", "richting", "additief", "cumulatief",
           "bron_tabel", "teller", "noemer", "definitie_nl", "definitie_en", "schaal",
           "woord_nl", "woord_en", "doeltype", "beschermd", "sectie", "gepubliceerd")


def dim_indicator_sql() -> str:
    """The generated model `dim_indicator`."""
    rows = []
    for i in indicators():
        woord = i.woord or {}
        values = (i.id, i.naam["nl"], i.naam["en"], i.eenheid, i.richting, i.additief,
                  i.verloop == "cumulatief", i.bron, i.teller, i.noemer, i.definitie["nl"],
                  i.definitie["en"], i.schaal, woord.get("nl"), woord.get("en"),
                  i.doeltype, i.beschermd, i.sectie, i.gepubliceerd)
        rows.append("    (" + ", ".join(map(_literal, values)) + ")")
    return ("-- Generated from etl/indicators.toml by etl/registry.py: edit that file, not this.\n"
            "CREATE OR REPLACE TABLE dim_indicator AS\n"
            f"SELECT *, {RISICOMARGE:.2f} AS risicomarge FROM (VALUES\n" + ",\n".join(rows) + "\n"
            f") AS t({', '.join(COLUMNS)});\n")


def measures_sql() -> str:
    """The generated model `measures`: every measures model the indicators read, stacked."""
    parts = "\nUNION ALL BY NAME\n".join(f"SELECT * FROM msr_{s}" for s in sources())
    return ("-- Generated from etl/indicators.toml by etl/registry.py: the measures models of "
            "the sources\n-- the indicators read, in one long table.\n"
            f"CREATE OR REPLACE TABLE measures AS\n{parts};\n")


GENERATED = {"dim_indicator": dim_indicator_sql, "measures": measures_sql}
