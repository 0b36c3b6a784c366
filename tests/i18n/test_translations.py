"""Translation QA for every shipped language: complete, placeholders kept, glossary
terms used, nothing silently left in Danish."""

import csv
import re

import pytest
from babel.messages.pofile import read_po

from kitgen.i18n import catalogs
from kitgen.i18n.locale import SOURCE, available_locales
from kitgen.paths import data_dirs

LOCALES_DIR = data_dirs().locales

LANGS = [lang for lang in available_locales() if lang != SOURCE]
# Core terms: a kit in another language must name them the same way every time.
CORE_TERMS = ("kerneopgave", "social kapital", "psykologisk tryghed", "relationel koordinering",
              "læringskultur", "APV", "Arbejdstilsynet", "BAR FOKA", "arbejdsmiljørepræsentant",
              "tillidsrepræsentant", "retning, koordinering og commitment", "commitment")


def _catalog(lang, domain):
    return read_po((LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po").open("rb"))


def _glossary():
    with (LOCALES_DIR / "glossary.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_is_translated_and_none_is_fuzzy(lib, lang):
    for row in catalogs.stats(lib, [lang]):
        assert (row.translated, row.fuzzy, row.stale) == (row.total, 0, 0), row


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_are_kept(lang):
    assert catalogs.check_catalogs([lang]) == []


@pytest.mark.parametrize("lang", LANGS)
def test_lists_keep_their_length(lib, lang):
    """Lists are translated item by item (one msgctxt per index): every item of
    every source list has its translation, and there is none beyond them."""
    template = catalogs.extract_content(lib)
    wanted = {m.context for m in template if m.id}
    have = {m.context for m in _catalog(lang, "content") if m.id and m.string}
    assert wanted == have


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_is_left_in_danish_unless_marked(lang):
    """A translation identical to the Danish must be marked by the translator:
    `#, name` (a title or proper name) or `#, same-as-source` (Norwegian and
    Swedish often say it word for word as Danish). Short phrases, text without
    letters and reading-list entries need no mark."""
    names = {m.context for m in _catalog("en", "content") if "name" in m.flags}
    left = [m.context for m in _catalog(lang, "content")
            if m.id and m.string == m.id and len(m.id.split()) > 3
            and re.search(r"[^\W\d_]", m.id) and ":reading[" not in m.context
            and not {"name", "same-as-source"} & set(m.flags) and m.context not in names]
    assert left == []


def _outside_titles(text: str, titles: list[str]) -> str:
    """The text without quoted passages and publication titles, which stay in Danish."""
    for title in titles:
        text = text.replace(title, " ")
    return re.sub(r'"[^"]*"|»[^«]*«|„[^“]*“', " ", text)


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_terms_are_used(lib, lang):
    titles = sorted({s.title for item in lib.items() for s in item.sources}, key=len, reverse=True)
    cat = [m for m in _catalog(lang, "content") if m.id and m.string]
    for row in _glossary():
        if row["da"] not in CORE_TERMS or not row.get(lang):
            continue
        target = row[lang].split(" (")[0].lower()
        # each word by its stem, for inflected forms: kärnuppdraget, relationaler Koordination
        stems = [w[: max(4, len(w) - 3)] for w in target.split()]
        hits = [m for m in cat if re.search(r"\b" + re.escape(row["da"].lower()),
                                            _outside_titles(m.id, titles).lower())]
        misses = [m.context for m in hits if not all(st in m.string.lower() for st in stems)]
        assert len(misses) <= 0.1 * len(hits), (row["da"], row[lang], misses[:5])


# German prepositions and the case the people served take after them; two-way
# prepositions (an, auf, in, …) take either, so they need a case too.
_GERMAN_PREPOSITIONS = ("mit von vom zu zum zur bei beim nach aus seit gegenüber für durch gegen ohne um "
                        "an am auf in im über unter vor hinter neben zwischen dank trotz wegen außer "
                        "entgegen").split()


@pytest.mark.parametrize("domain", ["content", "kitgen"])
def test_german_prepositions_take_a_case_form_of_the_people_served(domain):
    """"mit {{ stakeholders }}" would print "mit die Bürgerinnen und Bürger": after a
    preposition the placeholder names its case ({{ stakeholders|dat }}, |acc, |gen)."""
    pattern = re.compile(r"\b(" + "|".join(_GERMAN_PREPOSITIONS) + r")\s+\{\{\s*stakeholders\s*\}\}",
                         re.IGNORECASE)
    wrong = [(m.context or m.id, m.string) for m in _catalog("de", domain)
             if m.id and isinstance(m.string, str) and pattern.search(m.string)]
    assert wrong == []
