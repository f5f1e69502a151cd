"""The URL is the state: pure helpers to read choices from the query and write them back."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from dashboard.i18n import LANGS


def choose(value: str | None, allowed: Iterable[str], default: str | None) -> str | None:
    """`value` when it is one of `allowed`, else `default` (never an unchecked URL value)."""
    return value if value in set(allowed) else default


def language(value: str | None) -> str:
    """A supported language from the URL, Dutch otherwise."""
    return choose(value, LANGS, "nl")


def with_args(**args: str | list[str] | None) -> str:
    """'?lang=nl&indicator=jeugd_ww' from the non-empty arguments, in the order given; a list
    repeats its parameter ('?doelgroep=a&doelgroep=b')."""
    kept = {k: v for k, v in args.items() if v not in (None, "", [], ())}
    return "?" + urlencode(kept, doseq=True) if kept else ""
