"""Build templates/handout.docx: the Word template the handout builder fills.

Run once after changing the look (`python tools/make_handout_template.py`); the
result is committed, and a designer may restyle it in Word afterwards as long
as the style names stay. python-docx has no API for the document language or
some paragraph borders, so those are set on the XML.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kitgen.builders.office.opc import normalise_zip  # noqa: E402

FONT = "Calibri"
PRIMARY = RGBColor(0x1F, 0x4E, 0x79)
TEXT = RGBColor(0x22, 0x22, 0x22)


def set_font(style, size=None, bold=None, color=None, italic=None):
    font = style.font
    font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = color


# CT_PPrBase's children that follow w:pBdr and w:shd, in schema order.
_AFTER_SHD = tuple(f"w:{name}" for name in (
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
    "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split())


def para_border(style, color="1F4E79", shade="EAF1F8"):
    ppr = style.element.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "12")
        el.set(qn("w:space"), "8")
        el.set(qn("w:color"), color)
        bdr.append(el)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), shade)
    # w:pPr's children have a fixed order (CT_PPrBase): the border and shading
    # come before tabs, spacing, indents and alignment, which may already be set.
    ppr.insert_element_before(bdr, *_AFTER_SHD)
    bdr.addnext(shd)


def add_style(doc, name, base="Normal", kind=WD_STYLE_TYPE.PARAGRAPH):
    style = doc.styles.add_style(name, kind)
    style.base_style = doc.styles[base]
    style.quick_style = True
    return style


# The styles the handout builder uses, by name; with the defaults and everything
# they are based on, link to or continue with, they and the list styles of
# numbering.xml are all the template keeps.
USED_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Header", "Footer",
               "List Bullet", "List Number", "Table Grid", "Kit Core Task", "Kit Box Label", "Kit Step",
               "Kit Step Text", "Kit Table Text", "Kit Table Head", "Kit Cover Meta", "Kit Small",
               "Kit Source")
DROPPED_PARTS = ("/stylesWithEffects", "/customXml")


def trim(doc) -> None:
    """Drop the 140 styles of python-docx's default template that no handout uses
    (Word still offers its built-in ones through the latent styles), and the
    parts Word 2010 left in it (stylesWithEffects, a bibliography customXml).
    LibreOffice imports every style it finds: this saves a fifth of a handout's
    PDF conversion, and the file is smaller."""
    root = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
    by_name = {s.find(qn("w:name")).get(qn("w:val")).lower(): s for s in by_id.values()}
    keep = {sid for sid, s in by_id.items() if s.get(qn("w:default")) == "1"}
    keep |= {by_name[name.lower()].get(qn("w:styleId")) for name in USED_STYLES}
    keep |= {ref.get(qn("w:val")) for ref in doc.part.numbering_part.element.iter(qn("w:pStyle"))}
    stack = list(keep)
    while stack:
        style = by_id[stack.pop()]
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = style.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) in by_id and ref.get(qn("w:val")) not in keep:
                keep.add(ref.get(qn("w:val")))
                stack.append(ref.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in keep:
            root.remove(style)
    for rel in list(doc.part.rels.values()):
        if rel.reltype.endswith(DROPPED_PARTS):
            doc.part.drop_rel(rel.rId)


# Calibri declared as a sans-serif font: LibreOffice draws the fillable
# worksheet fields of a PDF in the closest standard font, Helvetica for a
# sans-serif field font and Times otherwise (kitgen.pdf.fonts).
CALIBRI = (b'<w:font w:name="Calibri"><w:panose1 w:val="020F0502020204030204"/><w:charset w:val="00"/>'
           b'<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>')


def declare_fonts(docx: bytes) -> bytes:
    """The template with Calibri in its font table (python-docx's default lists only
    Times New Roman, Cambria and east-Asian fonts)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in members:
            if info.filename == "word/fontTable.xml" and CALIBRI not in data:
                head, sep, tail = data.partition(b"<w:font ")
                data = head + CALIBRI + sep + tail
            dst.writestr(info, data)
    return buf.getvalue()


