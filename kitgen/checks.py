"""`kitgen check`: content, catalogs, templates and themes, every problem at once."""

from __future__ import annotations

from kitgen.builders.registry import builders
from kitgen.content.library import load_library
from kitgen.errors import ContentError, Problem, UserError
from kitgen.i18n.catalogs import check_catalogs, stats
from kitgen.i18n.locale import available_locales
from kitgen.kit.theme import available_themes, load_theme


def check_templates() -> list[Problem]:
    """Every builder's templates, as each builder knows them."""
    return [problem for b in builders() for problem in b.check()]


def check_all(strict: bool = False) -> tuple[list[str], str]:
    """Return (warnings, summary) or raise UserError with every problem."""
    problems: list[Problem] = []
    warnings: list[str] = []
    try:
        lib = load_library()
    except ContentError as exc:
        problems.extend(exc.problems)
        lib = None
    langs = available_locales()
    problems.extend(check_catalogs(langs))
    problems.extend(check_templates())
    for name in available_themes():
        try:
            load_theme(name)
        except UserError as exc:
            problems.extend(exc.problems)
    if lib is not None:
        for row in stats(lib, langs):
            if row.translated < row.total:
                msg = (f"locales/{row.lang}/LC_MESSAGES/{row.domain}.po: {row.untranslated} "
                       f"untranslated and {row.fuzzy} fuzzy of {row.total} ({row.percent:.1f} %)")
                if strict:
                    problems.append(Problem(msg.split(": ")[0], "", msg.split(": ", 1)[1]))
                else:
                    warnings.append(msg + "; these texts fall back to Danish")
    if problems:
        raise UserError(problems, summary=f"check failed: {len(problems)} problem"
                                          f"{'s' if len(problems) != 1 else ''}")
    assert lib is not None
    summary = (f"ok: {len(lib.exercises)} exercises, {len(lib.concepts)} concepts, "
               f"{len(lib.modules)} modules, {len(lib.courses)} courses; "
               f"locales {', '.join(langs)}; themes {', '.join(available_themes())}")
    return warnings, summary
