"""The facilitation deck (.pptx), written as PresentationML on templates/deck.pptx.

Team session: title, agenda, then for every agenda block a divider (the agenda
with that block highlighted) and its slides: the welcome with the core task,
each exercise's intro, steps, questions and plenary, and the action plan.
Course module: the same, plus the course overview ("you are here"), the day's
aims, a theory slide per talk and the homework.

Every text is measured with real font metrics (kitgen.fit): a frame gets the
largest size that fits, down to the minimum, and what still does not fit
continues on a follow-up slide. Every slide has the facilitator's script in its
speaker notes, and every run carries the kit's language.

The slides are written as XML strings (drawingml, slide, pptx_package) on the
template, parsed once (pptx_template); python-pptx is not needed to build a deck.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

from kitgen.builders.office import drawingml
from kitgen.builders.office.fit import EMU_PER_PT, LINE_HEIGHT, Box, Fitter, Para
from kitgen.builders.office.opc import core_properties_xml
from kitgen.builders.office.pptx_package import write_pptx
from kitgen.builders.office.pptx_template import DeckTemplate, Placeholder, parse
from kitgen.builders.office.presentationml import EMU_PER_INCH
from kitgen.builders.office.slide import Image, Slide, table_cell
from kitgen.builders.registry import Builder, FileRole
from kitgen.builders.templates import TemplateFile
from kitgen.errors import KitgenError, Problem, TemplateError
from kitgen.kit.model import AgendaItem, Exercise, Kit
from kitgen.kit.theme import Theme
from kitgen.paths import data_dirs

TITLE_SIZES = (34, 20)
COVER_TITLE_SIZES = (44, 28)
SUBTITLE_SIZES = (24, 14)
BODY_SIZES = (24, 18)  # largest, smallest: smaller print belongs in the handout
COMFORTABLE = 22  # worth one more slide to reach
DIVIDER_MIN = 16  # a divider shows the whole agenda down to this size
SIDE_SIZES = (20, 14)
STRIP_SIZES = (18, 10)
BULLET_INDENT = 22.0  # pt
MUTED = "7F7F7F"
TITLE, BODY, SIDE = 0, 1, 2  # placeholder idx: title, main text, side panel or strip


def _text_box(placeholder: Placeholder) -> Box:
    """A placeholder's text area in pt."""
    width, height = placeholder.text_area
    return Box(width / EMU_PER_PT, height / EMU_PER_PT)


