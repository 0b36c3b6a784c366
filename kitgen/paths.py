"""Where kitgen's data lives and where it may write: the one module that knows.

Read-only data (content, catalogs, templates, fonts, the ICC profile, the JSON
schemas) ships inside the package as `kitgen/_data/` (the wheel maps the
repository's top-level `content/`, `locales/` and `templates/` there). In a
source checkout, where the package is imported from the repository itself
(`pip install -e .`), the same folders are found beside the package instead.

kitgen never writes into either place. What it derives at run time (compiled
catalogs, the parsed library, print logos, LibreOffice profiles) lives in the
user cache folder (platformdirs: `~/.cache/kitgen` or `$XDG_CACHE_HOME/kitgen` on Linux), under names
that carry a hash of what they were derived from; kits go to `./output` under
the current folder unless told otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from platformdirs import user_cache_path

from kitgen.errors import UserError


@dataclass(frozen=True)
class DataDirs:
    """The built-in data folders."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def themes(self) -> Path:
        return self.templates / "themes"

    @property
    def fonts(self) -> Path:
        return self.templates / "fonts"

    @property
    def icc_profile(self) -> Path:
        return self.templates / "icc" / "FOGRA39.icc"

    @property
    def poster_templates(self) -> Path:
        return self.templates / "poster"

    @property
    def jobsheet_template(self) -> Path:
        return self.templates / "jobsheet"

    @property
    def handout_template(self) -> Path:
        return self.templates / "handout.docx"

    @property
    def deck_template(self) -> Path:
        return self.templates / "deck.pptx"

    @property
    def schemas(self) -> Path:
        return self.content / "schema"

    def missing(self) -> list[str]:
        """What a complete install has and this one lacks (empty when complete)."""
        wanted = [self.content / "exercises", self.content / "concepts", self.locales,
                  self.handout_template, self.deck_template, self.poster_templates / "common.typ",
                  self.themes / "default.yaml", self.fonts / "Carlito-Regular.ttf", self.icc_profile]
        gone = [str(p.relative_to(self.root)) for p in wanted if not p.exists()]
        if not gone and not any((self.content / "exercises").glob("*.yaml")):
            gone.append("content/exercises/*.yaml")
        return gone


@lru_cache(maxsize=1)
def data_dirs() -> DataDirs:
    """The built-in data of this installation, checked once."""
    return find_data(Path(str(files("kitgen"))))


def find_data(package: Path) -> DataDirs:
    """The data of the kitgen package in `package`: its _data folder (a wheel), or
    the repository around it (a source checkout). A broken install is a clear error."""
    bundled = package / "_data"
    dirs = DataDirs(bundled if bundled.is_dir() else package.parent)
    gone = dirs.missing()
    if gone:
        raise UserError(f"this kitgen installation is incomplete: {', '.join(gone)} "
                        f"missing under {dirs.root}; reinstall kitgen (pip install --force-reinstall kitgen)")
    return dirs


def cache_dir(*parts: str) -> Path:
    """A folder in the user cache (created), e.g. cache_dir("mo")."""
    folder = user_cache_path("kitgen", appauthor=False).joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_output() -> Path:
    """Where kits go unless --output says otherwise: ./output."""
    return Path.cwd() / "output"


def shown(path: Path) -> str:
    """A path as messages show it: relative to the current folder when inside it,
    kitgen's own files as 'templates/deck.pptx', anything else in full."""
    path = Path(path)
    absolute = path.resolve() if not path.is_absolute() else path
    for base in (Path.cwd(), data_dirs().root):
        if absolute.is_relative_to(base):
            return absolute.relative_to(base).as_posix()
    return str(path)
