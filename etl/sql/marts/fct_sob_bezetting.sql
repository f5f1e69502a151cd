-- Workforce of the social development companies per month, unit, work form, scheme and home
-- town. The companies deliver counts, not person records, so each finest cell of a month
-- (unit, work form, scheme, home town, month) is the record of the cell key method:
-- `medewerkers_sleutel` is its key, drawn like the Werkcentrum's record keys (etl/ckm.py),
-- and any roll-up's key is the sum of its rows' keys. The month is part of the key: with one
-- key per cell for all months, a large cell's noise would be the same every month and every
-- change from one month to the next would come out exact.
CREATE OR REPLACE TABLE fct_sob_bezetting AS
SELECT periode,
       organisatie,
       unit,
       werkvorm,
       regeling,
       woongemeente AS gemeente_code,
       woongemeente_regio AS arbeidsmarktregio_code,
       medewerkers,
       fte,
       (hash(getvariable('ckm_seed') || ':sob:' || concat_ws('|', periode, organisatie, unit,
                                                              werkvorm, regeling,
                                                              coalesce(woongemeente, '')))
        % 256)::UTINYINT AS medewerkers_sleutel,
       provenance, bron_bestand, bron_rij
FROM stg_sob_bezetting
ORDER BY periode, organisatie, unit, werkvorm, regeling, gemeente_code;
