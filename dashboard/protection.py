"""Counts of persons perturbed by the cell key method (see etl/ckm.py and docs/protection.md).

The build gives every person record a record key and writes the perturbation table (`ckm`);
the marts carry each count's key sum. A count is shown as itself plus the table's noise for
(count, key sum mod 256), so the same cell gets the same value whichever query, page or
export asked for it, and differences of answers are noisy, never exact. The table never
yields 1..threshold-1: no count of 1 to 4 persons is ever shown, and none needs hiding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOTAL = "Totaal"
KEYS = 256
# A magnitude scaled with a perturbed count (FTE, costs) is shown to whole units (whole FTE,
# whole euros): at 0.1 FTE an attacker who knows how a cell's FTE is rounded per person (the
# Wsw's 0.78, to 0.1) told the true count apart among those the perturbed one allows
# (docs/protection.md, Limits).
SCALED_DECIMALS = 0


@dataclass(frozen=True)
class Ptable:
    """The perturbation table of one warehouse, with the parameters it was built from."""

    max_deviation: int
    variance: float
    threshold: int
    noise: np.ndarray  # (count 0..cap) × (cell key 0..255)

    def perturb(self, counts, keys) -> np.ndarray:
        """Each count plus its noise; `keys` are the counts' record key sums (any integers:
        only their value mod 256 matters, so differences of sums may be negative)."""
        n = np.asarray(counts, dtype="int64")
        k = np.mod(np.asarray(keys, dtype="int64"), KEYS)
        return n + self.noise[np.minimum(n, len(self.noise) - 1), k]

    @staticmethod
    def scale(values, counts, shown) -> np.ndarray:
        """Magnitudes summed over the persons of a count (FTE, costs), scaled by the same
        factor as that count (`shown` its perturbed value): value × shown / true, 0 where
        nothing is shown, rounded half away from zero to whole units (`SCALED_DECIMALS`, as
        the exports round it in SQL). Ratios to the count are kept, so the magnitude tells
        no more about the true count than the shown count does, as far as its value per
        person is not known to depend on the count (docs/protection.md, Limits)."""
        values, counts, shown = (np.asarray(a, dtype="float64") for a in (values, counts, shown))
        scaled = np.where(shown == 0, 0.0,
                          values * shown / np.where(counts == 0, 1.0, counts))
        # first to 9 decimals: a sum of FTE in another order must not fall the other side of
        # a half
        unit = 10.0 ** SCALED_DECIMALS
        return np.sign(scaled) * np.floor(np.round(np.abs(scaled), 9) * unit + 0.5) / unit

    def parameters(self) -> dict:
        """What every export states about its counts."""
        return {"methode": "cell key method", "max_afwijking": self.max_deviation,
                "variantie": self.variance, "drempel": self.threshold}
