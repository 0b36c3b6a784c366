"""Grammatical forms of the words filled into content text.

Danish, English, Swedish and Norwegian do not inflect a definite plural such as
"borgerne" / "citizens" after a preposition; German does: "mit den Bürgerinnen
und Bürgern", not "mit die Bürgerinnen und Bürger". A translation therefore
names the case it needs as a filter on the placeholder:

    {{ stakeholders }}        nominative (the default)
    {{ stakeholders|acc }}    accusative: "für die Kundinnen und Kunden"
    {{ stakeholders|dat }}    dative:     "mit den Kundinnen und Kunden"
    {{ stakeholders|gen }}    genitive:   "die Sicht der Kundinnen und Kunden"

The value is an `Inflected` string that carries its forms. Forms an order gives
explicitly win; otherwise German forms of a definite or possessive plural are
derived by rule (`german_forms`), and a value the rule cannot read is reported
so the order can give the form itself.
"""

from __future__ import annotations

import re
from typing import Mapping

CASES = ("nom", "acc", "dat", "gen")


class Inflected(str):
    """A str (its nominative form) that also knows its other grammatical forms."""

    forms: Mapping[str, str]

    def __new__(cls, nominative: str, forms: Mapping[str, str] | None = None) -> "Inflected":
        value = super().__new__(cls, nominative)
        value.forms = dict(forms or {})
        return value

    def form(self, case: str) -> str:
        return self.forms.get(case) or str(self)

    def __reduce__(self):  # keeps the forms through pickling and copying
        return (Inflected, (str(self), dict(self.forms)))


def case_filter(case: str):
    """The Jinja filter that picks `case` from an Inflected value (plain strings
    have only one form)."""

    def pick(value: object) -> str:
        return value.form(case) if isinstance(value, Inflected) else str(value)

    pick.__name__ = case
    return pick


FILTERS = {case: case_filter(case) for case in CASES}

# German plural determiners: nominative -> (accusative, dative, genitive).
_DETERMINERS = {
    "die": ("die", "den", "der"), "alle": ("alle", "allen", "aller"),
    "diese": ("diese", "diesen", "dieser"), "unsere": ("unsere", "unseren", "unserer"),
    "ihre": ("ihre", "ihren", "ihrer"), "eure": ("eure", "euren", "eurer"),
    "meine": ("meine", "meinen", "meiner"), "viele": ("viele", "vielen", "vieler"),
}
# Words after which a German noun phrase stops inflecting ("… mit Behinderung").
_STOP = {"mit", "ohne", "aus", "in", "im", "von", "vom", "bei", "beim", "zu", "zur", "zum",
         "für", "an", "am", "auf", "unter", "über", "nach", "vor", "aller"}
_WORD = re.compile(r"[^\W\d_][\w\-]*")


def _dative_plural_noun(word: str) -> str:
    """Dative plural of a German plural noun: -n unless it already ends in -n or -s."""
    if word.endswith(("n", "s")) or not word[-1:].isalpha():
        return word
    return word + "n"


def german_forms(nominative: str) -> dict[str, str] | None:
    """The four cases of a German plural noun phrase ("die Bürgerinnen und
    Bürger"), or None when it does not begin with a plural determiner kitgen
    knows (then the order should give the forms itself)."""
    words = nominative.split(" ")
    first = words[0].lower() if words else ""
    if first not in _DETERMINERS:
        return None
    acc, dat, gen = _DETERMINERS[first]
    capital = words[0][:1].isupper()

    def det(form: str) -> str:
        return form[:1].upper() + form[1:] if capital else form

    dative, stopped = [det(dat)], False
    for word in words[1:]:
        if word.lower() in _STOP:
            stopped = True
        if not stopped and word[:1].isupper() and _WORD.fullmatch(word):
            word = _dative_plural_noun(word)
        elif not stopped and word[:1].islower() and word.endswith("e") and word.lower() not in ("und", "oder"):
            word += "n"  # an adjective: "die neue[n] Kolleginnen" -> "den neuen Kolleginnen"
        dative.append(word)
    rest = " ".join(words[1:])
    return {"nom": nominative, "acc": f"{det(acc)} {rest}".strip(),
            "dat": " ".join(dative), "gen": f"{det(gen)} {rest}".strip()}


def inflect(lang: str, text: str, given: Mapping[str, str] | None = None) -> tuple[Inflected, bool]:
    """`text` with its forms in `lang`: (value, whether every form is known).
    Explicitly `given` forms win over derived ones."""
    given = {k: v for k, v in (given or {}).items() if v}
    if lang != "de" or not text:
        return Inflected(text, given), True
    derived = german_forms(text) or {}
    forms = {**derived, **given}
    return Inflected(text, forms), all(case in forms for case in CASES[1:])
