"""The facilitation deck (.pptx), built with python-pptx on templates/deck.pptx.

Team session: title, agenda, then for every agenda block a divider (the agenda
with that block highlighted) and its slides: the welcome with the core task,
each exercise's intro, steps, questions and plenary, and the action plan.
Course module: the same, plus the course overview ("you are here"), the day's
aims, a theory slide per talk and the homework.

Every text is measured with real font metrics (kitgen.fit): a frame gets the
largest size that fits, down to the minimum, and what still does not fit
continues on a follow-up slide. Every slide has the facilitator's script in its
speaker notes, and every run carries the kit's language.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from dataclasses import replace
from typing import Callable

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart
from pptx.util import Emu, Inches, Pt

from ..errors import KitgenError
from ..fit import EMU_PER_PT, Box, Para, best_size, paginate, text_width
from ..model import AgendaItem, Exercise, Kit
from ..theme import Theme
from .docx_util import normalise_zip, set_core_properties

NAME = "deck"
FILENAME = "deck.pptx"
TEMPLATE = Path(__file__).resolve().parent.parent.parent / "templates" / "deck.pptx"

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


class _Deck:
    def __init__(self, kit: Kit, theme: Theme):
        self.kit, self.theme, self.t = kit, theme, kit.t
        self.prs = Presentation(str(TEMPLATE))
        self.layouts = {layout.name: layout for layout in self.prs.slide_layouts}
        self._boxes: dict = {}
        self._notes_proto = None
        longest = max((a.time_range for a in kit.agenda), key=len, default="00.00–00.00")
        self.time_col = text_width(longest, BODY_SIZES[0], bold=True) + 14

    # -- low level ------------------------------------------------------------
    def _box(self, shape) -> Box:
        key = (shape.part.partname, shape.shape_id) if hasattr(shape, "part") else None
        if key in self._boxes:
            return self._boxes[key]
        tf = shape.text_frame
        box = Box((shape.width - tf.margin_left - tf.margin_right) / EMU_PER_PT,
                  (shape.height - tf.margin_top - tf.margin_bottom) / EMU_PER_PT)
        if key is not None and "slideLayout" in str(key[0]):
            self._boxes[key] = box  # layout placeholders never change size
        return box

    def _run(self, paragraph, text: str, size: float, bold: bool = False, color: str | None = None):
        """Append <a:r> with its properties in one go (python-pptx's property
        setters run an XPath query each, which dominated the deck's build time)."""
        p = paragraph._p
        r = p.makeelement(qn("a:r"), {})
        rpr = r.makeelement(qn("a:rPr"), {"lang": self.kit.language_tag,
                                          "sz": str(int(round(size * 100))), "b": "1" if bold else "0"})
        if color:
            fill = rpr.makeelement(qn("a:solidFill"), {})
            fill.append(fill.makeelement(qn("a:srgbClr"), {"val": color}))
            rpr.append(fill)
        r.append(rpr)
        t = r.makeelement(qn("a:t"), {})
        t.text = text
        r.append(t)
        end = p.find(qn("a:endParaRPr"))
        if end is not None:
            end.addprevious(r)
        else:
            p.append(r)
        return r

    def _write(self, shape, paras: list[Para], size: float, color: str | None = None) -> None:
        """Put paragraphs in a frame at `size`, with spacing and indents set explicitly
        (the same numbers kitgen.fit measured with)."""
        tf = shape.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        txBody = tf._txBody
        for p in list(txBody.findall(qn("a:p")))[1:]:
            txBody.remove(p)
        first = tf.paragraphs[0]
        for r in list(first._p):
            if r.tag != qn("a:pPr"):
                first._p.remove(r)
        for i, para in enumerate(paras):
            p = first if i == 0 else tf.add_paragraph()
            s = size * para.scale
            pPr = p._p.get_or_add_pPr()
            indent = Emu(int((para.indent) * EMU_PER_PT))
            pPr.set("marL", str(indent))
            pPr.set("indent", str(-indent) if (para.bullet or para.prefix) else "0")
            for child in list(pPr):
                pPr.remove(child)
            ln = pPr.makeelement(qn("a:lnSpc"), {})
            ln.append(ln.makeelement(qn("a:spcPct"), {"val": "100000"}))
            pPr.append(ln)
            before = 0 if i == 0 else round(para.space_before * s * 1.22 * 100)
            sb = pPr.makeelement(qn("a:spcBef"), {})
            sb.append(sb.makeelement(qn("a:spcPts"), {"val": str(before)}))
            pPr.append(sb)
            if para.bullet:
                pPr.append(pPr.makeelement(qn("a:buFont"), {"typeface": "Calibri"}))
                pPr.append(pPr.makeelement(qn("a:buChar"), {"char": "•"}))
            else:
                pPr.append(pPr.makeelement(qn("a:buNone"), {}))
            run_color = {"accent": self.theme.accent, "muted": MUTED}.get(para.style, color)
            if para.prefix:
                self._run(p, para.prefix + "\t", s, para.bold, run_color)
            self._run(p, para.text, s, para.bold, run_color)
            end = p._p.get_or_add_endParaRPr()
            end.set("lang", self.kit.language_tag)

    def _fill(self, shape, paras: list[Para], sizes: tuple[float, float], color: str | None = None) -> None:
        """Fill a frame with the largest size that fits; it must fit at the smallest."""
        size = best_size(paras, self._box(shape), *sizes)
        if size is None:
            raise KitgenError(f"text does not fit in {shape.name!r}: "
                              f"{' / '.join(p.text[:40] for p in paras)}")
        self._write(shape, paras, size, color)

    def panel_fits(self, layout: str, paras: list[Para], sizes=SIDE_SIZES) -> bool:
        """Whether paras fit the layout's side panel (placeholder 2) at the smallest size."""
        return bool(paras) and best_size(paras, self._box(self.layouts[layout].placeholders[2]),
                                         *sizes) is not None

    def panel(self, slide, paras: list[Para], sizes=SIDE_SIZES, color: str | None = None) -> None:
        """Fill the side panel, or remove it when there is nothing for it."""
        shape = slide.placeholders[2]
        if paras:
            self._fill(shape, paras, sizes, color)
        else:
            self._drop(shape)

    @staticmethod
    def _drop(shape) -> None:
        """Remove an unused placeholder so no empty prompt is left on the slide."""
        shape._element.getparent().remove(shape._element)

    def _notes_slide(self, slide):
        """The slide's notes page. python-pptx builds each one from the notes master
        (about 1 ms of XPath per page); after the first, copy the first one's XML."""
        if self._notes_proto is None:
            notes = slide.notes_slide
            self._notes_proto = copy.deepcopy(notes._element)
            self._notes_master = notes.part.part_related_by(RT.NOTES_MASTER)
            self._notes_count = 1
            return notes
        self._notes_count += 1
        part = NotesSlidePart(PackURI(f"/ppt/notesSlides/notesSlide{self._notes_count}.xml"),
                              CT.PML_NOTES_SLIDE, self.prs.part.package,
                              copy.deepcopy(self._notes_proto))
        part.relate_to(self._notes_master, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        return part.notes_slide

    def _notes(self, slide, lines: list[str]) -> None:
        tf = self._notes_slide(slide).notes_text_frame
        tf.text = ""
        for i, line in enumerate(x for x in lines if x):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            run = p.add_run()
            run.text = line
            run._r.get_or_add_rPr().set("lang", self.kit.language_tag)

    def slide(self, layout: str, title: str, notes: list[str]):
        slide = self.prs.slides.add_slide(self.layouts[layout])
        sizes = COVER_TITLE_SIZES if layout == "Title" else TITLE_SIZES
        self._fill(slide.shapes.title, [Para(title, bold=True)], sizes, self.theme.primary)
        self._notes(slide, notes)
        return slide

    def text_slides(self, layout: str, title: str, paras: list[Para], notes: list[str],
                    sizes: tuple[float, float] = BODY_SIZES,
                    extra: Callable | None = None) -> None:
        """One or more slides of `layout`; placeholder 1 takes paras, continued as needed."""
        body = self.layouts[layout].placeholders[1]
        pages, size = paginate(paras, self._box(body), *sizes,
                               comfortable=COMFORTABLE if sizes == BODY_SIZES else None)
        for i, page in enumerate(pages):
            heading = title if i == 0 else self.t("{title} (fortsat)").format(title=title)
            slide = self.slide(layout, heading, notes)
            self._write(slide.placeholders[1], page, size)
            if extra:
                extra(slide)
            else:
                for shape in list(slide.placeholders):
                    if shape.placeholder_format.idx > 1:
                        self._drop(shape)

    # -- content --------------------------------------------------------------
    def agenda_paras(self, current: AgendaItem | None = None) -> list[Para]:
        paras = []
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
        self._fill(slide.placeholders[1], lines, SUBTITLE_SIZES)
        if self.theme.logo:
            slide.shapes.add_picture(str(self.theme.logo), Inches(11.2), Inches(0.4), height=Inches(1.0))

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
        body = slide.placeholders[1]
        box = self._box(body)
        paras = self.agenda_paras(current=item)
        size = best_size(paras, box, BODY_SIZES[0], DIVIDER_MIN)
        if size is None:  # a long course day: the blocks around the current one
            at = list(self.kit.agenda).index(item)
            lo, hi = at, at + 1
            while True:
                grown = [(lo - 1, hi), (lo, hi + 1)] if hi - at <= at - lo + 1 else [(lo, hi + 1), (lo - 1, hi)]
                for a, b in grown:
                    if 0 <= a and b <= len(paras) and best_size(paras[a:b], box, *BODY_SIZES):
                        lo, hi = a, b
                        break
                else:
                    break
            paras = [replace(p, space_before=0.15 if i else 0) for i, p in enumerate(paras[lo:hi])]
            size = best_size(paras, box, *BODY_SIZES)
        self._write(body, paras, size)

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
                strip = slide.placeholders[2]
                if ex.mentions_core_task:
                    self._fill(strip, [Para(f"{t('Vores kerneopgave')}: {self.kit.core_task}",
                                            space_before=0)], STRIP_SIZES, self.theme.primary)
                else:
                    self._drop(strip)

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
        area = slide.placeholders[1]
        x, y, w, h = area.left, area.top, area.width, area.height
        self._drop(area)
        headers = [t("Hvad gør vi?"), t("Hvem har ansvaret?"), t("Hvornår?"), t("Hvordan følger vi op?")]
        shares = (0.4, 0.2, 0.15, 0.25)
        table = slide.shapes.add_table(5, 4, x, y, w, Emu(int(h * 0.9))).table
        for col, share in zip(table.columns, shares):
            col.width = Emu(int(w * share))
        size = min(best_size([Para(text, bold=True)], Box(w * share / EMU_PER_PT - 14, 60), 18, 10) or 10
                   for text, share in zip(headers, shares))
        for cell, text in zip(table.rows[0].cells, headers):
            cell.text_frame.word_wrap = True
            self._run(cell.text_frame.paragraphs[0], text, size, bold=True)
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string(self.theme.primary)
        for row in list(table.rows)[1:]:
            for cell in row.cells:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(self.theme.light)
                cell.text_frame.paragraphs[0]._p.get_or_add_endParaRPr().set("lang", self.kit.language_tag)

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
        set_core_properties(self.prs.core_properties, kit)
        buf = io.BytesIO()
        self.prs.save(buf)
        return normalise_zip(buf.getvalue(), kit.created)


def build(kit: Kit, theme: Theme) -> bytes:
    return _Deck(kit, theme).build()
