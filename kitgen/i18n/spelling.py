"""Spell-checking every text of a language with hunspell.

Every content text and label is checked with the language's hunspell dictionary
(Debian: hunspell-da, hunspell-en-gb, hunspell-sv, hunspell-no, hunspell-de-de),
and a word the dictionary does not know is allowed only when the language's
reviewed allow-list (`locales/spelling/<lang>.txt`: names, terms, compounds the
dictionary lacks) has it. `kitgen i18n stats` reports the unknown words per
language; the tests fail on any new one. Placeholders ({{ team }}, {n}) and
web addresses are not words.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from kitgen.paths import data_dirs

DICTIONARIES = {"da": "da_DK", "en": "en_GB", "sv": "sv_SE", "nb": "nb_NO", "de": "de_DE"}
_NOT_WORDS = re.compile(r"\{\{[^}]*\}\}|\{\w+\}|https?://\S+|\S+@\S+|\b\w*\d\w*\b|\S+\.(?:dk|com|org|net|eu)\b")
# Quoted passages in a translation are names kept in Danish (a tool's, a
# publication's): the language's dictionary cannot judge them.
_QUOTED = re.compile(r'"[^"\n]*"|»[^«]*«|«[^»]*»|„[^“”]*[“”]|“[^”]*”|”[^”]*”')


def hunspell() -> str | None:
    return shutil.which("hunspell")


def allow_list(lang: str, locales_dir: Path | None = None) -> set[str]:
    path = (locales_dir or data_dirs().locales) / "spelling" / f"{lang}.txt"
    if not path.is_file():
        return set()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return words


@dataclass(frozen=True)
class Unknown:
    word: str
    count: int
    example: str  # the msgctxt (or label) of one text it appears in


def unknown_words(lang: str, texts: Iterable[tuple[str, str]], allowed: set[str] | None = None,
                  names: Iterable[str] = ()) -> list[Unknown]:
    """The words of `texts` ((where, text) pairs) that hunspell does not know for
    `lang` and the allow-list does not name, most frequent first. `names` (such as
    publication titles) are left out of the texts before checking."""
    program = hunspell()
    if program is None:
        raise RuntimeError("hunspell is not installed (Debian: apt-get install hunspell)")
    allowed = allow_list(lang) if allowed is None else allowed
    texts = list(texts)
    titles = sorted(set(names), key=len, reverse=True)

    def words_only(text: str) -> str:
        for title in titles:
            text = text.replace(title, " ")
        if lang != "da":
            text = _QUOTED.sub(" ", text)
        return _NOT_WORDS.sub(" ", text).replace("\n", " ")

    lines = [words_only(text) for _, text in texts]
    # hunspell -L prints every input line with a misspelled word; -l the words.
    run = subprocess.run([program, "-d", DICTIONARIES[lang], "-i", "utf-8", "-l"],
                         input="\n".join(lines), capture_output=True, text=True, encoding="utf-8",
                         check=True)
    found = (w.strip(".,;:!?()[]'’\"-–") for w in run.stdout.split())
    bad = [w for w in found if any(c.isalpha() for c in w) and w not in allowed and w.lower() not in allowed]
    counts = Counter(bad)
    where: dict[str, str] = {}
    pattern = re.compile(r"[\w'’-]+")
    for (origin, _), line in zip(texts, lines):
        for word in pattern.findall(line):
            if word in counts and word not in where:
                where[word] = origin
    return [Unknown(word, n, where.get(word, "")) for word, n in counts.most_common()]


def unknown_counts(lib, langs: Iterable[str]) -> dict[str, list[Unknown]] | None:  # noqa: ANN001 - a Library
    """The unknown words of each language's texts, as the spelling test checks them
    (publication titles left out); None when hunspell is not installed."""
    if hunspell() is None:
        return None
    from kitgen.i18n.catalogs import language_texts  # catalogs import much; only `stats` needs this

    titles = {s.title for item in lib.items() for s in item.sources}
    return {lang: unknown_words(lang, language_texts(lib, lang), names=titles)
            for lang in langs if lang in DICTIONARIES}
