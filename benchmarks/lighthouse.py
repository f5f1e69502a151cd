"""First visit per page with Lighthouse (desktop preset, headless Chromium) against the
production server (gunicorn) on 127.0.0.1 with the regional sample: performance,
accessibility and best-practices scores, total blocking time, time to interactive and the
bytes a first visit transfers.

    python benchmarks/lighthouse.py [--before REF] [--runs 3] [--pages gemeente,...]
                                    [--nice -5] [--workers 2] [--boundaries FILE]

Lighthouse comes from npm (`npx lighthouse@LIGHTHOUSE_VERSION`, or the command in
$LIGHTHOUSE); Chromium from $CHROME_PATH (default /usr/bin/chromium). `--before REF` also
serves the code of git REF: both servers run at once and the runs alternate (run 1 of every
page before, then after; then run 2 ...), so a shared machine's load falls on both alike.
Each figure is the median of `--runs` cold visits; the 1-minute load average is noted beside
every run (benchmarks/results/lighthouse.json).

Writes benchmarks/results/lighthouse.json and a section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import write_json, write_section  # noqa: E402
from benchmarks.load import checkout, serve  # noqa: E402

LIGHTHOUSE_VERSION = "12.8.2"
PAGES = {"regio": "/", "gemeente": "/gemeente/GM0307", "werkcentrum": "/werkcentrum",
         "sob": "/sob", "data": "/data"}
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run of `url`: its scores and the metrics the issue names."""
    npx = f"npx --yes lighthouse@{LIGHTHOUSE_VERSION}"
    command = shlex.split(os.environ.get("LIGHTHOUSE", npx))
    subprocess.run([*command, url, "--preset=desktop", "--output=json", f"--output-path={out}",
                    "--only-categories=performance,accessibility,best-practices", "--quiet",
                    f"--chrome-flags={CHROME_FLAGS}"],
                   check=True, env={**os.environ, "CHROME_PATH": os.environ.get(
                       "CHROME_PATH", "/usr/bin/chromium")})
    report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        "performance": round(100 * report["categories"]["performance"]["score"]),
        "accessibility": round(100 * report["categories"]["accessibility"]["score"]),
        "best_practices": round(100 * report["categories"]["best-practices"]["score"]),
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "tti_s": audits["interactive"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        "lighthouse": report["lighthouseVersion"],
        "load_average": os.getloadavg()[0],
    }


def median(runs: list[dict]) -> dict:
    """Each figure's median over the runs (the load averages kept as they were)."""
    out = {k: statistics.median(r[k] for r in runs) for k in runs[0]
           if k not in ("lighthouse", "load_average")}
    return {**out, "lighthouse": runs[0]["lighthouse"],
            "load_averages": [round(r["load_average"], 2) for r in runs]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", metavar="REF", help="also measure this git ref, first")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3, help="cold visits per page (median)")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated page names")
    parser.add_argument("--boundaries", type=Path, help="municipality GeoJSON (the real map)")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's own reports here")
    parser.add_argument("--nice", type=int, default=0,
                        help="scheduling priority of the servers, Lighthouse and Chromium (root "
                             "may give a negative one: the others' load then inflates TBT less)")
    args = parser.parse_args(argv)
    if args.nice:
        os.nice(args.nice)
    from etl.build import build

    work = Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    warehouse = work / "warehouse.duckdb"
    build(ROOT / "data" / "raw", warehouse)
    codes = {"this commit": ROOT}
    if args.before:
        codes = {f"before ({args.before})": checkout(args.before, work / "before"), **codes}
    env = {"BOUNDARIES": str(args.boundaries)} if args.boundaries else {}
    pages = {p: PAGES[p] for p in args.pages.split(",")}
    runs: dict[str, dict[str, list[dict]]] = {label: {p: [] for p in pages} for label in codes}
    servers = {}
    reports = args.reports or work
    reports.mkdir(parents=True, exist_ok=True)
    try:
        for n, (label, code) in enumerate(codes.items()):
            servers[label] = serve(warehouse, args.workers, code,
                                   {**env, "ANSWER_CACHE": str(work / f"answers-{n}")})
        for run in range(args.runs):
            for page, path in pages.items():
                for n, label in enumerate(codes):
                    port = servers[label][1]
                    r = lighthouse(f"http://127.0.0.1:{port}{path}",
                                   reports / f"{n}-{page}-{run + 1}.json")
                    print(f"run {run + 1} {page:12} {label:22} perf {r['performance']:3} "
                          f"TBT {r['tbt_ms']:5.0f} ms {r['kib']:5.0f} KiB "
                          f"load {r['load_average']:.2f}", flush=True)
                    runs[label][page].append(r)
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)
    versions = {label: {p: median(rs) for p, rs in by_page.items()}
                for label, by_page in runs.items()}
    at = time.strftime("%Y-%m-%dT%H:%M:%S")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    write_json("lighthouse", {"benchmark": "lighthouse", "at": at, "commit": commit,
                              "boundaries": bool(args.boundaries), "runs": args.runs,
                              "versions": versions, "each_run": runs})
    lh = next(iter(next(iter(versions.values())).values()))["lighthouse"]
    lines = [f"## Lighthouse (desktop preset, Lighthouse {lh}, headless Chromium, gunicorn "
             f"{args.workers} workers, regional sample{', boundaries' if args.boundaries else ''}, "
             f"{os.cpu_count()} cores, commit {commit}, {at})", "",
             f"`python benchmarks/lighthouse.py{' --before ' + args.before if args.before else ''}"
             f" --runs {args.runs}{f' --nice {args.nice}' if args.nice else ''}"
             f"{' --boundaries FILE' if args.boundaries else ''}`: the median "
             f"of {args.runs} cold first visits per page and version, the versions served at once "
             "and measured alternately. The machine is shared with other engineers' test runs, "
             "which inflates TBT: compare the versions with each other, not with other sections; "
             "the load average (1 min) is given for each run.", "",
             "| page | code | performance | accessibility | best practices | TBT ms | TTI s | "
             "LCP s | KiB | load average per run |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for page in pages:
        for label, by_page in versions.items():
            r = by_page[page]
            lines.append(f"| {page} | {label} | {r['performance']:.0f} | "
                         f"{r['accessibility']:.0f} | {r['best_practices']:.0f} | "
                         f"{r['tbt_ms']:.0f} | {r['tti_s']:.2f} | {r['lcp_s']:.2f} | "
                         f"{r['kib']:.0f} | {', '.join(map(str, r['load_averages']))} |")
    print(write_section("## Lighthouse (", lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
