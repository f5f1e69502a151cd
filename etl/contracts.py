"""Declarative data tests run at the end of every build (dbt style).

An `error` failure stops the build (the previous warehouse stays); a `warn` failure is
recorded in `data_checks` and printed. Each test yields the offending rows as SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from etl.sources import BENCHMARK, DOEL_STATUSSEN, LEGAL_SOURCE, LISTS
from etl.vocabulary import Lists


@dataclass(frozen=True)
class Test:
    """One data test on a warehouse table."""

    name: str
    table: str
    sql: str  # selects the offending rows
    severity: str = "error"


def unique(table: str, *cols: str) -> Test:
    """No two rows share `cols`."""
    c = ", ".join(cols)
    return Test(f"unique({c})", table,
                f"SELECT {c}, count(*) AS n FROM {table} GROUP BY ALL HAVING count(*) > 1")


def not_null(table: str, col: str) -> Test:
    """`col` is never NULL."""
    return Test(f"not_null({col})", table, f"SELECT * FROM {table} WHERE {col} IS NULL")


def accepted(table: str, col: str, values: tuple[str, ...]) -> Test:
    """`col` only holds `values`."""
    vals = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return Test(f"accepted_values({col})", table,
                f"SELECT * FROM {table} WHERE {col} IS NOT NULL AND {col} NOT IN ({vals})")


def relationship(table: str, col: str, parent: str, parent_col: str) -> Test:
    """Every `col` value exists in `parent.parent_col`."""
    return Test(f"relationships({col} -> {parent}.{parent_col})", table,
                f"SELECT t.* FROM {table} t ANTI JOIN {parent} p ON t.{col} = p.{parent_col} "
                f"WHERE t.{col} IS NOT NULL")


def statutory_has_legal_source(table: str, source_col: str) -> Test:
    """A target called `wettelijk` names the legal publication it comes from (an invented
    target is a `voorbeeld`, so it cannot pass)."""
    return Test(f"wettelijk_needs_legal_source({source_col})", table,
                f"""SELECT * FROM {table} WHERE doel_status = 'wettelijk'
                    AND NOT regexp_matches(coalesce({source_col}, ''), '{LEGAL_SOURCE}')""")


def region_total_matches(table: str, measures: tuple[str, ...]) -> Test:
    """Where a source reports a region total and all its municipalities, they agree."""
    # an empty region cell is unknown (not published), not a mismatch
    diffs = " OR ".join(f"r.{m} <> s.{m}" for m in measures)
    sums = ", ".join(f"sum({m}) AS {m}" for m in measures)
    details = ", ".join(f"CASE WHEN r.{m} <> s.{m} THEN '{m} ' || r.{m} || ' but the "
                        f"municipalities add up to ' || s.{m} END" for m in measures)
    return Test(
        "region_total_equals_sum_of_municipalities", table,
        f"""WITH s AS (SELECT periode, arbeidsmarktregio_code, {sums}, count(*) AS n
                      FROM {table} WHERE gemeente_code IS NOT NULL GROUP BY ALL)
            SELECT r.bron_bestand || ' row ' || r.bron_rij || ' (' || r.periode || ' '
                   || r.arbeidsmarktregio_code || '): ' || concat_ws('; ', {details}) AS melding
            FROM {table} r
            JOIN s USING (periode, arbeidsmarktregio_code)
            JOIN dim_arbeidsmarktregio a USING (arbeidsmarktregio_code)
            WHERE r.gemeente_code IS NULL AND s.n = a.n_gemeenten AND ({diffs})""",
        severity="warn",
    )


# How finely sources round a ratio they publish, in the indicator's unit: a percentage to one
# decimal (a share as a fraction), a density per 1,000 to whole numbers.
ROUNDING = {"aandeel": 0.0005, "per_1000": 0.5}


def published_ratio_agrees() -> Test:
    """A ratio a source publishes itself (the registry's `gepubliceerd`) agrees, within its
    rounding, with its teller / noemer where those are published too: else the page shows a
    published figure beside published parts that give another (names file and row)."""
    same_place = ("{m}.bron = g.bron AND {m}.periode = g.periode AND {m}.arbeidsmarktregio_code"
                  " = g.arbeidsmarktregio_code AND {m}.gemeente_code IS NOT DISTINCT FROM "
                  "g.gemeente_code AND {m}.provenance = 'published'")
    tolerance = " ".join(f"WHEN '{unit}' THEN {r}" for unit, r in ROUNDING.items())
    return Test(
        "published_ratio_equals_its_published_parts", "measures",
        f"""SELECT g.bron_bestand || ' row ' || g.bron_rij || ' (' || i.indicator || ' '
                   || g.periode || ' ' || coalesce(g.gemeente_code, g.arbeidsmarktregio_code)
                   || '): published ' || round(g.value, 6) || ', its published parts give '
                   || round(t.value / n.value * i.schaal, 6) AS melding
            FROM dim_indicator i
            JOIN measures g ON g.bron = i.bron_tabel AND g.measure = i.gepubliceerd
            JOIN measures t ON t.measure = i.teller AND {same_place.format(m='t')}
            JOIN measures n ON n.measure = i.noemer AND {same_place.format(m='n')}
            WHERE g.provenance = 'published' AND n.value <> 0
              AND abs(g.value - t.value / n.value * i.schaal)
                  > CASE i.eenheid {tolerance} END + 1e-9""",
        severity="warn",
    )


# A published total of new WW benefits since January agrees with the months it sums where
# every one of them is published (counts: no rounding).
WW_CUMULATIVE_AGREES = Test(
    "published_total_equals_its_published_months", "measures",
    """SELECT c.bron_bestand || ' row ' || c.bron_rij || ' (' || c.periode || ' '
              || coalesce(c.gemeente_code, c.arbeidsmarktregio_code) || '): published '
              || c.value || ' new benefits since January, its published months add up to '
              || sum(m.value) AS melding
       FROM measures c
       JOIN measures m ON m.bron = c.bron AND m.measure = 'nieuwe_uitkeringen'
                      AND m.arbeidsmarktregio_code = c.arbeidsmarktregio_code
                      AND m.gemeente_code IS NOT DISTINCT FROM c.gemeente_code
                      AND left(m.periode, 4) = left(c.periode, 4) AND m.periode <= c.periode
       WHERE c.bron = 'ww' AND c.measure = 'nieuwe_uitkeringen_cumulatief'
         AND c.provenance = 'published'
       GROUP BY c.bron_bestand, c.bron_rij, c.periode, c.gemeente_code, c.arbeidsmarktregio_code,
                c.value
       HAVING count(m.value) FILTER (WHERE m.provenance = 'published')
                  = CAST(right(c.periode, 2) AS INTEGER)
          AND sum(m.value) <> c.value""",
    severity="warn",
)

PROVENANCE = ("published", "sample")
FACTS = ("fct_banenafspraak", "fct_beschut_werk", "fct_jeugd_ww", "fct_instrument_inzet",
         "fct_instrument_kwartaal", "fct_instrument_einde", "fct_instrument_lopend",
         "fct_instrument_bereik", "fct_sob_bezetting", "fct_sob_omzet", "fct_sob_gepubliceerd",
         "fct_sob_maand", "fct_sob_eenheid", "fct_financiering", "doelstellingen", "measures")

TESTS: tuple[Test, ...] = (
    unique("dim_gemeente", "gemeente_code"),
    unique("dim_gemeente", "gemeente_naam"),
    not_null("dim_gemeente", "arbeidsmarktregio_code"),
    unique("dim_arbeidsmarktregio", "arbeidsmarktregio_code"),
    unique("dim_periode", "periode"),
    unique("dim_indicator", "indicator"),
    unique("measures", "bron", "measure", "periode", "arbeidsmarktregio_code", "gemeente_code"),
    relationship("measures", "gemeente_code", "dim_gemeente", "gemeente_code"),
    # a person-derived indicator (registry: beschermd) reads only measures with a key sum,
    # which gaps perturbs; any other reads only measures without, shown as published
    Test("perturbed_as_registered", "measures",
         """SELECT DISTINCT i.indicator, m.measure, i.beschermd
            FROM dim_indicator i
            JOIN measures m ON m.bron = i.bron_tabel AND m.measure IN (i.teller, i.noemer)
            WHERE i.beschermd <> (m.sleutel IS NOT NULL)"""),
    accepted("dim_indicator", "richting", ("hoger_beter", "lager_beter")),
    unique("fct_banenafspraak", "periode", "arbeidsmarktregio_code", "gemeente_code"),
    unique("fct_beschut_werk", "periode", "arbeidsmarktregio_code", "gemeente_code"),
    unique("fct_jeugd_ww", "periode", "arbeidsmarktregio_code", "gemeente_code", "leeftijdsklasse"),
    unique("fct_instrument_inzet", "inzet_id"),
    # revenue per FTE counts a unit's months as its revenue rows
    unique("fct_sob_omzet", "periode", "organisatie", "unit"),
    unique("doelstellingen", "indicator", "gebied_niveau", "gebied_code", "jaar"),
    accepted("doelstellingen", "doel_status", (*DOEL_STATUSSEN, BENCHMARK)),
    statutory_has_legal_source("doelstellingen", "bron"),
    statutory_has_legal_source("gaps", "doel_bron"),
    relationship("fct_banenafspraak", "gemeente_code", "dim_gemeente", "gemeente_code"),
    relationship("fct_banenafspraak", "arbeidsmarktregio_code", "dim_arbeidsmarktregio",
                 "arbeidsmarktregio_code"),
    relationship("fct_beschut_werk", "gemeente_code", "dim_gemeente", "gemeente_code"),
    relationship("fct_jeugd_ww", "gemeente_code", "dim_gemeente", "gemeente_code"),
    relationship("fct_instrument_inzet", "gemeente_code", "dim_gemeente", "gemeente_code"),
    relationship("fct_sob_bezetting", "gemeente_code", "dim_gemeente", "gemeente_code"),
    relationship("gaps", "periode", "dim_periode", "periode"),
    relationship("gaps", "indicator", "dim_indicator", "indicator"),
    unique("gaps", "indicator", "gebied_niveau", "gebied_code", "periode"),
    not_null("gaps", "realisatie"),
    not_null("gaps", "gebied_naam"),
    accepted("gaps", "gebied_niveau", ("gemeente", "arbeidsmarktregio")),
    accepted("gaps", "richting", ("hoger_beter", "lager_beter")),
    accepted("gaps", "status", ("behaald", "op_koers", "risico", "achter", "geen_doel")),
    accepted("gaps", "doel_status", DOEL_STATUSSEN),
    accepted("gaps", "beoordeling", ("tempo", "niveau")),
    accepted("gaps", "provenance", PROVENANCE),
    not_null("gaps", "provenance"),
    *(accepted(t, "provenance", PROVENANCE) for t in FACTS),
    *(not_null(t, "provenance") for t in FACTS),
    published_ratio_agrees(),
    WW_CUMULATIVE_AGREES,
    region_total_matches("fct_banenafspraak",
                         ("personen_in_doelgroep", "werkzame_personen", "banen")),
    region_total_matches("fct_beschut_werk", ("positief_advies", "werkzaam_beschut")),
    # Sources agree: the companies cannot employ more people in beschut werk in a region
    # than UWV counts working in beschut werk there (its region row, else its municipalities).
    Test("sources_agree(beschut werk: companies <= UWV)", "fct_sob_bezetting",
         """WITH bedrijven AS (
                SELECT arbeidsmarktregio_code, periode, sum(medewerkers) AS medewerkers
                FROM fct_sob_bezetting WHERE in_beschut(regeling) GROUP BY ALL),
            uwv AS (
                SELECT arbeidsmarktregio_code, periode,
                       coalesce(max(werkzaam_beschut) FILTER (WHERE gemeente_code IS NULL),
                                sum(werkzaam_beschut)) AS werkzaam_beschut
                FROM fct_beschut_werk GROUP BY ALL)
            SELECT b.arbeidsmarktregio_code, b.periode, b.medewerkers, u.werkzaam_beschut
            FROM bedrijven b JOIN dim_periode p ON p.periode = b.periode
            JOIN uwv u ON u.arbeidsmarktregio_code = b.arbeidsmarktregio_code
                      AND u.periode = p.jaar || '-K' || p.kwartaal
            WHERE b.medewerkers > u.werkzaam_beschut""",
         severity="warn"),
    Test("aggregate_equals_detail", "fct_instrument_kwartaal",
         """SELECT * FROM (SELECT (SELECT coalesce(sum(inzetten), 0) FROM fct_instrument_kwartaal)
                                  AS aggregaat,
                                  (SELECT count(*) FROM fct_instrument_inzet) AS detail)
            WHERE aggregaat <> detail"""),
    Test("aggregate_equals_detail", "fct_instrument_einde",
         """SELECT * FROM (SELECT (SELECT coalesce(sum(inzetten), 0) FROM fct_instrument_einde)
                                  AS aggregaat,
                                  (SELECT count(einddatum) FROM fct_instrument_inzet) AS detail)
            WHERE aggregaat <> detail"""),
    # the perturbation's cell keys: the marts' key sums must be those of their records
    Test("key_sums_equal_detail", "fct_instrument_kwartaal",
         """SELECT * FROM (SELECT (SELECT coalesce(sum(inzetten_sleutel), 0) % 256
                                   FROM fct_instrument_kwartaal) AS aggregaat,
                                  (SELECT coalesce(sum(inzet_sleutel), 0) % 256
                                   FROM fct_instrument_inzet) AS detail)
            WHERE aggregaat <> detail"""),
    Test("key_sums_equal_detail", "fct_instrument_einde",
         """SELECT * FROM (SELECT (SELECT coalesce(sum(inzetten_sleutel), 0) % 256
                                   FROM fct_instrument_einde) AS aggregaat,
                                  (SELECT coalesce(sum(inzet_sleutel), 0) % 256
                                   FROM fct_instrument_inzet WHERE einddatum IS NOT NULL)
                                  AS detail)
            WHERE aggregaat <> detail"""),
    # what runs at the last quarter's end: the deployments started by then and not ended by
    # then, with their key sum
    Test("aggregate_equals_detail", "fct_instrument_lopend",
         """WITH laatste AS (SELECT periode, einddatum FROM dim_periode
                             WHERE periode = (SELECT max(periode) FROM fct_instrument_lopend)),
                 mart AS (SELECT coalesce(sum(inzetten), 0) AS n,
                                 coalesce(sum(inzetten_sleutel), 0) % 256 AS k
                          FROM fct_instrument_lopend
                          WHERE periode = (SELECT periode FROM laatste)),
                 detail AS (SELECT count(*) AS n, coalesce(sum(inzet_sleutel), 0) % 256 AS k
                            FROM fct_instrument_inzet
                            WHERE startdatum <= (SELECT einddatum FROM laatste)
                              AND (einddatum IS NULL
                                   OR einddatum > (SELECT einddatum FROM laatste)))
            SELECT * FROM mart, detail WHERE mart.n <> detail.n OR mart.k <> detail.k"""),
    unique("fct_sob_gepubliceerd", "periode", "organisatie", "regeling"),
    # a published total is the sum of the company's own rows for that month and scheme: where
    # they differ the page shows the published one beside parts that add up to something else
    Test("sources_agree(published total = the company's rows)", "fct_sob_gepubliceerd",
         """SELECT g.periode, g.organisatie, g.regeling, g.medewerkers, b.medewerkers AS rijen
            FROM fct_sob_gepubliceerd g
            LEFT JOIN (SELECT periode, organisatie, regeling, sum(medewerkers) AS medewerkers
                       FROM fct_sob_bezetting GROUP BY ALL) b
                   USING (periode, organisatie, regeling)
            WHERE b.medewerkers IS DISTINCT FROM g.medewerkers""",
         severity="warn"),
    # the unit-month headcount and its key scale the FTE shown beside revenue
    Test("key_sums_equal_detail", "fct_sob_eenheid",
         """SELECT * FROM (SELECT periode, organisatie, unit, medewerkers AS aantal,
                                  medewerkers_sleutel AS sleutel FROM fct_sob_eenheid
                           WHERE medewerkers IS NOT NULL) e
            FULL JOIN (SELECT periode, organisatie, unit, sum(medewerkers) AS aantal,
                              sum(medewerkers_sleutel) % 256 AS sleutel
                       FROM fct_sob_bezetting GROUP BY ALL) b USING (periode, organisatie, unit)
            WHERE e.aantal IS DISTINCT FROM b.aantal OR e.sleutel IS DISTINCT FROM b.sleutel"""),
)


def value_lists(lists: Lists | None = None) -> tuple[Test, ...]:
    """The coded columns hold the values of their closed lists, the product's and the
    region's own (etl.vocabulary.read), nothing else; the value lists' registers name
    columns of the warehouse."""
    lists = lists or LISTS
    return (*(accepted(table, col, lists[name].values()) for table, col, name
              in (("fct_instrument_inzet", "doelgroep", "Doelgroep"),
                  ("fct_instrument_inzet", "resultaat", "Resultaat"),
                  ("fct_sob_bezetting", "werkvorm", "Werkvorm"),
                  ("fct_sob_bezetting", "regeling", "Regeling"))),
            Test("register_exists", "dim_waarde",
                 """SELECT * FROM dim_waarde w WHERE register_tabel IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM duckdb_columns() c
                                    WHERE c.table_name = w.register_tabel
                                      AND c.column_name = w.register_kolom)"""))


def run(con: duckdb.DuckDBPyConnection, lists: Lists | None = None
        ) -> list[tuple[Test, int, list[tuple]]]:
    """Run every test; return (test, number of failing rows, a few examples) for each."""
    con.execute("""CREATE OR REPLACE TABLE data_checks (test VARCHAR, tabel VARCHAR,
                   severity VARCHAR, failures BIGINT, voorbeeld VARCHAR)""")
    results = []
    for test in (*TESTS, *value_lists(lists)):
        n = con.execute(f"SELECT count(*) FROM ({test.sql})").fetchone()[0]
        examples = con.execute(f"SELECT * FROM ({test.sql}) LIMIT 3").fetchall() if n else []
        con.execute("INSERT INTO data_checks VALUES (?, ?, ?, ?, ?)",
                    [test.name, test.table, test.severity, n, repr(examples)[:500] or None])
        results.append((test, n, examples))
    return results
