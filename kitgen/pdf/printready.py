"""Handouts ready for a print shop: LibreOffice's PDF made CMYK PDF/X-4.

LibreOffice writes RGB with no output intent, which a print shop's upload check
refuses. Ghostscript's pdfwrite converts every colour to CMYK for the FOGRA39
profile kitgen ships; kitgen.builders.printing.pdfx then adds the output
intent, the boxes (trim = media: a handout has no bleed) and the PDF/X-4
identification, with dates and ids from the kit, so the same handout gives the
same bytes. The screen version (handout.pdf, tagged, with its form fields)
stays as it is; this one goes into the print pack, without form fields: paper
has none, and an empty field's appearance is blank, so the page looks the same.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pikepdf

from kitgen.builders.printing import pdfx
from kitgen.builders.printing.pdfx import OutputProfile
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import N_, _
from kitgen.paths import data_dirs

INSTALL = N_("Ghostscript (Debian and Ubuntu: apt-get install ghostscript; macOS: brew install ghostscript; "
             "Windows: the installer from ghostscript.com)")


def ghostscript() -> str | None:
    return shutil.which("gs") or shutil.which("gswin64c")


@lru_cache(maxsize=1)
def _profile() -> OutputProfile:
    """The output profile, compressed once per process (it goes into every print PDF)."""
    return OutputProfile(data_dirs().icc_profile)


def print_ready(pdf: bytes, language_tag: str, title: str, when: datetime, timeout: float = 120) -> bytes:
    """`pdf` as CMYK PDF/X-4 for FOGRA39 (A4 pages, no bleed)."""
    program = ghostscript()
    if program is None:
        raise UserError(Problem("--print-pack", "", _("print-ready handouts need {program}").format(
            program=_(INSTALL))))
    with tempfile.TemporaryDirectory(prefix="kitgen-gs-") as tmp:
        source, target = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        source.write_bytes(pdf)
        run = subprocess.run(
            [program, "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pdfwrite",
             "-sColorConversionStrategy=CMYK", "-dProcessColorModel=/DeviceCMYK",
             f"-sOutputICCProfile={data_dirs().icc_profile}", "-dCompatibilityLevel=1.6",
             "-dAutoRotatePages=/None", "-dEmbedAllFonts=true", "-dSubsetFonts=true",
             f"-sOutputFile={target}", str(source)],
            capture_output=True, text=True, timeout=timeout)
        if run.returncode != 0 or not target.is_file():
            raise UserError(Problem(title, _("print pack"), _("Ghostscript could not make the print PDF ({error})")
                                    .format(error=(run.stderr or run.stdout).strip()[:300])))
        converted = target.read_bytes()
    with pikepdf.open(io.BytesIO(converted)) as doc:
        _drop_form_fields(doc)
        for page in doc.pages:
            pdfx.boxes(page, 0.0)
            page.TrimBox = pikepdf.Array([float(v) for v in page.MediaBox])
        _profile().add_to(doc)
        pdfx.identify(doc, title, language_tag, when, creator="kitgen (LibreOffice, Ghostscript, pikepdf)")
        if "/ID" in doc.trailer:  # Ghostscript's is random, and qpdf would keep its first half
            del doc.trailer["/ID"]
        return pdfx.save(doc)


def _drop_form_fields(doc: pikepdf.Pdf) -> None:
    """No interactive form in a print file (PDF/X): the AcroForm and its widget
    annotations go, whether or not this Ghostscript kept them."""
    if "/AcroForm" in doc.Root:
        del doc.Root["/AcroForm"]
    for page in doc.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        kept = [a for a in annots if a.get("/Subtype") != "/Widget"]
        if kept:
            page.obj.Annots = pikepdf.Array(kept)
        else:
            del page.obj["/Annots"]
