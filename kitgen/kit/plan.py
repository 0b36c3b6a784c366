"""Order + Library + language -> Kit.

Pure: it reads the library and its catalogs (compiled once into the user cache
by kitgen.i18n.translator) and writes nothing. Everything two builders need is
decided here once: the agenda's clock times, exercise numbering, the rendered
texts, the posters, the warnings.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from kitgen import __version__
from kitgen.content.library import Library
from kitgen.content.schema import Module
from kitgen.errors import Problem, UserError
from kitgen.i18n.grammar import Inflected, inflect
from kitgen.i18n.labels import LABELS, PLURALS, RANGES
from kitgen.i18n.locale import Formatter, language_tag
from kitgen.i18n.messages import _, current_language
from kitgen.inputs.order import Order
from kitgen.kit import agenda as program
from kitgen.kit import model
from kitgen.kit.localise import Localiser, concept, exercise, sources
from kitgen.kit.posters import poster


def plan(order: Order, lib: Library, lang: str, strict: bool = False) -> model.Kit:
    """Resolve one order into the Kit for one language."""
    return _Plan(order, lib, lang, strict).kit()


class _Plan:
    """The work of one plan() call; each part a method, computed once."""

    def __init__(self, order: Order, lib: Library, lang: str, strict: bool):
        self.order, self.lib, self.lang = order, lib, lang
        self.tr = lib.translator(lang, strict=strict)
        self.fmt = Formatter(lang)
        self.t = {msgid: self.tr.label(msgid) for msgid in LABELS + RANGES}
        self.warnings = list(order.warnings)
        self.module: Module | None = lib.modules[order.module] if order.module else None

    # -- who ------------------------------------------------------------------------
    def text(self, name: str) -> str:
        return self.order.text(name, self.lang)

    @cached_property
    def stakeholders(self) -> Inflected:
        given = self.text("stakeholders")
        word = given or self.t["borgerne" if self.order.sector == "public" else "kunderne"]
        value, complete = inflect(self.lang, word, self.order.stakeholder_forms.get(self.lang))
        if given and not complete:
            self.warnings.append(_(
                "stakeholders ({lang}): kitgen cannot tell the other grammatical forms of {text}; give them as "
                "stakeholders: {{{lang}: {{nom: …, dat: …}}}}, else texts that need them show it as written"
            ).format(lang=self.lang, text=repr(given)))
        return value

    @cached_property
    def loc(self) -> Localiser:
        for name in self.order.localized:
            if self.lang not in self.order.localized[name]:
                self.warnings.append(_("{field} is not given in {lang}; the {lang} kit shows {text} as written")
                                     .format(field=name, lang=self.lang, text=repr(self.text(name))))
        # A plain sentence is in one language, taken to be the order's first: in
        # the other kits it would stand untranslated inside their own sentences.
        # (Names of the workplace and team are names; they stay as written.)
        first = self.order.locales[0]
        for name in ("core_task", "stakeholders"):
            if self.lang != first and name not in self.order.localized and getattr(self.order, name):
                self.warnings.append(_(
                    "{field} is given in one language only; the {lang} kit shows {text} as written (give it "
                    "per language, e.g. {field}: {{{first}: …, {lang}: …}})").format(
                        field=name, lang=self.lang, first=first, text=repr(self.text(name))))
        # Inside a sentence the core task is quoted, so its own full stop would double up.
        values: dict[str, Any] = {
            "workplace": self.text("workplace"), "team": self.text("team") or self.t["teamet"],
            "core_task": self.text("core_task").rstrip(" ."), "stakeholders": self.stakeholders}
        return Localiser(self.lib, self.tr, values)

    # -- the program ------------------------------------------------------------------
    @cached_property
    def exercise_ids(self) -> list[str]:
        if self.module is None:
            return list(self.order.exercises)
        if self.order.exercises:  # both given: say which one counts, rather than drop the list unsaid
            self.warnings.append(_("exercises: the module {module} gives the program; the exercises listed "
                                   "({exercises}) are left out").format(module=self.module.id,
                                                                       exercises=", ".join(self.order.exercises)))
        ids = list(dict.fromkeys(b.exercise for b in self.module.blocks if b.exercise))
        return ids + [e for e in self.order.exercises if e not in ids]

    def _exercise_block(self, exercise_id: str) -> program.Block:
        ex = self.lib.exercises[exercise_id]
        return program.Block("exercise", self.loc.get(ex, "title"), ex.minutes, exercise_id)

    def _module_blocks(self, mod: Module) -> list[program.Block]:
        loc, lib, blocks = self.loc, self.lib, []
        for i, b in enumerate(mod.blocks):
            title = (loc.get(mod, "blocks", i, "title")
                     or (b.exercise and loc.get(lib.exercises[b.exercise], "title"))
                     or (b.concept and loc.get(lib.concepts[b.concept], "title"))
                     or self.t["Frokost" if b.kind.value == "lunch" else "Pause"])
            blocks.append(program.Block(b.kind.value, title, b.minutes, b.exercise, b.concept,
                                        loc.get(mod, "blocks", i, "text")))
        # Exercises the order adds to a module go before its last block (check-out).
        listed = {b.exercise for b in mod.blocks}
        blocks[-1:-1] = [self._exercise_block(e) for e in self.order.exercises if e not in listed]
        return blocks

    @cached_property
    def agenda(self) -> tuple[model.AgendaItem, ...]:
        start = self.order.start
        if self.module is not None:
            blocks = self._module_blocks(self.module)
        else:
            chosen = [(e, self.loc.get(self.lib.exercises[e], "title"), self.lib.exercises[e].minutes)
                      for e in self.exercise_ids]
            blocks = program.with_breaks(program.session(chosen, self.t), start, self.t)
        numbers = {e: i + 1 for i, e in enumerate(self.exercise_ids)}
        return program.clock(blocks, start, self.fmt, numbers)

    def session_times(self) -> tuple[int, str]:
        """(total minutes, the session's clock time range); a session past midnight
        is a located user error, a program over the time budget a warning."""
        order, total = self.order, sum(a.minutes for a in self.agenda)
        first, longest = program.spans(self.agenda)
        begin = datetime.combine(order.date, order.start)
        if (begin + timedelta(minutes=longest)).date() != order.date:
            raise UserError(Problem(order.where("start"), "start", _(
                "the session would run past midnight ({minutes} minutes from {start}); start earlier or choose "
                "fewer exercises").format(minutes=total, start=f"{order.start:%H:%M}")))
        if order.time_budget and total > order.time_budget:
            self.warnings.append(_("the session takes {total}, {over} more than the time budget of {budget}").format(
                total=fmt_duration(total), over=fmt_duration(total - order.time_budget),
                budget=fmt_duration(order.time_budget)))
        end = (begin + timedelta(minutes=first)).time()
        return total, self.fmt.time_range(order.start, end)

    # -- content ---------------------------------------------------------------------
    def exercises(self) -> tuple[model.Exercise, ...]:
        order, slots = self.order, {a.exercise: a for a in self.agenda if a.exercise}
        out = []
        for number, e in enumerate(self.exercise_ids, 1):
            ex = self.lib.exercises[e]
            out.append(exercise(ex, number, self.loc, self.t, self.fmt, self.tr, slots.get(e)))
            if order.participants and not ex.group_size.min <= order.participants <= ex.group_size.max:
                self.warnings.append(_("{id} works for {min}–{max} participants, the order has {n}").format(
                    id=e, min=ex.group_size.min, max=ex.group_size.max, n=order.participants))
            if order.sector not in {s.value for s in ex.sectors}:
                self.warnings.append(_("{id} is written for the {sectors} sector").format(
                    id=e, sectors=", ".join(s.value for s in ex.sectors)))
        return tuple(out)

    def concepts(self) -> tuple[model.Concept, ...]:
        ids = ["social_capital"] if "social_capital" in self.lib.concepts else []
        for e in self.exercise_ids:
            ids += [c for c in self.lib.exercises[e].concepts if c not in ids]
        if self.module is not None:
            ids += [b.concept for b in self.module.blocks if b.concept and b.concept not in ids]
        ids += [c for c in self.order.concepts if c not in ids]
        return tuple(concept(self.lib.concepts[c], self.loc, self.t) for c in ids)

    def module_and_course(self) -> tuple[model.ModuleInfo | None, model.Course | None]:
        mod, loc = self.module, self.loc
        if mod is None:
            return None, None
        info = model.ModuleInfo(
            id=mod.id, number=mod.number, title=loc.get(mod, "title"), summary=loc.get(mod, "summary"),
            aims=loc.many(mod, "aims", len(mod.aims)),
            preparation=loc.many(mod, "preparation", len(mod.preparation)),
            reading=loc.many(mod, "reading", len(mod.reading)),
            homework=loc.many(mod, "homework", len(mod.homework)))
        if not mod.course:
            return info, None
        c = self.lib.courses[mod.course]
        return info, model.Course(
            title=loc.get(c, "title"), summary=loc.get(c, "summary"),
            parts=tuple(model.CoursePart(p.number, loc.get(c, "parts", i, "title"),
                                         loc.get(c, "parts", i, "summary"), p.module == mod.id)
                        for i, p in enumerate(c.parts)))

    def labels(self) -> dict[str, str]:
        labels = dict(self.t)
        for singular, plural in PLURALS:
            labels[singular] = self.tr.nlabel(singular, plural, 1)
            labels[plural] = self.tr.nlabel(singular, plural, 2)
        return labels

    # -- the kit ---------------------------------------------------------------------
    def kit(self) -> model.Kit:
        order, t, fmt, loc = self.order, self.t, self.fmt, self.loc
        total, time_range = self.session_times()
        exercises, concepts = self.exercises(), self.concepts()
        module_info, course = self.module_and_course()
        elements = fmt.list([t["tillid"], t["retfærdighed"], t["samarbejde"]])
        found = {s for group in (*(e.sources for e in exercises), *(c.sources for c in concepts)) for s in group}
        if self.module is not None:
            found |= set(sources(self.module, loc, t))
        n = order.participants
        session_title = self.text("title") or (loc.get(self.module, "title") if self.module
                                               else t["Workshop om social kapital"])
        kit = model.Kit(
            lang=self.lang, language_tag=language_tag(self.lang), workplace=self.text("workplace"),
            team=self.text("team"), core_task=self.text("core_task"),
            stakeholders=str(self.stakeholders), facilitator=self.text("facilitator"),
            participants=n, participants_text=(self.tr.nlabel("{n} deltager", "{n} deltagere", n)
                                               .format(n=n) if n else ""),
            date=order.date, date_text=fmt.date(order.date), session_title=session_title,
            slug=order.slug, agenda=self.agenda, total_minutes=total, total_text=fmt.duration(total),
            time_range=time_range,
            intro=(t["Social kapital handler om {elements} – og det hele samler sig om jeres "
                     "kerneopgave:"].format(elements=elements),),
            elements_text=elements, exercises=exercises, concepts=concepts,
            sources=tuple(sorted(found, key=str.casefold)), posters=(), module=module_info,
            course=course, requested_concepts=tuple(order.concepts), labels=model.freeze(self.labels()),
            theme=order.theme or "default", created=datetime.combine(order.date, order.start),
            kitgen_version=__version__, content_version=self.lib.version, warnings=())
        posters = tuple(poster(kind, kit, self.lib, loc, t) for kind in order.posters)
        self.warnings += self.tr.check()
        return replace(kit, posters=posters, warnings=tuple(self.warnings))


def fmt_duration(minutes: int) -> str:
    """Durations in warnings, which are messages: in the messages' language, not the kit's."""
    return Formatter(current_language()).duration(minutes)
