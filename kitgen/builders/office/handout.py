"""The participants' handout (.docx): templates/handout.docx filled with the kit.

Layout: cover (title, workplace, team, date, facilitator, core task box) ->
agenda -> social capital tied to the core task -> concepts -> one section per
exercise (facts, steps, questions, worksheet) -> action plan -> sources.
Headings: Heading 1 per section, Heading 2 inside, Heading 3 for question groups.

How: the template is parsed once (handout_template.HandoutTemplate, which also
keeps the styles themed per theme and language). A build writes
word/document.xml, the header, the footer and the core properties as text
(wordml) and zips these with the template's other parts, which are compressed
only once. The document language is the styles' default (w:docDefaults), which
every run inherits.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from kitgen.builders.office import wordml
from kitgen.builders.office.handout_template import CORE, DOCUMENT, FOOTER, HEADER, STYLES, HandoutTemplate
from kitgen.builders.office.opc import core_properties_xml, deflate, write_zip
from kitgen.builders.office.wordml import cell, paragraph, row, run, table, twips
from kitgen.builders.office.xml import XML_DECLARATION
from kitgen.builders.registry import FileRole, PrintSpec
from kitgen.builders.templates import TemplatedBuilder, TemplateFile
from kitgen.kit.model import Concept, Exercise, Kit
from kitgen.kit.theme import Theme
from kitgen.paths import data_dirs

FAST = 1  # zlib level for the parts written per build: 3x faster than the default, a little larger


def _cm(cm: float) -> int:
    """A length in EMU, as python-docx's Cm()."""
    return int(cm * 360000)


TEXT_WIDTH = _cm(16.6)  # A4 minus 2 x 2.2 cm margins
LINE_HEIGHT = _cm(0.85)  # one handwritten line in a worksheet
MIN_LINE_HEIGHT = _cm(0.65)
WORKSHEET_ROOM = _cm(22.0)  # page height minus margins, heading and a safety margin
LABEL_ROW = _cm(0.75)
INTRO_ROOM = _cm(1.6)
ACTION_ROW = _cm(2.4)
ACTION_LINES = 3  # lines of a fillable action plan cell
BREAK_FILL = "F2F2F2"  # agenda rows of breaks and lunch
CELL_MARGINS = 2 * 108  # twips: a table cell's default left and right margins
BLANK_WIDTH = 0.2261 * 10 * 20  # twips: a space of Calibri (Carlito) at Kit Table Text's 10 pt
ACTION_FIELDS = ("what", "who", "when", "follow_up")  # the action plan's columns, as field tags name them


# A core task longer than this is printed in full once, in the box on the cover;
# texts that would repeat it refer to it instead. A short one reads well inline.
LONG_CORE_TASK = 80


def _blanks(width: int) -> str:
    """Spaces that fill a line of a cell `width` twips wide, less a margin: the
    invisible placeholder of a fillable field, and what sets its PDF field's width."""
    return " " * max(1, int(0.95 * (width - CELL_MARGINS) / BLANK_WIDTH))


