"""`kitgen check`: content, catalogs, templates and themes, every problem at once."""

from __future__ import annotations

from kitgen.i18n.catalogs import check_catalogs, stats
from kitgen.errors import ContentError, Problem, UserError
from kitgen.i18n.locale import available_locales
from kitgen.content.library import load_library
from kitgen.kit.theme import available_themes, load_theme
from kitgen.paths import data_dirs
from pathlib import Path

HANDOUT_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
                  "List Bullet", "Table Grid", "Normal Table", "Header", "Footer",
                  "Kit Core Task", "Kit Box Label", "Kit Step", "Kit Step Text",
                  "Kit Table Text", "Kit Table Head", "Kit Cover Meta", "Kit Small", "Kit Source")


def check_templates() -> list[Problem]:
    from docx import Document

    TEMPLATE = data_dirs().handout_template
    problems = []
    try:
        doc = Document(str(TEMPLATE))
    except Exception as exc:  # a broken template is the user's (designer's) problem
        return [Problem(str(TEMPLATE), "", f"cannot be opened as a Word document ({exc})")]
    names = {s.name for s in doc.styles}
    for name in HANDOUT_STYLES:
        if name not in names:
            problems.append(Problem("templates/handout.docx", "styles",
                                    f"the style {name!r} is missing; the handout builder needs it"))
    section = doc.sections[0]
    if abs(section.page_width.cm - 21.0) > 0.05 or abs(section.page_height.cm - 29.7) > 0.05:
        problems.append(Problem("templates/handout.docx", "page size",
                                f"is {section.page_width.cm:.1f} × {section.page_height.cm:.1f} cm, not A4"))
    return problems + check_deck_template() + check_print_templates()


# The deck builder's layouts and the placeholder idx it fills in each.
DECK_LAYOUTS = {"Title": {0, 1}, "Agenda": {0, 1}, "Section": {0, 1}, "Content": {0, 1, 2},
                "Steps": {0, 1}, "Questions": {0, 1, 2}, "Closing": {0, 1}}


def check_deck_template(path: Path | None = None) -> list[Problem]:
    from pptx import Presentation

    TEMPLATE = path or data_dirs().deck_template
    where = "templates/deck.pptx"
    try:
        prs = Presentation(str(TEMPLATE))
    except Exception as exc:  # a damaged template is the designer's to fix
        return [Problem(where, "", f"cannot be opened as a PowerPoint file ({exc})")]
    problems = []
    if (prs.slide_width, prs.slide_height) != (12192000, 6858000):
        problems.append(Problem(where, "slide size", "is not 16:9 (33.867 × 19.05 cm)"))
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for name, wanted in DECK_LAYOUTS.items():
        if name not in layouts:
            problems.append(Problem(where, "layouts", f"the layout {name!r} is missing"))
            continue
        have = {ph.placeholder_format.idx for ph in layouts[name].placeholders}
        for idx in sorted(wanted - have):
            problems.append(Problem(where, f"layout {name}",
                                    f"placeholder idx {idx} is missing; the deck builder fills it"))
    return problems


def check_print_templates() -> list[Problem]:
    from kitgen.builders.office.fit import font_file

    TEMPLATES, ICC = data_dirs().poster_templates, data_dirs().icc_profile
    problems = []
    for kind in ("core_task", "exercise", "program", "common"):
        if not (TEMPLATES / f"{kind}.typ").is_file():
            problems.append(Problem(f"templates/poster/{kind}.typ", "", "is missing"))
    if not ICC.is_file() or ICC.read_bytes()[36:40] != b"acsp":
        problems.append(Problem("templates/icc/FOGRA39.icc", "", "is missing or not an ICC profile"))
    for path in (font_file(False), font_file(True)):
        if not path.is_file():
            problems.append(Problem(str(path.relative_to(data_dirs().root)), "", "font is missing"))
    return problems


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
