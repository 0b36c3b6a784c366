"""The tag vocabulary: what each tag is called in each language.

content/tags.yaml names every tag of kitgen.content.schema.Tag in every
language kitgen ships (the pages show the page's). A user may ask for a focus in either ("tillid", "trust",
"psykologisk tryghed", "psychological_safety"): `tag_for` finds the tag.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kitgen.content.library import suggest
from kitgen.content.schema import Tag
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _
from kitgen.inputs.yamlsource import load_yaml
from kitgen.paths import data_dirs


@dataclass(frozen=True)
class TagWords:
    tag: Tag
    da: str
    en: str
    description_da: str
    others: tuple[tuple[str, str], ...] = ()  # (language, word) for the other languages shown

    def word(self, lang: str) -> str:
        """The word in `lang` (pages in every language); English when it has none."""
        if lang == "da":
            return self.da
        return dict(self.others).get(lang, self.en)


def _key(word: str) -> str:
    return " ".join(unicodedata.normalize("NFC", word).strip().lower().replace("_", " ").replace("-", " ").split())


@lru_cache(maxsize=1)
def vocabulary() -> dict[Tag, TagWords]:
    """Every tag with its words (read once: the file ships with kitgen)."""
    data = load_yaml(data_dirs().content / "tags.yaml").data or {}
    return {Tag(key): TagWords(Tag(key), str(v["da"]), str(v["en"]), str(v.get("description_da", "")),
                               tuple((lang, str(word)) for lang, word in v.items()
                                     if lang not in ("da", "en", "description_da")))
            for key, v in data.items()}


def tag_for(word: str, where: str = "--tag") -> Tag:
    """The tag a word names, in Danish or English; else a UserError with the closest."""
    key = _key(word)
    names: dict[str, Tag] = {}
    for tag, words in vocabulary().items():
        for name in (tag.value, words.da, words.en):
            names[_key(name)] = tag
    if key in names:
        return names[key]
    raise UserError(Problem(where, "", _("{word!r} is not a focus kitgen knows{hint}; known: {known}").format(
        word=word, hint=suggest(key, names), known=", ".join(f"{w.da}/{w.en}" for w in vocabulary().values()))))
