-- Revenue of the social development companies per month and unit (euro).
CREATE OR REPLACE TABLE fct_sob_omzet AS
SELECT periode, organisatie, unit, omzet, provenance, bron_bestand, bron_rij
FROM stg_sob_omzet
ORDER BY periode, organisatie, unit;
