-- Every year, quarter and month from the first to the last year any table mentions (every
-- source's measures, the person records, targets and budgets).
CREATE OR REPLACE TABLE dim_periode AS
WITH mentioned(jaar) AS (
    SELECT CAST(left(periode, 4) AS INTEGER) FROM measures
    UNION SELECT CAST(left(periode, 4) AS INTEGER) FROM fct_sob_bezetting
    UNION SELECT year(startdatum) FROM fct_instrument_inzet
    UNION SELECT year(einddatum) FROM fct_instrument_inzet
    UNION SELECT jaar FROM doelstellingen
    UNION SELECT jaar FROM fct_financiering
),
years AS (
    SELECT range AS jaar FROM range((SELECT min(jaar) FROM mentioned),
                                    (SELECT max(jaar) + 1 FROM mentioned))
),
periods AS (
    SELECT CAST(jaar AS VARCHAR) AS periode, 'jaar' AS niveau, jaar, NULL AS kwartaal,
           NULL AS maand, make_date(jaar, 1, 1) AS begindatum, make_date(jaar, 12, 31) AS einddatum
    FROM years
    UNION ALL
    SELECT jaar || '-K' || k, 'kwartaal', jaar, k, NULL, make_date(jaar, 3 * k - 2, 1),
           CAST(make_date(jaar, 3 * k - 2, 1) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE)
    FROM years, range(1, 5) AS q(k)
    UNION ALL
    SELECT printf('%04d-%02d', jaar, m), 'maand', jaar, (m + 2) // 3, m, make_date(jaar, m, 1),
           CAST(make_date(jaar, m, 1) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE)
    FROM years, range(1, 13) AS mo(m)
)
SELECT periode, niveau, CAST(jaar AS INTEGER) AS jaar, CAST(kwartaal AS INTEGER) AS kwartaal,
       CAST(maand AS INTEGER) AS maand, begindatum, einddatum
FROM periods
ORDER BY begindatum, niveau;
