-- Who was reached, for the target groups whose size another source gives (UWV: the
-- banenafspraak register and beschut-werk advice): the person-level rows those groups need,
-- narrowed and sorted by region and group, so that counting distinct persons for one region
-- reads that region's blocks only. Distinct persons do not add up over quarters, areas or
-- instruments, so this is the one Werkcentrum question not answered from an aggregate; each
-- row carries its person's record key, summed over the distinct persons for the perturbation.
CREATE OR REPLACE TABLE fct_instrument_bereik AS
SELECT arbeidsmarktregio_code, doelgroep, gemeente_code, instrument, client, client_sleutel,
       startdatum, einddatum, provenance
FROM fct_instrument_inzet
WHERE in_register(doelgroep)
ORDER BY arbeidsmarktregio_code, doelgroep, startdatum;
