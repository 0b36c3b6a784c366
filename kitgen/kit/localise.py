"""Content items as the Kit holds them: translated, placeholders filled, formatted.

`Localiser` gives every text of a library item in one language, with the
team's values filled in (user text is only ever a value, never a template);
the functions below turn an exercise or a concept into its model object.
"""

from __future__ import annotations

from datetime import time
from typing import Any, Mapping

from kitgen.content.library import Library
from kitgen.content.render import render
from kitgen.content.schema import Concept, Exercise, Item, Source
from kitgen.i18n.locale import Formatter
from kitgen.i18n.translator import Translator
from kitgen.kit import model
from kitgen.kit.agenda import add_minutes


class Localiser:
    """Translate and render the texts of library items, by path, for one kit."""

    def __init__(self, library: Library, tr: Translator, values: Mapping[str, Any]):
        self.library, self.tr, self.values = library, tr, values
        self._cache: dict[str, dict[tuple, str]] = {}

    def texts(self, item: Item) -> dict[tuple, str]:
        if item.key not in self._cache:
            self._cache[item.key] = {
                path: render(self.tr.content(key, text), self.values)
                for path, key, text in self.library.item_texts(item)}
        return self._cache[item.key]

    def get(self, item: Item, *path: Any) -> str:
        return self.texts(item).get(tuple(path), "")

    def many(self, item: Item, name: str, count: int) -> tuple[str, ...]:
        return tuple(self.get(item, name, i) for i in range(count))


def source_text(src: Source, loc: Localiser, item: Item, index: int, t: Mapping[str, str]) -> str:
    if src.author and src.year:
        text = t["efter {author} ({year}): {title}"].format(author=src.author, year=src.year,
                                                             title=src.title)
    elif src.author:
        text = t["efter {author}: {title}"].format(author=src.author, title=src.title)
    else:
        text = t["efter {title}"].format(title=src.title)
    note = loc.get(item, "sources", index, "note")
    text = text[:1].upper() + text[1:]
    return f"{text}. {note}" if note else f"{text}."


def sources(item: Item, loc: Localiser, t: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(source_text(s, loc, item, i, t) for i, s in enumerate(item.sources))


def step_ranges(ex: Exercise, start: time | None, fmt: Formatter) -> list[str]:
    """Clock times of each step when the exercise has its full time in the agenda."""
    if start is None:
        return [""] * len(ex.steps)
    ranges, clock = [], start
    for s in ex.steps:
        end = add_minutes(clock, s.minutes)
        ranges.append(fmt.time_range(clock, end))
        clock = end
    return ranges


def exercise(ex: Exercise, number: int, loc: Localiser, t: Mapping[str, str], fmt: Formatter,
              tr: Translator, slot: model.AgendaItem | None) -> model.Exercise:
    g = loc.get
    full_time = slot is not None and slot.minutes == ex.minutes
    ranges = step_ranges(ex, slot.start if slot is not None and full_time else None, fmt)
    steps = tuple(
        model.Step(number=i + 1, title=g(ex, "steps", i, "title"), minutes=s.minutes,
                   duration=fmt.minutes(s.minutes), text=g(ex, "steps", i, "text"),
                   time_range=ranges[i])
        for i, s in enumerate(ex.steps))
    questions = tuple(
        model.QuestionGroup(heading=g(ex, "questions", i, "heading"),
                            items=tuple(g(ex, "questions", i, "items", j) for j in range(len(q.items))))
        for i, q in enumerate(ex.questions))
    worksheet = None
    if ex.worksheet:
        worksheet = model.Worksheet(
            title=g(ex, "worksheet", "title"), intro=g(ex, "worksheet", "intro"),
            fields=tuple(model.WorksheetField(g(ex, "worksheet", "fields", i, "label"), f.lines)
                         for i, f in enumerate(ex.worksheet.fields)))
    poster = None
    if ex.poster:
        poster = model.Poster(g(ex, "poster", "title"),
                              tuple(g(ex, "poster", "lines", i) for i in range(len(ex.poster.lines))))
    size = ex.group_size
    group_size = (tr.nlabel("{n} deltager", "{n} deltagere", size.min).format(n=size.min)
                  if size.min == size.max
                  else t["{min}–{max} deltagere"].format(min=size.min, max=size.max))
    return model.Exercise(
        id=ex.id, kind=ex.kind, number=number, title=g(ex, "title"), summary=g(ex, "summary"),
        purpose=g(ex, "purpose"), minutes=ex.minutes, duration=fmt.duration(ex.minutes),
        prep=fmt.duration(ex.prep_minutes) if ex.prep_minutes else "",
        group_form=g(ex, "group_form"), audience=g(ex, "audience"), group_size=group_size,
        time_range=slot.time_range if slot is not None else "",
        materials=loc.many(ex, "materials", len(ex.materials)),
        preparation=loc.many(ex, "preparation", len(ex.preparation)),
        steps=steps, questions=questions,
        facilitator_notes=loc.many(ex, "facilitator_notes", len(ex.facilitator_notes)),
        worksheet=worksheet, poster=poster, sources=sources(ex, loc, t),
        mentions_core_task=any("core_task" in text for _, _, text in loc.library.item_texts(ex)))


def concept(c: Concept, loc: Localiser, t: Mapping[str, str]) -> model.Concept:
    g = loc.get
    return model.Concept(
        id=c.id, title=g(c, "title"), short=g(c, "short"), body=loc.many(c, "body", len(c.body)),
        key_points=tuple(model.KeyPoint(g(c, "key_points", i, "term"), g(c, "key_points", i, "text"))
                         for i in range(len(c.key_points))),
        sources=sources(c, loc, t))
