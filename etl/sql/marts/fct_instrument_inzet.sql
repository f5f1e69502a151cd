-- One row per deployment of a Werkcentrum instrument for a (pseudonymised) person.
CREATE OR REPLACE TABLE fct_instrument_inzet AS
SELECT inzet_id,
       client,
       gemeente AS gemeente_code,
       gemeente_regio AS arbeidsmarktregio_code,
       doelgroep,
       instrument,
       startdatum,
       einddatum,
       coalesce(resultaat, CASE WHEN einddatum IS NULL THEN 'Lopend' END) AS resultaat,
       kosten,
       provenance, bron_bestand, bron_rij
FROM stg_instrumenten;
