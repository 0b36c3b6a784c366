"""A template file and what a builder derives from it, owned together.

A builder parses its template once and keeps everything derived from it (split
XML, styles themed per theme and language, compressed parts) on the parsed
object. When the file changes (another mtime or size), the next build parses it
again and the derived caches go with the old object: a new template can never
meet an old derivation."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Generic, TypeVar

from kitgen.builders.registry import Builder, FileRole
from kitgen.errors import Problem, TemplateError
from kitgen.kit.model import Kit

T = TypeVar("T")


class TemplateFile(Generic[T]):
    def __init__(self, path: Callable[[], Path], parse: Callable[[Path], T]):
        self._path, self._parse = path, parse
        self._lock = threading.Lock()  # batch threads build at once
        self._stamp: tuple | None = None
        self._parsed: T | None = None

    @property
    def path(self) -> Path:
        return self._path()

    def get(self) -> T:
        path = self._path()
        stat = path.stat()
        stamp = (str(path), stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp != self._stamp or self._parsed is None:
                self._parsed = self._parse(path)
                self._stamp = stamp
            return self._parsed


class TemplatedBuilder(Builder):
    """A builder of fixed files from one template file (the handout's .docx, the
    deck's .pptx): `kitgen check` parses the template and reports its problems."""

    FILES: tuple[FileRole, ...] = ()
    template: TemplateFile

    def files(self, kit: Kit) -> list[FileRole]:
        return list(self.FILES)

    def check(self) -> list[Problem]:
        try:
            self.template.get()
        except TemplateError as exc:
            return exc.problems
        return []
