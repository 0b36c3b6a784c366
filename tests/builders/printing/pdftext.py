"""The characters a poster PDF draws, as PDFium reads them: text, box (in mm from
the trim's top-left corner), font size, font and fill colour."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from kitgen.pdf.raster import LOCK

MM = 72 / 25.4


@dataclass(frozen=True)
class Char:
    text: str
    left: float  # mm from the trim's left edge
    top: float  # mm from the trim's top edge
    right: float
    bottom: float
    size: float  # pt
    font: str  # without the subset prefix: "Carlito-Bold", "NotoSansArabic-Regular"
    fill: tuple[int, int, int]  # as PDFium shows the CMYK colour on screen
    baseline: float  # mm from the trim's top edge

    @property
    def bold(self) -> bool:
        return "Bold" in self.font

    @property
    def x(self) -> float:
        return (self.left + self.right) / 2


def chars(pdf: bytes, bleed_mm: float = 3.0) -> list[Char]:
    with LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            page = doc[0]
            height = page.get_height()
            text = page.get_textpage()
            found = []
            name = ctypes.create_string_buffer(128)
            rgba = [ctypes.c_uint() for _ in range(4)]
            origin = [ctypes.c_double() for _ in range(2)]
            count = text.count_chars()
            i = 0
            while i < count:
                code = raw.FPDFText_GetUnicode(text.raw, i)
                x0, y0, x1, y1 = text.get_charbox(i)
                index, i = i, i + 1
                if 0xD800 <= code < 0xE000 and i < count:  # an emoji: PDFium gives its surrogates,
                    pair = sorted((code, raw.FPDFText_GetUnicode(text.raw, i)))  # in either order
                    code, i = 0x10000 + (pair[0] - 0xD800) * 0x400 + pair[1] - 0xDC00, i + 1
                ch = chr(code)
                if not ch.strip() or x1 <= x0:
                    continue
                raw.FPDFText_GetFontInfo(text.raw, index, name, len(name), None)
                raw.FPDFText_GetFillColor(text.raw, index, *(ctypes.byref(v) for v in rgba))
                raw.FPDFText_GetCharOrigin(text.raw, index, *(ctypes.byref(v) for v in origin))
                found.append(Char(ch, x0 / MM - bleed_mm, (height - y1) / MM - bleed_mm, x1 / MM - bleed_mm,
                                  (height - y0) / MM - bleed_mm, raw.FPDFText_GetFontSize(text.raw, index),
                                  name.value.decode("latin-1").split("+", 1)[-1],
                                  (rgba[0].value, rgba[1].value, rgba[2].value),
                                  (height - origin[1].value) / MM - bleed_mm))
            text.close()
            page.close()
        finally:
            doc.close()
    return found
