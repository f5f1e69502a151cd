"""What every benchmark shares: where results go, and how they are written."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "results"
HEADER = """# Benchmark results

Run on demand, never in CI: `python -m benchmarks` runs them all, or one script at a time.
Each section names its command, data and machine; a rerun replaces its own section.

- ETL: national sample generated and loaded by the normal build in a fresh process; peak
  memory is the build process's VmHWM (DuckDB capped by `ETL_MEMORY_LIMIT`, default 2GB).
- Export: `gaps` grown to N rows by copying real rows under synthetic area codes (so Parquet
  compresses unusually well); the app's DuckDB connection runs with `memory_limit = 1GB`
  (setting `DUCKDB_MEMORY_LIMIT`); peak memory includes the Python app.
- Callbacks and page load: the production server (gunicorn) on 127.0.0.1 with the named
  warehouse; the national one is what `benchmarks/etl.py --rows 50000000` built.

"""


def warehouse_or_sample(given: Path | None, work: Path) -> Path:
    """The warehouse a benchmark was given, or the regional sample built from data/raw into
    `work` (a scratch folder the caller removes)."""
    if given is not None:
        return given
    from etl.build import build

    warehouse = work / "warehouse.duckdb"
    build(ROOT / "data" / "raw", warehouse)
    return warehouse


def slug(label: str) -> str:
    """'national, 50,000,000 deployments' -> 'national' (for a results file name)."""
    return label.split(",")[0].replace(" ", "_")


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: a forked child's
    ru_maxrss starts at its parent's peak, and the benchmarks measure in children."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of `values`, nearest rank."""
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))]


def write_json(name: str, result: dict) -> None:
    """benchmarks/results/<name>.json."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")


def write_section(heading: str, lines: list[str]) -> str:
    """Put a section into benchmarks/RESULTS.md, replacing the one with the same heading."""
    section = "\n".join(lines) + "\n\n"
    results_md = ROOT / "benchmarks" / "RESULTS.md"
    text = results_md.read_text() if results_md.exists() else HEADER
    start = text.find(heading)
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text += section
    results_md.write_text(text)
    return section

