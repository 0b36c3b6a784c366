"""`kitgen check`: content, catalogs, templates and themes, every problem at once.

In a workspace the organisation's own content, translations and themes are
checked exactly as kitgen's own are; an own item that replaces a built-in one
is noted, not counted as a problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kitgen.builders.registry import builders
from kitgen.content.library import Library
from kitgen.errors import ContentError, Problem, UserError
from kitgen.i18n.catalogs import check_catalogs, own_keys, stats
from kitgen.i18n.locale import available_locales
from kitgen.paths import shown
from kitgen.workspace import Workspace


@dataclass
class CheckResult:
    summary: str
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check_templates() -> list[Problem]:
    """Every builder's templates, as each builder knows them."""
    return [problem for b in builders() for problem in b.check()]


def _translation_warnings(lib: Library, workspace: Workspace, langs: list[str], strict: bool,
                          problems: list[Problem]) -> list[str]:
    """Incomplete catalogs: kitgen's for its own items, the workspace's for its own."""
    own = own_keys(lib, workspace.content) if workspace.content else set()
    own_dir = workspace.locales or (workspace.root / "locales" if workspace.root else None)
    groups = [("locales", stats(lib, langs, keys=(set(lib.files) - own) if own else None))]
    if own and own_dir is not None:
        groups.append((shown(own_dir), stats(lib, langs, own_dir, keys=own, labels=False)))
    warnings = []
    for folder, rows in groups:
        for row in rows:
            if row.translated >= row.total:
                continue
            where = f"{folder}/{row.lang}/LC_MESSAGES/{row.domain}.po"
            msg = f"{row.untranslated} untranslated and {row.fuzzy} fuzzy of {row.total} ({row.percent:.1f} %)"
            if strict:
                problems.append(Problem(where, "", msg))
            else:
                warnings.append(f"{where}: {msg}; these texts fall back to Danish")
    return warnings


def check_all(strict: bool = False, workspace: Workspace | None = None) -> CheckResult:
    """Every problem of the content, catalogs, templates and themes at once (a
    UserError), else what is fine, with warnings and notes."""
    workspace = workspace or Workspace(None)
    problems: list[Problem] = []
    try:
        lib: Library | None = workspace.library()
    except ContentError as exc:
        problems.extend(exc.problems)
        lib = None
    langs = available_locales()
    problems.extend(check_catalogs(langs))
    if workspace.locales:
        problems.extend(check_catalogs(langs, workspace.locales))
    problems.extend(check_templates())
    themes = workspace.themes()
    for name in themes.names():
        try:
            themes.load(name)
        except UserError as exc:
            problems.extend(exc.problems)
    warnings = _translation_warnings(lib, workspace, langs, strict, problems) if lib else []
    if problems:
        raise UserError(problems, summary=f"check failed: {len(problems)} problem"
                                          f"{'s' if len(problems) != 1 else ''}")
    assert lib is not None
    notes = [f"{shown(lib.files[key])} replaces kitgen's own {key}" for key in lib.overridden]
    own = f"; workspace {workspace.root}" if workspace.root else ""
    summary = (f"ok: {len(lib.exercises)} exercises, {len(lib.concepts)} concepts, "
               f"{len(lib.modules)} modules, {len(lib.courses)} courses; "
               f"locales {', '.join(langs)}; themes {', '.join(themes.names())}{own}")
    return CheckResult(summary, warnings, notes)
