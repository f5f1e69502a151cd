-- Deployments ended per quarter × municipality × target group × instrument × outcome, with
-- their days from start to end, cost, and how many ended within six months other than by
-- dropping out (the AOC pilot's term), each count with its record keys' sum (mod 256) in
-- `<count>_sleutel` for the perturbation (etl/ckm.py). With fct_instrument_kwartaal (starts) this is the
-- additive aggregate the Werkcentrum views read: what runs at a quarter's end is what
-- started up to it minus what ended up to it.
CREATE OR REPLACE TABLE fct_instrument_einde AS
WITH per_quarter AS (
    SELECT date_trunc('quarter', einddatum) AS kwartaal,
           arbeidsmarktregio_code, gemeente_code, doelgroep, instrument, resultaat,
           count(*) AS inzetten,
           sum(einddatum - startdatum) AS dagen,
           count(*) FILTER (WHERE NOT in_uitval(resultaat)
                            AND einddatum <= startdatum + INTERVAL 6 MONTH) AS binnen_zes_maanden,
           sum(kosten) AS kosten,
           (sum(inzet_sleutel) % 256)::UTINYINT AS inzetten_sleutel,
           (coalesce(sum(inzet_sleutel) FILTER (WHERE NOT in_uitval(resultaat)
                            AND einddatum <= startdatum + INTERVAL 6 MONTH), 0) % 256)::UTINYINT
               AS binnen_zes_maanden_sleutel,
           bool_and(provenance = 'published') AS published
    FROM fct_instrument_inzet
    WHERE einddatum IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6
)
SELECT year(kwartaal) || '-K' || quarter(kwartaal) AS periode,
       arbeidsmarktregio_code, gemeente_code, doelgroep, instrument, resultaat,
       inzetten, dagen, binnen_zes_maanden, kosten, inzetten_sleutel,
       binnen_zes_maanden_sleutel,
       CASE WHEN published THEN 'published' ELSE 'sample' END AS provenance
FROM per_quarter
-- each region's rows together: a page filters on one region and reads only its blocks
-- (not also by quarter: the views read every quarter up to the period's end, so that order
-- would prune nothing and costs a fifth of the model's time)
ORDER BY arbeidsmarktregio_code;
