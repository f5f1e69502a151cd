"""The datasets researchers may explore and export: what each one is, where it comes from,
what its columns mean, which columns count persons (those are protected on the way out and
never filtered on), and who may read what (`RESTRICTED`).

`DatasetQuery` is the one description of a slice: the data page's grid, its download links and
the HTTP API all build one and hand it to `dashboard.data.datasets`, so they return the same
rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PERIOD_ARGS = ("periode_van", "periode_tot")
# Request arguments that choose how a slice is delivered, not which rows it holds.
OPTION_ARGS = ("lang", "dialect", "format", "limit", "offset")

# A spreadsheet runs a text cell starting with one of these as a formula: CSV exports and the
# report's CSV write such cells with a leading ' instead.
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")

# Text columns the ETL holds to codes, periods or fixed lists (checked on load, and by the data
# tests): none of their values can start a spreadsheet formula, so CSV exports write them as
# they are instead of testing every cell.
CODED = frozenset({"periode", "arbeidsmarktregio_code", "gemeente_code", "gebied_code",
                   "gebied_niveau", "indicator", "richting", "status", "doel_status",
                   "provenance", "doelgroep", "werkvorm"})

# Who may read what: the one rule every door consults (pages and their callbacks, the API,
# exports, the grid). Keys name a dataset, a Dash page by the path it registered, or a Flask
# route by its rule as registered ("/api/v1/uploads/<int:id>"); the value is the role needed.
# Anything not named here is public. Without a USERS_FILE only what reads data is open.
RESTRICTED: dict[tuple[str, str], str] = {
    ("dataset", "instrument_inzet"): "werkcentrum",
    # rows loaded per file: for a file of person records, an exact count of persons
    ("dataset", "load_log"): "beheerder",
    ("page", "/werkcentrum"): "werkcentrum",
    ("route", "/werkcentrum/cijfers.csv"): "werkcentrum",
    ("page", "/beheer"): "beheerder",
    ("route", "/api/v1/uploads"): "beheerder",
    ("route", "/api/v1/uploads/<int:upload_id>"): "beheerder",
    ("route", "/api/v1/uploads/<int:upload_id>/publish"): "beheerder",
    ("route", "/api/v1/generations"): "beheerder",
    ("route", "/api/v1/generations/<int:gid>/restore"): "beheerder",
    ("route", "/api/v1/audit"): "beheerder",
    ("route", "/beheer/quarantaine.csv"): "beheerder",
}
# Roles that change the data: without a USERS_FILE what they guard is shut, not open.
SHUT_WITHOUT_USERS = frozenset({"beheerder"})

COMMON = {
    "periode": "Periode: jaar (2024), kwartaal (2024-K3) of maand (2024-09).",
    "arbeidsmarktregio_code": "CBS-code van de arbeidsmarktregio (AM14 = Amersfoort).",
    "gemeente_code": "CBS-code van de gemeente (GM0307); leeg = regiototaal uit de bron.",
    "provenance": "published = gepubliceerd cijfer; sample = voorbeelddata (niet gepubliceerd).",
    "bron": "Publicatie van een gepubliceerde rij (uitgever, titel, periode, link); leeg bij "
            "voorbeelddata.",
    "bron_bestand": "Het bronbestand in data/raw waaruit de rij komt.",
    "bron_rij": "Regelnummer in dat bronbestand.",
}

# the columns of a measures model (etl/sql/measures), the labour-market datasets
MEASURES = {
    "bron": "Bron in het magazijn (ww, bijstand).",
    "value": "Waarde aan het eind van de periode; leeg = onbekend.",
    "publicatie": "Publicatie van een gepubliceerde rij (uitgever, periode, link); leeg bij "
                  "voorbeelddata.",
}


@dataclass(frozen=True)
class Dataset:
    """One table of the warehouse offered for export."""

    name: str
    table: str
    title: dict[str, str]
    description: dict[str, str]
    source: str
    columns: dict[str, str]  # meaning of the columns (others: see COMMON)
    period: str | None = "periode"
    person_counts: tuple[str, ...] = ()
    # Magnitudes summed over the persons of the first count (costs of the deployments, FTE of
    # the employees): shown scaled by that count's perturbation
    # (dashboard.data.datasets._slice_sql).
    linked: tuple[str, ...] = field(default=())

    def meaning(self, column: str) -> str:
        """What a column means ('' when undocumented)."""
        return self.columns.get(column) or COMMON.get(column, "")

    @property
    def protected(self) -> frozenset[str]:
        """Columns whose raw values must never select, order or count rows: the person
        counts and the magnitudes scaled with them."""
        return frozenset((*self.person_counts, *self.linked))


DATASETS: dict[str, Dataset] = {d.name: d for d in (
    Dataset(
        "gaps", "gaps",
        {"nl": "Realisatie tegen doelen", "en": "Realisation against targets"},
        {"nl": "Per indicator, gebied en periode: realisatie, doel, verschil (> 0 = tekort), "
               "realisatie als deel van het doel en de status naar tempo.",
         "en": "Per indicator, area and period: realisation, target, gap (> 0 = shortfall), "
               "realisation as a share of the target and the status judged by pace."},
        "Afgeleid uit de feitentabellen en doelstellingen (zie docs/warehouse.md).",
        {"indicator": "Indicator (zie dim_indicator).", "gebied_code": "GM- of AM-code.",
         "gebied_naam": "Naam van het gebied.", "gebied_niveau": "gemeente of arbeidsmarktregio.",
         "realisatie": "Gerealiseerde waarde (aandelen als fractie: 0,65 = 65%).",
         "doel": "Doel voor die periode.", "verschil": "Afstand tot het doel (> 0 = tekort).",
         "realisatie_pct": "Realisatie gedeeld door doel.",
         "richting": "hoger_beter of lager_beter.",
         "status": "behaald, op_koers, risico, achter of geen_doel (naar tempo).",
         "verwacht": "Verwachte waarde op de lijn van beginstand naar doel (leeg zonder "
                     "beginstand).",
         "beoordeling": "tempo (tegen de verwachte waarde) of niveau (zonder beginstand: "
                        "tegen het doel zelf).",
         "realisatie_bron": "Publicatie(s) van de gepubliceerde realisatie; leeg bij "
                            "voorbeelddata.",
         "doel_bron": "Bron van het doel.",
         "doel_status": "wettelijk, indicatief, lokaal, afgeleid of voorbeeld (verzonnen "
                        "voorbeelddoel)."},
    ),
    Dataset(
        "banenafspraak", "fct_banenafspraak",
        {"nl": "Banenafspraak", "en": "Jobs agreement"},
        {"nl": "Mensen in de doelgroep banenafspraak, hoeveel er werken en het aantal banen.",
         "en": "People in the jobs-agreement target group, how many work, and the jobs."},
        "UWV, Dashboard Banenafspraak; regiocijfers gepubliceerd, gemeentecijfers voorbeelddata.",
        {"personen_in_doelgroep": "Personen in het doelgroepregister.",
         "werkzame_personen": "Personen uit de doelgroep met werk.",
         "banen": "Banen van 25,5 uur (telling banenafspraak).",
         "extra_banen": "Extra banen ten opzichte van de nulmeting 2012."},
    ),
    Dataset(
        "beschut_werk", "fct_beschut_werk",
        {"nl": "Beschut werk", "en": "Sheltered work"},
        {"nl": "Positieve adviezen beschut werk en mensen die beschut werken.",
         "en": "Positive sheltered-work advice and people working in sheltered work."},
        "UWV, beschut werk; gemeentecijfers voorbeelddata.",
        {"positief_advies": "Personen met een positief advies beschut werk.",
         "werkzaam_beschut": "Personen die op een beschutte plek werken."},
    ),
    Dataset(
        "jeugd_ww", "fct_jeugd_ww",
        {"nl": "Jongeren in de WW", "en": "Young people on unemployment benefit"},
        {"nl": "WW-uitkeringen van jongeren en hoeveel daarvan zonder startkwalificatie.",
         "en": "Unemployment benefits of young people and how many lack a basic "
               "qualification."},
        "UWV, WW naar leeftijd en opleiding; deels gepubliceerd.",
        {"leeftijdsklasse": "Leeftijdsklasse.", "ww_uitkeringen": "Lopende WW-uitkeringen.",
         "zonder_startkwalificatie": "Waarvan zonder startkwalificatie."},
    ),
    # the labour-market context: the sources' measures models, long (one row per measure)
    Dataset(
        "ww", "msr_ww",
        {"nl": "WW-uitkeringen", "en": "Unemployment benefits (WW)"},
        {"nl": "Lopende WW-uitkeringen en personen met WW aan het eind van de maand, per "
               "gemeente en arbeidsmarktregio; één rij per maat.",
         "en": "Unemployment benefits (WW) and people on WW at the end of the month, per "
               "municipality and labour-market region; one row per measure."},
        "UWV; regiocijfers en enkele gemeentecijfers gepubliceerd (zie publicatie), de rest "
        "voorbeelddata.",
        {**MEASURES,
         "measure": "uitkeringen, personen, nieuwe_uitkeringen, beeindigde_uitkeringen, "
                    "nieuwe_uitkeringen_cumulatief (sinds januari), beroepsbevolking of "
                    "ww_percentage (als fractie).",
         "provenance": "published of sample, per waarde: een gepubliceerde rij kan "
                       "voorbeeldwaarden naast gepubliceerde bevatten."},
    ),
    Dataset(
        "bijstand", "msr_bijstand",
        {"nl": "Bijstand", "en": "Social assistance"},
        {"nl": "Bijstandsuitkeringen (Participatiewet) en personen in de bijstand per gemeente "
               "en jaar, met het inwonertal waarmee de bijstandsdichtheid wordt berekend; één "
               "rij per maat.",
         "en": "Social assistance benefits (Participatiewet) and people on assistance per "
               "municipality and year, with the population the density is computed from; one "
               "row per measure."},
        "Gemeenten (jaarverslagen) en regionale pers; Amersfoort 2014-2018 en Tiel en West "
        "Betuwe 2020-2022 gepubliceerd, de rest voorbeelddata.",
        {**MEASURES,
         "measure": "uitkeringen, personen, instroom, uitstroom, uitstroom_naar_werk, "
                    "dichtheid (gepubliceerd, per 1.000 inwoners) of inwoners.",
         "provenance": "published of sample, per waarde: een gepubliceerde rij kan "
                       "voorbeeldwaarden naast gepubliceerde bevatten."},
    ),
    Dataset(
        "instrument_inzet", "fct_instrument_kwartaal",
        {"nl": "Werkcentrum: inzet van instrumenten (per kwartaal)",
         "en": "Work centre: instrument deployments (per quarter)"},
        {"nl": "Gestarte inzetten per kwartaal, gemeente, doelgroep en instrument, en hoeveel "
               "daarvan tot nu toe in werk of uitval eindigden. Aantallen zijn verstoord, de "
               "kosten schalen mee met de inzetten.",
         "en": "Deployments started per quarter, municipality, target group and instrument, "
               "and how many ended in work or dropped out so far. Counts are perturbed, the "
               "costs scaled with the deployments."},
        "Werkcentrum regio Amersfoort / Rivierenland, registratie op persoonsniveau "
        "(gepseudonimiseerd); voorbeelddata.",
        {"doelgroep": "Doelgroep van de persoon bij de inzet.", "instrument": "Instrument.",
         "inzetten": "Gestarte inzetten.", "personen": "Verschillende personen.",
         "naar_werk": "Inzetten geëindigd in regulier werk, werk met LKS of beschut werk.",
         "uitval": "Inzetten geëindigd in uitval.", "kosten": "Kosten van die inzetten (€)."},
        person_counts=("inzetten", "personen", "naar_werk", "uitval"), linked=("kosten",),
    ),
    Dataset(
        "sob_bezetting", "fct_sob_bezetting",
        {"nl": "Sociaal ontwikkelbedrijven: bezetting", "en": "Social development companies: "
                                                              "workforce"},
        {"nl": "Personen en fte per organisatie, eenheid, werkvorm, regeling en woongemeente.",
         "en": "Persons and FTE per organisation, unit, work form, scheme and home "
               "municipality."},
        "Amfors, Inclusief Groep, Werkzaak; voorbeelddata rond gepubliceerde totalen.",
        {"organisatie": "Sociaal ontwikkelbedrijf.", "unit": "Bedrijfsonderdeel.",
         "werkvorm": "Begeleid werken, detachering, werken op locatie, beschut intern.",
         "regeling": "Wsw, beschut werk, Participatiewet-traject, AOC, overig.",
         "medewerkers": "Personen in dienst of geplaatst.", "fte": "Fte van die personen."},
        person_counts=("medewerkers",), linked=("fte",),
    ),
    Dataset(
        "sob_omzet", "fct_sob_omzet",
        {"nl": "Sociaal ontwikkelbedrijven: omzet", "en": "Social development companies: "
                                                          "revenue"},
        {"nl": "Omzet per organisatie en eenheid.", "en": "Revenue per organisation and unit."},
        "Jaarverslagen en voorbeelddata.",
        {"organisatie": "Sociaal ontwikkelbedrijf.", "unit": "Bedrijfsonderdeel.",
         "omzet": "Omzet in de periode (€)."},
    ),
    Dataset(
        "financiering", "fct_financiering",
        {"nl": "Financiering", "en": "Funding"},
        {"nl": "Budgetten per regeling en jaar.", "en": "Budgets per scheme and year."},
        "Rijksbegroting, regionale begrotingen en transitieplan Rivierenland.",
        {"organisatie": "Gemeente, regio of bedrijf dat het budget krijgt.",
         "regeling": "De regeling.", "jaar": "Begrotingsjaar.",
         "structureel": "Structureel (true) of incidenteel.", "bedrag": "Bedrag (€)."},
        period=None,
    ),
    Dataset(
        "doelstellingen", "doelstellingen",
        {"nl": "Doelstellingen", "en": "Targets"},
        {"nl": "Doelen per indicator, gebied en jaar, met hun status en bron.",
         "en": "Targets per indicator, area and year, with their status and source."},
        "Wet- en regelgeving, regionale afspraken, lokale ambities (zie kolom bron).",
        {"jaar": "Jaar tegen het eind waarvan het doel gehaald moet zijn.",
         "vanaf": "Eerste jaar van de doelperiode.", "doel": "Het doel.",
         "nulmeting": "Banen bij de nulmeting (eind 2012), waar de bron die noemt.",
         "bron": "Bron.",
         "doel_status": "wettelijk, indicatief, lokaal, afgeleid, voorbeeld (verzonnen) of "
                        "benchmark (vergelijkingswaarde, geen doel)."},
        period=None,
    ),
    Dataset(
        "gemeenten", "dim_gemeente",
        {"nl": "Gemeenten", "en": "Municipalities"},
        {"nl": "Alle gemeenten met arbeidsmarktregio, inwoners en middelpunt.",
         "en": "All municipalities with labour-market region, population and centroid."},
        "CBS (gemeentelijke indeling 2025, bevolking 1 januari 2024).",
        {"gemeente_naam": "Naam.", "inwoners": "Inwoners op 1 januari 2024.",
         "inwoners_15_27": "Inwoners van 15 tot 27 jaar (niet gevuld).",
         "lat": "Breedtegraad middelpunt.", "lon": "Lengtegraad middelpunt."},
        period=None,
    ),
    Dataset(
        "load_log", "load_log",
        {"nl": "Laadlog", "en": "Load log"},
        {"nl": "Elk geladen bronbestand met sha256, rijen gelezen, geladen en afgekeurd.",
         "en": "Every loaded source file with sha256, rows read, loaded and rejected."},
        "De ETL (python -m etl build).", {}, period=None,
    ),
)}


class QueryError(ValueError):
    """A request names a dataset, column or period that does not exist, or filters on a
    protected column."""

    def __init__(self, message: str, allowed: list[str] | None = None):
        super().__init__(message)
        self.allowed = allowed or []


@dataclass(frozen=True)
class DatasetQuery:
    """A slice of one dataset: equality filters (several values = any of them) and an
    inclusive period range by period labels."""

    dataset: Dataset
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    periode_van: str | None = None
    periode_tot: str | None = None

    @classmethod
    def build(cls, name: str, args: dict[str, list[str]], columns: list[str],
              periods: list[str]) -> DatasetQuery:
        """From request arguments (each a list of values), checked against the dataset's
        real columns and periods; anything unknown raises `QueryError`."""
        if name not in DATASETS:
            raise QueryError(f"unknown dataset: {name}", sorted(DATASETS))
        ds = DATASETS[name]
        filters = []
        for key, values in args.items():
            if key in PERIOD_ARGS or key in OPTION_ARGS:
                continue
            filterable = [c for c in columns if c not in ds.protected]
            if key not in filterable:
                # A filter runs on the stored values: on a protected column it would select
                # exactly the rows whose hidden value it names.
                problem = "protected column, not filterable" if key in columns else "unknown column"
                raise QueryError(f"{problem} for {name}: {key}",
                                 [*filterable, *(PERIOD_ARGS if ds.period else ())])
            filters.append((key, tuple(dict.fromkeys(v for v in values if v != ""))))
        van, tot = (args.get(k, [None])[-1] or None for k in PERIOD_ARGS)
        for label in (van, tot):
            if label is not None and ds.period is None:
                raise QueryError(f"{name} has no period; filter on its columns", columns)
            if label is not None and label not in periods:
                raise QueryError(f"unknown period for {name}: {label}",
                                 periods[:5] + ["..."] + periods[-5:] if periods else [])
        return cls(ds, tuple(f for f in filters if f[1]), van, tot)

    def args(self) -> dict[str, list[str]]:
        """The request arguments that give this slice back (for links and metadata)."""
        out = {k: list(v) for k, v in self.filters}
        if self.periode_van:
            out["periode_van"] = [self.periode_van]
        if self.periode_tot:
            out["periode_tot"] = [self.periode_tot]
        return out
