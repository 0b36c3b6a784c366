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
from kitgen.i18n.messages import _, current_language
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


def _percent(value: float) -> str:
    """76.5 in English, 76,5 in Danish (rounded as "%.1f" rounds)."""
    # lazy: Babel's number data loads only when a check reports a share
    from decimal import Decimal

    from babel.numbers import format_decimal

    return format_decimal(Decimal(f"{value:.1f}"), format="0.0", locale=current_language())


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
            msg = _("{untranslated} untranslated and {fuzzy} fuzzy of {total} ({percent} %)").format(
                untranslated=row.untranslated, fuzzy=row.fuzzy, total=row.total, percent=_percent(row.percent))
            if strict:
                problems.append(Problem(where, "", msg))
            else:
                warnings.append(_("{file}: {problem}; these texts fall back to Danish").format(file=where,
                                                                                             problem=msg))
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
        raise UserError(problems, summary=_("check failed: 1 problem") if len(problems) == 1 else
                        _("check failed: {n} problems").format(n=len(problems)))
    assert lib is not None
    notes = [_("{file} replaces kitgen's own {key}").format(file=shown(lib.files[key]), key=key)
             for key in lib.overridden]
    counts = dict(exercises=len(lib.exercises), concepts=len(lib.concepts), modules=len(lib.modules),
                  courses=len(lib.courses), locales=", ".join(langs), themes=", ".join(themes.names()))
    if workspace.root:
        summary = _("ok: {exercises} exercises, {concepts} concepts, {modules} modules, {courses} courses; "
                    "locales {locales}; themes {themes}; workspace {workspace}").format(**counts,
                                                                                     workspace=workspace.root)
    else:
        summary = _("ok: {exercises} exercises, {concepts} concepts, {modules} modules, {courses} courses; "
                    "locales {locales}; themes {themes}").format(**counts)
    return CheckResult(summary, warnings, notes)
