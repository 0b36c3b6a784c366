"""Helpers shared by the Office builders: reproducible zips, core properties, raw XML bits."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime


def normalise_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite an OOXML zip with fixed timestamps and attributes, so the same
    kit gives the same bytes. Member order is kept ([Content_Types].xml first)."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def set_language(styles_element, tag: str) -> None:
    """Set the document default language (w:docDefaults/w:rPrDefault/w:lang)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = styles_element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)


def add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a simple field (PAGE, NUMPAGES) to a paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def cant_split(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def keep_together(table) -> None:
    """Keep a short table on one page: every row's paragraphs keep with the next."""
    for row in table.rows[:-1]:
        cant_split(row)
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def set_core_properties(props, kit) -> None:
    """Title, language and fixed dates (from the order) for a .docx or .pptx."""
    props.title = f"{kit.session_title} – {kit.workplace}"
    props.subject = kit.team or kit.workplace
    props.author = kit.facilitator or "kitgen"
    props.last_modified_by = "kitgen"
    props.language = kit.language_tag
    props.keywords = "social kapital; kitgen"
    props.comments = f"kitgen {kit.kitgen_version}; content {kit.content_version}"
    props.created = props.modified = kit.created
    props.revision = 1
