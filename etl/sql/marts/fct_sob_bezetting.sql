-- Workforce of the social development companies per month, unit, work form, scheme and home town.
CREATE OR REPLACE TABLE fct_sob_bezetting AS
SELECT periode,
       organisatie,
       unit,
       werkvorm,
       regeling,
       woongemeente AS gemeente_code,
       woongemeente_regio AS arbeidsmarktregio_code,
       medewerkers,
       fte,
       provenance, bron_bestand, bron_rij
FROM stg_sob_bezetting
ORDER BY periode, organisatie, unit, werkvorm, regeling, gemeente_code;
