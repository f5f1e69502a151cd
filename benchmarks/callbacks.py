"""Filter-change latency: each callback a filter change triggers, called N times in a row
over HTTP against the production server on 127.0.0.1 (one user), beside the time DuckDB
alone takes for the statements that callback runs (recorded in-process, replayed on a plain
connection). The ratio shows what Dash, pandas and figures add. Pages whose blocks have
their own callbacks are also timed as a whole change: all callbacks at once.

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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import percentile, slug, warehouse_or_sample, write_json, write_section  # noqa: E402
from benchmarks.load import filter_changes, serve  # noqa: E402


def statements(app, body: dict) -> list[tuple[str, list]]:
    """The SQL (with its parameters) one callback runs, recorded by running it in-process."""
    from dashboard.data import core as core_data

    # every query and records of the data layer goes through core's one `_answer`
    seen, original = [], core_data._answer

    def recorder(sql, params, fetch):
        seen.append((sql, list(params or [])))
        return original(sql, params, fetch)

    core_data._answer = recorder
    try:
        resp = app.server.test_client().post("/_dash-update-component", json=body)
        if resp.status_code != 200:
            raise RuntimeError(f"{body['output']}: HTTP {resp.status_code}")
    finally:
        core_data._answer = original
    return seen


def duckdb_times(warehouse: Path, sql: list[list[tuple[str, list]]], calls: int) -> list[float]:
    """Each call's statements, one after the other, straight on DuckDB (the floor under the
    callback: no Dash, no pandas, no figures); call k replays `sql[k % len(sql)]`."""
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{warehouse}' AS warehouse (READ_ONLY)")
    con.execute("USE warehouse")
    out = []
    for k in range(calls + 5):
        started = time.perf_counter()
        for statement, params in sql[k % len(sql)]:
            con.execute(statement, params).fetchall()
        if k >= 5:
            out.append(time.perf_counter() - started)
    con.close()
    return out


def post(conn: http.client.HTTPConnection, body: dict) -> None:
    """One callback over `conn`; a keep-alive connection the server closed while it sat idle
    (between one section and the next) is opened again once."""
    for attempt in (1, 2):
        try:
            conn.request("POST", "/_dash-update-component", body=json.dumps(body),
                         headers={"Content-Type": "application/json"})
            resp = conn.getresponse()
            break
        except (ConnectionError, http.client.HTTPException):
            conn.close()
            if attempt == 2:
                raise
    resp.read()
    if resp.status != 200:
        raise RuntimeError(f"{body['output']}: HTTP {resp.status}")


def together(conns: list[http.client.HTTPConnection], bodies: list[dict]) -> float:
    """Seconds until every callback of one filter change has answered, sent at once on
    their own connections (as the browser does); a failed callback fails the benchmark."""
    failed: list[BaseException] = []

    def send(conn, body):
        try:
            post(conn, body)
        except BaseException as exc:  # re-raised below, in the caller's thread
            failed.append(exc)

    threads = [threading.Thread(target=send, args=(c, b))
               for c, b in zip(conns[:len(bodies)], bodies, strict=True)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failed:
        raise failed[0]
    return time.perf_counter() - started


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
    from dashboard import create_app
    from dashboard.data import sob as sob_data
    from dashboard.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="bench-callbacks-"))
    try:
        warehouse = warehouse_or_sample(args.warehouse, work)
        app = create_app(Settings(warehouse=warehouse))
        app.server.test_client().get("/")
        label = described(warehouse)
        changes = filter_changes(list(app.callback_map), sob_data.sob_domain().organisaties)
        # a page's main callback goes by the page's name, its other blocks by their own
        names = {"wc-bereik": "werkcentrum: reach"}

        def name(page, body):
            return next((v for k, v in names.items() if body["output"].startswith(k)), page)

        raw = {}
        for page, page_changes in changes.items():
            for position, body in enumerate(page_changes[0]):
                raw[name(page, body)] = duckdb_times(
                    warehouse, [statements(app, change[position]) for change in page_changes],
                    args.calls)
        # answers computed, not kept: the same few filter changes asked again and again would
        # otherwise come from the answer cache (dashboard/cache.py) after their first call
        server, port = serve(warehouse, args.workers, env={"ANSWER_CACHE": "off"})
        http_times: dict[str, list[float]] = {}
        try:
            conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                     for _ in range(3)]
            for page, page_changes in changes.items():
                for position in range(len(page_changes[0])):
                    which = name(page, page_changes[0][position])
                    http_times[which] = []
                    for k in range(args.calls + 10):
                        body = page_changes[k % len(page_changes)][position]
                        started = time.perf_counter()
                        post(conns[0], body)
                        if k >= 10:  # the first calls warm the workers
                            http_times[which].append(time.perf_counter() - started)
                # the Werkcentrum's whole change also when one callback answers it (the
                # target is set on the whole change)
                if len(page_changes[0]) > 1 or page == "werkcentrum":
                    whole = f"{page}: whole change, callbacks at once"
                    http_times[whole] = [together(conns, page_changes[k % len(page_changes)])
                                         for k in range(args.calls + 10)][10:]
        finally:
            server.terminate()
            server.wait(timeout=60)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = {which: {"http_p50_ms": 1000 * statistics.median(times),
                       "http_p95_ms": 1000 * percentile(times, 0.95)}
               for which, times in http_times.items()}
    for which, times in raw.items():
        summary[which].update(duckdb_p50_ms=1000 * statistics.median(times),
                              duckdb_p95_ms=1000 * percentile(times, 0.95))
        # a callback answered from a memoised per-warehouse table runs no statement in
        # most calls: no ratio then
        summary[which]["ratio_p50"] = (
            summary[which]["http_p50_ms"] / summary[which]["duckdb_p50_ms"]
            if summary[which]["duckdb_p50_ms"] >= 0.5 else None)
    at = time.strftime("%Y-%m-%dT%H:%M:%S")
    result = {"benchmark": "callbacks", "calls": args.calls, "workers": args.workers,
              "cores": os.cpu_count(), "data": label, "at": at, "summary": summary}
    write_json(f"callbacks_{slug(label)}", result)
    lines = [f"## Callbacks, {label} ({args.calls} calls each, one user, gunicorn "
             f"{args.workers} workers, {os.cpu_count()} cores, {at})", "",
             "`python benchmarks/callbacks.py`: a filter change over HTTP, end to end, beside "
             "the time DuckDB alone takes for every statement that callback runs. A page whose "
             "blocks have their own callbacks also gets a row for the whole change: all its "
             "callbacks sent at once, until the last has answered.", "",
             "| callback | HTTP p50 ms | HTTP p95 ms | DuckDB p50 ms | DuckDB p95 ms | "
             "HTTP / DuckDB |", "|---|---:|---:|---:|---:|---:|"]
    for which, v in summary.items():
        if "duckdb_p50_ms" in v:
            lines.append(f"| {which} | {v['http_p50_ms']:.0f} | {v['http_p95_ms']:.0f} | "
                         f"{v['duckdb_p50_ms']:.1f} | {v['duckdb_p95_ms']:.1f} | "
                         + ("– (memoised) |" if v["ratio_p50"] is None
                            else f"{v['ratio_p50']:.1f}× |"))
        else:
            lines.append(f"| {which} | {v['http_p50_ms']:.0f} | {v['http_p95_ms']:.0f} "
                         "| | | |")
    print(write_section(f"## Callbacks, {label} (", lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
