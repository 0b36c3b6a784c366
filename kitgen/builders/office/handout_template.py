"""templates/handout.docx as the handout builder uses it, parsed once.

`HandoutTemplate.parse` splits word/document.xml where the body goes, adds the
header and footer parts and their relationships, compresses every part a build
copies unchanged, and finds the styles' ids. The styles themed for a theme and
a language are made on first use and kept on the template object, so a changed
template file (parsed again as a new object) can never be paired with styles
themed from the old one.

A designer restyles the template in Word; what the builder needs from it (the
named styles, A4, the w: prefix, no header or footer of its own) is checked
with a located message, as a user error.
"""

from __future__ import annotations

import re
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from lxml import etree

from kitgen.builders.office.opc import NS_CONTENT_TYPES, NS_PKG_RELS, NS_R, ZipMember, deflate
from kitgen.builders.office.xml import serialise
from kitgen.errors import Problem, TemplateError
from kitgen.paths import shown

# The parts each build writes; the template's other parts are copied.
DOCUMENT, STYLES, CORE = "word/document.xml", "word/styles.xml", "docProps/core.xml"
HEADER, FOOTER = "word/header1.xml", "word/footer1.xml"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WORDML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
# Header and footer: part name, relationship (and root element) name, content type.
_NEW_PARTS = ((HEADER, "header", f"{_WORDML}.header+xml"),
              (FOOTER, "footer", f"{_WORDML}.footer+xml"))

# The styles the handout builder writes with; a template without one is broken.
STYLE_NAMES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
               "List Bullet", "Table Grid", "Normal Table", "Header", "Footer",
               "Kit Core Task", "Kit Box Label", "Kit Step", "Kit Step Text",
               "Kit Table Text", "Kit Table Head", "Kit Cover Meta", "Kit Small", "Kit Source")
A4_TWIPS = (11906, 16838)


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class HandoutTemplate:
    """What every build shares, read from the template file once."""

    path: Path
    style_ids: Mapping[str, str]  # lower-case style name -> w:styleId
    document_head: str  # word/document.xml up to where the body's content goes
    document_tail: str  # from the section properties (with header and footer) to the end
    namespaces: str  # the document element's namespace declarations, for header and footer
    styles: bytes  # word/styles.xml before theming
    members: tuple[ZipMember | str, ...]  # zip order; a str names a part written per build
    page_twips: tuple[int, int]
    _themed: dict[tuple[str, str, str, str], ZipMember] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def parse(cls, path: Path) -> "HandoutTemplate":
        where = shown(path)
        try:
            with zipfile.ZipFile(path) as z:
                parts = {info.filename: z.read(info) for info in z.infolist()}
            for needed in (DOCUMENT, STYLES, "word/_rels/document.xml.rels", "[Content_Types].xml"):
                if needed not in parts:
                    raise TemplateError(Problem(where, "", f"has no {needed}; it is not a Word document"))
            if HEADER in parts or FOOTER in parts:
                raise TemplateError(Problem(where, "", "already has a header or footer part; "
                                            "the handout builder adds its own"))
            made, ids = _relate_new_parts(parts)
            head, tail, namespaces, page = _document_frame(parts[DOCUMENT], ids, where)
            style_ids = _style_ids(parts[STYLES])
        except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError) as exc:
            raise TemplateError(Problem(where, "", f"cannot be read as a Word document ({exc})")) from None
        per_build = (DOCUMENT, STYLES, CORE)
        members = [name if name in per_build else deflate(name, made.get(name, data))
                   for name, data in parts.items()]
        template = cls(path=path, style_ids=style_ids, document_head=head, document_tail=tail,
                       namespaces=namespaces, styles=parts[STYLES],
                       members=tuple(members) + (HEADER, FOOTER), page_twips=page)
        problems = template.problems()
        if problems:
            raise TemplateError(problems)
        return template

    def problems(self) -> list[Problem]:
        """What the builder needs from the template and does not find."""
        where = shown(self.path)
        problems = [Problem(where, "styles", f"the style {name!r} is missing; the handout builder needs it")
                    for name in STYLE_NAMES if name.lower() not in self.style_ids]
        if any(abs(have - want) > 30 for have, want in zip(self.page_twips, A4_TWIPS)):
            cm = tuple(round(t / 567, 1) for t in self.page_twips)
            problems.append(Problem(where, "page size", f"is {cm[0]} × {cm[1]} cm, not A4"))
        return problems

    def themed_styles(self, primary: str, light: str, font: str, language_tag: str) -> ZipMember:
        """word/styles.xml with the theme's colours and font and the kit's language,
        compressed; a batch reuses it for every kit with the same theme and language."""
        key = (primary, light, font, language_tag)
        with self._lock:
            if key not in self._themed:
                self._themed[key] = deflate(STYLES, _theme_styles(self, *key))
            return self._themed[key]


