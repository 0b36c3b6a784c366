"""PDFium renders poster previews and proof-sheet thumbnails, and preflight reads
character boxes with it. PDFium is not thread-safe, not even across different
documents, and a batch builds kits in threads: every use holds this one lock,
and closes what it opened before letting go."""

from __future__ import annotations

import threading
from typing import Callable

import pypdfium2 as pdfium
from PIL import Image

LOCK = threading.RLock()


def rasterise(pdf: bytes, scale: Callable[[float, float], float],
              crop: tuple[float, float, float, float] = (0, 0, 0, 0),
              first_page_only: bool = False) -> list[Image.Image]:
    """Each page as an RGB image; `scale(width_pt, height_pt)` gives its pixels per point."""
    images = []
    with LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            for index in range(1 if first_page_only else len(doc)):
                page = doc[index]
                bitmap = page.render(scale=scale(page.get_width(), page.get_height()), crop=crop,
                                     rev_byteorder=True)  # RGB, as PIL wants it
                image = bitmap.to_pil()
                # PIL copies RGB pixels out of the bitmap; anything else it might share
                images.append(image if image.mode == "RGB" else image.convert("RGB"))
                bitmap.close()
                page.close()
        finally:
            doc.close()
    return images
