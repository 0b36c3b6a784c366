"""The handout's PDF is a form a team can fill in: LibreOffice (25.2) turns each
plain-text content control into a PDF text field, and the print version has none."""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import pytest

from kitgen.kit.theme import load_theme
from kitgen.pdf.libreoffice import find_soffice, find_uno_python
from tests.conftest import build_handout

pikepdf = pytest.importorskip("pikepdf")
pytestmark = pytest.mark.skipif(not find_soffice() or not find_uno_python(),
                                reason="LibreOffice with its Python bridge is not installed")

PT_PER_TWIP = 1 / 20


@pytest.fixture(scope="module")
def converted(lib, tmp_path_factory):
    """A Danish handout and its PDF as kitgen's --pdf makes it."""
    from kitgen.inputs.order import load_order
    from kitgen.kit.plan import plan
    from kitgen.pdf.convert import Converter
    from tests.conftest import ROOT

    order = load_order(ROOT / "examples" / "tryk_og_co.yaml", lib)
    kit = plan(order, lib, "da")
    folder = Path(tempfile.mkdtemp())
    try:
        src = folder / "handout.docx"
        src.write_bytes(build_handout(kit, load_theme(order.theme or "default")))
        with Converter() as converter:
            pdf = converter.convert([(src, kit.language_tag)])[src]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert isinstance(pdf, bytes), pdf
    return kit, pdf


def _titles(kit) -> list[str]:
    heads = [kit.t(x) for x in ("Hvad gør vi?", "Hvem har ansvaret?", "Hvornår?", "Hvordan følger vi op?")]
    return ([f.label for ex in kit.exercises if ex.worksheet for f in ex.worksheet.fields]
            + [f"{head} ({row})" for row in range(1, 8) for head in heads])


def test_every_field_becomes_a_pdf_text_field(converted):
    kit, data = converted
    titles = _titles(kit)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fields = list(pdf.Root.AcroForm.Fields)
        assert len(fields) == len(titles) == 17 + 28
        assert [str(f.TU) for f in fields] == titles  # what a screen reader says
        names = [str(f.T) for f in fields]
        assert len(set(names)) == len(names) and not any("." in n for n in names)
        assert names[0] == titles[0]
        for f in fields:
            assert f.FT == "/Tx" and int(f.Ff) & 4096  # text, multi-line
            assert str(f.get("/V", "")).strip() == ""  # empty
        widgets = [a for page in pdf.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
        assert len(widgets) == len(fields)


def test_fields_are_drawn_in_helvetica_and_the_page_text_in_carlito(converted):
    """A viewer draws what a user types in its own Helvetica (the template declares
    Calibri sans-serif; else LibreOffice picks Times-Roman), and kitgen's font
    check expects exactly that: a --pdf handout builds without a font warning."""
    from kitgen.pdf.fonts import fonts_used, unexpected_fonts

    _, data = converted
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = {str(f.get("/BaseFont")) for _, f in pdf.Root.AcroForm.DR.Font.items() if "/FontDescriptor" not in f}
        assert fonts == {"/Helvetica"}
        assert {str(w.DA).split(" Tf")[0].split()[-2] for page in pdf.pages for w in page.get("/Annots", [])
                if w.get("/Subtype") == "/Widget"} == {"/He"}
    assert "form field: Helvetica" in fonts_used(data) and unexpected_fonts(data) == []


def test_a_field_covers_its_writing_box(converted):
    """Each worksheet field is about as wide as the text column and as tall as its
    writing lines, not a sliver the width of its placeholder."""
    from kitgen.builders.office import handout

    kit, data = converted
    sizes = [f.lines for ex in kit.exercises if ex.worksheet for f in ex.worksheet.fields]
    column = handout.twips(handout.TEXT_WIDTH) * PT_PER_TWIP
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fields = list(pdf.Root.AcroForm.Fields)
        for lines, f in zip(sizes, fields):
            x0, y0, x1, y1 = (float(v) for v in f.Rect)
            assert 0.85 * column <= x1 - x0 <= column
            line = (handout.MIN_LINE_HEIGHT / 12700, handout.LINE_HEIGHT / 12700)  # EMU -> pt
            assert lines * line[0] - 2 <= y1 - y0 <= lines * line[1] + 4, (lines, y1 - y0)


def test_the_print_version_has_no_form(converted):
    from kitgen.pdf.preflight import preflight
    from kitgen.pdf.printready import ghostscript, print_ready

    if not ghostscript():
        pytest.skip("Ghostscript is not installed")
    kit, data = converted
    out = print_ready(data, kit.language_tag, kit.session_title, kit.created)
    with pikepdf.open(io.BytesIO(out)) as pdf:
        assert "/AcroForm" not in pdf.Root
        assert not [a for page in pdf.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "print.pdf").write_bytes(out)
        report = preflight(folder / "print.pdf", profile="document")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert report.pdfx_version == "PDF/X-4" and report.output_intent
    assert report.colour_spaces <= {"DeviceCMYK", "DeviceGray", "ICCBased"}, report.colour_spaces
    assert report.fonts and all(report.fonts.values())
    assert report.language == kit.language_tag
    assert report.ok, report.problems  # every page by a print shop's rules for a document


def test_a_checklists_boxes_become_pdf_check_boxes(lib, tmp_path):
    """--pdf exports each checklist point's checkbox control as a PDF check box,
    titled with the point, unticked; the box glyph is LibreOffice's OpenSymbol."""
    from kitgen.inputs.order import load_order
    from kitgen.kit.plan import plan
    from kitgen.pdf.convert import Converter
    from kitgen.pdf.fonts import unexpected_fonts
    from tests.conftest import BASE_ORDER

    order_file = tmp_path / "o.yaml"
    order_file.write_text(BASE_ORDER.replace("exercises: [core_task_deep_dive, psych_safety_team_scan, trial_actions]",
                                             "exercises: [checklist_core_task_clear]"), encoding="utf-8")
    kit = plan(load_order(order_file, lib), lib, "da")
    src = tmp_path / "handout.docx"
    src.write_bytes(build_handout(kit, load_theme("default")))
    with Converter() as converter:
        data = converter.convert([(src, kit.language_tag)])[src]
    points = [q for ex in kit.exercises for group in ex.questions for q in group.items]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        boxes = [f for f in pdf.Root.AcroForm.Fields if f.get("/FT") == "/Btn"]
        assert [str(f.TU) for f in boxes] == points and len(points) == 3
        for f in boxes:
            assert str(f.get("/V", "/Off")) == "/Off"  # unticked
            assert not int(f.get("/Ff", 0)) & (1 << 15 | 1 << 16)  # a check box, not a radio or push button
    assert unexpected_fonts(data) == []
