"""Glyphs a PDF draws as .notdef: the empty box a font shows for a character it lacks.

A PDF can be perfect by every other preflight rule (fonts embedded, CMYK, boxes)
and still print a team's name as boxes: the font had no glyph, and the writer
drew glyph 0, .notdef, in its place. This walks every text-showing operator
(Tj, TJ, ', ") of the pages, their forms and annotation appearances, decodes
the strings with the font in use and counts the codes that select glyph 0.

Decoded fonts: Type0 with Identity-H/V (two-byte CIDs: CID 0, or a CID the
CIDToGIDMap sends to GID 0 or past the embedded font's last glyph), and simple
embedded TrueType fonts whose cmap maps the codes directly (symbolic fonts,
as LibreOffice writes them). Other fonts are listed as not checked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import pikepdf

from kitgen.pdf import sfnt

_SHOW = {"Tj": 0, "'": 0, '"': 2, "TJ": 0}  # operator -> index of its string (or array) operand


@dataclass
class GlyphReport:
    missing: Counter = field(default_factory=Counter)  # (page number, font name) -> .notdef glyphs drawn
    unchecked: set[str] = field(default_factory=set)  # fonts whose encoding this cannot decode

    def problems(self) -> list[str]:
        return [f"page {page}: font {font} draws {n} glyph{'s' if n != 1 else ''} as .notdef "
                "(an empty box: the font has no glyph for the character)"
                for (page, font), n in sorted(self.missing.items())]


def _name(font) -> str:
    return str(font.get("/BaseFont", "/?"))[1:].split("+", 1)[-1]


def _font_program(descriptor) -> bytes | None:
    if descriptor is None:
        return None
    program = descriptor.get("/FontFile2")
    return program.read_bytes() if program is not None else None


# A decoder turns a shown string into "how many of its codes draw .notdef".
Decoder = Callable[[bytes], int]


def _type0(font) -> Decoder | None:
    if font.get("/Encoding") not in (pikepdf.Name("/Identity-H"), pikepdf.Name("/Identity-V")):
        return None  # another CMap: its code lengths and CIDs are not known here
    descendant = font.DescendantFonts[0]
    if descendant.get("/Subtype") != pikepdf.Name.CIDFontType2:
        return lambda data: sum(1 for i in range(0, len(data) - 1, 2) if data[i:i + 2] == b"\0\0")
    mapping = descendant.get("/CIDToGIDMap", pikepdf.Name.Identity)
    table = mapping.read_bytes() if isinstance(mapping, pikepdf.Stream) else None
    program = _font_program(descendant.get("/FontDescriptor"))
    glyphs = sfnt.num_glyphs(program) if program else 0

    def notdef(data: bytes) -> int:
        bad = 0
        for i in range(0, len(data) - 1, 2):
            cid = data[i] << 8 | data[i + 1]
            if table is None:
                gid = cid
            elif 2 * cid + 2 <= len(table):
                gid = table[2 * cid] << 8 | table[2 * cid + 1]
            else:
                gid = 0  # past the end of the map: glyph 0
            bad += gid == 0 or (glyphs and gid >= glyphs)
        return bad
    return notdef


def _truetype(font) -> Decoder | None:
    descriptor = font.get("/FontDescriptor")
    program = _font_program(descriptor)
    if program is None or not int(descriptor.get("/Flags", 0)) & 4:
        return None  # a nonsymbolic font maps codes through glyph names: not decoded here
    cmaps = sfnt.subtables(program)
    windows, mac = cmaps.get((3, 0)), cmaps.get((1, 0))
    if windows is None and mac is None:
        return None

    def has(code: int) -> bool:  # PDF 32000-1 9.6.6.4: (3,0) at the code or 0xF000 + code, else (1,0)
        if windows is not None:
            return code in windows or (0xF000 + code) in windows
        return mac is not None and code in mac
    return lambda data: sum(1 for code in data if not has(code))


class _Fonts:
    """A decoder per font dictionary, made once."""

    def __init__(self, report: GlyphReport):
        self.report = report
        self.made: dict[tuple[int, int], Decoder | None] = {}

    def decoder(self, font) -> Decoder | None:
        key = font.objgen
        if key not in self.made or key == (0, 0):
            subtype = font.get("/Subtype")
            made = _type0(font) if subtype == pikepdf.Name.Type0 else \
                _truetype(font) if subtype == pikepdf.Name.TrueType else None
            if made is None:
                self.report.unchecked.add(_name(font))
            self.made[key] = made
        return self.made[key]


def _walk(owner, resources, page: int, fonts: _Fonts, report: GlyphReport, seen: set, font=None) -> None:
    """Count .notdef glyphs in one content stream, following its forms (which start
    with the graphics state, and so the font, of the place they are drawn)."""
    stack = []
    for instruction in pikepdf.parse_content_stream(owner):
        op, operands = str(instruction.operator), instruction.operands
        if op == "q":
            stack.append(font)
        elif op == "Q" and stack:
            font = stack.pop()
        elif op == "Tf" and resources is not None:
            font = resources.get("/Font", {}).get(operands[0])
        elif op in _SHOW and font is not None and len(operands) > _SHOW[op]:
            decode = fonts.decoder(font)
            if decode is None:
                continue
            shown = operands[_SHOW[op]]
            strings = [s for s in shown if isinstance(s, pikepdf.String)] if op == "TJ" else [shown]
            bad = sum(decode(bytes(s)) for s in strings)
            if bad:
                report.missing[(page, _name(font))] += bad
        elif op == "Do" and resources is not None:
            xobject = resources.get("/XObject", {}).get(operands[0])
            if xobject is not None and xobject.get("/Subtype") == pikepdf.Name.Form and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                _walk(xobject, xobject.get("/Resources", resources), page, fonts, report, seen, font)


def _appearances(page) -> list:
    """The normal appearance streams of a page's annotations (form fields draw text there)."""
    streams = []
    for annot in page.obj.get("/Annots", []):
        normal = annot.get("/AP", {}).get("/N")
        if isinstance(normal, pikepdf.Stream):
            streams.append(normal)
        elif isinstance(normal, pikepdf.Dictionary):
            streams += [s for _, s in normal.items() if isinstance(s, pikepdf.Stream)]
    return streams


def notdef_glyphs(pdf: pikepdf.Pdf) -> GlyphReport:
    report = GlyphReport()
    fonts = _Fonts(report)
    for number, page in enumerate(pdf.pages, start=1):
        seen: set = set()
        _walk(page, page.obj.get("/Resources"), number, fonts, report, seen)
        for stream in _appearances(page):
            _walk(stream, stream.get("/Resources"), number, fonts, report, seen)
    return report
