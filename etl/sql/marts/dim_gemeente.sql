-- Municipalities: CBS code, name, labour-market region, population, centroid.
CREATE OR REPLACE TABLE dim_gemeente AS
SELECT gemeentecode AS gemeente_code,
       gemeentenaam AS gemeente_naam,
       arbeidsmarktregio AS arbeidsmarktregio_code,
       inwoners,
       inwoners_15_27,
       lat,
       lon,
       provenance
FROM stg_gemeenten
ORDER BY gemeente_code;
