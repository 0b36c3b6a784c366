"""PDF versions of handouts and decks through LibreOffice, headless and warm.

A batch starts LibreOffice once per converter instance and keeps it: kitgen's
`uno_bridge.py`, run by a Python that has LibreOffice's `uno` module, starts a
listening `soffice` and converts file after file over UNO (a cold start per file
costs about a second; a warm conversion 0.25–0.4 s). With `instances` > 1 the
converters start one after the other, never two at once, each with its own user
profile. Every file has a timeout; a conversion that hangs is killed with its
LibreOffice, reported as failed, and the next file gets a fresh one, so the batch
goes on. The PDFs come out tagged, with the document language set and the fonts
checked: kitgen names Calibri and ships its metric twin Carlito; any other font
in the PDF means LibreOffice substituted, and that is reported, not hidden.
"""

from __future__ import annotations

import io
import json
import os
import queue
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from functools import lru_cache
from pathlib import Path

import pikepdf

from .errors import Problem, UserError
from .fit import FONTS_DIR

INSTALL = ("apt-get install libreoffice-writer-nogui libreoffice-impress-nogui python3-uno "
           "fonts-crosextra-carlito")
FILTERS = {".docx": ("MS Word 2007 XML", "writer_pdf_Export"),  # (import, export)
           ".pptx": ("Impress MS PowerPoint 2007 XML", "impress_pdf_Export")}
EXPECTED_FONTS = ("Carlito", "Calibri", "OpenSymbol")  # OpenSymbol draws list bullets
BRIDGE = Path(__file__).with_name("uno_bridge.py")


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@lru_cache(maxsize=1)
def find_uno_python() -> str | None:
    """A Python that can `import uno`: kitgen's own, or the system's (Debian's
    python3-uno installs for /usr/bin/python3), or the one LibreOffice bundles."""
    candidates = [sys.executable, shutil.which("python3"), "/usr/bin/python3",
                  "/usr/lib/libreoffice/program/python", "/opt/libreoffice/program/python"]
    for python in dict.fromkeys(c for c in candidates if c and os.access(c, os.X_OK)):
        try:
            if subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0:
                return python
        except (OSError, subprocess.TimeoutExpired):
            continue
    return None


class ConversionTimeout(Exception):
    pass


