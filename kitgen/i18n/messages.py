"""Messages to the person using kitgen (errors, warnings, summaries, --help), in
their language: English, Danish, Swedish, Norwegian Bokmål or German.

Message texts are English msgids in the gettext domain `messages`
(locales/<ll>/LC_MESSAGES/messages.po; `kitgen i18n extract` collects every
`_("…")` in kitgen's code). The language is a context variable: the command
line sets it from --lang or the environment (LANGUAGE, LC_ALL, LC_MESSAGES,
LANG), the web app per request. Documents are not affected: a kit's language
is its order's.

Write messages as `_("no exercise called {id}").format(id=...)`: the
placeholders stay in the translation, the values are filled in after it.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from kitgen.i18n.translator import load_translations

DOMAIN = "messages"
LANGUAGES = ("en", "da", "sv", "nb", "de")  # the languages messages are written in; others read English
_current: ContextVar[str] = ContextVar("kitgen_messages_language", default="en")


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """The user's locale's language when messages are written in it (da_DK.UTF-8 -> 'da'), else 'en'."""
    environ = dict(os.environ if environ is None else environ)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            first = value.split(":")[0].split(".")[0].split("_")[0].split("-")[0].lower()
            return first if first in LANGUAGES else "en"
    return "en"


def set_language(lang: str) -> None:
    _current.set(lang if lang in LANGUAGES else "en")


def current_language() -> str:
    return _current.get()


@contextmanager
def language(lang: str) -> Iterator[None]:
    token = _current.set(lang if lang in LANGUAGES else "en")
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """`message` in the current message language."""
    lang = _current.get()
    if lang == "en":
        return message
    catalog = load_translations(lang, DOMAIN)
    if catalog is None:
        return message
    return catalog._catalog.get(message) or message  # type: ignore[attr-defined]


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; translate it with _() where it is shown."""
    return message
