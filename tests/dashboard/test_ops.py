"""Production behaviour: health, headers, request limits, and rebuilding the warehouse while
the app serves traffic (every request answers from one generation, none fails)."""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import urllib.request
from pathlib import Path

import pytest

from dashboard import create_app
from dashboard.data import core as core_data
from dashboard.data import gaps as gaps_data
from dashboard.settings import Settings
from etl.build import build
from tests.conftest import FIXTURES, TODAY


def test_healthz_reports_the_warehouse(app):
    resp = app.server.test_client().get("/healthz")
    assert resp.status_code == 200
    body = resp.json
    assert body["status"] == "ok" and body["data_date"] == gaps_data.data_date()
    assert body["gaps_rows"] == int(core_data.query("SELECT count(*) AS n FROM gaps")["n"].iloc[0])
    assert body["version"]


def test_healthz_says_503_without_a_warehouse(tmp_path):
    app = create_app(Settings(warehouse=tmp_path / "missing.duckdb"))
    resp = app.server.test_client().get("/healthz")
    assert resp.status_code == 503 and resp.json["status"] == "error"
    assert "Traceback" not in resp.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/api/v1/datasets", "/healthz", "/rapport/GM0307.csv"])
def test_security_headers_on_every_response(app, path):
    resp = app.server.test_client().get(path)
    csp = resp.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "'unsafe-eval'" not in csp and "script-src 'self' 'sha256-" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_oversized_requests_are_refused(app):
    body = json.dumps({"output": "x", "inputs": [], "pad": "x" * 2_000_000})
    resp = app.server.test_client().post("/_dash-update-component", data=body,
                                         content_type="application/json")
    assert resp.status_code == 413


def _serve(app):
    from werkzeug.serving import make_server

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{port}"


def _smaller(tmp_path: Path) -> Path:
    """The fixtures without the Werkcentrum file: a build of them has fewer gaps rows."""
    smaller = tmp_path / "smaller"
    shutil.copytree(FIXTURES, smaller)
    (smaller / "werkcentrum_instrumenten.csv").unlink()
    return smaller


def test_rebuild_under_load_never_fails_and_never_mixes(tmp_path):
    full = tmp_path / "full"
    shutil.copytree(FIXTURES, full)
    smaller = _smaller(tmp_path)
    warehouse = tmp_path / "warehouse.duckdb"
    build(full, warehouse, today=TODAY)
    app = create_app(Settings(warehouse=warehouse))
    server, base = _serve(app)
    n_full = int(core_data.query("SELECT count(*) AS n FROM gaps")["n"].iloc[0])
    seen, errors, stop = set(), [], threading.Event()

    def hammer():
        while not stop.is_set():
            try:
                with urllib.request.urlopen(base + "/api/v1/datasets/gaps.json?limit=10000",
                                            timeout=30) as r:
                    body = json.loads(r.read())
                # count and rows are two queries: they must come from the same warehouse
                if body["count"] != len(body["rows"]):
                    errors.append(("mixed", body["count"], len(body["rows"])))
                seen.add(body["count"])
            except Exception as exc:  # noqa: BLE001 - every failure is a finding
                errors.append(repr(exc))

    workers = [threading.Thread(target=hammer) for _ in range(6)]
    for w in workers:
        w.start()
    try:
        for raw in (smaller, full, smaller):
            build(raw, warehouse, today=TODAY)
    finally:
        stop.set()
        for w in workers:
            w.join()
    with urllib.request.urlopen(base + "/healthz") as r:
        final = json.loads(r.read())
    server.shutdown()
    assert errors == []
    assert n_full in seen and len(seen) == 2  # both generations were served
    assert final["gaps_rows"] < n_full  # the last build is noticed without a restart


def test_questions_asked_at_once_read_the_generation_their_request_started_with(tmp_path):
    smaller = _smaller(tmp_path)
    warehouse = tmp_path / "warehouse.duckdb"
    build(FIXTURES, warehouse, today=TODAY)
    app = create_app(Settings(warehouse=warehouse))
    count = "SELECT count(*) FROM gaps"
    with app.server.test_request_context():
        before = core_data.records(count)
        build(smaller, warehouse, today=TODAY)
        answers = core_data.at_once(*[(core_data.records, count)] * 3)
    assert answers == [before] * 3
    with app.server.test_request_context():
        assert core_data.records(count)[0][0] < before[0][0]


def test_a_fresh_app_serves_its_scripts_to_simultaneous_first_requests(sample_warehouse):
    page = create_app(Settings(warehouse=sample_warehouse)).server.test_client().get("/")
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page.get_data(as_text=True))
    assert len(scripts) >= 5
    fresh = create_app(Settings(warehouse=sample_warehouse)).server
    start, statuses = threading.Barrier(len(scripts)), []

    def get(url):
        client = fresh.test_client()
        start.wait()
        statuses.append(client.get(url).status_code)

    threads = [threading.Thread(target=get, args=(url,)) for url in scripts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * len(scripts)


def test_production_server_with_several_workers(sample_warehouse, tmp_path):
    import os
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    gunicorn = shutil.which("gunicorn") or str(Path(sys.executable).parent / "gunicorn")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [gunicorn, "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60",
         "app:create_server()"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "WAREHOUSE": str(sample_warehouse), "DEBUG": ""})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    health = json.loads(r.read())
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer in 60 s"
                time.sleep(0.5)
        assert health["status"] == "ok"
        for _ in range(10):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/gemeente/GM0307") as r:
                assert r.status == 200 and b"_dash-config" in r.read()
                assert "frame-ancestors" in r.headers["Content-Security-Policy"]
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
