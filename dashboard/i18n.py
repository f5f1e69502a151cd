"""Dutch-first UI text, English available, and Dutch number formatting."""

from __future__ import annotations

from dashboard.data import vocabulary as vocabulary_data

LANGS = ("nl", "en")

TEXT = {
    "title": {"nl": "Participatiemonitor", "en": "Participation monitor"},
    "region": {"nl": "Arbeidsmarktregio", "en": "Labour-market region"},
    "overview": {"nl": "Stand per gemeente tegen de doelen",
                 "en": "Where each municipality stands against its targets"},
    "area": {"nl": "Gebied", "en": "Area"},
    "region_total": {"nl": "regio totaal", "en": "region total"},
    "as_of": {"nl": "Stand per", "en": "Data as of"},
    "sample_note": {
        "nl": "Cijfers met ◇ zijn voorbeelddata: verzonnen om het dashboard te kunnen tonen, "
              "niet gepubliceerd. Ze tellen op tot de gepubliceerde totalen waar die er zijn.",
        "en": "Figures marked ◇ are sample data: invented so the dashboard can be shown, not "
              "published. They add up to the published totals where there are any."},
    "page_published": {"nl": "Gepubliceerd op deze pagina: {items}. Al het andere is "
                             "voorbeelddata (◇).",
                       "en": "Published on this page: {items}. Everything else is sample "
                             "data (◇)."},
    "page_all_sample": {"nl": "◇ Alle cijfers op deze pagina zijn voorbeelddata: verzonnen, "
                              "niet gepubliceerd.",
                        "en": "◇ Every figure on this page is sample data: invented, not "
                              "published."},
    "wc_records": {"nl": "inzetten van het Werkcentrum", "en": "the Werkcentrum's deployments"},
    "sob_records": {"nl": "bezetting en omzet van de bedrijven",
                    "en": "the companies' workforce and revenue"},
    "sob_funding": {"nl": "financiering (bedragen uit begrotingen en raadsstukken)",
                    "en": "funding (amounts from budgets and council papers)"},
    "about_figures": {"nl": "Over de cijfers", "en": "About the figures"},
    "pace_rule": {
        "nl": "Status naar tempo. Het verwachte niveau is de rechte lijn van de beginstand "
              "(de laatste waarde van het jaar vóór de doelperiode; 0 op 1 januari voor "
              "aantallen die vanaf januari optellen) naar het doel op de einddatum, gelezen "
              "aan het eind van de periode. ✔ behaald: het doel is gehaald. ↗ op koers: op of "
              "voorbij de lijn. ⚠ risico: minder dan {band} slechter dan de lijn. ✖ achter: "
              "verder achter. Zonder beginstand is er geen lijn: dan telt alleen het niveau "
              "(risico binnen {band} van het doel) en staat er „beoordeeld op niveau”.",
        "en": "Status by pace. The expected level is the straight line from the starting "
              "value (the last value of the year before the target period; 0 on 1 January "
              "for counts that add up from January) to the target at its deadline, read at "
              "the end of the period. ✔ met: the target is reached. ↗ on track: on or past "
              "the line. ⚠ at risk: less than {band} worse than the line. ✖ behind: further "
              "back. Without a starting value there is no line: only the level counts (at "
              "risk within {band} of the target) and the card says \"judged on level\"."},
    "target_kinds": {
        "nl": "Soort doel: wettelijk (uit de wettelijke regeling zelf), indicatief of lokaal "
              "(zoals gepubliceerd), afgeleid (berekend uit gepubliceerde cijfers; de bron "
              "zegt hoe) of ◇ voorbeelddoel (verzonnen). Een landelijke realisatie is een "
              "vergelijkingslijn, geen doel.",
        "en": "Target type: statutory (from the legal regulation itself), indicative or local "
              "(as published), derived (computed from published figures; the source says "
              "how) or ◇ example target (invented). A national realisation is a benchmark "
              "line, not a target."},
    "judged_level": {"nl": "beoordeeld op niveau (geen beginstand)",
                     "en": "judged on level (no starting value)"},
    "benchmark_line": {"nl": "landelijk {jaar}: {waarde}", "en": "national {jaar}: {waarde}"},
    "other_language": {"nl": "English", "en": "Nederlands"},
    "sample": {"nl": "voorbeelddata", "en": "sample data"},
    "published": {"nl": "gepubliceerd", "en": "published"},
    "municipality": {"nl": "Gemeente", "en": "Municipality"},
    "indicator": {"nl": "Indicator", "en": "Indicator"},
    "period": {"nl": "Periode", "en": "Period"},
    "realisation": {"nl": "Realisatie", "en": "Realisation"},
    "target": {"nl": "Doel", "en": "Target"},
    "gap": {"nl": "Verschil", "en": "Gap"},
    "status": {"nl": "Status", "en": "Status"},
    "source": {"nl": "Bron", "en": "Source"},
    "no_target": {"nl": "geen doel vastgesteld", "en": "no target set"},
    "of_target": {"nl": "van het doel", "en": "of the target"},
    "short": {"nl": "nog {n} {unit} tot het doel", "en": "{n} {unit} short of the target"},
    "above": {"nl": "nog {n} {unit} boven het doel", "en": "{n} {unit} above the target"},
    "met": {"nl": "doel gehaald ({n} {unit} ruimte)", "en": "target met ({n} {unit} to spare)"},
    "gauges": {"nl": "Stand tegen de doelen", "en": "Standing against the targets"},
    # the page sections of dim_indicator.sectie
    "sectie_participatie": {"nl": "Participatie", "en": "Participation"},
    "sectie_arbeidsmarkt": {"nl": "Arbeidsmarkt", "en": "Labour market"},
    "sectie_arbeidsmarkt_intro": {
        "nl": "De arbeidsmarkt rond de participatiedoelen: WW- en bijstandsuitkeringen zoals UWV "
              "en de gemeenten ze publiceren, met een doel waar een gemeente er een stelt.",
        "en": "The labour market around the participation targets: unemployment and social "
              "assistance benefits as UWV and the municipalities publish them, with a target "
              "where a municipality sets one."},
    "per_1000": {"nl": "per 1.000 inwoners", "en": "per 1,000 inhabitants"},
    "trend": {"nl": "Ontwikkeling", "en": "Trend"},
    "target_line": {"nl": "doel", "en": "target"},
    "comparison": {"nl": "Vergelijking met de regio", "en": "Comparison with the region"},
    "map_hint": {"nl": "Klik op een gemeente om haar pagina te openen.",
                 "en": "Click a municipality to open its page."},
    "map_tiles": {"nl": "Geen grenzenbestand ingesteld: gemeenten als tegels op hun middelpunt.",
                  "en": "No boundary file configured: municipalities as tiles at their centroid."},
    "choose_region": {"nl": "Kies een arbeidsmarktregio", "en": "Choose a labour-market region"},
    "choose_indicator": {"nl": "Kies een indicator", "en": "Choose an indicator"},
    "table_alt": {"nl": "Cijfers als tabel", "en": "Figures as a table"},
    "report_csv": {"nl": "Cijfers (CSV)", "en": "Figures (CSV)"},
    "report_title": {"nl": "Participatiemonitor — stand van {name}",
                     "en": "Participation monitor — {name}"},
    "made_on": {"nl": "Gemaakt op", "en": "Produced on"},
    "back_region": {"nl": "Terug naar de regio", "en": "Back to the region"},
    "unknown_area": {"nl": "Onbekende gemeente: {code}", "en": "Unknown municipality: {code}"},
    "target_status": {"nl": "Soort doel", "en": "Target type"},
    "wettelijk": {"nl": "wettelijk", "en": "statutory"},
    "indicatief": {"nl": "indicatief", "en": "indicative"},
    "lokaal": {"nl": "lokaal", "en": "local"},
    "afgeleid": {"nl": "afgeleid", "en": "derived"},
    "voorbeeld": {"nl": "Voorbeelddoel", "en": "Example target"},
    "skip": {"nl": "Naar de inhoud", "en": "Skip to content"},
    "wc_title": {"nl": "Werkcentrum: instrumenten en resultaten",
                 "en": "Work centre: instruments and outcomes"},
    "filters": {"nl": "Filters", "en": "Filters"},
    "target_group": {"nl": "Doelgroep", "en": "Target group"},
    "instrument_label": {"nl": "Instrument", "en": "Instrument"},
    "municipalities": {"nl": "Gemeente(n) (geen keuze = hele regio)",
                       "en": "Municipalities (none = whole region)"},
    "all_hint": {"nl": "Niets aangevinkt = alles.", "en": "Nothing ticked = all."},
    "all_values": {"nl": "alle (typ om te zoeken)", "en": "all (type to search)"},
    "from": {"nl": "Van kwartaal", "en": "From quarter"},
    "to": {"nl": "Tot en met kwartaal", "en": "To quarter (inclusive)"},
    "reset": {"nl": "Filters wissen", "en": "Clear filters"},
    "perturbation_rule": {
        "nl": "Aantallen personen zijn licht verstoord (de cell key-methode, zoals CBS-achtige "
              "bureaus die gebruiken voor tabellen op maat): elk aantal wijkt hooguit {d} af "
              "van het echte (variantie {v}), een aantal van 1 tot en met {low} komt nooit voor "
              "(het wordt 0 of minstens {n}), en dezelfde cel krijgt overal dezelfde waarde, op "
              "elke pagina en in elke download. Totalen kunnen iets afwijken van de som van de "
              "delen. Fte en kosten naast een aantal personen schalen mee met dat aantal: "
              "getoond = waarde × getoond aantal / echt aantal (0 als het getoonde aantal 0 "
              "is), afgerond op hele fte en hele euro's, zodat ze niet meer verraden dan het "
              "getoonde aantal. In downloads en de "
              "datatabel ontbreken rijen met 0 inzetten of 0 medewerkers. Gemiddelden en "
              "kosten staan er alleen bij minstens {n} inzetten. Gepubliceerde cijfers van UWV "
              "en CBS en door een bedrijf gepubliceerde totalen staan er zoals gepubliceerd.",
        "en": "Counts of persons are slightly perturbed (the cell key method that statistical "
              "offices use for user-defined tables): each count differs by at most {d} from the "
              "true one (variance {v}), a count of 1 to {low} never appears (it becomes 0 or at "
              "least {n}), and the same cell gets the same value everywhere, on every page and "
              "in every download. Totals may differ slightly from the sum of their parts. "
              "FTE and costs beside a count of persons are scaled with that count: shown = "
              "value × shown count / true count (0 where the shown count is 0), rounded to "
              "whole FTE and whole euros, so they tell no more than the count shown. Downloads "
              "and the data table leave out rows with 0 "
              "deployments or 0 employees. Means and costs are shown only over at least {n} "
              "deployments. Figures published by UWV and CBS, and totals a company published, "
              "are shown as published."},
    "starts_heatmap": {"nl": "Gestarte inzetten per instrument en doelgroep (klik om te filteren)",
                       "en": "Deployments started per instrument and target group "
                             "(click to filter)"},
    "flow": {"nl": "Inzet per instrument", "en": "Deployments per instrument"},
    "started": {"nl": "gestart", "en": "started"},
    "running": {"nl": "lopend aan het eind", "en": "running at the end"},
    "ended": {"nl": "beëindigd", "en": "ended"},
    "mean_days": {"nl": "gemiddelde duur (dagen)", "en": "mean duration (days)"},
    "to_work": {"nl": "naar werk", "en": "into work"},
    "cost_per_work": {"nl": "kosten per uitstroom naar werk (€)",
                      "en": "cost per exit into work (€)"},
    "outcomes": {"nl": "Resultaten per doelgroep (beëindigde inzetten)",
                 "en": "Outcomes per target group (ended deployments)"},
    "quarterly_starts": {"nl": "Gestarte inzetten per kwartaal",
                         "en": "Deployments started per quarter"},
    "reach": {"nl": "Bereik van de doelgroep", "en": "Reach of the target group"},
    "reached": {"nl": "bereikte personen", "en": "persons reached"},
    "reach_window": {"nl": "Personen met een lopende inzet van {van} t/m {tot}, tegen de omvang "
                           "van de doelgroep op {tot}.",
                     "en": "Persons with a deployment running from {van} to {tot}, against the "
                           "size of the group on {tot}."},
    "group_size": {"nl": "omvang doelgroep", "en": "size of the group"},
    "reach_over": {"nl": "⚠ Meer personen bereikt dan de doelgroep telt: de registratie van het "
                         "Werkcentrum en de telling van UWV sluiten niet op elkaar aan.",
                   "en": "⚠ More persons reached than the group holds: the Werkcentrum's "
                         "records and UWV's count do not match."},
    "reach_pct": {"nl": "bereik", "en": "reach"},
    "aoc": {"nl": "Pilot AOC (programma van 6 maanden)", "en": "AOC pilot (6-month programme)"},
    "aoc_within": {"nl": "afgerond binnen 6 maanden", "en": "completed within 6 months"},
    "dropout": {"nl": "uitval", "en": "dropped out"},
    "placements_target": {"nl": "Plaatsingen dit jaar tegen het lokale doel (alle instrumenten)",
                          "en": "Placements this year against the local target (all instruments)"},
    "download_screen": {"nl": "Cijfers op het scherm (CSV)", "en": "Figures on screen (CSV)"},
    "placements_filters": {
        "nl": "Deze tabel volgt alleen de gekozen gemeenten en het einde van de periode ({tot}), "
              "niet de doelgroepen, instrumenten of het begin: het lokale doel geldt voor alle "
              "doelgroepen en instrumenten samen, per kalenderjaar.",
        "en": "This table follows only the chosen municipalities and the end of the period "
              "({tot}), not the target groups, instruments or start: the local target covers "
              "all target groups and instruments together, per calendar year."},
    "definitions": {
        "nl": "Gestart: startdatum in de periode. Lopend: gestart en nog niet beëindigd op de "
              "laatste dag van de periode. Beëindigd: einddatum in de periode. Naar werk: "
              "regulier werk, werk met loonkostensubsidie of beschut werk. Duur: dagen van "
              "start tot einde. Kosten per uitstroom naar werk: alle kosten van de beëindigde "
              "inzetten gedeeld door het aantal dat in werk eindigde.",
        "en": "Started: start date in the period. Running: started and not ended on the last "
              "day of the period. Ended: end date in the period. Into work: regular work, work "
              "with wage subsidy or sheltered work. Duration: days from start to end. Cost per "
              "exit into work: all costs of the ended deployments divided by those ending in "
              "work."},
    "menu": {"nl": "Hoofdmenu", "en": "Main menu"},
    "nav_region": {"nl": "Regio en gemeenten", "en": "Region and municipalities"},
    "nav_werkcentrum": {"nl": "Werkcentrum", "en": "Work centre"},
    "nav_data": {"nl": "Data", "en": "Data"},
    "data_title": {"nl": "Data voor onderzoekers", "en": "Data for researchers"},
    "data_intro": {
        "nl": "Elke dataset met zijn betekenis en bron. Verken een dataset, filter op dimensies "
              "(gelijk aan; niet op aantallen personen) en periode, en download precies die "
              "selectie. Dezelfde selectie is als link en via de API op te vragen.",
        "en": "Every dataset with its meaning and source. Explore one, filter on dimensions "
              "(equals; not on counts of persons) and period, and download exactly that "
              "slice. The same slice is available as a link and through the API."},
    "datasets": {"nl": "Datasets", "en": "Datasets"},
    "dataset": {"nl": "Dataset", "en": "Dataset"},
    "definition": {"nl": "Definitie", "en": "Definition"},
    "rows": {"nl": "Rijen", "en": "Rows"},
    "provenance_mix": {"nl": "Herkomst", "en": "Provenance"},
    "columns": {"nl": "Kolommen", "en": "Columns"},
    "explorer": {"nl": "Verkenner", "en": "Explorer"},
    "from_period": {"nl": "Periode vanaf", "en": "Period from"},
    "to_period": {"nl": "Periode tot en met", "en": "Period to"},
    "grid_hint": {"nl": "Typ in de filterregel onder een kolomkop om op een waarde te filteren "
                        "(alleen dimensies); "
                        "klik op een kolomkop om te sorteren.",
                  "en": "Type in the filter row under a column header to filter on a value "
                        "(dimensions only); "
                        "click a header to sort."},
    "rows_in_slice": {"nl": "{n} rijen in deze selectie.", "en": "{n} rows in this slice."},
    "download_csv": {"nl": "CSV (standaard: , en .)", "en": "CSV (standard: , and .)"},
    "download_csv_nl": {"nl": "CSV voor Nederlandse Excel (; en ,)",
                        "en": "CSV for Dutch Excel (; and ,)"},
    "download_parquet": {"nl": "Parquet", "en": "Parquet"},
    "api_link": {"nl": "Dezelfde selectie via de API", "en": "The same slice through the API"},
    "export_note": {
        "nl": "Downloads zijn zip-bestanden met de data, metadata.json en LEESMIJ.txt "
              "(dataset, filters, definities, bron, stand, bescherming, tijdstip, versie). "
              "Aantallen personen zijn licht verstoord, ook in downloads en de API, zoals "
              "hieronder beschreven.",
        "en": "Downloads are zip files with the data, metadata.json and LEESMIJ.txt (dataset, "
              "filters, definitions, source, data date, protection, time, version). Counts of "
              "persons are slightly perturbed, in downloads and the API too, as described "
              "below."},
    "nav_sob": {"nl": "Sociaal ontwikkelbedrijf", "en": "Social development company"},
    "sob_title": {"nl": "Sociaal ontwikkelbedrijven: van smal naar breed",
                  "en": "Social development companies: from narrow to broad"},
    "sob_intro": {
        "nl": "{companies}: wie er werkt, per eenheid, werkvorm en regeling; hoe het aandeel "
              "mensen buiten de Wsw groeit nu de Wsw sinds 2015 geen instroom meer heeft; wat "
              "dat betekent voor omzet en financiering.",
        "en": "{companies}: who works there, per unit, work form and scheme; how the share of "
              "people outside the Wsw grows now that the Wsw has had no inflow since 2015; what "
              "that means for revenue and funding."},
    "n_companies": {"nl": "{n} sociaal ontwikkelbedrijven", "en": "{n} social development "
                                                                   "companies"},
    "and": {"nl": "en", "en": "and"},
    "other_series": {"nl": "overige ({n})", "en": "other ({n})"},
    "organisation": {"nl": "Organisatie", "en": "Organisation"},
    "unit": {"nl": "Eenheid", "en": "Unit"},
    "work_form": {"nl": "Werkvorm", "en": "Work form"},
    "scheme": {"nl": "Regeling", "en": "Scheme"},
    "home_municipality": {"nl": "Woongemeente", "en": "Home municipality"},
    "from_month": {"nl": "Van maand", "en": "From month"},
    "to_month": {"nl": "Tot en met maand", "en": "To month (inclusive)"},
    "persons_now": {"nl": "personen (laatste maand)", "en": "persons (last month)"},
    "fte_now": {"nl": "fte (laatste maand)", "en": "FTE (last month)"},
    "wsw_now": {"nl": "waarvan Wsw", "en": "of whom Wsw"},
    "broad_share": {"nl": "aandeel niet-Wsw (breed)", "en": "share non-Wsw (broad)"},
    "workforce": {"nl": "Bezetting per regeling (personen per maand)",
                  "en": "Workforce per scheme (persons per month)"},
    "transition": {"nl": "Van smal naar breed: aandeel mensen buiten de Wsw",
                   "en": "From narrow to broad: share of people outside the Wsw"},
    "units": {"nl": "Personen per eenheid en werkvorm ({month})",
              "en": "Persons per unit and work form ({month})"},
    "fte": {"nl": "fte", "en": "FTE"},
    "wsw_projection": {"nl": "Wsw-medewerkers: verloop en projectie tot 2035",
                       "en": "Wsw employees: decline and projection to 2035"},
    "band": {"nl": "bandbreedte", "en": "range"},
    "observed": {"nl": "waargenomen (januari)", "en": "observed (January)"},
    "projected": {"nl": "projectie", "en": "projection"},
    "backtest_line": {"nl": "toets: projectie vanaf {year}", "en": "check: projection from {year}"},
    "projection_summary": {
        "nl": "Verwacht in januari {year}: {n} Wsw-medewerkers (bandbreedte {low} tot {high}). "
              "Over {half} jaar is de helft van de huidige Wsw-medewerkers er nog.",
        "en": "Expected in January {year}: {n} Wsw employees (range {low} to {high}). In {half} "
              "years half of today's Wsw employees remain."},
    "projection_method": {
        "nl": "Methode: sinds 2015 stromen er geen mensen meer de Wsw in, dus het aantal daalt "
              "alleen door uitstroom. De projectie gebruikt de gemiddelde jaarlijkse uitstroom "
              "(januari tot januari, meetkundig gemiddeld): {rate}% per jaar. De bandbreedte "
              "gebruikt het laagste ({low}%) en hoogste ({high}%) waargenomen jaar.",
        "en": "Method: since 2015 nobody enters the Wsw, so the number only falls by outflow. "
              "The projection uses the average yearly outflow (January to January, geometric "
              "mean): {rate}% a year. The range uses the lowest ({low}%) and highest ({high}%) "
              "observed year."},
    "backtest": {
        "nl": "Toets op de geschiedenis: een projectie vanaf januari {year}, met alleen de "
              "gegevens van toen, wijkt tot en met {last} hoogstens {miss}% af van wat er "
              "gebeurde (wij aanvaarden tot {tol}%).",
        "en": "Check on history: a projection from January {year}, with only the data known "
              "then, misses what happened up to {last} by at most {miss}% (we accept up to "
              "{tol}%)."},
    "year": {"nl": "Jaar", "en": "Year"},
    "revenue": {"nl": "Omzet per eenheid (volle jaren) en gemiddelde bezetting",
                "en": "Revenue per unit (full years) and average headcount"},
    "avg_persons": {"nl": "gemiddeld aantal personen", "en": "average persons"},
    "revenue_eur": {"nl": "omzet (€)", "en": "revenue (€)"},
    "avg_fte": {"nl": "gemiddelde fte", "en": "average FTE"},
    "revenue_per_fte": {"nl": "omzet per fte (€)", "en": "revenue per FTE (€)"},
    "funding": {"nl": "Financiering per regeling en jaar", "en": "Funding per scheme and year"},
    "funding_note": {
        "nl": "Rivierenland: gepubliceerde tabel 2025–2034 uit het transitieplan; Amersfoort: "
              "de bekende bedragen. Structurele bedragen staan in de tabel, niet in de grafiek.",
        "en": "Rivierenland: the published 2025–2034 table from its transition plan; "
              "Amersfoort: the known amounts. Structural amounts are in the table, not the "
              "chart."},
    "structural": {"nl": "structureel", "en": "structural"},
    "def_impuls_t": {"nl": "Impulsbudget sociaal ontwikkelbedrijf",
                     "en": "Impulse budget social development company"},
    "def_impuls": {"nl": "Tijdelijk rijksgeld om het sociaal ontwikkelbedrijf om te bouwen naar "
                         "een breed bedrijf; loopt af.",
                   "en": "Temporary central-government money to turn the company into a broad "
                         "one; it tapers off."},
    "def_rijksbijdrage_t": {"nl": "Rijksbijdrage sociale infrastructuur",
                            "en": "Central contribution to social infrastructure"},
    "def_rijksbijdrage": {"nl": "Structurele bijdrage voor de infrastructuur (begeleiding, "
                                "plekken) die ook na de Wsw nodig blijft.",
                          "en": "Structural contribution to the infrastructure (support, "
                                "places) that remains needed after the Wsw."},
    "def_beschut_t": {"nl": "Budget beschut werk", "en": "Sheltered-work budget"},
    "def_beschut": {"nl": "Middelen voor loonkosten en begeleiding van beschutte plekken onder "
                          "de Participatiewet; groeit met het aantal plekken.",
                    "en": "Funds for wages and support of sheltered places under the "
                          "Participation Act; grows with the number of places."},
    "total": {"nl": "Totaal", "en": "Total"},
    "no_data": {"nl": "Geen gegevens voor deze keuze.", "en": "No data for this choice."},
    "no_data_short": {"nl": "geen gegevens", "en": "no data"},
    "no_data_area": {"nl": "Voor {name} zijn (nog) geen cijfers: de gegevens dekken nu {regions}.",
                     "en": "There are no figures for {name} (yet): the data now cover {regions}."},
    "not_found": {"nl": "Pagina niet gevonden", "en": "Page not found"},
    "not_found_text": {"nl": "Dit adres bestaat niet (meer). Kies hieronder een pagina.",
                       "en": "This address does not exist (any more). Choose a page below."},
    "missing_warehouse": {"nl": "Er is nog geen datawarehouse. Bouw het met: python -m etl build",
                          "en": "There is no warehouse yet. Build it with: python -m etl build"},
    "beheer_title": {"nl": "Beheer: cijfers bijwerken", "en": "Stewardship: update the figures"},
    "beheer_intro": {
        "nl": "Lever een nieuw bronbestand aan. Het wordt eerst gecontroleerd door er een "
              "proefversie van het datawarehouse mee te bouwen; u ziet welke cijfers veranderen "
              "voordat u publiceert. Elke stap komt in het logboek onderaan.",
        "en": "Deliver a new source file. It is checked first by building a trial warehouse "
              "with it; you see which figures change before you publish. Every step is "
              "recorded in the log at the bottom."},
    "current_generation": {"nl": "Huidige stand", "en": "Current generation"},
    "generation": {"nl": "Generatie", "en": "Generation"},
    "built_at": {"nl": "Gebouwd op", "en": "Built at"},
    "file": {"nl": "Bestand", "en": "File"},
    "files": {"nl": "Bestanden", "en": "Files"},
    "upload_title": {"nl": "Bestand aanleveren en controleren", "en": "Upload and check a file"},
    "upload_hint": {
        "nl": "Sleep bestanden hierheen of klik om te kiezen (CSV of XLSX, met een naam volgens "
              "het broncontract, bijvoorbeeld uwv_banenafspraak_2025K2.csv).",
        "en": "Drop files here or click to choose (CSV or XLSX, named by the source contract, "
              "e.g. uwv_banenafspraak_2025K2.csv)."},
    "uploads": {"nl": "Aanleveringen", "en": "Uploads"},
    "uploaded_by": {"nl": "Door", "en": "By"},
    "when": {"nl": "Wanneer", "en": "When"},
    "state": {"nl": "Stand", "en": "State"},
    "actions": {"nl": "Acties", "en": "Actions"},
    "st_checking": {"nl": "wordt gecontroleerd", "en": "being checked"},
    "st_queued": {"nl": "wacht op controle ({n} eerder)",
                  "en": "waiting to be checked ({n} ahead)"},
    "st_ready": {"nl": "klaar om te publiceren", "en": "ready to publish"},
    "st_failed": {"nl": "afgekeurd", "en": "refused"},
    "st_published": {"nl": "gepubliceerd", "en": "published"},
    "st_discarded": {"nl": "weggegooid", "en": "discarded"},
    "publish": {"nl": "Publiceren", "en": "Publish"},
    "discard": {"nl": "Weggooien", "en": "Discard"},
    "restore": {"nl": "Terugzetten", "en": "Restore"},
    "row": {"nl": "Rij", "en": "Row"},
    "column": {"nl": "Kolom", "en": "Column"},
    "reason": {"nl": "Reden", "en": "Reason"},
    "value": {"nl": "Waarde", "en": "Value"},
    "changes_title": {"nl": "Wat verandert er in de cijfers", "en": "What changes in the figures"},
    "changes_for": {"nl": "Aanlevering", "en": "Upload"},
    "no_ready": {"nl": "Geen aanlevering klaar om te publiceren.",
                 "en": "No upload ready to publish."},
    "changes_counts": {
        "nl": "{status} statuswijzigingen, {value} gewijzigde waarden, {added} nieuwe en "
              "{removed} verdwenen cijfers; {published} gepubliceerde cijfers veranderen.",
        "en": "{status} status changes, {value} changed values, {added} new and {removed} "
              "removed figures; {published} published figures change."},
    "added_periods": {"nl": "Nieuwe perioden", "en": "New periods"},
    "no_changes": {"nl": "Deze aanlevering verandert geen cijfers.",
                   "en": "This upload changes no figures."},
    "old": {"nl": "nu", "en": "now"},
    "new": {"nl": "straks", "en": "after"},
    "change": {"nl": "Wijziging", "en": "Change"},
    "ch_status": {"nl": "status", "en": "status"},
    "ch_value": {"nl": "waarde", "en": "value"},
    "ch_added": {"nl": "nieuw", "en": "new"},
    "ch_removed": {"nl": "verdwijnt", "en": "removed"},
    "published_figure": {"nl": "★ gepubliceerd cijfer", "en": "★ published figure"},
    "previous": {"nl": "Vorige", "en": "Previous"},
    "next": {"nl": "Volgende", "en": "Next"},
    "rows_of": {"nl": "rij {a}–{b} van {n}", "en": "rows {a}–{b} of {n}"},
    "generations": {"nl": "Bewaarde standen (terugzetten)", "en": "Kept generations (roll back)"},
    "current": {"nl": "huidig", "en": "current"},
    "outside_page": {"nl": "buiten deze pagina gebouwd", "en": "built outside this page"},
    "load_history": {"nl": "Laadgeschiedenis per bron", "en": "Load history per source"},
    "read": {"nl": "Gelezen", "en": "Read"},
    "loaded": {"nl": "Geladen", "en": "Loaded"},
    "rejected": {"nl": "Afgekeurd", "en": "Rejected"},
    "quarantine": {"nl": "Quarantaine: afgekeurde cellen", "en": "Quarantine: rejected cells"},
    "all": {"nl": "alle", "en": "all"},
    "quarantine_csv": {"nl": "Download als CSV", "en": "Download as CSV"},
    "shown_first": {"nl": "De eerste {n} van {total} getoond.",
                    "en": "The first {n} of {total} shown."},
    "audit": {"nl": "Logboek", "en": "Audit trail"},
    "action": {"nl": "Handeling", "en": "Action"},
    "outcome": {"nl": "Uitkomst", "en": "Outcome"},
    "a_upload": {"nl": "aanlevering", "en": "upload"},
    "a_check": {"nl": "controle", "en": "check"},
    "a_publish": {"nl": "publicatie", "en": "publish"},
    "a_discard": {"nl": "weggooien", "en": "discard"},
    "a_restore": {"nl": "terugzetten", "en": "restore"},
    "system": {"nl": "systeem", "en": "system"},
    "done_publish": {"nl": "Gepubliceerd: generatie {n} is nu de huidige stand.",
                     "en": "Published: generation {n} is now current."},
    "done_discard": {"nl": "Aanlevering {n} weggegooid.", "en": "Upload {n} discarded."},
    "done_restore": {"nl": "Generatie {n} is weer de huidige stand.",
                     "en": "Generation {n} is current again."},
    "refused_upload": {"nl": "{file}: geweigerd — {reason}", "en": "{file}: refused — {reason}"},
    # --- issue 24: status colours, pace, outlook, comparison, titles, report ---
    "legend_status": {"nl": "Kleur = status tegen het doel:", "en": "Colour = status against "
                                                                     "the target:"},
    "map_status": {"nl": "Kaart: status tegen het doel", "en": "Map: status against the target"},
    "target_tick": {"nl": "doel {n}", "en": "target {n}"},
    "max_tick": {"nl": "max. {n}", "en": "max. {n}"},
    "at_most": {"nl": "≤ {n}", "en": "≤ {n}"},
    "expected_now": {"nl": "verwacht nu: {n}", "en": "expected now: {n}"},
    "key_target": {"nl": "doel", "en": "target"},
    "key_pace": {"nl": "verwacht nu (rechte lijn van de stand op 1 januari naar het doel op "
                       "31 december)",
                 "en": "expected now (straight line from the figure on 1 January to the "
                       "target on 31 December)"},
    "above_max": {"nl": "{n} {unit} boven het maximum van {target} — lager is beter",
                  "en": "{n} {unit} above the maximum of {target} — lower is better"},
    "below_max": {"nl": "{n} {unit} onder het maximum van {target} — lager is beter",
                  "en": "{n} {unit} below the maximum of {target} — lower is better"},
    "outlook_at": {"nl": "In het huidige tempo: doel bereikt in {q}",
                   "en": "At the current pace: target reached in {q}"},
    "outlook_late": {"nl": "In het huidige tempo: niet vóór de deadline ({deadline})",
                     "en": "At the current pace: not before the deadline ({deadline})"},
    "outlook_met": {"nl": "Doel bereikt", "en": "Target reached"},
    "outlook_band": {"nl": "bandbreedte {a} – {b}", "en": "range {a} – {b}"},
    "outlook_never": {"nl": "niet bij dit tempo", "en": "not at this pace"},
    "outlook_needed": {"nl": "nodig: {n} per kwartaal tot {deadline}",
                       "en": "needed: {n} per quarter until {deadline}"},
    "outlook_title": {"nl": "Wanneer wordt het doel bereikt?",
                      "en": "When will the target be reached?"},
    "outlook_method": {
        "nl": "Methode: de trend (kleinste kwadraten) van de laatste vier kwartalen, "
              "doorgetrokken tot het doel; de bandbreedte loopt van de traagste tot de snelste "
              "kwartaalverandering in die vier kwartalen. Deadline: 31 december van het jaar "
              "van het laatste doel. Plaatsingen tellen per jaar opnieuw: die moeten binnen "
              "het jaar gehaald worden.",
        "en": "Method: the least-squares trend of the last four quarters, extended to the "
              "target; the range runs from the slowest to the fastest quarterly change in "
              "those four quarters. Deadline: 31 December of the latest target's year. "
              "Placements start again each year: they must be reached within the year."},
    "outlook_backtest": {
        "nl": "Toets op de geschiedenis van {name}: vanuit {n} eerdere kwartalen, met alleen "
              "de gegevens van toen, lag de stand een jaar later {hits} keer binnen de "
              "bandbreedte ({rate}%).",
        "en": "Check on the history of {name}: from {n} earlier quarters, with only the data "
              "known then, the figure a year later fell inside the range {hits} times "
              "({rate}%)."},
    "outlook_too_short": {"nl": "te weinig kwartalen voor een trend",
                          "en": "too few quarters for a trend"},
    "axis_date": {"nl": "Periode", "en": "Period"},
    "axis_percent": {"nl": "Realisatie (%)", "en": "Realisation (%)"},
    "axis_count": {"nl": "Aantal {unit}", "en": "Number of {unit}"},
    "axis_running": {"nl": "Aantal {unit} dit jaar (opgeteld)",
                     "en": "Number of {unit} this year (running)"},
    "pace_line": {"nl": "tempo naar het doel", "en": "pace to the target"},
    "projection_line": {"nl": "huidig tempo (bandbreedte)", "en": "current pace (range)"},
    "per_10000": {"nl": "per 10.000 inwoners", "en": "per 10,000 inhabitants"},
    "region_named": {"nl": "Regio {name} (totaal)", "en": "Region {name} (total)"},
    "size_class": {"nl": "Gemeenten met {range} inwoners (gemiddelde van {n})",
                   "en": "Municipalities of {range} inhabitants (average of {n})"},
    "national": {"nl": "Nederland", "en": "The Netherlands"},
    "national_missing": {
        "nl": "Een landelijk cijfer ontbreekt: de gegevens dekken niet alle gemeenten.",
        "en": "No national figure: the data do not cover every municipality."},
    "filters_toggle": {"nl": "Filters tonen of verbergen", "en": "Show or hide filters"},
    "report_summary_short": {
        "nl": "{name} telt {value} {noun}, {gap} onder het doel voor {year}",
        "en": "{name} has {value} {noun}, {gap} short of the target for {year}"},
    "report_summary_above": {
        "nl": "{name} telt {value} {noun}, {gap} boven het maximum voor {year}",
        "en": "{name} has {value} {noun}, {gap} above the maximum for {year}"},
    "report_summary_met": {
        "nl": "{name} telt {value} {noun} en haalt het doel voor {year}",
        "en": "{name} has {value} {noun} and meets the target for {year}"},
    "report_summary_share": {
        "nl": "{indicator} in {name}: {value} (doel {target} in {year})",
        "en": "{indicator} in {name}: {value} (target {target} in {year})"},
    "report_pace_at": {"nl": "in het huidige tempo wordt het doel in {q} bereikt",
                       "en": "at the current pace the target is reached in {q}"},
    "report_pace_late": {"nl": "in het huidige tempo niet vóór de deadline",
                         "en": "at the current pace not before the deadline"},
    "report_place": {"nl": "Plaats in de regio", "en": "Place in the region"},
    "report_rank": {"nl": "{rank}e van {n} gemeenten ({measure})",
                    "en": "{rank} of {n} municipalities ({measure})"},
    "report_trends": {"nl": "Verloop (laatste vijf jaar)", "en": "Trend (last five years)"},
    "report_summary_title": {"nl": "Samenvatting", "en": "Summary"},
    "report_pdf_pages": {"nl": "Raadsrapport (PDF, 2 pagina's)",
                         "en": "Council report (PDF, 2 pages)"},
    "report_page": {"nl": "pagina {n} van {of}", "en": "page {n} of {of}"},
}

