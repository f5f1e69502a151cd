"""Read the real, published reference figures (../shared/reference) the sample is anchored on."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"

# Who publishes at each address the reference cites, for citations people can read.
PUBLISHERS = {
    "wspregioamersfoort.nl": "Werkgeversservicepunt Regio Amersfoort",
    "rw-poarivierenland.nl": "Regionaal Werkbedrijf Rivierenland",
    "dewoudenberger.nl": "De Woudenberger",
    "eemland1.nl": "Eemland1",
    "gelderlander.nl": "De Gelderlander",
    "uwv.nl": "UWV",
}

REGION_NAMES = {
    "AM14": ("Arbeidsmarktregio Amersfoort", "arbeidsmarktregio Amersfoort"),
    "AM10": ("Regio Rivierenland", "Rivierenland"),
}


@dataclass(frozen=True)
class Gemeente:
    """One municipality as CBS publishes it."""

    code: str
    naam: str
    regio_code: str
    regio_naam: str
    inwoners: int
    lat: float
    lon: float


class Reference:
    """The reference folder: municipalities and published figures, looked up by meaning."""

    def __init__(self, folder: Path = DEFAULT_REFERENCE):
        self.folder = Path(folder)
        if not (self.folder / "published_figures.csv").exists():
            raise FileNotFoundError(f"no reference data in {self.folder}")
        self.rows = []
        for name in ("published_figures.csv", "published_figures_beschut_wsw.csv",
                     "seed_figures.csv"):
            with (self.folder / name).open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    row["file"] = name
                    self.rows.append(row)

    def gemeenten(self) -> list[Gemeente]:
        """All municipalities with code, region, population (1 Jan 2024) and centroid."""
        geo = self.folder / "geo"

        def read(name: str) -> dict[str, dict]:
            with (geo / name).open(encoding="utf-8") as fh:
                return {r["code"]: r for r in csv.DictReader(fh)}

        regions, pop, cen = (read("gemeente_arbeidsmarktregio.csv"), read("population.csv"),
                             read("centroids.csv"))
        return [
            Gemeente(code, r["name"], r["arbeidsmarktregio_code"], r["arbeidsmarktregio_name"],
                     int(pop[code]["population"]), float(cen[code]["centroid_lat"]),
                     float(cen[code]["centroid_lon"]))
            for code, r in sorted(regions.items())
        ]

    def hits(self, region: str, indicator: str, period: str | None = None,
             municipality: str | None = "", organisation: str | None = None) -> list[dict]:
        """Published rows for a region code (or reference region name) and indicator."""
        names = REGION_NAMES.get(region, (region,))
        return [r for r in self.rows
                if r["region"] in names and r["indicator"] == indicator
                and (period is None or r["period"] == period)
                and (municipality is None or (r.get("municipality") or "") == municipality)
                and (organisation is None or r.get("organisation") == organisation)]

    def figure(self, region: str, indicator: str, period: str, municipality: str = "",
               organisation: str | None = None) -> float:
        """The one published value for region code, indicator, period (and municipality)."""
        values = {float(r["value"]) for r in self.hits(region, indicator, period, municipality,
                                                         organisation)}
        if len(values) != 1:
            raise LookupError(f"{len(values)} values for {region} {indicator} {period} "
                              f"{municipality}: {values}")
        return values.pop()

    def source(self, region: str, indicator: str, period: str, municipality: str = "") -> str:
        """Where a published value comes from (URL or document)."""
        r = self.hits(region, indicator, period, municipality)[0]
        return r.get("source_url") or r.get("source_document") or r["file"]

    def cite(self, region: str, indicator: str, period: str, municipality: str = "") -> str:
        """A published value's source as people read it: the document's title, or the
        publisher, the period it reports on and the link."""
        r = self.hits(region, indicator, period, municipality)[0]
        if r.get("source_document"):
            return r["source_document"]
        host = (urlparse(r["source_url"]).hostname or "").removeprefix("www.")
        label = period.replace("Q", " K") if "Q" in period else period[:7]
        return f"{PUBLISHERS.get(host, host)}, bericht over {label}: {r['source_url']}"

    def series(self, region: str, indicator: str, organisation: str | None = None
               ) -> list[tuple[str, float, str]]:
        """(period, value, source) of every published value of `indicator` for `region`."""
        return [(r["period"], float(r["value"]), r.get("source_url") or r.get("source_document"))
                for r in self.hits(region, indicator, municipality=None,
                                   organisation=organisation)]
