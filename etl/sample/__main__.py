"""`python -m etl.sample [--out DIR] [--reference DIR] [--seed N]`: write the sample raw files."""

import argparse
from pathlib import Path

from etl.sample.generate import SEED, generate
from etl.sample.reference import DEFAULT_REFERENCE, ROOT, Reference

parser = argparse.ArgumentParser(prog="python -m etl.sample", description=__doc__)
parser.add_argument("--out", type=Path, default=ROOT / "data" / "raw")
parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
parser.add_argument("--seed", type=int, default=SEED)
args = parser.parse_args()
for path in generate(args.out, Reference(args.reference), args.seed):
    print(path)