STATUS = {
    "behaald": {"nl": "✔ behaald", "en": "✔ met"},
    "op_koers": {"nl": "↗ op koers", "en": "↗ on track"},
    "risico": {"nl": "⚠ risico", "en": "⚠ at risk"},
    "achter": {"nl": "✖ achter", "en": "✖ behind"},
    "geen_doel": {"nl": "– geen doel", "en": "– no target"},
}


POINTS = {"nl": "procentpunt", "en": "percentage points"}

MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def t(key: str, lang: str, **fields: object) -> str:
    """The UI string `key` in `lang` (Dutch when the language is unknown), fields filled in."""
    entry = TEXT.get(key) or STATUS[key]
    text = entry.get(lang, entry["nl"])
    return text.format(**fields) if fields else text


def fmt_date(iso: str | None, lang: str = "nl") -> str:
    """'31 maart 2025' in Dutch, '31 March 2025' in English, from an ISO date."""
    if not iso:
        return "–"
    year, month, day = (int(p) for p in iso[:10].split("-"))
    return f"{day} {(MONTHS_NL if lang == 'nl' else MONTHS_EN)[month - 1]} {year}"


def gap_sentence(noun: str, unit: str, richting: str, verschil: float | None,
                 lang: str = "nl") -> str:
    """The gap in plain words: 'nog 646 banen tot het doel', 'doel gehaald (12 banen ruimte)';
    `noun` is what a count counts (dim_indicator.woord_nl / woord_en)."""
    if verschil is None or verschil != verschil:
        return t("no_target", lang)
    n, word = gap_amount(verschil, unit, noun, lang)
    if verschil <= 0:
        return t("met", lang, n=n, unit=word)
    return t("short" if richting == "hoger_beter" else "above", lang, n=n, unit=word)


