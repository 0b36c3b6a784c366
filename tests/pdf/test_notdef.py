"""check-pdf finds glyphs drawn as .notdef, the empty boxes a print shop's own
check would not: a poster typst set with a character its font lacks, and PDFs
broken by hand (a CIDToGIDMap sending glyphs to 0, a simple TrueType font
asked for codes its cmap lacks)."""

import io
import struct
import subprocess
import sys

import pikepdf
import pytest

from kitgen.builders.registry import builder
from kitgen.kit.theme import load_theme
from kitgen.pdf.notdef import notdef_glyphs
from kitgen.pdf.preflight import preflight
from tests.conftest import ROOT, with_fields
from tests.fontfile import cmap_font


@pytest.fixture
def poster_pdf(make_kit):
    def make(team="Team Pas og Kørekort", check_glyphs=True) -> bytes:
        kit = make_kit(with_fields(team=f'"{team}"'))
        posters = builder("poster")
        if not check_glyphs:  # what typst alone makes of it: the build-time check stands aside
            posters = type(posters)()
            posters.__dict__["covered"] = frozenset(range(0x110000))
        return posters.poster(kit.posters[0], kit, load_theme("default"))
    return make


def test_a_good_poster_has_no_notdef_glyphs(poster_pdf, tmp_path):
    (tmp_path / "good.pdf").write_bytes(poster_pdf())
    report = preflight(tmp_path / "good.pdf")
    assert report.ok and report.notdef == 0 and not report.warnings


def test_a_character_the_font_lacks_fails_check_pdf_naming_page_and_font(poster_pdf, tmp_path):
    path = tmp_path / "boxes.pdf"
    path.write_bytes(poster_pdf("Team ༀ 𐀀", check_glyphs=False))
    report = preflight(path)
    assert report.problems == ["page 1: font Carlito-Bold draws 2 glyphs as .notdef "
                               "(an empty box: the font has no glyph for the character)"]
    assert report.notdef == 2
    run = subprocess.run([sys.executable, "-m", "kitgen.cli", "check-pdf", str(path)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1
    assert "problem: page 1: font Carlito-Bold draws 2 glyphs as .notdef" in run.stdout
    assert "glyphs drawn as .notdef (empty boxes): 2" in run.stdout


def test_a_cid_map_to_glyph_zero_or_past_the_font_is_notdef(poster_pdf):
    with pikepdf.open(io.BytesIO(poster_pdf())) as pdf:
        fonts = [f for _, f in pdf.pages[0].Resources.Font.items()]
        assert all(f.Encoding == "/Identity-H" for f in fonts)
        first = fonts[0].DescendantFonts[0]
        assert first.CIDToGIDMap == "/Identity"
        first.CIDToGIDMap = pdf.make_stream(b"\0\0\0\0")  # CID 0 and 1 -> GID 0; the rest past the map
        report = notdef_glyphs(pdf)
    assert list(report.missing) == [(1, str(fonts[0].BaseFont)[8:])] and report.missing.most_common(1)[0][1] > 10
    assert not report.unchecked


def test_simple_truetype_codes_are_read_through_the_fonts_own_cmap(poster_pdf):
    """A hand-made page: a symbolic TrueType font (as LibreOffice writes them) whose
    (1,0) cmap has 'A' only; 'AB' draws one .notdef, '"' and ' ' shows count too."""
    format0 = struct.pack(">HHH", 0, 262, 0) + bytes(65) + bytes([1]) + bytes(190)  # code 65 -> glyph 1
    program = cmap_font([(1, 0, format0)])
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, BaseFont=pikepdf.Name("/ABCDEF+Handmade"),
        FontDescriptor=pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, Flags=4,
                                          FontFile2=pdf.make_stream(program))))
    page = pdf.add_blank_page()
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(b"BT /F1 12 Tf (AB) Tj [(A) -20 (BB)] TJ (A) ' 1 2 (B) \" ET")
    assert notdef_glyphs(pdf).missing == {(1, "Handmade"): 4}
    font.FontDescriptor.Flags = 32  # nonsymbolic: codes go through glyph names, which are not read
    fresh = notdef_glyphs(pdf)
    assert not fresh.missing and fresh.unchecked == {"Handmade"}
