"""First visit per page with Lighthouse (desktop preset, headless Chromium) against the
production server (gunicorn) on 127.0.0.1 with the regional sample: performance,
accessibility and best-practices scores, total blocking time, time to interactive and the
bytes a first visit transfers.

    python benchmarks/lighthouse.py [--before REF] [--workers 2] [--boundaries FILE]

Lighthouse comes from npm (`npx lighthouse@LIGHTHOUSE_VERSION`, or the command in
$LIGHTHOUSE); Chromium from $CHROME_PATH (default /usr/bin/chromium). `--before REF` first
measures the code of git REF the same way, so before and after come from one run.

Writes benchmarks/results/lighthouse.json and a section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
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
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", metavar="REF", help="also measure this git ref, first")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--boundaries", type=Path, help="municipality GeoJSON (the real map)")
    args = parser.parse_args(argv)
    from etl.build import build

    work = Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    warehouse = work / "warehouse.duckdb"
    build(ROOT / "data" / "raw", warehouse)
    codes = {"this commit": ROOT}
    if args.before:
        codes = {f"before ({args.before})": checkout(args.before, work / "before"), **codes}
    env = {"BOUNDARIES": str(args.boundaries)} if args.boundaries else {}
    versions: dict[str, dict] = {}
    try:
        for label, code in codes.items():
            server, port = serve(warehouse, args.workers, code,
                                 {**env, "ANSWER_CACHE": str(work / f"answers-{len(versions)}")})
            try:
                versions[label] = {page: lighthouse(f"http://127.0.0.1:{port}{path}",
                                                    work / f"{len(versions)}-{page}.json")
                                   for page, path in PAGES.items()}
            finally:
                server.terminate()
                server.wait(timeout=60)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    at = time.strftime("%Y-%m-%dT%H:%M:%S")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    write_json("lighthouse", {"benchmark": "lighthouse", "at": at, "commit": commit,
                              "boundaries": bool(args.boundaries), "versions": versions})
    lh = next(iter(next(iter(versions.values())).values()))["lighthouse"]
    lines = [f"## Lighthouse (desktop preset, Lighthouse {lh}, headless Chromium, gunicorn "
             f"{args.workers} workers, regional sample{', boundaries' if args.boundaries else ''}, "
             f"{os.cpu_count()} cores, commit {commit}, {at})", "",
             f"`python benchmarks/lighthouse.py{' --before ' + args.before if args.before else ''}"
             f"{' --boundaries FILE' if args.boundaries else ''}`: one cold first visit per page "
             "and version, in one run. The machine is shared with other engineers' test runs: "
             "compare the versions with each other, not with other sections.", "",
             "| page | code | performance | accessibility | best practices | TBT ms | TTI s | "
             "LCP s | KiB |", "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for page in PAGES:
        for label, pages in versions.items():
            r = pages[page]
            lines.append(f"| {page} | {label} | {r['performance']} | {r['accessibility']} | "
                         f"{r['best_practices']} | {r['tbt_ms']:.0f} | {r['tti_s']:.2f} | "
                         f"{r['lcp_s']:.2f} | {r['kib']:.0f} |")
    print(write_section("## Lighthouse (", lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
