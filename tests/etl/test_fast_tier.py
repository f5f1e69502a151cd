"""The fast tier types a large CSV in one parallel pass and hands every row it does not
accept outright to the full parsers. Over several of DuckDB's row groups, with odd rows
scattered through the file, every row keeps its own line number and every value is the one
the full parsers give."""

from __future__ import annotations

import random
import shutil

import pytest

from etl.build import build
from tests.conftest import FIXTURES, TODAY, query

ROWS = 300_000  # more than two row groups of 122,880, so the reader runs in parallel
HEADER = "Inzet-ID;Cliënt;Gemeente;Doelgroep;Instrument;Startdatum;Einddatum;Resultaat;Kosten"
GOOD = "I{n};C{c};GM0307;Jongeren;Jobcoaching;03-02-2024;05-06-2024;Regulier werk;€ 1250,50"
# rows the fast tier leaves to the full parsers, each still valid: (text, kosten, gemeente)
SPELLED = [
    ("I{n};C{c};Amersfoort;jongeren;Jobcoaching;2024-02-03;;;1.250,50", "1250.50", "GM0307"),
    ("I{n};C{c};307;Jongeren;Jobcoaching;3-2-2024;;;€ 1.250", "1250.00", "GM0307"),
    ("I{n};C{c};gemeente Soest;Jongeren;Jobcoaching;03-02-2024;;Lopend;12.5", "12.50", "GM0342"),
]
# rows that break the contract: (text, column named in quarantine)
BROKEN = [
    ("I{n};C{c};GM9999;Jongeren;Jobcoaching;03-02-2024;;;", "Gemeente"),
    ("I{n};C{c};GM0307;Jongeren;Jobcoaching;31-02-2024;;;", "Startdatum"),
    ("I{n};C{c};GM0307;Jongeren;Jobcoaching;03-02-2024;;;12,5,0", "Kosten"),
    ("I{n};C{c};GM0307;Ouderen;Jobcoaching;03-02-2024;;;", "Doelgroep"),
    ("I{n};C{c};GM0307;Jongeren;Jobcoaching;03-02-2024;01-01-2024;Uitval;", "Einddatum"),
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    rng = random.Random(7)
    raw = tmp_path_factory.mktemp("fast_raw")
    shutil.copy(FIXTURES / "gemeenten.csv", raw)
    odd = sorted(rng.sample(range(ROWS), 60))
    spelled, broken, lines = {}, {}, [HEADER]
    for n in range(ROWS):
        line = len(lines) + 1
        if n in odd and n % 2:
            text, kosten, gemeente = SPELLED[n % len(SPELLED)]
            spelled[line] = (kosten, gemeente)
        elif n in odd:
            text, column = BROKEN[n % len(BROKEN)]
            broken[line] = column
        else:
            text = GOOD
        lines.append(text.format(n=line, c=n // 3))
        if n == ROWS // 2:
            lines.append("cut;short")  # a line the CSV reader itself rejects
            broken[len(lines)] = "*"
    (raw / "werkcentrum_instrumenten_groot.csv").write_text("\n".join(lines) + "\n", "utf-8")
    warehouse = tmp_path_factory.mktemp("fast") / "warehouse.duckdb"
    build(raw, warehouse, today=TODAY)
    return warehouse, spelled, broken, len(lines)


def test_every_row_keeps_its_line_number(loaded):
    warehouse, _, broken, n_lines = loaded
    # the id holds the line the row was written on
    assert query(warehouse, "SELECT count(*) FROM fct_instrument_inzet "
                            "WHERE inzet_id <> 'I' || bron_rij") == [(0,)]
    [(loaded_rows,)] = query(warehouse, "SELECT count(*) FROM fct_instrument_inzet")
    assert loaded_rows == n_lines - 1 - len(broken)


def test_quarantine_names_each_broken_row_and_column(loaded):
    warehouse, _, broken, _ = loaded
    found = dict(query(warehouse, 'SELECT "row", "column" FROM quarantine'))
    assert found == broken


def test_rows_left_to_the_full_parsers_get_its_values(loaded):
    warehouse, spelled, _, _ = loaded
    rows = query(warehouse, "SELECT bron_rij, CAST(kosten AS VARCHAR), gemeente_code, "
                            "arbeidsmarktregio_code, doelgroep FROM fct_instrument_inzet "
                            "WHERE bron_rij IN (SELECT unnest(?::BIGINT[]))", [list(spelled)])
    assert {r[0]: (r[1], r[2]) for r in rows} == spelled
    assert {(r[3], r[4]) for r in rows} == {("AM14", "Jongeren")}
    [(fast,)] = query(warehouse, "SELECT DISTINCT CAST(kosten AS VARCHAR) || gemeente_code || "
                                 "arbeidsmarktregio_code FROM fct_instrument_inzet "
                                 "WHERE bron_rij NOT IN (SELECT unnest(?::BIGINT[]))",
                      [list(spelled)])
    assert fast == "1250.50GM0307AM14"
