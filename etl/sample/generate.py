"""Seeded generator of the sample raw files in data/raw.

Real where truth is known: municipality codes, names, populations and regions, and every
published figure in ../shared/reference, which the generated rows hit exactly. Everything
else (per-municipality splits, the legal beschut werk taakstelling per municipality,
person-level Werkcentrum records, the companies' monthly workforce) is invented, marked
`Herkomst = sample` row by row, and constrained to add up to the published totals.

Herkomst is per row (`published`, `sample`) where a row's values are all one or the other.
The WW and bijstand files label each value (`published: WW-uitkeringen, WW-percentage`:
the named columns published, the row's other values sample), so a published figure sits
beside invented ones on its row without lending them its label; other files leave the
measures nobody published on a published row empty (unknown), never guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from etl.sample.reference import Gemeente, Reference

SEED = 20250331
REGIONS = ("AM14", "AM10")
FIRST_YEAR = 2015
LAST_QUARTER = (2025, 1)  # data date: 31 March 2025, the quarter of the latest publications
YOUTH = "15-27 jaar"
WORK = ("Regulier werk", "Werk met LKS", "Beschut werk")
INSTRUMENTS = {  # name: (cost range in euro, months range, first year)
    "Jobcoaching": ((1500, 6000), (3, 12), 2015),
    "Loonkostensubsidie": ((4000, 18000), (6, 24), 2015),
    "Training": ((500, 3500), (1, 4), 2015),
    "Trajectbegeleiding (gids)": ((1200, 4000), (3, 9), 2017),
    "Jobhunting": ((600, 2000), (1, 4), 2018),
    # instruments the region's documents name
    "Werkervaringsplek": ((500, 2500), (2, 6), 2015),
    "Taal- en vakopleiding": ((2000, 7000), (4, 12), 2017),
    "Hoofdzaak Werk": ((1000, 4000), (2, 6), 2018),
    "Speed- en jobdates": ((50, 250), (0, 1), 2019),
    "Van school naar duurzaam werk": ((800, 3000), (3, 12), 2019),
    "Werk Onbeperkt": ((1000, 5000), (3, 12), 2020),
    "AOC-traject": ((6000, 9000), (6, 6), 2024),
}
# Amfors' Werksupport team, with the size Amfors published for 2021 (see Generator.ae_team).
AE_TEAM = "AE-team (Amersfoort Extrateams)"
# The AOC is a pilot of Amfors: it runs in Amersfoort's region only.
ONLY_IN = {"AOC-traject": "AM14"}
# Until the end of 2025 Buren and Neder-Betuwe ran the Participatiewet themselves: no
# Werkcentrum (Werkzaak) deployments or Werkzaak employees there before 2026.
OWN_SERVICE = ("Buren", "Neder-Betuwe")
# Beschut werk is a small group (57 positive advices in AM14 in 2025): the Werkcentrum can
# reach part of it in a year, not more people than it holds.
DOELGROEP_WEIGHTS = {
    "Jongeren": 22, "Statushouders": 16, "Beschut werk": 3, "Psychische kwetsbaarheid": 14,
    "Banenafspraak": 18, "Niet-uitkeringsgerechtigd": 10, "Tussengroep": 8, "KP4": 4,
    "Overig": 10,
}
SOB = {
    # organisation: (home region, municipality filter, units, Wsw in the last month or None)
    "Amfors": ("AM14", ("Amersfoort", "Baarn", "Bunschoten", "Leusden", "Soest", "Woudenberg"),
               ("Cleanfors", "Eemfors", "Metafors", "Het Productiebedrijf")),
    "Inclusief Groep": ("AM14", ("Nijkerk",),
                        ("Groen", "Post", "Schoonmaak", "Productie", "Elektromontage",
                         "Verpakken food", "Catering")),
    # the units the transitieplan names
    "Werkzaak Rivierenland": ("AM10", ("Culemborg", "Maasdriel", "Tiel", "West Betuwe",
                                       "West Maas en Waal", "Zaltbommel"),
                              ("O&O", "Groepsplaatsingen", "Cirtex")),
}
WERKVORM_WEIGHTS = {"Begeleid werken": 7, "Individuele detachering": 17,
                    "Groepsdetachering": 19, "Werken op locatie": 15, "Beschermd/intern": 42}


# WW at the ends of the sample's months, where no publication fixes it (invented).
WW_ENDS = {"AM14": (8300, 3100), "AM10": (5200, 2300)}
# The absolute changes the quotes state beside the published percentages (the reference's
# quote column): over a month, and over twelve months.
WW_QUOTED_MONTH_CHANGES = {"AM14": {"2017-05": -165, "2018-06": -100, "2018-10": -161,
                                    "2019-04": -99, "2021-01": 21, "2022-04": -104,
                                    "2022-09": -25, "2023-01": 26}}
WW_QUOTED_CHANGES = {"AM14": {"2018-10": -1150, "2019-04": -885, "2021-01": 717}}
# Published changes of a municipality's benefits over twelve months (percent), carried by the
# sample's municipal split.
WW_MUNI_YEAR_CHANGES = {("AM10", "2021-02"): {"Buren": 29.5, "West Maas en Waal": -6.1}}
# The WW file's figures, in its column order (Herkomst may name any of them).
WW_COLUMNS = ("WW-uitkeringen", "Personen met WW", "Nieuwe uitkeringen",
              "Nieuwe uitkeringen sinds januari", "Beroepsbevolking", "WW-percentage")
BIJSTAND_COLUMNS = ("Uitkeringen", "Personen", "Bijstandsdichtheid")


# ---------------------------------------------------------------- small helpers
def quarters() -> list[tuple[int, int]]:
    """Every quarter from 2015 K1 to the data date."""
    return [(y, q) for y in range(FIRST_YEAR, LAST_QUARTER[0] + 1) for q in range(1, 5)
            if (y, q) <= LAST_QUARTER]


def months() -> list[tuple[int, int]]:
    """Every month from January 2015 to the data date."""
    last = (LAST_QUARTER[0], LAST_QUARTER[1] * 3)
    return [(y, m) for y in range(FIRST_YEAR, last[0] + 1) for m in range(1, 13)
            if (y, m) <= last]


def split(total: int, weights: Sequence[float]) -> list[int]:
    """Whole parts of `total` in proportion to `weights` that add up exactly (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    parts = [math.floor(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[
            :total - sum(parts)]:
        parts[i] += 1
    return parts


def interpolate(anchors: dict[int, float], n: int) -> list[float]:
    """Values at 0..n-1, linear between anchors (index: value) and flat beyond them."""
    keys = sorted(anchors)
    out = []
    for i in range(n):
        lo = max([k for k in keys if k <= i], default=keys[0])
        hi = min([k for k in keys if k >= i], default=keys[-1])
        out.append(anchors[lo] if hi == lo else
                   anchors[lo] + (anchors[hi] - anchors[lo]) * (i - lo) / (hi - lo))
    return out


def near(i: int, anchors: dict[int, float], reach: int) -> float:
    """How much noise a point may carry: none at a fixed point, rising to full `reach` steps
    away, so a sample line passes smoothly through the published points."""
    return min(1.0, min(abs(i - k) for k in anchors) / reach)


def with_shares(names: Sequence[str], weights: Sequence[float],
                shares: dict[str, float]) -> list[float]:
    """Weights in which the named municipalities hold the published shares of the total and
    the others keep their proportions among themselves."""
    rest = sum(w for n, w in zip(names, weights, strict=True) if n not in shares)
    free = 1 - sum(shares.values())
    return [shares[n] if n in shares else w / rest * free
            for n, w in zip(names, weights, strict=True)]


def nl(value: float | int | None, decimals: int = 0) -> str:
    """A number as a Dutch export writes it: 4.597 and 12,5; empty when unknown."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence], *,
              encoding: str = "utf-8-sig") -> None:
    """A ';'-separated CSV as the region's sources deliver them."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def labelled(columns: Sequence[str], values: dict[str, tuple[str, str | None]]) -> list[str]:
    """The cells of `columns` from `values` (column: (text, citation, None when invented)),
    then Bron and Herkomst: `published` or `sample` when every value given is one or the
    other, else `published: <the published columns>` (Herkomst per value)."""
    given = {c: cite for c, (text, cite) in values.items() if text}
    published = [c for c in columns if given.get(c) is not None]
    herkomst = ("sample" if not published else "published" if len(published) == len(given)
                else "published: " + ", ".join(published))
    return ([values.get(c, ("", None))[0] for c in columns]
            + ["; ".join(dict.fromkeys(given[c] for c in published)), herkomst])


def weights_by_population(rng: random.Random, gemeenten: list[Gemeente],
                          spread: float = 0.15) -> list[float]:
    """Population shares with a persistent local deviation."""
    return [g.inwoners * (1 + rng.uniform(-spread, spread)) for g in gemeenten]


# ---------------------------------------------------------------- the generator
class Generator:
    """Writes every raw source for both regions into one folder."""

    def __init__(self, reference: Reference, seed: int = SEED):
        self.ref = reference
        self.rng = random.Random(seed)
        self.seed = seed
        self.all_gemeenten = reference.gemeenten()
        self.by_region = {r: [g for g in self.all_gemeenten if g.regio_code == r] for r in REGIONS}
        self.targets: list[list[str]] = []  # doelstellingen rows, filled by several sources
        # UWV's people working in beschut werk per (region, year, quarter): the companies'
        # beschut werk headcount may not exceed it
        self.beschut_werkzaam: dict[tuple[str, int, int], int] = {}

    def write(self, out: Path) -> list[Path]:
        """Write all files into `out`; return their paths."""
        out.mkdir(parents=True, exist_ok=True)
        steps = (self.gemeenten, self.banenafspraak, self.beschut_werk, self.jeugd_ww,
                 self.instrumenten, self.sociaal_ontwikkelbedrijf, self.financiering,
                 self.ww, self.bijstand, self.doelstellingen)
        return [p for step in steps for p in step(out)]

    def target(self, indicator: str, gebied: str, jaar: int, doel: float, bron: str,
               herkomst: str, decimals: int = 0, *, status: str = "", vanaf: int | None = None,
               nulmeting: float | None = None) -> None:
        """Queue one doelstellingen row (an invented target gets no Status: it is a voorbeeld)."""
        self.targets.append([indicator, gebied, str(jaar), str(vanaf or ""), nl(doel, decimals),
                             nl(nulmeting), bron, status, herkomst])

    # -- gemeenten: facts, all 342 municipalities
    def gemeenten(self, out: Path) -> list[Path]:
        path = out / "gemeenten.csv"
        write_csv(path, ("Gemeentecode", "Gemeentenaam", "Arbeidsmarktregio",
                         "Arbeidsmarktregionaam", "Inwoners", "Inwoners 15-27", "Lat", "Lon",
                         "Herkomst"),
                  ([g.code, g.naam, g.regio_code, g.regio_naam, nl(g.inwoners), "",
                    nl(g.lat, 4), nl(g.lon, 4), "published"] for g in self.all_gemeenten))
        return [path]

    # -- banenafspraak: region totals on the published anchors, municipalities split
    def banenafspraak(self, out: Path) -> list[Path]:
        qs = quarters()
        idx = {f"{y}Q{q}": i for i, (y, q) in enumerate(qs)}
        last = len(qs) - 1
        ref = self.ref
        published: dict[str, dict[int, dict[str, float]]] = {r: {} for r in REGIONS}
        cited: dict[str, dict[int, list[str]]] = {r: {} for r in REGIONS}

        def pub(region: str, period: str, measure: str, indicator: str, ref_period: str) -> None:
            published[region].setdefault(idx[period], {})[measure] = ref.figure(
                region, indicator, ref_period)
            sources = cited[region].setdefault(idx[period], [])
            if ref.cite(region, indicator, ref_period) not in sources:
                sources.append(ref.cite(region, indicator, ref_period))

        # Amersfoort: the inventarisatie 2025 (latest quarter) and WSP news items.
        pub("AM14", "2025Q1", "doelgroep", "banenafspraak_doelgroep", "2025")
        pub("AM14", "2025Q1", "werkzaam", "banenafspraak_werkzaam", "2025")
        pub("AM14", "2025Q1", "banen", "banenafspraak_banen", "2025")
        pub("AM14", "2023Q3", "doelgroep", "banenafspraak_doelgroep_personen", "2023Q3")
        pub("AM14", "2023Q3", "werkzaam", "banenafspraak_werkzame_personen", "2023Q3")
        pub("AM14", "2023Q2", "werkzaam", "banenafspraak_werkzame_personen", "2023Q2")
        for period, _value, _src in ref.series("AM14", "banenafspraak_extra_banen_sinds_nulmeting"):
            pub("AM14", period, "extra", "banenafspraak_extra_banen_sinds_nulmeting", period)
        for period, _value, _src in ref.series("AM10", "banenafspraak_banen_totaal"):
            pub("AM10", period, "banen", "banenafspraak_banen_totaal", period)

        # Sample paths through the anchors. Extra banen = banen - nulmeting. Rivierenland's
        # nulmeting follows from its published 2020 targets (1,729 jobs = 795 extra); for
        # Amersfoort it is a sample assumption, which puts the published extra banen of
        # 2018 K4 and 2021 K3 on the banen path.
        nulmeting = {"AM14": 800, "AM10": int(
            ref.figure("AM10", "banenafspraak_doel_totaal_banen_doelgroep", "2020")
            - ref.figure("AM10", "banenafspraak_werkkamer_indicatie_doelstelling", "2020"))}
        extra_anchors = {i: nulmeting["AM14"] + v["extra"] for i, v in published["AM14"].items()
                         if "extra" in v}
        # Published movements are constraints too: each fixes a quarter relative to a
        # published (or already fixed) one. Where a movement links two unpublished quarters
        # (a year's change), one end is a sample choice: on the line between its neighbours,
        # or a small step from the quarter before.
        def change(region: str, indicator: str, period: str) -> float:
            return ref.figure(region, indicator, period)

        extra = {q: v - nulmeting["AM14"] for q, v in extra_anchors.items()}
        q21 = idx["2021Q3"]
        extra[q21 - 1] = extra[q21] - change("AM14", "banenafspraak_extra_banen_toename_kwartaal",
                                             "2021Q3")
        extra[q21 - 4] = extra[q21] - change(
            "AM14", "banenafspraak_extra_banen_toename_12_maanden", "2021Q3")
        extra[q21 - 3] = round(extra[q21 - 4] + (extra[q21 - 1] - extra[q21 - 4]) / 3)
        extra[q21 - 7] = extra[q21 - 3] - change("AM14", "banenafspraak_extra_banen_toename_jaar",
                                                 "2020")
        extra_anchors = {i: nulmeting["AM14"] + v for i, v in extra.items()}
        share_q2 = ref.figure("AM14", "banenafspraak_aandeel_werkzaam_doelgroep", "2023Q2") / 100
        doelgroep_q2 = round(published["AM14"][idx["2023Q2"]]["werkzaam"] / share_q2)
        # Rivierenland: 154% growth over the baseline in 2021 K3; quarterly changes in 2021 K2,
        # 2022 K1 and K2; people working +25 in 2022 K2, +0.5% in K3 and +31 over 2023.
        banen = {i: v["banen"] for i, v in published["AM10"].items()}
        q = idx["2021Q2"]
        banen[q - 1] = banen[q] - change("AM10", "banenafspraak_banen_toename_kwartaal", "2021Q2")
        banen[q + 1] = round(nulmeting["AM10"] * (1 + change(
            "AM10", "banenafspraak_banengroei_pct_tov_nulmeting", "2021Q3") / 100))
        banen[q + 2] = banen[q + 1] + 18
        banen[q + 3] = banen[q + 2] + change("AM10", "banenafspraak_banen_toename_kwartaal",
                                             "2022Q1")
        banen[q + 4] = banen[q + 3] + change("AM10", "banenafspraak_banen_toename_kwartaal",
                                             "2022Q2")
        q = idx["2022Q3"]
        werkzaam = {q: 2010}
        werkzaam[q - 1] = round(werkzaam[q] / (1 + change(
            "AM10", "banenafspraak_werkzame_personen_groei_kwartaal_pct", "2022Q3") / 100))
        werkzaam[q - 2] = werkzaam[q - 1] - change(
            "AM10", "banenafspraak_werkzame_personen_toename_kwartaal", "2022Q2")
        werkzaam[q + 1] = werkzaam[q] + 10
        werkzaam[q + 5] = werkzaam[q + 1] + change(
            "AM10", "banenafspraak_werkzame_personen_toename_jaar", "2023")
        paths = {
            "AM14": {
                "banen": {0: 1450, **extra_anchors, last: published["AM14"][last]["banen"]},
                "werkzaam": {0: 1180, **{i: v["werkzaam"] for i, v in published["AM14"].items()
                                         if "werkzaam" in v}},
                "doelgroep": {0: 2480, idx["2023Q2"]: doelgroep_q2,
                              **{i: v["doelgroep"] for i, v in published["AM14"].items()
                                 if "doelgroep" in v}},
            },
            "AM10": {
                "banen": {0: 1190, **banen, last: 2610},
                "werkzaam": {0: 1010, **werkzaam, last: 2180},
                "doelgroep": {0: 1900, idx["2022Q3"]: round(2010 / (ref.figure(
                    "AM10", "banenafspraak_aandeel_werkzaam_doelgroep", "2022Q3") / 100)),
                    last: 3520},
            },
        }
        rows = []
        for region in REGIONS:
            gems = self.by_region[region]
            w = weights_by_population(self.rng, gems)
            series = {}
            for measure, anchors in paths[region].items():
                base = interpolate(anchors, len(qs))
                series[measure] = [round(v if i in anchors else v * (1 + self.rng.gauss(
                    0, 0.006 * near(i, anchors, 3)))) for i, v in enumerate(base)]
            for i, (y, q) in enumerate(qs):
                period = f"{y} K{q}"
                totals = {m: series[m][i] for m in series}
                pub_here = published[region].get(i, {})
                if pub_here:
                    cells = {m: pub_here.get(m) for m in ("doelgroep", "werkzaam", "banen", "extra")}
                    rows.append([period, region, "", *(nl(cells[m]) for m in
                                ("doelgroep", "werkzaam", "banen", "extra")),
                                 "; ".join(cited[region][i]), "published"])
                    totals.update({m: int(v) for m, v in pub_here.items() if m != "extra"})
                else:
                    rows.append([period, region, "", nl(totals["doelgroep"]),
                                 nl(totals["werkzaam"]), nl(totals["banen"]),
                                 nl(totals["banen"] - nulmeting[region]), "", "sample"])
                parts = {m: split(totals[m], w) for m in ("doelgroep", "werkzaam", "banen")}
                for j, g in enumerate(gems):
                    rows.append([period, region, g.naam, nl(parts["doelgroep"][j]),
                                 nl(parts["werkzaam"][j]),
                                 nl(parts["banen"][j]), "", "", "sample"])
        path = out / "uwv_banenafspraak_2015-2025.csv"
        write_csv(path, ("Periode", "Arbeidsmarktregio", "Gemeente", "Personen in doelgroep",
                         "Werkzame personen", "Banen", "Extra banen", "Bron", "Herkomst"), rows)
        self.banen_targets()
        return [path]

    def banen_targets(self) -> None:
        """Werkkamer targets as published, in jobs or in extra jobs over the 2012 baseline
        (each on its own indicator); the regional ones in jobs split over municipalities (sample)."""
        ref = self.ref
        werkkamer = "banenafspraak_werkkamer_indicatie_doelstelling"
        # Rivierenland 2020: 795 extra jobs and 1,729 jobs in total, so a baseline of 934.
        extra_2020 = ref.figure("AM10", werkkamer, "2020")
        total_2020 = ref.figure("AM10", "banenafspraak_doel_totaal_banen_doelgroep", "2020")
        nulmeting_am10 = total_2020 - extra_2020
        for region, period, vanaf in (("AM14", "2018", None), ("AM10", "2014-2016", 2014),
                                      ("AM10", "2019", None), ("AM10", "2020", None)):
            self.target("banenafspraak_extra_banen", region, int(period[-4:]),
                        ref.figure(region, werkkamer, period), ref.source(region, werkkamer, period),
                        "published", status="indicatief", vanaf=vanaf,
                        nulmeting=nulmeting_am10 if period == "2020" else None)
        for period, value, src in ref.series("Nederland", "banenafspraak_doelstelling_extra_banen"):
            if not any(t[:3] == ["banenafspraak_extra_banen", "Nederland", period]
                       for t in self.targets):
                self.target("banenafspraak_extra_banen", "Nederland", int(period), value, src,
                            "published", status="indicatief")
        self.target("banenafspraak_banen", "AM10", 2020, total_2020,
                    ref.source("AM10", "banenafspraak_doel_totaal_banen_doelgroep", "2020"),
                    "published", status="indicatief", nulmeting=nulmeting_am10)
        verhoging = ref.figure("AM10", "banenafspraak_indicatieve_taakstelling_verhoging", "2024")
        doel_2024 = ref.figure("AM10", "banenafspraak_indicatieve_taakstelling_totaal_banen", "2024")
        regional = {
            ("AM14", 2025): (ref.figure("AM14", "banenafspraak_doelstelling_banen", "2025"),
                             "Inventarisatie sociale infrastructuur regio Amersfoort 2025, par. 2.1 (UWV Dashboard Banenafspraak)",
                             "indicatief"),
            ("AM10", 2021): (ref.figure("AM10", "banenafspraak_indicatieve_taakstelling_totaal_banen", "2021"),
                             ref.source("AM10", "banenafspraak_indicatieve_taakstelling_totaal_banen", "2021"),
                             "indicatief"),
            ("AM10", 2023): (doel_2024 - verhoging,
                             f"afgeleid: het doel voor 2024 ({nl(doel_2024)}) min de verhoging van "
                             f"{nl(verhoging)} banen in 2024, "
                             + ref.source("AM10", "banenafspraak_indicatieve_taakstelling_verhoging", "2024"),
                             "afgeleid"),
            ("AM10", 2024): (doel_2024, ref.source("AM10", "banenafspraak_indicatieve_taakstelling_totaal_banen", "2024"),
                             "indicatief"),
        }
        for (region, year), (doel, bron, status) in regional.items():
            self.target("banenafspraak_banen", region, year, doel, bron, "published", status=status)
            gems = self.by_region[region]
            for g, part in zip(gems, split(int(doel), [g.inwoners for g in gems]), strict=True):
                self.target("banenafspraak_banen", g.naam, year, part,
                            "sample: regionaal Werkkamer-doel verdeeld naar inwonertal", "sample")

    # -- beschut werk: quarterly indications and people working; taakstelling per municipality
    def beschut_werk(self, out: Path) -> list[Path]:
        qs = quarters()
        last = len(qs) - 1
        latest = {
            "AM14": (int(self.ref.figure("AM14", "beschut_werk_geldige_indicaties", "2025")),
                     int(self.ref.figure("AM14", "beschut_werk_werkzaam", "2025"))),
            "AM10": (66, 41),
        }
        rows = []
        for region in REGIONS:
            gems = self.by_region[region]
            w = weights_by_population(self.rng, gems, 0.3)
            advies = interpolate({0: 3, 8: 18, last: latest[region][0]}, len(qs))
            werkzaam = interpolate({0: 1, 8: 8, last: latest[region][1]}, len(qs))
            for i, (y, q) in enumerate(qs):
                a = round(advies[i]) if i == last else max(1, round(advies[i] + self.rng.gauss(0, 1)))
                k = round(werkzaam[i]) if i == last else min(a, max(0, round(werkzaam[i] + self.rng.gauss(0, 1))))
                published = region == "AM14" and i == last
                self.beschut_werkzaam[(region, y, q)] = k
                rows.append([f"{y}-K{q}", region, "", nl(a), nl(k),
                             self.ref.cite("AM14", "beschut_werk_werkzaam", "2025")
                             if published else "", "published" if published else "sample"])
                pa_, pk = split(a, w), split(k, w)
                for j, g in enumerate(gems):
                    # a municipality cannot have more people working than holding an advice
                    pk_j = min(pk[j], pa_[j])
                    rows.append([f"{y}-K{q}", region, g.code, nl(pa_[j]), nl(pk_j), "", "sample"])
        rows = self.rebalance_beschut(rows)
        path = out / "uwv_beschut_werk_2015-2025.csv"
        write_csv(path, ("Periode", "Arbeidsmarktregio", "Gemeente", "Positief advies",
                         "Werkzaam beschut", "Bron", "Herkomst"), rows)
        # The legal taakstelling per municipality is set by ministerial regulation; its
        # per-municipality figures are not in the reference, so they are sample here.
        for region in REGIONS:
            gems = self.by_region[region]
            for year in range(FIRST_YEAR, LAST_QUARTER[0] + 1):
                total = round(latest[region][1] * (0.12 + 1.4 * (year - FIRST_YEAR) / 10))
                for g, part in zip(gems, split(total, [g.inwoners for g in gems]), strict=True):
                    self.target("beschut_werk_plekken", g.code, year, part,
                                "sample: taakstelling volgens de systematiek van de Regeling "
                                "vaststelling aantallen beschut werk, verdeeld naar inwonertal",
                                "sample")
        # The national taakstelling as the Staatscourant published it (the only statutory
        # target the reference holds) and the cabinet's intention for 2015.
        for indicator, period, status in (
                ("taakstelling_beschut_werk_landelijk", "2017 (ultimo)", "wettelijk"),
                ("beoogd_aantal_beschut_werk_landelijk", "2015 (ultimo)", "indicatief")):
            [row] = [r for r in self.ref.hits("Nederland", indicator, period)
                     if status != "wettelijk" or "officielebekendmakingen" in r["source_url"]]
            self.target("beschut_werk_plekken", "Nederland", int(period[:4]), float(row["value"]),
                        row["source_url"], "published", status=status)
        # The national share of people with an indication who had a place (2024) is a
        # benchmark to read the regions against, not a target.
        benchmark = self.ref.figure("Nederland", "beschut_werk_indicatie_met_werkplek", "2024")
        self.target("beschut_werk_benutting", "Nederland", 2024, benchmark,
                    "Cedris kwartaalcijfers beschut werk 2024, via Transitieplan Rivierenland 2025 par. 3",
                    "published", 2, status="benchmark")
        return [path]

    @staticmethod
    def rebalance_beschut(rows: list[list[str]]) -> list[list[str]]:
        """Move working people capped away to a municipality with room, so the split adds up."""
        out, i = [], 0
        while i < len(rows):
            region_row = rows[i]
            j = i + 1
            while j < len(rows) and rows[j][2]:
                j += 1
            muni = [list(r) for r in rows[i + 1:j]]
            target = int(region_row[4].replace(".", ""))
            have = sum(int(r[4].replace(".", "")) for r in muni)
            for r in sorted(muni, key=lambda r: -int(r[3].replace(".", ""))):
                room = int(r[3].replace(".", "")) - int(r[4].replace(".", ""))
                move = min(room, target - have)
                if move > 0:
                    r[4] = nl(int(r[4].replace(".", "")) + move)
                    have += move
            out += [region_row, *muni]
            i = j
        return out

    # -- youth WW: monthly, per municipality and region
    def jeugd_ww(self, out: Path) -> list[Path]:
        ms = months()
        ref = self.ref
        idx = {f"{y}-{m:02d}": i for i, (y, m) in enumerate(ms)}
        nov22 = idx["2022-11"]
        region_170 = int(ref.figure("AM14", "jongeren_ww_uitkering", "2022-11"))
        amersfoort_93 = int(ref.figure("AM14", "jongeren_ww_uitkering", "2022-11", "Amersfoort"))
        # a year earlier: the published change over twelve months (-4%)
        nov21 = round(region_170 / (1 + ref.figure("AM14", "jongeren_ww_uitkering_mutatie_jaar_pct",
                                                   "2022-11") / 100))
        tiel_38 = ref.figure("AM10", "jongeren_ww_uitkering", "2022-07-01", "Tiel")

        def season(m: int) -> float:
            return 1 + 0.08 * math.cos((m - 1) / 12 * 2 * math.pi)

        rows = []
        for region in REGIONS:
            gems = self.by_region[region]
            w = weights_by_population(self.rng, gems)
            names = [g.naam for g in gems]
            if region == "AM14":
                exact = {nov22: region_170, idx["2021-11"]: nov21}
                anchors = {0: 260, idx["2019-06"]: 150, idx["2020-06"]: 330,
                           **{i: v / season(11) for i, v in exact.items()},
                           idx["2023-12"]: 210, len(ms) - 1: 224}
                # the published shares of Amersfoort, Soest and Nijkerk hold in every month
                w = with_shares(names, w, {"Amersfoort": amersfoort_93 / region_170, **{
                    n: ref.figure("AM14", "jongeren_ww_uitkering_aandeel_regio", "2022-11", n)
                    / 100 for n in ("Soest", "Nijkerk")}})
            else:
                exact = {}
                anchors = {0: 230, idx["2019-06"]: 135, idx["2020-06"]: 290, idx["2022-07"]: 128,
                           len(ms) - 1: 190}
                # Tiel's published 38 of about 130 in July 2022 is its share throughout
                w = with_shares(names, w, {"Tiel": tiel_38 / (128 * season(7))})
            base = interpolate(anchors, len(ms))
            for i, (y, m) in enumerate(ms):
                total = exact.get(i) or max(10, round(base[i] * season(m) * (
                    1 + self.rng.gauss(0, 0.03 * near(i, exact or anchors, 6)))))
                period = f"{y}-{m:02d}"
                parts = split(total, w)
                fixed: dict[str, int] = {}
                if region == "AM14" and i == nov22:
                    # published: 93 in Amersfoort; Soest and Nijkerk 15% and 11% of the region
                    fixed = {"Amersfoort": amersfoort_93}
                    for name in ("Soest", "Nijkerk"):
                        share = ref.figure("AM14", "jongeren_ww_uitkering_aandeel_regio",
                                           "2022-11", name)
                        fixed[name] = round(total * share / 100)
                if region == "AM10" and period == "2022-07":
                    fixed = {"Tiel": int(ref.figure("AM10", "jongeren_ww_uitkering",
                                                    "2022-07-01", "Tiel"))}
                if fixed:
                    rest = [g for g in gems if g.naam not in fixed]
                    rest_parts = split(total - sum(fixed.values()),
                                       [w[gems.index(g)] for g in rest])
                    parts = [fixed.get(g.naam) if g.naam in fixed
                             else rest_parts[rest.index(g)] for g in gems]
                published_region = region == "AM14" and i == nov22
                sk_total = round(total * self.rng.uniform(0.08, 0.16))
                rows.append([period, region, "", YOUTH, nl(total),
                             "" if published_region else nl(sk_total),
                             ref.cite("AM14", "jongeren_ww_uitkering", "2022-11")
                             if published_region else "",
                             "published" if published_region else "sample"])
                sk_parts = split(sk_total, [p + 0.01 for p in parts])
                for j, g in enumerate(gems):
                    pub = (published_region and g.naam == "Amersfoort") or \
                        (region == "AM10" and period == "2022-07" and g.naam == "Tiel")
                    rows.append([period, region, g.naam, YOUTH, nl(parts[j]),
                                 "" if pub else nl(min(sk_parts[j], parts[j])),
                                 ref.cite(region, "jongeren_ww_uitkering",
                                          "2022-11" if region == "AM14" else "2022-07-01",
                                          g.naam) if pub else "",
                                 "published" if pub else "sample"])
        path = out / "uwv_jeugd_ww_2015-2025.csv"
        write_csv(path, ("Periode", "Arbeidsmarktregio", "Gemeente", "Leeftijdsklasse",
                         "WW-uitkeringen", "Zonder startkwalificatie", "Bron", "Herkomst"), rows)
        ceiling = round(region_170 * 1.15)
        gems = self.by_region["AM14"]
        for year in (2024, 2025):
            self.target("jeugd_ww", "AM14", year, ceiling,
                        "sample: lokaal plafond (regionale ambitie jeugdwerkloosheid)", "sample")
            for g, part in zip(gems, split(ceiling, [g.inwoners for g in gems]), strict=True):
                self.target("jeugd_ww", g.code, year, part,
                            "sample: regionaal plafond verdeeld naar inwonertal", "sample")
        return [path]

    # -- WW: monthly benefits per region (the published levels and changes) and municipality
    def ww(self, out: Path) -> list[Path]:
        rng = random.Random(f"ww-{self.seed}")  # its own stream: the other files stay as they were
        # the values published rows used to leave empty, and the labour force: a stream of
        # their own, so the levels stay as they were
        fill = random.Random(f"ww-aanvulling-{self.seed}")
        ms = months()
        labels = [f"{y}-{m:02d}" for y, m in ms]
        rows = []
        for region in REGIONS:
            pinned, cites = self.ww_region_points(region)
            anchors = {labels.index(p): v for p, v in pinned.items() if p in labels}
            anchors.setdefault(0, WW_ENDS[region][0])
            anchors.setdefault(len(ms) - 1, WW_ENDS[region][1])
            base = interpolate(anchors, len(ms))
            totals = [pinned.get(p) or round(base[i] * (1 + rng.gauss(0, 0.02) * near(
                i, anchors, 3))) for i, p in enumerate(labels)]
            new, halves = self.ww_new_benefits(region, labels, totals)
            gems = self.by_region[region]
            w = weights_by_population(rng, gems)
            muni_points = self.ww_muni_points(region)
            rates = {(r["municipality"] or "", r["period"][:7]): (
                        float(r["value"]), self.ref.cite(region, r["indicator"], r["period"],
                                                         r["municipality"] or ""))
                     for r in self.ref.hits(region, "ww_percentage_beroepsbevolking",
                                            municipality=None)}
            force = self.ww_labour_force(region, labels, totals, muni_points, rates, fill)
            history: dict[tuple[str, str], int] = {}
            for i, period in enumerate(labels):
                fixed = {g: v for (g, p), (v, _pub, _cite) in muni_points["uitkeringen"].items()
                         if p == period}
                for g, pct in WW_MUNI_YEAR_CHANGES.get((region, period), {}).items():
                    fixed[g] = round(history[(g, labels[i - 12])] * (1 + pct / 100))
                ahead = labels[i + 12] if i + 12 < len(labels) else None
                for g, pct in WW_MUNI_YEAR_CHANGES.get((region, ahead), {}).items():
                    # a small count a year before whose change can round to the published one
                    share = w[[x.naam for x in gems].index(g)] / sum(w)
                    fixed[g] = next(b for b in sorted(range(10, 10 * round(totals[i] * share)),
                                                      key=lambda b: abs(b - totals[i] * share))
                                    if round(100 * (round(b * (1 + pct / 100)) / b - 1), 1) == pct)
                rest = [g for g in gems if g.naam not in fixed]
                parts = dict(zip([g.naam for g in rest], split(
                    totals[i] - sum(fixed.values()), [w[gems.index(g)] for g in rest]),
                    strict=True)) | fixed
                values = {"WW-uitkeringen": (nl(totals[i]), cites.get(period)),
                          "Nieuwe uitkeringen": (nl(new[i]), None),
                          "Beroepsbevolking": (nl(force[("", period)]), None)}
                if period in halves:
                    values["Nieuwe uitkeringen sinds januari"] = (nl(halves[period][0]),
                                                                  halves[period][1])
                if ("", period) in rates:
                    pct, cite = rates[("", period)]
                    values["WW-percentage"] = (nl(pct, 1), cite)
                rows.append([period, region, "", *labelled(WW_COLUMNS, values)])
                for g in gems:
                    history[(g.naam, period)] = parts[g.naam]
                    pub_n = muni_points["uitkeringen"].get((g.naam, period))
                    pub_p = muni_points["personen"].get((g.naam, period))
                    if pub_n and pub_n[1]:
                        values = {"WW-uitkeringen": (nl(pub_n[0]), pub_n[2]),
                                  "Personen met WW": (nl(round(
                                      pub_n[0] * fill.uniform(0.93, 0.98))), None)}
                    elif pub_p and pub_p[1]:
                        values = {"WW-uitkeringen": (nl(parts[g.naam]), None),
                                  "Personen met WW": (nl(pub_p[0]), pub_p[2])}
                    else:
                        persons = pub_p[0] if pub_p else round(parts[g.naam]
                                                                * rng.uniform(0.93, 0.98))
                        values = {"WW-uitkeringen": (nl(parts[g.naam]), None),
                                  "Personen met WW": (nl(persons), None)}
                    values["Beroepsbevolking"] = (nl(force[(g.naam, period)]), None)
                    if (g.naam, period) in rates:
                        pct, cite = rates[(g.naam, period)]
                        values["WW-percentage"] = (nl(pct, 1), cite)
                    rows.append([period, region, g.naam, *labelled(WW_COLUMNS, values)])
        path = out / "uwv_ww_2015-2025.csv"
        write_csv(path, ("Periode", "Arbeidsmarktregio", "Gemeente", *WW_COLUMNS, "Bron",
                         "Herkomst"), rows)
        return [path]

    def ww_new_benefits(self, region: str, labels: list[str], totals: list[int]
                        ) -> tuple[list[int], dict[str, tuple[int, str]]]:
        """New WW benefits in each month of the region (region rows only, as UWV reports
        them): about a tenth of the month's running benefits (invented, sample), split so
        that every published half-year total (January to June) comes out exactly, and the
        half-year a year before a published change such that the change rounds to the
        published one.

        UWV publishes the half-year total, never its months: the total goes into the June
        row's `Nieuwe uitkeringen sinds januari`, labelled published (Herkomst per value),
        beside the sample months that add up to it. Returns (the months, June: (published
        half-year total, citation))."""
        rng = random.Random(f"ww-nieuw-{self.seed}")  # its own stream: the levels stay as they were
        draws = [t * rng.uniform(0.08, 0.10) for t in totals]
        published = {f"{r['period'][:4]}-06": (round(float(r["value"])), self.ref.cite(
                         region, "ww_nieuwe_uitkeringen", r["period"]))
                     for r in self.ref.hits(region, "ww_nieuwe_uitkeringen")
                     if re.fullmatch(r"\d{4}H1", r["period"])}
        half = {int(june[:4]): total for june, (total, _cite) in published.items()}
        for r in self.ref.hits(region, "ww_nieuwe_uitkeringen_mutatie_jaar_pct"):
            year, pct = int(r["period"][:4]), float(r["value"])
            if re.fullmatch(r"\d{4}H1", r["period"]) and year in half and year - 1 not in half:
                before = round(half[year] / (1 + pct / 100))
                assert round(100 * (half[year] / before - 1), 1) == pct, (region, year)
                half[year - 1] = before
        new = [round(d) for d in draws]
        for year, total in half.items():
            idx = [labels.index(f"{year}-{m:02d}") for m in range(1, 7)]
            for i, part in zip(idx, split(total, [draws[i] for i in idx]), strict=True):
                new[i] = part
        return new, published

    def ww_labour_force(self, region: str, labels: list[str], totals: list[int],
                        muni_points: dict, rates: dict[tuple[str, str], tuple[float, str]],
                        rng: random.Random) -> dict[tuple[str, str], int]:
        """The labour force (15-75) of the region ("") and its municipalities per month
        (invented, sample), such that benefits / labour force rounds to every published
        WW-percentage: at such a month it is the benefits divided by the percentage, in
        between a straight line, beyond the last one flat, with a little noise away from
        them; the municipalities split the region's by population, one with a published
        percentage holding the share that gives it."""
        gems = self.by_region[region]
        anchors = {labels.index(p): totals[labels.index(p)] / (pct / 100)
                   for (g, p), (pct, _cite) in rates.items() if not g and p in labels}
        if not anchors:
            anchors = {0: sum(g.inwoners for g in gems) * 0.5}
        base = interpolate(anchors, len(labels))
        region_force = [round(b * (1 + rng.gauss(0, 0.002) * near(i, anchors, 3)))
                        for i, b in enumerate(base)]
        fixed = {(g, p): round(muni_points["uitkeringen"][(g, p)][0] / (pct / 100))
                 for (g, p), (pct, _cite) in rates.items()
                 if g and (g, p) in muni_points["uitkeringen"]}
        names = [g.naam for g in gems]
        weights = with_shares(names, weights_by_population(rng, gems, 0.1),
                              {g: v / region_force[labels.index(p)] for (g, p), v in fixed.items()})
        out = {}
        for i, period in enumerate(labels):
            here = {g: v for (g, p), v in fixed.items() if p == period}
            rest = [n for n in names if n not in here]
            out |= {(n, period): v for n, v in zip(rest, split(
                region_force[i] - sum(here.values()),
                [weights[names.index(n)] for n in rest]), strict=True)}
            out |= {(n, period): v for n, v in here.items()}
            out[("", period)] = region_force[i]
        return out

    def ww_region_points(self, region: str) -> tuple[dict[str, int], dict[str, str]]:
        """The region's month-end benefits the sample must hold: every published level, and
        the months before a published change, so that the change comes out as published.
        Returns (period: benefits, period: citation of the published ones)."""
        ref = self.ref
        def region_rows(indicator: str) -> list[tuple[str, float]]:
            return [(r["period"], float(r["value"])) for r in ref.hits(region, indicator)]

        pinned = {p: int(v) for p, v in region_rows("ww_uitkeringen")
                  if re.fullmatch(r"\d{4}-\d{2}", p)}
        cites = {p: ref.cite(region, "ww_uitkeringen", p) for p in pinned}
        # exact differences before rounded percentages, so that where both are published
        # the difference decides and the percentage still rounds to its value
        changes = [(p, 12, None, v) for p, v in WW_QUOTED_CHANGES.get(region, {}).items()]
        changes += [(p, 12, None, v) for p, v in region_rows("ww_uitkeringen_mutatie_jaar_abs")]
        changes += [(p, 1, None, v) for p, v in WW_QUOTED_MONTH_CHANGES.get(region, {}).items()]
        changes += [(p, 1, v, None) for p, v in region_rows("ww_uitkeringen_mutatie_maand_pct")]
        changes += [(p, 12, v, None) for p, v in region_rows("ww_uitkeringen_mutatie_jaar_pct")]
        # a change fixes one end from the other; after each new point start again from the
        # first change, until nothing more follows
        while True:
            for period, back, pct, diff in changes:
                y, m = int(period[:4]), int(period[5:7])
                n = y * 12 + m - 1 - back
                before = f"{n // 12}-{n % 12 + 1:02d}"
                if period in pinned and before not in pinned:
                    pinned[before] = (round(pinned[period] / (1 + pct / 100)) if pct is not None
                                      else round(pinned[period] - diff))
                    break
                if before in pinned and period not in pinned:
                    pinned[period] = (round(pinned[before] * (1 + pct / 100)) if pct is not None
                                      else round(pinned[before] + diff))
                    break
            else:
                break
        return pinned, cites

    def ww_muni_points(self, region: str) -> dict[str, dict[tuple[str, str], tuple]]:
        """Published municipal points per measure: (name, month): (value, published, cite);
        and the persons a year before a published yearly change (sample)."""
        out: dict[str, dict[tuple[str, str], tuple]] = {"uitkeringen": {}, "personen": {}}
        for measure, indicator in (("uitkeringen", "ww_uitkeringen"), ("personen", "ww_personen")):
            for g in self.by_region[region]:
                for r in self.ref.hits(region, indicator, municipality=g.naam):
                    out[measure][(g.naam, r["period"][:7])] = (
                        int(float(r["value"])), True,
                        self.ref.cite(region, indicator, r["period"], g.naam))
        for r in self.ref.hits(region, "ww_personen_mutatie_jaar_pct", municipality=None):
            name, period = r["municipality"], r["period"][:7]
            now = out["personen"].get((name, period))
            if now:
                before = f"{int(period[:4]) - 1}{period[4:]}"
                out["personen"][(name, before)] = (
                    round(now[0] / (1 + float(r["value"]) / 100)), False, "")
        return out

    # -- bijstand: benefits and persons per municipality and year, Amersfoort's published
    # benefits, density and streefcijfer, Tiel's and West Betuwe's published persons
    def bijstand(self, out: Path) -> list[Path]:
        rng = random.Random(f"bijstand-{self.seed}")
        # the values published rows used to leave empty: a stream of their own, so the
        # sample rows stay as they were
        fill = random.Random(f"bijstand-aanvulling-{self.seed}")
        ref = self.ref
        # benefits per inhabitant over the years (invented), relative to 2018
        trend = dict(zip(range(2014, 2025), (0.95, 0.99, 1.03, 1.03, 1.0, 0.97, 1.0, 0.96,
                                             0.94, 0.95, 0.96), strict=True))
        per_person = 1.05  # persons per benefit (invented)
        published = {(r["municipality"], r["period"], measure): r for measure, indicator in (
            ("uitkeringen", "bijstand_uitkeringen_participatiewet_ultimo"),
            ("personen", "bijstand_personen"),
            ("dichtheid", "bijstandsdichtheid_per_1000_inwoners")) for region in REGIONS
            for r in ref.hits(region, indicator, municipality=None)}
        rows = []
        for region in REGIONS:
            for g in self.by_region[region]:
                level = {m: float(r["value"]) * (1 if m == "uitkeringen" else 1 / per_person)
                         / trend[int(p)] for (n, p, m), r in published.items()
                         if n == g.naam and m != "dichtheid"}
                base = (sum(level.values()) / len(level) if level
                        else g.inwoners * rng.uniform(0.010, 0.022))
                # a published density counts recipients per 1,000 inhabitants (the product
                # divides by gemeenten.csv's): the municipality's persons per benefit follow
                # from it, so that its sample persons give that density in every year
                ratio = next((float(d["value"]) * g.inwoners / 1000 / float(b["value"])
                              for (n, p, m), d in published.items()
                              if n == g.naam and m == "dichtheid"
                              for b in [published.get((n, p, "uitkeringen"))] if b),
                             per_person)
                for year in trend:
                    pub = {m: published.get((g.naam, str(year), m))
                           for m in ("uitkeringen", "personen", "dichtheid")}
                    values = {c: (nl(float(r["value"])), ref.cite(
                                  region, r["indicator"], str(year), g.naam))
                              for c, r in zip(BIJSTAND_COLUMNS, pub.values(), strict=True) if r}
                    if "Uitkeringen" in values and "Personen" not in values:
                        persons = (round(float(pub["dichtheid"]["value"]) * g.inwoners / 1000)
                                   if pub["dichtheid"] else round(float(pub["uitkeringen"][
                                       "value"]) * ratio * fill.uniform(0.98, 1.02)))
                        values["Personen"] = (nl(persons), None)
                    elif "Personen" in values and "Uitkeringen" not in values:
                        values["Uitkeringen"] = (nl(round(float(pub["personen"]["value"])
                                                          / ratio / fill.uniform(0.98, 1.02))),
                                                 None)
                    elif not values:
                        benefits = round(base * trend[year] * (1 + rng.gauss(0, 0.01)))
                        values = {"Uitkeringen": (nl(benefits), None),
                                  "Personen": (nl(round(benefits * ratio
                                                        * rng.uniform(0.98, 1.02))), None)}
                    rows.append([str(year), g.naam, *labelled(BIJSTAND_COLUMNS, values)])
        path = out / "bijstand_2014-2024.csv"
        write_csv(path, ("Periode", "Gemeente", *BIJSTAND_COLUMNS, "Bron", "Herkomst"), rows)
        streef = "bijstand_uitkeringen_participatiewet_streefcijfer"
        self.target("bijstand_uitkeringen", "Amersfoort", 2018,
                    ref.figure("AM14", streef, "2018", "Amersfoort"),
                    "Gemeente Amersfoort, Jaarverslag 2018, indicator 4.5.a (streefcijfer): "
                    + ref.source("AM14", streef, "2018", "Amersfoort"), "published",
                    status="lokaal")
        return [path]

    # -- Werkcentrum: one row per deployment of an instrument for a person
    def instrumenten(self, out: Path) -> list[Path]:
        data_date = dt.date(LAST_QUARTER[0], LAST_QUARTER[1] * 3, 31 if LAST_QUARTER[1] in (1, 4) else 30)
        paths = []
        for region, name, encoding, scale in (("AM14", "werkcentrum_instrumenten_amersfoort.csv",
                                                "cp1252", 1.0),
                                               ("AM10", "werkcentrum_instrumenten_rivierenland.csv",
                                                "utf-8-sig", 0.7)):
            gems = [g for g in self.by_region[region]
                    if region != "AM10" or g.naam not in OWN_SERVICE]
            rows, placed = [], {}
            n_clients = int(2600 * scale)
            for c in range(n_clients):
                g = self.rng.choices(gems, [g.inwoners for g in gems])[0]
                doelgroep = self.rng.choices(list(DOELGROEP_WEIGHTS),
                                             list(DOELGROEP_WEIGHTS.values()))[0]
                client = f"{region}-C{c:05d}"
                start = dt.date(2018, 1, 1) + dt.timedelta(days=self.rng.randrange(
                    (data_date - dt.date(2018, 1, 1)).days))
                for _k in range(self.rng.choice((1, 1, 2, 2, 3))):
                    instrument = self.pick_instrument(doelgroep, start.year, region)
                    (lo, hi), (mlo, mhi), _ = INSTRUMENTS[instrument]
                    end = start + dt.timedelta(days=max(1, round(30.4 * self.rng.uniform(mlo, mhi))))
                    if end > data_date:
                        end_text, result = "", "Lopend"
                    else:
                        end_text, result = end.strftime("%d-%m-%Y"), self.outcome(doelgroep, instrument)
                        if result in WORK:
                            placed.setdefault((g.code, end.year), set()).add(client)
                    cost = self.rng.uniform(lo, hi)
                    rows.append([f"{region}-I{len(rows) + 1:06d}", client, g.code, doelgroep,
                                 instrument, start.strftime("%d-%m-%Y"), end_text, result,
                                 "€ " + nl(cost, 2), "sample"])
                    if end > data_date:
                        break
                    start = end + dt.timedelta(days=self.rng.randrange(1, 60))
                    if start > data_date:
                        break
            if region == "AM14":
                rows += self.ae_team(gems, placed)
            path = out / name
            write_csv(path, ("Inzet-ID", "Cliënt", "Gemeente", "Doelgroep", "Instrument",
                             "Startdatum", "Einddatum", "Resultaat", "Kosten", "Herkomst"),
                      rows, encoding=encoding)
            paths.append(path)
            for g in gems:
                for year in (2023, 2024, 2025):
                    seen = len(placed.get((g.code, year - 1 if year == 2025 else year), ()))
                    self.target("instrument_plaatsingen", g.code, year,
                                max(1, round(seen * self.rng.uniform(1.0, 1.25))),
                                "sample: lokaal jaardoel plaatsingen Werkcentrum", "sample")
        return paths

    def ae_team(self, gems: list[Gemeente], placed: dict) -> list[list[str]]:
        """Amfors' AE-team (Amersfoort Extrateams) as Amfors reports it: 55 participants from
        Amersfoort and Leusden in 146 trajectories in 2021; who, when and with what result is
        sample."""
        ref, org = self.ref, "Amfors - Werksupport (Amersfoort Extrateams)"
        people = int(ref.figure("AM14", "ae_team_deelnemers", "2021", "Amersfoort; Leusden", org))
        trajects = int(ref.figure("AM14", "ae_team_trajecten", "2021", "Amersfoort; Leusden", org))
        homes = [g for g in gems if g.naam in ("Amersfoort", "Leusden")]
        rows = []
        for c, n in enumerate(split(trajects, [1] * people)):
            g = self.rng.choices(homes, [h.inwoners for h in homes])[0]
            doelgroep = self.rng.choices(list(DOELGROEP_WEIGHTS),
                                         list(DOELGROEP_WEIGHTS.values()))[0]
            client = f"AM14-AE{c:03d}"
            start = dt.date(2021, 1, 1) + dt.timedelta(days=self.rng.randrange(60))
            for _k in range(n):
                end = start + dt.timedelta(days=self.rng.randrange(30, 90))
                result = self.outcome(doelgroep, AE_TEAM)
                if result in WORK:
                    placed.setdefault((g.code, end.year), set()).add(client)
                rows.append([f"AM14-AE{len(rows) + 1:04d}", client, g.code, doelgroep, AE_TEAM,
                             start.strftime("%d-%m-%Y"), end.strftime("%d-%m-%Y"), result,
                             "€ " + nl(self.rng.uniform(800, 2500), 2), "sample"])
                start = min(end + dt.timedelta(days=1), dt.date(2021, 12, 31))
        return rows

    def pick_instrument(self, doelgroep: str, year: int, region: str) -> str:
        """An instrument that existed in `year` in `region`, weighted by what suits the
        target group."""
        options = [i for i, (_c, _m, first) in INSTRUMENTS.items()
                   if first <= year and ONLY_IN.get(i, region) == region]
        weights = [3 if (doelgroep == "Beschut werk" and i == "AOC-traject")
                   or (doelgroep == "Jongeren" and i in ("Jobhunting", "Training"))
                   or (doelgroep == "Banenafspraak" and i in ("Loonkostensubsidie", "Jobcoaching"))
                   else 1 for i in options]
        return self.rng.choices(options, weights)[0]

    def outcome(self, doelgroep: str, instrument: str) -> str:
        """A plausible end result of a finished deployment."""
        weights = {"Regulier werk": 25, "Werk met LKS": 15, "Beschut werk": 3, "Opleiding": 12,
                   "Uitval": 20}
        if doelgroep == "Beschut werk":
            weights["Beschut werk"] = 30
        if instrument == "Loonkostensubsidie":
            weights["Werk met LKS"] = 45
        if doelgroep == "Jongeren":
            weights["Opleiding"] = 28
        return self.rng.choices(list(weights), list(weights.values()))[0]

    # -- social development companies: monthly workforce and revenue
    def sociaal_ontwikkelbedrijf(self, out: Path) -> list[Path]:
        import xlsxwriter

        ms = months()
        amfors_last = int(self.ref.figure("AM14", "wsw_medewerkers", "2025", organisation="RWA/Amfors"))
        wsw_last = {"Amfors": amfors_last, "Inclusief Groep": 96, "Werkzaak Rivierenland": 842}
        others = {"Beschut werk": 0.03, "Participatiewet-traject": 0.06, "AOC": 0.02, "Overig": 0.015}
        paths = []
        for org, (region, names, units) in SOB.items():
            gems = [g for g in self.by_region[region] if names is None or g.naam in names]
            # Wsw has had no inflow since 2015: walk back from today's headcount with outflow.
            wsw = [wsw_last[org]]
            for _ in ms[1:]:
                wsw.append(wsw[-1] + max(0, round(self.rng.gauss(0.0037, 0.002) * wsw[-1])))
            wsw.reverse()
            unit_w = [self.rng.uniform(0.6, 1.4) for _ in units]
            # a unit's published Wsw headcount (Het Productiebedrijf: "een kleine 200", just
            # under 200, in March 2019; 196 here) is its share in every month, and holds
            # exactly in the month published
            fixed_unit = {}
            if org == "Amfors":
                at = ms.index((2019, 3))
                fixed_unit = {at: ("Het Productiebedrijf", round(0.98 * self.ref.figure(
                    "AM14", "sw_medewerkers_in_productiehallen_productiebedrijf", "2019-03",
                    "Amersfoort", "Amfors - Het Productiebedrijf")))}
                wsw_unit_w = with_shares(units, unit_w, {
                    "Het Productiebedrijf": fixed_unit[at][1] / wsw[at]})
            else:
                wsw_unit_w = unit_w
            gem_w = [g.inwoners for g in gems]
            bezetting, omzet = [], []
            for i, (y, m) in enumerate(ms):
                period = dt.date(y, m, 1)
                growth = i / len(ms)
                heads = {"Wsw": wsw[i]}
                for regeling, share in others.items():
                    if regeling == "AOC" and (y < 2024 or org != "Amfors"):
                        continue
                    heads[regeling] = round(wsw_last[org] * share * (0.3 + growth))
                # the region's companies together employ no more people in beschut werk than
                # UWV counts working in beschut werk there (shared by Wsw size)
                in_region = [o for o, spec in SOB.items() if spec[0] == region]
                part = wsw_last[org] / sum(wsw_last[o] for o in in_region)
                heads["Beschut werk"] = min(heads["Beschut werk"], math.floor(
                    self.beschut_werkzaam[(region, y, (m + 2) // 3)] * part))
                for regeling, total in heads.items():
                    cells = []
                    parts = split(total, wsw_unit_w if regeling == "Wsw" else unit_w)
                    if regeling == "Wsw" and i in fixed_unit:
                        name, n = fixed_unit[i]
                        k = units.index(name)
                        rest = split(total - n, [w for j, w in enumerate(wsw_unit_w) if j != k])
                        parts = [*rest[:k], n, *rest[k:]]
                    for u, unit_part in zip(units, parts, strict=True):
                        for wv, wv_part in zip(WERKVORM_WEIGHTS, split(unit_part, list(
                                WERKVORM_WEIGHTS.values())), strict=True):
                            for g, n in zip(gems, split(wv_part, gem_w), strict=True):
                                if n:
                                    cells.append((u, wv, g.naam, n))
                    for u, wv, gname, n in cells:
                        fte = n * (0.78 if regeling == "Wsw" else 0.62)
                        bezetting.append([period, org, u, wv, regeling, gname, n, round(fte, 1),
                                          "sample"])
                for u, uw in zip(units, unit_w, strict=True):
                    omzet.append([period, org, u, round(2300 * uw * sum(heads.values()) / len(units)
                                                        * self.rng.uniform(0.9, 1.1), 2), "sample"])
            stem = org.lower().replace(" ", "_")
            if org == "Werkzaak Rivierenland":
                p1, p2 = out / "werkzaak_bezetting.csv", out / "werkzaak_omzet.csv"
                write_csv(p1, ("Periode", "Organisatie", "Unit", "Werkvorm", "Regeling",
                               "Woongemeente", "Medewerkers", "FTE", "Herkomst"),
                          ([r[0].strftime("%Y-%m"), *r[1:6], nl(r[6]), nl(r[7], 1), r[8]]
                           for r in bezetting))
                write_csv(p2, ("Periode", "Organisatie", "Unit", "Omzet", "Herkomst"),
                          ([r[0].strftime("%m-%Y"), r[1], r[2], "€ " + nl(r[3], 2), r[4]]
                           for r in omzet))
                paths += [p1, p2]
                continue
            path = out / f"{stem}_2015-2025.xlsx"
            book = xlsxwriter.Workbook(str(path))
            book.set_properties({"created": dt.datetime(2025, 4, 1)})
            month_fmt = book.add_format({"num_format": "mmm yyyy"})
            for sheet, header, rows in (
                    ("Bezetting", ("Periode", "Organisatie", "Unit", "Werkvorm", "Regeling",
                                   "Woongemeente", "Medewerkers", "FTE", "Herkomst"), bezetting),
                    ("Omzet", ("Periode", "Organisatie", "Unit", "Omzet", "Herkomst"), omzet)):
                ws = book.add_worksheet(sheet)
                ws.write_row(0, 0, header)
                for r, row in enumerate(rows, start=1):
                    ws.write_datetime(r, 0, dt.datetime.combine(row[0], dt.time()), month_fmt)
                    ws.write_row(r, 1, row[1:])
            book.close()
            paths.append(path)
        # the companies' totals their reports published (Amfors' Wsw headcount, which the
        # monthly rows above add up to in the last month): shown as published, not perturbed
        last = f"{ms[-1][0]:04d}-{ms[-1][1]:02d}"
        published = out / "sob_gepubliceerd.csv"
        write_csv(published, ("Periode", "Organisatie", "Regeling", "Medewerkers", "Bron",
                              "Herkomst"),
                  [[last, "Amfors", "Wsw", nl(amfors_last),
                    self.ref.cite("AM14", "wsw_medewerkers", "2025"), "published"]])
        return [*paths, published]

    # -- funding: Rivierenland's published table and Amersfoort's known amounts
    def financiering(self, out: Path) -> list[Path]:
        rows = []
        for indicator, regeling in (("impulsbudget_sociaal_ontwikkelbedrijf",
                                     "Impulsbudget sociaal ontwikkelbedrijf"),
                                    ("rijksbijdrage_sociale_infrastructuur",
                                     "Rijksbijdrage sociale infrastructuur"),
                                    ("budget_beschut_werk", "Budget beschut werk")):
            for period, value, _src in self.ref.series("AM10", indicator,
                                                       organisation="Werkzaak Rivierenland"):
                rows.append(["Werkzaak Rivierenland", regeling, period, "€ " + nl(value), "published"])
        for organisatie, regeling, indicator in (
                ("Gemeente Leusden", "Impulsmiddelen sociale infrastructuur (overgeheveld)",
                 "impulsmiddelen_overgeheveld"),):
            rows.append([organisatie, regeling, "2025",
                         "€ " + nl(self.ref.figure("AM14", indicator, "2025", "Leusden")), "published"])
        rows.append(["Regio Amersfoort", "Opstartbegroting externe capaciteit", "2025",
                     "€ " + nl(self.ref.figure("AM14", "opstartbegroting_externe_capaciteit", "2025")),
                     "published"])
        path = out / "financiering.csv"
        write_csv(path, ("Organisatie", "Regeling", "Jaar", "Bedrag", "Herkomst"), rows)
        return [path]

    def doelstellingen(self, out: Path) -> list[Path]:
        path = out / "doelstellingen.csv"
        write_csv(path, ("Indicator", "Gebied", "Periode", "Vanaf", "Doel", "Nulmeting", "Bron",
                         "Status", "Herkomst"), self.targets)
        return [path]


def generate(out: Path, reference: Reference, seed: int = SEED) -> list[Path]:
    """Write the regional sample into `out`."""
    return Generator(reference, seed).write(out)
