"""The facilitation deck (.pptx), written as PresentationML on templates/deck.pptx.

Designed for the room: participants read the screen, the facilitator reads the
notes. A slide shows at most about fifty words at 20 pt or more (never below
18 pt); the full instructions, the script and the clock times are in its
speaker notes. The kit's theme colours the layouts (the template draws with
scheme colours, which each deck sets from the theme) and its logo sits in a
white card at the right end of every slide's title band (larger on the title
slide).

Team session: the title slide, the program, then for every block a divider
(the whole day with that block highlighted) and its slides: the core task for
the welcome; for each exercise what it is, one slide per step (a numbered disc,
minute and clock chips, and a strip of all steps with this one highlighted),
its questions and a round-up; the action plan at the end. A course module adds
the course overview ("you are here"), the day's aims, a slide per talk and the
homework. Titles are unique; a continued slide is "(2/3)".

How text and shapes are put on a slide is deck_canvas.py; the course module's
own slides are deck_course.py.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kitgen.builders.office import drawingml
from kitgen.builders.office.deck_canvas import (
    BODY,
    BODY_SIZES,
    BULLET_INDENT,
    CHIP_SIZE,
    DAY_SIZES,
    FOURTH,
    LIST_SIZES,
    SIDE,
    SIDE_SIZES,
    STEP_SIZES,
    STEP_WORDS,
    STRIP_SIZE,
    SUBTITLE_SIZES,
    SUMMARY_WORDS,
    THIRD,
    end_time,
)
from kitgen.builders.office.deck_course import CourseSlides
from kitgen.builders.office.deck_parts import (
    ACCENT,
    LIGHT,
    PRIMARY,
    WHITE,
    WORDS,
    centred,
    first_clause,
    first_sentences,
    numbered,
    para_words,
    shape_xml,
    without_core_task,
)
from kitgen.builders.office.fit import EMU_PER_PT, Box, Fitter, Para
from kitgen.builders.office.opc import core_properties_xml
from kitgen.builders.office.pptx_package import write_pptx
from kitgen.builders.office.pptx_template import parse
from kitgen.builders.office.presentationml import EMU_PER_INCH
from kitgen.builders.office.slide import Slide, table_cell
from kitgen.builders.registry import FileRole
from kitgen.builders.templates import TemplatedBuilder, TemplateFile
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _
from kitgen.kit.model import AgendaItem, Exercise, Kit
from kitgen.kit.theme import Theme
from kitgen.paths import data_dirs


class _Deck(CourseSlides):
    def title_slide(self) -> None:
        kit, t = self.kit, self.t
        slide = self.slide("Title", kit.session_title, [t(
            "Byd velkommen, og præsentér dig selv. Sig kort, hvorfor I er samlet: at styrke "
            "tilliden, retfærdigheden og samarbejdet om jeres kerneopgave.")])
        self._subtitle(slide)
        area = slide.area(SIDE)
        slide.drop(SIDE)
        elements = [t("Tillid"), t("Retfærdighed"), t("Samarbejde")]
        widths = [self.chip_width(e, CHIP_SIZE) for e in elements]
        self.chips(slide, area, elements, [ACCENT] * 3, [WHITE] * 3, widths=widths)

    def _subtitle(self, slide: Slide) -> None:
        """Workplace, team, date and facilitator under the title. Long names (up to
        the order's limits, in wide German words) first share lines, then the
        facilitator moves to the notes; names too long even so are the order's
        problem, said at its field."""
        kit, t = self.kit, self.t
        when = f"{kit.date_text} · {kit.time_range}"
        who = f"{t('Facilitator')}: {kit.facilitator}" if kit.facilitator else ""
        names = [Para(kit.workplace, bold=True, space_before=0)] + (
            [Para(kit.team, space_before=0)] if kit.team else [])
        candidates = [
            names + [Para(when, space_before=0.5)] + ([Para(who, space_before=0)] if who else []),
            names + [Para(" · ".join(x for x in (when, who) if x), space_before=0.5)],
            names + [Para(when, space_before=0.3)],
        ]
        box = self._box("Title", BODY)
        for lines in candidates:
            if self.fitter.best_size(lines, box, *SUBTITLE_SIZES) is not None:
                self._fill(slide, BODY, lines, SUBTITLE_SIZES)
                if lines is candidates[-1] and who:
                    slide.set_notes([slide.notes, drawingml.paragraph(drawingml.run(who, self.lang))])
                return
        raise UserError(Problem("deck.pptx", "workplace", _(
            "the workplace and team names are too long for the deck's title slide; shorten them")))

    def agenda_slide(self) -> None:
        t = self.t
        title = t("Program") if self.kit.module else t("Dagsorden")
        self.text_slides("Agenda", title, self.agenda_paras(self.kit.agenda), [t(
            "Gennemgå programmet. Sig, hvornår der er pauser, og at I slutter med konkrete aftaler.")],
            sizes=DAY_SIZES)

    def divider_texts(self, item: AgendaItem, count: int) -> tuple[str, str, list[str]]:
        """A divider's title, the line above it (time, "item 2 of 5") and its notes."""
        t = self.t
        if item.kind in ("break", "lunch"):
            title = t("Pause til {time}").format(time=item.end_text)
            if item.kind == "lunch":  # "Frokost · til kl. 12.45", not "Frokost · Pause til 12.45"
                title = f"{item.title} · {t('til kl. {time}').format(time=item.end_text)}"
            eyebrow = f"{item.time_range} · {item.duration}"
            notes = [t("Sig tydeligt, hvornår I starter igen: kl. {time}. Hold selv tiden.").format(
                time=item.end_text)]
        elif item.kind == "meeting":
            title, eyebrow = item.title, self.kit.date_text
            notes = [x for x in (item.text, item.title) if x]
        else:
            title = f"{item.number}. {item.title}" if item.number else item.title
            eyebrow = f"{item.time_range} · {item.duration}"
            if item.number:
                eyebrow = f"{t('Punkt {number} af {count}').format(number=item.number, count=count)} · {eyebrow}"
            notes = [t("Næste punkt: {title} ({time}). Sig, hvad punktet skal give, og hvornår I "
                       "er færdige.").format(title=item.title, time=item.time_range)]
            if item.text:
                notes.append(item.text)
        meetings = [a for a in self.kit.agenda if a.kind == "meeting"]
        if item.kind != "meeting" and meetings:  # the same block in another meeting is another slide
            meeting = self.day(item)[0]
            if meeting.kind == "meeting":
                title = t("{title} · møde {number}").format(title=title, number=meetings.index(meeting) + 1)
        return title, eyebrow, notes

    def divider(self, item: AgendaItem, count: int) -> None:
        """Before every block: the whole day with this block lit, in two columns when long."""
        title, eyebrow, notes = self.divider_texts(item, count)
        slide = self.slide("Section", title, notes)
        self._fill(slide, SIDE, [Para(eyebrow, bold=True)], (20, STRIP_SIZE))
        paras = self.agenda_paras(self.day(item), current=item)
        if self.fitter.best_size(paras, self._box("Section", BODY), *DAY_SIZES) is not None:
            self._fill(slide, BODY, paras, DAY_SIZES)
            slide.drop(THIRD)
            slide.drop(FOURTH)
            return
        # A long day in two columns, the morning and the afternoon, rows closer together.
        paras = [replace(p, space_before=min(p.space_before, 0.08)) for p in paras]
        box = self._box("Section", THIRD)
        columns: list[list[Para]] = []
        size = 0.0
        columns, size = self._two_columns(paras, box)
        rows = list(paras)
        while not size:  # a course day: the longest rows to one line, cut with "…" (the agenda has them whole)
            lines = [self._lines_in_column(p)(p.text) for p in rows]
            # the block this divider is about is cut last
            longest = max(range(len(rows)), key=lambda i: (rows[i].style != "accent" and lines[i] > 1, lines[i],
                                                           len(rows[i].text)))
            if lines[longest] <= 1:
                break
            rows[longest] = self._one_line(rows[longest])
            columns, size = self._two_columns(rows, box)
        if not size:  # still too long: the part of the day around this block, marked "…" where cut
            pages = self.fitter.paginate(paras, Box(box.width, box.height * 0.9), DAY_SIZES[1], DAY_SIZES[1])[0]
            at = next(i for i, p in enumerate(paras) if p.style == "accent")
            first, seen = 0, 0
            for number, page in enumerate(pages):
                if seen <= at < seen + len(page):
                    first = max(0, min(number, len(pages) - 2))
                    break
                seen += len(page)
            more = Para("…", style="muted", space_before=0.1)
            columns = [([more] if first else []) + pages[first],
                       pages[first + 1] + ([more] if first + 2 < len(pages) else []) if first + 1 < len(pages) else []]
            size = DAY_SIZES[1]
        slide.drop(BODY)
        for idx, column in zip((THIRD, FOURTH), columns):
            if column:
                slide.set_text(idx, self._paragraphs([replace(column[0], space_before=0)] + column[1:], size))
            else:
                slide.drop(idx)

    def welcome(self, item: AgendaItem) -> None:
        """The team's core task, once and large; the three elements beside it."""
        kit, t = self.kit, self.t
        paras = [Para(kit.core_task, bold=True, style="primary", space_before=0)]
        notes = ([item.text] if item.text else []) + list(kit.intro) + [
            t("Læs kerneopgaven højt, og spørg, om alle kan genkende den. Notér forskelle i "
              "forståelsen – de er gode at arbejde videre med i dag."),
            t("Brug kerneopgaven som pejlemærke i dag: Hvad skal vi gøre mere af, og hvad skal vi "
              "gøre anderledes, så vi løser den bedre sammen?")]
        side = [Para(t("Tillid"), bold=True, style="accent", space_before=0),
                Para(t("Retfærdighed"), bold=True, style="accent", space_before=0.6),
                Para(t("Samarbejde"), bold=True, style="accent", space_before=0.6)]
        self.text_slides("Content", t("Vores kerneopgave"), paras, notes, sizes=(32, 20),
                         extra=lambda slide, page: self._fill(slide, SIDE, side, (28, SIDE_SIZES[1])),
                         limit=10_000)  # the team's own words, never split

    # -- an exercise ------------------------------------------------------------------
    def exercise(self, ex: Exercise, item: AgendaItem) -> None:
        t = self.t
        time_text = f"{item.duration} · {item.time_range}" if item.time_range else ex.duration
        if item.minutes == ex.minutes and ex.time_range:
            time_text = f"{ex.duration} · {ex.time_range}"
        side = [Para(t("Tidsforbrug"), bold=True, style="primary", space_before=0), Para(time_text, space_before=0),
                Para(t("Gruppeform"), bold=True, style="primary", space_before=0.6),
                Para(first_clause(ex.group_form), space_before=0),
                Para(t("Deltagere"), bold=True, style="primary", space_before=0.6), Para(ex.group_size, space_before=0)]
        summary = first_sentences(ex.summary, min(SUMMARY_WORDS, WORDS - para_words(side)))
        notes = [ex.summary, f"{t('Formål')}: {ex.purpose}", f"{t('Gruppeform')}: {ex.group_form}",
                 t("Tid i programmet: {time}.").format(time=time_text)]
        if ex.materials:
            notes.append(f"{t('Materialer')}: " + "; ".join(ex.materials))
        if ex.preparation:
            notes += [t("Forberedelse:")] + list(ex.preparation)
        notes += list(ex.facilitator_notes[:1])
        self.text_slides("Content", t("Øvelsen: {title}").format(title=ex.title), [Para(summary, space_before=0)],
                         notes, extra=lambda slide, page: self._fill(slide, SIDE, side, SIDE_SIZES))
        for step in ex.steps:
            self.step(ex, step.number)
        if ex.questions:
            self.questions(ex)
        self.plenary(ex)

    def step(self, ex: Exercise, number: int) -> None:
        """One step: the strip of all steps with this one lit, a disc with its number,
        its title, minute and clock chips, and the start of its instruction."""
        t = self.t
        s = ex.steps[number - 1]
        title = t("{title}: trin {number} af {count}").format(title=ex.title, number=number, count=len(ex.steps))
        when = s.time_range or s.duration
        notes = [f"{t('Trin {number}, {time}:').format(number=s.number, time=when)} {s.text}",
                 t("Hold øje med tiden, og sig til, når der er få minutter tilbage af et trin.")]
        slide = self.slide("Step", title, notes)
        # the strip: every step as a chip, this one in the accent colour, the done ones light
        strip = slide.area(SIDE)
        slide.drop(SIDE)
        labels = [f"{x.number} · {x.minutes} min" for x in ex.steps]
        fills = [ACCENT if x.number == number else (LIGHT if x.number < number else WHITE) for x in ex.steps]
        texts = [WHITE if x.number == number else ("7F7F7F" if x.number < number else PRIMARY) for x in ex.steps]
        lines: list[str | None] = [None if x.number <= number else PRIMARY for x in ex.steps]
        gap = int(0.12 * EMU_PER_INCH)
        width = min(int(1.75 * EMU_PER_INCH), (strip.cx - gap * (len(labels) - 1)) // len(labels))
        self.chips(slide, strip, labels, fills, texts, STRIP_SIZE, lines=lines, gap=gap,
                   widths=[width] * len(labels))
        # the number disc beside the heading
        head = slide.area(THIRD)
        d = int(0.95 * EMU_PER_INCH)
        x0 = strip.x
        y0 = head.y + (head.cy - d) // 2
        slide.add_shape(lambda sid: shape_xml(sid, f"Step number {sid - 1}", x0, y0, d, d, "ellipse", ACCENT,
                                              centred(str(number), self.lang, 32, WHITE)))
        self._fill(slide, THIRD, [Para(s.title, bold=True)], STEP_SIZES, PRIMARY)
        # minutes, and the clock time the step ends
        chips_area = slide.area(FOURTH)
        slide.drop(FOURTH)
        chip_labels = [f"{s.minutes} min"]
        if s.time_range:
            chip_labels.append(t("til kl. {time}").format(time=end_time(s.time_range)))
        self.chips(slide, chips_area, chip_labels, [ACCENT, PRIMARY][: len(chip_labels)],
                   [WHITE] * len(chip_labels), CHIP_SIZE, vertical=True,
                   gap=int(0.1 * EMU_PER_INCH))
        self._fill(slide, BODY, [Para(first_sentences(s.text, STEP_WORDS), space_before=0)], (28, BODY_SIZES[1]))

    def questions(self, ex: Exercise) -> None:
        """The questions, grouped, at most three slides; the rest are in the handout."""
        t = self.t
        paras: list[Para] = []
        for group in ex.questions:
            if group.heading:
                paras.append(Para(group.heading, bold=True, style="primary", space_before=0.6, keep_with_next=True))
            for q in group.items:
                text = without_core_task(q, self.kit.core_task)
                paras.append(Para(text, bullet=not numbered(text), indent=BULLET_INDENT, space_before=0.25))
        pages, size = self.pages("Questions", paras, LIST_SIZES)
        if len(pages) > 3:  # three slides of questions; the handout has them all
            more = Para(t("Flere spørgsmål står i håndbogen."), style="muted", space_before=0.6)
            last = pages[2]
            box = self._box("Questions", BODY)
            while len(last) > 1 and (para_words(last + [more]) > WORDS
                                     or not self.fitter.fits(last + [more], size, box)):
                last = last[:-1]
            if last[-1].keep_with_next:  # never a heading without its questions
                last = last[:-1]
            pages = pages[:2] + [last + [more]]
        notes = [f"{g.heading}: " + " ".join(g.items) if g.heading else " ".join(g.items) for g in ex.questions]
        self.text_slides("Questions", t("{title}: spørgsmål").format(title=ex.title), paras,
                         list(ex.facilitator_notes) + notes, paged=(pages, size))

    def plenary(self, ex: Exercise) -> None:
        t = self.t
        plenary = [Para(q, bullet=True, indent=BULLET_INDENT, space_before=0.5) for q in (
            t("Hvad lagde I mærke til?"),
            t("Hvad vil vi gøre mere af – og hvad vil vi gøre anderledes?"),
            t("Hvilke aftaler skal med i handleplanen?"))]
        side: list[Para] = []
        if ex.poster:  # the exercise's key messages, as on its wall poster, when they all have room
            side = [Para(ex.poster.title, bold=True, style="primary", space_before=0)]
            side += [Para(line, bullet=not numbered(line), indent=BULLET_INDENT * 0.8, space_before=0.25)
                     for line in ex.poster.lines]
            if para_words(plenary) + para_words(side) > WORDS or \
                    self.fitter.best_size(side, self._box("Content", SIDE), *SIDE_SIZES) is None:
                side = []
        # the poster's title and lines a line each, as on the poster
        notes = [t("Saml op i plenum: Bed hver gruppe om én pointe, og skriv forslag til aftaler direkte "
                   "på handleplanen.")] + ([ex.poster.title] + list(ex.poster.lines) if ex.poster else [])

        def fill_side(slide: Slide, page: int) -> None:
            if side:
                self._fill(slide, SIDE, side, SIDE_SIZES)

        self.text_slides("Content" if side else "Questions", t("Opsamling: {title}").format(title=ex.title),
                         plenary, notes, sizes=LIST_SIZES, extra=fill_side)

    def closing(self) -> None:
        t = self.t
        slide = self.slide("Closing", t("Aftaler og handleplan"), [t(
            "Udfyld handleplanen sammen: hvad, hvem, hvornår og hvordan I følger op. Aftal, hvem der "
            "sender den rundt, og hvornår I ser på den igen.")])
        area = slide.area(BODY)
        slide.drop(BODY)
        headers = [t("Hvad gør vi?"), t("Hvem har ansvaret?"), t("Hvornår?"), t("Hvordan følger vi op?")]
        shares = (0.36, 0.22, 0.16, 0.26)
        widths = [int(area.cx * share) for share in shares]
        size = min(self.fitter.best_size([Para(text, bold=True)], Box(area.cx * share / EMU_PER_PT - 16, 70),
                                         20, STRIP_SIZE) or STRIP_SIZE for text, share in zip(headers, shares))
        header = [table_cell(drawingml.paragraph(drawingml.run(text, self.lang, size, True, WHITE)),
                             self.theme.primary, wrap=True) for text in headers]
        empty = table_cell(drawingml.paragraph(end_lang=self.lang), self.theme.light)
        slide.add_table(area.x, area.y, widths, int(area.cy * 0.92),
                        [header] + [[empty] * len(headers) for _ in range(4)])

    def build(self) -> bytes:
        kit = self.kit
        self.title_slide()
        if kit.course:
            self.course_slide()
        if kit.module:
            self.aims_slide()
        self.agenda_slide()
        exercises = {ex.id: ex for ex in kit.exercises}
        count = max((a.number or 0 for a in kit.agenda), default=0)
        for item in kit.agenda:
            self.divider(item, count)
            if item.kind == "exercise" and item.exercise in exercises:
                self.exercise(exercises[item.exercise], item)
            elif item.kind == "welcome" and not kit.module:
                self.welcome(item)
                for concept in kit.concepts:
                    if concept.id in kit.requested_concepts:
                        self.key_points(concept.title, concept)
            elif item.kind == "talk":
                self.talk(item)
        self.homework()
        self.closing()
        colours = {"dk1": self.theme.text, "dk2": self.theme.primary, "lt2": self.theme.light,
                   "accent1": self.theme.primary, "accent2": self.theme.accent}
        return write_pptx(self.template, self.slides, core_properties_xml(kit), kit.created, kit.language_tag, colours)


class DeckBuilder(TemplatedBuilder):
    name = "deck"
    FILES = (FileRole("deck.pptx", "deck", pdf_version=True, proof=True),)

    def __init__(self, template: Path | None = None) -> None:
        """`template`: another deck template than kitgen's own (a designer's)."""
        self.template = TemplateFile(lambda: template or data_dirs().deck_template, parse)
        self.fitter = Fitter()  # measures with the shipped Carlito, remembers what it fitted

    def build(self, kit: Kit, theme: Theme) -> dict[str, bytes]:
        return {"deck.pptx": _Deck(kit, theme, self.template.get(), self.fitter).build()}
