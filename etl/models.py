"""The warehouse's models and the order they run in, read from their own SQL.

A model is one SQL file under etl/sql/measures/ or etl/sql/marts/ (one `CREATE OR REPLACE
TABLE <name>`), or one the registry generates (etl/registry.py: dim_indicator, measures).
What a model reads is the set of other models' names its SQL mentions outside comments and
string literals; the order is a topological sort of that graph (graphlib). A model that reads
a staging view (`stg_*`, `lookup_*`), or that such a model reads, runs while staging exists;
every other model runs after the build has dropped staging, so the aggregates of a large load
get the memory staging held.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from graphlib import TopologicalSorter
from importlib import resources

from etl import registry

LAYERS = ("measures", "marts")
NOISE = re.compile(r"--[^\n]*|'(?:[^']|'')*'")
WORD = re.compile(r"[a-z_][a-z0-9_]*")
STAGING = re.compile(r"\b(?:stg|lookup)_[a-z0-9_]+\b")


def sql_file(layer: str, name: str) -> str:
    """The text of etl/sql/<layer>/<name>.sql."""
    return resources.files("etl").joinpath("sql", layer, f"{name}.sql").read_text("utf-8")


@dataclass(frozen=True)
class Model:
    """One model: its SQL, the models it reads, whether it reads staging."""

    name: str
    sql: str
    reads: frozenset[str]
    staged: bool


@cache
def models() -> dict[str, Model]:
    """Every model by name."""
    texts = {}
    for layer in LAYERS:
        for entry in resources.files("etl").joinpath("sql", layer).iterdir():
            if entry.name.endswith(".sql"):
                texts[entry.name.removesuffix(".sql")] = entry.read_text("utf-8")
    clash = set(texts) & set(registry.GENERATED)
    if clash:
        raise ValueError(f"models both generated and written as files: {sorted(clash)}")
    texts |= {name: generate() for name, generate in registry.GENERATED.items()}
    out = {}
    for name, sql in texts.items():
        code = NOISE.sub(" ", sql).lower()
        out[name] = Model(name, sql, frozenset(set(WORD.findall(code)) & set(texts) - {name}),
                          bool(STAGING.search(code)))
    return out


def _sorted(graph: dict[str, frozenset[str]]) -> list[str]:
    """A topological order of `graph`; of the models ready together, alphabetical."""
    sorter = TopologicalSorter(graph)
    sorter.prepare()
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order += ready
        sorter.done(*ready)
    return order


@cache
def phases() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(models that run while staging exists, models that run after it is dropped)."""
    found = models()
    early: set[str] = set()
    todo = [m for m in found.values() if m.staged]
    while todo:
        m = todo.pop()
        if m.name not in early:
            early.add(m.name)
            todo += [found[r] for r in m.reads]
    order = _sorted({n: m.reads for n, m in found.items()})
    return (tuple(n for n in order if n in early), tuple(n for n in order if n not in early))


def lineage() -> str:
    """Each model with what it reads, in build order: for `python -m etl models`."""
    early, late = phases()
    found = models()
    lines = []
    for n in (*early, *late):
        reads = ", ".join(sorted(found[n].reads)) or "-"
        lines.append(f"{n:<26} {'staging' if n in early else 'models ':<8} reads {reads}")
    return "\n".join(lines)
