"""National-scale sample data: all 342 municipalities, 2015 to March 2025, and as many
person-level Werkcentrum deployments as asked, written by DuckDB in the contract's formats so
the normal ETL loads them (`python -m etl.sample --scale national --rows 10_000_000`).

Unlike the regional sample this is not anchored on published figures: it exists to measure
speed and memory at scale, and every row says `sample`. Pseudo-random values come from hashing
the row number with the seed, so the output is the same on every run and every thread count.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.sample.generate import Generator
from etl.sample.reference import Reference

DATA_DATE = "2025-03-31"
GROUPS = ["Jongeren", "Statushouders", "Beschut werk", "Psychische kwetsbaarheid",
          "Banenafspraak", "Niet-uitkeringsgerechtigd", "Overig"]
INSTRUMENTS = ["Jobcoaching", "Loonkostensubsidie", "Training", "Trajectbegeleiding (gids)",
               "Jobhunting", "Banenmarkt", "AOC-traject"]
OUTCOMES = ["Regulier werk", "Werk met LKS", "Beschut werk", "Opleiding", "Uitval"]


def _u(expr: str, seed: int, salt: int) -> str:
    """SQL for a uniform number in [0, 1) from hashing `expr` with the seed."""
    return f"((hash({expr}, {seed}, {salt}) % 1000003) / 1000003.0)"


def generate(out: Path, reference: Reference, rows: int, seed: int) -> list[Path]:
    """Write the national raw files into `out`; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = Generator(reference, seed).gemeenten(out)
    con = duckdb.connect()
    con.execute("CREATE TABLE g (code VARCHAR, regio VARCHAR, inwoners BIGINT)")
    con.executemany("INSERT INTO g VALUES (?, ?, ?)",
                    [(g.code, g.regio_code, g.inwoners) for g in reference.gemeenten()])
    con.execute(f"""CREATE TABLE q AS SELECT row_number() OVER (ORDER BY d) - 1 AS t,
                        year(d) AS jaar, quarter(d) AS kw
                    FROM range(DATE '2015-01-01', DATE '{DATA_DATE}', INTERVAL 3 MONTH) r(d)""")
    con.execute(f"""CREATE TABLE m AS SELECT row_number() OVER (ORDER BY d) - 1 AS t, d
                    FROM range(DATE '2015-01-01', DATE '{DATA_DATE}', INTERVAL 1 MONTH) r(d)""")

    def copy(name: str, select: str) -> None:
        path = out / name
        con.execute(f"COPY ({select}) TO '{path}' (HEADER, DELIMITER ';', QUOTE '\"')")
        paths.append(path)

    noise = _u("g.code || q.t", seed, 1)
    copy("uwv_banenafspraak_nationaal.csv", f"""
        WITH b AS (SELECT q.jaar, q.kw, g.regio, g.code,
                          round(g.inwoners * 0.022 * (1 + 0.02 * q.t / 4) * (0.95 + 0.1 * {noise}))
                              AS doelgroep, q.t
                   FROM g, q)
        SELECT jaar || ' K' || kw AS "Periode", regio AS "Arbeidsmarktregio",
               code AS "Gemeente", doelgroep::BIGINT AS "Personen in doelgroep",
               round(doelgroep * (0.45 + 0.002 * t))::BIGINT AS "Werkzame personen",
               round(doelgroep * (0.50 + 0.003 * t))::BIGINT AS "Banen",
               '' AS "Extra banen", 'sample' AS "Herkomst"
        FROM b ORDER BY code, jaar, kw""")
    copy("uwv_beschut_werk_nationaal.csv", f"""
        WITH b AS (SELECT q.jaar, q.kw, g.regio, g.code,
                          round(g.inwoners * 0.0004 * (1 + q.t / 20) * (0.9 + 0.2 * {noise}))
                              AS advies
                   FROM g, q)
        SELECT jaar || '-K' || kw AS "Periode", regio AS "Arbeidsmarktregio",
               code AS "Gemeente", advies::BIGINT AS "Positief advies",
               round(advies * 0.6)::BIGINT AS "Werkzaam beschut", 'sample' AS "Herkomst"
        FROM b ORDER BY code, jaar, kw""")
    copy("uwv_jeugd_ww_nationaal.csv", f"""
        WITH b AS (SELECT m.d, g.regio, g.code,
                          round(g.inwoners * 0.0011 * (0.8 + 0.4 * {_u("g.code || m.t", seed, 2)}))
                              AS ww
                   FROM g, m)
        SELECT strftime(d, '%Y-%m') AS "Periode", regio AS "Arbeidsmarktregio",
               code AS "Gemeente", '15-27 jaar' AS "Leeftijdsklasse",
               ww::BIGINT AS "WW-uitkeringen", round(ww * 0.12)::BIGINT
                   AS "Zonder startkwalificatie", 'sample' AS "Herkomst"
        FROM b ORDER BY code, d""")
    # Municipalities drawn in proportion to population: each owns a slice of [0, 1).
    con.execute("""CREATE TABLE gw AS SELECT code,
                       (sum(inwoners) OVER (ORDER BY code) - inwoners)::DOUBLE
                           / sum(inwoners) OVER () AS lo FROM g""")
    days = "(DATE '" + DATA_DATE + "' - DATE '2015-01-01')"
    copy("werkcentrum_instrumenten_nationaal.csv", f"""
        WITH r AS (
            SELECT i, {_u('i', seed, 3)} AS pick,
                   list_extract({GROUPS!r}, 1 + (hash(i, {seed}, 4) % {len(GROUPS)})::INTEGER)
                       AS doelgroep,
                   list_extract({INSTRUMENTS!r},
                                1 + (hash(i, {seed}, 5) % {len(INSTRUMENTS)})::INTEGER)
                       AS instrument,
                   DATE '2015-01-01' + (hash(i, {seed}, 6) % {days})::INTEGER AS start,
                   14 + (hash(i, {seed}, 7) % 400)::INTEGER AS duur,
                   list_extract({OUTCOMES!r}, 1 + (hash(i, {seed}, 8) % {len(OUTCOMES)})::INTEGER)
                       AS uitkomst,
                   100 + (hash(i, {seed}, 9) % 1500000) / 100.0 AS kosten
            FROM range({rows}) t(i)),
        p AS (SELECT r.*, gw.code FROM r ASOF JOIN gw ON r.pick >= gw.lo)
        SELECT 'NL-I' || lpad(i::VARCHAR, 9, '0') AS "Inzet-ID",
               'NL-C' || lpad((i // 2)::VARCHAR, 9, '0') AS "Cliënt",
               code AS "Gemeente", doelgroep AS "Doelgroep", instrument AS "Instrument",
               strftime(start, '%d-%m-%Y') AS "Startdatum",
               CASE WHEN start + duur <= DATE '{DATA_DATE}'
                    THEN strftime(start + duur, '%d-%m-%Y') ELSE '' END AS "Einddatum",
               CASE WHEN start + duur <= DATE '{DATA_DATE}' THEN uitkomst ELSE 'Lopend' END
                   AS "Resultaat",
               '€ ' || replace(printf('%.2f', kosten), '.', ',') AS "Kosten",
               'sample' AS "Herkomst"
        FROM p ORDER BY i""")
    con.close()
    return paths
