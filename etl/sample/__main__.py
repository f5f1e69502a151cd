"""`python -m etl.sample [--out DIR] [--reference DIR] [--seed N]`: write the sample raw files.

`--scale national --rows N` writes all 342 municipalities with N person-level deployments
instead (for speed and memory measurements; see etl/sample/national.py).
"""

import argparse
from pathlib import Path

from etl.sample import national
from etl.sample.generate import SEED, generate
from etl.sample.reference import DEFAULT_REFERENCE, ROOT, Reference

parser = argparse.ArgumentParser(prog="python -m etl.sample", description=__doc__)
parser.add_argument("--out", type=Path, default=ROOT / "data" / "raw")
parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
parser.add_argument("--seed", type=int, default=SEED)
parser.add_argument("--scale", choices=("regional", "national"), default="regional")
parser.add_argument("--rows", type=lambda s: int(s.replace("_", "")), default=1_000_000,
                    help="person-level deployments at national scale")
args = parser.parse_args()
if args.scale == "national" and args.out == ROOT / "data" / "raw":
    parser.error("national data is for measurements: give --out, data/raw holds the sample")
if args.scale == "national":
    paths = national.generate(args.out, Reference(args.reference), args.rows, args.seed)
else:
    paths = generate(args.out, Reference(args.reference), args.seed)
for path in paths:
    print(path)
