"""The outline of a built deck (slide titles) and handout (headings), for the preview."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def deck_outline(pptx: bytes) -> list[str]:
    """Each slide's title, in order."""
    titles = []
    with zipfile.ZipFile(io.BytesIO(pptx)) as z:
        names = sorted((n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                       key=lambda n: int(re.findall(r"\d+", n)[-1]))
        for name in names:
            tree = etree.fromstring(z.read(name))
            title = ""
            for sp in tree.iter(f"{{{P}}}sp"):
                ph = sp.find(f"{{{P}}}nvSpPr/{{{P}}}nvPr/{{{P}}}ph")
                if ph is not None and ph.get("type") in ("title", "ctrTitle"):
                    title = "".join(t.text or "" for t in sp.iter(f"{{{A}}}t"))
                    break
            titles.append(title)
    return titles


def handout_outline(docx: bytes) -> list[tuple[int, str]]:
    """(level, text) of every Heading 1 and 2, in order."""
    out = []
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        tree = etree.fromstring(z.read("word/document.xml"))
    for p in tree.iter(f"{{{W}}}p"):
        style = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        level = re.fullmatch(r"Heading([12])", style.get(f"{{{W}}}val", "")) if style is not None else None
        if level:
            out.append((int(level.group(1)), "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))))
    return out
