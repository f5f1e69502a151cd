-- Measures of the banenafspraak, long: one row per area, quarter and measure
-- (gemeente_code NULL = the region total as UWV reports it).
CREATE OR REPLACE TABLE msr_banenafspraak AS
SELECT 'banenafspraak' AS bron, periode, arbeidsmarktregio_code, gemeente_code, measure, value,
       CAST(NULL AS HUGEINT) AS sleutel, provenance, publicatie
FROM (SELECT periode, arbeidsmarktregio_code, gemeente_code, provenance, bron AS publicatie,
             CAST(personen_in_doelgroep AS DOUBLE) AS doelgroep,
             CAST(werkzame_personen AS DOUBLE) AS werkzaam, CAST(banen AS DOUBLE) AS banen,
             CAST(extra_banen AS DOUBLE) AS extra_banen
      FROM fct_banenafspraak)
UNPIVOT INCLUDE NULLS (value FOR measure IN (doelgroep, werkzaam, banen, extra_banen));
