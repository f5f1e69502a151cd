-- gaps: one row per indicator x area (municipality and region) x period, with the target
-- that applies, how far realisation is from it (verschil > 0 is a shortfall) and a status
-- judged by pace. The heart of the product; every page reads it.
CREATE OR REPLACE TABLE gaps AS
WITH
-- The measures of every source (generated from the registry, etl/indicators.toml) per area:
-- municipalities as reported; a region as its source reports it, and otherwise as the sum
-- of its municipalities (every measure is a count, except a ratio a source publishes itself,
-- the registry's `gepubliceerd`, which is never summed) -- but only when every municipality
-- of the region has a known value, since an unknown part makes the sum unknown.
area_obs AS (
    SELECT bron, measure, periode, 'gemeente' AS niveau, gemeente_code AS gebied_code, value,
           sleutel, provenance, publicatie
    FROM measures WHERE gemeente_code IS NOT NULL AND value IS NOT NULL
    UNION ALL
    SELECT bron, measure, periode, 'arbeidsmarktregio', arbeidsmarktregio_code, value, sleutel,
           provenance, publicatie
    FROM measures WHERE gemeente_code IS NULL AND value IS NOT NULL
    UNION ALL
    SELECT o.bron, o.measure, o.periode, 'arbeidsmarktregio', o.arbeidsmarktregio_code, sum(o.value),
           sum(o.sleutel),
           provenance_of(o.provenance),
           string_agg(DISTINCT o.publicatie, '; ' ORDER BY o.publicatie)
    FROM measures o JOIN dim_arbeidsmarktregio a USING (arbeidsmarktregio_code)
    WHERE o.gemeente_code IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM dim_indicator i
                      WHERE i.bron_tabel = o.bron AND i.gepubliceerd = o.measure)
      AND NOT EXISTS (SELECT 1 FROM measures r
                      WHERE r.gemeente_code IS NULL AND r.value IS NOT NULL AND r.bron = o.bron
                        AND r.measure = o.measure AND r.periode = o.periode
                        AND r.arbeidsmarktregio_code = o.arbeidsmarktregio_code)
    GROUP BY o.bron, o.measure, o.periode, o.arbeidsmarktregio_code, a.n_gemeenten
    HAVING count(o.value) = a.n_gemeenten
),
-- Every count of persons perturbed by the cell key method (macro ckm_perturbed): measures
-- of person records carry their key sum, published figures none and stay as published.
-- Everything after this (shares, gaps, status) is computed from the perturbed count, so no
-- page, export or API sees the exact one.
beschermd AS (
    SELECT bron, measure, periode, niveau, gebied_code, provenance, publicatie,
           ckm_perturbed(value, sleutel) AS value
    FROM area_obs
),
-- The value of each indicator: the ratio a source publishes itself where it gives one
-- (labelled as that measure is), else teller / noemer x schaal (published only when every
-- part is).
delen AS (
    SELECT i.indicator, a.niveau, a.gebied_code, a.periode,
           max(a.value) FILTER (WHERE a.measure = i.gepubliceerd) AS gepubliceerd,
           max(a.value) FILTER (WHERE a.measure = i.teller)
             / CASE WHEN i.noemer IS NULL THEN 1
                    ELSE nullif(max(a.value) FILTER (WHERE a.measure = i.noemer), 0) END
             * i.schaal AS berekend,
           provenance_of(CASE WHEN a.measure = i.gepubliceerd THEN a.provenance END)
               AS provenance_gepubliceerd,
           provenance_of(a.provenance) AS provenance_berekend,
           -- the publications the published measures come from
           string_agg(DISTINCT a.publicatie, '; ' ORDER BY a.publicatie)
               FILTER (WHERE a.measure = i.gepubliceerd) AS publicatie_gepubliceerd,
           string_agg(DISTINCT a.publicatie, '; ' ORDER BY a.publicatie) AS publicatie_berekend
    FROM dim_indicator i
    JOIN beschermd a ON a.bron = i.bron_tabel AND a.measure IN (i.teller, i.noemer, i.gepubliceerd)
    GROUP BY i.indicator, i.teller, i.noemer, i.gepubliceerd, i.schaal, a.niveau, a.gebied_code,
             a.periode
),
realisatie AS (
    SELECT indicator, niveau, gebied_code, periode,
           coalesce(gepubliceerd, berekend) AS realisatie,
           CASE WHEN gepubliceerd IS NOT NULL THEN provenance_gepubliceerd
                ELSE provenance_berekend END AS provenance,
           CASE WHEN gepubliceerd IS NOT NULL THEN publicatie_gepubliceerd
                ELSE publicatie_berekend END AS publicatie
    FROM delen
    WHERE coalesce(gepubliceerd, berekend) IS NOT NULL
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
-- a national target for every area. Benchmarks are never targets.
targets AS (
    SELECT * FROM doelstellingen WHERE doel_status <> 'benchmark'
),
doel_kandidaat AS (
    SELECT indicator, gebied_niveau AS niveau, gebied_code, vanaf, jaar, doel, bron, doel_status,
           provenance, 1 AS prio
    FROM targets WHERE gebied_niveau IN ('gemeente', 'arbeidsmarktregio')
    UNION ALL
    -- a sum is computed, not published: afgeleid, or a voorbeeld when any part is one
    SELECT d.indicator, 'arbeidsmarktregio', g.arbeidsmarktregio_code, d.vanaf, d.jaar,
           sum(d.doel), 'som van de gemeentelijke doelen',
           CASE WHEN bool_or(d.doel_status = 'voorbeeld') THEN 'voorbeeld' ELSE 'afgeleid' END,
           provenance_of(d.provenance), 2
    FROM targets d
    JOIN dim_indicator i USING (indicator)
    JOIN dim_gemeente g ON d.gebied_niveau = 'gemeente' AND g.gemeente_code = d.gebied_code
    WHERE i.additief
    GROUP BY d.indicator, g.arbeidsmarktregio_code, d.vanaf, d.jaar
    HAVING count(*) = (SELECT count(*) FROM dim_gemeente a
                       WHERE a.arbeidsmarktregio_code = g.arbeidsmarktregio_code)
    UNION ALL
    SELECT d.indicator, 'gemeente', g.gemeente_code, d.vanaf, d.jaar, d.doel, d.bron,
           d.doel_status, d.provenance, 3
    FROM targets d
    JOIN dim_indicator i USING (indicator)
    JOIN dim_gemeente g ON d.gebied_niveau = 'arbeidsmarktregio'
                       AND g.arbeidsmarktregio_code = d.gebied_code
    WHERE NOT i.additief
    UNION ALL
    SELECT d.indicator, a.niveau, a.gebied_code, d.vanaf, d.jaar, d.doel, d.bron, d.doel_status,
           d.provenance, 4
    FROM targets d
    JOIN dim_indicator i USING (indicator)
    CROSS JOIN gebieden a
    WHERE d.gebied_niveau = 'land' AND NOT i.additief
),
-- The last known value of each year: where the path to a target that starts the next
-- year begins.
jaar_einde AS (
    SELECT r.indicator, r.niveau, r.gebied_code, p.jaar,
           arg_max(r.realisatie, p.einddatum) AS waarde
    FROM realisatie r JOIN dim_periode p USING (periode)
    GROUP BY ALL
),
-- Each observation with the target that applies in its year: the most specific, and of
-- those the one due first (a target for a longer period applies in each of its years).
met_doel AS (
    SELECT r.indicator, r.niveau, r.gebied_code, r.periode, r.realisatie, r.provenance,
           r.publicatie, p.jaar AS periode_jaar, p.einddatum,
           t.vanaf, t.jaar AS doel_jaar, t.doel, t.bron AS doel_bron, t.doel_status,
           t.provenance AS doel_provenance
    FROM realisatie r
    JOIN dim_periode p USING (periode)
    LEFT JOIN doel_kandidaat t
           ON t.indicator = r.indicator AND t.niveau = r.niveau AND t.gebied_code = r.gebied_code
          AND p.jaar BETWEEN t.vanaf AND t.jaar
    QUALIFY row_number() OVER (PARTITION BY r.indicator, r.niveau, r.gebied_code, r.periode
                               ORDER BY t.prio, t.jaar) = 1
),
-- The pace rule. The expected value is the straight line from the start of the target's
-- period to the target at its deadline (31 December of its year), read at the end of this
-- period. It starts from the value at the end of the year before the period, or from 0 for
-- a cumulative indicator, which counts up from 1 January of each year. Without a start
-- value there is no line: the status is judged on the level alone (beoordeling = 'niveau').
pad AS (
    SELECT m.*,
           CASE WHEN i.cumulatief THEN 0 ELSE b.waarde END AS startwaarde,
           CASE WHEN i.cumulatief THEN make_date(m.periode_jaar, 1, 1)
                ELSE make_date(m.vanaf, 1, 1) END AS startdatum,
           make_date(m.doel_jaar, 12, 31) AS deadline,
           i.richting, i.cumulatief, i.risicomarge
    FROM met_doel m
    JOIN dim_indicator i USING (indicator)
    LEFT JOIN jaar_einde b
           ON b.indicator = m.indicator AND b.niveau = m.niveau
          AND b.gebied_code = m.gebied_code AND b.jaar = m.vanaf - 1
),
beoordeeld AS (
    SELECT p.indicator, p.gebied_code, a.gebied_naam, p.niveau AS gebied_niveau, p.periode,
           p.realisatie, p.doel,
           CASE WHEN p.richting = 'hoger_beter' THEN p.doel - p.realisatie
                ELSE p.realisatie - p.doel END AS verschil,
           p.realisatie / nullif(p.doel, 0) AS realisatie_pct,
           p.richting,
           p.startwaarde + (p.doel - p.startwaarde)
             * least(1, (p.einddatum - p.startdatum + 1) / (p.deadline - p.startdatum + 1))
             AS verwacht,
           p.risicomarge,
           -- a count that only grows over the year stays under its ceiling until the deadline
           -- before it has met it
           p.cumulatief AND p.richting = 'lager_beter' AND p.einddatum < p.deadline AS voorlopig,
           p.publicatie AS realisatie_bron, p.doel_bron, p.doel_status,
           CASE WHEN p.provenance = 'published' AND coalesce(p.doel_provenance, 'published')
                     = 'published' THEN 'published' ELSE 'sample' END AS provenance
    FROM pad p
    JOIN gebieden a ON a.niveau = p.niveau AND a.gebied_code = p.gebied_code
),
-- Where the status is measured from: the expected value on the path, else the target.
-- `afstand` > 0 means worse than that reference, in the indicator's direction.
gemeten AS (
    SELECT *,
           CASE WHEN doel IS NULL THEN NULL WHEN verwacht IS NULL THEN 'niveau'
                ELSE 'tempo' END AS beoordeling,
           coalesce(verwacht, doel) AS maatstaf
    FROM beoordeeld
)
SELECT indicator, gebied_code, gebied_naam, gebied_niveau, periode, realisatie, doel, verschil,
       realisatie_pct, richting,
       CASE WHEN doel IS NULL THEN 'geen_doel'
            WHEN verschil <= 0 AND NOT voorlopig THEN 'behaald'
            WHEN beoordeling = 'tempo' AND richting = 'hoger_beter' AND realisatie >= maatstaf
                THEN 'op_koers'
            WHEN beoordeling = 'tempo' AND richting = 'lager_beter' AND realisatie <= maatstaf
                THEN 'op_koers'
            WHEN richting = 'hoger_beter' AND realisatie >= maatstaf * (1 - risicomarge)
                THEN 'risico'
            WHEN richting = 'lager_beter' AND realisatie <= maatstaf * (1 + risicomarge)
                THEN 'risico'
            ELSE 'achter'
       END AS status,
       verwacht, beoordeling,
       realisatie_bron, doel_bron, doel_status, provenance
FROM gemeten
ORDER BY indicator, gebied_niveau DESC, gebied_code, periode;
