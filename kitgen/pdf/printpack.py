"""The print pack: every team's print files in one folder and zip, with a job sheet.

Which files go to the print shop, and how they are printed, is each file's
role (kitgen.builders.registry.PrintSpec): the posters themselves (PDF/X-4
already), the handouts as print-ready CMYK PDF/X-4 made from their PDF
versions (kitgen.pdf.printready). The job sheet (CSV and PDF) says who orders,
whom to ask, when to deliver, and per file: pages, paper, colour, duplex,
finishing, quantity, trim, bleed. Quantity: one handout per participant in the
team's first language, one reference copy in each further language, and one of
each poster. Every CSV cell that a spreadsheet would read as a formula is
neutralised (kitgen.inputs.usertext.spreadsheet_safe).
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path

import pikepdf

from kitgen.batch import BatchReport, RowResult
from kitgen.inputs.usertext import spreadsheet_safe
from kitgen.output import BuiltKit, staging_dir, write_atomic
from kitgen.paths import data_dirs
from kitgen.pdf.printready import print_ready
from kitgen.workspace import PrintSettings

COLUMNS = ("file", "team", "pages", "paper", "colour", "duplex", "finishing", "quantity", "trim",
           "bleed", "deliver by")
CSV_COLUMNS = COLUMNS + ("ordered by", "contact")  # the PDF says these once, at the top


def _pages(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


# (file name in the pack, the file to print, its job sheet row, whether it is
# LibreOffice's PDF version of an Office file: RGB, to be made print-ready)
Job = tuple[str, Path, dict, bool]


def _jobs(result: RowResult, kit: BuiltKit, first: bool, settings: PrintSettings) -> list[Job]:
    """Every printed file of a kit."""
    out: list[Job] = []
    prefix = f"{kit.folder.parent.name}-{kit.lang}"
    for entry in kit.files.values():
        spec, path = entry.role.printed, kit.pdf(entry.role)
        if spec is None or path is None:
            continue
        poster = entry.role.kind == "poster"
        quantity = max(result.participants, 1) if spec.copies == "participants" and first else 1
        row = {"file": f"{prefix}-{entry.role.pdf_name}", "team": f"{kit.title} ({kit.language_tag})",
               "paper": settings.poster_paper if poster else settings.handout_paper, "colour": spec.colour,
               "duplex": "yes" if spec.duplex else "no",
               "finishing": settings.poster_finishing if poster else settings.handout_finishing,
               "quantity": quantity, "trim": "210 × 297 mm",
               "bleed": f"{kit.bleed_mm:g} mm" if poster else "0 mm", "deliver by": result.delivery}
        out.append((str(row["file"]), path, row, entry.role.pdf_version))
    return sorted(out, key=lambda job: job[0])


def _print_file(job: Job, kit: BuiltKit) -> bytes:
    _name, path, row, from_office = job
    data = path.read_bytes()
    if from_office:  # LibreOffice's RGB PDF: made print-ready
        when = datetime.fromisoformat(kit.created) if kit.created else datetime.combine(kit.date, datetime.min.time())
        data = print_ready(data, kit.language_tag, f"{kit.session_title} – {kit.title}", when)
    row["pages"] = _pages(data)
    return data


def _facts(name: str, report: BatchReport, settings: PrintSettings, kits: list[BuiltKit]) -> list[list[str]]:
    """The job sheet's head: who, whom to ask, when (dates from the sheet itself)."""
    sessions = sorted(kit.date for kit in kits)
    deliveries = sorted(r.delivery for r in report.results if r.delivery)
    facts = [["Bestiller · ordered by", settings.orderer or "—"], ["Kontakt · contact", settings.contact or "—"],
             ["Levering senest · deliver by", deliveries[0] if deliveries else "—"],
             ["Første workshop · first session", sessions[0].isoformat() if sessions else "—"],
             ["Kilde · sheet", name]]
    return [[spreadsheet_safe(k), spreadsheet_safe(v)] for k, v in facts]


def make_print_pack(report: BatchReport, output_root: Path, name: str,
                    settings: PrintSettings | None = None) -> tuple[Path, Path]:
    """Write output/print-pack-<name>/ and output/print-pack-<name>.zip; returns both."""
    import typst  # the print pack's own typst use: the job sheet

    settings = settings or PrintSettings()
    output_root = Path(output_root)
    folder = output_root / f"print-pack-{name}"
    staging = staging_dir(output_root)
    jobs = [(job, kit) for result in report.results if result.status != "failed"
            for i, kit in enumerate(result.kits) for job in _jobs(result, kit, i == 0, settings)]
    # Ghostscript runs as its own process: one per core at once.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="kitgen-print") as pool:
        made = list(pool.map(lambda pair: _print_file(*pair), jobs))
    files = {job[0]: data for (job, _), data in zip(jobs, made)}
    rows = [{column: spreadsheet_safe(str(job[2].get(column, ""))) for column in COLUMNS} for job, _ in jobs]
    kits = [kit for result in report.results if result.status != "failed" for kit in result.kits]
    facts = _facts(name, report, settings, kits)
    csv_buf = io.StringIO()
    writer = csv.writer(csv_buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    who = [spreadsheet_safe(settings.orderer), spreadsheet_safe(settings.contact)]
    writer.writerows([row[c] for c in COLUMNS] + who for row in rows)
    files["jobsheet.csv"] = csv_buf.getvalue().encode("utf-8")
    issued = max((kit.date for kit in kits), default=date(2000, 1, 1))
    sheet_data = {"title": f"Trykordre · print order: {name}", "facts": facts,
                  "subtitle": f"{len(rows)} files · made with kitgen", "footer": f"kitgen · {name}",
                  "columns": list(COLUMNS), "rows": [[row[c] for c in COLUMNS] for row in rows]}
    template = data_dirs().jobsheet_template
    files["jobsheet.pdf"] = typst.compile(
        str(template / "jobsheet.typ"), root=str(template), font_paths=[str(data_dirs().fonts)],
        ignore_system_fonts=True, sys_inputs={"data": json.dumps(sheet_data)},
        timestamp=int(datetime.combine(issued, datetime.min.time()).timestamp()))
    _write(folder, files, staging)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for target in sorted(files):
            info = zipfile.ZipInfo(f"print-pack-{name}/{target}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, files[target])
    zip_path = output_root / f"print-pack-{name}.zip"
    write_atomic(zip_path, archive.getvalue(), staging)
    return folder, zip_path


def _write(folder: Path, files: dict[str, bytes], staging: Path) -> None:
    for old in folder.glob("*") if folder.exists() else []:
        if old.name not in files:
            old.unlink()
    for target, data in files.items():
        write_atomic(folder / target, data, staging)
