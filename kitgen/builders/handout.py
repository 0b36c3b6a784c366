"""The participants' handout (.docx), built with python-docx on templates/handout.docx.

Layout: cover (title, workplace, team, date, facilitator, core task box) ->
social capital tied to the core task -> agenda -> concepts -> one section per
exercise (facts, steps, questions, worksheet) -> action plan -> sources.
Headings: Heading 1 per section, Heading 2 inside, Heading 3 for question groups.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..model import Concept, Exercise, Kit
from ..theme import Theme
from .docx_util import (add_field, cant_split, keep_together, normalise_zip, repeat_header,
                        set_core_properties, set_language, shade)

NAME = "handout"
FILENAME = "handout.docx"
TEMPLATE = Path(__file__).resolve().parent.parent.parent / "templates" / "handout.docx"

TEXT_WIDTH = Cm(16.6)  # A4 minus 2 x 2.2 cm margins
LINE_HEIGHT = Cm(0.85)  # one handwritten line in a worksheet
MIN_LINE_HEIGHT = Cm(0.65)
WORKSHEET_ROOM = Cm(22.0)  # page height minus margins, heading and a safety margin
LABEL_ROW = Cm(0.75)
INTRO_ROOM = Cm(1.6)


def _rgb(hex_: str) -> RGBColor:
    return RGBColor.from_string(hex_)


class _Writer:
    def __init__(self, kit: Kit, theme: Theme):
        self.kit, self.theme = kit, theme
        self.doc = Document(str(TEMPLATE))
        self.t = kit.t
        # python-docx resolves a style name by scanning every style on each call;
        # resolve once and set pStyle directly (the handout's main cost otherwise).
        self.style_ids = {style.name: style.style_id for style in self.doc.styles}

    # -- small pieces -------------------------------------------------------
    def styled(self, paragraph, style: str | None):
        if style:
            paragraph._p.style = self.style_ids[style]
        return paragraph

    @staticmethod
    def run(paragraph, text: str, bold: bool | None = None) -> None:
        """Append <w:r> with its text in one go: tabs become <w:tab/>, line breaks
        <w:br/>. (python-docx's run.text walks the text a character at a time.)
        bold None inherits from the style; False switches a bold style off."""
        p = paragraph._p
        r = p.makeelement(qn("w:r"), {})
        if bold is not None:
            rpr = r.makeelement(qn("w:rPr"), {})
            rpr.append(rpr.makeelement(qn("w:b"), {} if bold else {qn("w:val"): "0"}))
            r.append(rpr)
        for n, line in enumerate(text.split("\n")):
            if n:
                r.append(r.makeelement(qn("w:br"), {}))
            for i, piece in enumerate(line.split("\t")):
                if i:
                    r.append(r.makeelement(qn("w:tab"), {}))
                if piece:
                    t = r.makeelement(qn("w:t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
                    t.text = piece
                    r.append(t)
        p.append(r)

    def para(self, text: str = "", style: str | None = None, bold: bool = False, container=None):
        p = self.styled((container or self.doc).add_paragraph(), style)
        if text:
            self.run(p, text, True if bold else None)
        return p

    def heading(self, text: str, level: int, new_page: bool = False):
        h = self.para(text, f"Heading {level}")
        if new_page:
            h.paragraph_format.page_break_before = True
        return h

    def table(self, rows: int, widths: list[Cm], header: list[str] | None = None):
        table = self.doc.add_table(rows=rows + (1 if header else 0), cols=len(widths))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = width  # w:gridCol, which LibreOffice reads
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width  # w:tcW, which Word reads
        if header:
            hdr = table.rows[0]
            repeat_header(hdr)
            for cell, text in zip(hdr.cells, header):
                self.cell_text(cell, text, "Kit Table Head")
                shade(cell, self.theme.light)
        return table

    def cell_text(self, cell, text: str, style: str = "Kit Table Text", bold: bool = False) -> None:
        p = self.styled(cell.paragraphs[0], style)
        if text:
            self.run(p, text, True if bold else None)

    # -- frame --------------------------------------------------------------
    def apply_theme(self) -> None:
        styles = self.doc.styles
        set_language(styles.element, self.kit.language_tag)
        for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Kit Core Task",
                     "Kit Box Label", "Kit Table Head"):
            styles[name].font.color.rgb = _rgb(self.theme.primary)
        for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
            styles[name].font.name = self.theme.font
        box = styles["Kit Core Task"].element.pPr
        for el in box.iter(qn("w:shd")):
            el.set(qn("w:fill"), self.theme.light)
        for side in box.iter():
            if side.get(qn("w:color")) and side.tag != qn("w:shd"):
                side.set(qn("w:color"), self.theme.primary)

    def header_footer(self) -> None:
        kit = self.kit
        section = self.doc.sections[0]
        header = section.header.paragraphs[0]
        header.text = " · ".join(x for x in (kit.workplace, kit.team) if x)
        header.alignment = 2  # right
        footer = section.footer.paragraphs[0]
        footer.alignment = 1  # centred: one line that never collides with itself
        footer.add_run(f"{kit.session_title} · {kit.date_text} · {self.t('Side')} ")
        add_field(footer, "PAGE")
        footer.add_run(f" {self.t('af')} ")
        add_field(footer, "NUMPAGES")

    # -- sections -------------------------------------------------------------
    def cover(self) -> None:
        kit, t = self.kit, self.t
        self.para(kit.session_title, "Title")
        self.para(kit.workplace, "Subtitle")
        rows = [(t("Team"), kit.team), (t("Dato"), kit.date_text), (t("Tid"), kit.time_range),
                (t("Facilitator"), kit.facilitator), (t("Deltagere"), kit.participants_text)]
        rows = [(label, value) for label, value in rows if value]
        table = self.table(len(rows), [Cm(4.0), Cm(12.6)])
        table.style = self.doc.styles["Normal Table"]
        for row, (label, value) in zip(table.rows, rows):
            self.cell_text(row.cells[0], label, "Kit Cover Meta", bold=True)
            self.cell_text(row.cells[1], value, "Kit Cover Meta")
        self.para()
        self.para(t("Vores kerneopgave"), "Kit Box Label")
        self.para(kit.core_task, "Kit Core Task")

    def introduction(self) -> None:
        kit, t = self.kit, self.t
        self.heading(t("Social kapital i {team}").format(team=kit.team or kit.workplace), 1)
        for text in kit.intro:
            self.para(text)
        self.para(kit.core_task, "Kit Core Task")
        social = next((c for c in kit.concepts if c.id == "social_capital"), None)
        if social:
            self.concept_text(social)
        self.para(t("Brug kerneopgaven som pejlemærke i dag: Hvad skal vi gøre mere af, og hvad "
                    "skal vi gøre anderledes, så vi løser den bedre sammen?"))

    def agenda(self) -> None:
        kit, t = self.kit, self.t
        self.heading(t("Dagsorden"), 1, new_page=True)
        table = self.table(len(kit.agenda) + 1, [Cm(3.4), Cm(9.6), Cm(3.6)],
                           header=[t("Tid"), t("Punkt"), t("Varighed")])
        for row, item in zip(table.rows[1:], kit.agenda):
            title = item.title
            if item.number:
                title = f"{item.number}. {title}"
            if item.kind == "meeting":  # one row across the table: "Møde 2 – … · two weeks later"
                merged = row.cells[0].merge(row.cells[2])
                self.cell_text(merged, title + (f" · {item.text}" if item.text else ""), bold=True)
                shade(merged, self.theme.light)
                continue
            self.cell_text(row.cells[0], item.time_range)
            self.cell_text(row.cells[1], title, bold=item.kind == "exercise")
            self.cell_text(row.cells[2], item.duration)
            if item.kind in ("break", "lunch"):
                for cell in row.cells:
                    shade(cell, "F2F2F2")
        keep_together(table)
        last = table.rows[-1]
        self.cell_text(last.cells[0], kit.time_range, bold=True)
        self.cell_text(last.cells[1], t("I alt"), bold=True)
        self.cell_text(last.cells[2], kit.total_text, bold=True)

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
        for point in concept.key_points:
            p = self.para(style="List Bullet")
            self.run(p, f"{point.term}: ", bold=True)
            self.run(p, point.text)

    def exercise(self, ex: Exercise) -> None:
        t = self.t
        title_label = "Tjekliste {number}: {title}" if ex.kind == "checklist" else "Øvelse {number}: {title}"
        self.heading(t(title_label).format(number=ex.number, title=ex.title), 1, new_page=True)
        self.para(ex.summary)
        time_text = ex.duration + (f" ({ex.time_range})" if ex.time_range else "")
        facts = [(t("Formål"), ex.purpose), (t("Tidsforbrug"), time_text),
                 (t("Gruppeform"), ex.group_form), (t("Hvem"), ex.audience),
                 (t("Materialer"), "\n".join(ex.materials) or t("Ingen særlige materialer"))]
        table = self.table(len(facts), [Cm(3.6), Cm(13.0)])
        for row, (label, value) in zip(table.rows, facts):
            self.cell_text(row.cells[0], label, "Kit Table Head")
            shade(row.cells[0], self.theme.light)
            lines = value.split("\n")
            self.cell_text(row.cells[1], lines[0])
            for line in lines[1:]:
                self.para(line, "Kit Table Text", container=row.cells[1])

        self.heading(t("Sådan gør I"), 2)
        for step in ex.steps:
            p = self.para(style="Kit Step")
            self.run(p, f"{step.number}.\t{step.title}")
            self.run(p, f" ({step.duration})", bold=False)
            self.para(step.text, "Kit Step Text")

        if ex.questions:
            self.heading(t("Spørgsmål til drøftelse"), 2)
            for group in ex.questions:
                if group.heading:
                    self.heading(group.heading, 3)
                for q in group.items:
                    self.para(q, "List Bullet")

        if ex.worksheet:
            self.worksheet(ex)

    def worksheet(self, ex: Exercise) -> None:
        ws = ex.worksheet
        assert ws is not None
        self.heading(f"{self.t('Arbejdsark')}: {ws.title}", 2, new_page=True)
        if ws.intro:
            self.para(ws.intro)
        table = self.table(2 * len(ws.fields), [TEXT_WIDTH])
        # Fit the writing space on the page when possible; never below a usable line.
        total_lines = sum(f.lines for f in ws.fields)
        room = WORKSHEET_ROOM - LABEL_ROW * len(ws.fields) - (INTRO_ROOM if ws.intro else 0)
        line = max(MIN_LINE_HEIGHT, min(LINE_HEIGHT, int(room / total_lines)))
        for i, field in enumerate(ws.fields):
            label_row, space_row = table.rows[2 * i], table.rows[2 * i + 1]
            self.cell_text(label_row.cells[0], field.label, "Kit Table Head")
            shade(label_row.cells[0], self.theme.light)
            space_row.height = line * field.lines
            space_row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            cant_split(space_row)
            cant_split(label_row)
            label_row.cells[0].paragraphs[0].paragraph_format.keep_with_next = True

    def action_plan(self) -> None:
        t = self.t
        self.heading(t("Handleplan"), 1, new_page=True)
        self.para(t("Skriv jeres aftaler ned, før I går fra hinanden. Aftal også, hvornår og hvor "
                    "I følger op."))
        table = self.table(7, [Cm(6.0), Cm(3.6), Cm(3.0), Cm(4.0)],
                           header=[t("Hvad gør vi?"), t("Hvem har ansvaret?"), t("Hvornår?"),
                                   t("Hvordan følger vi op?")])
        for row in table.rows[1:]:
            row.height = Cm(2.4)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            cant_split(row)

    def sources(self) -> None:
        kit, t = self.kit, self.t
        self.heading(t("Kilder"), 1, new_page=True)
        self.para(t("Materialet er skrevet med egne ord på grundlag af disse kilder:"))
        for source in kit.sources:
            self.para(source, "Kit Source")
        self.para()
        self.para(t("Lavet med kitgen {version}, indholdsversion {content}.").format(
            version=kit.kitgen_version, content=kit.content_version), "Kit Small")

    def build(self) -> bytes:
        self.apply_theme()
        self.header_footer()
        self.cover()
        self.agenda()
        self.introduction()
        self.concepts()
        for ex in self.kit.exercises:
            self.exercise(ex)
        self.action_plan()
        self.sources()
        set_core_properties(self.doc.core_properties, self.kit)
        buf = io.BytesIO()
        self.doc.save(buf)
        return normalise_zip(buf.getvalue(), self.kit.created)


def build(kit: Kit, theme: Theme) -> bytes:
    return _Writer(kit, theme).build()
