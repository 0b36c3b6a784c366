"""The print pack: every team's print PDFs in one folder and zip, with a job sheet.

Which files go to the print shop, and how they are printed, is each file's
role (kitgen.builders.registry.PrintSpec): the posters themselves, the
handouts' PDF versions. The job sheet (CSV and PDF) lists file, pages, paper,
colour, duplex, quantity, trim and bleed. Quantity: one handout per
participant in the team's first language, one reference copy in each further
language, and one of each poster.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pikepdf

from kitgen.batch import BatchReport
from kitgen.output import BuiltKit, staging_dir, write_atomic
from kitgen.paths import data_dirs

COLUMNS = ("file", "team", "pages", "paper", "colour", "duplex", "quantity", "trim", "bleed")


def _pages(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def _rows(kit: BuiltKit, first: bool, participants: int) -> list[tuple[str, bytes, dict]]:
    """(file name in the pack, bytes, job sheet row) of every printed file of a kit."""
    out = []
    prefix = f"{kit.folder.parent.name}-{kit.lang}"
    for entry in kit.files.values():
        spec = entry.role.printed
        path = kit.pdf(entry.role)
        if spec is None or path is None:
            continue
        data = path.read_bytes()
        target = f"{prefix}-{entry.role.pdf_name}"
        quantity = max(participants, 1) if spec.copies == "participants" and first else 1
        bleed = kit.bleed_mm if entry.role.name.endswith(".pdf") else 0.0  # a PDF version has none
        out.append((target, data, {
            "file": target, "team": f"{kit.title} ({kit.language_tag})", "pages": _pages(data),
            "paper": "A4", "colour": spec.colour, "duplex": "yes" if spec.duplex else "no",
            "quantity": quantity, "trim": "210 × 297 mm", "bleed": f"{bleed:g} mm"}))
    return sorted(out, key=lambda r: r[0])


def make_print_pack(report: BatchReport, output_root: Path, name: str) -> tuple[Path, Path]:
    """Write output/print-pack-<name>/ and output/print-pack-<name>.zip; returns both."""
    import typst  # only the print pack needs typst outside the poster builder

    output_root = Path(output_root)
    folder = output_root / f"print-pack-{name}"
    staging = staging_dir(output_root)
    rows, files = [], {}
    for result in report.results:
        if result.status == "failed":
            continue
        for i, kit in enumerate(result.kits):
            for target, data, row in _rows(kit, i == 0, result.participants):
                files[target] = data
                rows.append(row)
    csv_buf = io.StringIO()
    writer = csv.DictWriter(csv_buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    files["jobsheet.csv"] = csv_buf.getvalue().encode("utf-8")
    sheet_data = {"title": f"Trykordre · print order: {name}",
                  "subtitle": f"{len(rows)} files · made with kitgen",
                  "columns": list(COLUMNS), "rows": [[str(r[c]) for c in COLUMNS] for r in rows]}
    template = data_dirs().jobsheet_template
    files["jobsheet.pdf"] = typst.compile(
        str(template / "jobsheet.typ"), root=str(template), font_paths=[str(data_dirs().fonts)],
        ignore_system_fonts=True, sys_inputs={"data": json.dumps(sheet_data)}, timestamp=0)
    for old in folder.glob("*") if folder.exists() else []:
        if old.name not in files:
            old.unlink()
    for target, data in files.items():
        write_atomic(folder / target, data, staging)
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
