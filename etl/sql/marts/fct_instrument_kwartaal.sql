-- Deployments started per quarter × municipality × target group × instrument, with how many
-- of them have ended in work or dropped out so far: the shareable aggregate of the
-- person-level table (the app hides counts of 1-4 when it reads it).
CREATE OR REPLACE TABLE fct_instrument_kwartaal AS
SELECT p.periode,
       i.arbeidsmarktregio_code,
       i.gemeente_code,
       i.doelgroep,
       i.instrument,
       count(*) AS inzetten,
       count(DISTINCT i.client) AS personen,
       count(*) FILTER (WHERE i.resultaat IN ('Regulier werk', 'Werk met LKS', 'Beschut werk'))
           AS naar_werk,
       count(*) FILTER (WHERE i.resultaat = 'Uitval') AS uitval,
       sum(i.kosten) AS kosten,
       CASE WHEN bool_and(i.provenance = 'published') THEN 'published' ELSE 'sample' END
           AS provenance
FROM fct_instrument_inzet i
JOIN dim_periode p ON p.niveau = 'kwartaal' AND i.startdatum BETWEEN p.begindatum AND p.einddatum
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 3, 4, 5;
