-- A count of persons perturbed by the cell key method (etl/ckm.py): the count plus the
-- ptable's noise for (count, key sum mod 256); counts from the cap on share its row. A value
-- without a key sum (a published figure) stays as it is. Kept in the warehouse (not TEMP), so
-- that the app perturbs a slice's counts with this very macro.
CREATE OR REPLACE MACRO ckm_perturbed(value, sleutel) AS CASE
    WHEN sleutel IS NULL THEN value
    ELSE value + (SELECT ruis FROM ckm)[
        least(value::BIGINT, (SELECT cap FROM ckm)) * 256 + sleutel::BIGINT % 256 + 1]
END;
