-- Measures of WW (UWV), long: benefits and persons at the end of each month, new and ended
-- benefits in it, per municipality and region (gemeente_code NULL = the region total as UWV
-- reports it). Published aggregates: no key sum, shown as published.
CREATE OR REPLACE TABLE msr_ww AS
SELECT 'ww' AS bron, periode, arbeidsmarktregio_code, gemeente_code, measure, value,
       CAST(NULL AS HUGEINT) AS sleutel, provenance, publicatie
FROM (SELECT periode, coalesce(gemeente_regio, arbeidsmarktregio) AS arbeidsmarktregio_code,
             gemeente AS gemeente_code, provenance, bron AS publicatie,
             CAST(ww_uitkeringen AS DOUBLE) AS uitkeringen,
             CAST(personen_met_ww AS DOUBLE) AS personen,
             CAST(nieuwe_uitkeringen AS DOUBLE) AS nieuwe_uitkeringen,
             CAST(beeindigde_uitkeringen AS DOUBLE) AS beeindigde_uitkeringen
      FROM stg_ww)
UNPIVOT INCLUDE NULLS (value FOR measure IN (uitkeringen, personen, nieuwe_uitkeringen,
                                             beeindigde_uitkeringen));
