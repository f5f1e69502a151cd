-- Measures of beschut werk, long: one row per area, quarter and measure.
CREATE OR REPLACE TABLE msr_beschut_werk AS
SELECT 'beschut_werk' AS bron, periode, arbeidsmarktregio_code, gemeente_code, measure, value,
       CAST(NULL AS HUGEINT) AS sleutel, provenance, publicatie
FROM (SELECT periode, arbeidsmarktregio_code, gemeente_code, provenance, bron AS publicatie,
             CAST(positief_advies AS DOUBLE) AS positief_advies,
             CAST(werkzaam_beschut AS DOUBLE) AS werkzaam_beschut
      FROM fct_beschut_werk)
UNPIVOT INCLUDE NULLS (value FOR measure IN (positief_advies, werkzaam_beschut));
