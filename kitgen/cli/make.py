"""`kitgen build` and `kitgen batch`: kits from orders and from team sheets."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer
from rich.table import Table
from rich.text import Text

from kitgen.cli.app import app, current_workspace, err, out, user_errors, warn
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import N_, _

if TYPE_CHECKING:
    from kitgen.batch import BatchReport
    from kitgen.build import Built



@app.command(help=_("Build the kit for each ORDER into <output>/<workplace-team>/<language>/."))
@user_errors
def build(ctx: typer.Context,
          orders: List[Path] = typer.Argument(..., metavar="ORDER...", help=_("Order files (YAML).")),
          locale: Optional[List[str]] = typer.Option(None, "--locale", "-l", metavar="LANG",
                                                     help=_("Build these languages instead of the order's.")),
          output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="DIR",
                                                help=_("Output folder (default: the workspace's, else ./output).")),
          pdf: bool = typer.Option(False, "--pdf", help=_("Also PDF versions of handout and deck "
                                   "(LibreOffice) and a proof sheet.")),
          strict: bool = typer.Option(False, "--strict", help=_("Every warning is an error."))) -> None:
    """Build the kit for each ORDER into <output>/<workplace-team>/<language>/."""
    from kitgen.batch import environment_hash, input_hash
    from kitgen.build import build_order
    from kitgen.i18n.locale import resolve_locale
    from kitgen.inputs.order import load_order
    from kitgen.inputs.sheet_files import SHEET_SUFFIXES
    from kitgen.output import prepare_output

    workspace = current_workspace(ctx)
    # A .txt may be a sheet (Excel's "Unicode text") or an order; only a sure sheet is turned away.
    sheets = [p for p in orders if p.suffix.lower() in SHEET_SUFFIXES and p.suffix.lower() != ".txt"]
    if sheets:
        raise UserError([Problem(str(p), "", _("is a team sheet; build its teams with `kitgen batch {sheet}`")
                                 .format(sheet=p)) for p in sheets])
    lib = workspace.library()
    langs = tuple(dict.fromkeys(resolve_locale(x, lib.locales) for x in locale)) if locale else None
    problems, loaded = [], []
    for path in orders:  # validate every order before building any
        try:
            loaded.append(load_order(path, lib))
        except UserError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    root = prepare_output(output or workspace.output)
    # The manifest records what the kit was built from, as `batch` and the web app
    # do, so that they (and "My teams") see a kit built here as up to date.
    environment = environment_hash(lib, workspace)
    for order in loaded:
        built = build_order(order, lib, root, strict=strict, langs=langs, with_manifest=not pdf,
                            workspace=workspace,
                            inputs=input_hash(order, environment, f"strict={strict};pdf={pdf}"))
        if pdf:
            built = _with_pdf_versions(built, root, strict)
        for one in built:
            rel = one.folder.relative_to(Path.cwd()) if one.folder.is_relative_to(Path.cwd()) else one.folder
            out.print(_("built {folder}/ ({files}, manifest.json)").format(folder=rel, files=", ".join(one.files)),
                      markup=False)
            warn(f"{order.source} [{one.kit.lang}]: {w}" for w in one.warnings)


def _with_pdf_versions(built: list[Built], root: Path, strict: bool) -> list[Built]:
    """PDF versions and proof sheets for one order's kits (one LibreOffice, then stopped)."""
    from dataclasses import replace

    from kitgen.pdf.convert import Converter
    from kitgen.pdf.stage import add_pdf_versions, pdf_sources

    kits = [b.written for b in built]
    with Converter() as converter:
        pdfs = converter.convert(pdf_sources(kits))
    done, _warnings, problems = add_pdf_versions(kits, pdfs, root, strict)
    if problems:
        raise UserError([Problem(str(kits[0].folder.parent), "--pdf", p) for p in problems])
    return [replace(b, written=kit) for b, kit in zip(built, done)]


@app.command(help=_("Build a kit for every team in a sheet; bad rows are reported, good rows are built."))
@user_errors
def batch(ctx: typer.Context,
          sheet: Path = typer.Argument(..., metavar="SHEET",
                                       help=_("Team sheet (.xlsx or .csv), one team per row.")),
          output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="DIR",
                                                help=_("Output folder (default: the workspace's, else ./output).")),
          jobs: int = typer.Option(0, "--jobs", "-j", metavar="N", help=_("Kits built at once, in threads (default: "
                                   "number of cores); with --pdf also the number of LibreOffices (at most 4).")),
          force: bool = typer.Option(False, "--force", help=_("Rebuild teams even when nothing changed.")),
          strict: bool = typer.Option(False, "--strict", help=_("Every warning is an error.")),
          pdf: bool = typer.Option(False, "--pdf", help=_("Also PDF versions of handout and deck "
                                   "(LibreOffice) and a proof sheet per team.")),
          print_pack: bool = typer.Option(False, "--print-pack", help=_("Collect the print PDFs and a "
                                          "job sheet for the print shop (implies --pdf)."))) -> None:
    """Build a kit for every team in a sheet; bad rows are reported, good rows are built."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kitgen.batch import run_batch

    workspace = current_workspace(ctx)
    root = output or workspace.output
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=False,
                  disable=not err.is_terminal) as bar:
        task = bar.add_task(_("building {sheet}").format(sheet=sheet.name), total=None)
        report = run_batch(sheet, root, jobs=jobs or None, force=force, strict=strict,
                           pdf=pdf or print_pack, progress=lambda r: bar.advance(task),
                           on_total=lambda n: bar.update(task, total=n), workspace=workspace)
    _summary(report)
    if print_pack:
        from kitgen.pdf.printpack import make_print_pack

        folder, archive = make_print_pack(report, root, sheet.stem, workspace.printing)
        out.print(_("print pack: {folder} and {archive}").format(folder=folder, archive=archive), markup=False)
    if not report.ok:
        err.print(_("kitgen: {n} row(s) failed; the other teams were built").format(n=report.count("failed")),
                  markup=False, style="bold red")
        raise typer.Exit(1)


# NOTE: a team's result in the summary table of `kitgen batch`
_STATUS = {"built": N_("built"), "skipped": N_("skipped"), "failed": N_("failed")}


def _summary(report: BatchReport) -> None:
    table = Table(title=_("{sheet}: {n} teams").format(sheet=report.sheet, n=len(report.results)),
                  title_justify="left")
    # NOTE: the columns of the summary table of `kitgen batch`
    table.add_column(_("row"), justify="right")
    table.add_column(_("team"))
    table.add_column(_("result"))
    table.add_column(_("warnings"), justify="right")
    for r in report.results:
        style = {"built": "green", "skipped": "dim", "failed": "red"}[r.status]
        # The team's name is user text: a Text, never markup ("[/]" in a name is a name).
        table.add_row(str(r.row), Text(r.team), Text(_(_STATUS[r.status]), style=style), str(len(r.warnings)))
    out.print(table)
    out.print(_("built {built}, skipped (unchanged) {skipped}, failed {failed}, warnings {warnings}").format(
        built=report.count("built"), skipped=report.count("skipped"), failed=report.count("failed"),
        warnings=report.warning_count), markup=False)
    for warning in report.warnings:
        err.print(_("warning: ") + warning, markup=False, style="yellow")
    for r in report.results:
        for problem in r.problems:
            err.print(_("error: ") + problem, markup=False, style="red")
        for w in r.warnings:
            err.print(_("warning: row {row}: {warning}").format(row=r.row, warning=w), markup=False, style="yellow")
