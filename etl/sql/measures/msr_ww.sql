-- Measures of WW (UWV), long: benefits and persons at the end of each month, new and ended
-- benefits in it, per municipality and region (gemeente_code NULL = the region total as UWV
-- reports it), and the new benefits counted up from January (`nieuwe_uitkeringen_cumulatief`,
-- known only when every month of the year so far is). Published aggregates: no key sum, shown
-- as published. A cumulative value is published only when every month it sums is
-- (provenance_of), so a sum of sample months that equals a published half-year total stays
-- sample.
CREATE OR REPLACE TABLE msr_ww AS
WITH ww AS (
    SELECT periode, coalesce(gemeente_regio, arbeidsmarktregio) AS arbeidsmarktregio_code,
           gemeente AS gemeente_code, provenance, bron AS publicatie,
           CAST(ww_uitkeringen AS DOUBLE) AS uitkeringen,
           CAST(personen_met_ww AS DOUBLE) AS personen,
           CAST(nieuwe_uitkeringen AS DOUBLE) AS nieuwe_uitkeringen,
           CAST(beeindigde_uitkeringen AS DOUBLE) AS beeindigde_uitkeringen
    FROM stg_ww
),
cumulatief AS (
    SELECT *,
           CASE WHEN count(nieuwe_uitkeringen) OVER jaar = CAST(right(periode, 2) AS INTEGER)
                THEN sum(nieuwe_uitkeringen) OVER jaar END AS nieuwe_uitkeringen_cumulatief,
           CASE WHEN bool_and(provenance = 'published') OVER jaar THEN 'published'
                ELSE 'sample' END AS provenance_cumulatief
    FROM ww
    WINDOW jaar AS (PARTITION BY arbeidsmarktregio_code, gemeente_code, left(periode, 4)
                    ORDER BY periode)
)
SELECT 'ww' AS bron, periode, arbeidsmarktregio_code, gemeente_code, measure, value,
       CAST(NULL AS HUGEINT) AS sleutel,
       CASE WHEN measure = 'nieuwe_uitkeringen_cumulatief' THEN provenance_cumulatief
            ELSE provenance END AS provenance,
       CASE WHEN measure <> 'nieuwe_uitkeringen_cumulatief'
                 OR provenance_cumulatief = 'published' THEN publicatie END AS publicatie
FROM cumulatief
UNPIVOT INCLUDE NULLS (value FOR measure IN (uitkeringen, personen, nieuwe_uitkeringen,
                                             beeindigde_uitkeringen,
                                             nieuwe_uitkeringen_cumulatief));
