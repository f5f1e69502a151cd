-- Funding per organisation, scheme and year; jaar NULL with structureel = true is the
-- structural amount after the last listed year.
CREATE OR REPLACE TABLE fct_financiering AS
SELECT organisatie,
       regeling,
       TRY_CAST(jaar AS INTEGER) AS jaar,
       jaar = 'structureel' AS structureel,
       bedrag,
       provenance, bron_bestand, bron_rij
FROM stg_financiering
ORDER BY organisatie, regeling, structureel, jaar;