class _Deck:
    def __init__(self, kit: Kit, theme: Theme, template: DeckTemplate, fitter: Fitter):
        self.kit, self.theme, self.t = kit, theme, kit.t
        self.fitter = fitter
        self.lang = kit.language_tag
        self.template = template
        self.layouts = self.template.layouts
        self.slides: list[Slide] = []
        longest = max((a.time_range for a in kit.agenda), key=len, default="00.00–00.00")
        self.time_col = self.fitter.metrics.text_width(longest, BODY_SIZES[0], bold=True) + 14

    # -- low level ------------------------------------------------------------
    def _box(self, layout: str, idx: int) -> Box:
        """The text area of a layout's placeholder, in pt."""
        return _text_box(self.layouts[layout].placeholder(idx))

    def _paragraphs(self, paras: list[Para], size: float, color: str | None = None) -> list[str]:
        """<a:p> elements for paragraphs at `size`, with spacing and indents set
        explicitly (the same numbers kitgen.fit measured with)."""
        out = []
        for i, para in enumerate(paras):
            s = size * para.scale
            indent = int(para.indent * EMU_PER_PT)
            before = 0 if i == 0 else round(para.space_before * s * LINE_HEIGHT * 100)
            props = drawingml.paragraph_properties(indent, -indent if (para.bullet or para.prefix) else 0,
                                             before, bullet="•" if para.bullet else "",
                                             bullet_font="Calibri")
            run_color = {"accent": self.theme.accent, "muted": MUTED}.get(para.style, color)
            runs = drawingml.run(para.prefix + "\t", self.lang, s, para.bold, run_color) if para.prefix else ""
            runs += drawingml.run(para.text, self.lang, s, para.bold, run_color)
            out.append(drawingml.paragraph(runs, props, end_lang=self.lang))
        return out

    def _write(self, slide: Slide, idx: int, paras: list[Para], size: float,
               color: str | None = None) -> None:
        slide.set_text(idx, self._paragraphs(paras, size, color))

    def _fill(self, slide: Slide, idx: int, paras: list[Para], sizes: tuple[float, float],
              color: str | None = None) -> None:
        """Fill a frame with the largest size that fits; it must fit at the smallest."""
        size = self.fitter.best_size(paras, _text_box(slide.layout.placeholder(idx)), *sizes)
        if size is None:
            raise KitgenError(f"text does not fit in {slide.name(idx)!r}: "
                              f"{' / '.join(p.text[:40] for p in paras)}")
        self._write(slide, idx, paras, size, color)

    def panel_fits(self, layout: str, paras: list[Para], sizes=SIDE_SIZES) -> bool:
        """Whether paras fit the layout's side panel (placeholder 2) at the smallest size."""
        return bool(paras) and self.fitter.best_size(paras, self._box(layout, SIDE), *sizes) is not None

    def panel(self, slide: Slide, paras: list[Para], sizes=SIDE_SIZES,
              color: str | None = None) -> None:
        """Fill the side panel, or remove it when there is nothing for it."""
        if paras:
            self._fill(slide, SIDE, paras, sizes, color)
        else:
            slide.drop(SIDE)

    def slide(self, layout: str, title: str, notes: list[str]) -> Slide:
        """A new slide with its title and the facilitator's script in the notes."""
        slide = Slide(self.layouts[layout])
        self.slides.append(slide)
        sizes = COVER_TITLE_SIZES if layout == "Title" else TITLE_SIZES
        self._fill(slide, TITLE, [Para(title, bold=True)], sizes, self.theme.primary)
        slide.set_notes(drawingml.paragraph(drawingml.run(line, self.lang)) for line in notes if line)
        return slide

    def text_slides(self, layout: str, title: str, paras: list[Para], notes: list[str],
                    sizes: tuple[float, float] = BODY_SIZES,
                    extra: Callable | None = None) -> None:
        """One or more slides of `layout`; placeholder 1 takes paras, continued as needed."""
        pages, size = self.fitter.paginate(paras, self._box(layout, BODY), *sizes,
                               comfortable=COMFORTABLE if sizes == BODY_SIZES else None)
        for i, page in enumerate(pages):
            heading = title if i == 0 else self.t("{title} (fortsat)").format(title=title)
            slide = self.slide(layout, heading, notes)
            self._write(slide, BODY, page, size)
            if extra:
                extra(slide)
            else:
                for idx in slide.placeholder_ids():
                    if idx > BODY:
                        slide.drop(idx)

    # -- content --------------------------------------------------------------
    def agenda_paras(self, current: AgendaItem | None = None) -> list[Para]:
        paras: list[Para] = []
        for item in self.kit.agenda:
            title = f"{item.number}. {item.title}" if item.number else item.title
            style = "" if current is None else ("accent" if item is current else "muted")
            if item.kind == "meeting":  # a heading between the meetings of a process
                paras.append(Para(title, bold=True, style=style, space_before=0.5 if paras else 0))
                continue
            paras.append(Para(title, bold=item is current or (current is None and item.kind == "exercise"),
                              indent=self.time_col, prefix=item.time_range, style=style,
                              space_before=0.15))
        return paras

    def title_slide(self) -> None:
        kit, t = self.kit, self.t
        slide = self.slide("Title", kit.session_title, [t(
            "Byd velkommen, og præsentér dig selv. Sig kort, hvorfor I er samlet: at styrke "
            "tilliden, retfærdigheden og samarbejdet om jeres kerneopgave.")])
        lines = [Para(kit.workplace, bold=True, space_before=0)]
        if kit.team:
            lines.append(Para(kit.team, space_before=0))
        lines.append(Para(f"{kit.date_text} · {kit.time_range}", space_before=0.4))
        if kit.facilitator:
            lines.append(Para(f"{t('Facilitator')}: {kit.facilitator}", space_before=0, scale=0.85))
        self._fill(slide, BODY, lines, SUBTITLE_SIZES)
        if self.theme.logo:  # top right, in a 1.7 × 1 in box, whatever its shape
            inch = EMU_PER_INCH
            logo = Image.load(self.theme.logo)
            height = inch if logo.width_for(inch) <= 1.7 * inch else int(inch * 1.7 * inch / logo.width_for(inch))
            slide.add_picture(logo, int(11.2 * inch), int(0.4 * inch), height=height,
                              alt=self.theme.logo_alt or kit.workplace)

    def course_slide(self) -> None:
        kit, t = self.kit, self.t
        assert kit.course is not None
        paras = []
        for part in kit.course.parts:
            label = f"{part.title} – {t('Du er her')}" if part.current else part.title
            paras.append(Para(label, bold=part.current, style="accent" if part.current else "",
                              space_before=0.5))
            if part.summary:
                paras.append(Para(part.summary, indent=BULLET_INDENT, scale=0.8, space_before=0.1,
                                  style="" if part.current else "muted"))
        self.text_slides("Steps", t("Kursusforløbet"), paras, [t(
            "Vis, hvor i forløbet deltagerne er, og bind dagen sammen med det, de gjorde sidst.")])

    def aims_slide(self) -> None:
        kit, t = self.kit, self.t
        mod = kit.module
        assert mod is not None
        paras = [Para(mod.summary, space_before=0)] + [Para(a, bullet=True, indent=BULLET_INDENT)
                                                        for a in mod.aims]
        side = []
        if mod.preparation or mod.reading:
            side = [Para(t("Forberedelse og læsning"), bold=True, space_before=0)]
            side += [Para(x, bullet=True, indent=BULLET_INDENT * 0.8, space_before=0.2)
                     for x in mod.preparation + mod.reading]
        notes = [t("Gennemgå dagens formål, og spørg, hvad deltagerne selv vil have ud af dagen.")]
        if self.panel_fits("Content", side):
            self.text_slides("Content", t("Formål med dagen"), paras, notes,
                             extra=lambda slide: self.panel(slide, side))
            return
        self.text_slides("Steps", t("Formål med dagen"), paras, notes)
        self.text_slides("Steps", t("Forberedelse og læsning"),
                         [replace(p, indent=BULLET_INDENT) for p in side[1:]], notes)

    def agenda_slide(self) -> None:
        t = self.t
        title = t("Program") if self.kit.module else t("Dagsorden")
        self.text_slides("Agenda", title, self.agenda_paras(), [t(
            "Gennemgå programmet. Sig, hvornår der er pauser, og at I slutter med konkrete aftaler.")])

    def divider(self, item: AgendaItem) -> None:
        t = self.t
        if item.kind in ("break", "lunch"):
            title = f"{item.title} · {t('Pause til {time}').format(time=item.end_text)}" \
                if item.kind == "lunch" else t("Pause til {time}").format(time=item.end_text)
            notes = [t("Sig tydeligt, hvornår I starter igen: kl. {time}. Hold selv tiden.").format(
                time=item.end_text)]
        elif item.kind == "meeting":
            title = item.title
            notes = [x for x in (item.text, item.title) if x]
        else:
            title = f"{item.number}. {item.title}" if item.number else item.title
            notes = [t("Næste punkt: {title} ({time}). Sig, hvad punktet skal give, og hvornår I "
                       "er færdige.").format(title=item.title, time=item.time_range)]
        slide = self.slide("Section", title, notes)
        box = self._box("Section", BODY)
        paras = self.agenda_paras(current=item)
        size = self.fitter.best_size(paras, box, BODY_SIZES[0], DIVIDER_MIN)
        if size is None:  # a long course day: the blocks around the current one
            at = list(self.kit.agenda).index(item)
            lo, hi = at, at + 1
            while True:
                grown = [(lo - 1, hi), (lo, hi + 1)] if hi - at <= at - lo + 1 else [(lo, hi + 1), (lo - 1, hi)]
                for a, b in grown:
                    if 0 <= a and b <= len(paras) and self.fitter.best_size(paras[a:b], box, *BODY_SIZES):
                        lo, hi = a, b
                        break
                else:
                    break
            paras = [replace(p, space_before=0.15 if i else 0) for i, p in enumerate(paras[lo:hi])]
            size = self.fitter.best_size(paras, box, *BODY_SIZES)
        self._write(slide, BODY, paras, size or BODY_SIZES[1])  # the window was grown to fit

    def welcome(self, item: AgendaItem) -> None:
        kit, t = self.kit, self.t
        paras = [Para(text, space_before=0) for text in kit.intro]
        paras.append(Para(kit.core_task, bold=True, style="accent", space_before=0.5))
        paras.append(Para(t("Brug kerneopgaven som pejlemærke i dag: Hvad skal vi gøre mere af, og "
                            "hvad skal vi gøre anderledes, så vi løser den bedre sammen?"),
                          space_before=0.6, scale=0.85))
        if item.text:
            paras.insert(0, Para(item.text, space_before=0))
        social = next((c for c in kit.concepts if c.id == "social_capital"), None)
        side = [Para(t("Vores kerneopgave"), bold=True, space_before=0)]
        if social:
            side = [Para(p.term, bold=True, space_before=0.5 if i else 0) for i, p in
                    enumerate(social.key_points)]

        self.text_slides("Content", item.title, paras, [t(
            "Læs kerneopgaven højt, og spørg, om alle kan genkende den. Notér forskelle i "
            "forståelsen – de er gode at arbejde videre med i dag.")],
            extra=lambda slide: self.panel(slide, side, color=self.theme.primary))

    def exercise(self, ex: Exercise, item: AgendaItem) -> None:
        t = self.t
        title = f"{ex.number}. {ex.title}"
        # intro: summary and purpose; facts in the side panel
        time_text = ex.duration + (f" ({ex.time_range})" if ex.time_range else "")
        if item.minutes != ex.minutes:
            time_text = f"{item.duration} ({item.time_range})"
        side = [Para(t("Tidsforbrug"), bold=True, space_before=0), Para(time_text, space_before=0),
                Para(t("Gruppeform"), bold=True, space_before=0.6), Para(ex.group_form, space_before=0)]
        if ex.materials:
            side.append(Para(t("Materialer"), bold=True, space_before=0.6))
            side += [Para(m, bullet=True, indent=BULLET_INDENT * 0.8, space_before=0.1)
                     for m in ex.materials]
        prep = [t("Forberedelse:")] + list(ex.preparation) if ex.preparation else []
        intro_notes = prep + [t("Tid i programmet: {time}.").format(time=time_text)] + list(ex.facilitator_notes[:1])
        paras = [Para(ex.summary, space_before=0), Para(ex.purpose, scale=0.85, space_before=0.6)]
        if not self.panel_fits("Content", side):  # a long materials list joins the main text
            paras += [Para(t("Materialer"), bold=True, space_before=0.6, keep_with_next=True)]
            paras += [Para(m, bullet=True, indent=BULLET_INDENT, scale=0.85, space_before=0.1)
                      for m in ex.materials]
            side = side[:4]
        self.text_slides("Content", title, paras, intro_notes,
                         extra=lambda slide: self.panel(slide, side))

        # steps: title and minutes in bold, the text under it
        steps = []
        for s in ex.steps:
            steps.append(Para(f"{s.number}. {s.title} ({s.duration})", bold=True,
                              keep_with_next=True, space_before=0.5))
            steps.append(Para(s.text, indent=BULLET_INDENT, scale=0.85, space_before=0.1))
        step_notes = []
        for s in ex.steps:
            when = s.time_range or s.duration
            step_notes.append(f"{t('Trin {number}, {time}:').format(number=s.number, time=when)} {s.text}")
        step_notes.append(t("Hold øje med tiden, og sig til, når der er få minutter tilbage af et trin."))
        self.text_slides("Steps", title, steps, step_notes)

        # questions, grouped; the core task below them where the exercise uses it
        if ex.questions:
            qs = []
            for group in ex.questions:
                if group.heading:
                    qs.append(Para(group.heading, bold=True, space_before=0.6, keep_with_next=True))
                qs += [Para(q, bullet=True, indent=BULLET_INDENT, space_before=0.2) for q in group.items]

            def fill_strip(slide):
                if ex.mentions_core_task:
                    self._fill(slide, SIDE, [Para(f"{t('Vores kerneopgave')}: {self.kit.core_task}",
                                                  space_before=0)], STRIP_SIZES, self.theme.primary)
                else:
                    slide.drop(SIDE)

            self.text_slides("Questions", title, qs, list(ex.facilitator_notes) or [item.title],
                             extra=fill_strip)

        # plenary
        plenary = [Para(q, bullet=True, indent=BULLET_INDENT, space_before=0.4) for q in (
            t("Hvad lagde I mærke til?"),
            t("Hvad vil vi gøre mere af – og hvad vil vi gøre anderledes?"),
            t("Hvilke aftaler skal med i handleplanen?"))]
        side_lines = []
        if ex.poster:  # the exercise's key messages, as on its wall poster
            side_lines = [Para(ex.poster.title, bold=True, space_before=0)]
            side_lines += [Para(x, bullet=True, indent=BULLET_INDENT * 0.8, space_before=0.2)
                           for x in ex.poster.lines]
        if side_lines and not self.panel_fits("Content", side_lines):
            plenary += [replace(p, indent=BULLET_INDENT if p.bullet else 0,
                                space_before=0.8 if not p.bullet else 0.2) for p in side_lines]
            side_lines = []
        self.text_slides("Content", t("Opsamling: {title}").format(title=ex.title), plenary, [t(
            "Saml op i plenum: Bed hver gruppe om én pointe, og skriv forslag til aftaler direkte "
            "på handleplanen.")], extra=lambda slide: self.panel(slide, side_lines))

    def concept_slides(self, concept) -> None:
        """A theory slide for a concept the order asked for: definition and key points."""
        paras = [Para(concept.short, bold=True, space_before=0)]
        paras += [Para(f"{p.term}: {p.text}", bullet=True, indent=BULLET_INDENT, scale=0.85,
                       space_before=0.3) for p in concept.key_points]
        self.text_slides("Steps", concept.title, paras, list(concept.body) or [concept.short])

    def talk(self, item: AgendaItem) -> None:
        concept = next((c for c in self.kit.concepts if c.id == item.concept), None)
        paras = []
        notes = [item.text] if item.text else []
        if concept:
            paras.append(Para(concept.short, bold=True, space_before=0))
            paras += [Para(f"{p.term}: {p.text}", bullet=True, indent=BULLET_INDENT, scale=0.85,
                           space_before=0.3) for p in concept.key_points]
            notes += list(concept.body)
        elif item.text:
            paras.append(Para(item.text, space_before=0))
        if paras:
            self.text_slides("Steps", item.title, paras, notes or [item.title])

    def plain_block(self, item: AgendaItem) -> None:
        if item.text:
            self.text_slides("Steps", item.title, [Para(item.text, space_before=0)], [item.text])

    def homework(self) -> None:
        mod = self.kit.module
        if mod is None or not mod.homework:
            return
        t = self.t
        self.text_slides("Steps", t("Hjemmeopgave"),
                         [Para(h, bullet=True, indent=BULLET_INDENT, space_before=0.4) for h in mod.homework],
                         [t("Gennemgå hjemmeopgaven, og aftal, hvordan deltagerne deler deres "
                            "erfaringer næste gang.")])

    def closing(self) -> None:
        t = self.t
        slide = self.slide("Closing", t("Aftaler og handleplan"), [t(
            "Udfyld handleplanen sammen: hvad, hvem, hvornår og hvordan I følger op. Aftal, hvem der "
            "sender den rundt, og hvornår I ser på den igen.")])
        area = slide.layout.placeholder(BODY)
        slide.drop(BODY)
        headers = [t("Hvad gør vi?"), t("Hvem har ansvaret?"), t("Hvornår?"), t("Hvordan følger vi op?")]
        shares = (0.4, 0.2, 0.15, 0.25)
        widths = [int(area.cx * share) for share in shares]
        size = min(self.fitter.best_size([Para(text, bold=True)], Box(area.cx * share / EMU_PER_PT - 14, 60), 18, 10)
                   or 10 for text, share in zip(headers, shares))
        header = [table_cell(drawingml.paragraph(drawingml.run(text, self.lang, size, bold=True)),
                                 self.theme.primary, wrap=True) for text in headers]
        empty = table_cell(drawingml.paragraph(end_lang=self.lang), self.theme.light)
        slide.add_table(area.x, area.y, widths, int(area.cy * 0.9),
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
        for item in kit.agenda:
            self.divider(item)
            if item.kind == "exercise" and item.exercise in exercises:
                self.exercise(exercises[item.exercise], item)
            elif item.kind == "welcome" and not kit.module:
                self.welcome(item)
                for concept in kit.concepts:
                    if concept.id in kit.requested_concepts:
                        self.concept_slides(concept)
            elif item.kind == "talk":
                self.talk(item)
            elif item.kind in ("welcome", "plenary", "checkout"):
                self.plain_block(item)
        self.homework()
        self.closing()
        return write_pptx(self.template, self.slides, core_properties_xml(kit), kit.created)


class DeckBuilder(Builder):
    name = "deck"
    FILES = (FileRole("deck.pptx", "deck", pdf_version=True, proof=True),)

    def __init__(self, template: Path | None = None) -> None:
        """`template`: another deck template than kitgen's own (a designer's)."""
        self.template = TemplateFile(lambda: template or data_dirs().deck_template, parse)
        self.fitter = Fitter()  # measures with the shipped Carlito, remembers what it fitted

    def files(self, kit: Kit) -> list[FileRole]:
        return list(self.FILES)

    def check(self) -> list[Problem]:
        try:
            self.template.get()
        except TemplateError as exc:
            return exc.problems
        return []

    def build(self, kit: Kit, theme: Theme) -> dict[str, bytes]:
        return {"deck.pptx": _Deck(kit, theme, self.template.get(), self.fitter).build()}
