"""Builders: each turns a Kit plus a Theme into the bytes of its files.

A builder is an object behind one small protocol, like a Sphinx builder: a
`name`, the `files` it makes for a kit (each with its `FileRole`, which is what
batch, proof sheets, the print pack and `kitgen check` ask instead of knowing
file names), `build(kit, theme)` and `check()` for its templates. It owns what
it derives from its templates (parsed once, again when a template changes).

Adding an output format is one module with a Builder subclass, listed in
BUILDERS below, and its tests.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from typing import ClassVar

from kitgen.errors import KitgenError, Problem
from kitgen.kit.model import Kit
from kitgen.kit.theme import Theme


@dataclass(frozen=True)
class PrintSpec:
    """How the print shop prints a file (or its PDF version)."""

    copies: str  # "participants": one per participant (first language), else "one"
    duplex: bool
    colour: str  # as the job sheet says it: "4/0 CMYK (FOGRA39)", "4/4 CMYK (FOGRA39)"


@dataclass(frozen=True)
class FileRole:
    """What one output file is for."""

    name: str  # "handout.docx", "poster-core_task.pdf"
    kind: str  # "handout" | "deck" | "poster" | "preview"
    pdf_version: bool = False  # --pdf: LibreOffice makes <stem>.pdf of it
    printed: PrintSpec | None = None  # goes to the print shop: a PDF itself, else its PDF version
    proof: bool = False  # shown on the proof sheet (itself if a PDF, else its PDF version)

    @property
    def pdf_name(self) -> str:
        """The PDF the print shop and the proof sheet get: the file or its PDF version."""
        return self.name if self.name.endswith(".pdf") else self.name.rsplit(".", 1)[0] + ".pdf"


class Builder(ABC):
    """One output format. Instances live once per process (see `builder`)."""

    name: ClassVar[str]

    @abstractmethod
    def files(self, kit: Kit) -> list[FileRole]:
        """The files `build` makes for this kit, in the order they are listed."""

    @abstractmethod
    def build(self, kit: Kit, theme: Theme) -> dict[str, bytes]:
        """Every file of `files(kit)`, by name. Reads only the kit, the theme and
        the builder's own templates."""

    def check(self) -> list[Problem]:
        """Problems with the builder's templates, for `kitgen check`."""
        return []


# name -> "module:class"; imported when first used (typst, pikepdf and lxml take
# a while to import, and `kitgen list` needs none of them).
BUILDERS = {
    "handout": "kitgen.builders.office.handout:HandoutBuilder",
    "deck": "kitgen.builders.office.deck:DeckBuilder",
    "poster": "kitgen.builders.printing.poster:PosterBuilder",
}


@lru_cache(maxsize=None)
def builder(name: str) -> Builder:
    """The one instance of a registered builder."""
    module, _, cls = BUILDERS[name].partition(":")
    return getattr(import_module(module), cls)()


def builders() -> list[Builder]:
    return [builder(name) for name in BUILDERS]


def roles(kit: Kit) -> dict[str, FileRole]:
    """Every file a kit gets, by name."""
    return {role.name: role for b in builders() for role in b.files(kit)}


def build_files(b: Builder, kit: Kit, theme: Theme) -> dict[str, bytes]:
    """The files one builder makes for a kit; exactly the ones it announced."""
    files = b.build(kit, theme)
    announced = [role.name for role in b.files(kit)]
    if sorted(files) != sorted(announced):
        raise KitgenError(f"the {b.name} builder made {sorted(files)} but announced {announced}")
    return {name: files[name] for name in announced}
