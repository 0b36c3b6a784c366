"""Batch kits for many teams from one sheet: validate every row, build the good
ones in parallel, skip what is unchanged, report the bad rows precisely.

Each kit folder is written file by file through a staging folder beside the
output folder and gets its manifest last, so a run killed at any moment leaves
no partial file in the output folder and the next run completes the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from kitgen import __version__
from kitgen.errors import Problem, UserError
from kitgen.content.library import Library, load_library
from kitgen.inputs.order import Order, order_from_mapping
from kitgen.output import kit_dir, sweep_staging
from kitgen.paths import data_dirs
from kitgen.inputs.sheet import Row, Sheet



@dataclass
class RowResult:
    row: int
    team: str  # "workplace · team" for the summary
    status: str  # built | skipped | failed
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    participants: int = 0
    locales: tuple[str, ...] = ()


@dataclass
class BatchReport:
    sheet: str
    results: list[RowResult] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

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


def environment_hash(lib: Library) -> str:
    """kitgen version, content, catalogs and templates: what every kit depends on.
    Computed once per batch (about 17 ms)."""
    return hashlib.sha256(
        f"{__version__}|{lib.version}|{_tree_hash(data_dirs().templates, *lib.locale_dirs)}".encode()
    ).hexdigest()


def input_hash(order: Order, environment: str, options: str = "") -> str:
    """What a kit is built from: the order, `environment_hash` and the build options."""
    data = asdict(order)
    data.pop("source", None)
    data.pop("warnings", None)
    blob = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{environment}|{options}|{blob}".encode()).hexdigest()


def up_to_date(order: Order, output_root: Path, inputs: str) -> bool:
    """Every language's manifest exists, was built from these inputs, and lists files that exist."""
    slug = order.slug
    for lang in order.locales:
        manifest = kit_dir(output_root, slug, lang) / "manifest.json"
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if data.get("inputs") != inputs:
            return False
        for name, entry in data.get("files", {}).items():
            path = manifest.parent / name
            if not path.is_file() or path.stat().st_size != entry.get("bytes"):
                return False
    return True


# -- rows -> orders -----------------------------------------------------------------

def row_order(sheet: Sheet, row: Row, lib: Library) -> Order:
    def where(key, index=None) -> str:
        column = row.columns.get(str(key)) if key else None
        return sheet.where(row.number, column or (str(key) if key else None))

    try:
        order = order_from_mapping(row.values, where, lib, source=sheet.where(row.number))
    except UserError as exc:
        # In a sheet the location names the column already; the field would repeat it.
        raise UserError([Problem(p.where, "", p.message) for p in exc.problems]) from None
    return order


def validated_rows(sheet: Sheet, lib: Library) -> Iterator[tuple[Row, Order | None, list[str]]]:
    """Every row with its order, or None and the problems found."""
    seen: dict[tuple, int] = {}
    for row in sheet.rows():
        problems = [str(p) for p in row.problems]
        order = None
        try:
            order = row_order(sheet, row, lib)
        except UserError as exc:
            problems += [str(p) for p in exc.problems]
        if order is not None:
            key = (order.slug,)
            if key in seen:
                problems.append(f"{sheet.where(row.number)}: the same workplace and team as row "
                                f"{seen[key]}; give the team a different name or remove the row")
            else:
                seen[key] = row.number
        yield row, (order if not problems else None), problems


# -- the work of one team (runs in a build thread) ----------------------------------

def build_team(order: Order, lib: Library, environment: str, output_root: str, strict: bool,
               force: bool, options: str, with_manifest: bool = True,
               on_build: Callable[[], None] | None = None) -> tuple[str, list, list[str], list[str]]:
    """(status, [(folder, manifest, language tag)], warnings, problems) for one team;
    `on_build` is called when the team is not skipped, before it is built."""
    from kitgen.build import build_order

    inputs = input_hash(order, environment, options)
    root = Path(output_root)
    if not force and up_to_date(order, root, inputs):
        slug = order.slug
        return "skipped", [(str(kit_dir(root, slug, lang)), b"", lang) for lang in order.locales], [], []
    if on_build is not None:
        on_build()
    try:
        built = build_order(order, lib, root, strict=strict, inputs=inputs, with_manifest=with_manifest)
    except UserError as exc:
        return "failed", [], [], [str(p) if p.where else f"{order.source}: {p}" for p in exc.problems]
    kits = [(str(b.folder), b.manifest, b.kit.language_tag) for b in built]
    warnings = [f"[{b.kit.lang}] {w}" for b in built for w in b.warnings]
    return "built", kits, warnings, []


