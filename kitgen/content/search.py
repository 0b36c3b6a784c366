"""Finding content: the filters `kitgen list` and the web app's picker share.

Every filter narrows (all given tags must match); an item passes a filter it
has no value for only where that makes sense (a concept has no minutes, so
`max_minutes` leaves concepts out rather than in).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from kitgen.content.library import Library
from kitgen.content.schema import Exercise, Item, Tag
from kitgen.i18n.translator import Translator

KINDS = ("exercises", "concepts", "modules", "courses")


@dataclass(frozen=True)
class Query:
    kind: str = "exercises"
    tags: Sequence[Tag] = ()  # every one must be on the item
    max_minutes: int | None = None
    participants: int | None = None  # the exercise's group size must allow this many
    source: str = ""  # part of a source's author or title ("BAR FOKA", "Edmondson")
    sector: str = ""  # "public" | "private": exercises written for it
    text: str = ""  # words in the title or summary (in the translator's language, or Danish)
    exclude: frozenset[str] = field(default_factory=frozenset)  # ids to leave out


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _items(lib: Library, kind: str) -> Iterable[Item]:
    tables: dict[str, Mapping[str, Item]] = {"exercises": lib.exercises, "concepts": lib.concepts,
                                             "modules": lib.modules, "courses": lib.courses}
    return tables[kind].values()


def matches(item: Item, query: Query, tr: Translator | None = None) -> bool:
    if item.id in query.exclude or not set(query.tags) <= set(item.tags):
        return False
    minutes = getattr(item, "minutes", None)
    if query.max_minutes is not None and (minutes is None or minutes > query.max_minutes):
        return False
    if query.participants is not None:
        if not isinstance(item, Exercise):
            return False
        if not item.group_size.min <= query.participants <= item.group_size.max:
            return False
    if query.sector and isinstance(item, Exercise) and query.sector not in {s.value for s in item.sectors}:
        return False
    if query.source:
        wanted = _fold(query.source)
        if not any(wanted in _fold(f"{s.author or ''} {s.title}") for s in item.sources):
            return False
    if query.text:
        words = _fold(query.text).split()
        title = tr.content(f"{item.key}:title", item.title) if tr else item.title
        summary = getattr(item, "summary", "")
        if summary and tr:
            summary = tr.content(f"{item.key}:summary", summary)
        haystack = _fold(f"{item.id} {title} {summary} {item.title}")
        if not all(w in haystack for w in words):
            return False
    return True


def search(lib: Library, query: Query, tr: Translator | None = None) -> list[Item]:
    """The items that match, by id."""
    return sorted((i for i in _items(lib, query.kind) if matches(i, query, tr)), key=lambda i: i.id)


def source_names(item: Item) -> list[str]:
    """"BAR FOKA", "Edmondson", "3BAR": how a source is named in a one-line
    explanation (its author, else its title, without what is in brackets)."""
    names = []
    for source in item.sources:
        name = (source.author or source.title).split(" (")[0].split(": ")[0].strip()
        names.append(name if len(name) <= 48 else name[:47].rsplit(" ", 1)[0] + " …")
    return names
