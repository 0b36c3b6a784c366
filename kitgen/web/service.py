"""What the web app does, in one place the pages and the API both call: the
same validation, the same plan, the same builders as the command line.

The library is read from the workspace and kept while its files are unchanged
(checked at most every few seconds); builds run in the pool, each into its own
job folder.
"""

from __future__ import annotations

import io
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kitgen.batch import run_batch
from kitgen.build import build_order
from kitgen.content.library import Library
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _
from kitgen.inputs.order import Order, order_from_mapping
from kitgen.inputs.sheet import Sheet, validated_rows
from kitgen.kit.model import Kit
from kitgen.kit.plan import plan
from kitgen.pdf.convert import find_soffice, find_uno_python
from kitgen.web.jobs import Job, Jobs, Pool
from kitgen.workspace import Workspace

UPLOAD_LIMIT = 5_000_000  # bytes: a team sheet or an order file
ZIP_LIMIT = 60_000_000  # an .xlsx unpacks to at most this much (a guard against zip bombs)
SHEET_SUFFIXES = (".xlsx", ".csv")


@dataclass
class Checked:
    """An order as the form or the API gave it, checked."""

    data: dict[str, Any]
    order: Order | None = None
    kit: Kit | None = None  # planned in the order's first language
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # While only fields the program does not depend on are missing or wrong (the
    # names, the core task, the date), the page shows the program planned with
    # stand-ins for them; the API never answers with it.
    draft: Kit | None = None

    @property
    def ok(self) -> bool:
        return self.order is not None and self.kit is not None and not self.problems

    def agenda(self) -> list[dict[str, str]]:
        kit = self.kit or self.draft
        if kit is None:
            return []
        return [{"start": f"{a.start:%H:%M}", "end": f"{a.end:%H:%M}", "title": a.title, "kind": a.kind,
                 "time_range": a.time_range, "duration": a.duration}
                for a in kit.agenda if a.kind != "meeting"]


# Fields the program's clock times do not depend on, and a stand-in that passes.
_STAND_INS: dict[str, Any] = {"workplace": "…", "team": "…", "core_task": "…", "date": "2026-01-05",
                              "facilitator": "…", "stakeholders": "…"}


def _by_field(key: Any, *path: Any) -> str:
    """Locations in the API and the form are field names (Problem.field): no file, no line."""
    return ""


