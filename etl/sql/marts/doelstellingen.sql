-- Targets per indicator, area and year, and the benchmarks drawn beside a series. A target
-- runs from 1 January of `vanaf` to 31 December of `jaar` (one year unless the source sets a
-- longer period). What it is (`doel_status`): an invented target is always a `voorbeeld`; a
-- published one is what its Status says, and without one its indicator's `doeltype` from the
-- registry (a statutory target must have its legal source, which the contract checks).
-- `nulmeting`: the baseline jobs (end of 2012) where the source publishes it.
CREATE OR REPLACE TABLE doelstellingen AS
SELECT d.indicator,
       d.gebied AS gebied_code,
       d.gebied_niveau,
       CAST(coalesce(d.vanaf, d.periode) AS INTEGER) AS vanaf,
       CAST(d.periode AS INTEGER) AS jaar,
       d.doel,
       d.nulmeting,
       d.bron,
       -- a benchmark is a comparison value whatever its provenance, never a target
       CASE WHEN d.status = 'benchmark' THEN 'benchmark'
            WHEN d.provenance = 'sample' THEN 'voorbeeld'
            ELSE coalesce(d.status, i.doeltype) END AS doel_status,
       i.richting,
       d.provenance, d.bron_bestand, d.bron_rij
FROM stg_doelstellingen d JOIN dim_indicator i USING (indicator)
ORDER BY indicator, gebied_niveau, gebied_code, jaar;
