-- Measures of bijstand (Participatiewet), long: benefits and persons at the end of each
-- period, inflow and outflow in it, per municipality; and beside each of them the
-- municipality's inhabitants (gemeenten.csv), which a density per 1,000 divides by.
CREATE OR REPLACE TABLE msr_bijstand AS
WITH bijstand AS (
    SELECT periode, gemeente_regio AS arbeidsmarktregio_code, gemeente AS gemeente_code,
           provenance, bron AS publicatie,
           CAST(uitkeringen AS DOUBLE) AS uitkeringen, CAST(personen AS DOUBLE) AS personen,
           CAST(instroom AS DOUBLE) AS instroom, CAST(uitstroom AS DOUBLE) AS uitstroom,
           CAST(uitstroom_naar_werk AS DOUBLE) AS uitstroom_naar_werk
    FROM stg_bijstand
)
SELECT 'bijstand' AS bron, periode, arbeidsmarktregio_code, gemeente_code, measure, value,
       CAST(NULL AS HUGEINT) AS sleutel, provenance, publicatie
FROM bijstand
UNPIVOT INCLUDE NULLS (value FOR measure IN (uitkeringen, personen, instroom, uitstroom,
                                             uitstroom_naar_werk))
UNION ALL
SELECT 'bijstand', b.periode, b.arbeidsmarktregio_code, b.gemeente_code, 'inwoners',
       CAST(g.inwoners AS DOUBLE), NULL, g.provenance, NULL
FROM bijstand b JOIN dim_gemeente g USING (gemeente_code);
