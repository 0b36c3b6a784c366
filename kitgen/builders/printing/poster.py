"""Print-ready A4 posters: typst lays them out, pikepdf finishes them as PDF/X-4.

Each poster page of the Kit becomes `poster-<name>.pdf` plus a preview
`poster-<name>.png` cropped to the trim box. The Kit reaches typst as JSON in
`sys.inputs` (never spliced into markup). typst draws in CMYK only, with the
shipped Carlito embedded and a bleed round the A4 trim; the finishing step adds
what typst does not write: the BleedBox, the FOGRA39 output intent, the PDF/X-4
identification, Trapped, the language and fixed dates.
"""

from __future__ import annotations

import io
import json
import re
import threading
from datetime import timezone
from functools import cached_property
from pathlib import Path

import pikepdf
import typst
from PIL import Image

from kitgen.builders.office.fit import font_file
from kitgen.builders.printing import coverage, pdfx
from kitgen.builders.printing.pdfx import OutputProfile
from kitgen.builders.registry import Builder, FileRole, PrintSpec
from kitgen.errors import Problem, UserError
from kitgen.i18n import bidi
from kitgen.i18n.messages import _
from kitgen.kit.model import Kit, PosterPage
from kitgen.kit.theme import LOGO_WIDTH_MM, Theme
from kitgen.paths import data_dirs
from kitgen.pdf.raster import rasterise

PREVIEW_DPI = 100
MM = 72 / 25.4
POSTER_PRINT = PrintSpec(copies="one", duplex=False, colour="4/0 CMYK (FOGRA39)")
_OVERFLOW = re.compile(r"kitgen-overflow\|([^|]*)\|(\d+)\|([\d.]+)")


def _footer_line(kit: Kit) -> str:
    return f"{kit.session_title} · {kit.date_text}"


def _inputs(page: PosterPage, kit: Kit, theme: Theme) -> dict:
    lang, _sep, region = kit.language_tag.partition("-")
    return {
        "lang": lang, "region": region, "title": page.title, "author": kit.workplace,
        "eyebrow": page.eyebrow, "header": page.footer, "lines": list(page.lines),
        "rows": [list(r) for r in page.rows], "headings": list(page.headings), "note": page.note,
        "field": page.field,
        "footer_line": _footer_line(kit),
        # Each text's paragraph direction from its own letters: an Arabic core task
        # is set right to left in a Danish kit (kitgen.i18n.bidi).
        "dirs": {key: bidi.direction(text) for key, text in (
            ("title", page.title), ("eyebrow", page.eyebrow), ("header", page.footer), ("note", page.note),
            ("footer_line", _footer_line(kit)))},
        "colors": {k: list(v) for k, v in theme.cmyk.items()},
        "bleed_mm": theme.bleed_mm, "safe_mm": theme.safe_mm,
        "logo": theme.logo_print, "logo_mm": LOGO_WIDTH_MM,
    }


def _overflow_error(exc: Exception, page: PosterPage) -> UserError | None:
    m = _OVERFLOW.search(str(exc))
    if not m:
        return None
    field, percent, minimum = m.group(1), int(m.group(2)), float(m.group(3))
    text = {"core_task": page.title, "title": page.title}.get(field, page.title)
    cut = max(1, round(len(text) * (1 - 100 / percent))) if percent > 100 else 1
    what = {"core_task": "the core task", "workplace": "the workplace and team names",
            "title": "the title", "program": "the program"}.get(field, field)
    return UserError(Problem(
        f"poster-{page.name}.pdf", field,
        f"{what} is too long for the poster: even at the smallest size ({minimum:g} pt) it needs "
        f"{percent} % of the space it has; shorten it by about {cut} characters"))


def _parts(page: PosterPage, kit: Kit) -> list[tuple[str, str]]:
    """(part, text) of everything the poster draws."""
    parts = [(page.field or "title", page.title), ("eyebrow", page.eyebrow), ("footer", page.footer),
             ("note", page.note), ("footer", _footer_line(kit))]
    parts += [(f"lines[{i}]", line) for i, line in enumerate(page.lines)]
    return parts + [(f"program[{i}]", " ".join(row)) for i, row in enumerate(page.rows)]


def _glyph_errors(page: PosterPage, kit: Kit, covered: frozenset[int]) -> UserError | None:
    """Every character no shipped font has, named with its field. One from the order
    is put down to the order's field (workplace, team, core_task, stakeholders),
    which is what the user can change; any other to the poster's part."""
    order = [("workplace", kit.workplace), ("team", kit.team), ("core_task", kit.core_task),
             ("stakeholders", kit.stakeholders)]
    found: dict[tuple[str, str], None] = {}
    for part, text in _parts(page, kit):
        for ch in coverage.missing(text, covered):
            found[(next((f for f, value in order if ch in value), part), ch)] = None
    if not found:
        return None
    return UserError([Problem(
        f"poster-{page.name}.pdf", field,
        _("{character} is in none of the fonts posters are printed with and would print as an empty box; "
          "write it another way or leave it out").format(character=coverage.describe(ch)))
        for field, ch in found])


