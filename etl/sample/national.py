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
    con.execute("CREATE TABLE g (code VARCHAR, regio VARCHAR, regio_naam VARCHAR, "
                "inwoners BIGINT)")
    con.executemany("INSERT INTO g VALUES (?, ?, ?, ?)",
                    [(g.code, g.regio_code, g.regio_naam, g.inwoners)
                     for g in reference.gemeenten()])
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
    # One social development company per region, with two units, every work form and two
    # schemes, its employees living in the region's municipalities: about 2.2 Wsw employees
    # per 1,000 inhabitants in 2015, shrinking 3.5% a year (Amfors still had 710 in 2025,
    # in a region of about 320,000). Beschut werk stays below UWV's count of people working
    # in beschut werk (about 0.24 per 1,000 inhabitants and growing), as the sources must agree.
    con.execute("""CREATE TABLE sw AS SELECT DISTINCT regio, 'SW-bedrijf ' || regio_naam AS org
                   FROM g""")
    wsw = _u("g.code || m.t || u.unit || w.werkvorm", seed, 10)
    copy("sw_bedrijven_nationaal_bezetting.csv", f"""
        WITH b AS (
            SELECT m.d, sw.org, u.unit, w.werkvorm, r.regeling, g.code,
                   round(g.inwoners * 0.0045 * w.share * r.share
                         * CASE WHEN r.regeling = 'Wsw' THEN 1 - 0.035 * m.t / 12
                                ELSE 0.3 + 0.05 * m.t / 12 END
                         * (0.8 + 0.4 * {wsw})) AS n
            FROM g JOIN sw USING (regio), m,
                 (VALUES ('Productie'), ('Diensten')) u(unit),
                 (VALUES ('Begeleid werken', 0.1), ('Individuele detachering', 0.25),
                         ('Groepsdetachering', 0.3), ('Werken op locatie', 0.15),
                         ('Beschermd/intern', 0.2)) w(werkvorm, share),
                 (VALUES ('Wsw', 0.5), ('Beschut werk', 0.02)) r(regeling, share))
        SELECT strftime(d, '%Y-%m') AS "Periode", org AS "Organisatie", unit AS "Unit",
               werkvorm AS "Werkvorm", regeling AS "Regeling", code AS "Woongemeente",
               n::BIGINT AS "Medewerkers",
               replace(printf('%.1f', n * CASE WHEN regeling = 'Wsw' THEN 0.78 ELSE 0.62 END),
                       '.', ',') AS "FTE",
               'sample' AS "Herkomst"
        FROM b WHERE n > 0 ORDER BY org, d, unit, werkvorm, regeling, code""")
    copy("sw_bedrijven_nationaal_omzet.csv", f"""
        SELECT strftime(m.d, '%m-%Y') AS "Periode", sw.org AS "Organisatie", u.unit AS "Unit",
               '€ ' || replace(printf('%.2f', 40000 + 90000
                   * {_u("sw.org || m.t || u.unit", seed, 11)}), '.', ',') AS "Omzet",
               'sample' AS "Herkomst"
        FROM sw, m, (VALUES ('Productie'), ('Diensten')) u(unit)
        ORDER BY sw.org, m.d, u.unit""")
    copy("financiering_nationaal.csv", f"""
        SELECT sw.org AS "Organisatie", 'Budget beschut werk' AS "Regeling",
               y.jaar::VARCHAR AS "Jaar",
               '€ ' || replace(printf('%.2f', 200000 + 800000
                   * {_u("sw.org || y.jaar", seed, 12)}), '.', ',') AS "Bedrag",
               'sample' AS "Herkomst"
        FROM sw, (SELECT DISTINCT jaar FROM q) y ORDER BY 1, 3""")
    # Targets in the shape of the region's: jobs per region, sheltered places and placements
    # per municipality, youth unemployment per region; each a sample.
    copy("doelstellingen_nationaal.csv", f"""
        WITH y AS (SELECT DISTINCT jaar, jaar - 2015 AS t FROM q),
        gy AS (SELECT g.*, y.jaar, y.t FROM g, y)
        SELECT 'banenafspraak_banen' AS "Indicator", regio AS "Gebied", jaar::VARCHAR AS "Periode",
               round(sum(inwoners) * 0.022 * (0.55 + 0.02 * t))::BIGINT::VARCHAR AS "Doel",
               'sample: landelijke steekproef' AS "Bron", 'sample' AS "Herkomst"
        FROM gy GROUP BY regio, jaar, t
        UNION ALL
        SELECT 'beschut_werk_plekken', code, jaar::VARCHAR,
               round(inwoners * 0.0004 * (1 + 4 * t / 20) * 0.7)::BIGINT::VARCHAR,
               'sample: landelijke steekproef', 'sample'
        FROM gy
        UNION ALL
        SELECT 'instrument_plaatsingen', code, jaar::VARCHAR,
               greatest(1, round(inwoners * {rows} / 17900000.0 * 0.05))::BIGINT::VARCHAR,
               'sample: landelijke steekproef', 'sample'
        FROM gy WHERE jaar >= 2023
        UNION ALL
        SELECT 'jeugd_ww', regio, jaar::VARCHAR,
               round(sum(inwoners) * 0.0011 * 0.9)::BIGINT::VARCHAR,
               'sample: landelijke steekproef', 'sample'
        FROM gy GROUP BY regio, jaar
        ORDER BY 1, 2, 3""")
    con.close()
    return paths
