-- What the companies' reports published about their workforce: the headcount of one
-- organisation, scheme and month, over all its units, work forms and home towns (in the
-- sample: Amfors' 710 Wsw employees, "Inventarisatie (2025), par. 3.3"). Such an aggregate
-- is public already, so the app shows it as published wherever a view shows exactly that
-- aggregate, not perturbed (issue 20: aggregates that were published are shown as published);
-- its parts stay perturbed, and the exact total with perturbed parts gives none of them back.
CREATE OR REPLACE TABLE fct_sob_gepubliceerd AS
SELECT periode, organisatie, regeling, medewerkers, bron, provenance, bron_bestand, bron_rij
FROM stg_sob_gepubliceerd
ORDER BY organisatie, regeling, periode;