class _Writer:
    """Writes the handout's body as WordprocessingML, section by section, into self.body."""

    def __init__(self, kit: Kit, theme: Theme, style_ids: Mapping[str, str]):
        self.kit, self.theme, self.t = kit, theme, kit.t
        self.style_ids = style_ids
        self.body: list[str] = []
        self.controls = 0  # content controls so far: each gets the next w:id
        # The core task as content texts have it ({{ core_task }}, without its full stop).
        words = self.core_words = kit.core_task.strip().rstrip(" .")
        quoted = r"[»«“”„\"]?" + re.escape(words) + r"[»«“”\"]?"
        self.core_task = re.compile(
            r"\s*\(\s*" + re.escape(words) + r"\s*\)"  # "kerneopgaven (…)": the brackets go
            r"|(?P<colon>:\s*)" + quoted  # "med vores egne ord: »…«": "… ord (se forsiden)"
            + "|" + quoted  # anywhere else: "arbejdet med jeres kerneopgave (se forsiden)"
        ) if len(words) > LONG_CORE_TASK else None

    # -- small pieces -------------------------------------------------------
    def style(self, name: str | None) -> str | None:
        return self.style_ids[name.lower()] if name else None

    def say(self, text: str) -> str:
        """A text as the handout prints it: a long core task, said once in full in
        the box on the cover, is referred to rather than repeated ("jeres
        kerneopgave (se forsiden)"), and dropped where it only stood in brackets
        after the word core task."""
        if self.core_task is None or self.core_words not in text:  # most texts: no regex needed
            return text
        def refer(m: re.Match) -> str:
            if m.group("colon") is not None:
                return " " + self.t("(se forsiden)")
            return "" if m.group(0).rstrip().endswith(")") else self.t("jeres kerneopgave (se forsiden)")

        return self.core_task.sub(refer, text)

    def paragraph(self, text: str = "", style: str | None = None, bold: bool = False,
                  keep_next: bool = False) -> str:
        """A paragraph of one run (none when text is empty) in the named style."""
        if style != "Kit Core Task":
            text = self.say(text)
        return paragraph(run(text, True if bold else None) if text else "", self.style(style),
                         keep_next=keep_next)

    def para(self, text: str = "", style: str | None = None, bold: bool = False) -> None:
        self.body.append(self.paragraph(text, style, bold))

    def heading(self, text: str, level: int, new_page: bool = False) -> None:
        self.body.append(paragraph(run(self.say(text)) if text else "", self.style(f"Heading {level}"),
                                   page_break_before=new_page))

    def text_cells(self, widths: list[int], texts, style: str = "Kit Table Text", bold: bool = False,
                   fill: str | None = None, keep_next: bool = False) -> list[str]:
        """One cell per width, each a paragraph of its text."""
        return [cell(width, self.paragraph(text, style, bold, keep_next), fill)
                for width, text in zip(widths, texts)]

    def table(self, widths: list[int], rows: list[str], style: str | None = "Table Grid") -> None:
        self.body.append(table(widths, rows, self.style(style)))

    def fillable(self, width: int, title: str, tag: str, lines: int, line: int) -> str:
        """A cell's paragraph holding one plain-text content control: `lines`
        writing lines of `line` twips, exactly the box the cell draws."""
        self.controls += 1
        control = wordml.text_control(self.controls, title, tag, lines, _blanks(width))
        return paragraph(control, self.style("Kit Table Text"), exact_line=line)

    def head_row(self, widths: list[int], texts: list[str], keep_together: bool = False) -> str:
        """The header row, repeated on every page the table runs over; with
        keep_together it can't split and keeps with the next row."""
        return row(self.text_cells(widths, texts, "Kit Table Head", fill=self.theme.light,
                                   keep_next=keep_together), header=True, cant_split=keep_together)

    # -- frame --------------------------------------------------------------
    def header(self) -> str:
        kit = self.kit
        text = " · ".join(x for x in (kit.workplace, kit.team) if x)
        return paragraph(run(text), self.style("Header"), align="right")

    def footer(self) -> str:
        """One centred line that never collides with itself: title · date · page n of m."""
        kit, t = self.kit, self.t
        content = (run(f"{kit.session_title} · {kit.date_text} · {t('Side')} ") + wordml.field("PAGE")
                   + run(f" {t('af')} ") + wordml.field("NUMPAGES"))
        return paragraph(content, self.style("Footer"), align="center")

    # -- sections -------------------------------------------------------------
    def cover(self) -> None:
        kit, t = self.kit, self.t
        self.para(kit.session_title, "Title")
        self.para(kit.workplace, "Subtitle")
        rows = [(t("Team"), kit.team), (t("Dato"), kit.date_text), (t("Tid"), kit.time_range),
                (t("Facilitator"), kit.facilitator), (t("Deltagere"), kit.participants_text)]
        label, value = _widths(4.0, 12.6)
        self.table([label, value], [
            row([cell(label, self.paragraph(text, "Kit Cover Meta", bold=True)),
                 cell(value, self.paragraph(data, "Kit Cover Meta"))])
            for text, data in rows if data], style=None)  # "Normal Table", the default: no borders
        self.para()
        self.para(t("Vores kerneopgave"), "Kit Box Label")
        self.para(kit.core_task, "Kit Core Task")

    def introduction(self) -> None:
        kit, t = self.kit, self.t
        self.heading(t("Social kapital i {team}").format(team=kit.team or kit.workplace), 1)
        # The core task stands in the box on the cover; here the text refers to it.
        self.para(t("Social kapital handler om {elements} – og det hele samler sig om jeres kerneopgave, "
                    "som står på forsiden.").format(elements=kit.elements_text))
        social = next((c for c in kit.concepts if c.id == "social_capital"), None)
        if social:
            self.concept_text(social)
        self.para(t("Brug kerneopgaven som pejlemærke i dag: Hvad skal vi gøre mere af, og hvad "
                    "skal vi gøre anderledes, så vi løser den bedre sammen?"))

    def agenda(self) -> None:
        """Kept on one page: every row but the total can't split and keeps with the next."""
        kit, t = self.kit, self.t
        self.heading(t("Dagsorden"), 1, new_page=True)
        widths = _widths(3.4, 9.6, 3.6)
        rows = [self.head_row(widths, [t("Tid"), t("Punkt"), t("Varighed")], keep_together=True)]
        for item in kit.agenda:
            title = item.title
            if item.number:
                title = f"{item.number}. {title}"
            if item.kind == "meeting":  # one row across the table: "Møde 2 – … · two weeks later"
                text = title + (f" · {item.text}" if item.text else "")
                merged = cell(sum(widths), self.paragraph(text, "Kit Table Text", True, keep_next=True),
                              self.theme.light, span=len(widths))
                rows.append(row([merged], cant_split=True))
                continue
            fill = BREAK_FILL if item.kind in ("break", "lunch") else None
            texts = (item.time_range, title, item.duration)
            bold = (False, item.kind == "exercise", False)
            rows.append(row([cell(width, self.paragraph(text, "Kit Table Text", b, keep_next=True), fill)
                             for width, text, b in zip(widths, texts, bold)], cant_split=True))
        rows.append(row(self.text_cells(widths, (kit.time_range, t("I alt"), kit.total_text), bold=True)))
        self.table(widths, rows)

    def concepts(self) -> None:
        others = [c for c in self.kit.concepts if c.id != "social_capital"]
        if not others:
            return
        self.heading(self.t("Begreber"), 1, new_page=True)
        for concept in others:
            self.heading(concept.title, 2)
            self.concept_text(concept)

    def concept_text(self, concept: Concept) -> None:
        """Definition in bold, the body, then key points as 'Term: explanation' bullets."""
        self.para(concept.short, bold=True)
        for text in concept.body:
            self.para(text)
        bullet = self.style("List Bullet")
        for point in concept.key_points:
            self.body.append(paragraph(run(f"{self.say(point.term)}: ", bold=True) + run(self.say(point.text)),
                                       bullet))

    def exercise(self, ex: Exercise) -> None:
        t = self.t
        title_label = "Tjekliste {number}: {title}" if ex.kind == "checklist" else "Øvelse {number}: {title}"
        self.heading(t(title_label).format(number=ex.number, title=ex.title), 1, new_page=True)
        self.para(ex.summary)
        time_text = ex.duration + (f" ({ex.time_range})" if ex.time_range else "")
        facts = [(t("Formål"), ex.purpose), (t("Tidsforbrug"), time_text),
                 (t("Gruppeform"), ex.group_form), (t("Hvem"), ex.audience),
                 (t("Materialer"), "\n".join(ex.materials) or t("Ingen særlige materialer"))]
        label, value = _widths(3.6, 13.0)
        self.table([label, value], [
            row([cell(label, self.paragraph(text, "Kit Table Head"), self.theme.light),
                 cell(value, "".join(self.paragraph(line, "Kit Table Text") for line in data.split("\n")))])
            for text, data in facts])

        self.heading(t("Sådan gør I"), 2)
        step_style = self.style("Kit Step")
        for step in ex.steps:
            self.body.append(paragraph(run(f"{step.number}.\t{self.say(step.title)}")
                                       + run(f" ({step.duration})", bold=False), step_style))
            self.para(step.text, "Kit Step Text")

        if ex.questions and ex.kind == "checklist":
            self.checklist(ex)
        elif ex.questions:
            self.heading(t("Spørgsmål til drøftelse"), 2)
            for group in ex.questions:
                if group.heading:
                    self.heading(group.heading, 3)
                for q in group.items:
                    self.para(q, "List Bullet")

        if ex.worksheet:
            self.worksheet(ex)

    def checklist(self, ex: Exercise) -> None:
        """A checklist's points, each with a box to tick (a checkbox content control;
        a check box in the PDF version). Its groups' headings head it ("Tjeklisten")."""
        widths = _widths(1.0, 15.6)
        number = 0
        for group in ex.questions:
            if group.heading:
                self.heading(group.heading, 3)
            rows = []
            for q in group.items:
                number += 1
                self.controls += 1
                box = paragraph(wordml.check_control(self.controls, self.say(q), f"{ex.id}.check.{number}"),
                                self.style("Kit Table Text"))
                rows.append(row([cell(widths[0], box), cell(widths[1], self.paragraph(q, "Kit Table Text"))],
                                cant_split=True))
            self.table(widths, rows, style=None)

    def worksheet(self, ex: Exercise) -> None:
        ws = ex.worksheet
        assert ws is not None
        self.heading(f"{self.t('Arbejdsark')}: {ws.title}", 2, new_page=True)
        if ws.intro:
            self.para(ws.intro)
        # Fit the writing space on the page when possible; never below a usable line.
        total_lines = sum(f.lines for f in ws.fields)
        room = WORKSHEET_ROOM - LABEL_ROW * len(ws.fields) - (INTRO_ROOM if ws.intro else 0)
        line = max(MIN_LINE_HEIGHT, min(LINE_HEIGHT, int(room / total_lines)))
        width = twips(TEXT_WIDTH)
        rows = []
        for n, field in enumerate(ws.fields, 1):  # a label row kept with its writing space below
            rows.append(row([cell(width, self.paragraph(field.label, "Kit Table Head", keep_next=True),
                                  self.theme.light)], cant_split=True))
            space = self.fillable(width, self.say(field.label), f"{ex.id}.{n}", field.lines, twips(line))
            rows.append(row([cell(width, space)], height=twips(line) * field.lines, cant_split=True))
        self.table([width], rows)

    def action_plan(self) -> None:
        t = self.t
        self.heading(t("Handleplan"), 1, new_page=True)
        self.para(t("Skriv jeres aftaler ned, før I går fra hinanden. Aftal også, hvornår og hvor "
                    "I følger op."))
        widths = _widths(6.0, 3.6, 3.0, 4.0)
        heads = [t("Hvad gør vi?"), t("Hvem har ansvaret?"), t("Hvornår?"), t("Hvordan følger vi op?")]
        line = twips(ACTION_ROW) // ACTION_LINES
        rows = [self.head_row(widths, heads)]
        for number in range(1, 8):  # seven agreements, each cell a field of its own
            rows.append(row([cell(width, self.fillable(width, f"{head} ({number})", f"action_plan.{number}.{key}",
                                                       ACTION_LINES, line))
                             for width, head, key in zip(widths, heads, ACTION_FIELDS)],
                            height=line * ACTION_LINES, cant_split=True))
        self.table(widths, rows)

    def sources(self) -> None:
        kit, t = self.kit, self.t
        self.heading(t("Kilder"), 1, new_page=True)
        self.para(t("Materialet er skrevet med egne ord på grundlag af disse kilder:"))
        for source in kit.sources:
            self.para(source, "Kit Source")
        self.para()
        self.para(t("Lavet med kitgen {version}, indholdsversion {content}.").format(
            version=kit.kitgen_version, content=kit.content_version), "Kit Small")

    def write(self) -> str:
        """The body's content, in reading order."""
        self.cover()
        self.agenda()
        self.introduction()
        self.concepts()
        for ex in self.kit.exercises:
            self.exercise(ex)
        self.action_plan()
        self.sources()
        return "".join(self.body)


