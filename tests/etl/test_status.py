"""The status of a gap, case by case: every status, both directions, level and cumulative
measures, early and late in the year -- against an oracle written here in plain Python.

Each case is a region of its own in a tiny warehouse: the fixture warehouse's tables with the
indicators, targets and observations replaced by the cases', and gaps.sql run over them.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from etl.models import models, sql_file

BAND = 0.10  # the risk band the page states: less than 10% worse than the expected value
YEAR = 2025
START = "2024-K4"  # the value at the end of the year before: where a level's path starts
EARLY, LATE = "2025-K1", "2025-K3"
PERIOD_END = {EARLY: dt.date(2025, 3, 31), LATE: dt.date(2025, 9, 30)}

# (richting, cumulatief, periode, start value at the end of 2024, value, target, expected)
CASES = [
    # level, higher is better: from 60 to 100 in 2025 (expected 69.9 in K1, 89.9 in K3)
    ("hoger_beter", False, EARLY, 60, 100, 100, "behaald"),
    ("hoger_beter", False, EARLY, 60, 72, 100, "op_koers"),
    ("hoger_beter", False, EARLY, 60, 65, 100, "risico"),
    ("hoger_beter", False, EARLY, 60, 61, 100, "achter"),
    ("hoger_beter", False, LATE, 60, 91, 100, "op_koers"),
    ("hoger_beter", False, LATE, 60, 85, 100, "risico"),
    ("hoger_beter", False, LATE, 60, 75, 100, "achter"),
    ("hoger_beter", False, LATE, 60, 104, 100, "behaald"),
    ("hoger_beter", False, LATE, None, 95, 100, "risico"),  # no start: judged on level
    ("hoger_beter", False, EARLY, None, 80, 100, "achter"),
    ("hoger_beter", False, LATE, 60, 91, None, "geen_doel"),
    # cumulative, higher is better: from 0 on 1 January (expected 24.7 in K1, 74.8 in K3)
    ("hoger_beter", True, EARLY, None, 25, 100, "op_koers"),
    ("hoger_beter", True, EARLY, None, 23, 100, "risico"),
    ("hoger_beter", True, EARLY, None, 20, 100, "achter"),
    ("hoger_beter", True, LATE, None, 75, 100, "op_koers"),
    ("hoger_beter", True, LATE, None, 70, 100, "risico"),
    ("hoger_beter", True, LATE, None, 60, 100, "achter"),
    ("hoger_beter", True, LATE, None, 100, 100, "behaald"),
    ("hoger_beter", True, EARLY, 500, 25, 100, "op_koers"),  # last year's total is no start
    ("hoger_beter", True, EARLY, None, 25, None, "geen_doel"),
    # level, lower is better: a ceiling of 100 from 140 (expected 130.1 in K1, 110.1 in K3)
    ("lager_beter", False, EARLY, 140, 95, 100, "behaald"),
    ("lager_beter", False, EARLY, 140, 128, 100, "op_koers"),
    ("lager_beter", False, EARLY, 140, 140, 100, "risico"),
    ("lager_beter", False, EARLY, 140, 150, 100, "achter"),
    ("lager_beter", False, LATE, 140, 110, 100, "op_koers"),
    ("lager_beter", False, LATE, 140, 118, 100, "risico"),
    ("lager_beter", False, LATE, 140, 125, 100, "achter"),
    ("lager_beter", False, LATE, None, 105, 100, "risico"),  # no start: judged on level
    ("lager_beter", False, LATE, None, 120, 100, "achter"),
    ("lager_beter", False, EARLY, 140, 128, None, "geen_doel"),
    # cumulative, lower is better: at most 100 in the year (expected 24.7 in K1, 74.8 in K3);
    # under the ceiling before the deadline is not yet "behaald"
    ("lager_beter", True, EARLY, None, 20, 100, "op_koers"),
    ("lager_beter", True, EARLY, None, 26, 100, "risico"),
    ("lager_beter", True, EARLY, None, 30, 100, "achter"),
    ("lager_beter", True, LATE, None, 70, 100, "op_koers"),
    ("lager_beter", True, LATE, None, 80, 100, "risico"),
    ("lager_beter", True, LATE, None, 90, 100, "achter"),
    ("lager_beter", True, LATE, None, 90, None, "geen_doel"),
]


def oracle(richting, cumulatief, periode, start, value, target):
    """The stated rule, from its description on the page."""
    if target is None:
        return "geen_doel"
    better = (lambda a, b: a >= b) if richting == "hoger_beter" else (lambda a, b: a <= b)
    deadline = dt.date(YEAR, 12, 31)
    if better(value, target) and not (cumulatief and richting == "lager_beter"
                                       and PERIOD_END[periode] < deadline):
        return "behaald"
    begin = 0 if cumulatief else start
    if begin is None:
        reference, on_pace = target, False
    else:
        share = ((PERIOD_END[periode] - dt.date(YEAR, 1, 1)).days + 1) / 365
        reference, on_pace = begin + (target - begin) * share, True
    if on_pace and better(value, reference):
        return "op_koers"
    margin = reference * (1 - BAND if richting == "hoger_beter" else 1 + BAND)
    return "risico" if better(value, margin) else "achter"


def test_the_cases_cover_every_status_both_ways():
    assert [oracle(*c[:6]) for c in CASES] == [c[6] for c in CASES]
    for richting in ("hoger_beter", "lager_beter"):
        for cumulatief in (False, True):
            got = {c[6] for c in CASES if c[0] == richting and c[1] == cumulatief}
            wanted = {"behaald", "op_koers", "risico", "achter", "geen_doel"}
            if cumulatief and richting == "lager_beter":
                wanted -= {"behaald"}  # only at the deadline, which no quarterly case reaches
            assert wanted <= got, (richting, cumulatief)
            for periode in (EARLY, LATE):
                assert {"op_koers", "risico", "achter"} <= {
                    c[6] for c in CASES if c[:3] == (richting, cumulatief, periode)}


@pytest.fixture(scope="module")
def case_gaps(fixture_warehouse):
    """gaps.sql over the fixture warehouse's tables, holding only the cases."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{fixture_warehouse}' AS fx (READ_ONLY)")
    tables = [t for (t,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'fx'"
        " AND table_name <> 'gaps'").fetchall()]
    for table in tables:
        con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM fx."{table}"')
    con.execute("DETACH fx")
    con.execute("DELETE FROM dim_indicator WHERE indicator <> 'banenafspraak_banen'")
    for richting in ("hoger_beter", "lager_beter"):
        for cumulatief in (False, True):
            con.execute("""INSERT INTO dim_indicator SELECT * REPLACE (? AS indicator,
                           ? AS richting, ? AS cumulatief) FROM dim_indicator
                           WHERE indicator = 'banenafspraak_banen'""",
                        [f"{richting}_{cumulatief}", richting, cumulatief])
    con.execute("DELETE FROM dim_indicator WHERE indicator = 'banenafspraak_banen'")
    con.execute("DELETE FROM doelstellingen")
    for n, (richting, cumulatief, periode, start, value, target, _) in enumerate(CASES):
        region = f"T{n:02d}"
        con.execute("""INSERT INTO dim_arbeidsmarktregio SELECT * REPLACE (? AS
                       arbeidsmarktregio_code, ? AS naam) FROM dim_arbeidsmarktregio LIMIT 1""",
                    [region, f"case {n}"])
        for p, v in ((START, start), (periode, value)):
            if v is not None:
                con.execute("""INSERT INTO fct_banenafspraak BY NAME SELECT ? AS periode,
                               ? AS arbeidsmarktregio_code, ? AS banen,
                               'published' AS provenance""", [p, region, v])
        if target is not None:
            con.execute("""INSERT INTO doelstellingen BY NAME SELECT ? AS indicator,
                           ? AS gebied_code, 'arbeidsmarktregio' AS gebied_niveau,
                           ? AS vanaf, ? AS jaar, ? AS doel, 'case' AS bron,
                           'lokaal' AS doel_status, 'published' AS provenance""",
                        [f"{richting}_{cumulatief}", region, YEAR, YEAR, target])
    # the cases' measures, then gaps, as the build runs them
    con.execute(sql_file("staging", "macros"))
    con.execute(sql_file("staging", "ckm"))
    for model in ("msr_banenafspraak", "measures", "gaps"):
        con.execute(models()[model].sql)
    rows = con.execute("SELECT indicator, gebied_code, periode, status FROM gaps").fetchall()
    con.close()
    return {(ind, code, p): status for ind, code, p, status in rows}


@pytest.mark.parametrize("n", range(len(CASES)),
                         ids=[f"{c[0]}-{'cum' if c[1] else 'level'}-{c[2]}-{c[4]}of{c[5]}"
                              for c in CASES])
def test_status(case_gaps, n):
    richting, cumulatief, periode, start, value, target, _ = CASES[n]
    got = case_gaps[(f"{richting}_{cumulatief}", f"T{n:02d}", periode)]
    assert got == oracle(richting, cumulatief, periode, start, value, target)
