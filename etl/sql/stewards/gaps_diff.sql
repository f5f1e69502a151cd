-- What a candidate warehouse (`kandidaat`) changes in `gaps` against the published one
-- (`huidig`): one row per indicator × area × period that exists on one side only or whose
-- realisation, target or status differs. Values are compared at six decimals: sums over the
-- same rows may differ in their last bits between two builds.
CREATE TEMP TABLE gaps_diff AS
SELECT
    coalesce(n.indicator, o.indicator) AS indicator,
    coalesce(n.gebied_niveau, o.gebied_niveau) AS gebied_niveau,
    coalesce(n.gebied_code, o.gebied_code) AS gebied_code,
    coalesce(n.gebied_naam, o.gebied_naam) AS gebied_naam,
    coalesce(n.periode, o.periode) AS periode,
    CASE
        WHEN o.indicator IS NULL THEN 'added'
        WHEN n.indicator IS NULL THEN 'removed'
        WHEN o.status IS DISTINCT FROM n.status THEN 'status'
        ELSE 'value'
    END AS change,
    o.realisatie AS realisatie_old,
    n.realisatie AS realisatie_new,
    o.doel AS doel_old,
    n.doel AS doel_new,
    o.status AS status_old,
    n.status AS status_new,
    (o.provenance = 'published') IS TRUE OR (n.provenance = 'published') IS TRUE AS published
FROM huidig.gaps AS o
FULL JOIN kandidaat.gaps AS n
    ON o.indicator = n.indicator
    AND o.gebied_niveau = n.gebied_niveau
    AND o.gebied_code = n.gebied_code
    AND o.periode = n.periode
WHERE o.indicator IS NULL
    OR n.indicator IS NULL
    OR round(o.realisatie, 6) IS DISTINCT FROM round(n.realisatie, 6)
    OR round(o.doel, 6) IS DISTINCT FROM round(n.doel, 6)
    OR o.status IS DISTINCT FROM n.status;
