"""Preflight of a print PDF: what a print shop's upload check looks at.

Reports page size and boxes, fonts (embedded or not), colour spaces used in
content and images, the output intent, PDF/X identification, Trapped, the
document language, image resolution at placed size, text outside the safe
zone, and glyphs drawn as .notdef (kitgen.pdf.notdef), judged by the rules
of a poster or of a multi-page document (PROFILES). Used by the tests and by
`kitgen check-pdf FILE`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

from kitgen.pdf.notdef import notdef_glyphs

MM = 72 / 25.4
A4 = (210.0, 297.0)
_COLOR_OPS = {"rg": "DeviceRGB", "RG": "DeviceRGB", "g": "DeviceGray", "G": "DeviceGray",
              "k": "DeviceCMYK", "K": "DeviceCMYK"}


@dataclass
class Report:
    path: str
    pages: int = 0
    trim_mm: tuple[float, float] = (0.0, 0.0)
    bleed_mm: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # left, bottom, right, top
    fonts: dict[str, bool] = field(default_factory=dict)  # name -> embedded
    colour_spaces: set[str] = field(default_factory=set)
    output_intent: str = ""
    output_profile_components: int = 0
    pdfx_version: str = ""
    trapped: str = ""
    language: str = ""
    pdf_version: str = ""
    images: list[tuple[str, float]] = field(default_factory=list)  # (name, effective ppi)
    notdef: int = 0  # glyphs drawn as .notdef (empty boxes), on every page
    profile: str = "poster"  # the rules it was judged by (PROFILES)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [
            f"file: {self.path}",
            f"pages: {self.pages}, PDF {self.pdf_version}; judged as a {self.profile}",
            f"trim: {self.trim_mm[0]:.1f} × {self.trim_mm[1]:.1f} mm; bleed (l, b, r, t): "
            + ", ".join(f"{b:.1f}" for b in self.bleed_mm) + " mm",
            "fonts: " + (", ".join(f"{n} ({'embedded' if e else 'NOT embedded'})"
                                   for n, e in sorted(self.fonts.items())) or "none"),
            "colour spaces: " + (", ".join(sorted(self.colour_spaces)) or "none"),
            f"output intent: {self.output_intent or 'none'}"
            + (f" (ICC, {self.output_profile_components} components)" if self.output_profile_components else ""),
            f"PDF/X: {self.pdfx_version or 'none'}; Trapped: {self.trapped or 'not set'}; "
            f"language: {self.language or 'not set'}",
            "images: " + (", ".join(f"{n} {p:.0f} ppi" for n, p in self.images) or "none"),
            f"glyphs drawn as .notdef (empty boxes): {self.notdef}",
        ]
        out += [f"warning: {w}" for w in self.warnings]
        out += [f"problem: {p}" for p in self.problems]
        out.append("preflight passed" if self.ok else f"preflight failed: {len(self.problems)} problem(s)")
        return out


def _box(page, name):
    box = page.obj.get(name)
    return [float(v) for v in box] if box is not None else None


def _colour_space_name(cs, resources) -> str:
    if isinstance(cs, pikepdf.Name):
        name = str(cs)[1:]
        if name in ("DeviceRGB", "DeviceCMYK", "DeviceGray", "Pattern"):
            return name
        named = resources.get("/ColorSpace", {}).get(cs) if resources is not None else None
        return _colour_space_name(named, None) if named is not None else name
    if isinstance(cs, pikepdf.Array) and len(cs):
        family = str(cs[0])[1:]
        if family == "ICCBased":
            n = int(cs[1].get("/N", 0))
            return f"ICCBased({n})"
        if family in ("Separation", "DeviceN"):
            return f"{family}({_colour_space_name(cs[2], None)})"
        return family
    return "unknown"


def _walk(content_owner, resources, ctm, report: Report, seen: set) -> None:
    """Colour operators, fonts and placed images of one content stream (and its forms)."""
    stack = []
    matrix = ctm
    for instruction in pikepdf.parse_content_stream(content_owner):
        operands, name = instruction.operands, str(instruction.operator)
        if name in _COLOR_OPS:
            report.colour_spaces.add(_COLOR_OPS[name])
        elif name in ("cs", "CS"):
            report.colour_spaces.add(_colour_space_name(operands[0], resources))
        elif name == "q":
            stack.append(matrix)
        elif name == "Q" and stack:
            matrix = stack.pop()
        elif name == "cm":
            matrix = pikepdf.Matrix(*[float(v) for v in operands]) @ matrix
        elif name == "Do" and resources is not None:
            xobj = resources.get("/XObject", {}).get(operands[0])
            if xobj is None:
                continue
            if xobj.get("/Subtype") == pikepdf.Name.Image:
                width_pt = (matrix.a ** 2 + matrix.b ** 2) ** 0.5
                ppi = int(xobj.Width) / (width_pt / 72) if width_pt else 0
                report.images.append((str(operands[0])[1:], ppi))
                report.colour_spaces.add(_colour_space_name(xobj.get("/ColorSpace"), resources))
            elif xobj.get("/Subtype") == pikepdf.Name.Form and xobj.objgen not in seen:
                seen.add(xobj.objgen)
                form_matrix = pikepdf.Matrix(*[float(v) for v in xobj.get("/Matrix", [1, 0, 0, 1, 0, 0])])
                _fonts(xobj.get("/Resources"), report)
                _walk(xobj, xobj.get("/Resources", resources), form_matrix @ matrix, report, seen)


def _fonts(resources, report: Report) -> None:
    if resources is None:
        return
    for _, font in resources.get("/Font", {}).items():
        fonts = [font] + list(font.get("/DescendantFonts", []))
        name = str(font.get("/BaseFont", "?"))[1:]
        embedded = any(
            f.get("/FontDescriptor") is not None
            and any(k in f.FontDescriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            for f in fonts)
        report.fonts[name] = embedded


@dataclass(frozen=True)
class Profile:
    """What kind of print file is judged: its page count, bleed and safe zone.

    A poster is one A4 page with bleed, its text 10 mm inside the trim; a
    document (the print-ready handout) is any number of A4 pages, no bleed, its
    text inside a 5 mm margin (a print shop's trim tolerance; the handout's own
    margins are wider)."""
    name: str
    single_page: bool
    bleed_mm: float
    safe_mm: float


PROFILES = {"poster": Profile("poster", True, 3.0, 10.0), "document": Profile("document", False, 0.0, 5.0)}


def preflight(path: Path | str, bleed_mm: float | None = None, safe_mm: float | None = None,
              min_ppi: float = 300.0, profile: str = "poster") -> Report:
    """Read what the PDF is (boxes, fonts, colours, intent, glyphs), then judge it
    against the print rules of `profile` (PROFILES; "auto": a poster when the
    file has one page, else a document); every problem is listed, not the first.
    `bleed_mm` and `safe_mm` override the profile's."""
    report = Report(str(path))
    with pikepdf.open(path) as pdf:
        report.pages = len(pdf.pages)
        report.pdf_version = pdf.pdf_version
        rules = PROFILES["poster" if report.pages == 1 else "document"] if profile == "auto" else PROFILES[profile]
        bleed = rules.bleed_mm if bleed_mm is None else bleed_mm
        safe = rules.safe_mm if safe_mm is None else safe_mm
        report.profile = rules.name
        if rules.single_page and report.pages != 1:
            report.problems.append(f"{report.pages} pages; a poster is a single page")
        pages = pdf.pages[:1] if rules.single_page else list(pdf.pages)
        trims = []
        for number, page in enumerate(pages, start=1):
            before = len(report.problems)
            trims.append(_boxes(page, report, bleed))
            _fonts(page.obj.get("/Resources"), report)
            _walk(page, page.obj.get("/Resources"), pikepdf.Matrix(), report, set())
            if len(pages) > 1:  # say which page, and each kind of box problem once
                said = {p.split(": ", 1)[-1] for p in report.problems[:before]}
                report.problems[before:] = [f"page {number}: {p}" for p in report.problems[before:] if p not in said]
        _document(pdf, pdf.pages[0], report)
    _judge(report, min_ppi)
    report.problems += _text_outside_safe_zone(path, trims, safe)
    return report


