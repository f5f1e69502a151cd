"""Dutch-first text: dates, periods, gap sentences, URL state helpers."""

from __future__ import annotations

import pytest

from dashboard.i18n import fmt_date, fmt_period, gap_sentence
from dashboard.urlstate import choose, language, with_args


@pytest.mark.parametrize("iso, lang, text", [
    ("2025-03-31", "nl", "31 maart 2025"), ("2025-03-31", "en", "31 March 2025"),
    ("2024-12-01", "nl", "1 december 2024"), (None, "nl", "–"),
])
def test_fmt_date(iso, lang, text):
    assert fmt_date(iso, lang) == text


@pytest.mark.parametrize("label, lang, text", [
    ("2025-K1", "nl", "1e kwartaal 2025"), ("2025-K1", "en", "Q1 2025"),
    ("2025-03", "nl", "maart 2025"), ("2025-10", "en", "October 2025"), ("2024", "nl", "2024"),
])
def test_fmt_period(label, lang, text):
    assert fmt_period(label, lang) == text


@pytest.mark.parametrize("noun, unit, richting, verschil, lang, text", [
    ("banen", "aantal", "hoger_beter", 646, "nl", "nog 646 banen tot het doel"),
    ("jobs", "aantal", "hoger_beter", 1646, "en", "1,646 jobs short of the target"),
    ("banen", "aantal", "hoger_beter", -12, "nl", "doel gehaald (12 banen ruimte)"),
    ("jongeren", "aantal", "lager_beter", 17, "nl", "nog 17 jongeren boven het doel"),
    ("jongeren", "aantal", "lager_beter", 0, "nl", "doel gehaald (0 jongeren ruimte)"),
    (None, "aandeel", "hoger_beter", 0.117, "nl", "nog 11,7 procentpunt tot het doel"),
    (None, "per_1000", "lager_beter", 3.14, "nl", "nog 3,1 per 1.000 inwoners boven het doel"),
    ("plekken", "aantal", "hoger_beter", float("nan"), "nl", "geen doel vastgesteld"),
])
def test_gap_sentence(noun, unit, richting, verschil, lang, text):
    assert gap_sentence(noun, unit, richting, verschil, lang) == text


@pytest.mark.parametrize("args, query", [
    ({"lang": "nl", "indicator": "jeugd_ww"}, "?lang=nl&indicator=jeugd_ww"),
    ({"lang": "en", "indicator": None}, "?lang=en"),
    ({"lang": None}, ""),
    ({"q": "a&b=c"}, "?q=a%26b%3Dc"),
])
def test_with_args(args, query):
    assert with_args(**args) == query


@pytest.mark.parametrize("value, expected", [
    ("en", "en"), ("nl", "nl"), ("EN", "nl"), ("de", "nl"), (None, "nl"), ("'; --", "nl"),
])
def test_language_is_whitelisted(value, expected):
    assert language(value) == expected


def test_choose_falls_back_for_unknown_values():
    assert choose("jeugd_ww", ["jeugd_ww"], "x") == "jeugd_ww"
    assert choose("../etc/passwd", ["jeugd_ww"], "x") == "x"
