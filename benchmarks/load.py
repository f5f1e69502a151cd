"""Load benchmark: concurrent users browsing every page and changing filters against the
production server (gunicorn) on 127.0.0.1, first on a quiet warehouse, then while the ETL
rebuilds and swaps it again and again.

    python benchmarks/load.py [--users 50] [--seconds 60] [--workers 4] [--before REF]

`--before REF` first measures the code of git REF (exported to a scratch folder) the same
way, so the before and after come from one run on one machine state.

Writes benchmarks/results/load.json and a section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import percentile, write_json, write_section  # noqa: E402


def callback(output: str, outputs: list[tuple[str, str]], inputs: list[tuple[str, str, object]],
             state: list[tuple[str, str, object]] = ()) -> dict:
    """A /_dash-update-component body as the browser sends it."""
    outs = [{"id": i, "property": p} for i, p in outputs]
    return {"output": output, "outputs": outs if len(outs) > 1 else outs[0],
            "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
            "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
            "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"]}


def page_content(path: str, search: str = "") -> dict:
    return callback(".._pages_content.children..._pages_store.data..",
                    [("_pages_content", "children"), ("_pages_store", "data")],
                    [("_pages_location", "pathname", path), ("_pages_location", "search", search)])


def filter_changes(callback_keys: list[str], organisations: tuple[str, ...] = (
        "Amfors", "Inclusief Groep")) -> dict[str, list[list[dict]]]:
    """Per page: its filter changes, each the callback bodies the browser sends at once for
    it (the page's main callback first); the company filter takes two of `organisations`."""
    def key(prefix: str) -> str:
        return next(k for k in callback_keys if k.startswith(prefix))

    rng = random.Random(1)
    indicators = ["banenafspraak_banen", "jeugd_ww", "beschut_werk_plekken",
                  "instrument_plaatsingen"]
    region = [[callback(
        key("..kaart.figure"), [("kaart", "figure"), ("kaart-tabel", "children"),
                                ("url-search", "data"), ("regio-taal", "href")],
        [("kaart-indicator", "value", i)],
        [("regio-context", "data", {"code": "AM14", "lang": "nl"}),
         ("kaart-soort", "data", {"tiles": True, "codes": ["GM0267", "GM0307", "GM0308",
                                                           "GM0313", "GM0327", "GM0342",
                                                           "GM0351"]})])]
        for i in indicators]
    gemeente = [[callback(
        key("..trend.figure"), [("trend", "figure"), ("trend-tabel", "children"),
                                ("vergelijking", "figure"), ("vergelijking-tabel", "children"),
                                ("url-search", "data"), ("gemeente-taal", "href"),
                                ("vooruitblik-blok", "children")],
        [("gemeente-indicator", "value", i)],
        [("gemeente-context", "data", {"code": "GM0307", "region": "AM14", "lang": "nl"})])]
        for i in indicators]
    werkcentrum = []
    # every other change includes a group whose reach is counted (distinct persons)
    for chosen in (["Jongeren", "Overig"], [], ["Statushouders", "Jongeren"],
                   ["Banenafspraak", "Overig"]):
        inputs = [("wc-gemeente", "value", rng.sample(["GM0307", "GM0342", "GM0308"], 1)),
                  ("wc-doelgroep", "value", chosen),
                  ("wc-instrument", "value", []), ("wc-van", "value", "2024-K1"),
                  ("wc-tot", "value", "2025-K1")]
        state = [("wc-context", "data", {"regio": "AM14", "lang": "nl"})]
        # one callback answers the whole change, reach included
        werkcentrum.append([
            callback(key("..wc-resultaten.children"),
                     [("wc-resultaten", "children"), ("wc-bereik", "children"),
                      ("url-search", "data"), ("wc-taal", "href")], inputs, state)])
    sob = []
    for org in ([organisations[0]], [organisations[-1]], []):
        chosen = {"sob-organisatie": org, "sob-unit": [], "sob-werkvorm": [], "sob-regeling": [],
                  "sob-gemeente": [], "sob-van": "2015-01", "sob-tot": "2025-03"}

        sob.append([
            callback(key("..sob-resultaten.children"),
                     [("sob-resultaten", "children"), ("url-search", "data"),
                      ("sob-taal", "href")], [(n, "value", v) for n, v in chosen.items()],
                     [("sob-context", "data", {"lang": "nl"})])])
    return {"regio": region, "gemeente": gemeente, "werkcentrum": werkcentrum, "sob": sob}


def scenarios(callback_keys: list[str], organisations: tuple[str, ...] = (
        "Amfors", "Inclusief Groep")) -> dict[str, list[tuple[str, str, dict | None]]]:
    """Per page: what one visit sends (page, its layout, then its filter changes, each
    change's callbacks one after the other)."""
    paths = {"regio": "/", "gemeente": "/gemeente/GM0307", "werkcentrum": "/werkcentrum",
             "sob": "/sob"}
    visits = {}
    for page, changes in filter_changes(callback_keys, organisations).items():
        visits[page] = [("GET", paths[page], None),
                        ("POST", "/_dash-update-component", page_content(paths[page]))]
        visits[page] += [("POST", "/_dash-update-component", body)
                         for change in changes for body in change]
    visits["data"] = [
        ("GET", "/data", None), ("POST", "/_dash-update-component", page_content("/data")),
        ("GET", "/api/v1/datasets/gaps.json?gebied_code=GM0307&limit=200", None),
        ("GET", "/api/v1/datasets/instrument_inzet.csv?gemeente_code=GM0342", None)]
    return visits


def user(port: int, visits: dict, until: float, seed: int, out: list, errors: list) -> None:
    """One user: visit random pages, each with its filter changes, until the time is up."""
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < until:
        page = rng.choice(list(visits))
        for method, path, body in visits[page]:
            started = time.perf_counter()
            try:
                conn.request(method, path, body=None if body is None else json.dumps(body),
                             headers={"Content-Type": "application/json"} if body else {})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{page} {path}: {exc!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            kind = f"{page} {'callback' if method == 'POST' else 'GET'}"
            out.append((kind, time.perf_counter() - started))
            if status not in (200, 204):
                errors.append(f"{page} {path}: HTTP {status}")
    conn.close()


def run_phase(port: int, visits: dict, users: int, seconds: float, rebuild=None) -> dict:
    out, errors = [], []
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=user, args=(port, visits, until, n, out, errors))
               for n in range(users)]
    rebuilds = []
    for t in threads:
        t.start()
    while rebuild is not None and time.monotonic() < until - 5:
        started = time.perf_counter()
        rebuild()
        rebuilds.append(time.perf_counter() - started)
    for t in threads:
        t.join()
    kinds = sorted({k for k, _ in out})
    summary = {}
    for kind in kinds:
        lat = sorted(s for k, s in out if k == kind)
        summary[kind] = {"n": len(lat), "p50_ms": 1000 * statistics.median(lat),
                         "p95_ms": 1000 * percentile(lat, 0.95),
                         "max_ms": 1000 * lat[-1]}
    allv = sorted(s for _, s in out)
    return {"requests": len(out), "errors": len(errors), "error_examples": errors[:5],
            "rps": len(out) / seconds, "rebuilds": len(rebuilds),
            "p50_ms": 1000 * statistics.median(allv) if allv else None,
            "p95_ms": 1000 * percentile(allv, 0.95) if allv else None,
            "by_kind": summary}


