"""Several correction files for the same key: the file whose name sorts last wins, whatever
order the values come in and whatever order the files were written in (README, 'Adding a
new quarter'; etl.validate.resolve_duplicates)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import xlsxwriter

from etl.build import build
from tests.conftest import TODAY, query

HEADER = ["Periode", "Arbeidsmarktregio", "Gemeente", "Personen in doelgroep",
          "Werkzame personen", "Banen"]
BASE = "uwv_banenafspraak_2024.csv"
# in the order of their names; the workbook shows that the format does not decide (and that
# a workbook loads after a CSV file of the same source)
NAMES = ["uwv_banenafspraak_2025-01_correctie.csv", "uwv_banenafspraak_2025-02_correctie.xlsx",
         "uwv_banenafspraak_2025-03_correctie.csv"]


def write(raw: Path, name: str, rows: list[list[str]]) -> None:
    if name.endswith(".xlsx"):
        with xlsxwriter.Workbook(raw / name) as wb:
            sheet = wb.add_worksheet()
            for i, row in enumerate([HEADER, *rows]):
                sheet.write_row(i, 0, row)
    else:
        (raw / name).write_text("\n".join(";".join(r) for r in [HEADER, *rows]) + "\n",
                                encoding="utf-8")


# two files (both CSV) and three: every assignment of the values 1..n to the n names
CASES = [(names, values) for names in (NAMES[::2], NAMES)
         for values in itertools.permutations(range(1, len(names) + 1))]


@pytest.mark.parametrize("names, values", CASES, ids=[
    f"{len(names)}-files-values-{''.join(map(str, values))}" for names, values in CASES])
def test_the_correction_with_the_last_name_wins(raw_dir, tmp_path, names, values):
    write(raw_dir, BASE, [["2024 K4", "AM14", "", "10", "5", "6"],
                          ["2024 K3", "AM14", "", "9", "4", "5"]])
    # written last name first, so the order on disk is not the order of the names
    for name, value in reversed(list(zip(names, values, strict=True))):
        rows = [["2024 K4", "AM14", "", "20", "10", str(100 + value)]]
        if name == names[0]:  # a key that only the first correction touches
            rows.append(["2024 K3", "AM14", "", "19", "9", str(200 + value)])
        write(raw_dir, name, rows)
    wh = tmp_path / "wh.duckdb"
    build(raw_dir, wh, today=TODAY)
    assert query(wh, "SELECT periode, banen, bron_bestand FROM fct_banenafspraak "
                     "ORDER BY periode") == [
        ("2024-K3", 200 + values[0], names[0]),
        ("2024-K4", 100 + values[-1], names[-1]),
    ]
    loaded = dict(query(wh, "SELECT file, rows_loaded FROM load_log "
                            "WHERE source = 'banenafspraak'"))
    assert loaded == {BASE: 0, names[0]: 1, **{n: 0 for n in names[1:-1]}, names[-1]: 1}
    assert query(wh, "SELECT count(*) FROM quarantine WHERE source = 'banenafspraak'") == [(0,)]