def _boxes(page, report: Report, bleed_mm: float) -> list[float]:
    """Trim and bleed against A4 and the theme's bleed; the trim box (the media box
    when there is none) for the safe-zone check."""
    media, trim, bleed = _box(page, "/MediaBox"), _box(page, "/TrimBox"), _box(page, "/BleedBox")
    if trim is None:
        report.problems.append("no TrimBox")
        trim = media
    if bleed is None:
        report.problems.append("no BleedBox")
        bleed = media
    tw, th = (trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM
    report.trim_mm = (tw, th)
    report.bleed_mm = tuple((v / MM) for v in (trim[0] - bleed[0], trim[1] - bleed[1],
                                               bleed[2] - trim[2], bleed[3] - trim[3]))
    if abs(tw - A4[0]) > 0.2 or abs(th - A4[1]) > 0.2:
        report.problems.append(f"trim is {tw:.1f} × {th:.1f} mm, not A4 (210 × 297 mm)")
    if any(abs(b - bleed_mm) > 0.2 for b in report.bleed_mm):
        report.problems.append(f"bleed is not {bleed_mm:g} mm on every side")
    if any(m > b + 0.01 for m, b in zip(media[:2], bleed[:2])) or \
            any(m < b - 0.01 for m, b in zip(media[2:], bleed[2:])):
        report.problems.append("the BleedBox lies outside the MediaBox")
    return trim


def _document(pdf: pikepdf.Pdf, page, report: Report) -> None:
    """What the document says of itself: page group, output intent, language, PDF/X, Trapped, glyphs."""
    group = page.obj.get("/Group")
    if group is not None and group.get("/CS") is not None:
        report.colour_spaces.add(_colour_space_name(group.CS, None) + " (page group)")
    intents: Any = pdf.Root.get("/OutputIntents", [])  # a pikepdf Array, or none
    for intent in intents:
        if intent.get("/S") == pikepdf.Name.GTS_PDFX:
            report.output_intent = str(intent.get("/OutputConditionIdentifier", ""))
            profile = intent.get("/DestOutputProfile")
            report.output_profile_components = int(profile.get("/N", 0)) if profile is not None else 0
    report.language = str(pdf.Root.get("/Lang", ""))
    meta = pdf.open_metadata()
    report.pdfx_version = str(meta.get("{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion", ""))
    report.trapped = str(pdf.docinfo.get("/Trapped", ""))[1:] or str(meta.get("pdf:Trapped", ""))
    glyphs = notdef_glyphs(pdf)
    report.notdef = sum(glyphs.missing.values())
    report.problems += glyphs.problems()
    report.warnings += [f"font {name}: its encoding is not one the .notdef check reads; its glyphs "
                        "were not checked" for name in sorted(glyphs.unchecked)]


def _judge(report: Report, min_ppi: float) -> None:
    """The print rules on what was read."""
    for name, embedded in report.fonts.items():
        if not embedded:
            report.problems.append(f"font {name} is not embedded")
    for cs in sorted(report.colour_spaces):
        if "RGB" in cs or "Gray" in cs or cs.startswith("ICCBased(3)") or cs.startswith("ICCBased(1)"):
            report.problems.append(f"colour space {cs} is used; print files are CMYK only")
    if not report.output_intent or report.output_profile_components != 4:
        report.problems.append("no PDF/X output intent with a CMYK profile")
    if report.pdfx_version != "PDF/X-4":
        report.problems.append("not identified as PDF/X-4 (XMP pdfxid:GTS_PDFXVersion)")
    if report.trapped not in ("True", "False"):
        report.problems.append("Trapped is not set to True or False")
    if not report.language:
        report.problems.append("no document language (/Lang)")
    if float(report.pdf_version) < 1.6:
        report.problems.append(f"PDF {report.pdf_version}; PDF/X-4 needs 1.6 or newer")
    for name, ppi in report.images:
        if ppi < min_ppi:
            report.warnings.append(f"image {name} is {ppi:.0f} ppi at its placed size (print wants {min_ppi:.0f})")


def _text_outside_safe_zone(path, trims: list[list[float]], safe_mm: float) -> list[str]:
    """Every character's box must lie at least safe_mm inside its page's trim."""
    # lazy: pdfium is a native library; only this check renders
    import pypdfium2 as pdfium

    from kitgen.pdf.raster import LOCK

    with LOCK:
        return _outside(pdfium.PdfDocument(str(path)), trims, safe_mm)


def _outside(doc, trims: list[list[float]], safe_mm: float) -> list[str]:
    limit = safe_mm * MM - 0.5  # half a point of tolerance for glyph side bearings
    problems = []
    try:
        for number, trim in enumerate(trims, start=1):
            bad = _outside_page(doc[number - 1], trim, limit)
            if bad:
                where = f"page {number}: " if len(trims) > 1 else ""
                sample = "".join(bad[:20]).strip()
                problems.append(f"{where}{len(bad)} characters lie outside the {safe_mm:g} mm safe zone "
                                f"(e.g. {sample!r})")
    finally:
        doc.close()
    return problems


def _outside_page(page, trim: list[float], limit: float) -> list[str]:
    text = page.get_textpage()
    left, bottom, right, top = trim[0] + limit, trim[1] + limit, trim[2] - limit, trim[3] - limit
    bad = []
    try:
        for i in range(text.count_chars()):
            x0, y0, x1, y1 = text.get_charbox(i)
            if x1 - x0 <= 0 or y1 - y0 <= 0 or not text.get_text_range(i, 1).strip():
                continue  # spaces and line ends carry no ink
            if x0 < left or x1 > right or y0 < bottom or y1 > top:
                bad.append(text.get_text_range(i, 1))
    finally:
        text.close()
    return bad