class PdfStage:
    """Converts finished kits to PDF, makes their proof sheets and writes their
    manifests, beside the build threads. One thread per warm LibreOffice only
    converts, taking the next finished kit as soon as its LibreOffice is free; a
    finishing thread checks the PDFs, makes the proof sheet and writes the files,
    so no LibreOffice waits for that. The LibreOffices start as soon as the
    first kit is known to need building, one after the other, while it is built."""

    def __init__(self, output_root: Path, finish: Callable[[RowResult], None], instances: int = 1):
        import queue
        import threading

        from kitgen.pdf.convert import Converter

        self.converter = Converter(instances=instances)
        self.output_root, self.finish = output_root, finish
        self.queue: queue.Queue = queue.Queue()
        self.needed = threading.Event()  # set once a kit will need converting
        self.unused = False  # set when the batch ends without converting anything
        self.finisher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kitgen-proof")
        self.threads = [threading.Thread(target=self._run, name=f"kitgen-pdf-{n}", daemon=True)
                        for n in range(instances)]
        for thread in self.threads:
            thread.start()

    def will_convert(self) -> None:
        """A kit is being built that will come here: time to start LibreOffice."""
        self.needed.set()

    def add(self, result: RowResult, kits: list) -> None:
        self.needed.set()
        self.queue.put((result, kits))

    def close(self) -> None:
        if not self.needed.is_set():
            self.unused = True
            self.needed.set()
        for _ in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        try:
            self.converter.close()  # while the last proof sheets are made
        finally:
            self.finisher.shutdown(wait=True)

    def _run(self) -> None:
        self.needed.wait()
        if not self.unused:
            self.converter.warm()
        while (item := self.queue.get()) is not None:
            result, kits = item
            sources = [(Path(folder) / name, tag) for folder, _, tag in kits
                       for name in ("handout.docx", "deck.pptx")]
            try:
                pdfs = self.converter.convert(sources)
            except Exception as exc:  # the converter itself broke: this team fails, others go on
                pdfs = {src: f"PDF conversion failed ({exc})" for src, _ in sources}
            self.finisher.submit(self._complete, result, kits, pdfs)

    def _complete(self, result: RowResult, kits: list, pdfs: dict) -> None:
        try:
            self._check_and_write(result, kits, pdfs)
        except Exception as exc:  # a bug or a full disk in one team must not lose the others
            result.status = "failed"
            result.problems.append(f"row {result.row}: {exc!r}")
        self.finish(result)

    def _check_and_write(self, result: RowResult, kits: list, pdfs: dict) -> None:
        """One team: its PDFs' checks, a proof sheet per language, then the manifests."""
        from datetime import datetime

        from kitgen.pdf.convert import unexpected_fonts
        from kitgen.output import complete_kit
        from kitgen.pdf.proof import proof_sheet

        for folder, manifest, tag in kits:
            folder = Path(folder)
            extra, warnings = {}, []
            for source in ("handout.docx", "deck.pptx"):
                pdf, name = pdfs.get(folder / source), Path(source).with_suffix(".pdf").name
                if not isinstance(pdf, bytes):
                    result.status = "failed"
                    result.problems.append(f"row {result.row} [{tag}]: {pdf}")
                    continue
                odd = unexpected_fonts(pdf)
                if odd:
                    warnings.append(f"{name}: LibreOffice used {', '.join(odd)} instead of Calibri/Carlito")
                extra[name] = pdf
            if result.status == "failed":
                continue  # no manifest: the next run builds this team again
            data = json.loads(manifest)
            documents = [("handout.pdf", extra["handout.pdf"]), ("deck.pdf", extra["deck.pdf"])]
            documents += [(name, (folder / name).read_bytes()) for name in sorted(data["files"])
                          if name.startswith("poster-") and name.endswith(".pdf")]
            when = datetime.fromisoformat(data["date"])
            title = " · ".join(x for x in (data["workplace"], data["team"]) if x)
            proof_pdf, proof_png = proof_sheet(title, f"{tag} · {data['date']}", documents,
                                               list(data["warnings"]) + warnings, when)
            extra["proof.pdf"], extra["proof.png"] = proof_pdf, proof_png
            complete_kit(folder, manifest, extra, warnings, self.output_root)
            result.warnings += [f"[{tag}] {w}" for w in warnings]
        if result.status != "failed":
            result.status = "built"


