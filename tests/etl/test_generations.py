"""The stewards' workflow under faults: a process that dies mid-check, publishes racing each
other, and the number of generations kept. The build is replaced by a copy of a built
warehouse here (the real ETL runs in tests/dashboard/test_stewards.py)."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import types
from pathlib import Path

import pytest

from app import warehouse_is_stale
from etl import generations
from etl.generations import StewardError, Stewards
from tests.conftest import FIXTURES, ROOT, TODAY


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def place(tmp_path, fixture_warehouse):
    """(warehouse, raw folder) copies to work on."""
    shutil.copytree(FIXTURES, tmp_path / "raw")
    shutil.copyfile(fixture_warehouse, tmp_path / "warehouse.duckdb")
    return tmp_path / "warehouse.duckdb", tmp_path / "raw"


@pytest.fixture
def copying_build(monkeypatch, fixture_warehouse):
    """A build that writes a copy of the fixture warehouse as the candidate."""
    def build(raw, candidate, today=None, say=print):
        tmp = Path(candidate).with_suffix(".tmp")
        shutil.copyfile(fixture_warehouse, tmp)
        os.replace(tmp, candidate)
        return types.SimpleNamespace(warnings=[])

    monkeypatch.setattr(generations, "build", build)


def add(stewards: Stewards, name: str = "uwv_jeugd_ww_2025.csv", body: bytes = b"") -> int:
    return stewards.add_upload(name, io.BytesIO(body or name.encode()), "anna", 1000)["id"]


DYING = """
import os, signal, sys
from pathlib import Path
from app import warehouse_is_stale
from etl import generations

def build(raw, candidate, today=None, say=print):
    work = Path(candidate).parent / "etl-half"  # where the real build keeps its work
    work.mkdir()
    (work / Path(candidate).name).write_bytes(b"half a warehouse")
    os.kill(os.getpid(), signal.SIGKILL)

generations.build = build
generations.Stewards(Path(sys.argv[1]), Path(sys.argv[2])).run_checks()
"""


def test_a_process_dying_mid_check_leaves_nothing_half_built(place, copying_build):
    warehouse, raw = place
    stewards = Stewards(warehouse, raw)
    first, second = add(stewards), add(stewards, "uwv_jeugd_ww_2025_b.csv")
    before = digest(warehouse), sorted(p.name for p in raw.iterdir())
    died = subprocess.run([sys.executable, "-c", DYING, str(warehouse), str(raw)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert died.returncode == -9
    # as the dead process left it
    assert (stewards.dir / "candidates" / "etl-half").is_dir()
    with sqlite3.connect(stewards.dir / "state.sqlite") as db:
        assert db.execute("SELECT status FROM uploads WHERE id = ?", (first,)).fetchone() == (
            "checking",)

    stewards = Stewards(warehouse, raw)  # a restarted server
    crashed = stewards.upload(first)
    assert crashed["status"] == "failed" and "interrupted" in crashed["message"]
    assert list((stewards.dir / "candidates").iterdir()) == []
    assert list((stewards.dir / "checks").iterdir()) == []
    assert (digest(warehouse), sorted(p.name for p in raw.iterdir())) == before
    assert stewards.upload(second)["status"] == "queued"
    stewards.run_checks()  # the queue goes on after the crash
    assert stewards.upload(second)["status"] == "ready"
    assert ("check", f"upload {first}: failed (interrupted)") in [
        (e["action"], e["outcome"]) for e in stewards.audit_trail()]


def test_two_publishes_at_once_cannot_both_win(place, copying_build):
    warehouse, raw = place
    stewards = Stewards(warehouse, raw)
    a, b = add(stewards, "uwv_jeugd_ww_a.csv"), add(stewards, "uwv_jeugd_ww_b.csv")
    stewards.run_checks()
    base = stewards.upload(a)["base_generation"]
    assert stewards.upload(b)["base_generation"] == base

    start, outcomes = threading.Barrier(2), {}

    def publish(upload_id):
        start.wait()
        try:
            outcomes[upload_id] = stewards.publish(upload_id, "anna")["id"]
        except StewardError as exc:
            outcomes[upload_id] = exc.status

    threads = [threading.Thread(target=publish, args=(u,)) for u in (a, b)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    winner = next(u for u, o in outcomes.items() if o != 409)
    loser = a if winner == b else b
    assert outcomes[loser] == 409
    # the winner's file is in the raw folder, the loser's is not: checked again on the new data
    assert (raw / stewards.upload(winner)["file"]).exists()
    assert not (raw / stewards.upload(loser)["file"]).exists()
    assert stewards.upload(loser)["status"] == "queued"
    assert stewards.current_generation()["id"] == outcomes[winner] != base
    stewards.run_checks()
    assert stewards.upload(loser)["base_generation"] == outcomes[winner]


def test_only_the_newest_generations_are_kept(place, copying_build):
    warehouse, raw = place
    stewards = Stewards(warehouse, raw, keep=2)
    published = []
    for n in range(3):  # the same file delivered three times: each replaces the last
        upload_id = add(stewards, "uwv_jeugd_ww_2025.csv", f"versie {n}".encode())
        stewards.run_checks()
        published.append(stewards.publish(upload_id, "anna")["id"])
        # the published file is not newer than the warehouse: app.py does not rebuild
        assert not warehouse_is_stale(warehouse, raw)
    kept = stewards.generations()
    assert [g["id"] for g in kept] == published[:-3:-1]
    assert sorted(p.name for p in (stewards.dir / "generations").iterdir()) == sorted(
        str(g) for g in published[-2:])
    used = {f["sha256"] for g in kept for f in g["files"]}
    assert {p.name for p in (stewards.dir / "blobs").iterdir()} == used
    assert hashlib.sha256(b"versie 0").hexdigest() not in used
    with pytest.raises(StewardError) as gone:
        stewards.restore(published[0], "anna")
    assert gone.value.status == 404
    assert stewards.restore(published[1], "anna")["id"] == published[1]
    assert stewards.current_generation()["id"] == published[1]
    # the raw folder as it was then: the second delivery of the file, not the third
    assert {p.name: digest(p) for p in raw.iterdir()} == {
        f["name"]: f["sha256"] for f in kept[1]["files"]}
    assert (raw / "uwv_jeugd_ww_2025.csv").read_bytes() == b"versie 1"
    assert not warehouse_is_stale(warehouse, raw)


def test_a_correction_lists_the_published_figure_and_status_it_changes(place):
    """The real ETL: the fixture region's published 2025 K1 jobs (610, target 800 in
    doelstellingen.csv) corrected to 800 meets the target."""
    warehouse, raw = place
    stewards = Stewards(warehouse, raw, today=TODAY)
    correction = (b"Periode;Arbeidsmarktregio;Gemeente;Personen in doelgroep;Werkzame personen;"
                  b"Banen;Extra banen\n2025-Q1;AM14;;1.010;505;800;\n")
    upload_id = add(stewards, "uwv_banenafspraak_correctie.csv", correction)
    stewards.run_checks()
    assert stewards.upload(upload_id)["status"] == "ready"
    changes = stewards.changes(upload_id)
    first = changes["rows"][0]
    assert (first["indicator"], first["gebied_code"], first["periode"], first["change"]) == (
        "banenafspraak_banen", "AM14", "2025-K1", "status")
    assert (first["realisatie_old"], first["realisatie_new"]) == (610, 800)
    assert (first["status_old"], first["status_new"], first["published"]) == (
        "risico", "behaald", True)
    assert changes["counts"]["status"] == 1 and changes["counts"]["published_changed"] >= 1
    assert changes["added_periods"] == []
