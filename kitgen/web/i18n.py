"""The web app's own texts, in every language kitgen ships.

Page texts are Danish msgids in the gettext domain `web`
(locales/<ll>/LC_MESSAGES/web.po), like the documents' labels; templates call
`_("Arbejdsplads")`. Validation messages are the command line's own (the
`messages` domain: Danish or English), so the page says what the CLI says.
"""

from __future__ import annotations

from typing import Callable

from kitgen.i18n.locale import SOURCE, available_locales
from kitgen.i18n.translator import load_translations

DOMAIN = "web"
NAMES = {"da": "Dansk", "en": "English", "sv": "Svenska", "nb": "Norsk bokmål", "de": "Deutsch"}


def languages() -> list[str]:
    return available_locales()


def translator(lang: str) -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    """`_` and `ngettext` for one language: a page text, or the Danish when it has
    no translation. `ngettext("%(num)d øvelse", "%(num)d øvelser", n)` fills in n."""
    catalog = None if lang == SOURCE else load_translations(lang, DOMAIN)
    table = catalog._catalog if catalog is not None else {}  # type: ignore[attr-defined]

    def _(text: str) -> str:
        return table.get(text) or text

    def ngettext(singular: str, plural: str, n: int) -> str:
        if catalog is not None and (singular, 0) in table:
            text = catalog.ngettext(singular, plural, n)
        else:
            text = singular if n == 1 else plural
        return text % {"num": n}

    return _, ngettext


def message_language(lang: str) -> str:
    """The messages (the CLI's words) in the page's language where they are translated, else English."""
    from kitgen.i18n.messages import LANGUAGES

    return lang if lang in LANGUAGES else "en"
