"""A library item as a facilitator reads it: `kitgen show` and the web library.

An exercise's purpose, time, group form and size, materials, preparation, steps
with their minutes, questions, notes, worksheet and sources, translated; its
placeholders filled from an order when one is given, else shown as readable
markers (‹kerneopgaven›) so the text reads as a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from kitgen.content.library import Library
from kitgen.content.schema import Concept, Course, Exercise, Item, Module
from kitgen.i18n.labels import LABELS, RANGES
from kitgen.i18n.locale import Formatter
from kitgen.inputs.order import Order
from kitgen.kit.localise import Localiser, sources

# How a placeholder reads when no order fills it in.
MARKERS = {
    "da": {"workplace": "‹arbejdspladsen›", "team": "‹teamet›", "core_task": "‹kerneopgaven›"},
    "en": {"workplace": "‹the workplace›", "team": "‹the team›", "core_task": "‹the core task›"},
    "sv": {"workplace": "‹arbetsplatsen›", "team": "‹teamet›", "core_task": "‹kärnuppdraget›"},
    "nb": {"workplace": "‹arbeidsplassen›", "team": "‹teamet›", "core_task": "‹kjerneoppgaven›"},
    "de": {"workplace": "‹der Arbeitsplatz›", "team": "‹das Team›", "core_task": "‹die Kernaufgabe›"},
}


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Description:
    kind: str
    id: str
    title: str
    summary: str
    facts: tuple[tuple[str, str], ...] = ()
    sections: tuple[Section, ...] = ()
    tags: tuple[str, ...] = field(default=())


def describe(lib: Library, item: Item, lang: str, order: Order | None = None) -> Description:
    tr = lib.translator(lang)
    t = {msgid: tr.label(msgid) for msgid in LABELS + RANGES}
    if order is not None:
        from kitgen.kit.plan import _Plan  # the order's own values, as plan fills them in

        loc = _Plan(order, lib, lang, strict=False).loc
    else:
        markers = dict(MARKERS.get(lang, MARKERS["en"]))
        markers["stakeholders"] = t["borgerne"]
        loc = Localiser(lib, tr, markers)
    fmt = Formatter(lang)
    if isinstance(item, Exercise):
        return _exercise(item, loc, t, fmt)
    g = loc.get
    sections: list[Section] = []
    if isinstance(item, Concept):
        sections.append(Section("", tuple(loc.many(item, "body", len(item.body)))))
        if item.key_points:
            sections.append(Section("", tuple(f"{g(item, 'key_points', i, 'term')}: {g(item, 'key_points', i, 'text')}"
                                              for i in range(len(item.key_points)))))
        summary = g(item, "short")
    elif isinstance(item, Module):
        summary = g(item, "summary")
        sections += [Section(t["Formål med dagen"], loc.many(item, "aims", len(item.aims))),
                     Section(t["Program"], tuple(_block(item, i, loc, lib, fmt) for i in range(len(item.blocks)))),
                     Section(t["Hjemmeopgave"], loc.many(item, "homework", len(item.homework)))]
    else:
        assert isinstance(item, Course)
        summary = g(item, "summary")
        sections.append(Section("", tuple(g(item, "parts", i, "title") for i in range(len(item.parts))), True))
    sections.append(Section(t["Kilder"], sources(item, loc, t)))
    return Description(item.KIND, item.id, g(item, "title"), summary,
                       sections=tuple(s for s in sections if s.lines), tags=tuple(x.value for x in item.tags))


def _block(mod: Module, i: int, loc: Localiser, lib: Library, fmt: Formatter) -> str:
    block = mod.blocks[i]
    title = (loc.get(mod, "blocks", i, "title") or (block.exercise and loc.get(lib.exercises[block.exercise], "title"))
             or (block.concept and loc.get(lib.concepts[block.concept], "title")) or block.kind.value)
    return f"{title} ({fmt.minutes(block.minutes)})" if block.minutes else str(title)


def _exercise(ex: Exercise, loc: Localiser, t: Mapping[str, str], fmt: Formatter) -> Description:
    g = loc.get
    size = t["{min}–{max} deltagere"].format(min=ex.group_size.min, max=ex.group_size.max)
    facts = [(t["Formål"], g(ex, "purpose")), (t["Tidsforbrug"], fmt.duration(ex.minutes)),
             (t["Gruppeform"], f"{g(ex, 'group_form')} · {size}"), (t["Hvem"], g(ex, "audience"))]
    if not ex.materials:
        facts.append((t["Materialer"], t["Ingen særlige materialer"]))
    steps = tuple(f"{g(ex, 'steps', i, 'title')} ({fmt.minutes(s.minutes)}): {g(ex, 'steps', i, 'text')}"
                  for i, s in enumerate(ex.steps))
    questions = []
    for i, group in enumerate(ex.questions):
        heading = g(ex, "questions", i, "heading")
        questions += ([heading + ":"] if heading else []) + [
            f"– {g(ex, 'questions', i, 'items', j)}" for j in range(len(group.items))]
    sections = [Section(t["Materialer"], loc.many(ex, "materials", len(ex.materials))),
                Section(t["Forberedelse:"].rstrip(":"), loc.many(ex, "preparation", len(ex.preparation))),
                Section(t["Sådan gør I"], steps, numbered=True),
                Section(t["Spørgsmål til drøftelse"], tuple(questions))]
    if ex.worksheet:
        fields = tuple(g(ex, "worksheet", "fields", i, "label") for i in range(len(ex.worksheet.fields)))
        sections.append(Section(f"{t['Arbejdsark']}: {g(ex, 'worksheet', 'title')}", fields))
    sections.append(Section(t["Facilitator"], loc.many(ex, "facilitator_notes", len(ex.facilitator_notes))))
    sections.append(Section(t["Kilder"], sources(ex, loc, t)))
    return Description("exercise", ex.id, g(ex, "title"), g(ex, "summary"), tuple(facts),
                       tuple(s for s in sections if s.lines), tuple(x.value for x in ex.tags))