class Service:
    def __init__(self, workspace: Workspace, jobs: Jobs | None = None, pool: Pool | None = None):
        self.workspace = workspace
        self.jobs = jobs or Jobs()
        self.pool = pool or Pool()
        self._lib: Library | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def library(self) -> Library:
        """The workspace's library; its files are looked at again after a few seconds
        (load_library keys its own cache on their contents)."""
        with self._lock:
            if self._lib is None or time.monotonic() - self._checked_at > 3:
                self._lib = self.workspace.library()
                self._checked_at = time.monotonic()
            return self._lib

    @property
    def can_make_pdfs(self) -> bool:
        return find_soffice() is not None and find_uno_python() is not None

    # -- one order -------------------------------------------------------------------
    def check(self, data: dict[str, Any]) -> Checked:
        """The CLI's validation and plan, for a mapping (form or JSON)."""
        checked = Checked(data=data)
        lib = self.library()
        try:
            order = order_from_mapping(data, _by_field, lib, source="")
            checked.order = order
            checked.kit = plan(order, lib, order.locales[0])
            self.workspace.load_theme(order.theme, "theme")
        except UserError as exc:
            checked.problems = list(exc.problems)
            checked.draft = self._draft(data, checked.problems)
            return checked
        checked.warnings = list(checked.kit.warnings)
        return checked

    def _draft(self, data: dict[str, Any], problems: list[Problem]) -> Kit | None:
        """The program with stand-ins for the fields it does not depend on, when only
        those are at fault: the same validation and plan, with other values."""
        fields = {p.field.split("[", 1)[0].split(".", 1)[0] for p in problems}
        if not fields or not fields <= set(_STAND_INS) or not (data.get("exercises") or data.get("module")):
            return None
        lib = self.library()
        try:
            order = order_from_mapping({**data, **{f: _STAND_INS[f] for f in fields}}, _by_field, lib, source="")
            return plan(order, lib, order.locales[0])
        except UserError:
            return None

    def build_zip(self, order: Order, pdf: bool = False) -> bytes:
        """Every language of the order, as `kitgen build` writes it, zipped (in the pool)."""
        job = self.jobs.new("kit")
        try:
            built = build_order(order, self.library(), job.folder / "output", with_manifest=not pdf,
                                workspace=self.workspace)
            if pdf:
                from kitgen.cli.make import _with_pdf_versions  # the CLI's own --pdf step

                _with_pdf_versions(built, job.folder / "output", strict=False)
            return zip_folder(job.folder / "output")
        finally:
            job.state = "done"

    def preview(self, order: Order) -> Job:
        """Posters as PNG and the outline of the deck and the handout, in a job folder."""
        # lazy: the builders load on the first preview, not at start-up
        from kitgen.build import build_kits
        from kitgen.web.outline import deck_outline, handout_outline

        job = self.jobs.new("preview")
        theme = self.workspace.load_theme(order.theme, "theme")
        (kit, files, roles), *_ = build_kits(order, self.library(), theme, langs=order.locales[:1])
        by_kind = {role.kind: name for name, role in roles.items()}  # one handout, one deck
        previews = sorted(name for name, role in roles.items() if role.kind == "preview")
        for name in previews:
            (job.folder / name).write_bytes(files[name])
        titles = {f"poster-{p.name}.png": p.title for p in kit.posters}
        job.data = {"posters": [(n, titles.get(n, n)) for n in previews],
                    "deck": deck_outline(files[by_kind["deck"]]),
                    "handout": handout_outline(files[by_kind["handout"]]), "lang": kit.lang}
        job.state = "done"
        return job

    # -- many teams ------------------------------------------------------------------
    def read_sheet(self, data: bytes, filename: str) -> Job:
        """Save an uploaded sheet into a new job and check every row."""
        suffix = Path(filename or "").suffix.lower()
        if suffix not in SHEET_SUFFIXES:
            raise UserError(Problem(filename or "upload", "sheet", _("kitgen reads .xlsx and .csv team sheets; "
                                                                     "save the sheet as one of those")))
        if len(data) > UPLOAD_LIMIT:
            raise UserError(Problem(filename, "sheet", _("is {size} MB; a team sheet is at most {limit} MB").format(
                size=len(data) // 1_000_000, limit=UPLOAD_LIMIT // 1_000_000)))
        if suffix == ".xlsx":
            _refuse_zip_bomb(data, filename)
        job = self.jobs.new("batch")
        path = job.folder / f"sheet{suffix}"
        path.write_bytes(data)
        job.data = {"sheet": path.name, "name": Path(filename).stem or "teams", "rows": [],
                    "filename": Path(filename).name or path.name}
        sheet = Sheet(path, self.library().locales)
        sheet.name = job.data["filename"]  # messages name the user's file
        rows = []
        for row, order, problems in validated_rows(sheet, self.library()):
            rows.append({"row": row.number, "team": " · ".join(str(row.values.get(k, "")) for k in
                                                                ("workplace", "team") if row.values.get(k)),
                         "ok": order is not None, "problems": [str(p) for p in problems],
                         "columns": sorted({p.column for p in problems if p.column})})
        job.data["rows"] = rows
        job.total = sum(1 for r in rows if r["ok"])
        job.state = "checked"
        return job

    def build_batch(self, job: Job, pdf: bool = False, print_pack: bool = False) -> None:
        """Build the good rows of a checked sheet (runs in the pool; the job shows progress)."""
        job.state, job.done = "running", 0
        job.data["print_pack"] = print_pack
        # The rows found bad when the sheet was read are in its table already: the
        # progress counts the good rows, and a good row that fails while it is built
        # (a text too long for a poster) is said as it happens.
        known_bad = {r["row"] for r in job.data["rows"] if not r["ok"]}

        def progress(result: Any) -> None:
            if result.row in known_bad:
                return
            job.done += 1
            if result.status == "failed":
                job.failed.append({"row": result.row, "team": result.team, "problems": result.problems})

        try:
            report = run_batch(job.folder / job.data["sheet"], job.folder / "output", jobs=2,
                               pdf=pdf or print_pack, progress=progress, workspace=self.workspace,
                               name=job.data.get("filename", ""))
            if print_pack:
                from kitgen.pdf.printpack import make_print_pack

                make_print_pack(report, job.folder / "output", job.data["name"], self.workspace.printing)
            (job.folder / "kits.zip").write_bytes(zip_folder(job.folder / "output", skip_prefix="print-pack-"))
            job.state = "done"
        except UserError as exc:
            job.problems = [{"field": p.field, "message": str(p)} for p in exc.problems]
            job.state = "failed"


def _refuse_zip_bomb(data: bytes, filename: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except zipfile.BadZipFile:
        raise UserError(Problem(filename, "sheet", _("cannot be read as an Excel workbook; save it again "
                                                   "from Excel or LibreOffice as .xlsx"))) from None
    if unpacked > ZIP_LIMIT:
        raise UserError(Problem(filename, "sheet", _("unpacks to {size} MB; a team sheet is far smaller "
                                                   "(is it really a team sheet?)").format(size=unpacked // 1_000_000)))


def zip_folder(folder: Path, skip_prefix: str = "") -> bytes:
    """Every file under `folder`, by its relative path, with fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            if skip_prefix and rel.startswith(skip_prefix):
                continue
            info = zipfile.ZipInfo(rel, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())
    return out.getvalue()
