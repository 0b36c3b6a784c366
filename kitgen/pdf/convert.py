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
import os
import queue
import re
import shutil
import tempfile
import threading
import zipfile
from functools import cached_property
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import N_, _
from kitgen.output import disk_error
from kitgen.paths import cache_dir, data_dirs
from kitgen.pdf.libreoffice import (
    BRIDGE,
    ConversionTimeout,
    Office,
    _allocator,
    find_soffice,
    find_uno_python,
    install_hint,
    run_folder,
)
from kitgen.pdf.normalise import finish

# NOTE: what failed when the temp folder cannot hold LibreOffice's files: "<this>: the disk is full; …"
WORKING_FILES = N_("cannot write LibreOffice's working files")


class Converter:
    """Warm LibreOffice converters shared by a whole batch; `convert` may be called
    from several threads at once, each call using one idle LibreOffice."""

    def __init__(self, per_file: float = 90.0, startup: float = 120.0, instances: int = 1,
                 soffice: str | None = None, python: str | None = None, bridge: Path = BRIDGE):
        """`soffice`, `python` (one that has `uno`) and `bridge`: found or kitgen's own
        unless given (the tests give stand-ins)."""
        soffice = soffice or find_soffice()
        if soffice is None:
            raise UserError(Problem("--pdf", "", _("PDF versions need LibreOffice, which is not installed here; "
                                                   "install it with: {command}").format(command=install_hint())))
        python = python or find_uno_python()
        if python is None:
            raise UserError(Problem("--pdf", "", _("PDF versions need LibreOffice's Python bridge (the uno "
                                                   "module), which is not installed here; install it with: "
                                                   "{command}").format(command=install_hint())))
        self.soffice, self.python = soffice, python
        self.per_file, self.startup = per_file, startup
        self.bridge = bridge
        try:
            self.home = run_folder()
        except OSError as exc:
            raise disk_error(exc, tempfile.gettempdir(), what=WORKING_FILES) from None
        fonts_conf = self.home / "fonts.conf"
        try:
            fonts_conf.write_text(
                '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                f"<dir>{xml_escape(str(data_dirs().fonts))}</dir>"
                '<alias binding="same"><family>Calibri</family><accept><family>Carlito</family></accept></alias>'
                "</fontconfig>", encoding="utf-8")
            (self.home / "tmp").mkdir()
        except OSError as exc:
            shutil.rmtree(self.home, ignore_errors=True)
            raise disk_error(exc, self.home, what=WORKING_FILES) from None
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
        for _n in range(self.instances):
            _number, office = self.idle.get()
            if office is not None:
                office.kill()
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _start(self, n: int) -> Office:
        with self.starting:
            self.starts += 1
            profile = self.home / f"profile{n}"
            shutil.rmtree(profile, ignore_errors=True)  # a killed LibreOffice's, locks and all
            if self.seeded_profile is not None:
                shutil.copytree(self.seeded_profile, profile, symlinks=True)
            return Office(self.python, self.soffice, profile, self.env, self.startup, self.bridge, self.home)

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
                    Office(self.python, self.soffice, fresh, self.env, self.startup, self.bridge, self.home).close()
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
                    while sent < len(todo) and office.send(todo[sent][2], todo[sent][3], todo[sent][1]):
                        sent += 1
                    for _n in range(max(sent, 1)):
                        src, lang, _document, pdf = todo.pop(0)
                        try:
                            error = office.receive(self.per_file) if sent else _("LibreOffice stopped unexpectedly")
                        except ConversionTimeout:
                            results[src] = _("LibreOffice did not finish converting {file} within {seconds} s").format(
                                file=src.name, seconds=f"{self.per_file:.0f}")
                            office.kill()  # the files after this one get a fresh LibreOffice
                            office = None
                            break
                        if error is None and not pdf.exists():
                            error = _("LibreOffice wrote no PDF")
                        if error is None:
                            results[src] = finish(pdf.read_bytes(), lang)
                            continue
                        results[src] = _("LibreOffice could not convert {file}: {error}").format(file=src.name,
                                                                                                 error=error)
                        if not office.alive:
                            office.kill()  # the files after this one get a fresh LibreOffice
                            office = None
                            break
        except OSError as exc:
            # The temp folder is full or gone (a small /tmp, a cleaner): the
            # user's words and the folder, not Python's "[Errno 28] …".
            raise disk_error(exc, self.home, what=WORKING_FILES) from None
        finally:
            self.idle.put((n, office))
        return results


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
