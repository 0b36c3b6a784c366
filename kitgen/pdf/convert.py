"""PDF versions of handouts and decks through LibreOffice, headless and warm.

A batch starts LibreOffice once per converter instance and keeps it: kitgen's
`uno_bridge.py`, run by a Python that has LibreOffice's `uno` module, starts a
listening `soffice` and converts file after file over UNO (a cold start per file
costs about a second; a warm conversion 0.15-0.3 s). Each instance starts on a
copy of a user profile made once per LibreOffice version in kitgen's cache
folder, which takes a tenth of a second instead of the second a new profile
takes. With `instances` > 1 the converters start one after the other, never two
at once. A team's files are queued together, so LibreOffice goes from one to
the next without waiting for kitgen. Every file has a timeout; a conversion that
hangs is killed with its LibreOffice, reported as failed, and the files after it
get a fresh one, so the batch goes on; so do they after a crash. The PDFs come
out tagged, with the document language set and the fonts checked: kitgen names
Calibri and ships its metric twin Carlito; any other font in the PDF means
LibreOffice substituted, and that is reported, not hidden.
"""

from __future__ import annotations

import hashlib
import importlib.util
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
from functools import cached_property, lru_cache
from xml.sax.saxutils import escape as xml_escape
from pathlib import Path

import pikepdf

from kitgen.errors import Problem, UserError
from kitgen.paths import cache_dir, data_dirs

INSTALL = ("apt-get install libreoffice-writer-nogui libreoffice-impress-nogui python3-uno "
           "fonts-crosextra-carlito")
FILTERS = {".docx": ("MS Word 2007 XML", "writer_pdf_Export"),  # (import, export)
           ".pptx": ("Impress MS PowerPoint 2007 XML", "impress_pdf_Export")}
EXPECTED_FONTS = ("Carlito", "Calibri", "OpenSymbol")  # OpenSymbol draws list bullets
BRIDGE = Path(__file__).with_name("uno_bridge.py")


JEMALLOC = ("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
            "/usr/lib64/libjemalloc.so.2", "/usr/lib/libjemalloc.so.2")


