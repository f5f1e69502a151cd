-- Beschut werk per quarter: people holding a positive advice and people working in a beschut job.
CREATE OR REPLACE TABLE fct_beschut_werk AS
SELECT periode,
       coalesce(gemeente_regio, arbeidsmarktregio) AS arbeidsmarktregio_code,
       gemeente AS gemeente_code,
       positief_advies,
       werkzaam_beschut,
       bron, provenance, bron_bestand, bron_rij
FROM stg_beschut_werk
ORDER BY periode, arbeidsmarktregio_code, gemeente_code NULLS FIRST;