def _relate_new_parts(parts: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, str]]:
    """The document's relationships and the content types with the header and
    footer added, by part name; and the relationship id of each ("header", "footer")."""
    rels_name = "word/_rels/document.xml.rels"
    rels = etree.fromstring(parts[rels_name])
    taken = [int(m.group(1)) for rel in rels if (m := re.fullmatch(r"rId(\d+)", rel.get("Id", "")))]
    types = etree.fromstring(parts["[Content_Types].xml"])
    ids = {}
    for n, (part, kind, content_type) in enumerate(_NEW_PARTS):
        ids[kind] = f"rId{max(taken, default=0) + 1 + n}"
        etree.SubElement(rels, f"{{{NS_PKG_RELS}}}Relationship",
                         {"Id": ids[kind], "Type": f"{NS_R}/{kind}", "Target": part.removeprefix("word/")})
        etree.SubElement(types, f"{{{NS_CONTENT_TYPES}}}Override",
                         {"PartName": f"/{part}", "ContentType": content_type})
    return {rels_name: serialise(rels), "[Content_Types].xml": serialise(types)}, ids


def _document_frame(data: bytes, ids: Mapping[str, str], where: str
                    ) -> tuple[str, str, str, tuple[int, int]]:
    """word/document.xml split where the body's content goes: before the section
    properties, which now refer to the header and footer (shown from page 2: the
    template sets w:titlePg). Also the root's namespace declarations and the page size."""
    doc = etree.fromstring(data)
    if doc.nsmap.get("w") != W:
        raise TemplateError(Problem(where, DOCUMENT, "must use the prefix w: for WordprocessingML"))
    section = doc.find(f"{w('body')}/{w('sectPr')}")
    if section is None:
        raise TemplateError(Problem(where, DOCUMENT, "has no section properties (page size and margins)"))
    size = section.find(w("pgSz"))
    page = (int(size.get(w("w"), 0)), int(size.get(w("h"), 0))) if size is not None else (0, 0)
    for n, kind in enumerate(("header", "footer")):
        reference = etree.Element(w(f"{kind}Reference"), {w("type"): "default", f"{{{NS_R}}}id": ids[kind]})
        section.insert(n, reference)
    text = serialise(doc).decode("utf-8")
    cut = text.rindex("<w:sectPr")
    shell = etree.Element(doc.tag, dict(doc.attrib), nsmap=doc.nsmap)  # type: ignore[arg-type,misc]  # lxml: None = default ns
    bare = etree.tostring(shell).decode("utf-8")
    return text[:cut], text[cut:], bare[bare.index(" "):-2], page  # <w:document …/> -> " xmlns:…"


def _style_ids(data: bytes) -> dict[str, str]:
    """Lower-case style name -> w:styleId ("heading 1" -> "Heading1")."""
    ids = {}
    for style in etree.fromstring(data).iter(w("style")):
        name = style.find(w("name"))
        if name is not None:
            ids[str(name.get(w("val"))).lower()] = str(style.get(w("styleId")))
    return ids


# w:rPr's children in schema order, to add one where Word expects it.
_RPR_ORDER = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
              "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
              "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath").split()


def _child(parent, name: str, before: tuple[str, ...] = ()):
    """parent's w:`name` child; added when missing, before the first of the
    children named in `before` (those that follow it in the schema)."""
    found = parent.find(w(name))
    if found is None:
        found = etree.Element(w(name))
        successors = {w(n) for n in before}
        later = [i for i, el in enumerate(parent) if el.tag in successors]
        parent.insert(later[0] if later else len(parent), found)
    return found


def _run_props(parent, name: str):
    """The w:rPr child `name` of a style's (or the defaults') run properties."""
    rpr = _child(parent, "rPr", ("tblPr", "trPr", "tcPr", "tblStylePr"))
    return _child(rpr, name, tuple(_RPR_ORDER[_RPR_ORDER.index(name) + 1:]))


def _theme_styles(template: HandoutTemplate, primary: str, light: str, font: str,
                  language_tag: str) -> bytes:
    root = etree.fromstring(template.styles)
    doc_defaults = _child(root, "docDefaults", ("latentStyles", "style"))
    defaults = _child(doc_defaults, "rPrDefault", ("pPrDefault",))
    lang = _run_props(defaults, "lang")
    lang.set(w("val"), language_tag)
    lang.set(w("eastAsia"), language_tag)

    by_id = {style.get(w("styleId")): style for style in root.iter(w("style"))}

    def style(name: str):
        return by_id[template.style_ids[name.lower()]]

    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Kit Core Task", "Kit Box Label",
                 "Kit Table Head"):
        color = _run_props(style(name), "color")
        color.attrib.clear()  # drops a theme colour, which would win over the value
        color.set(w("val"), primary)
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
        fonts = _run_props(style(name), "rFonts")
        fonts.set(w("ascii"), font)
        fonts.set(w("hAnsi"), font)
    box = style("Kit Core Task").find(w("pPr"))
    for el in box.iter():
        if el.tag == w("shd"):
            el.set(w("fill"), light)
        elif el.get(w("color")):
            el.set(w("color"), primary)
    return serialise(root)
