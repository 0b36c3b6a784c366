"""Proof sheets: every page of a kit's handout, deck and posters as thumbnails,
with the team's name and the kit's warnings, for the HR partner to approve.

Writes proof.pdf (A4 landscape pages) and proof.png (its first page).
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


def proof_sheet(title: str, subtitle: str, documents: list[tuple[str, bytes]],
                warnings: list[str], when: datetime) -> tuple[bytes, bytes]:
    """(proof.pdf, proof.png). `documents`: (label, PDF bytes) in the order shown."""
    pages: list[Image.Image] = []
    page = draw = None
    y = 0

    def new_page() -> None:
        nonlocal page, draw, y
        page = Image.new("RGB", PAGE, "white")
        draw = ImageDraw.Draw(page)
        draw.text((MARGIN, MARGIN - 10), title, font=_font(26, True), fill=INK)
        draw.text((MARGIN, MARGIN + 24), subtitle, font=_font(15), fill=MUTED)
        pages.append(page)
        y = MARGIN + 56

    new_page()
    if warnings:
        for warning in warnings:
            for line in _wrap(draw, "! " + warning, _font(14), PAGE[0] - 2 * MARGIN):
                draw.text((MARGIN, y), line, font=_font(14), fill=WARN)
                y += 19
        y += 6
    for label, pdf in documents:
        thumbs = _thumbnails(pdf, THUMB)
        if y + 30 + THUMB > PAGE[1] - MARGIN:
            new_page()
        n = len(thumbs)
        draw.text((MARGIN, y), f"{label} · {n}",
                  font=_font(16, True), fill=INK)
        y += 26
        x = MARGIN
        row_height = max(t.height for t in thumbs)
        for thumb in thumbs:
            if x + thumb.width > PAGE[0] - MARGIN:
                x = MARGIN
                y += row_height + 10
            if y + thumb.height > PAGE[1] - MARGIN:
                new_page()
                x = MARGIN
            page.paste(thumb, (x, y))
            draw.rectangle([x - 1, y - 1, x + thumb.width, y + thumb.height], outline=FRAME)
            x += thumb.width + 10
        y += row_height + 24
    # proof.png as a palette image: thumbnails of flat-colour pages lose nothing
    # visible at 256 colours, and it is written in half the time, a third the size.
    png = io.BytesIO()
    pages[0].quantize(256, method=Image.Quantize.FASTOCTREE).save(png, "PNG", compress_level=1)
    pdf_out = io.BytesIO()
    pages[0].save(pdf_out, "PDF", resolution=DPI, save_all=True, append_images=pages[1:],
                  title=title, author="kitgen", creationDate=when.timetuple(), modDate=when.timetuple())
    return pdf_out.getvalue(), png.getvalue()
