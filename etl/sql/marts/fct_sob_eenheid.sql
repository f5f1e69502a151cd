-- Revenue, persons and FTE per month and unit: fct_sob_omzet beside fct_sob_maand summed over
-- work forms and schemes (a month with only one of them has the other NULL). Revenue is not
-- split any finer, so revenue per FTE is read from here: one grouping of a few thousand rows
-- instead of two groupings and a join. The persons' key sum is here too: the FTE of a
-- unit-month is shown scaled by that cell's perturbed over its true headcount (see
-- docs/protection.md), or revenue per FTE would give the headcount back.
CREATE OR REPLACE TABLE fct_sob_eenheid AS
SELECT periode, organisatie, unit, o.omzet, w.medewerkers, w.fte, w.medewerkers_sleutel,
       CASE WHEN coalesce(w.provenance, 'published') = 'published'
                 AND coalesce(o.provenance, 'published') = 'published'
            THEN 'published' ELSE 'sample' END AS provenance
FROM (SELECT periode, organisatie, unit, sum(medewerkers)::BIGINT AS medewerkers,
             sum(fte) AS fte, (sum(medewerkers_sleutel) % 256)::UTINYINT AS medewerkers_sleutel,
             CASE WHEN bool_and(provenance = 'published') THEN 'published' ELSE 'sample' END
                 AS provenance
      FROM fct_sob_maand GROUP BY ALL) w
FULL JOIN fct_sob_omzet o USING (periode, organisatie, unit)
ORDER BY organisatie, periode;