def _allocator() -> dict[str, str]:
    """LibreOffice spends a tenth of a conversion in malloc and free; with jemalloc
    (Debian: libjemalloc2) preloaded it converts 5-8 % faster. Used when installed;
    KITGEN_LIBREOFFICE_MALLOC=system turns it off."""
    if os.environ.get("KITGEN_LIBREOFFICE_MALLOC") == "system":
        return {}
    for library in JEMALLOC:
        if os.path.exists(library):
            preload = " ".join(x for x in (os.environ.get("LD_PRELOAD"), library) if x)
            return {"LD_PRELOAD": preload}
    return {}


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@lru_cache(maxsize=1)
def find_uno_python() -> str | None:
    """A Python that can `import uno`: kitgen's own (asked without starting it),
    the system's (Debian's python3-uno installs for /usr/bin/python3), the one
    LibreOffice bundles, or the first python3 on the PATH."""
    if importlib.util.find_spec("uno") is not None:
        return sys.executable
    candidates = ["/usr/bin/python3", "/usr/lib/libreoffice/program/python",
                  "/opt/libreoffice/program/python", shutil.which("python3")]
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
        self.dead = False
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
                self.dead = True
                return {"error": "LibreOffice stopped unexpectedly"}
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def send(self, src: Path, dst: Path) -> bool:
        """Queue a conversion; False when the bridge is gone."""
        request = {"src": str(src), "dst": str(dst), "import": FILTERS[src.suffix][0],
                   "filter": FILTERS[src.suffix][1]}
        try:
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            self.dead = True
            return False
        return True

    def receive(self, timeout: float) -> str | None:
        """None when the oldest queued conversion was written, else the reason it
        was not; ConversionTimeout when it takes longer than `timeout`."""
        return self._reply(timeout).get("error")

    @property
    def alive(self) -> bool:
        return not self.dead and self.proc.poll() is None

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
            f"<dir>{xml_escape(str(data_dirs().fonts))}</dir>"
            '<alias binding="same"><family>Calibri</family><accept><family>Carlito</family></accept></alias>'
            "</fontconfig>", encoding="utf-8")
        (self.home / "tmp").mkdir()
        self.env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf), "HOME": str(self.home),
                    "TMPDIR": str(self.home / "tmp"), "SAL_USE_VCLPLUGIN": "svp", **_allocator()}
        self.starting = threading.Lock()  # two LibreOffices never start at once
        self.idle: queue.Queue = queue.Queue()
        for n in range(max(1, instances)):
            self.idle.put((n, None))  # started when first needed
        self.instances = max(1, instances)
        self.starts = 0  # LibreOffice starts, for the benchmarks and tests

    def close(self) -> None:
        """Stop every LibreOffice. They hold nothing worth saving (each ran on a
        throwaway copy of the profile, with its temporary files in this
        converter's folder), so they are stopped at once rather than asked to
        shut down, which takes LibreOffice a third of a second."""
        for _ in range(self.instances):
            _, office = self.idle.get()
            if office is not None:
                office.kill()
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _start(self, n: int) -> _Office:
        with self.starting:
            self.starts += 1
            profile = self.home / f"profile{n}"
            shutil.rmtree(profile, ignore_errors=True)  # a killed LibreOffice's, locks and all
            if self.seeded_profile is not None:
                shutil.copytree(self.seeded_profile, profile, symlinks=True)
            return _Office(self.python, self.soffice, profile, self.env, self.startup)

    @cached_property
    def seeded_profile(self) -> Path | None:
        """A LibreOffice user profile made once per LibreOffice version and kept in
        kitgen's cache folder. LibreOffice spends about a second setting up a new
        profile on its first start and a tenth of that starting on a used one, so
        each instance starts on a copy. None when the cache folder is not writable:
        LibreOffice then makes its profile itself, as before. Made under the
        `starting` lock, by the first start."""
        program = Path(os.path.realpath(self.soffice)).parent
        fingerprint = hashlib.sha256(str(program).encode())  # which LibreOffice, which build
        for name in ("versionrc", "soffice.bin"):
            try:
                fingerprint.update(f"|{name}:{(program / name).stat().st_mtime_ns}".encode())
            except OSError:
                pass
        try:
            cache = cache_dir() / f"libreoffice-profile-{fingerprint.hexdigest()[:16]}"
        except (RuntimeError, OSError):  # no home folder, or no room for a cache
            return None
        if not (cache / "user").is_dir():
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                fresh = Path(tempfile.mkdtemp(prefix=".profile-", dir=cache.parent))
                try:
                    _Office(self.python, self.soffice, fresh, self.env, self.startup).close()
                    if not (fresh / "user").is_dir():
                        return None
                    try:
                        os.rename(fresh, cache)  # atomic; another kitgen may have won the race
                    except OSError:
                        pass
                finally:
                    shutil.rmtree(fresh, ignore_errors=True)
            except (OSError, UserError):
                return None
        return cache if (cache / "user").is_dir() else None

    def warm(self) -> None:
        """Start an idle LibreOffice now rather than at its first file; a batch
        calls this while it builds its first kit. A start that fails is left for
        `convert`, which tries again and reports it per file."""
        n, office = self.idle.get()
        try:
            if office is None:
                office = self._start(n)
        except Exception:  # noqa: S110  (reported by convert, per file)
            pass
        finally:
            self.idle.put((n, office))

    def convert(self, sources: list[tuple[Path, str]]) -> dict[Path, bytes | str]:
        """{source: PDF bytes, or the reason it failed}. `sources` pairs each file with
        the language tag its PDF must declare.

        All of them are queued at once, so LibreOffice goes from one file to the
        next without waiting for kitgen, which finishes each PDF while LibreOffice
        converts the next. Each file has its own timeout, counted from the end of
        the one before; after a hang or a crash the files not yet done go to a
        fresh LibreOffice."""
        results: dict[Path, bytes | str] = {}
        n, office = self.idle.get()
        try:
            with tempfile.TemporaryDirectory(dir=self.home) as tmp:
                todo = []  # (source, language, what LibreOffice reads, the PDF it writes)
                for i, (src, lang) in enumerate(sources):
                    document = src.resolve()
                    if src.suffix == ".pptx":
                        document = slides_only(src, Path(tmp) / f"{i:05d}.pptx")
                    todo.append((src, lang, document, Path(tmp) / f"{i:05d}.pdf"))
                while todo:
                    if office is None:
                        office = self._start(n)
                    sent = 0
                    while sent < len(todo) and office.send(todo[sent][2], todo[sent][3]):
                        sent += 1
                    for _ in range(max(sent, 1)):
                        src, lang, _, pdf = todo.pop(0)
                        try:
                            error = office.receive(self.per_file) if sent else "LibreOffice stopped unexpectedly"
                        except ConversionTimeout:
                            results[src] = (f"LibreOffice did not finish converting {src.name} "
                                            f"within {self.per_file:.0f} s")
                            office.kill()  # the files after this one get a fresh LibreOffice
                            office = None
                            break
                        if error is None and not pdf.exists():
                            error = "LibreOffice wrote no PDF"
                        if error is None:
                            results[src] = _finish(pdf.read_bytes(), lang)
                            continue
                        results[src] = f"LibreOffice could not convert {src.name}: {error}"
                        if not office.alive:
                            office.kill()  # the files after this one get a fresh LibreOffice
                            office = None
                            break
        finally:
            self.idle.put((n, office))
        return results


