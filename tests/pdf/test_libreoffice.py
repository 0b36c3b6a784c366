"""A real reader: LibreOffice converts the handout to PDF (skipped where it is not installed)."""

import re
import shutil
import subprocess

import pytest

from tests.conftest import build_handout, build_deck

from kitgen.builders.office import handout
from kitgen.kit.theme import load_theme

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_libreoffice_converts_the_handout_to_an_a4_pdf(make_kit, tmp_path, lang):
    kit = make_kit(lang=lang)
    src = tmp_path / "handout.docx"
    src.write_bytes(build_handout(kit, load_theme("default")))
    profile = tmp_path / "profile"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
        capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "handout.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    data = pdf.read_bytes()
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data))
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 8
    assert f"/Lang({kit.language_tag})".encode() in data
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "Carlito" in fonts or "Calibri" in fonts, fonts


def test_libreoffice_converts_the_deck_to_16_9_pages(make_kit, tmp_path):
    from kitgen.builders.office import deck

    kit = make_kit(lang="en")
    src = tmp_path / "deck.pptx"
    src.write_bytes(build_deck(kit, load_theme("default")))
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
        capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "deck.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    data = pdf.read_bytes()
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data))
    assert boxes and all(abs(float(w) / float(h) - 16 / 9) < 0.01 for w, h in boxes)
    from pptx import Presentation
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == len(Presentation(str(src)).slides)