def preview(pdf_bytes: bytes, bleed_mm: float, dpi: int = PREVIEW_DPI) -> bytes:
    """A PNG of the poster as it will be cut: the trim box, without the bleed.

    Posters are flat colour and text, so a 256-colour palette (octree) keeps the
    preview indistinguishable at a third of the size and a quarter of the time of
    a full-colour PNG (about 13 ms instead of 45 ms)."""
    image = rasterise(pdf_bytes, lambda w, h: dpi / 72, crop=(bleed_mm * MM,) * 4, first_page_only=True)[0]
    # The palette is chosen on a third-size copy (a ninth of the pixels; the copy's
    # averaged edges still sample every blend) and then applied to the whole image.
    palette = image.reduce(3).quantize(256, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    image.quantize(palette=palette, dither=Image.Dither.NONE).save(out, "PNG", compress_level=1)
    return out.getvalue()


class PosterBuilder(Builder):
    """One PDF/X-4 poster per poster page of the kit, each with a PNG preview.

    Owns a typst compiler per thread (a batch builds kits in threads; typst's
    compiler is not shareable) with the shipped fonts loaded once: a compile
    then takes about 2 ms instead of 5 ms (typst.compile rescans the fonts on
    every call); and the output profile, compressed once."""

    name = "poster"

    def __init__(self) -> None:
        self._local = threading.local()
        self.profile = OutputProfile(data_dirs().icc_profile)

    @cached_property
    def fonts(self) -> typst.Fonts:
        return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                           font_paths=[str(data_dirs().fonts)])

    @cached_property
    def covered(self) -> frozenset[int]:
        """The characters the shipped fonts can draw (typst loads them all)."""
        return coverage.folder_coverage(data_dirs().fonts)

    def compiler(self) -> typst.Compiler:
        compiler = getattr(self._local, "compiler", None)
        if compiler is None:
            # The root is the file system's root, so the templates and a theme's logo
            # in the user cache are both inside it.
            root = Path(data_dirs().poster_templates.resolve().anchor)
            compiler = self._local.compiler = typst.Compiler(root=str(root), font_paths=self.fonts)
        return compiler

    def files(self, kit: Kit) -> list[FileRole]:
        roles = []
        for page in kit.posters:
            roles.append(FileRole(f"poster-{page.name}.pdf", "poster", proof=True, printed=POSTER_PRINT))
            roles.append(FileRole(f"poster-{page.name}.png", "preview"))
        return roles

    def check(self) -> list[Problem]:
        problems = []
        for kind in ("core_task", "exercise", "program", "common"):
            if not (data_dirs().poster_templates / f"{kind}.typ").is_file():
                problems.append(Problem(f"templates/poster/{kind}.typ", "", "is missing"))
        icc = data_dirs().icc_profile
        if not icc.is_file() or icc.read_bytes()[36:40] != b"acsp":
            problems.append(Problem("templates/icc/FOGRA39.icc", "", "is missing or not an ICC profile"))
        fonts = [font_file(bold) for bold in (False, True)] + [data_dirs().fonts / f for f in coverage.FALLBACK_FONTS]
        for font in fonts:
            if not font.is_file():
                problems.append(Problem(f"templates/fonts/{font.name}", "", "font is missing"))
        return problems

    def render(self, page: PosterPage, kit: Kit, theme: Theme) -> bytes:
        """typst -> PDF (CMYK, fonts embedded, trim box and bleed)."""
        error = _glyph_errors(page, kit, self.covered)
        if error is not None:  # typst would draw the character as an empty box and say nothing
            raise error
        try:
            pdf = self.compiler().compile(
                input=str(data_dirs().poster_templates.resolve() / f"{page.kind}.typ"),
                sys_inputs={"kit": json.dumps(_inputs(page, kit, theme))},
                timestamp=int(kit.created.replace(tzinfo=timezone.utc).timestamp()))
            assert isinstance(pdf, bytes)  # one PDF, not pages as images
            return pdf
        except Exception as exc:  # typst raises TypstError; a fit failure is the user's text
            error = _overflow_error(exc, page)
            if error is not None:
                raise error from None
            raise

    def poster(self, page: PosterPage, kit: Kit, theme: Theme) -> bytes:
        """One poster as PDF/X-4. Deterministic for a given kit."""
        return self.finish(self.render(page, kit, theme), page, kit, theme)

    def finish(self, raw: bytes, page: PosterPage, kit: Kit, theme: Theme) -> bytes:
        """typst's PDF with the PDF/X-4 parts it does not write (kitgen.builders.printing.pdfx)."""
        pdf = pikepdf.open(io.BytesIO(raw))
        pg = pdf.pages[0]
        pdfx.boxes(pg, theme.bleed_mm)  # typst's media box is trim + bleed
        group = pg.obj.get("/Group")
        if group is not None and group.get("/CS") == pikepdf.Name.DeviceRGB:
            group.CS = pikepdf.Name.DeviceCMYK
        self.profile.add_to(pdf)
        pdfx.identify(pdf, f"{page.title[:120]} – {kit.workplace}", kit.language_tag, kit.created)
        return pdfx.save(pdf)

    def build(self, kit: Kit, theme: Theme) -> dict[str, bytes]:
        files = {}
        for page in kit.posters:
            pdf = self.poster(page, kit, theme)
            files[f"poster-{page.name}.pdf"] = pdf
            files[f"poster-{page.name}.png"] = preview(pdf, theme.bleed_mm)
        return files
