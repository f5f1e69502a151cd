-- Measures of WW (UWV), long: benefits and persons at the end of each month, new and ended
-- benefits in it, the labour force and the WW-percentage, per municipality and region
-- (gemeente_code NULL = the region total as UWV reports it), each value with its own
-- provenance (Herkomst per value, docs/sources.md) and the file and row it comes from.
-- What UWV publishes as a whole is taken as published, not recomputed: the new benefits
-- counted up from January (`nieuwe_uitkeringen_cumulatief`, in June the first half-year)
-- where the file gives them, else the sum of the months, known only when every month of
-- the year so far is and published only when every one of them is; the WW-percentage where
-- the file gives it (`ww_percentage`, a fraction like every share; the registry's
-- `gepubliceerd`), else gaps divides benefits by the labour force.
CREATE OR REPLACE TABLE msr_ww AS
WITH ww AS (
    SELECT periode, coalesce(gemeente_regio, arbeidsmarktregio) AS arbeidsmarktregio_code,
           gemeente AS gemeente_code, bron AS publicatie, bron_bestand, bron_rij,
           {'value': CAST(ww_uitkeringen AS DOUBLE),
            'provenance': provenance_ww_uitkeringen} AS uitkeringen,
           {'value': CAST(personen_met_ww AS DOUBLE),
            'provenance': provenance_personen_met_ww} AS personen,
           {'value': CAST(nieuwe_uitkeringen AS DOUBLE),
            'provenance': provenance_nieuwe_uitkeringen} AS nieuwe_uitkeringen,
           {'value': CAST(beeindigde_uitkeringen AS DOUBLE),
            'provenance': provenance_beeindigde_uitkeringen} AS beeindigde_uitkeringen,
           {'value': CAST(beroepsbevolking AS DOUBLE),
            'provenance': provenance_beroepsbevolking} AS beroepsbevolking,
           {'value': ww_percentage / 100,
            'provenance': provenance_ww_percentage} AS ww_percentage,
           {'value': CAST(nieuwe_uitkeringen_sinds_januari AS DOUBLE),
            'provenance': provenance_nieuwe_uitkeringen_sinds_januari} AS gepubliceerd_cumulatief
    FROM stg_ww
),
cumulatief AS (
    SELECT * EXCLUDE (gepubliceerd_cumulatief),
           CASE WHEN gepubliceerd_cumulatief.value IS NOT NULL THEN gepubliceerd_cumulatief
                ELSE {'value': CASE WHEN count(nieuwe_uitkeringen.value) OVER jaar
                                         = CAST(right(periode, 2) AS INTEGER)
                                    THEN sum(nieuwe_uitkeringen.value) OVER jaar END,
                      'provenance': CASE WHEN bool_and(nieuwe_uitkeringen.provenance
                                                       = 'published') OVER jaar
                                         THEN 'published' ELSE 'sample' END}
           END AS nieuwe_uitkeringen_cumulatief
    FROM ww
    WINDOW jaar AS (PARTITION BY arbeidsmarktregio_code, gemeente_code, left(periode, 4)
                    ORDER BY periode)
)
SELECT 'ww' AS bron, periode, arbeidsmarktregio_code, gemeente_code, measure, m.value,
       CAST(NULL AS HUGEINT) AS sleutel, m.provenance,
       CASE WHEN m.provenance = 'published' THEN publicatie END AS publicatie,
       bron_bestand, bron_rij
FROM cumulatief
UNPIVOT INCLUDE NULLS (m FOR measure IN (uitkeringen, personen, nieuwe_uitkeringen,
                                         beeindigde_uitkeringen, nieuwe_uitkeringen_cumulatief,
                                         beroepsbevolking, ww_percentage));
