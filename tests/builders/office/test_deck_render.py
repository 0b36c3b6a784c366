"""The fit model against a real renderer: decks with the library's longest texts,
in every language and in a pseudo-locale 40 % longer than Danish, converted by
LibreOffice; every word LibreOffice draws must lie inside the box of the shape
it belongs to (word boxes from the PDF, shape boxes from the .pptx)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from pptx import Presentation

from kitgen.i18n.locale import available_locales
from kitgen.kit.theme import load_theme
from tests.builders.pseudo import pseudo_kit
from tests.conftest import build_deck, with_fields

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                                reason="needs LibreOffice and poppler-utils")

LONG = "[casekit_interview_frame, fair_change_process_design, core_task_360_view]"
PT_PER_EMU = 1 / 12700
TOLERANCE = 2.0  # pt: anti-aliasing and rounding between the two measures
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)


def _text_boxes(pptx: bytes) -> list[list[tuple[float, float, float, float, str]]]:
    """Per slide: (x0, y0, x1, y1, text) in pt of every shape with text, table cells too."""
    prs = Presentation(io.BytesIO(pptx))
    slides = []
    for slide in prs.slides:
        boxes = []
        for shape in slide.shapes:
            x0, y0 = shape.left * PT_PER_EMU, shape.top * PT_PER_EMU
            x1, y1 = x0 + shape.width * PT_PER_EMU, y0 + shape.height * PT_PER_EMU
            if shape.has_text_frame and shape.text_frame.text.strip():
                boxes.append((x0, y0, x1, y1, shape.text_frame.text))
            if shape.has_table:
                boxes.append((x0, y0, x1, y1, " ".join(c.text for r in shape.table.rows for c in r.cells)))
        slides.append(boxes)
    return slides


def _words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [[(float(a), float(b), float(c), float(d), unescape(w)) for a, b, c, d, w in _WORD.findall(page)]
            for page in _PAGE.findall(html)]


def _convert(decks: dict[str, bytes], folder: Path) -> dict[str, Path]:
    for name, data in decks.items():
        (folder / f"{name}.pptx").write_bytes(data)
    profile = folder / "profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *(str(folder / f"{n}.pptx") for n in decks)],
                   check=True, capture_output=True, timeout=600)
    return {name: folder / f"{name}.pdf" for name in decks}


def _strays(pptx: bytes, pdf: Path) -> list[str]:
    """Words LibreOffice drew outside every text box of their slide."""
    out = []
    for number, (boxes, words) in enumerate(zip(_text_boxes(pptx), _words(pdf)), 1):
        for x0, y0, x1, y1, word in words:
            if word in ("•",):  # a bullet is drawn, not text
                continue
            inside = any(bx0 - TOLERANCE <= x0 and x1 <= bx1 + TOLERANCE and by0 - TOLERANCE <= y0
                         and y1 <= by1 + TOLERANCE for bx0, by0, bx1, by1, text in boxes if word in text)
            if not inside:
                out.append(f"slide {number}: {word!r} at ({x0:.0f}, {y0:.0f})–({x1:.0f}, {y1:.0f})")
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, lib):
    """The long-text decks of every language and the pseudo-locale, converted in one LibreOffice run."""
    from kitgen.inputs.order import load_order
    from kitgen.kit.plan import plan

    folder = tmp_path_factory.mktemp("decks")
    orders = {"long": with_fields(exercises=LONG, start='"07:00"'),
              "module": with_fields(exercises=None, module="fair_change_process")}
    theme = load_theme("default")
    decks = {}
    for kind, text in orders.items():
        path = folder / f"{kind}.yaml"
        path.write_text(text, encoding="utf-8")
        order = load_order(path, lib)
        for lang in available_locales():
            decks[f"{kind}-{lang}"] = build_deck(plan(order, lib, lang), theme)
        decks[f"{kind}-pseudo"] = build_deck(pseudo_kit(plan(order, lib, "de")), theme)
    return decks, _convert(decks, folder)


@pytest.mark.parametrize("kind", ["long", "module"])
@pytest.mark.parametrize("lang", [*available_locales(), "pseudo"])
def test_every_word_libreoffice_draws_is_inside_its_box(rendered, kind, lang):
    decks, pdfs = rendered
    name = f"{kind}-{lang}"
    pages = _words(pdfs[name])
    assert len(pages) == len(Presentation(io.BytesIO(decks[name])).slides)
    assert sum(len(p) for p in pages) > 500  # the PDF has its text (not drawn as outlines)
    assert _strays(decks[name], pdfs[name]) == []
