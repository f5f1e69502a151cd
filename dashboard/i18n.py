"""Dutch-first UI text, English available, and Dutch number formatting."""

from __future__ import annotations

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
        "nl": "Cijfers met ◇ zijn voorbeelddata (sample): verdelingen per gemeente en "
              "doelen die niet gepubliceerd zijn. Regionale totalen komen uit UWV en "
              "regionale publicaties.",
        "en": "Figures marked ◇ are sample data: per-municipality splits and targets that are "
              "not published. Regional totals come from UWV and regional publications."},
    "other_language": {"nl": "English", "en": "Nederlands"},
    "missing_warehouse": {"nl": "Er is nog geen datawarehouse. Bouw het met: python -m etl build",
                          "en": "There is no warehouse yet. Build it with: python -m etl build"},
}

STATUS = {
    "behaald": {"nl": "✔ behaald", "en": "✔ met"},
    "op_koers": {"nl": "↗ op koers", "en": "↗ on track"},
    "risico": {"nl": "⚠ risico", "en": "⚠ at risk"},
    "achter": {"nl": "✖ achter", "en": "✖ behind"},
    "geen_doel": {"nl": "– geen doel", "en": "– no target"},
}


def t(key: str, lang: str) -> str:
    """The UI string `key` in `lang` (Dutch when the language is unknown)."""
    entry = TEXT.get(key) or STATUS[key]
    return entry.get(lang, entry["nl"])


def fmt_number(value: float | None, lang: str = "nl", decimals: int = 0) -> str:
    """4.597 and 12,5 in Dutch; 4,597 and 12.5 in English; '–' when unknown."""
    if value is None or value != value:
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def fmt_value(value: float | None, unit: str, lang: str = "nl") -> str:
    """A count as a whole number, a share as a percentage with one decimal."""
    if unit == "aandeel":
        return "–" if value is None or value != value else fmt_number(value * 100, lang, 1) + "%"
    return fmt_number(value, lang)
