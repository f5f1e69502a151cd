-- One row per deployment of a Werkcentrum instrument for a (pseudonymised) person, with the
-- record keys of the cell key method (etl/ckm.py): one per deployment, for counts of
-- deployments, and one per person, for counts of distinct persons. Each is drawn from a hash
-- of the build's seed (CKM_SEED) and the id, so a record keeps its key from build to build
-- (DuckDB's hash(): md5 cost 15-25 s per 10M ids; tests/etl/test_record_keys.py notices a
-- DuckDB whose hash() would redraw every key).
CREATE OR REPLACE TABLE fct_instrument_inzet AS
SELECT inzet_id,
       client,
       gemeente AS gemeente_code,
       gemeente_regio AS arbeidsmarktregio_code,
       doelgroep,
       instrument,
       startdatum,
       einddatum,
       coalesce(resultaat, CASE WHEN einddatum IS NULL THEN lopend_waarde() END) AS resultaat,
       kosten,
       (hash(getvariable('ckm_seed') || ':inzet:' || inzet_id) % 256)::UTINYINT AS inzet_sleutel,
       (hash(getvariable('ckm_seed') || ':client:' || client) % 256)::UTINYINT AS client_sleutel,
       provenance, bron_bestand, bron_rij
FROM stg_instrumenten;
