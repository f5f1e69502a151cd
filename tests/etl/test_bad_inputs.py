"""The bad-input corpus (tests/fixtures/bad, made by make.py there): each case gives the answer
written in expected.csv, names its file (and row and column where there is one), lets the good
files load or fails the build cleanly, and leaves the previous warehouse as it was."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl.build import BuildError, build
from tests.conftest import FIXTURES, ROOT, TODAY, query

BAD = ROOT / "tests" / "fixtures" / "bad"


def cases() -> list[tuple[str, str, str]]:
    lines = (BAD / "expected.csv").read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(line.split(";", 2)) for line in lines if line.strip()]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corpus_is_complete():
    listed = {c for c, _, _ in cases()}
    on_disk = {p.name for p in BAD.iterdir() if p.name not in ("make.py", "expected.csv")
               and not p.name.startswith((".", "__"))}
    assert listed == on_disk
    assert len(listed) >= 30


@pytest.fixture(scope="module")
def good_warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("good") / "warehouse.duckdb"
    build(FIXTURES, path, today=TODAY)
    return path


@pytest.mark.parametrize("case, outcome, message", cases())
def test_bad_input(case, outcome, message, good_warehouse, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES, raw)
    source = BAD / case
    files = sorted(source.iterdir()) if source.is_dir() else [source]
    for f in files:
        shutil.copy(f, raw / f.name)
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(good_warehouse, warehouse)
    before = digest(warehouse)
    good_rows = query(good_warehouse, "SELECT count(*) FROM fct_banenafspraak")

    if outcome == "fail":
        with pytest.raises(BuildError) as err:
            build(raw, warehouse, today=TODAY)
        text = str(err.value)
        assert any(f.name in text for f in files), text
        assert message in text, text
        assert digest(warehouse) == before  # nothing lost
        assert not list(tmp_path.glob("etl-*"))  # no half-built leftovers
        return

    result = build(raw, warehouse, today=TODAY)
    assert query(warehouse, "SELECT count(*) FROM fct_banenafspraak") >= good_rows
    quarantined = query(warehouse, 'SELECT file, "row", "column", reason FROM quarantine '
                                   "WHERE file LIKE ?", [case + "%"])
    if outcome == "ok":
        assert quarantined == []
        [(rows,)] = query(warehouse, "SELECT rows_loaded FROM load_log WHERE file = ?", [case])
        assert rows >= 1
    elif outcome == "warning":
        assert any(case in w and message in w for w in result.warnings), result.warnings
    else:
        _, row, column = outcome.split(":")
        assert any(r == int(row) and c == column and message in reason
                   for _f, r, c, reason in quarantined), quarantined


def test_two_gigabyte_file_is_streamed(tmp_path):
    """A 2 GB export with the wrong separator: read in one streamed pass and refused by name,
    with the build process staying far below the file's size in memory."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(FIXTURES / "gemeenten.csv", raw)
    big = raw / "uwv_jeugd_ww_2gb.csv"
    row = b"2024-11,Amersfoort,15-27 jaar,93,10\n" * 30_000
    with big.open("wb") as fh:
        fh.write(b"Periode,Gemeente,Leeftijdsklasse,WW-uitkeringen,Zonder startkwalificatie\n")
        while fh.tell() < 2 * 1024**3:
            fh.write(row)
    # VmHWM, not ru_maxrss: a forked child's ru_maxrss starts at the parent's (pytest's) peak
    script = ("import json, re, sys, datetime as dt\n"
              "from etl.build import build, BuildError\n"
              "try:\n"
              "    build(sys.argv[1], sys.argv[2], today=dt.date(2025, 4, 30))\n"
              "    out = 'built'\n"
              "except BuildError as exc:\n"
              "    out = str(exc)\n"
              "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())\n"
              "print(json.dumps({'message': out, 'peak_mib': int(hwm.group(1)) / 1024}))\n")
    done = subprocess.run([sys.executable, "-c", script, str(raw), str(tmp_path / "w.duckdb")],
                          capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    big.unlink()
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert "uwv_jeugd_ww_2gb.csv" in report["message"]
    assert "the separator must be ';'" in report["message"]
    assert report["peak_mib"] < 512, report