class _Office:
    """One warm LibreOffice behind a uno_bridge process."""

    def __init__(self, python: str, soffice: str, profile: Path, env: dict, startup: float):
        pipe = f"kitgen-{os.getpid()}-{profile.name}-{time.monotonic_ns()}"
        self.proc = subprocess.Popen([python, str(BRIDGE), soffice, profile.as_uri(), pipe],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        self.buffer = b""
        try:
            if "ready" not in self._reply(startup):
                raise ConversionTimeout
        except ConversionTimeout:
            self.kill()
            raise UserError(Problem("--pdf", "", f"LibreOffice did not start within {startup:.0f} s"))

    def _reply(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise ConversionTimeout
            chunk = os.read(fd, 65536)
            if not chunk:  # the bridge died (LibreOffice crashed under it)
                return {"error": "LibreOffice stopped unexpectedly"}
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def convert(self, src: Path, dst: Path, timeout: float) -> str | None:
        """None when `dst` was written, else the reason it was not."""
        request = {"src": str(src), "dst": str(dst), "import": FILTERS[src.suffix][0],
                   "filter": FILTERS[src.suffix][1]}
        try:
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            return "LibreOffice stopped unexpectedly"
        reply = self._reply(timeout)
        return reply.get("error")

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


class Converter:
    """Warm LibreOffice converters shared by a whole batch; `convert` may be called
    from several threads at once, each call using one idle LibreOffice."""

    def __init__(self, per_file: float = 90.0, startup: float = 120.0, instances: int = 1):
        soffice = find_soffice()
        if soffice is None:
            raise UserError(Problem("--pdf", "", f"PDF versions need LibreOffice, which is not "
                                    f"installed here; install it with: {INSTALL}"))
        python = find_uno_python()
        if python is None:
            raise UserError(Problem("--pdf", "", "PDF versions need LibreOffice's Python bridge "
                                    f"(the uno module), which is not installed here; install it with: {INSTALL}"))
        self.soffice, self.python = soffice, python
        self.per_file, self.startup = per_file, startup
        self.home = Path(tempfile.mkdtemp(prefix="kitgen-lo-"))
        fonts_conf = self.home / "fonts.conf"
        fonts_conf.write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"<dir>{FONTS_DIR}</dir>"
            '<alias binding="same"><family>Calibri</family><accept><family>Carlito</family></accept></alias>'
            "</fontconfig>", encoding="utf-8")
        self.env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf), "HOME": str(self.home),
                    "SAL_USE_VCLPLUGIN": "svp"}
        self.starting = threading.Lock()  # two LibreOffices never start at once
        self.idle: queue.Queue = queue.Queue()
        for n in range(max(1, instances)):
            self.idle.put((n, None))  # started when first needed
        self.instances = max(1, instances)
        self.starts = 0  # LibreOffice starts, for the benchmarks and tests

    def close(self) -> None:
        for _ in range(self.instances):
            _, office = self.idle.get()
            if office is not None:
                office.close()
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _start(self, n: int) -> _Office:
        with self.starting:
            self.starts += 1
            return _Office(self.python, self.soffice, self.home / f"profile{n}", self.env, self.startup)

    def convert(self, sources: list[tuple[Path, str]]) -> dict[Path, bytes | str]:
        """{source: PDF bytes, or the reason it failed}. `sources` pairs each file with
        the language tag its PDF must declare."""
        results: dict[Path, bytes | str] = {}
        n, office = self.idle.get()
        try:
            with tempfile.TemporaryDirectory(dir=self.home) as tmp:
                for i, (src, lang) in enumerate(sources):
                    if office is None:
                        office = self._start(n)
                    pdf = Path(tmp) / f"{i:05d}.pdf"
                    document = src.resolve()
                    if src.suffix == ".pptx":
                        document = slides_only(src, Path(tmp) / f"{i:05d}.pptx")
                    try:
                        error = office.convert(document, pdf, self.per_file)
                    except ConversionTimeout:
                        office.kill()  # the next file gets a fresh LibreOffice
                        office = None
                        error = f"LibreOffice did not finish converting {src.name} within {self.per_file:.0f} s"
                    if error is None and not pdf.exists():
                        error = "LibreOffice wrote no PDF"
                    results[src] = (_finish(pdf.read_bytes(), lang) if error is None
                                    else error if "did not finish" in error
                                    else f"LibreOffice could not convert {src.name}: {error}")
        finally:
            self.idle.put((n, office))
        return results


def _finish(data: bytes, lang: str) -> bytes:
    """Declare the document language deterministically. Writer takes it from the
    document; Impress writes its own default, which is replaced."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if str(pdf.Root.get("/Lang", "")) == lang:
            return data
        pdf.Root.Lang = pikepdf.String(lang)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


_NOTES_REL = re.compile(rb"<Relationship [^>]*/notesSlide\"[^>]*/>")
_NOTES_TYPE = re.compile(rb"<Override [^>]*notesSlide\+xml\"/>")


def slides_only(pptx: Path, copy: Path) -> Path:
    """A copy of a deck without its speaker notes, stored uncompressed. The PDF
    shows slides only, and Impress spends a quarter of a deck's conversion
    reading notes pages it then leaves out; the PDF is the same without them."""
    with zipfile.ZipFile(pptx) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            name = info.filename
            if name.startswith("ppt/notesSlides/"):
                continue
            data = source.read(info)
            if name.startswith("ppt/slides/_rels/"):
                data = _NOTES_REL.sub(b"", data)
            elif name == "[Content_Types].xml":
                data = _NOTES_TYPE.sub(b"", data)
            target.writestr(zipfile.ZipInfo(name, info.date_time), data)
    return copy


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
