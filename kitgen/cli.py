"""kitgen's command line. User mistakes print every problem and exit 1, no traceback."""

from __future__ import annotations

import functools
import json
from enum import Enum
from pathlib import Path
from typing import Callable, List, Optional

import typer
from rich.console import Console
from rich.table import Table

from kitgen import __version__
from kitgen.errors import UserError

app = typer.Typer(help="Build workshop kits on social capital for Danish workplaces.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
i18n_app = typer.Typer(help="Translation catalogs: extract, update, compile, stats.",
                       no_args_is_help=True)
app.add_typer(i18n_app, name="i18n")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _report(exc: UserError) -> None:
    for problem in exc.problems:
        err.print("error: " + str(problem), markup=False, style="red")
    err.print(f"kitgen: {exc.summary}", markup=False, style="bold red")


def user_errors(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except UserError as exc:
            _report(exc)
            raise typer.Exit(1)
        except KeyboardInterrupt:
            err.print("kitgen: interrupted; nothing half-written was left behind", style="red")
            raise typer.Exit(130)
    return wrapper


def _warn(lines) -> None:
    for line in lines:
        err.print("warning: " + line, markup=False, style="yellow")


def _version(value: bool) -> None:
    if value:
        out.print(f"kitgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """kitgen: order -> plan -> builders -> files."""


@app.command()
@user_errors
def build(orders: List[Path] = typer.Argument(..., help="Order files (YAML)."),
          locale: Optional[List[str]] = typer.Option(None, "--locale", "-l",
                                                     help="Build these languages instead of the order's."),
          output: Path = typer.Option(None, "--output", "-o", help="Output folder (default: output/)."),
          strict: bool = typer.Option(False, "--strict", help="Treat missing translations as errors.")) -> None:
    """Build the kit for each ORDER into output/<workplace>/<locale>/."""
    from kitgen.build import build_order
    from kitgen.i18n.locale import resolve_locale
    from kitgen.content.library import load_library
    from kitgen.inputs.order import load_order
    from kitgen.paths import default_output

    lib = load_library()
    langs = tuple(dict.fromkeys(resolve_locale(x) for x in locale)) if locale else None
    problems = []
    loaded = []
    for path in orders:  # validate every order before building any
        try:
            loaded.append(load_order(path, lib))
        except UserError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    for order in loaded:
        for built in build_order(order, lib, output or default_output(), strict=strict, langs=langs):
            rel = built.folder.relative_to(Path.cwd()) if built.folder.is_relative_to(Path.cwd()) else built.folder
            names = ", ".join(built.files)
            out.print(f"built {rel}/ ({names}, manifest.json)", markup=False)
            _warn(f"{order.source} [{built.kit.lang}]: {w}" for w in built.warnings)


class Kind(str, Enum):
    exercises = "exercises"
    concepts = "concepts"
    modules = "modules"
    courses = "courses"


@app.command("list")
@user_errors
def list_(kind: Kind = typer.Argument(..., help="What to list."),
          locale: str = typer.Option("da", "--locale", "-l", help="Language of the titles."),
          tag: Optional[str] = typer.Option(None, "--tag", "-t", help="Only items with this tag."),
          as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """List the exercises, concepts, modules or courses in the content library."""
    from kitgen.i18n.locale import resolve_locale
    from kitgen.content.library import load_library, with_tag

    lib = load_library()
    tr = lib.translator(resolve_locale(locale, lib.locales))
    table_ = {Kind.exercises: lib.exercises, Kind.concepts: lib.concepts, Kind.modules: lib.modules,
              Kind.courses: lib.courses}[kind]
    items = with_tag(table_.values(), tag)
    rows = [{"id": i.id, "title": tr.content(f"{i.key}:title", i.title),
             "minutes": getattr(i, "minutes", None), "tags": [t.value for t in i.tags]}
            for i in items]
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=f"{len(rows)} {kind.value}", title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("title")
    if kind is Kind.exercises:
        table.add_column("min", justify="right")
    table.add_column("tags", style="dim")
    for r in rows:
        cells = [r["id"], r["title"]] + ([str(r["minutes"])] if kind is Kind.exercises else [])
        table.add_row(*cells, ", ".join(r["tags"]))
    out.print(table)
    _warn(tr.check())


class ShowKind(str, Enum):
    exercise = "exercise"
    concept = "concept"
    module = "module"
    course = "course"


@app.command()
@user_errors
def show(kind: ShowKind = typer.Argument(..., help="exercise, concept, module or course."),
         item_id: str = typer.Argument(..., metavar="ID", help="The item's id."),
         locale: str = typer.Option("da", "--locale", "-l", help="Language to show.")) -> None:
    """Show one item of the content library, translated."""
    from kitgen.content.schema import iter_texts, text_key
    from kitgen.i18n.locale import resolve_locale
    from kitgen.content.library import load_library
    from kitgen.inputs.yamlsource import format_path

    lib = load_library()
    item = lib.get(kind.value, item_id)
    tr = lib.translator(resolve_locale(locale, lib.locales))
    out.print(f"{kind.value} {item.id}  ({lib.files[item.key]})", style="bold", markup=False)
    facts = {k: v for k, v in item.model_dump(mode="json", exclude_none=True).items()
             if k in ("kind", "minutes", "prep_minutes", "group_size", "tags", "sectors",
                      "concepts", "course", "number", "start")}
    for k, v in facts.items():
        out.print(f"  {k}: {v}", markup=False)
    for path, text in iter_texts(item):
        out.print(f"[cyan]{format_path(path)}[/cyan]: ", end="")
        out.print(tr.content(text_key(item, path), text), markup=False)
    _warn(tr.check())


@app.command()
@user_errors
def check(strict: bool = typer.Option(False, "--strict",
                                      help="Incomplete translations are errors, not warnings.")) -> None:
    """Validate all content, catalogs, templates and themes; report every problem."""
    from kitgen.checks import check_all

    warnings, summary = check_all(strict=strict)
    _warn(warnings)
    out.print(summary, markup=False)


@app.command()
@user_errors
def batch(sheet: Path = typer.Argument(..., help="Team sheet (.xlsx or .csv), one team per row."),
          output: Path = typer.Option(None, "--output", "-o", help="Output folder (default: output/)."),
          jobs: int = typer.Option(0, "--jobs", "-j", help="Kits built at once, in threads (default: number of cores); with --pdf also the number of LibreOffices (at most 4)."),
          force: bool = typer.Option(False, "--force", help="Rebuild teams even when nothing changed."),
          strict: bool = typer.Option(False, "--strict", help="Missing translations are errors."),
          pdf: bool = typer.Option(False, "--pdf", help="Also PDF versions of handout and deck "
                                   "(LibreOffice) and a proof sheet per team."),
          print_pack: bool = typer.Option(False, "--print-pack", help="Collect the print PDFs and a "
                                          "job sheet for the print shop (implies --pdf).")) -> None:
    """Build a kit for every team in a sheet; bad rows are reported, good rows are built."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kitgen.batch import run_batch
    from kitgen.paths import default_output

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=False,
                  disable=not err.is_terminal) as bar:
        task = bar.add_task(f"building {sheet.name}", total=None)
        report = run_batch(sheet, output or default_output(), jobs=jobs or None, force=force, strict=strict,
                           pdf=pdf or print_pack, progress=lambda r: bar.advance(task),
                           on_total=lambda n: bar.update(task, total=n))
    for column in report.ignored_columns:
        _warn([f'{report.sheet}: column "{column}" is not a field kitgen knows; it was ignored'])
    table = Table(title=f"{report.sheet}: {len(report.results)} teams", title_justify="left")
    for col in ("row", "team", "result", "warnings"):
        table.add_column(col, justify="right" if col in ("row", "warnings") else "left")
    for r in report.results:
        style = {"built": "green", "skipped": "dim", "failed": "red"}[r.status]
        table.add_row(str(r.row), r.team, f"[{style}]{r.status}[/{style}]", str(len(r.warnings)))
    out.print(table)
    out.print(f"built {report.count('built')}, skipped (unchanged) {report.count('skipped')}, "
              f"failed {report.count('failed')}, warnings {sum(len(r.warnings) for r in report.results)}",
              markup=False)
    for r in report.results:
        for problem in r.problems:
            err.print("error: " + problem, markup=False, style="red")
        for warning in r.warnings:
            err.print(f"warning: row {r.row}: {warning}", markup=False, style="yellow")
    if print_pack:
        from kitgen.pdf.printpack import make_print_pack

        folder, archive = make_print_pack(report, output or default_output(), sheet.stem)
        out.print(f"print pack: {folder} and {archive}", markup=False)
    if not report.ok:
        err.print(f"kitgen: {report.count('failed')} row(s) failed; the other teams were built",
                  markup=False, style="bold red")
        raise typer.Exit(1)


@app.command("check-pdf")
@user_errors
def check_pdf(files: List[Path] = typer.Argument(..., help="PDF files to preflight."),
              bleed: float = typer.Option(3.0, help="Expected bleed in mm."),
              safe: float = typer.Option(10.0, help="Safe zone inside the trim in mm.")) -> None:
    """Preflight print PDFs: boxes, fonts, colour spaces, output intent, PDF/X, images, safe zone."""
    from kitgen.pdf.preflight import preflight

    failed = 0
    for path in files:
        if not path.is_file():
            raise UserError(f"{path}: file not found")
        try:
            report = preflight(path, bleed_mm=bleed, safe_mm=safe)
        except Exception as exc:  # pikepdf raises PdfError for files that are not PDF
            raise UserError(f"{path}: cannot be read as a PDF ({exc})") from None
        for line in report.lines():
            style = "red" if line.startswith(("problem", "preflight failed")) else \
                "yellow" if line.startswith("warning") else None
            out.print(line, markup=False, style=style)
        failed += not report.ok
    if failed:
        raise typer.Exit(1)


@app.command()
@user_errors
def schema(output: Path = typer.Option(Path("content/schema"), "--output", "-o",
                                       help="Folder for the JSON Schema files.")) -> None:
    """Write a JSON Schema per content kind, for editors that validate YAML while typing."""
    from kitgen.content.schema import KINDS
    from kitgen.output import write_atomic

    for kind, model in KINDS.items():
        data = model.model_json_schema()
        data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        data["title"] = f"kitgen {kind[:-1]}"
        path = output / f"{kind[:-1]}.schema.json"
        write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode())
        out.print(f"wrote {path}", markup=False)


def _langs(locale: Optional[List[str]]) -> list[str]:
    from kitgen.i18n.locale import available_locales, resolve_locale

    return [resolve_locale(x) for x in locale] if locale else available_locales()


@i18n_app.command("extract")
@user_errors
def i18n_extract() -> None:
    """Write locales/kitgen.pot and locales/content.pot from the labels and the content."""
    from kitgen.i18n.catalogs import extract
    from kitgen.content.library import load_library

    cats = extract(load_library())
    for domain, cat in cats.items():
        out.print(f"locales/{domain}.pot: {len(cat)} messages", markup=False)


@i18n_app.command("update")
@user_errors
def i18n_update(locale: Optional[List[str]] = typer.Option(None, "--locale", "-l",
                                                           help="Languages (default: all)."),
                new: Optional[str] = typer.Option(None, "--new", help="Start catalogs for a new language.")) -> None:
    """Merge the templates into each language's .po; changed Danish texts become fuzzy."""
    from kitgen.i18n.catalogs import update
    from kitgen.content.library import load_library

    langs = _langs(locale) + ([new] if new else [])
    update(load_library(), langs)
    out.print(f"updated catalogs for {', '.join(l for l in langs if l != 'da')}", markup=False)


@i18n_app.command("compile")
@user_errors
def i18n_compile(locale: Optional[List[str]] = typer.Option(None, "--locale", "-l")) -> None:
    """Compile .po to .mo (kitgen also does this on demand; fuzzy entries are left out)."""
    from kitgen.i18n.catalogs import compile_all

    for path in compile_all(_langs(locale)):
        out.print(f"compiled {path}", markup=False)


@i18n_app.command("stats")
@user_errors
def i18n_stats(locale: Optional[List[str]] = typer.Option(None, "--locale", "-l"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """How complete each language is, per domain (fuzzy entries count as untranslated)."""
    from kitgen.i18n.catalogs import stats
    from kitgen.content.library import load_library

    rows = stats(load_library(), _langs(locale))
    if as_json:
        out.print_json(json.dumps([r.__dict__ | {"percent": round(r.percent, 1)} for r in rows]))
        return
    table = Table(title="translation status", title_justify="left")
    for col in ("locale", "domain", "total", "translated", "fuzzy", "untranslated", "stale", "%"):
        table.add_column(col, justify="right" if col not in ("locale", "domain") else "left")
    for r in rows:
        table.add_row(r.lang, r.domain, str(r.total), str(r.translated), str(r.fuzzy),
                      str(r.untranslated), str(r.stale), f"{r.percent:.1f}")
    out.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
