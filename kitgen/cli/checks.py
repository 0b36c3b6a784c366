"""`kitgen check`, `kitgen check-pdf` and `kitgen schema`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from kitgen.cli.app import app, current_workspace, err, out, user_errors, warn
from kitgen.errors import UserError
from kitgen.i18n.messages import _


@app.command(help=_("Validate all content, catalogs, templates and themes (the workspace's too); "
                    "report every problem."))
@user_errors
def check(ctx: typer.Context,
          strict: bool = typer.Option(False, "--strict",
                                      help=_("Incomplete translations are errors, not warnings."))) -> None:
    """Validate all content, catalogs, templates and themes (the workspace's too); report every problem."""
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.checks import check_all

    result = check_all(strict=strict, workspace=current_workspace(ctx))
    warn(result.warnings)
    for note in result.notes:
        err.print(_("note: ") + note, markup=False)
    out.print(result.summary, markup=False)



@app.command("check-pdf", help=_("Preflight print PDFs: boxes, fonts, colour spaces, output intent, PDF/X, "
                                  "images, safe zone."))
@user_errors
def check_pdf(files: List[Path] = typer.Argument(..., help=_("PDF files to preflight.")),
              profile: str = typer.Option(
                  "auto", "--profile", metavar="auto|poster|document",
                  help=_("The print rules: poster (one page, 3 mm bleed, 10 mm safe zone), document "
                         "(A4 pages, no bleed, 5 mm) or auto (a poster when the file has one page).")),
              bleed: Optional[float] = typer.Option(None, help=_("Expected bleed in mm (default: the profile's).")),
              safe: Optional[float] = typer.Option(
                  None, help=_("Safe zone inside the trim in mm (default: the profile's)."))) -> None:
    """Preflight print PDFs: boxes, fonts, colour spaces, output intent, PDF/X, images, safe zone."""
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.pdf.preflight import PROFILES, preflight

    if profile != "auto" and profile not in PROFILES:
        raise UserError(_("--profile: {value!r} is not auto, poster or document").format(value=profile))
    failed = 0
    for path in files:
        if not path.is_file():
            raise UserError(_("{file}: file not found").format(file=path))
        try:
            report = preflight(path, bleed_mm=bleed, safe_mm=safe, profile=profile)
        except Exception as exc:  # pikepdf raises PdfError for files that are not PDF
            raise UserError(_("{file}: cannot be read as a PDF ({error})").format(file=path, error=exc)) from None
        for line in report.lines():
            style = "red" if line.startswith(("problem", "preflight failed")) else \
                "yellow" if line.startswith("warning") else None
            out.print(line, markup=False, style=style)
        failed += not report.ok
    if failed:
        raise typer.Exit(1)



@app.command(help=_("Write a JSON Schema per content kind, for editors that validate YAML while typing."))
@user_errors
def schema(output: Path = typer.Option(Path("content/schema"), "--output", "-o",
                                       help=_("Folder for the JSON Schema files."))) -> None:
    """Write a JSON Schema per content kind, for editors that validate YAML while typing."""
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.content.schema import KINDS
    from kitgen.output import write_atomic

    for kind, model in KINDS.items():
        data = model.model_json_schema()
        data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        data["title"] = f"kitgen {kind[:-1]}"
        path = output / f"{kind[:-1]}.schema.json"
        write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode())
        out.print(_("wrote {file}").format(file=path), markup=False)



@app.command(help=_("Make a workspace: settings, an example order and sheet, a theme to edit, a folder for "
                    "own content."))
@user_errors
def init(folder: Path = typer.Argument(..., metavar="DIR", help=_("The folder to make the workspace in.")),
         theme: str = typer.Option("vores", "--theme", metavar="NAME",
                                   help=_("The name of the theme to edit."))) -> None:
    """Make a workspace: settings, an example order and sheet, a theme to edit, a folder for own content."""
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.content.library import load_library
    from kitgen.scaffold import init_workspace

    written, kept = init_workspace(folder, load_library(), theme)
    for path in written:
        out.print(_("wrote {file}").format(file=path), markup=False)
    for path in kept:
        out.print(_("kept {file} (already there)").format(file=path), markup=False)
    out.print(_("workspace ready: cd {folder} && kitgen build orders/eksempel.yaml").format(folder=folder),
              markup=False)
