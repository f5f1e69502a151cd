"""The raw-file contract: which files belong to which source and what their columns mean.

Everything the ETL checks is declared here; `etl.validate` turns these declarations into SQL.
See docs/sources.md for the same contract in prose.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from etl import vocabulary

# What a target is: set by law (only with the legal publication as its source), an indicative
# or local target someone published, one computed from published figures, or an invented one.
DOEL_STATUSSEN = ("wettelijk", "indicatief", "lokaal", "afgeleid", "voorbeeld")
# A published comparison value (e.g. a national realisation): drawn beside a series, never a target.
BENCHMARK = "benchmark"
# Where a statutory target can come from: the official publications of the State.
LEGAL_SOURCE = r"(zoek\.)?officielebekendmakingen\.nl|wetten\.overheid\.nl"
# The value lists of the coded columns (etl/vocabulary.toml), without a region's own values:
# `extended` adds those for a build.
LISTS = vocabulary.product()


def slug(name: str) -> str:
    """The SQL-safe name of the column called `name` in landing and staging tables."""
    out = name.lower()
    for a, b in (("ë", "e"), ("é", "e"), (" ", "_"), ("-", "_")):
        out = out.replace(a, b)
    return "".join(ch for ch in out if ch.isalnum() or ch == "_")


@dataclass(frozen=True)
class Col:
    """One column of a raw file.

    kind: text | id | count | int | number | money | gemeente | regio | gebied | indicator
          | quarter | month | year | month_or_year | year_or_structureel | date | enum
          | herkomst
    header: the column must be in the file's header (else the file is rejected).
    nullable: an empty cell is allowed (it means "unknown", never 0).
    """

    name: str
    kind: str
    header: bool = True
    nullable: bool = False
    values: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # (older spelling, canonical value)

    @property
    def slug(self) -> str:
        """SQL-safe column name used in landing and staging tables."""
        return slug(self.name)


@dataclass(frozen=True)
class Rule:
    """A cross-column check: `bad` is a SQL condition over parsed columns (p_<slug>)."""

    column: str
    bad: str
    reason: str


@dataclass(frozen=True)
class Source:
    """A raw source: file patterns (with optional XLSX sheet), columns, key and checks."""

    name: str
    patterns: tuple[str, ...]
    columns: tuple[Col, ...]
    key: tuple[str, ...]
    sheet: str | None = None
    required: bool = False
    observed: bool = True  # observations may not lie in the future; targets and budgets may
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    def col(self, name: str) -> Col:
        """The column called `name`."""
        return next(c for c in self.columns if c.name == name)


HERKOMST = Col("Herkomst", "herkomst", header=False, nullable=True)


def per_value(*columns: Col) -> tuple[Col, ...]:
    """`columns` and a Herkomst that may say which of them hold published figures
    (`published: WW-uitkeringen, WW-percentage`): those are published, the row's other values
    sample. A plain `published` or `sample` still labels the whole row. Staging gives each of
    them its own `provenance_<slug>` beside the row's `provenance` (`sample` for a row with a
    column list)."""
    return (*columns, replace(HERKOMST, values=tuple(c.name for c in columns)))

# Where a published row's figures come from, as people read it (publisher, title, period, link).
BRON = Col("Bron", "text", header=False, nullable=True)

# Area sources report per municipality; a row with an empty Gemeente is the region total.
AREA_RULES = (
    Rule(
        "Gemeente",
        # an unknown Gemeente is reported once, as unknown, not again as missing
        "gemeente IS NULL AND p_gemeente IS NULL AND p_arbeidsmarktregio IS NULL",
        "missing area: give a Gemeente, or an Arbeidsmarktregio for a region total",
    ),
    Rule(
        "Arbeidsmarktregio",
        "p_gemeente_regio IS NOT NULL AND p_arbeidsmarktregio IS NOT NULL"
        " AND p_gemeente_regio <> p_arbeidsmarktregio",
        "Gemeente does not lie in this Arbeidsmarktregio",
    ),
)

SOURCES: tuple[Source, ...] = (
    Source(
        "gemeenten",
        ("gemeenten*.csv",),
        (
            Col("Gemeentecode", "id"),
            Col("Gemeentenaam", "text"),
            Col("Arbeidsmarktregio", "id"),
            Col("Arbeidsmarktregionaam", "text", header=False, nullable=True),
            Col("Inwoners", "count"),
            Col("Inwoners 15-27", "count", header=False, nullable=True),
            Col("Lat", "number"),
            Col("Lon", "number"),
            HERKOMST,
        ),
        key=("Gemeentecode",),
        required=True,
        observed=False,
        rules=(
            Rule("Gemeentecode", "NOT regexp_full_match(p_gemeentecode, 'GM[0-9]{4}')",
                 "not a CBS municipality code (GM + 4 digits)"),
            Rule("Arbeidsmarktregio", "NOT regexp_full_match(p_arbeidsmarktregio, 'AM[0-9]{2}')",
                 "not an arbeidsmarktregio code (AM + 2 digits)"),
            Rule("Lat", "p_lat NOT BETWEEN 50.5 AND 53.7", "latitude outside the Netherlands"),
            Rule("Lon", "p_lon NOT BETWEEN 3.2 AND 7.3", "longitude outside the Netherlands"),
        ),
    ),
    Source(
        "banenafspraak",
        ("uwv_banenafspraak*.csv", "uwv_banenafspraak*.xlsx"),
        (
            Col("Periode", "quarter"),
            Col("Arbeidsmarktregio", "regio", nullable=True),
            Col("Gemeente", "gemeente", nullable=True),
            Col("Personen in doelgroep", "count", nullable=True),
            Col("Werkzame personen", "count", nullable=True),
            Col("Banen", "count", nullable=True),
            Col("Extra banen", "int", header=False, nullable=True),
            BRON,
            HERKOMST,
        ),
        key=("Periode", "Arbeidsmarktregio", "Gemeente"),
        rules=AREA_RULES
        + (
            Rule("Werkzame personen", "p_werkzame_personen > p_personen_in_doelgroep",
                 "more people working than in the target group"),
        ),
    ),
    Source(
        "beschut_werk",
        ("uwv_beschut_werk*.csv", "uwv_beschut_werk*.xlsx"),
        (
            Col("Periode", "quarter"),
            Col("Arbeidsmarktregio", "regio", header=False, nullable=True),
            Col("Gemeente", "gemeente", nullable=True),
            Col("Positief advies", "count"),
            Col("Werkzaam beschut", "count"),
            BRON,
            HERKOMST,
        ),
        key=("Periode", "Arbeidsmarktregio", "Gemeente"),
        rules=AREA_RULES
        + (
            Rule("Werkzaam beschut", "p_werkzaam_beschut > p_positief_advies",
                 "more people working in beschut werk than hold a positive advice"),
        ),
    ),
    Source(
        "jeugd_ww",
        ("uwv_jeugd_ww*.csv", "uwv_jeugd_ww*.xlsx"),
        (
            Col("Periode", "month"),
            Col("Arbeidsmarktregio", "regio", header=False, nullable=True),
            Col("Gemeente", "gemeente", nullable=True),
            Col("Leeftijdsklasse", "text"),
            Col("WW-uitkeringen", "count"),
            Col("Zonder startkwalificatie", "count", nullable=True),
            BRON,
            HERKOMST,
        ),
        key=("Periode", "Arbeidsmarktregio", "Gemeente", "Leeftijdsklasse"),
        rules=AREA_RULES
        + (
            Rule("Zonder startkwalificatie", "p_zonder_startkwalificatie > p_ww_uitkeringen",
                 "more without startkwalificatie than on WW"),
        ),
    ),
    Source(
        "ww",
        ("uwv_ww*.csv", "uwv_ww*.xlsx"),
        (
            Col("Periode", "month"),
            Col("Arbeidsmarktregio", "regio", nullable=True),
            Col("Gemeente", "gemeente", nullable=True),
            BRON,
            *per_value(
                # benefits at the end of the month; empty where only persons were published
                Col("WW-uitkeringen", "count", nullable=True),
                Col("Personen met WW", "count", header=False, nullable=True),
                Col("Nieuwe uitkeringen", "count", header=False, nullable=True),
                Col("Beëindigde uitkeringen", "count", header=False, nullable=True),
                # what UWV publishes itself, beside the parts it is made of: the new benefits
                # from January to the month (in June the first half-year), the labour force
                # (15-75) and the WW-percentage (benefits per 100 of the labour force)
                Col("Nieuwe uitkeringen sinds januari", "count", header=False, nullable=True),
                Col("Beroepsbevolking", "count", header=False, nullable=True),
                Col("WW-percentage", "number", header=False, nullable=True),
            ),
        ),
        key=("Periode", "Arbeidsmarktregio", "Gemeente"),
        rules=AREA_RULES,
    ),
    Source(
        "bijstand",
        ("bijstand*.csv", "bijstand*.xlsx"),
        (
            Col("Periode", "month_or_year"),
            Col("Gemeente", "gemeente"),
            BRON,
            *per_value(
                # Participatiewet benefits (general assistance) at the end of the period;
                # empty where only persons were published
                Col("Uitkeringen", "count", nullable=True),
                Col("Personen", "count", header=False, nullable=True),
                Col("Instroom", "count", header=False, nullable=True),
                Col("Uitstroom", "count", header=False, nullable=True),
                Col("Uitstroom naar werk", "count", header=False, nullable=True),
                # the density the municipality or CBS publishes itself (recipients per 1,000
                # inhabitants of that year)
                Col("Bijstandsdichtheid", "number", header=False, nullable=True),
            ),
        ),
        key=("Periode", "Gemeente"),
    ),
    Source(
        "instrumenten",
        ("werkcentrum_instrumenten*.csv", "werkcentrum_instrumenten*.xlsx"),
        (
            Col("Inzet-ID", "id"),
            Col("Cliënt", "id"),
            Col("Gemeente", "gemeente"),
            Col("Doelgroep", "enum", values=LISTS["Doelgroep"].values()),
            Col("Instrument", "text"),
            Col("Startdatum", "date"),
            Col("Einddatum", "date", nullable=True),
            Col("Resultaat", "enum", nullable=True, values=LISTS["Resultaat"].values()),
            Col("Kosten", "money", nullable=True),
            HERKOMST,
        ),
        key=("Inzet-ID",),
        rules=(
            Rule("Einddatum", "p_einddatum < p_startdatum", "Einddatum before Startdatum"),
            Rule("Resultaat", "p_einddatum IS NULL AND p_resultaat IS NOT NULL"
                 " AND NOT in_lopend(p_resultaat)", "a result without an Einddatum"),
            Rule("Kosten", "p_kosten < 0", "negative cost"),
        ),
    ),
    Source(
        "sob_bezetting",
        ("amfors*.xlsx", "inclusief_groep*.xlsx", "*_bezetting.csv"),
        (
            Col("Periode", "month"),
            Col("Organisatie", "text"),
            Col("Unit", "text"),
            Col("Werkvorm", "enum", values=LISTS["Werkvorm"].values(),
                aliases=LISTS["Werkvorm"].aliases()),
            Col("Regeling", "enum", values=LISTS["Regeling"].values()),
            Col("Woongemeente", "gemeente"),
            Col("Medewerkers", "count"),
            Col("FTE", "number"),
            HERKOMST,
        ),
        key=("Periode", "Organisatie", "Unit", "Werkvorm", "Regeling", "Woongemeente"),
        sheet="Bezetting",
        rules=(Rule("FTE", "p_fte < 0", "negative FTE"),),
    ),
    Source(
        # what a company's report published about its workforce: a total of one organisation,
        # scheme and month (over its units, work forms and home towns), shown as published
        "sob_gepubliceerd",
        ("sob_gepubliceerd*.csv",),
        (
            Col("Periode", "month"),
            Col("Organisatie", "text"),
            Col("Regeling", "enum", values=LISTS["Regeling"].values()),
            Col("Medewerkers", "count"),
            BRON,
            HERKOMST,
        ),
        key=("Periode", "Organisatie", "Regeling"),
    ),
    Source(
        "sob_omzet",
        ("amfors*.xlsx", "inclusief_groep*.xlsx", "*_omzet.csv"),
        (
            Col("Periode", "month"),
            Col("Organisatie", "text"),
            Col("Unit", "text"),
            Col("Omzet", "money"),
            HERKOMST,
        ),
        key=("Periode", "Organisatie", "Unit"),
        sheet="Omzet",
    ),
    Source(
        "doelstellingen",
        ("doelstellingen*.csv",),
        (
            Col("Indicator", "indicator"),
            Col("Gebied", "gebied"),
            Col("Periode", "year"),  # the year by whose end the target is to be met
            Col("Vanaf", "year", header=False, nullable=True),  # first year of a longer period
            Col("Doel", "number"),
            Col("Nulmeting", "number", header=False, nullable=True),
            Col("Bron", "text"),
            Col("Status", "enum", header=False, nullable=True,
                values=(*DOEL_STATUSSEN, BENCHMARK)),
            HERKOMST,
        ),
        key=("Indicator", "Gebied", "Periode"),
        observed=False,
        rules=(
            Rule("Doel", "p_doel < 0", "negative target"),
            Rule("Vanaf", "CAST(p_vanaf AS INTEGER) > CAST(p_periode AS INTEGER)",
                 "Vanaf after Periode"),
            Rule("Status", "p_status = 'voorbeeld' AND p_herkomst = 'published'",
                 "a published target is not a voorbeeld"),
            Rule("Status", "p_status = 'wettelijk' AND NOT regexp_matches(p_bron, "
                 f"'{LEGAL_SOURCE}')",
                 "a statutory target needs its legal source (officielebekendmakingen.nl or "
                 "wetten.overheid.nl) as Bron"),
        ),
    ),
    Source(
        "financiering",
        ("financiering*.csv",),
        (
            Col("Organisatie", "text"),
            Col("Regeling", "text"),
            Col("Jaar", "year_or_structureel"),
            Col("Bedrag", "money"),
            HERKOMST,
        ),
        key=("Organisatie", "Regeling", "Jaar"),
        observed=False,
    ),
)

BY_NAME = {s.name: s for s in SOURCES}


def extended(sources: tuple[Source, ...], lists: vocabulary.Lists) -> tuple[Source, ...]:
    """`sources` with their coded columns taking the values of `lists` (the product's and a
    region's own, etl.vocabulary.read)."""
    def col(c: Col) -> Col:
        if c.kind != "enum" or c.name not in lists:
            return c
        return replace(c, values=lists[c.name].values(), aliases=lists[c.name].aliases())

    return tuple(replace(s, columns=tuple(col(c) for c in s.columns)) for s in sources)

# A file whose name contains one of these words corrects earlier files: its rows replace
# rows with the same key instead of clashing with them.
CORRECTION_WORDS = ("correctie", "correction")