def checkout(ref: str, into: Path) -> Path:
    """The committed tree of git `ref` in `into` (no worktree, nothing in the repository)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def serve(warehouse: Path, workers: int, code: Path = ROOT,
          env: dict | None = None) -> tuple[subprocess.Popen, int]:
    """The production server of the code in `code` on a free port of 127.0.0.1, answering
    /healthz."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [shutil.which("gunicorn") or "gunicorn", "-w", str(workers), "-k", "gthread",
         "--threads", "4", "-b", f"127.0.0.1:{port}", "--timeout", "120", "app:create_server()"],
        cwd=code, env={**os.environ, "WAREHOUSE": str(warehouse), **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not come up")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--before", metavar="REF", help="also measure this git ref, first")
    args = parser.parse_args(argv)
    from dashboard import create_app
    from dashboard.settings import Settings
    from etl.build import build

    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    warehouse = work / "warehouse.duckdb"
    build(ROOT / "data" / "raw", warehouse)
    app = create_app(Settings(warehouse=warehouse))
    app.server.test_client().get("/")
    visits = scenarios(list(app.callback_map))
    codes = {"this commit": ROOT}
    if args.before:
        codes = {f"before ({args.before})": checkout(args.before, work / "before"), **codes}
    versions = {}
    try:
        for label, code in codes.items():
            # the answer cache starts empty (older code ignores the setting)
            server, port = serve(warehouse, args.workers, code,
                                 {"ANSWER_CACHE": str(work / f"answers-{len(versions)}")})
            try:
                run_phase(port, visits, args.users, min(args.seconds, 15))  # warm every worker
                quiet = run_phase(port, visits, args.users, args.seconds)
                swapping = run_phase(port, visits, args.users, args.seconds,
                                     rebuild=lambda: build(ROOT / "data" / "raw", warehouse))
            finally:
                server.terminate()
                server.wait(timeout=60)
            versions[label] = {"quiet": quiet, "during_rebuilds": swapping}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {"benchmark": "load", "users": args.users, "seconds": args.seconds,
              "workers": args.workers, "cores": os.cpu_count(), "machine": platform.machine(),
              "at": time.strftime("%Y-%m-%dT%H:%M:%S"), "versions": versions}
    write_json("load", result)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    lines = [f"## Load ({args.users} users, {args.seconds:.0f} s per phase, gunicorn "
             f"{args.workers} workers × 4 threads, {os.cpu_count()} cores, commit {commit}, "
             f"{result['at']})", "",
             f"`python benchmarks/load.py{' --before ' + args.before if args.before else ''}`: "
             "each user visits random pages and changes filters; the client runs on the same 2 "
             "cores as the server. The machine is shared with other engineers' test runs: "
             "compare the versions below with each other (same run), not with other sections.",
             "", "| code | phase | requests | errors | req/s | p50 ms | p95 ms | rebuilds |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for label, v in versions.items():
        for name, ph in (("quiet", v["quiet"]), ("while the ETL rebuilds", v["during_rebuilds"])):
            lines.append(f"| {label} | {name} | {ph['requests']} | {ph['errors']} | "
                         f"{ph['rps']:.1f} | {ph['p50_ms']:.0f} | {ph['p95_ms']:.0f} | "
                         f"{ph['rebuilds']} |")
    kinds = sorted({k for v in versions.values() for k in v["quiet"]["by_kind"]})
    lines += ["", "| request (quiet) | " + " | ".join(f"{label} p50 / p95 ms" for label in versions)
              + " |", "|---|" + "---:|" * len(versions)]
    for kind in kinds:
        cells = [(lambda k: f"{k['p50_ms']:.0f} / {k['p95_ms']:.0f}" if k else "")(
            v["quiet"]["by_kind"].get(kind)) for v in versions.values()]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    print(write_section("## Load (", lines))
    return 0 if all(ph["errors"] == 0 for v in versions.values() for ph in v.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
