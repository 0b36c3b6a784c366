"""The print pack: every team's print PDFs in one folder and zip, with a job sheet.

Posters are the PDF/X-4 files; handouts are LibreOffice's PDFs. The job sheet
(CSV and PDF) lists file, pages, paper, colour, duplex, quantity, trim and bleed.
Quantity: one handout per participant in the team's first language, one
reference copy in each further language, and one of each poster.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pikepdf

from kitgen.batch import BatchReport
from kitgen.output import staging_dir, write_atomic
from kitgen.paths import data_dirs

COLUMNS = ("file", "team", "pages", "paper", "colour", "duplex", "quantity", "trim", "bleed")


def _pages(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def make_print_pack(report: BatchReport, output_root: Path, name: str) -> tuple[Path, Path]:
    """Write output/print-pack-<name>/ and output/print-pack-<name>.zip; returns both."""
    import typst

    output_root = Path(output_root)
    folder = output_root / f"print-pack-{name}"
    staging = staging_dir(output_root)
    rows, files = [], {}
    for result in report.results:
        if result.status == "failed":
            continue
        for i, kit_folder in enumerate(result.folders or []):
            kit_folder = Path(kit_folder)
            manifest = json.loads((kit_folder / "manifest.json").read_text(encoding="utf-8"))
            lang = kit_folder.name
            prefix = f"{kit_folder.parent.name}-{lang}"
            team = " · ".join(x for x in (manifest["workplace"], manifest["team"]) if x)
            entries = [(n, "poster") for n in sorted(manifest["files"]) if n.startswith("poster-")
                       and n.endswith(".pdf")]
            if "handout.pdf" in manifest["files"]:
                entries.append(("handout.pdf", "handout"))
            for source, kind in entries:
                data = (kit_folder / source).read_bytes()
                target = f"{prefix}-{source}"
                files[target] = data
                handouts = max(result.participants, 1) if i == 0 else 1
                rows.append({
                    "file": target, "team": f"{team} ({manifest['locale']})", "pages": _pages(data),
                    "paper": "A4", "colour": "4/0 CMYK (FOGRA39)" if kind == "poster" else "4/4",
                    "duplex": "no" if kind == "poster" else "yes",
                    "quantity": 1 if kind == "poster" else handouts,
                    "trim": "210 × 297 mm", "bleed": "3 mm" if kind == "poster" else "0 mm"})
    csv_buf = io.StringIO()
    writer = csv.DictWriter(csv_buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    files["jobsheet.csv"] = csv_buf.getvalue().encode("utf-8")
    sheet_data = {"title": f"Trykordre · print order: {name}",
                  "subtitle": f"{len(rows)} files · made with kitgen",
                  "columns": list(COLUMNS), "rows": [[str(r[c]) for c in COLUMNS] for r in rows]}
    files["jobsheet.pdf"] = typst.compile(
        str(data_dirs().jobsheet_template / "jobsheet.typ"), root=str(data_dirs().jobsheet_template),
        font_paths=[str(data_dirs().fonts)],
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
