"""The model runner and the registry: the order comes from what each model's SQL reads,
staging is dropped only before models that no longer need it, and the generated SQL can be
read."""

from __future__ import annotations

import re
import subprocess
import sys

import duckdb
import pytest

from etl import models, registry
from tests.conftest import ROOT, query


def test_every_model_runs_after_what_it_reads():
    early, late = models.phases()
    order = (*early, *late)
    assert sorted(order) == sorted(models.models())
    for n, name in enumerate(order):
        assert models.models()[name].reads <= set(order[:n]), name


def test_reads_found_by_an_independent_parse():
    """DuckDB's own parser names the same models, for every model it can parse."""
    con = duckdb.connect()
    compared = 0
    for name, model in models.models().items():
        select = re.sub(r"(?is)^.*?CREATE OR REPLACE TABLE \w+ AS", "", model.sql, count=1)
        tree = con.execute("SELECT json_serialize_sql(?)", [select.rstrip().rstrip(";")]
                           ).fetchone()[0]
        if '"error":true' in tree.replace(" ", ""):
            continue
        named = set(re.findall(r'"table_name":"(\w+)"', tree.replace(" ", "")))
        assert model.reads == named & set(models.models()), name
        compared += 1
    assert compared >= 15


def test_staging_is_dropped_before_models_that_do_not_need_it():
    early, late = models.phases()
    found = models.models()
    assert {"fct_instrument_inzet", "doelstellingen", "dim_indicator"} <= set(early)
    assert {"gaps", "measures", "dim_periode", "msr_jeugd_ww"} <= set(late)
    assert not any(found[n].staged for n in late)
    # a model before the drop is there because it, or a model reading it, reads staging
    needed = {n for n in early if found[n].staged}
    for n in early:
        assert n in needed or any(n in found[m].reads for m in early), n


def test_comments_and_strings_are_no_references():
    model = models.models()["msr_instrumenten"]  # names 'plaatsingen' only as a string
    assert "gaps" not in model.reads and "instrumenten" not in model.reads
    # dim_indicator's comment names etl/indicators.toml; doelstellingen's mentions
    # dim_indicator in SQL: a reference
    assert "dim_indicator" in models.models()["doelstellingen"].reads


def test_dim_indicator_is_the_registry(sample_warehouse):
    rows = query(sample_warehouse, "SELECT indicator, naam_nl, woord_en, sectie, schaal, beschermd "
                                   "FROM dim_indicator ORDER BY indicator")
    want = sorted((i.id, i.naam["nl"], (i.woord or {}).get("en"), i.sectie, i.schaal, i.beschermd)
                  for i in registry.indicators())
    assert rows == want


@pytest.mark.parametrize(("field", "value"), [("eenheid", "procent"), ("richting", "hoger"),
                                              ("sectie", "zorg"), ("noemer", "x")])
def test_registry_refuses_a_bad_entry(field, value):
    entry = {**vars(registry.indicators()[0]), field: value}
    with pytest.raises(ValueError, match=field if field != "noemer" else "noemer"):
        registry.Indicator(**entry)


def test_show_sql_prints_generated_and_staging_sql():
    def show(name):
        return subprocess.run([sys.executable, "-m", "etl", "show-sql", name], cwd=ROOT,
                              capture_output=True, text=True, check=False)

    generated = show("dim_indicator")
    assert generated.returncode == 0 and "bijstand_dichtheid" in generated.stdout
    staging = show("stg_bijstand")
    assert staging.returncode == 0 and "CREATE TEMP VIEW stg_bijstand" in staging.stdout
    assert show("nothing").returncode == 1
