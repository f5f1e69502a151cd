-- gaps: one row per indicator x area (municipality and region) x period, with the target
-- that applies, how far realisation is from it (verschil > 0 is a shortfall) and a status
-- judged by pace. The heart of the product; every page reads it.
CREATE OR REPLACE TABLE gaps AS
WITH
-- The base measures of each source, per area as reported (gemeente_code NULL = region total).
jeugd AS (
    SELECT periode, arbeidsmarktregio_code, gemeente_code,
           sum(ww_uitkeringen) AS ww_uitkeringen,
           -- an unknown age band makes the total unknown, not smaller
           CASE WHEN count(*) = count(zonder_startkwalificatie)
                THEN sum(zonder_startkwalificatie) END AS zonder_startkwalificatie,
           CASE WHEN bool_and(provenance = 'published') THEN 'published' ELSE 'sample' END AS provenance
    FROM fct_jeugd_ww GROUP BY ALL
),
-- A person counts as placed once per municipality and year: at their first deployment
-- that ended in work. Counts of persons (placements; Wsw employees) carry the sum of their
-- record keys (`sleutel`) to `beschermd`, where they are perturbed (etl/ckm.py).
plaatsing AS (
    SELECT gemeente_code, client, any_value(client_sleutel) AS client_sleutel,
           year(einddatum) AS jaar, min(einddatum) AS datum,
           CASE WHEN bool_and(provenance = 'published') THEN 'published' ELSE 'sample' END AS provenance
    FROM fct_instrument_inzet
    WHERE resultaat IN ('Regulier werk', 'Werk met LKS', 'Beschut werk')
    GROUP BY ALL
),
instrument_gemeente AS (
    SELECT gemeente_code, arbeidsmarktregio_code,
           CASE WHEN bool_and(provenance = 'published') THEN 'published' ELSE 'sample' END AS provenance
    FROM fct_instrument_inzet GROUP BY ALL
),
instrument_kwartaal AS (
    SELECT periode, jaar, einddatum FROM dim_periode
    WHERE niveau = 'kwartaal'
      AND einddatum >= (SELECT min(startdatum) FROM fct_instrument_inzet)
      AND begindatum <= (SELECT max(coalesce(einddatum, startdatum)) FROM fct_instrument_inzet)
),
plaatsingen AS (
    SELECT k.periode, g.arbeidsmarktregio_code, g.gemeente_code,
           CAST(count(p.client) AS DOUBLE) AS plaatsingen,
           coalesce(sum(p.client_sleutel), 0) AS sleutel, g.provenance
    FROM instrument_kwartaal k
    CROSS JOIN instrument_gemeente g
    LEFT JOIN plaatsing p
           ON p.gemeente_code = g.gemeente_code AND p.jaar = k.jaar AND p.datum <= k.einddatum
    GROUP BY ALL
),
obs AS (
    SELECT * FROM (SELECT 'banenafspraak' AS bron, periode, arbeidsmarktregio_code, gemeente_code,
                    provenance, CAST(personen_in_doelgroep AS DOUBLE) AS doelgroep,
                    CAST(werkzame_personen AS DOUBLE) AS werkzaam, CAST(banen AS DOUBLE) AS banen
             FROM fct_banenafspraak)
    UNPIVOT INCLUDE NULLS (value FOR measure IN (doelgroep, werkzaam, banen))
    UNION ALL BY NAME
    SELECT * FROM (SELECT 'beschut_werk' AS bron, periode, arbeidsmarktregio_code, gemeente_code,
                    provenance, CAST(positief_advies AS DOUBLE) AS positief_advies,
                    CAST(werkzaam_beschut AS DOUBLE) AS werkzaam_beschut
             FROM fct_beschut_werk)
    UNPIVOT INCLUDE NULLS (value FOR measure IN (positief_advies, werkzaam_beschut))
    UNION ALL BY NAME
    SELECT * FROM (SELECT 'jeugd_ww' AS bron, periode, arbeidsmarktregio_code, gemeente_code,
                    provenance, CAST(ww_uitkeringen AS DOUBLE) AS ww_uitkeringen,
                    CAST(zonder_startkwalificatie AS DOUBLE) AS zonder_startkwalificatie
             FROM jeugd)
    UNPIVOT INCLUDE NULLS (value FOR measure IN (ww_uitkeringen, zonder_startkwalificatie))
    UNION ALL BY NAME
    SELECT 'instrumenten' AS bron, periode, arbeidsmarktregio_code, gemeente_code, provenance,
           'plaatsingen' AS measure, plaatsingen AS value, sleutel
    FROM plaatsingen
    UNION ALL BY NAME
    SELECT 'sob' AS bron, periode, arbeidsmarktregio_code, gemeente_code,
           CASE WHEN bool_and(provenance = 'published') THEN 'published' ELSE 'sample' END AS provenance,
           'wsw_medewerkers' AS measure, CAST(sum(medewerkers) AS DOUBLE) AS value,
           sum(medewerkers_sleutel) AS sleutel
    FROM fct_sob_bezetting WHERE regeling = 'Wsw' GROUP BY ALL
),
-- Per area: municipalities as reported; a region as its source reports it, and otherwise
-- as the sum of its municipalities (every measure here is a count) -- but only when every
-- municipality of the region has a known value, since an unknown part makes the sum unknown.
area_obs AS (
    SELECT bron, measure, periode, 'gemeente' AS niveau, gemeente_code AS gebied_code, value,
           sleutel, provenance
    FROM obs WHERE gemeente_code IS NOT NULL AND value IS NOT NULL
    UNION ALL
    SELECT bron, measure, periode, 'arbeidsmarktregio', arbeidsmarktregio_code, value, sleutel,
           provenance
    FROM obs WHERE gemeente_code IS NULL AND value IS NOT NULL
    UNION ALL
    SELECT o.bron, o.measure, o.periode, 'arbeidsmarktregio', o.arbeidsmarktregio_code, sum(o.value),
           sum(o.sleutel),
           CASE WHEN bool_and(o.provenance = 'published') THEN 'published' ELSE 'sample' END
    FROM obs o JOIN dim_arbeidsmarktregio a USING (arbeidsmarktregio_code)
    WHERE o.gemeente_code IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM obs r
                      WHERE r.gemeente_code IS NULL AND r.value IS NOT NULL AND r.bron = o.bron
                        AND r.measure = o.measure AND r.periode = o.periode
                        AND r.arbeidsmarktregio_code = o.arbeidsmarktregio_code)
    GROUP BY o.bron, o.measure, o.periode, o.arbeidsmarktregio_code, a.n_gemeenten
    HAVING count(o.value) = a.n_gemeenten
),
-- Every count of persons perturbed by the cell key method: the value plus the ptable's noise
-- for (count, key sum mod 256); counts from the cap on share its row. Published figures have
-- no key and stay as published. Everything after this (shares, gaps, status) is computed
-- from the perturbed count, so no page, export or API sees the exact one.
beschermd AS (
    SELECT bron, measure, periode, niveau, gebied_code, provenance,
           CASE WHEN sleutel IS NULL THEN value
                ELSE value + (SELECT ruis FROM ckm)[
                    least(value::BIGINT, (SELECT cap FROM ckm)) * 256 + sleutel::BIGINT % 256 + 1]
           END AS value
    FROM area_obs
),
realisatie AS (
    SELECT i.indicator, a.niveau, a.gebied_code, a.periode,
           max(a.value) FILTER (WHERE a.measure = i.teller)
             / CASE WHEN i.noemer IS NULL THEN 1
                    ELSE nullif(max(a.value) FILTER (WHERE a.measure = i.noemer), 0) END AS realisatie,
           CASE WHEN bool_and(a.provenance = 'published') THEN 'published' ELSE 'sample' END AS provenance
    FROM dim_indicator i
    JOIN beschermd a ON a.bron = i.bron_tabel AND a.measure IN (i.teller, i.noemer)
    GROUP BY i.indicator, i.teller, i.noemer, a.niveau, a.gebied_code, a.periode
    HAVING realisatie IS NOT NULL
),
gebieden AS (
    SELECT 'gemeente' AS niveau, gemeente_code AS gebied_code, gemeente_naam AS gebied_naam,
           arbeidsmarktregio_code FROM dim_gemeente
    UNION ALL
    SELECT 'arbeidsmarktregio', arbeidsmarktregio_code, naam, arbeidsmarktregio_code
    FROM dim_arbeidsmarktregio
),
-- Which target applies, most specific first: (1) one set for the area itself; (2) for a
-- region and an additive indicator, the sum of its municipalities' targets when every one
-- has one; (3) for a share, the region's target for its municipalities; (4) for a share,
-- a national target or benchmark for every area.
doel_kandidaat AS (
    SELECT indicator, gebied_niveau AS niveau, gebied_code, jaar, doel, bron, doel_status,
           provenance, 1 AS prio
    FROM doelstellingen WHERE gebied_niveau IN ('gemeente', 'arbeidsmarktregio')
    UNION ALL
    SELECT d.indicator, 'arbeidsmarktregio', g.arbeidsmarktregio_code, d.jaar, sum(d.doel),
           'som van de gemeentelijke doelen', min(d.doel_status),
           CASE WHEN bool_and(d.provenance = 'published') THEN 'published' ELSE 'sample' END, 2
    FROM doelstellingen d
    JOIN dim_indicator i USING (indicator)
    JOIN dim_gemeente g ON d.gebied_niveau = 'gemeente' AND g.gemeente_code = d.gebied_code
    WHERE i.additief
    GROUP BY d.indicator, g.arbeidsmarktregio_code, d.jaar
    HAVING count(*) = (SELECT count(*) FROM dim_gemeente a
                       WHERE a.arbeidsmarktregio_code = g.arbeidsmarktregio_code)
    UNION ALL
    SELECT d.indicator, 'gemeente', g.gemeente_code, d.jaar, d.doel, d.bron, d.doel_status,
           d.provenance, 3
    FROM doelstellingen d
    JOIN dim_indicator i USING (indicator)
    JOIN dim_gemeente g ON d.gebied_niveau = 'arbeidsmarktregio'
                       AND g.arbeidsmarktregio_code = d.gebied_code
    WHERE NOT i.additief
    UNION ALL
    SELECT d.indicator, a.niveau, a.gebied_code, d.jaar, d.doel, d.bron, d.doel_status,
           d.provenance, 4
    FROM doelstellingen d
    JOIN dim_indicator i USING (indicator)
    CROSS JOIN gebieden a
    WHERE d.gebied_niveau = 'land' AND NOT i.additief
),
doel AS (
    SELECT * FROM doel_kandidaat
    QUALIFY row_number() OVER (PARTITION BY indicator, niveau, gebied_code, jaar ORDER BY prio) = 1
),
-- The last known value of each year: the starting point of the next year's path to target.
jaar_einde AS (
    SELECT r.indicator, r.niveau, r.gebied_code, p.jaar,
           arg_max(r.realisatie, p.einddatum) AS waarde
    FROM realisatie r JOIN dim_periode p USING (periode)
    GROUP BY ALL
),
beoordeeld AS (
    SELECT r.indicator, r.gebied_code, a.gebied_naam, r.niveau AS gebied_niveau, r.periode,
           r.realisatie, t.doel,
           CASE WHEN i.richting = 'hoger_beter' THEN t.doel - r.realisatie
                ELSE r.realisatie - t.doel END AS verschil,
           r.realisatie / nullif(t.doel, 0) AS realisatie_pct,
           i.richting,
           -- where the value should be by the end of this period to reach the target on time
           CASE WHEN i.cumulatief THEN 0 ELSE b.waarde END
             + (t.doel - CASE WHEN i.cumulatief THEN 0 ELSE b.waarde END)
               * (p.einddatum - make_date(p.jaar, 1, 1) + 1)
               / (make_date(p.jaar, 12, 31) - make_date(p.jaar, 1, 1) + 1) AS verwacht,
           t.bron AS doel_bron, t.doel_status,
           CASE WHEN r.provenance = 'published' AND coalesce(t.provenance, 'published') = 'published'
                THEN 'published' ELSE 'sample' END AS provenance
    FROM realisatie r
    JOIN dim_indicator i USING (indicator)
    JOIN dim_periode p USING (periode)
    JOIN gebieden a ON a.niveau = r.niveau AND a.gebied_code = r.gebied_code
    LEFT JOIN doel t
           ON t.indicator = r.indicator AND t.niveau = r.niveau
          AND t.gebied_code = r.gebied_code AND t.jaar = p.jaar
    LEFT JOIN jaar_einde b
           ON b.indicator = r.indicator AND b.niveau = r.niveau
          AND b.gebied_code = r.gebied_code AND b.jaar = p.jaar - 1
)
SELECT indicator, gebied_code, gebied_naam, gebied_niveau, periode, realisatie, doel, verschil,
       realisatie_pct, richting,
       CASE WHEN doel IS NULL THEN 'geen_doel'
            WHEN verschil <= 0 THEN 'behaald'
            WHEN richting = 'hoger_beter' AND realisatie >= verwacht THEN 'op_koers'
            WHEN richting = 'lager_beter' AND realisatie <= verwacht THEN 'op_koers'
            WHEN richting = 'hoger_beter' AND realisatie_pct >= 0.9 THEN 'risico'
            WHEN richting = 'lager_beter' AND realisatie_pct <= 1.1 THEN 'risico'
            ELSE 'achter'
       END AS status,
       doel_bron, doel_status, provenance
FROM beoordeeld
ORDER BY indicator, gebied_niveau DESC, gebied_code, periode;
