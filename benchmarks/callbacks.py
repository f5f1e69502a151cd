"""Filter-change latency: each main callback called N times in a row over HTTP against the
production server on 127.0.0.1 (one user), beside the raw DuckDB time of that callback's
central query measured in-process. The ratio shows what Dash, pandas and figures add.

    python benchmarks/callbacks.py [--calls 200] [--workers 2] [--warehouse PATH]

Without --warehouse it builds the regional sample; `benchmarks/etl.py` leaves national
warehouses in benchmarks/out/.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import percentile, write_json, write_section  # noqa: E402
from benchmarks.load import scenarios, serve  # noqa: E402


def duckdb_times(calls: int) -> dict[str, list[float]]:
    """The central query of each page's main callback, timed directly."""
    from dashboard import data
    from dashboard.filters import Filters, SobFilters

    domain = data.instrument_domain("AM14")
    f = Filters.parse({"doelgroep": ["Jongeren", "Overig"], "van": "2024-K1"}, domain)
    sob = SobFilters.parse({"organisatie": data.sob_domain().organisaties[0]},
                           data.sob_domain())
    questions = {"regio": lambda: data.latest_gaps("AM14"),
                 "gemeente": lambda: data.history("AM14", "jeugd_ww"),
                 "werkcentrum": lambda: data.instrument_starts(f, domain),
                 "sob": lambda: data.sob_monthly(sob)}
    out = {}
    for page, ask in questions.items():
        ask()
        out[page] = []
        for _ in range(calls):
            started = time.perf_counter()
            ask()
            out[page].append(time.perf_counter() - started)
    return out


def described(warehouse: Path) -> str:
    """'national, 50,000,000 deployments' or 'regional sample, 7,600 deployments'."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        [(areas, rows)] = con.execute(
            "SELECT (SELECT count(DISTINCT gemeente_code) FROM fct_jeugd_ww), "
            "(SELECT count(*) FROM fct_instrument_inzet)").fetchall()
    return f"{'national' if areas > 100 else 'regional sample'}, {rows:,} deployments"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warehouse", type=Path, default=None)
    args = parser.parse_args(argv)
    from dashboard import create_app, data
    from dashboard.settings import Settings
    from etl.build import build

    work = Path(tempfile.mkdtemp(prefix="bench-callbacks-"))
    try:
        warehouse = args.warehouse or work / "warehouse.duckdb"
        if args.warehouse is None:
            build(ROOT / "data" / "raw", warehouse)
        app = create_app(Settings(warehouse=warehouse))
        app.server.test_client().get("/")
        label = described(warehouse)
        visits = scenarios(list(app.callback_map), data.sob_domain().organisaties)
        raw = duckdb_times(args.calls)
        server, port = serve(warehouse, args.workers)
        http_times: dict[str, list[float]] = {}
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for page in ("regio", "gemeente", "werkcentrum", "sob"):
                bodies = [b for m, _p, b in visits[page] if m == "POST"][1:]  # filter changes
                http_times[page] = []
                for k in range(args.calls + 10):
                    body = json.dumps(bodies[k % len(bodies)])
                    started = time.perf_counter()
                    conn.request("POST", "/_dash-update-component", body=body,
                                 headers={"Content-Type": "application/json"})
                    resp = conn.getresponse()
                    resp.read()
                    if resp.status != 200:
                        raise RuntimeError(f"{page}: HTTP {resp.status}")
                    if k >= 10:  # the first calls warm the workers
                        http_times[page].append(time.perf_counter() - started)
        finally:
            server.terminate()
            server.wait(timeout=60)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = {page: {"http_p50_ms": 1000 * statistics.median(http_times[page]),
                      "http_p95_ms": 1000 * percentile(http_times[page], 0.95),
                      "duckdb_p50_ms": 1000 * statistics.median(raw[page]),
                      "duckdb_p95_ms": 1000 * percentile(raw[page], 0.95)} for page in http_times}
    for v in summary.values():
        v["ratio_p50"] = v["http_p50_ms"] / v["duckdb_p50_ms"]
    at = time.strftime("%Y-%m-%dT%H:%M:%S")
    result = {"benchmark": "callbacks", "calls": args.calls, "workers": args.workers,
              "cores": os.cpu_count(), "data": label, "at": at, "summary": summary}
    write_json(f"callbacks_{label.split(',')[0].replace(' ', '_')}", result)
    lines = [f"## Callbacks, {label} ({args.calls} calls each, one user, gunicorn "
             f"{args.workers} workers, {os.cpu_count()} cores, {at})", "",
             "`python benchmarks/callbacks.py`: a filter change over HTTP, end to end, beside "
             "the DuckDB time of its central query.", "",
             "| page (main callback) | HTTP p50 ms | HTTP p95 ms | DuckDB p50 ms | "
             "DuckDB p95 ms | HTTP / DuckDB |", "|---|---:|---:|---:|---:|---:|"]
    for page, v in summary.items():
        lines.append(f"| {page} | {v['http_p50_ms']:.0f} | {v['http_p95_ms']:.0f} | "
                     f"{v['duckdb_p50_ms']:.1f} | {v['duckdb_p95_ms']:.1f} | "
                     f"{v['ratio_p50']:.0f}× |")
    print(write_section(f"## Callbacks, {label} (", lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