def gap_amount(verschil: float, unit: str, noun: str, lang: str = "nl") -> tuple[str, str]:
    """The size of a gap and its word: ('646', 'banen'), ('4,2', 'procentpunt'),
    ('3,1', 'per 1.000 inwoners')."""
    if unit == "aandeel":
        return fmt_number(abs(verschil) * 100, lang, 1), POINTS[lang if lang in LANGS else "nl"]
    if unit == "per_1000":
        return fmt_number(abs(verschil), lang, 1), t("per_1000", lang)
    return fmt_number(abs(verschil), lang), noun


def fmt_number(value: float | None, lang: str = "nl", decimals: int = 0) -> str:
    """4.597 and 12,5 in Dutch; 4,597 and 12.5 in English; '–' when unknown."""
    if value is None or value != value:
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def fmt_value(value: float | None, unit: str, lang: str = "nl") -> str:
    """A count as a whole number, a share as a percentage with one decimal, a density per
    1,000 with one decimal."""
    if unit == "aandeel":
        return "–" if value is None or value != value else fmt_number(value * 100, lang, 1) + "%"
    return fmt_number(value, lang, 1 if unit == "per_1000" else 0)


def fmt_period(label: str, lang: str = "nl") -> str:
    """'2025-K1' → '1e kwartaal 2025' / 'Q1 2025'; '2025-03' → 'maart 2025'; '2025' stays."""
    year, _, rest = label.partition("-")
    if rest.startswith("K"):
        return f"{rest[1:]}e kwartaal {year}" if lang == "nl" else f"Q{rest[1:]} {year}"
    if rest:
        return f"{(MONTHS_NL if lang == 'nl' else MONTHS_EN)[int(rest) - 1]} {year}"
    return year


def category(value: str, lang: str) -> str:
    """A category value from the sources (target group, outcome, instrument, work form,
    scheme, unit) in the UI language: Dutch as the source spells it, English as the value
    lists in the warehouse name it (unknown values as they are)."""
    return vocabulary_data.english().get(value, value) if lang == "en" else value