def main(out: Path = ROOT / "templates" / "handout.docx") -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.4), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.1)
    section.different_first_page_header_footer = True

    styles = doc.styles
    # Document defaults: font and language (the builder sets the kit's language).
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "da-DK")
    lang.set(qn("w:eastAsia"), "da-DK")
    lang.set(qn("w:bidi"), "ar-SA")

    normal = styles["Normal"]
    set_font(normal, 11, color=TEXT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.12
    normal.paragraph_format.widow_control = True

    for level, size, before in ((1, 18, 18), (2, 14, 14), (3, 12, 10)):
        h = styles[f"Heading {level}"]
        set_font(h, size, bold=True, color=PRIMARY, italic=False)
        h.paragraph_format.space_before = Pt(before)
        h.paragraph_format.space_after = Pt(6)
        h.paragraph_format.keep_with_next = True

    title = styles["Title"]
    set_font(title, 30, bold=True, color=PRIMARY)
    title.paragraph_format.space_after = Pt(12)
    # The default Title has a bottom border in theme colour; keep it simple.
    ppr = title.element.get_or_add_pPr()
    for el in ppr.findall(qn("w:pBdr")):
        ppr.remove(el)
    subtitle = styles["Subtitle"]
    set_font(subtitle, 16, color=TEXT, italic=False)
    subtitle.paragraph_format.space_after = Pt(24)

    for name in ("Header", "Footer"):
        set_font(styles[name], 9, color=RGBColor(0x55, 0x55, 0x55))
    for name in ("List Bullet", "List Number"):
        set_font(styles[name], 11)
        styles[name].paragraph_format.space_after = Pt(3)

    box = add_style(doc, "Kit Core Task")
    set_font(box, 14, bold=True, color=PRIMARY)
    box.paragraph_format.space_before = Pt(12)
    box.paragraph_format.space_after = Pt(12)
    box.paragraph_format.left_indent = Cm(0.3)
    box.paragraph_format.right_indent = Cm(0.3)
    para_border(box)

    box_label = add_style(doc, "Kit Box Label")
    set_font(box_label, 10, bold=True, color=PRIMARY)
    box_label.paragraph_format.space_after = Pt(0)
    box_label.paragraph_format.keep_with_next = True

    step = add_style(doc, "Kit Step")
    set_font(step, 11, bold=True)
    step.paragraph_format.left_indent = Cm(0.8)
    step.paragraph_format.first_line_indent = Cm(-0.8)
    step.paragraph_format.space_before = Pt(6)
    step.paragraph_format.space_after = Pt(2)
    step.paragraph_format.keep_with_next = True
    step.paragraph_format.tab_stops.add_tab_stop(Cm(0.8))

    step_text = add_style(doc, "Kit Step Text")
    step_text.paragraph_format.left_indent = Cm(0.8)

    cell = add_style(doc, "Kit Table Text")
    set_font(cell, 10)
    cell.paragraph_format.space_after = Pt(2)
    cell.paragraph_format.line_spacing = 1.0

    head = add_style(doc, "Kit Table Head", base="Kit Table Text")
    set_font(head, 10, bold=True, color=PRIMARY)

    meta = add_style(doc, "Kit Cover Meta")
    set_font(meta, 12)
    meta.paragraph_format.space_after = Pt(4)

    small = add_style(doc, "Kit Small")
    set_font(small, 9, color=RGBColor(0x55, 0x55, 0x55))

    src = add_style(doc, "Kit Source", base="List Bullet")
    set_font(src, 10)

    trim(doc)

    # An empty body: the builder writes everything.
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    props = doc.core_properties
    props.author = "kitgen"
    props.title = "kitgen handout template"
    props.revision = 1
    props.created = props.modified = datetime(2026, 1, 1)
    props.last_modified_by = "kitgen"
    import io
    buf = io.BytesIO()
    doc.save(buf)
    out.write_bytes(normalise_zip(declare_fonts(buf.getvalue()), datetime(2026, 1, 1)))
    print(f"wrote {out}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--fonts-only"]:  # patch the current template's font table, nothing else
        template = ROOT / "templates" / "handout.docx"
        template.write_bytes(normalise_zip(declare_fonts(template.read_bytes()), datetime(2026, 1, 1)))
    else:
        main()
