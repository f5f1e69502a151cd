-- Revenue, persons and FTE per month and unit: fct_sob_omzet beside fct_sob_maand summed over
-- work forms and schemes (a month with only one of them has the other NULL). Revenue is not
-- split any finer, so revenue per FTE is read from here: one grouping of a few thousand rows
-- instead of two groupings and a join.
CREATE OR REPLACE TABLE fct_sob_eenheid AS
SELECT periode, organisatie, unit, o.omzet, w.medewerkers, w.fte,
       CASE WHEN coalesce(w.provenance, 'published') = 'published'
                 AND coalesce(o.provenance, 'published') = 'published'
            THEN 'published' ELSE 'sample' END AS provenance
FROM (SELECT periode, organisatie, unit, sum(medewerkers)::BIGINT AS medewerkers,
             sum(fte) AS fte,
             CASE WHEN bool_and(provenance = 'published') THEN 'published' ELSE 'sample' END
                 AS provenance
      FROM fct_sob_maand GROUP BY ALL) w
FULL JOIN fct_sob_omzet o USING (periode, organisatie, unit)
ORDER BY organisatie, periode;
