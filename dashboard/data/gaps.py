"""Gaps between realisation and target per indicator and area, and the areas and
indicators they are about (the region and municipality pages, the report)."""

from __future__ import annotations

import pandas as pd

from dashboard.data.core import memoised, query, records

# the indicator the region and municipality pages open on
DEFAULT_INDICATOR = "banenafspraak_banen"


@memoised
def regions() -> pd.DataFrame:
    """Every labour-market region: code, name, number of municipalities, and whether the
    warehouse holds any figure for it (`met_gegevens`), those first."""
    return query("""SELECT * FROM (
                        SELECT arbeidsmarktregio_code AS code, naam, n_gemeenten,
                               arbeidsmarktregio_code IN (
                                   SELECT gebied_code FROM gaps UNION ALL
                                   SELECT arbeidsmarktregio_code FROM dim_gemeente
                                   WHERE gemeente_code IN (SELECT gebied_code FROM gaps))
                                   AS met_gegevens
                        FROM dim_arbeidsmarktregio)
                    ORDER BY NOT met_gegevens, naam""")


@memoised
def region_codes() -> frozenset[str]:
    """The codes of every labour-market region."""
    return frozenset(r[0] for r in records("SELECT arbeidsmarktregio_code "
                                           "FROM dim_arbeidsmarktregio"))


def is_region(code: object, *_rest) -> bool:
    return isinstance(code, str) and code in region_codes()


@memoised
def indicators() -> pd.DataFrame:
    """The indicators in the registry's order (etl/indicators.toml): names, definitions and
    nouns (nl/en), unit, direction, and the page section (`sectie`) that shows them."""
    return query("SELECT indicator, naam_nl, naam_en, eenheid, richting, additief, cumulatief, "
                 "definitie_nl, definitie_en, woord_nl, woord_en, sectie FROM dim_indicator")


_REGION_AREAS = """
    WITH area AS (
        SELECT 'arbeidsmarktregio' AS gebied_niveau, arbeidsmarktregio_code AS gebied_code,
               inwoners::BIGINT AS inwoners
        FROM dim_arbeidsmarktregio WHERE arbeidsmarktregio_code = $1
        UNION ALL
        SELECT 'gemeente', gemeente_code, inwoners FROM dim_gemeente
        WHERE arbeidsmarktregio_code = $1)
"""


@memoised(known=is_region)
def latest_gaps(region: str) -> pd.DataFrame:
    """For the region and each of its municipalities: every indicator at its latest period,
    with the area's population (`inwoners`)."""
    return query(
        _REGION_AREAS + """
           SELECT g.*, area.inwoners FROM gaps g JOIN area USING (gebied_niveau, gebied_code)
           QUALIFY periode = max(periode) OVER (PARTITION BY indicator, gebied_niveau, gebied_code)
           ORDER BY gebied_niveau, gebied_naam, indicator""",
        [region],
    )


def history(indicator: str, areas: tuple[str, ...]) -> pd.DataFrame:
    """Every period of one indicator for some areas (municipality or region codes), oldest
    first per area, with the period's last day (`einddatum`)."""
    return query(
        """SELECT g.gebied_code, g.gebied_naam, g.gebied_niveau, g.periode, g.realisatie,
                  g.doel, g.status, g.doel_status, g.provenance, p.einddatum
           FROM gaps g JOIN dim_periode p USING (periode)
           WHERE g.indicator = $1 AND g.gebied_code IN (SELECT unnest($2::VARCHAR[]))
           ORDER BY g.gebied_niveau, g.gebied_code, p.einddatum""",
        [indicator, list(areas)],
    )


@memoised
def area_history(code: str) -> pd.DataFrame:
    """Every indicator's periods for one area, oldest first, with the period's last day (the
    pace and the outlook on the cards)."""
    return query(
        """SELECT g.indicator, g.periode, g.realisatie, g.doel, p.einddatum
           FROM gaps g JOIN dim_periode p USING (periode)
           WHERE g.gebied_code = $1 ORDER BY g.indicator, p.einddatum""", [code])


@memoised
def latest_municipalities(indicator: str) -> pd.DataFrame:
    """One indicator's latest value in every municipality with data, with its population (the
    size-class and national comparison), and how many municipalities there are."""
    return query(
        """SELECT g.gebied_code, g.realisatie, g.doel, g.realisatie_pct, m.inwoners,
                  (SELECT count(*) FROM dim_gemeente) AS n_gemeenten
           FROM gaps g JOIN dim_gemeente m ON m.gemeente_code = g.gebied_code
           WHERE g.indicator = $1 AND g.gebied_niveau = 'gemeente'
           QUALIFY g.periode = max(g.periode) OVER (PARTITION BY g.gebied_code)""", [indicator])


@memoised
def benchmark(indicator: str) -> dict | None:
    """The latest published comparison value of an indicator (a national realisation, drawn
    beside a series, never a target): value, year and source; None when there is none."""
    df = query("""SELECT doel AS waarde, jaar, bron FROM doelstellingen
                  WHERE indicator = $1 AND doel_status = 'benchmark'
                  ORDER BY jaar DESC LIMIT 1""", [indicator])
    return None if df.empty else df.iloc[0].to_dict()


@memoised
def risk_band() -> float:
    """The band of the pace rule: how much worse than the expected value is still `risico`."""
    return float(records("SELECT max(risicomarge) FROM dim_indicator")[0][0])


def area(code: str) -> dict | None:
    """A municipality or region by code: name, level, region code; None when unknown."""
    df = query(
        """SELECT gemeente_code AS code, gemeente_naam AS naam, 'gemeente' AS niveau,
                  arbeidsmarktregio_code AS regio FROM dim_gemeente WHERE gemeente_code = $1
           UNION ALL
           SELECT arbeidsmarktregio_code, naam, 'arbeidsmarktregio', arbeidsmarktregio_code
           FROM dim_arbeidsmarktregio WHERE arbeidsmarktregio_code = $1""",
        [code],
    )
    return None if df.empty else df.iloc[0].to_dict()


@memoised(known=is_region)
def centroids(region: str) -> pd.DataFrame:
    """The municipalities of a region with their centroid (lat, lon)."""
    return query("SELECT gemeente_code, gemeente_naam, lat, lon FROM dim_gemeente "
                 "WHERE arbeidsmarktregio_code = $1 ORDER BY gemeente_code", [region])


@memoised
def municipality_names() -> dict[str, str]:
    """Every municipality's name by its code."""
    return dict(records("SELECT gemeente_code, gemeente_naam FROM dim_gemeente"))


@memoised
def data_date() -> str | None:
    """The end of the latest period any gap reports on (ISO date)."""
    df = query("SELECT max(p.einddatum) AS d FROM gaps g JOIN dim_periode p USING (periode) "
               "WHERE p.einddatum <= current_date")
    value = df["d"].iloc[0]
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()
