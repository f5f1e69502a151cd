-- Deployments started per quarter × municipality × target group × instrument, with how many
-- of them have ended in work or dropped out so far: the shareable aggregate of the
-- person-level table. Each count has its record keys' sum (mod 256) beside it in
-- `<count>_sleutel`: sums add up, so the app perturbs any roll-up of these rows without
-- going back to the records (etl/ckm.py). Grouped on the quarter's first day, labelled
-- afterwards: cheaper than a label per deployment.
CREATE OR REPLACE TABLE fct_instrument_kwartaal AS
-- each person's deployments per group first, so that a group's persons are its rows here:
-- a fifth cheaper at 50M deployments than count(DISTINCT client) in one grouping
WITH per_client AS (
    SELECT date_trunc('quarter', startdatum) AS kwartaal,
           arbeidsmarktregio_code, gemeente_code, doelgroep, instrument, client,
           count(*) AS inzetten,
           count(*) FILTER (WHERE in_werk(resultaat))
               AS naar_werk,
           count(*) FILTER (WHERE in_uitval(resultaat)) AS uitval,
           sum(kosten) AS kosten,
           sum(inzet_sleutel) AS inzetten_sleutel,
           sum(inzet_sleutel) FILTER (WHERE in_werk(resultaat)) AS naar_werk_sleutel,
           sum(inzet_sleutel) FILTER (WHERE in_uitval(resultaat)) AS uitval_sleutel,
           any_value(client_sleutel) AS client_sleutel,
           bool_and(provenance = 'published') AS published
    FROM fct_instrument_inzet
    GROUP BY 1, 2, 3, 4, 5, 6
),
per_quarter AS (
    SELECT kwartaal, arbeidsmarktregio_code, gemeente_code, doelgroep, instrument,
           sum(inzetten)::BIGINT AS inzetten,
           count(client) AS personen,
           sum(naar_werk)::BIGINT AS naar_werk,
           sum(uitval)::BIGINT AS uitval,
           sum(kosten) AS kosten,
           (sum(inzetten_sleutel) % 256)::UTINYINT AS inzetten_sleutel,
           (sum(client_sleutel) % 256)::UTINYINT AS personen_sleutel,
           (coalesce(sum(naar_werk_sleutel), 0) % 256)::UTINYINT AS naar_werk_sleutel,
           (coalesce(sum(uitval_sleutel), 0) % 256)::UTINYINT AS uitval_sleutel,
           bool_and(published) AS published
    FROM per_client
    GROUP BY 1, 2, 3, 4, 5
)
SELECT year(kwartaal) || '-K' || quarter(kwartaal) AS periode,
       arbeidsmarktregio_code, gemeente_code, doelgroep, instrument,
       inzetten, personen, naar_werk, uitval, kosten,
       inzetten_sleutel, personen_sleutel, naar_werk_sleutel, uitval_sleutel,
       CASE WHEN published THEN 'published' ELSE 'sample' END AS provenance
FROM per_quarter
-- each region's rows together: a page filters on one region and reads only its blocks
-- (not also by quarter: the views read every quarter up to the period's end, so that order
-- would prune nothing and costs a fifth of the model's time)
ORDER BY arbeidsmarktregio_code;