def _widths(*cms: float) -> list[int]:
    """Column widths given in cm, in twips."""
    return [twips(_cm(cm)) for cm in cms]


def _part(root: str, namespaces: str, content: str) -> bytes:
    return f"{XML_DECLARATION}<w:{root}{namespaces}>{content}</w:{root}>".encode("utf-8")


class HandoutBuilder(TemplatedBuilder):
    name = "handout"
    FILES = (FileRole("handout.docx", "handout", pdf_version=True, proof=True,
                      printed=PrintSpec(copies="participants", duplex=True,
                                        colour="4/4 CMYK (FOGRA39)")),)

    def __init__(self, template: Path | None = None) -> None:
        """`template`: another handout template than kitgen's own (a designer's)."""
        self.template = TemplateFile(lambda: template or data_dirs().handout_template,
                                     HandoutTemplate.parse)

    def build(self, kit: Kit, theme: Theme) -> dict[str, bytes]:
        template = self.template.get()
        writer = _Writer(kit, theme, template.style_ids)
        document = template.document_head + writer.write() + template.document_tail
        parts = {
            DOCUMENT: deflate(DOCUMENT, document.encode("utf-8"), FAST),
            STYLES: template.themed_styles(theme.primary, theme.light, theme.font, kit.language_tag),
            CORE: deflate(CORE, core_properties_xml(kit), FAST),
            HEADER: deflate(HEADER, _part("hdr", template.namespaces, writer.header()), FAST),
            FOOTER: deflate(FOOTER, _part("ftr", template.namespaces, writer.footer()), FAST),
        }
        members = [parts[m] if isinstance(m, str) else m for m in template.members]
        return {"handout.docx": write_zip(members, kit.created)}
