-- Measures of the social development companies: Wsw employees per home municipality and
-- month, with the sum of their cells' keys, so gaps perturbs the count (etl/ckm.py).
CREATE OR REPLACE TABLE msr_sob AS
SELECT 'sob' AS bron, periode, arbeidsmarktregio_code, gemeente_code,
       'wsw_medewerkers' AS measure, CAST(sum(medewerkers) AS DOUBLE) AS value,
       sum(medewerkers_sleutel) AS sleutel, provenance_of(provenance) AS provenance,
       CAST(NULL AS VARCHAR) AS publicatie
FROM fct_sob_bezetting WHERE in_wsw(regeling) GROUP BY ALL;
