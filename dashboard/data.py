"""The app's only door to the warehouse: read-only, opened lazily, every value bound.

Pages call these functions and get DataFrames; no other app module imports duckdb or
holds SQL. A rebuilt warehouse (a new file swapped in by the ETL) is noticed by its
file identity and reopened, so the app never needs a restart.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import pandas as pd

_lock = threading.Lock()
_state: dict[str, object] = {"path": None, "con": None, "ident": None}


def configure(warehouse: Path) -> None:
    """Point the data layer at a warehouse file (called by create_app)."""
    with _lock:
        if _state["con"] is not None:
            _state["con"].close()
        _state.update(path=Path(warehouse), con=None, ident=None)


def _connection() -> duckdb.DuckDBPyConnection:
    path = _state["path"]
    if path is None:
        raise RuntimeError("dashboard.data is not configured; call configure(warehouse)")
    st = os.stat(path)
    ident = (st.st_ino, st.st_mtime_ns)
    with _lock:
        if _state["con"] is None or _state["ident"] != ident:
            if _state["con"] is not None:
                _state["con"].close()
            _state.update(con=duckdb.connect(str(path), read_only=True), ident=ident)
        return _state["con"]


def query(sql: str, params: list | None = None) -> pd.DataFrame:
    """Run one parameterised query on a cursor of the shared read-only connection."""
    cur = _connection().cursor()
    try:
        return cur.execute(sql, params or []).fetchdf()
    finally:
        cur.close()


def regions() -> pd.DataFrame:
    """Every labour-market region: code, name, number of municipalities."""
    return query("SELECT arbeidsmarktregio_code AS code, naam, n_gemeenten "
                 "FROM dim_arbeidsmarktregio ORDER BY naam")


def indicators() -> pd.DataFrame:
    """The indicators with their names, unit and direction."""
    return query("SELECT indicator, naam_nl, naam_en, eenheid, richting, additief, definitie_nl, "
                 "definitie_en FROM dim_indicator")


_REGION_AREAS = """
    WITH area AS (
        SELECT 'arbeidsmarktregio' AS gebied_niveau, arbeidsmarktregio_code AS gebied_code,
               inwoners::BIGINT AS inwoners
        FROM dim_arbeidsmarktregio WHERE arbeidsmarktregio_code = $1
        UNION ALL
        SELECT 'gemeente', gemeente_code, inwoners FROM dim_gemeente
        WHERE arbeidsmarktregio_code = $1)
"""


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


def history(region: str, indicator: str) -> pd.DataFrame:
    """Every period of one indicator for the region and each of its municipalities."""
    return query(
        _REGION_AREAS + """
           SELECT g.*, p.einddatum FROM gaps g JOIN area USING (gebied_niveau, gebied_code)
           JOIN dim_periode p USING (periode)
           WHERE g.indicator = $2
           ORDER BY gebied_niveau, gebied_code, p.einddatum""",
        [region, indicator],
    )


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


def centroids(region: str) -> pd.DataFrame:
    """The municipalities of a region with their centroid (lat, lon)."""
    return query("SELECT gemeente_code, gemeente_naam, lat, lon FROM dim_gemeente "
                 "WHERE arbeidsmarktregio_code = $1 ORDER BY gemeente_code", [region])


def sources() -> pd.DataFrame:
    """Per indicator, the raw files it was loaded from (from the load log)."""
    return query(
        """SELECT i.indicator, string_agg(DISTINCT l.file, ', ' ORDER BY l.file) AS bestanden
           FROM dim_indicator i JOIN load_log l ON l.source LIKE i.bron_tabel || '%'
           GROUP BY i.indicator""")


def data_date() -> str | None:
    """The end of the latest period any gap reports on (ISO date)."""
    df = query("SELECT max(p.einddatum) AS d FROM gaps g JOIN dim_periode p USING (periode) "
               "WHERE p.einddatum <= current_date")
    value = df["d"].iloc[0]
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()