# -- the batch ------------------------------------------------------------------------

def run_batch(sheet_path: Path, output_root: Path, jobs: int | None = None,
              force: bool = False, strict: bool = False, pdf: bool = False,
              progress: Callable[[RowResult], None] | None = None,
              on_total: Callable[[int], None] | None = None) -> BatchReport:
    """Build every good row of the sheet; rows are streamed, at most a few kits in flight."""
    from kitgen.output import OutputLock

    lib = load_library()
    sheet = Sheet(sheet_path)
    report = BatchReport(sheet.name)
    jobs = max(1, jobs or os.cpu_count() or 1)
    options = f"strict={strict};pdf={pdf}"
    environment = environment_hash(lib)  # once per batch: content, catalogs, templates, version
    output_root = Path(output_root)
    output_root.mkdir(parents=True, exist_ok=True)

    import threading

    guard = threading.Lock()

    def finish(result: RowResult) -> None:
        with guard:
            report.results.append(result)
            if progress:
                progress(result)

    with OutputLock(output_root):
        sweep_staging(output_root)
        rows = list(validated_rows(sheet, lib))  # orders are small; kits are never held
        report.ignored_columns = sheet.ignored_columns
        if on_total:
            on_total(len(rows))
        pending: dict[Future, RowResult] = {}
        limit = jobs * 2
        stage = PdfStage(output_root, finish, instances=min(jobs, 4)) if pdf else None

        def collected(result: RowResult, kits: list) -> None:
            if stage is not None and result.status == "built":
                stage.add(result, kits)  # finished once its PDFs and proof exist
            else:
                finish(result)

        # Kits are built in threads of this one process: typst, zlib, lxml and
        # pdfium (under its lock) work outside the GIL, the text building inside
        # it is a few ms per kit, and the library, templates, fonts and typst's
        # caches exist once instead of once per worker process.
        pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="kitgen-build")
        try:
            for row, order, problems in rows:
                name = " · ".join(str(row.values.get(k, "")) for k in ("workplace", "team")
                                  if row.values.get(k))
                if order is None:
                    finish(RowResult(row.number, name or f"row {row.number}", "failed", problems=problems))
                    continue
                result = RowResult(row.number, name, "", participants=order.participants,
                                   locales=order.locales)
                future = pool.submit(build_team, order, lib, environment, str(output_root), strict,
                                     force, options, not pdf, stage and stage.will_convert)
                pending[future] = result
                while len(pending) >= limit:
                    _collect(pending, collected)
            while pending:
                _collect(pending, collected)
        finally:  # on Ctrl-C: finish the kits being built, start no more
            pool.shutdown(wait=True, cancel_futures=True)
        if stage is not None:
            stage.close()
        report.results.sort(key=lambda r: r.row)
    return report


def _collect(pending: dict[Future, RowResult], collected: Callable[[RowResult, list], None]) -> None:
    done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
    for future in done:
        result = pending.pop(future)
        try:
            status, kits, warnings, problems = future.result()
        except Exception as exc:  # a bug in one kit must not stop the others
            status, kits, warnings, problems = "failed", [], [], [f"row {result.row}: {exc!r}"]
        result.status, result.warnings, result.problems = status, warnings, problems
        result.folders = [folder for folder, _, _ in kits]
        collected(result, kits)
