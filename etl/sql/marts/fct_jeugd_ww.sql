-- Young people on WW per month and age band.
CREATE OR REPLACE TABLE fct_jeugd_ww AS
SELECT periode,
       coalesce(gemeente_regio, arbeidsmarktregio) AS arbeidsmarktregio_code,
       gemeente AS gemeente_code,
       leeftijdsklasse,
       ww_uitkeringen,
       zonder_startkwalificatie,
       bron, provenance, bron_bestand, bron_rij
FROM stg_jeugd_ww
ORDER BY periode, arbeidsmarktregio_code, gemeente_code NULLS FIRST, leeftijdsklasse;
