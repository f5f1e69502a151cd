-- Banenafspraak per quarter; gemeente_code NULL is the region total as the source reports it.
CREATE OR REPLACE TABLE fct_banenafspraak AS
SELECT periode,
       coalesce(gemeente_regio, arbeidsmarktregio) AS arbeidsmarktregio_code,
       gemeente AS gemeente_code,
       personen_in_doelgroep,
       werkzame_personen,
       banen,
       extra_banen,
       bron, provenance, bron_bestand, bron_rij
FROM stg_banenafspraak
ORDER BY periode, arbeidsmarktregio_code, gemeente_code NULLS FIRST;
