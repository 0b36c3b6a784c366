"""Order + Library + language -> Kit. Pure: no I/O beyond reading catalogs.

Everything two builders need is decided here once: the agenda's clock times,
exercise numbering, the rendered texts, the warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from datetime import datetime, timedelta, time
from typing import Any

from kitgen.kit import model
from kitgen import __version__
from kitgen.content.schema import Concept, Exercise, Item, Module, Source, iter_texts, text_key
from kitgen.errors import UserError, Problem
from kitgen.i18n.locale import Formatter, language_tag
from kitgen.i18n.translator import Translator
from kitgen.i18n.grammar import inflect
from kitgen.i18n.labels import LABELS, PLURALS, RANGES
from kitgen.content.library import Library
from kitgen.inputs.order import Order
from kitgen.content.render import render

WELCOME_MINUTES = 15
WRAPUP_MINUTES = 20
BREAK_MINUTES = 15
LUNCH_MINUTES = 30
MAX_STRETCH = 90  # minutes of work before a break is due
MIN_STRETCH = 45  # never break after less than this (not right after the welcome)


@dataclass(frozen=True)
class _Block:
    kind: str
    title: str
    minutes: int
    exercise: str | None = None
    concept: str | None = None
    text: str = ""


class _Localiser:
    """Translate and render the texts of one content item, by path."""

    def __init__(self, tr: Translator, values: dict[str, str]):
        self.tr, self.values = tr, values
        self._cache: dict[str, dict[tuple, str]] = {}

    def texts(self, item: Item) -> dict[tuple, str]:
        if item.key not in self._cache:
            self._cache[item.key] = {
                path: render(self.tr.content(key, text), self.values)
                for path, key, text in _item_texts(item)}
        return self._cache[item.key]

    def get(self, item: Item, *path: Any) -> str:
        return self.texts(item).get(tuple(path), "")

    def many(self, item: Item, name: str, count: int) -> tuple[str, ...]:
        return tuple(self.get(item, name, i) for i in range(count))


_TEXTS: dict[str, tuple[Item, tuple]] = {}


def _item_texts(item: Item) -> tuple[tuple[tuple, str, str], ...]:
    """(path, msgctxt, Danish text) of every text of an item, walked once per item
    per process (library items are never changed)."""
    cached = _TEXTS.get(item.key)
    if cached is None or cached[0] is not item:
        cached = _TEXTS[item.key] = (item, tuple((path, text_key(item, path), text)
                                                 for path, text in iter_texts(item)))
    return cached[1]


def _add_minutes(start: time, minutes: int) -> time:
    return (datetime.combine(datetime(2000, 1, 1), start) + timedelta(minutes=minutes)).time()


def _with_breaks(blocks: list[_Block], start: time, t: dict[str, str]) -> list[_Block]:
    """Insert a break whenever more than MAX_STRETCH minutes would run without one.

    The break that falls between 11:00 and 13:00 in a session of five hours or
    more becomes lunch.
    """
    total = sum(b.minutes for b in blocks)
    if total <= MAX_STRETCH:
        return blocks
    out: list[_Block] = []
    stretch = 0
    elapsed = 0
    had_lunch = False
    for block in blocks:
        due = stretch >= MIN_STRETCH and (
            stretch + block.minutes > MAX_STRETCH if block.kind != "wrapup" else stretch > MAX_STRETCH)
        if due:
            clock = _add_minutes(start, elapsed)
            if total >= 300 and not had_lunch and time(11, 0) <= clock <= time(13, 0):
                brk = _Block("lunch", t["Frokost"], LUNCH_MINUTES)
                had_lunch = True
            else:
                brk = _Block("break", t["Pause"], BREAK_MINUTES)
            out.append(brk)
            elapsed += brk.minutes
            stretch = 0
        out.append(block)
        elapsed += block.minutes
        stretch += block.minutes
    return out


def _agenda(blocks: list[_Block], start: time, fmt: Formatter,
            numbers: dict[str, int]) -> tuple[model.AgendaItem, ...]:
    items = []
    clock = start
    for b in blocks:
        if b.kind == "meeting":  # a new meeting of the process: the clock starts again
            clock = start
            items.append(model.AgendaItem(kind="meeting", title=b.title, start=start, end=start,
                                          minutes=0, time_range="", duration="", text=b.text))
            continue
        end = _add_minutes(clock, b.minutes)
        items.append(model.AgendaItem(
            kind=b.kind, title=b.title, start=clock, end=end, minutes=b.minutes,
            time_range=fmt.time_range(clock, end), duration=fmt.minutes(b.minutes),
            end_text=fmt.time(end),
            exercise=b.exercise, number=numbers.get(b.exercise or ""), concept=b.concept,
            text=b.text))
        clock = end
    return tuple(items)


def _meetings(agenda: list[model.AgendaItem]) -> list[list[model.AgendaItem]]:
    groups: list[list[model.AgendaItem]] = [[]]
    for item in agenda:
        if item.kind == "meeting" and groups[-1]:
            groups.append([])
        groups[-1].append(item)
    return groups


def _source_text(src: Source, loc: _Localiser, item: Item, index: int, t: dict[str, str]) -> str:
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


def _sources(item: Item, loc: _Localiser, t: dict[str, str]) -> tuple[str, ...]:
    return tuple(_source_text(s, loc, item, i, t) for i, s in enumerate(item.sources))


def _step_ranges(ex: Exercise, start: time | None, fmt: Formatter) -> list[str]:
    """Clock times of each step when the exercise has its full time in the agenda."""
    if start is None:
        return [""] * len(ex.steps)
    ranges, clock = [], start
    for s in ex.steps:
        end = _add_minutes(clock, s.minutes)
        ranges.append(fmt.time_range(clock, end))
        clock = end
    return ranges


def _exercise(ex: Exercise, number: int, loc: _Localiser, t: dict[str, str], fmt: Formatter,
              tr: Translator, slot: model.AgendaItem | None) -> model.Exercise:
    g = loc.get
    full_time = slot is not None and slot.minutes == ex.minutes
    ranges = _step_ranges(ex, slot.start if slot is not None and full_time else None, fmt)
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
        worksheet=worksheet, poster=poster, sources=_sources(ex, loc, t),
        mentions_core_task=any("core_task" in text for _, text in iter_texts(ex)))


def _concept(c: Concept, loc: _Localiser, t: dict[str, str]) -> model.Concept:
    g = loc.get
    return model.Concept(
        id=c.id, title=g(c, "title"), short=g(c, "short"), body=loc.many(c, "body", len(c.body)),
        key_points=tuple(model.KeyPoint(g(c, "key_points", i, "term"), g(c, "key_points", i, "text"))
                         for i in range(len(c.key_points))),
        sources=_sources(c, loc, t))


def _blocks_for_module(mod: Module, lib: Library, loc: _Localiser, t: dict[str, str]) -> list[_Block]:
    blocks = []
    for i, b in enumerate(mod.blocks):
        title = loc.get(mod, "blocks", i, "title")
        if not title and b.exercise:
            title = loc.get(lib.exercises[b.exercise], "title")
        if not title and b.concept:
            title = loc.get(lib.concepts[b.concept], "title")
        if not title:
            title = t["Frokost"] if b.kind.value == "lunch" else t["Pause"]
        blocks.append(_Block(b.kind.value, title, b.minutes, b.exercise, b.concept,
                             loc.get(mod, "blocks", i, "text")))
    return blocks


def _poster(kind: str, order: Order, lib: Library, loc: _Localiser, t: dict[str, str],
            workplace: str, team: str, core_task: str, session_title: str, date_text: str,
            agenda: list[model.AgendaItem]) -> model.PosterPage:
    header = " · ".join(x for x in (workplace, team) if x)
    if kind == "core_task":
        return model.PosterPage(
            kind="core_task", name="core_task", eyebrow=t["Vores kerneopgave"], title=core_task,
            lines=(t["Tillid"], t["Retfærdighed"], t["Samarbejde"]),
            note=t["Vi bruger kerneopgaven som pejlemærke, når vi prioriterer, samarbejder og "
                   "træffer beslutninger."], footer=header, field="core_task")
    if kind == "program":
        return model.PosterPage(
            kind="program", name="program", eyebrow=f"{header} · {date_text}", title=session_title,
            lines=(), rows=tuple((a.time_range, f"{a.number}. {a.title}" if a.number else a.title)
                                 for a in agenda),
            footer=header, field="title")
    item = lib.exercises.get(kind) or lib.concepts[kind]  # an exercise's or a concept's poster
    assert item.poster is not None  # the order checked it
    sources = _sources(item, loc, t)
    return model.PosterPage(
        kind="exercise", name=item.id, eyebrow=loc.get(item, "title"),
        title=loc.get(item, "poster", "title"),
        lines=tuple(loc.get(item, "poster", "lines", i) for i in range(len(item.poster.lines))),
        note=sources[0] if sources else "", footer=header, field=f"{item.key}:poster")


def plan(order: Order, lib: Library, lang: str, strict: bool = False) -> model.Kit:
    """Resolve one order into the Kit for one language."""
    tr = lib.translator(lang, strict=strict)
    fmt = Formatter(lang)
    t = {msgid: tr.label(msgid) for msgid in LABELS + RANGES}
    warnings = list(order.warnings)

    workplace, team, core_task = (order.text(f, lang) for f in ("workplace", "team", "core_task"))
    facilitator, title = order.text("facilitator", lang), order.text("title", lang)
    given = order.text("stakeholders", lang)
    stakeholders, complete = inflect(lang, given or t["borgerne" if order.sector == "public"
                                                     else "kunderne"],
                                     order.stakeholder_forms.get(lang))
    if given and not complete:
        warnings.append(f"stakeholders ({lang}): kitgen cannot tell the other grammatical forms "
                        f"of {given!r}; give them as stakeholders: {{{lang}: {{nom: …, dat: …}}}}, "
                        "else texts that need them show it as written")
    for name in order.localized:
        if lang not in order.localized[name]:
            warnings.append(f"{name} is not given in {lang}; the {lang} kit shows "
                            f"{order.text(name, lang)!r} as written")
    # Inside a sentence the core task is quoted, so its own full stop would double up.
    values = {"workplace": workplace, "team": team or t["teamet"],
              "core_task": core_task.rstrip(" ."), "stakeholders": stakeholders}
    loc = _Localiser(tr, values)

    module = lib.modules[order.module] if order.module else None
    start = order.start
    if module:
        blocks = _blocks_for_module(module, lib, loc, t)
        exercise_ids = list(dict.fromkeys(b.exercise for b in module.blocks if b.exercise))
        # Exercises the order adds to a module go before its last block (check-out).
        extra = [e for e in order.exercises if e not in exercise_ids]
        blocks[-1:-1] = [_Block("exercise", loc.get(lib.exercises[e], "title"),
                                lib.exercises[e].minutes, e) for e in extra]
        exercise_ids += extra
    else:
        exercise_ids = list(order.exercises)
        blocks = [_Block("welcome", t["Velkomst og formål"], WELCOME_MINUTES)]
        blocks += [_Block("exercise", loc.get(lib.exercises[e], "title"), lib.exercises[e].minutes, e)
                   for e in exercise_ids]
        blocks.append(_Block("wrapup", t["Opsamling, aftaler og handleplan"], WRAPUP_MINUTES))
        blocks = _with_breaks(blocks, start, t)

    numbers = {e: i + 1 for i, e in enumerate(exercise_ids)}
    agenda = _agenda(blocks, start, fmt, numbers)
    total = sum(a.minutes for a in agenda)
    # The session's end: of its (first) meeting when the process has several.
    first_meeting = total
    if any(a.kind == "meeting" for a in agenda[1:]):
        later = next(i for i, a in enumerate(agenda) if i and a.kind == "meeting")
        first_meeting = sum(a.minutes for a in agenda[:later])
    longest = max([first_meeting] + [sum(a.minutes for a in group) for group in _meetings(agenda)])
    end_dt = datetime.combine(order.date, start) + timedelta(minutes=longest)
    session_end = datetime.combine(order.date, start) + timedelta(minutes=first_meeting)
    if end_dt.date() != order.date:
        raise UserError(Problem(order.where("start"), "start", f"the session would run past midnight "
                                f"({total} minutes from {start:%H:%M}); start earlier or choose "
                                "fewer exercises"))
    if order.time_budget and total > order.time_budget:
        warnings.append(f"the session takes {fmt_en(total)}, {fmt_en(total - order.time_budget)} more "
                        f"than the time budget of {fmt_en(order.time_budget)}")

    slots = {a.exercise: a for a in agenda if a.exercise}
    exercises = []
    for e in exercise_ids:
        ex = lib.exercises[e]
        exercises.append(_exercise(ex, numbers[e], loc, t, fmt, tr, slots.get(e)))
        if order.participants and not ex.group_size.min <= order.participants <= ex.group_size.max:
            warnings.append(f"{e} works for {ex.group_size.min}–{ex.group_size.max} participants, "
                            f"the order has {order.participants}")
        if order.sector not in {s.value for s in ex.sectors}:
            warnings.append(f"{e} is written for the {', '.join(s.value for s in ex.sectors)} sector")

    concept_ids = ["social_capital"] if "social_capital" in lib.concepts else []
    for e in exercise_ids:
        concept_ids += [c for c in lib.exercises[e].concepts if c not in concept_ids]
    if module:
        concept_ids += [b.concept for b in module.blocks if b.concept and b.concept not in concept_ids]
    concept_ids += [c for c in order.concepts if c not in concept_ids]
    concepts = tuple(_concept(lib.concepts[c], loc, t) for c in concept_ids)

    elements = fmt.list([t["tillid"], t["retfærdighed"], t["samarbejde"]])
    intro = (t["Social kapital handler om {elements} – og det hele samler sig om jeres kerneopgave:"]
             .format(elements=elements),)

    all_sources = sorted({s for group in ([x.sources for x in exercises] + [c.sources for c in concepts])
                          for s in group}, key=str.casefold)
    if module:
        all_sources = sorted(set(all_sources) | set(_sources(module, loc, t)), key=str.casefold)

    labels = dict(t)
    for singular, plural in PLURALS:
        labels[singular] = tr.nlabel(singular, plural, 1)
        labels[plural] = tr.nlabel(singular, plural, 2)
    participants_text = (tr.nlabel("{n} deltager", "{n} deltagere", order.participants)
                         .format(n=order.participants) if order.participants else "")
    session_title = title or (loc.get(module, "title") if module else t["Workshop om social kapital"])

    module_info = course = None
    if module:
        g = loc.get
        module_info = model.ModuleInfo(
            id=module.id, number=module.number, title=g(module, "title"), summary=g(module, "summary"),
            aims=loc.many(module, "aims", len(module.aims)),
            preparation=loc.many(module, "preparation", len(module.preparation)),
            reading=loc.many(module, "reading", len(module.reading)),
            homework=loc.many(module, "homework", len(module.homework)))
        if module.course:
            c = lib.courses[module.course]
            course = model.Course(
                title=g(c, "title"), summary=g(c, "summary"),
                parts=tuple(model.CoursePart(p.number, g(c, "parts", i, "title"),
                                             g(c, "parts", i, "summary"), p.module == module.id)
                            for i, p in enumerate(c.parts)))

    posters = tuple(_poster(kind, order, lib, loc, t, workplace, team, core_task, session_title,
                            fmt.date(order.date), list(agenda)) for kind in order.posters)

    warnings += tr.check()
    return model.Kit(
        lang=lang, language_tag=language_tag(lang), workplace=workplace, team=team,
        core_task=core_task, stakeholders=str(stakeholders), facilitator=facilitator,
        participants=order.participants, participants_text=participants_text,
        date=order.date, date_text=fmt.date(order.date), session_title=session_title,
        slug=order.slug,
        agenda=agenda, total_minutes=total, total_text=fmt.duration(total),
        time_range=fmt.time_range(start, session_end.time()),
        intro=intro, elements_text=elements, exercises=tuple(exercises), concepts=concepts,
        sources=tuple(all_sources), posters=posters, module=module_info, course=course,
        requested_concepts=tuple(order.concepts),
        labels=model.freeze(labels), theme=order.theme,
        created=datetime.combine(order.date, start), kitgen_version=__version__,
        content_version=lib.version, warnings=tuple(warnings))


def fmt_en(minutes: int) -> str:
    """Durations in warnings, which are CLI messages and stay English."""
    return Formatter("en").duration(minutes)
