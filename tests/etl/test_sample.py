"""The committed sample data is exactly what the seeded generator writes."""

from __future__ import annotations

import pytest
from python_calamine import CalamineWorkbook

from etl.sample.generate import generate
from etl.sample.reference import Reference
from tests.conftest import REFERENCE, ROOT

pytestmark = pytest.mark.usefixtures("reference_dir")  # under CI=true, missing fails


def sheets(path):
    book = CalamineWorkbook.from_path(str(path))
    return {n: book.get_sheet_by_name(n).to_python() for n in book.sheet_names}


def test_generator_reproduces_data_raw(tmp_path):
    written = generate(tmp_path, Reference(REFERENCE))
    committed = ROOT / "data" / "raw"
    assert sorted(p.name for p in written) == sorted(p.name for p in committed.iterdir())
    for path in written:
        if path.suffix == ".xlsx":
            assert sheets(path) == sheets(committed / path.name), path.name
        else:
            assert path.read_bytes() == (committed / path.name).read_bytes(), path.name
