"""PDF versions of handouts and decks through LibreOffice, headless.

One `soffice` process converts many files per call, and a lock makes sure no
two ever start at once (its user profile is not safe for that). Each call has a
timeout; when it hangs, the files it did not finish are retried one by one, and
a file that hangs alone is reported as failed while the batch goes on. The PDFs
come out tagged, with the document language set and the fonts checked: kitgen
names Calibri and ships its metric twin Carlito; any other font in the PDF means
LibreOffice substituted, and that is reported, not hidden.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

import pikepdf

from .errors import Problem, UserError
from .fit import FONTS_DIR

INSTALL = ("apt-get install libreoffice-writer-nogui libreoffice-impress-nogui "
           "fonts-crosextra-carlito")
FILTERS = {".docx": "writer_pdf_Export", ".pptx": "impress_pdf_Export"}
EXPECTED_FONTS = ("Carlito", "Calibri", "OpenSymbol")  # OpenSymbol draws list bullets


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class Converter:
    """A LibreOffice converter shared by a whole batch."""

    def __init__(self, timeout: float = 120.0, per_file: float = 20.0):
        soffice = find_soffice()
        if soffice is None:
            raise UserError(Problem("--pdf", "", f"PDF versions need LibreOffice, which is not "
                                    f"installed here; install it with: {INSTALL}"))
        self.soffice = soffice
        self.timeout, self.per_file = timeout, per_file
        self.home = Path(tempfile.mkdtemp(prefix="kitgen-lo-"))
        self.lock = threading.Lock()
        fonts_conf = self.home / "fonts.conf"
        fonts_conf.write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"<dir>{FONTS_DIR}</dir>"
            '<alias binding="same"><family>Calibri</family><accept><family>Carlito</family></accept></alias>'
            "</fontconfig>", encoding="utf-8")
        self.env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf), "HOME": str(self.home)}
        self.calls = 0  # soffice starts, for the benchmarks and tests

    def close(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _run(self, files: list[Path], suffix: str, outdir: Path, timeout: float) -> bool:
        options = '{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
        cmd = [self.soffice, f"-env:UserInstallation=file://{self.home / 'profile'}", "--headless",
               "--norestore", "--nologo", "--convert-to", f"pdf:{FILTERS[suffix]}:{options}",
               "--outdir", str(outdir), *map(str, files)]
        self.calls += 1
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=self.env, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
            return True
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return False

    def convert(self, sources: list[tuple[Path, str]]) -> dict[Path, bytes | str]:
        """{source: PDF bytes, or the reason it failed}. `sources` pairs each file with
        the language tag its PDF must declare."""
        results: dict[Path, bytes | str] = {}
        with self.lock, tempfile.TemporaryDirectory(dir=self.home) as tmp:
            work = Path(tmp)
            for suffix in FILTERS:
                group = [(src, lang) for src, lang in sources if src.suffix == suffix]
                if not group:
                    continue
                staged = {}
                for i, (src, lang) in enumerate(group):
                    copy = work / f"{i:05d}{suffix}"
                    shutil.copyfile(src, copy)
                    staged[copy] = (src, lang)
                out = work / f"out{suffix}"
                self._run(list(staged), suffix, out, self.timeout + self.per_file * len(staged))
                for copy, (src, lang) in staged.items():
                    pdf = out / f"{copy.stem}.pdf"
                    if not pdf.exists():  # hung or crashed: this file alone, with its own limit
                        if not self._run([copy], suffix, out, self.per_file + 30):
                            results[src] = (f"LibreOffice did not finish converting {src.name} within "
                                            f"{self.per_file + 30:.0f} s")
                            continue
                    if not pdf.exists():
                        results[src] = f"LibreOffice could not convert {src.name}"
                        continue
                    results[src] = _finish(pdf.read_bytes(), lang)
        return results


def _finish(data: bytes, lang: str) -> bytes:
    """Declare the document language (Impress writes its own default) deterministically."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.Root.Lang = pikepdf.String(lang)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def fonts_used(data: bytes) -> set[str]:
    names = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for _, font in page.obj.get("/Resources", {}).get("/Font", {}).items():
                name = str(font.get("/BaseFont", ""))[1:]
                names.add(name.split("+", 1)[-1])
    return names


def unexpected_fonts(data: bytes) -> list[str]:
    return sorted(f for f in fonts_used(data) if not f.startswith(EXPECTED_FONTS))
