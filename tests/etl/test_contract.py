"""One test per rule of the raw-file contract (docs/sources.md), on tiny files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import xlsxwriter

from etl.build import BuildError, build
from tests.conftest import FIXTURES, TODAY, query

BA_HEADER = "Periode;Arbeidsmarktregio;Gemeente;Personen in doelgroep;Werkzame personen;Banen\n"


def write(raw: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = raw / name
    path.write_bytes(text.encode(encoding))
    return path


def run(raw: Path, tmp_path: Path) -> Path:
    wh = tmp_path / "wh.duckdb"
    build(raw, wh, today=TODAY)
    return wh


def quarantine(wh: Path) -> list[tuple]:
    return query(wh, 'SELECT file, "row", "column", value, reason FROM quarantine ORDER BY 2, 3')


def test_dutch_numbers_and_bom_load(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak.csv", BA_HEADER + "2024 K4;AM14;;4.597;2.308;2.600\n",
          "utf-8-sig")
    wh = run(raw_dir, tmp_path)
    assert query(wh, "SELECT personen_in_doelgroep, werkzame_personen, banen "
                     "FROM fct_banenafspraak") == [(4597, 2308, 2600)]


def test_windows_1252_is_detected(raw_dir, tmp_path):
    shutil.copy(FIXTURES / "werkcentrum_instrumenten.csv", raw_dir)
    assert b"Cli\xebnt" in (raw_dir / "werkcentrum_instrumenten.csv").read_bytes()
    wh = run(raw_dir, tmp_path)
    assert query(wh, "SELECT inzet_id, kosten FROM fct_instrument_inzet ORDER BY 1") == [
        ("I1", pytest.approx(1234.5)), ("I2", 500), ("I3", None)]


def test_empty_cell_is_unknown_not_zero(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak.csv", BA_HEADER + "2024 K4;AM14;;;500;\n")
    wh = run(raw_dir, tmp_path)
    assert query(wh, "SELECT personen_in_doelgroep, werkzame_personen, banen "
                     "FROM fct_banenafspraak") == [(None, 500, None)]


@pytest.mark.parametrize("cell, reason", [
    ("-5", "negative count"),
    ("12,5", "fractional count: counts are whole numbers"),
    ("veel", "not a number (Dutch format: 4.597 or 12,5)"),
])
def test_bad_counts_are_quarantined_with_file_row_column(raw_dir, tmp_path, cell, reason):
    write(raw_dir, "uwv_banenafspraak.csv",
          BA_HEADER + "2024 K4;AM14;;100;50;60\n" + f"2024 K4;AM14;Soest;{cell};10;12\n")
    wh = run(raw_dir, tmp_path)
    assert quarantine(wh) == [("uwv_banenafspraak.csv", 3, "Personen in doelgroep", cell, reason)]
    assert query(wh, "SELECT count(*) FROM fct_banenafspraak") == [(1,)]


def test_unknown_municipality_names_the_value(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak.csv", BA_HEADER + "2024 K4;AM14;Atlantis;10;5;6\n")
    [(file, row, col, value, reason)] = quarantine(run(raw_dir, tmp_path))
    assert (file, row, col, value) == ("uwv_banenafspraak.csv", 2, "Gemeente", "Atlantis")
    assert reason.startswith("unknown municipality")


def test_municipality_in_another_region_is_rejected(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak.csv", BA_HEADER + "2024 K4;AM10;Amersfoort;10;5;6\n")
    [(_f, _r, col, _v, reason)] = quarantine(run(raw_dir, tmp_path))
    assert col == "Arbeidsmarktregio" and "does not lie" in reason


@pytest.mark.parametrize("period", ["2024 K3", "2024-K3", "2024Q3", "2024-Q3"])
def test_quarter_formats(raw_dir, tmp_path, period):
    write(raw_dir, "uwv_banenafspraak.csv", BA_HEADER + f"{period};AM14;;10;5;6\n")
    assert query(run(raw_dir, tmp_path), "SELECT periode FROM fct_banenafspraak") == [("2024-K3",)]


def test_bad_and_future_periods(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak.csv",
          BA_HEADER + "2024 K9;AM14;;10;5;6\n2031 K1;AM14;;10;5;6\n")
    assert [(r[1], r[4]) for r in quarantine(run(raw_dir, tmp_path))] == [
        (2, "not a quarter (e.g. 2024 K3, 2024-K3, 2024Q3)"), (3, "period lies in the future")]


def test_unknown_enum_value_lists_the_allowed_ones(raw_dir, tmp_path):
    write(raw_dir, "werkcentrum_instrumenten.csv",
          "Inzet-ID;Cliënt;Gemeente;Doelgroep;Instrument;Startdatum;Einddatum;Resultaat;Kosten\n"
          "X1;C1;Soest;Ouderen;Training;01-01-2025;;;\n")
    [(_f, row, col, value, reason)] = quarantine(run(raw_dir, tmp_path))
    assert (row, col, value) == (2, "Doelgroep", "Ouderen")
    assert "allowed: Jongeren, Statushouders" in reason


def test_missing_column_fails_the_build_naming_file_and_column(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak.csv", "Periode;Arbeidsmarktregio;Gemeente;Banen\n")
    with pytest.raises(BuildError, match=r"uwv_banenafspraak.csv: missing column\(s\) "
                                         r"Personen in doelgroep, Werkzame personen"):
        run(raw_dir, tmp_path)


def test_wrong_separator_is_named(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak.csv", BA_HEADER.replace(";", ","))
    with pytest.raises(BuildError, match="separator must be ';'"):
        run(raw_dir, tmp_path)


def test_headers_match_case_and_space_insensitively(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak.csv",
          " periode ;ARBEIDSMARKTREGIO;gemeente;personen in doelgroep;Werkzame Personen;banen\n"
          "2024 K4;AM14;;10;5;6\n")
    assert query(run(raw_dir, tmp_path), "SELECT banen FROM fct_banenafspraak") == [(6,)]


def test_too_many_fields_quarantines_the_line(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak.csv",
          BA_HEADER + "2024 K4;AM14;;10;5;6;7\n2024 K4;AM14;Soest;4;2;3\n")
    wh = run(raw_dir, tmp_path)
    assert [(r[1], r[2]) for r in quarantine(wh)] == [(2, "*")]
    assert query(wh, 'SELECT bron_rij FROM fct_banenafspraak') == [(3,)]


def test_same_key_in_two_files_fails_naming_both(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak_a.csv", BA_HEADER + "2024 K4;AM14;;10;5;6\n")
    write(raw_dir, "uwv_banenafspraak_b.csv", BA_HEADER + "2024-K4;AM14;;11;5;6\n")
    with pytest.raises(BuildError, match="uwv_banenafspraak_b.csv: the same key .* "
                                         "also in uwv_banenafspraak_a.csv"):
        run(raw_dir, tmp_path)


def test_correction_file_replaces_rows_with_the_same_key(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak_2024.csv",
          BA_HEADER + "2024 K4;AM14;;10;5;6\n2024 K3;AM14;;9;4;5\n")
    write(raw_dir, "uwv_banenafspraak_2024K4_correctie.csv", BA_HEADER + "2024-K4;AM14;;12;6;7\n")
    wh = run(raw_dir, tmp_path)
    assert query(wh, "SELECT periode, banen FROM fct_banenafspraak ORDER BY 1") == [
        ("2024-K3", 5), ("2024-K4", 7)]
    assert query(wh, "SELECT file, correctie FROM load_log WHERE source = 'banenafspraak' "
                     "ORDER BY 1") == [("uwv_banenafspraak_2024.csv", False),
                                        ("uwv_banenafspraak_2024K4_correctie.csv", True)]


def test_duplicate_key_within_a_file_keeps_the_first(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak.csv",
          BA_HEADER + "2024 K4;AM14;;10;5;6\n2024 K4;Amersfoort;;11;5;6\n")
    wh = run(raw_dir, tmp_path)
    assert [(r[1], r[4]) for r in quarantine(wh)] == [
        (3, "duplicate key (Periode, Arbeidsmarktregio, Gemeente): same as row 2")]


def test_xlsx_header_on_first_nonempty_row_and_named_sheets(raw_dir, tmp_path):
    for name in ("uwv_beschut_werk.xlsx", "amfors_fixture.xlsx"):
        shutil.copy(FIXTURES / name, raw_dir)
    wh = run(raw_dir, tmp_path)
    assert query(wh, "SELECT gemeente_code, positief_advies, werkzaam_beschut, bron_rij "
                     "FROM fct_beschut_werk ORDER BY 1") == [("GM0307", 12, 7, 3),
                                                             ("GM0342", 5, 3, 4)]
    assert query(wh, "SELECT periode, sum(medewerkers), sum(fte) FROM fct_sob_bezetting "
                     "GROUP BY 1") == [("2025-03", 17, pytest.approx(13.7))]
    assert query(wh, "SELECT sum(omzet) FROM fct_sob_omzet") == [(pytest.approx(17345.5),)]


def test_broken_xlsx_fails_cleanly(raw_dir, tmp_path):
    write(raw_dir, "amfors_kapot.xlsx", "not a workbook")
    with pytest.raises(BuildError, match="amfors_kapot.xlsx: cannot be read as an XLSX"):
        run(raw_dir, tmp_path)


def test_xlsx_without_the_named_sheet(raw_dir, tmp_path):
    book = xlsxwriter.Workbook(str(raw_dir / "amfors_x.xlsx"))
    book.add_worksheet("Bezetting").write_row(0, 0, ["Periode"])
    book.close()
    with pytest.raises(BuildError, match="no sheet named 'Omzet'|missing column"):
        run(raw_dir, tmp_path)


@pytest.mark.parametrize("content, message", [
    (b"", "file is empty"),
    (b"\x00\x01\x02garbage\x00", "binary content"),
    (b"PK\x03\x04rest", "not a CSV text file"),
])
def test_unreadable_csv(raw_dir, tmp_path, content, message):
    (raw_dir / "uwv_jeugd_ww.csv").write_bytes(content)
    with pytest.raises(BuildError, match=f"uwv_jeugd_ww.csv: .*{message}"):
        run(raw_dir, tmp_path)


def test_missing_gemeenten_file_is_fatal(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    with pytest.raises(BuildError, match="no file matching gemeenten"):
        run(raw, tmp_path)


def test_cross_column_rule(raw_dir, tmp_path):
    write(raw_dir, "uwv_banenafspraak.csv", BA_HEADER + "2024 K4;AM14;;10;50;6\n")
    [(_f, _r, col, value, reason)] = quarantine(run(raw_dir, tmp_path))
    assert (col, value, reason) == ("Werkzame personen", "50",
                                    "more people working than in the target group")