def _finish(data: bytes, lang: str) -> bytes:
    """Declare the document language deterministically. Writer takes it from the
    document; Impress writes its own default (the user interface's), which is
    replaced: in place when the tags have the same length (da-DK for en-US), which
    moves no byte of the file, else by rewriting the file."""
    with pikepdf.open(io.BytesIO(data), inherit_page_attributes=False) as pdf:
        declared = str(pdf.Root.get("/Lang", ""))
        if declared == lang:
            return data
        patched = _patch_catalog_lang(data, pdf.Root.objgen[0], declared, lang)
    if patched is None:
        return _rewrite_lang(data, lang)
    with pikepdf.open(io.BytesIO(patched), inherit_page_attributes=False) as check:
        return patched if str(check.Root.get("/Lang", "")) == lang else _rewrite_lang(data, lang)


def _patch_catalog_lang(data: bytes, number: int, old: str, new: str) -> bytes | None:
    """`data` with the catalog's /Lang(old) made /Lang(new), or None when that can't
    be done in place (different lengths, or no one such entry in the catalog)."""
    if len(old) != len(new) or not old.isascii() or not new.isascii() or not number:
        return None
    start = data.find(b"\n%d 0 obj" % number)
    end = data.find(b"endobj", start)
    entry = b"/Lang(%s)" % old.encode()
    if start < 0 or end < 0 or data.count(entry, start, end) != 1:
        return None
    at = data.index(entry, start, end)
    return data[:at] + b"/Lang(%s)" % new.encode() + data[at + len(entry):]


def _rewrite_lang(data: bytes, lang: str) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
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
    """The fonts the pages draw with, subset prefixes removed; pages' own resources,
    those they inherit from the page tree, and those of the forms they draw."""
    names: set[str] = set()
    seen: set[tuple[int, int]] = set()

    def read(resources) -> None:
        if resources is None or (resources.is_indirect and resources.objgen in seen):
            return
        if resources.is_indirect:
            seen.add(resources.objgen)
        for _, font in resources.get("/Font", {}).items():
            names.add(str(font.get("/BaseFont", ""))[1:].split("+", 1)[-1])
        for _, xobject in resources.get("/XObject", {}).items():
            if xobject.get("/Subtype") == "/Form":
                read(xobject.get("/Resources"))

    # Pushing inherited attributes down to every page costs LibreOffice's
    # handouts 11 ms in pikepdf; following /Parent where needed costs nothing.
    with pikepdf.open(io.BytesIO(data), inherit_page_attributes=False) as pdf:
        for page in pdf.pages:
            node = page.obj
            while node is not None and "/Resources" not in node:
                node = node.get("/Parent")
            read(node.get("/Resources") if node is not None else None)
    return names


def unexpected_fonts(data: bytes) -> list[str]:
    return sorted(f for f in fonts_used(data) if not f.startswith(EXPECTED_FONTS))
