"""`kitgen build` and `kitgen batch`: kits from orders and from team sheets."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table
from rich.text import Text

from kitgen.cli.app import app, err, out, user_errors, warn
from kitgen.errors import UserError


@app.command()
@user_errors
def build(orders: List[Path] = typer.Argument(..., help="Order files (YAML)."),
          locale: Optional[List[str]] = typer.Option(None, "--locale", "-l",
                                                     help="Build these languages instead of the order's."),
          output: Path = typer.Option(None, "--output", "-o", help="Output folder (default: output/)."),
          strict: bool = typer.Option(False, "--strict", help="Treat missing translations as errors.")) -> None:
    """Build the kit for each ORDER into output/<workplace>/<locale>/."""
    from kitgen.build import build_order
    from kitgen.content.library import load_library
    from kitgen.i18n.locale import resolve_locale
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
            warn(f"{order.source} [{built.kit.lang}]: {w}" for w in built.warnings)



@app.command()
@user_errors
def batch(sheet: Path = typer.Argument(..., help="Team sheet (.xlsx or .csv), one team per row."),
          output: Path = typer.Option(None, "--output", "-o", help="Output folder (default: output/)."),
          jobs: int = typer.Option(0, "--jobs", "-j", help="Kits built at once, in threads (default: number "
                                   "of cores); with --pdf also the number of LibreOffices (at most 4)."),
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
        warn([f'{report.sheet}: column "{column}" is not a field kitgen knows; it was ignored'])
    table = Table(title=f"{report.sheet}: {len(report.results)} teams", title_justify="left")
    for col in ("row", "team", "result", "warnings"):
        table.add_column(col, justify="right" if col in ("row", "warnings") else "left")
    for r in report.results:
        style = {"built": "green", "skipped": "dim", "failed": "red"}[r.status]
        # The team's name is user text: a Text, never markup ("[/]" in a name is a name).
        table.add_row(str(r.row), Text(r.team), Text(r.status, style=style), str(len(r.warnings)))
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

