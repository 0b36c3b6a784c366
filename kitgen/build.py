"""The one path from an order to files: validate -> plan -> build -> write.

Everything is built in memory first; only when every language of the order has
built without error is anything written (each file atomically, manifest last).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kitgen.builders.registry import FileRole, build_files, builders
from kitgen.content.library import Library
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _
from kitgen.inputs.order import Order
from kitgen.kit.model import Kit
from kitgen.kit.plan import plan
from kitgen.kit.theme import Theme
from kitgen.output import BuiltKit, kit_dir, write_kit
from kitgen.paths import shown
from kitgen.workspace import Workspace


@dataclass(frozen=True)
class Built:
    """One language of an order: the kit as planned and as written."""

    kit: Kit
    written: BuiltKit

    @property
    def folder(self) -> Path:
        return self.written.folder

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.written.warnings

    @property
    def files(self) -> dict[str, int]:
        return {name: f.size for name, f in self.written.files.items()}


def build_kits(order: Order, lib: Library, theme: Theme, strict: bool = False,
               langs: tuple[str, ...] | None = None
               ) -> list[tuple[Kit, dict[str, bytes], dict[str, FileRole]]]:
    """Every language's kit and files, in memory (nothing is written)."""
    out = []
    for lang in langs or order.locales:
        kit = plan(order, lib, lang, strict=strict)
        if strict and (kit.warnings or theme.warnings):
            # --strict: every warning is an error (a cleaned name, a missing
            # language, a program over its budget, a low-resolution logo …).
            raise UserError([Problem(order.source, f"[{lang}]", w) for w in kit.warnings + theme.warnings],
                            summary=_("warnings are errors with --strict"))
        files: dict[str, bytes] = {}
        roles: dict[str, FileRole] = {}
        for b in builders():
            try:
                files.update(build_files(b, kit, theme))
            except UserError as exc:
                raise _located(exc, order, lang) from None
            roles.update({role.name: role for role in b.files(kit)})
        out.append((kit, files, roles))
    return out


def _located(exc: UserError, order: Order, lang: str) -> UserError:
    """A builder's problem with text from the order (a poster title too long, a
    character no font has) at the order's field: file:line, or a sheet's row and
    column; the file it concerns and the language go into the message."""
    problems = []
    for p in exc.problems:
        field = p.field.split("[", 1)[0].split(".", 1)[0]
        if field in order.locations:
            problems.append(Problem(order.where(field), field, f"[{lang}] {p.where}: {p.message}"))
        else:
            problems.append(Problem(order.source, p.field, f"[{lang}] {p.where}: {p.message}"))
    return UserError(problems, summary=exc.summary)


def build_order(order: Order, lib: Library, output_root: Path, strict: bool = False,
                langs: tuple[str, ...] | None = None, inputs: str = "",
                with_manifest: bool = True, workspace: Workspace | None = None) -> list[Built]:
    """Build every language of the order in memory, then write them all; the
    theme is the order's, found in the workspace's themes and kitgen's."""
    theme = (workspace or Workspace(None)).load_theme(order.theme, order.where("theme"))
    staged = build_kits(order, lib, theme, strict=strict, langs=langs)
    for kit, _files, _roles in staged:
        _refuse_another_teams_folder(kit, order, output_root)
    results = []
    for kit, files, roles in staged:
        written = write_kit(kit, files, roles, output_root, order.source,
                            kit.warnings + theme.warnings, inputs, theme.bleed_mm, with_manifest)
        results.append(Built(kit, written))
    return results


def _refuse_another_teams_folder(kit: Kit, order: Order, output_root: Path) -> None:
    """Two different teams never share a folder: names that make the same folder
    name (they differ only in case or punctuation) are refused, not overwritten.
    The same order file may rename its team."""
    folder = kit_dir(output_root, kit.slug, kit.lang)
    old = BuiltKit.read(folder)
    if old is None or old.order == order.source or (old.workplace, old.team) == (kit.workplace, kit.team):
        return
    new = " · ".join(x for x in (kit.workplace, kit.team) if x)
    # NOTE: {source} is an order's file or sheet row, else "another order"
    raise UserError(Problem(order.where("team" if order.team else "workplace"), "team", _(
        "{folder} already holds the kit of {old} (from {source}); {new} gets the same folder name. Give the team "
        "a more distinct name, or build it into another folder with --output").format(
            folder=shown(folder), old=repr(old.title), source=old.order or _("another order"), new=repr(new))))
