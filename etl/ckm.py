"""The cell key method: the perturbation every count of persons gets before it is shown.

Each person record gets a record key at build time, 0..255, drawn from a hash of a seed and
the record's id (the same record gets the same key in every build). A cell's key is the sum
of its records' keys modulo 256; sums add up, so the marts carry each count's key sum beside
it and no query has to go back to the records. The perturbation table (ptable) maps a count
and its cell key to a small noise value: the same set of records gets the same value
whichever query, filter, page or export produced it, and subtracting two answers leaves noise,
never an exact count.

The ptable here is built from three settings (environment, read by the build):
`CKM_MAX_DEVIATION` (no count moves further), `CKM_VARIANCE` (of the noise, for counts far
enough from zero) and `CKM_THRESHOLD` (5: no perturbed count lies in 1..threshold-1, so no
count of 1 to 4 persons is ever shown); `CKM_SEED` seeds the record keys. The seed is a
secret: whoever knows it and a record's identity can compute the record's key and take the
noise off (the companies' cells are identified by public columns). Without `CKM_SEED` the build
reads a random seed from `CKM_SEED_FILE` (default `~/.config/participatiemonitor/ckm_seed`),
made on the first build and kept, so every build and every steward's check on a machine uses
the same keys (fresh keys per build would let someone average the generations). Each row is the
maximum-entropy-like distribution p(v) ~ exp(a*v + b*v^2) on the noise values the row allows
(|v| <= deviation, n + v >= 0, n + v not in 1..threshold-1), with b set so that the full rows
have the variance asked for and a so that every row has mean zero: perturbed totals are
unbiased. Rows 0 (an empty cell stays 0) and those whose only allowed values are >= 0 (e.g.
n = threshold) do not move. Counts from `cap` on share the last row.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

KEYS = 256  # record and cell keys: 0..255, as the ONS method uses


@dataclass(frozen=True)
class Parameters:
    """The settings of the perturbation (see the module docstring)."""

    seed: str
    max_deviation: int = 4
    variance: float = 2.0
    threshold: int = 5

    def __post_init__(self):
        if len(self.seed) < 16:
            raise ValueError("CKM_SEED must be a secret of at least 16 characters")
        if self.threshold < 1:
            raise ValueError("CKM_THRESHOLD must be at least 1")
        if self.max_deviation < self.threshold - 1:
            # a count of 1 must be able to reach the threshold
            raise ValueError("CKM_MAX_DEVIATION must be at least CKM_THRESHOLD - 1")
        if not 0 < self.variance < self.max_deviation ** 2:
            raise ValueError("CKM_VARIANCE must lie between 0 and CKM_MAX_DEVIATION squared")

    @classmethod
    def from_env(cls) -> Parameters:
        """Defaults, overridden by CKM_MAX_DEVIATION / CKM_VARIANCE / CKM_THRESHOLD; the seed
        from CKM_SEED, else from the seed file."""
        env = os.environ
        return cls(max_deviation=int(env.get("CKM_MAX_DEVIATION", cls.max_deviation)),
                   variance=float(env.get("CKM_VARIANCE", cls.variance)),
                   threshold=int(env.get("CKM_THRESHOLD", cls.threshold)),
                   seed=env.get("CKM_SEED") or kept_seed(Path(
                       env.get("CKM_SEED_FILE") or default_seed_file())))

    @property
    def cap(self) -> int:
        """From this count on every row allows the full range -deviation..deviation."""
        return self.threshold + self.max_deviation


def default_seed_file() -> Path:
    """Outside the project folder, so that no commit or copy of the project carries it."""
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "participatiemonitor" / "ckm_seed"


def kept_seed(path: Path) -> str:
    """The seed in `path`, made (random, readable by its owner only) when there is none."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    seed = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another build made it first: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(seed + "\n")
    return seed


def allowed(n: int, p: Parameters) -> np.ndarray:
    """The noise values a count of `n` may get."""
    v = np.arange(-p.max_deviation, p.max_deviation + 1)
    out = n + v
    return v[(out >= 0) & ~((out >= 1) & (out < p.threshold))]


def _bisect(f, lo: float, hi: float) -> float:
    """The root of an increasing function on [lo, hi]."""
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


def _weights(v: np.ndarray, a: float, b: float) -> np.ndarray:
    e = a * v + b * v * v.astype(float)
    w = np.exp(e - e.max())
    return w / w.sum()


def distribution(n: int, p: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """(noise values, probabilities) of the row for count `n`."""
    v = allowed(min(n, p.cap), p)
    if n == 0 or v.min() >= 0:
        return np.array([0]), np.array([1.0])
    full = np.arange(-p.max_deviation, p.max_deviation + 1)
    b = _bisect(lambda b: float((_weights(full, 0, b) * full ** 2).sum()) - p.variance, -50, 50)
    a = _bisect(lambda a: float((_weights(v, a, b) * v).sum()), -50, 50)
    return v, _weights(v, a, b)


def ptable(p: Parameters) -> np.ndarray:
    """The noise per (count 0..cap, cell key 0..255): each row's probabilities turned into
    runs of cell keys (a value with probability q gets about q*256 of the keys)."""
    out = np.zeros((p.cap + 1, KEYS), dtype=np.int8)
    for n in range(p.cap + 1):
        v, prob = distribution(n, p)
        bounds = np.rint(np.concatenate([[0], np.cumsum(prob)]) * KEYS).astype(int)
        for value, lo, hi in zip(v, bounds[:-1], bounds[1:], strict=True):
            out[n, lo:hi] = value
    return out


def install(con: duckdb.DuckDBPyConnection, p: Parameters) -> None:
    """Give the build's SQL the record key seed (`getvariable('ckm_seed')`) and write the
    ptable with its parameters as the one-row table `ckm` (never the seed): the marts,
    `gaps` and the app all perturb with it."""
    con.execute("SET VARIABLE ckm_seed = ?", [p.seed])
    table = ptable(p)
    con.execute(
        """CREATE OR REPLACE TABLE ckm AS
           SELECT ?::INTEGER AS max_afwijking, ?::DOUBLE AS variantie, ?::INTEGER AS drempel,
                  ?::INTEGER AS cap, ?::INTEGER AS sleutels, ?::TINYINT[] AS ruis""",
        [p.max_deviation, p.variance, p.threshold, p.cap, KEYS, table.ravel().tolist()])

