"""The URL is the state: pure helpers to read choices from the query and write them back."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from urllib.parse import urlencode

from dash.exceptions import PreventUpdate

from dashboard.i18n import LANGS

log = logging.getLogger(__name__)


def choose(value: str | None, allowed: Iterable[str], default: str | None) -> str | None:
    """`value` when it is one of `allowed`, else `default` (never an unchecked URL value)."""
    return value if isinstance(value, str) and value in set(allowed) else default


def client_data(func):
    """Callbacks get their inputs from the browser, which anyone can forge: a value of the
    wrong shape means 'no update' (logged), never a server error or a stack trace."""

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            log.warning("refused malformed input to %s: %r", func.__name__, exc)
            raise PreventUpdate from exc

    return guarded


def language(value: str | None) -> str:
    """A supported language from the URL, Dutch otherwise."""
    return choose(value, LANGS, "nl")


def other_language(lang: str) -> str:
    """The language the switch link leads to."""
    return "en" if lang == "nl" else "nl"


def url_state(path: str, lang: str, **args) -> tuple[str, str]:
    """After a choice: the query string for the address bar, and the language switch's link,
    both carrying every choice."""
    return with_args(lang=lang, **args), path + with_args(lang=other_language(lang), **args)


def with_args(**args: str | list[str] | None) -> str:
    """'?lang=nl&indicator=jeugd_ww' from the non-empty arguments, in the order given; a list
    repeats its parameter ('?doelgroep=a&doelgroep=b')."""
    kept = {k: v for k, v in args.items() if v not in (None, "", [], ())}
    return "?" + urlencode(kept, doseq=True) if kept else ""
