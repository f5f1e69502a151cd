-- Measures of bijstand (Participatiewet), long: benefits and persons at the end of each
-- period, inflow and outflow in it, and the density per 1,000 inhabitants where the file
-- gives the published one, per municipality, each value with its own provenance (Herkomst
-- per value, docs/sources.md) and the file and row it comes from; and beside each of them
-- the municipality's inhabitants (gemeenten.csv), which gaps divides by where no density is
-- published (the registry's `gepubliceerd`). That is the current population standing in for
-- the period's own, so it is labelled sample here: a density computed with it is no
-- published figure, even from published persons.
CREATE OR REPLACE TABLE msr_bijstand AS
WITH bijstand AS (
    SELECT periode, gemeente_regio AS arbeidsmarktregio_code, gemeente AS gemeente_code,
           bron AS publicatie, bron_bestand, bron_rij,
           {'value': CAST(uitkeringen AS DOUBLE), 'provenance': provenance_uitkeringen}
               AS uitkeringen,
           {'value': CAST(personen AS DOUBLE), 'provenance': provenance_personen} AS personen,
           {'value': CAST(instroom AS DOUBLE), 'provenance': provenance_instroom} AS instroom,
           {'value': CAST(uitstroom AS DOUBLE), 'provenance': provenance_uitstroom} AS uitstroom,
           {'value': CAST(uitstroom_naar_werk AS DOUBLE),
            'provenance': provenance_uitstroom_naar_werk} AS uitstroom_naar_werk,
           {'value': bijstandsdichtheid, 'provenance': provenance_bijstandsdichtheid}
               AS dichtheid
    FROM stg_bijstand
)
SELECT 'bijstand' AS bron, periode, arbeidsmarktregio_code, gemeente_code, measure, m.value,
       CAST(NULL AS HUGEINT) AS sleutel, m.provenance,
       CASE WHEN m.provenance = 'published' THEN publicatie END AS publicatie,
       bron_bestand, bron_rij
FROM bijstand
UNPIVOT INCLUDE NULLS (m FOR measure IN (uitkeringen, personen, instroom, uitstroom,
                                         uitstroom_naar_werk, dichtheid))
UNION ALL
SELECT 'bijstand', b.periode, b.arbeidsmarktregio_code, b.gemeente_code, 'inwoners',
       CAST(g.inwoners AS DOUBLE), NULL, 'sample', NULL, NULL, NULL
FROM bijstand b JOIN dim_gemeente g USING (gemeente_code);
