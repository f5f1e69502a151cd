-- Targets per indicator, area and year. Without a Status column the indicator's usual kind
-- of target applies (beschut werk: wettelijk; banenafspraak: indicatief; others: lokaal).
CREATE OR REPLACE TABLE doelstellingen AS
SELECT d.indicator,
       d.gebied AS gebied_code,
       d.gebied_niveau,
       CAST(d.periode AS INTEGER) AS jaar,
       d.doel,
       d.bron,
       coalesce(d.status, i.doel_status_standaard) AS doel_status,
       i.richting,
       d.provenance, d.bron_bestand, d.bron_rij
FROM stg_doelstellingen d JOIN dim_indicator i USING (indicator)
ORDER BY indicator, gebied_niveau, gebied_code, jaar;
