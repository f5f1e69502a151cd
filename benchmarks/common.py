"""What every benchmark shares: where results go, and how they are written."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "results"
HEADER = """# Benchmark results

Run on demand, never in CI. Each figure comes from the command named in its section.

Export (`python benchmarks/export.py --rows N`): `gaps` grown to N rows by copying real rows
under synthetic area codes (so Parquet compresses unusually well); the app's DuckDB connection
runs with `memory_limit = 1GB` (setting `DUCKDB_MEMORY_LIMIT`). Peak RSS includes the Python
app (~150 MiB). Compare the 1M and 8M sections to see that memory does not grow with the slice.

"""


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

