-- Measures of youth WW, long: the age bands of an area and month added up.
CREATE OR REPLACE TABLE msr_jeugd_ww AS
WITH jeugd AS (
    SELECT periode, arbeidsmarktregio_code, gemeente_code,
           sum(ww_uitkeringen) AS ww_uitkeringen,
           -- an unknown age band makes the total unknown, not smaller
           CASE WHEN count(*) = count(zonder_startkwalificatie)
                THEN sum(zonder_startkwalificatie) END AS zonder_startkwalificatie,
           string_agg(DISTINCT bron, '; ' ORDER BY bron) AS publicatie,
           provenance_of(provenance) AS provenance
    FROM fct_jeugd_ww GROUP BY ALL
)
SELECT 'jeugd_ww' AS bron, periode, arbeidsmarktregio_code, gemeente_code, measure, value,
       CAST(NULL AS HUGEINT) AS sleutel, provenance, publicatie
FROM (SELECT periode, arbeidsmarktregio_code, gemeente_code, provenance, publicatie,
             CAST(ww_uitkeringen AS DOUBLE) AS ww_uitkeringen,
             CAST(zonder_startkwalificatie AS DOUBLE) AS zonder_startkwalificatie
      FROM jeugd)
UNPIVOT INCLUDE NULLS (value FOR measure IN (ww_uitkeringen, zonder_startkwalificatie));
