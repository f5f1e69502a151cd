-- Deployments running at each quarter's end per municipality × target group × instrument,
-- with their record keys' sum (mod 256): what started up to that quarter
-- (fct_instrument_kwartaal) minus what ended up to it (fct_instrument_einde), summed here once
-- instead of on every filter change. The Werkcentrum page reads one quarter of it (the
-- period's last) where it read every quarter up to the period's end from both marts. Counts
-- and key sums are those differences exactly: a cell's key is the sum of its records' keys, so
-- the running deployments' key is the started ones' minus the ended ones' (mod 256).
-- A cell gets a row for every quarter from its first start or end on (from dim_periode, which
-- holds every quarter of every year mentioned), except quarters where nothing runs.
CREATE OR REPLACE TABLE fct_instrument_lopend AS
WITH moves AS (
    SELECT periode, arbeidsmarktregio_code, gemeente_code, doelgroep, instrument,
           inzetten::BIGINT AS n, inzetten_sleutel::BIGINT AS k,
           provenance = 'published' AS published
    FROM fct_instrument_kwartaal
    UNION ALL
    SELECT periode, arbeidsmarktregio_code, gemeente_code, doelgroep, instrument,
           -sum(inzetten)::BIGINT, -sum(inzetten_sleutel::BIGINT),
           bool_and(provenance = 'published')
    FROM fct_instrument_einde
    GROUP BY ALL
),
per_quarter AS (
    SELECT periode, arbeidsmarktregio_code, gemeente_code, doelgroep, instrument,
           sum(n) AS n, sum(k) AS k, bool_and(published) AS published
    FROM moves GROUP BY ALL
),
cells AS (
    SELECT arbeidsmarktregio_code, gemeente_code, doelgroep, instrument,
           min(periode) AS eerste
    FROM per_quarter GROUP BY ALL
),
grid AS (
    SELECT p.periode, c.arbeidsmarktregio_code, c.gemeente_code, c.doelgroep, c.instrument
    FROM cells c JOIN dim_periode p
      ON p.niveau = 'kwartaal' AND p.periode >= c.eerste
     AND p.periode <= (SELECT max(periode) FROM per_quarter)
),
running AS (
    SELECT g.periode, g.arbeidsmarktregio_code, g.gemeente_code, g.doelgroep, g.instrument,
           sum(coalesce(q.n, 0)) OVER w AS inzetten,
           sum(coalesce(q.k, 0)) OVER w AS sleutel,
           -- published only when every record that ever moved in the cell was
           bool_and(coalesce(q.published, true)) OVER w AS published
    FROM grid g LEFT JOIN per_quarter q
      USING (periode, arbeidsmarktregio_code, gemeente_code, doelgroep, instrument)
    WINDOW w AS (PARTITION BY g.arbeidsmarktregio_code, g.gemeente_code, g.doelgroep,
                              g.instrument
                 ORDER BY g.periode ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT periode, arbeidsmarktregio_code, gemeente_code, doelgroep, instrument,
       inzetten::BIGINT AS inzetten,
       (((sleutel % 256) + 256) % 256)::UTINYINT AS inzetten_sleutel,
       CASE WHEN published THEN 'published' ELSE 'sample' END AS provenance
FROM running
WHERE inzetten <> 0 OR sleutel % 256 <> 0
-- a page reads one region's rows of one quarter
ORDER BY arbeidsmarktregio_code, periode;
