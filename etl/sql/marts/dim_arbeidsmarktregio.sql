-- Labour-market regions, derived from their municipalities.
CREATE OR REPLACE TABLE dim_arbeidsmarktregio AS
SELECT arbeidsmarktregio AS arbeidsmarktregio_code,
       coalesce(any_value(arbeidsmarktregionaam), arbeidsmarktregio) AS naam,
       count(*) AS n_gemeenten,
       sum(inwoners) AS inwoners
FROM stg_gemeenten
GROUP BY arbeidsmarktregio
ORDER BY arbeidsmarktregio_code;
