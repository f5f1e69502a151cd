-- Who was reached, for the target groups whose size another source gives (UWV: the
-- banenafspraak register and beschut-werk advice): one row per deployment of those groups.
-- Distinct persons do not add up over quarters, areas or instruments, so no sum of cells
-- answers the reach block; this table lets the common questions count persons without
-- collecting them. The reach window is whole quarters (filters.Filters.reach_start), so
-- each deployment carries the quarters it runs in as numbers (year × 4 + quarter - 1):
-- `van_kwartaal` to `tot_kwartaal` (a running one to 2^31 - 1). A person is reached in the
-- quarters a..b when one of their deployments has van_kwartaal <= b and tot_kwartaal >= a;
-- taking a person's deployments in order of start, the first such one is the one whose
-- predecessors all end before a: `voor_persoon` is the latest tot_kwartaal of the person's
-- earlier deployments in the group and region (-1 when none), `voor_gemeente` the same
-- within one municipality. So the persons of a group reached in a window, with their record
-- keys' sum, are a count and a sum over rows with voor_persoon < a (or, for one municipality,
-- voor_gemeente < a): the same persons as counting distinct clients, without the distinct.
-- Any other choice (several municipalities, instruments) counts distinct clients over the
-- rows, as before. Each row carries its person's record key (client_sleutel), summed over
-- the distinct persons for the perturbation. Sorted by region, group and last quarter: a
-- page reads one region's blocks.
CREATE OR REPLACE TABLE fct_instrument_bereik AS
WITH quarters AS (
    SELECT arbeidsmarktregio_code, doelgroep, gemeente_code, instrument, client,
           client_sleutel, startdatum, einddatum, inzet_id, provenance,
           year(startdatum) * 4 + quarter(startdatum) - 1 AS van_kwartaal,
           coalesce(year(einddatum) * 4 + quarter(einddatum) - 1, 2147483647) AS tot_kwartaal
    FROM fct_instrument_inzet
    WHERE in_register(doelgroep)
)
SELECT arbeidsmarktregio_code, doelgroep, gemeente_code, instrument, client, client_sleutel,
       startdatum, einddatum, van_kwartaal, tot_kwartaal,
       coalesce(max(tot_kwartaal) OVER (
           PARTITION BY arbeidsmarktregio_code, doelgroep, client
           ORDER BY van_kwartaal, inzet_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
           -1) AS voor_persoon,
       coalesce(max(tot_kwartaal) OVER (
           PARTITION BY arbeidsmarktregio_code, doelgroep, gemeente_code, client
           ORDER BY van_kwartaal, inzet_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
           -1) AS voor_gemeente,
       provenance
FROM quarters
ORDER BY arbeidsmarktregio_code, doelgroep, tot_kwartaal;
