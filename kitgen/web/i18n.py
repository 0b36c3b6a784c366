"""The web app's own texts, in every language kitgen ships.

Page texts are Danish msgids in the gettext domain `web`
(locales/<ll>/LC_MESSAGES/web.po), like the documents' labels; templates call
`_("Arbejdsplads")`. Validation messages are the command line's own (the
`messages` domain: Danish or English), so the page says what the CLI says.
"""

from __future__ import annotations

from kitgen.i18n.locale import SOURCE, available_locales
from kitgen.i18n.translator import load_translations

DOMAIN = "web"
NAMES = {"da": "Dansk", "en": "English", "sv": "Svenska", "nb": "Norsk bokmål", "de": "Deutsch"}


def languages() -> list[str]:
    return available_locales()


def translator(lang: str):  # noqa: ANN201 - a gettext-style function
    """`_` for one language: a page text, or the Danish when it has no translation."""
    catalog = None if lang == SOURCE else load_translations(lang, DOMAIN)
    table = catalog._catalog if catalog is not None else {}  # type: ignore[attr-defined]

    def _(text: str) -> str:
        return table.get(text) or text

    return _


def message_language(lang: str) -> str:
    """The messages (the CLI's words) in Danish for a Danish page, else English."""
    return "da" if lang == "da" else "en"
