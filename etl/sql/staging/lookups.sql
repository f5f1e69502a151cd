-- Lookup keys for municipalities and labour-market regions, built from the gemeenten source.
-- Other sources name a municipality by CBS code or name (docs/sources.md); a key that would
-- point at two municipalities is left out, so such a name is reported instead of guessed.

CREATE OR REPLACE TEMP TABLE lookup_gemeente AS
WITH variants(naam, variant) AS (
    VALUES ('''s-Hertogenbosch', 'den bosch'),
           ('''s-Hertogenbosch', 's-hertogenbosch'),
           ('''s-Hertogenbosch', '''s hertogenbosch'),
           ('''s-Gravenhage', 'den haag'),
           ('''s-Gravenhage', 's-gravenhage'),
           ('Nuenen, Gerwen en Nederwetten', 'nuenen'),
           ('Bergen (NH.)', 'bergen nh'),
           ('Bergen (L.)', 'bergen l')
),
keys AS (
    SELECT gemeente_key(gemeentecode) AS key, gemeentecode, arbeidsmarktregio FROM stg_gemeenten
    UNION
    SELECT gemeente_key(gemeentenaam), gemeentecode, arbeidsmarktregio FROM stg_gemeenten
    UNION
    SELECT gemeente_key(v.variant), g.gemeentecode, g.arbeidsmarktregio
    FROM variants v JOIN stg_gemeenten g ON gemeente_key(g.gemeentenaam) = gemeente_key(v.naam)
)
SELECT key, any_value(gemeentecode) AS gemeente_code, any_value(arbeidsmarktregio) AS regio_code
FROM keys
GROUP BY key
HAVING count(DISTINCT gemeentecode) = 1;

CREATE OR REPLACE TEMP TABLE lookup_regio AS
WITH keys AS (
    SELECT DISTINCT regio_key(arbeidsmarktregio) AS key, arbeidsmarktregio AS code FROM stg_gemeenten
    UNION
    SELECT DISTINCT regio_key(arbeidsmarktregionaam), arbeidsmarktregio FROM stg_gemeenten
    WHERE arbeidsmarktregionaam IS NOT NULL
)
SELECT key, any_value(code) AS regio_code FROM keys GROUP BY key HAVING count(DISTINCT code) = 1;
