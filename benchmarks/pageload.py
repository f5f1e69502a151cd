"""Page load in headless Chromium against the production server on 127.0.0.1: for each page,
the time from navigation to its first complete render (the last change to the page before
it stays quiet with nothing loading), and the bytes it transferred. One cold load with an
empty browser cache, then warm loads.

A complete render leaves out one kind of change: dcc.Graph marks a chart with the class
`dash-graph--pending` while plotly's resize of it waits on a 100 ms timer, and unmarks it
after. The class has no style; a resize that changes the chart changes its SVG, which
counts. Dash asks every new chart for that resize twice (once when plotly has drawn it,
once when the chart's size observer first reports), so the marks trail the drawing by
about 250 ms. The time to the last change of any kind is reported beside it ("quiet").

    python benchmarks/pageload.py [--warehouse PATH] [--loads 5] [--workers 2]

Writes benchmarks/results/pageload_<data>.json and a section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.callbacks import described  # noqa: E402
from benchmarks.common import percentile, slug, warehouse_or_sample, write_json, write_section  # noqa: E402
from benchmarks.load import serve  # noqa: E402

PAGES = {"regio": "/", "gemeente": "/gemeente/GM0307", "werkcentrum": "/werkcentrum",
         "sob": "/sob", "data": "/data"}
QUIET_S = 0.8  # no change for this long, and nothing loading: the render is complete
PENDING = "dash-graph--pending"
WATCH = """window.__lastChange = window.__lastRender = performance.now();
function bookkeeping(m) {
    if (m.type !== 'attributes' || m.attributeName !== 'class') return false;
    const before = new Set((m.oldValue || '').split(/\\s+/).filter(Boolean));
    const after = new Set(m.target.classList);
    return [...before].filter(c => !after.has(c)).concat([...after].filter(c => !before.has(c)))
        .every(c => c === 'PENDING');
}
new MutationObserver(ms => {
    window.__lastChange = performance.now();
    if (!ms.every(bookkeeping)) window.__lastRender = window.__lastChange;
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true,
                      attributeOldValue: true});""".replace("PENDING", PENDING)
STATE = """return {last: window.__lastChange || 0, render: window.__lastRender || 0,
        now: performance.now(),
        loading: document.querySelectorAll('[data-dash-is-loading="true"]').length,
        content: (document.getElementById('_pages_content') || {children: []})
                 .children.length,
        bytes: performance.getEntriesByType('navigation')
                   .concat(performance.getEntriesByType('resource'))
                   .reduce((n, e) => n + (e.transferSize || 0), 0)};"""


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--window-size=1600,1000"):
        opts.add_argument(arg)
    opts.binary_location = shutil.which("chromium")
    drv = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    drv.execute_cdp_cmd("Network.enable", {})
    return drv


def load(drv, url: str, timeout: float = 60) -> tuple[float, int, float]:
    """(seconds to the complete render, bytes transferred, seconds to the last change of
    any kind) for one navigation."""
    drv.get(url)
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        s = drv.execute_script(STATE)
        if s["content"] and not s["loading"] and s["now"] - s["last"] >= QUIET_S * 1000:
            return s["render"] / 1000, s["bytes"], s["last"] / 1000
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not finish rendering in {timeout} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=None)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-pageload-"))
    try:
        warehouse = warehouse_or_sample(args.warehouse, work)
        label = described(warehouse)
        server, port = serve(warehouse, args.workers)
        drv = browser()
        results = {}
        try:
            base = f"http://127.0.0.1:{port}"
            for page, path in PAGES.items():
                drv.execute_cdp_cmd("Network.clearBrowserCache", {})
                cold_s, cold_bytes, _ = load(drv, base + path)
                warm = [load(drv, base + path) for _ in range(args.loads)]
                times = [t for t, _, _ in warm]
                quiet = [q for _, _, q in warm]
                results[page] = {"cold_s": cold_s, "cold_bytes": cold_bytes,
                                 "warm_p50_s": statistics.median(times),
                                 "warm_p95_s": percentile(times, 0.95),
                                 "warm_quiet_p50_s": statistics.median(quiet),
                                 "warm_bytes": statistics.median(b for _, b, _ in warm)}
        finally:
            drv.quit()
            server.terminate()
            server.wait(timeout=60)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    at = time.strftime("%Y-%m-%dT%H:%M:%S")
    write_json(f"pageload_{slug(label)}",
               {"benchmark": "pageload", "data": label, "loads": args.loads,
                "workers": args.workers, "cores": os.cpu_count(), "at": at, "pages": results})
    lines = [f"## Page load, {label} (headless Chromium, gunicorn {args.workers} workers, "
             f"{os.cpu_count()} cores, {args.loads} warm loads, {at})", "",
             "`python benchmarks/pageload.py`: navigation to the last change of the page "
             f"before it stays quiet for {QUIET_S} s with nothing loading, leaving out "
             f"dcc.Graph's `{PENDING}` marks (see the script); \"quiet\" counts every "
             "change. Bytes as the browser transferred them (warm: from its cache where "
             "it may).", "",
             "| page | cold s | cold KiB | warm p50 s | warm p95 s | warm quiet p50 s | "
             "warm KiB |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for page, r in results.items():
        lines.append(f"| {page} | {r['cold_s']:.2f} | {r['cold_bytes'] / 1024:.0f} | "
                     f"{r['warm_p50_s']:.2f} | {r['warm_p95_s']:.2f} | "
                     f"{r['warm_quiet_p50_s']:.2f} | {r['warm_bytes'] / 1024:.0f} |")
    print(write_section(f"## Page load, {label} (", lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
