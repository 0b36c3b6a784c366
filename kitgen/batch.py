"""Batch kits for many teams from one sheet: validate every row, build the good
ones in parallel, skip what is unchanged, report the bad rows precisely.

Each kit folder is written file by file through a staging folder beside the
output folder and gets its manifest last, so a run killed at any moment leaves
no partial file in the output folder and the next run completes the rest.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import os
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from kitgen import __version__
from kitgen.build import build_order
from kitgen.content.library import Library
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _
from kitgen.inputs.order import Order
from kitgen.inputs.sheet import Row, Sheet, validated_rows
from kitgen.output import BuiltKit, OutputLock, disk_error, kit_dir, prepare_output, sweep_staging
from kitgen.paths import data_dirs
from kitgen.pdf.libreoffice import sweep_killed_runs
from kitgen.workspace import Workspace


@dataclass
class RowResult:
    row: int
    team: str  # "workplace · team" for the summary
    status: str  # built | skipped | failed
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    kits: list[BuiltKit] = field(default_factory=list)  # one per language, as written
    participants: int = 0
    locales: tuple[str, ...] = ()
    delivery: str = ""  # when the print shop delivers (a sheet column), for the job sheet

    @property
    def folders(self) -> list[str]:
        return [str(kit.folder) for kit in self.kits]


@dataclass
class BatchReport:
    sheet: str
    results: list[RowResult] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)  # note columns (# …), left out
    warnings: list[str] = field(default_factory=list)  # about the sheet as a whole

    @property
    def warning_count(self) -> int:
        return len(self.warnings) + sum(len(r.warnings) for r in self.results)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0


# -- inputs and skipping ------------------------------------------------------------

def _tree_hash(*roots: Path, skip: tuple[str, ...] = (".cache", "__pycache__")) -> str:
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()
                           and not any(part in skip for part in p.parts) and p.suffix != ".mo"):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def environment_hash(lib: Library, workspace: Workspace | None = None) -> str:
    """kitgen version, content, catalogs, templates and the workspace's themes (and
    logos in their folder): what every kit depends on. Computed once per batch."""
    themes = [d for d in ((workspace.themes_dir,) if workspace else ()) if d is not None]
    trees = _tree_hash(data_dirs().templates, *lib.locale_dirs, *themes)
    return hashlib.sha256(f"{__version__}|{lib.version}|{trees}".encode()).hexdigest()


def input_hash(order: Order, environment: str, options: str = "") -> str:
    """What a kit is built from: the order, `environment_hash` and the build options."""
    data = asdict(order)
    for where in ("source", "warnings", "locations"):  # where it was read, not what it says
        data.pop(where, None)
    blob = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{environment}|{options}|{blob}".encode()).hexdigest()


def up_to_date(order: Order, output_root: Path, inputs: str) -> list[BuiltKit] | None:
    """The written kits when every language was built from these inputs and is
    complete; None when the team must be built."""
    kits = []
    for lang in order.locales:
        kit = BuiltKit.read(kit_dir(output_root, order.slug, lang))
        if kit is None or kit.inputs != inputs or not kit.complete():
            return None
        kits.append(kit)
    return kits


# -- the work of one team (runs in a build thread) ----------------------------------

def build_team(order: Order, lib: Library, environment: str, output_root: Path, strict: bool,
               force: bool, options: str, with_manifest: bool = True,
               on_build: Callable[[], None] | None = None, workspace: Workspace | None = None
               ) -> tuple[str, list[BuiltKit], list[str], list[str]]:
    """(status, kits, warnings, problems) for one team; `on_build` is called when
    the team is not skipped, before it is built."""
    inputs = input_hash(order, environment, options)
    if not force and (done := up_to_date(order, output_root, inputs)) is not None:
        return "skipped", done, [], []
    if on_build is not None:
        on_build()
    try:
        built = build_order(order, lib, output_root, strict=strict, inputs=inputs,
                            with_manifest=with_manifest, workspace=workspace)
    except UserError as exc:
        return "failed", [], [], [str(p) if p.where else f"{order.source}: {p}" for p in exc.problems]
    warnings = [f"[{b.kit.lang}] {w}" for b in built for w in b.warnings]
    return "built", [b.written for b in built], warnings, []


# -- the batch ------------------------------------------------------------------------

def run_batch(sheet_path: Path, output_root: Path, jobs: int | None = None,
              force: bool = False, strict: bool = False, pdf: bool = False,
              progress: Callable[[RowResult], None] | None = None,
              on_total: Callable[[int], None] | None = None,
              workspace: Workspace | None = None, name: str = "") -> BatchReport:
    """Build every good row of the sheet; rows are streamed, at most a few kits in flight.
    `name`: the sheet's name in messages when it is not its file's (an upload's)."""
    workspace = workspace or Workspace(None)
    batch = _Batch(workspace, prepare_output(output_root), max(1, jobs or os.cpu_count() or 1),
                   force, strict, pdf, progress)
    sheet = Sheet(sheet_path, batch.lib.locales)
    sheet.name = name or sheet.name
    batch.report.sheet = sheet.name
    with OutputLock(batch.output_root):
        sweep_staging(batch.output_root)
        sweep_killed_runs()  # LibreOffice folders of a --pdf run that was killed
        rows = list(validated_rows(sheet, batch.lib))  # orders are small; kits are never held
        batch.report.ignored_columns = sheet.ignored_columns
        if on_total:
            on_total(len(rows))
        batch.run(rows)
    return batch.report


class _Batch:
    """One batch run: its settings, its report, the build threads and the PDF stage."""

    def __init__(self, workspace: Workspace, output_root: Path, jobs: int, force: bool, strict: bool,
                 pdf: bool, progress: Callable[[RowResult], None] | None):
        self.workspace, self.lib = workspace, workspace.library()
        self.output_root, self.jobs = output_root, jobs
        self.force, self.strict, self.pdf, self.progress = force, strict, pdf, progress
        self.options = f"strict={strict};pdf={pdf}"
        self.environment = environment_hash(self.lib, workspace)  # once per batch
        self.report = BatchReport("")
        self._guard = threading.Lock()
        self.stage: Any = None

    def finish(self, result: RowResult) -> None:
        with self._guard:
            self.report.results.append(result)
            if self.progress:
                self.progress(result)

    def collected(self, result: RowResult) -> None:
        if self.stage is not None and result.status == "built":
            self.stage.add(result)  # finished once its PDFs and proof exist
        else:
            self.finish(result)

    def run(self, rows: list[tuple[Row, Order | None, list[Problem]]]) -> None:
        if self.pdf:
            from kitgen.pdf.stage import PdfStage  # LibreOffice's side: only with --pdf

            self.stage = PdfStage(self.output_root, self.finish, instances=min(self.jobs, 4),
                                  strict=self.strict)
        # Kits are built in threads of this one process: typst, zlib, lxml and
        # pdfium (under its lock) work outside the GIL, the text building inside
        # it is a few ms per kit, and the library, templates, fonts and typst's
        # caches exist once instead of once per worker process.
        pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="kitgen-build")
        pending: dict[Future, RowResult] = {}
        try:
            for row, order, problems in rows:
                name = " · ".join(str(row.values.get(k, "")) for k in ("workplace", "team") if row.values.get(k))
                if order is None:
                    self.finish(RowResult(row.number, name or _("row {row}").format(row=row.number), "failed",
                                          problems=[str(p) for p in problems]))
                    continue
                result = RowResult(row.number, name, "", participants=order.participants, locales=order.locales,
                                   delivery=str((row.extra or {}).get("delivery", "")))
                # Its messages in this thread's language: a new thread starts with an empty context.
                future = pool.submit(contextvars.copy_context().run, build_team, order, self.lib,
                                     self.environment, self.output_root,
                                     self.strict, self.force, self.options, not self.pdf,
                                     self.stage.will_convert if self.stage else None, self.workspace)
                pending[future] = result
                while len(pending) >= self.jobs * 2:
                    _collect(pending, self.collected)
            while pending:
                _collect(pending, self.collected)
        finally:  # on Ctrl-C: finish the kits being built, start no more
            pool.shutdown(wait=True, cancel_futures=True)
            if self.stage is not None:
                self.stage.close()
        self.report.results.sort(key=lambda r: r.row)


def _collect(pending: dict[Future, RowResult], collected: Callable[[RowResult], None]) -> None:
    done = wait(list(pending), return_when=FIRST_COMPLETED).done
    for future in done:
        result = pending.pop(future)
        try:
            status, kits, warnings, problems = future.result()
        except OSError as exc:  # a file system's refusal that no write_atomic caught: in words
            status, kits, warnings, problems = "failed", [], [], [_("row {row}: {error}").format(
                row=result.row, error=disk_error(exc))]
        except Exception as exc:  # a bug in one kit must not stop the others
            status, kits, warnings, problems = "failed", [], [], [_("row {row}: {error}").format(row=result.row,
                                                                                                error=repr(exc))]
        result.status, result.kits, result.warnings, result.problems = status, kits, warnings, problems
        collected(result)
