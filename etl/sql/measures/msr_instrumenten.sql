-- Measures of the Werkcentrum's person records: placements per municipality and quarter,
-- cumulated from January. A person counts as placed once per municipality and year: at their
-- first deployment that ended in work. The count carries the sum of its record keys
-- (`sleutel`), so gaps perturbs it (etl/ckm.py).
CREATE OR REPLACE TABLE msr_instrumenten AS
WITH plaatsing AS (
    SELECT gemeente_code, client, any_value(client_sleutel) AS client_sleutel,
           year(einddatum) AS jaar, min(einddatum) AS datum
    FROM fct_instrument_inzet
    WHERE in_werk(resultaat)
    GROUP BY ALL
),
gemeente AS (
    SELECT gemeente_code, arbeidsmarktregio_code, provenance_of(provenance) AS provenance
    FROM fct_instrument_inzet GROUP BY ALL
),
-- every quarter from the first start to the last date any deployment names
kwartaal AS (
    SELECT strftime(begin, '%Y') || '-K' || quarter(begin) AS periode, year(begin) AS jaar,
           CAST(begin + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS einddatum
    FROM (SELECT CAST(unnest(range(CAST(date_trunc('quarter', min(startdatum)) AS TIMESTAMP),
                                   CAST(max(coalesce(einddatum, startdatum)) AS TIMESTAMP)
                                       + INTERVAL 1 DAY,
                                   INTERVAL 3 MONTH)) AS DATE) AS begin
          FROM fct_instrument_inzet)
)
SELECT 'instrumenten' AS bron, k.periode, g.arbeidsmarktregio_code, g.gemeente_code,
       'plaatsingen' AS measure, CAST(count(p.client) AS DOUBLE) AS value,
       coalesce(sum(p.client_sleutel), 0) AS sleutel, g.provenance,
       CAST(NULL AS VARCHAR) AS publicatie
FROM kwartaal k
CROSS JOIN gemeente g
LEFT JOIN plaatsing p
       ON p.gemeente_code = g.gemeente_code AND p.jaar = k.jaar AND p.datum <= k.einddatum
GROUP BY ALL;
