-- Workforce per month, unit, work form and scheme: fct_sob_bezetting summed over the home
-- municipalities, about a tenth of its rows at national scale. The company page reads this
-- whenever no home municipality is chosen; each organisation's rows lie together.
CREATE OR REPLACE TABLE fct_sob_maand AS
SELECT periode, organisatie, unit, werkvorm, regeling,
       sum(medewerkers)::BIGINT AS medewerkers,
       sum(fte) AS fte,
       (sum(medewerkers_sleutel) % 256)::UTINYINT AS medewerkers_sleutel,
       CASE WHEN bool_and(provenance = 'published') THEN 'published' ELSE 'sample' END
           AS provenance
FROM fct_sob_bezetting
GROUP BY ALL
ORDER BY organisatie, periode;
