"""Proof sheets: every page of a kit's handout, deck and posters as thumbnails,
with the team's name and the kit's warnings, for the HR partner to approve.

Writes proof.pdf (A4 landscape pages) and proof.png (every page of it, one
under the other, so an e-mail preview shows the whole proof).
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from kitgen.builders.office.fit import font_file
from kitgen.pdf.raster import rasterise

DPI = 100
PAGE = (round(297 / 25.4 * DPI), round(210 / 25.4 * DPI))  # A4 landscape
MARGIN = 40
THUMB = 150  # px: the longer side of a page thumbnail
INK, MUTED, WARN, FRAME = (34, 34, 34), (110, 110, 110), (170, 40, 20), (200, 200, 200)


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(bold)), size)


def _thumbnails(pdf: bytes, box: int) -> list[Image.Image]:
    """Each page scaled to fit a box×box square (portrait pages and 16:9 slides alike)."""
    return rasterise(pdf, lambda w, h: box / max(w, h))


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])


class _Sheet:
    """The proof's pages as they are drawn: A4 landscape, the team's name on each."""

    def __init__(self, title: str, subtitle: str):
        self.title, self.subtitle = title, subtitle
        self.pages: list[Image.Image] = []
        self.new_page()

    def new_page(self) -> None:
        self.page = Image.new("RGB", PAGE, "white")
        self.draw = ImageDraw.Draw(self.page)
        self.draw.text((MARGIN, MARGIN - 10), self.title, font=_font(26, True), fill=INK)
        self.draw.text((MARGIN, MARGIN + 24), self.subtitle, font=_font(15), fill=MUTED)
        self.pages.append(self.page)
        self.y = MARGIN + 56

    def warnings(self, warnings: list[str]) -> None:
        for warning in warnings:
            for line in _wrap(self.draw, "! " + warning, _font(14), PAGE[0] - 2 * MARGIN):
                if self.y + 19 > PAGE[1] - MARGIN:
                    self.new_page()
                self.draw.text((MARGIN, self.y), line, font=_font(14), fill=WARN)
                self.y += 19
        self.y += 6 if warnings else 0

    def document(self, label: str, thumbs: list[Image.Image]) -> None:
        if self.y + 30 + THUMB > PAGE[1] - MARGIN:
            self.new_page()
        self.draw.text((MARGIN, self.y), f"{label} · {len(thumbs)}", font=_font(16, True), fill=INK)
        self.y += 26
        x = MARGIN
        row_height = max(t.height for t in thumbs)
        for thumb in thumbs:
            if x + thumb.width > PAGE[0] - MARGIN:
                x = MARGIN
                self.y += row_height + 10
            if self.y + thumb.height > PAGE[1] - MARGIN:
                self.new_page()
                x = MARGIN
            self.page.paste(thumb, (x, self.y))
            self.draw.rectangle([x - 1, self.y - 1, x + thumb.width, self.y + thumb.height], outline=FRAME)
            x += thumb.width + 10
        self.y += row_height + 24


def proof_sheet(title: str, subtitle: str, documents: list[tuple[str, bytes]],
                warnings: list[str], when: datetime) -> tuple[bytes, bytes]:
    """(proof.pdf, proof.png). `documents`: (label, PDF bytes) in the order shown.
    proof.png holds every page of the proof, one under the other."""
    sheet = _Sheet(title, subtitle)
    sheet.warnings(warnings)
    for label, pdf in documents:
        sheet.document(label, _thumbnails(pdf, THUMB))
    pages = sheet.pages
    strip = Image.new("RGB", (PAGE[0], PAGE[1] * len(pages) + 8 * (len(pages) - 1)), FRAME)
    for i, page in enumerate(pages):
        strip.paste(page, (0, i * (PAGE[1] + 8)))
    # proof.png as a palette image: thumbnails of flat-colour pages lose nothing
    # visible at 256 colours, and it is written in half the time, a third the size.
    png = io.BytesIO()
    strip.quantize(256, method=Image.Quantize.FASTOCTREE).save(png, "PNG", compress_level=1)
    pdf_out = io.BytesIO()
    pages[0].save(pdf_out, "PDF", resolution=DPI, save_all=True, append_images=pages[1:],
                  title=title, author="kitgen", creationDate=when.timetuple(), modDate=when.timetuple())
    return pdf_out.getvalue(), png.getvalue()
