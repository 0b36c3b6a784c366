"""A workspace: an organisation's own folder for kitgen.

    kitgen.toml      settings (default theme, folders, the print shop's job sheet)
    orders/          the teams' orders (plain YAML the CLI and the web app read)
    themes/          the organisation's themes (colours, logo, font names)
    content/         its own exercises, concepts, modules (read on top of kitgen's;
                     an own item with a built-in id replaces it)
    locales/         translations of its own content (<ll>/LC_MESSAGES/content.po)
    output/          the kits

Every command finds the workspace from the current folder upwards (the nearest
kitgen.toml), or is told with --workspace. Without one, kitgen uses its own
content and themes and writes to ./output.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kitgen.content.library import Library, load_library
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _, current_language
from kitgen.kit.theme import Theme, Themes
from kitgen.paths import data_dirs, default_output

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

CONFIG = "kitgen.toml"


@dataclass(frozen=True)
class PrintSettings:
    """What the job sheet tells the print shop beyond the files."""

    orderer: str = ""
    contact: str = ""
    handout_paper: str = "A4, 100 g/m² uncoated"
    poster_paper: str = "A4, 170 g/m² silk (coated)"
    handout_finishing: str = "stapled top left"
    poster_finishing: str = "none (flat)"


@dataclass(frozen=True)
class Workspace:
    root: Path | None  # None: no workspace, kitgen's own content and ./output
    theme: str = "default"  # the theme of orders that name none
    output: Path = field(default_factory=default_output)
    orders: Path | None = None
    printing: PrintSettings = PrintSettings()

    @property
    def content(self) -> Path | None:
        return self.root / "content" if self.root and (self.root / "content").is_dir() else None

    @property
    def locales(self) -> Path | None:
        return self.root / "locales" if self.root and (self.root / "locales").is_dir() else None

    @property
    def themes_dir(self) -> Path | None:
        return self.root / "themes" if self.root and (self.root / "themes").is_dir() else None

    def library(self) -> Library:
        """kitgen's content with the workspace's own on top, and their catalogs."""
        locale_dirs = tuple(d for d in (self.locales, data_dirs().locales) if d is not None)
        return load_library(locale_dirs=locale_dirs, own=self._own_content())

    def _own_content(self) -> Path | None:
        own = self.content
        if own is None or not any(own.glob("*/*.yaml")):
            return None
        return own

    def themes(self) -> Themes:
        folders = tuple(d for d in (self.themes_dir, data_dirs().themes) if d is not None)
        return _themes(folders, current_language())

    def load_theme(self, name: str, where: str = "") -> Theme:
        return self.themes().load(name or self.theme, where)


def find(start: Path | None = None, explicit: Path | None = None) -> Workspace:
    """The workspace `explicit` names, else the nearest kitgen.toml from `start`
    (the current folder) upwards, else none."""
    if explicit is not None:
        root = Path(explicit).expanduser().resolve()
        if not (root / CONFIG).is_file():
            raise UserError(Problem(str(explicit), "--workspace", _(
                "has no {config}; make a workspace with `kitgen init {folder}`").format(config=CONFIG,
                                                                                      folder=explicit)))
        return read(root)
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return read(folder)
    return Workspace(root=None)


def read(root: Path) -> Workspace:
    """The workspace at `root`, its kitgen.toml checked with located messages."""
    path = root / CONFIG
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UserError(Problem(str(path), "", _("is not valid TOML ({error})").format(error=exc))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(Problem(str(path), "", _("cannot be read ({error})").format(error=exc))) from None
    problems = []
    known = {"workspace": {"theme", "output", "orders", "name"},
             "print": set(PrintSettings.__dataclass_fields__)}
    for section, values in data.items():
        if section not in known or not isinstance(values, dict):
            # NOTE: joins the sections of kitgen.toml: "[workspace] or [print]"
            sections = _(" or ").join(f"[{k}]" for k in known)
            problems.append(Problem(str(path), section, _("is not a section of {config}; use {sections}").format(
                config=CONFIG, sections=sections)))
            continue
        for key, value in values.items():
            if key not in known[section]:
                problems.append(Problem(str(path), f"{section}.{key}", _("is not a setting kitgen knows")))
            elif not isinstance(value, str):
                problems.append(Problem(str(path), f"{section}.{key}", _("must be text in quotes")))
    if problems:
        raise UserError(problems)
    settings = data.get("workspace", {})
    return Workspace(root=root, theme=settings.get("theme", "default"),
                     output=root / settings.get("output", "output"),
                     orders=root / settings.get("orders", "orders"),
                     printing=PrintSettings(**data.get("print", {})))


@lru_cache(maxsize=32)
def _themes(folders: tuple[Path, ...], language: str) -> Themes:
    """One Themes per set of folders, so a theme is read once while its file is
    unchanged (Themes checks that); per message language, because a theme's
    warnings (a small logo) are worded when it is read."""
    return Themes(folders)
