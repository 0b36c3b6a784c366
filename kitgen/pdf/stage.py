"""The PDF stage of a batch: PDF versions, proof sheets and manifests, beside
the build threads.

One thread per warm LibreOffice only converts, taking the next finished team as
soon as its LibreOffice is free; a finishing thread checks the PDFs, makes the
proof sheet and writes the files, so no LibreOffice waits for that. The
LibreOffices start as soon as the first kit is known to need building, one
after the other, while it is built. Which files get a PDF version and which go
on the proof sheet is what each file's role says (kitgen.builders.registry).
"""

from __future__ import annotations

import contextvars
import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kitgen.builders.registry import FileRole
from kitgen.i18n.messages import _
from kitgen.output import BuiltKit, complete_kit, disk_error
from kitgen.pdf.convert import Converter
from kitgen.pdf.fonts import unexpected_fonts
from kitgen.pdf.proof import proof_sheet

if TYPE_CHECKING:  # batch imports this module; only the type goes the other way
    from kitgen.batch import RowResult

PROOF_ORDER = ("handout", "deck", "poster")  # as a reader meets them
PROOF_PDF = FileRole("proof.pdf", "proof")
PROOF_PNG = FileRole("proof.png", "preview")


def pdf_role(role: FileRole) -> FileRole:
    """The role of a file's PDF version. The original's role says whether it is
    printed and proofed (as its `pdf_name`), so the version itself says neither."""
    return FileRole(role.pdf_name, role.kind)


class PdfStage:
    def __init__(self, output_root: Path, finish: Callable[[RowResult], None], instances: int = 1,
                 strict: bool = False):
        self.converter = Converter(instances=instances)
        self.output_root, self.finish, self.strict = output_root, finish, strict
        self.queue: queue.Queue = queue.Queue()
        self.needed = threading.Event()  # set once a kit will need converting
        self.unused = False  # set when the batch ends without converting anything
        self.finisher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kitgen-proof")
        # Each thread writes its messages in this one's language (a new thread starts with an empty context).
        self.threads = [threading.Thread(target=contextvars.copy_context().run, args=(self._run,),
                                         name=f"kitgen-pdf-{n}", daemon=True) for n in range(instances)]
        for thread in self.threads:
            thread.start()

    def will_convert(self) -> None:
        """A kit is being built that will come here: time to start LibreOffice."""
        self.needed.set()

    def add(self, result: RowResult) -> None:
        self.needed.set()
        self.queue.put(result)

    def close(self) -> None:
        if not self.needed.is_set():
            self.unused = True
            self.needed.set()
        for _thread in self.threads:
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
        while (result := self.queue.get()) is not None:
            sources = pdf_sources(result.kits)
            try:
                pdfs = self.converter.convert(sources)
            except OSError as exc:  # in words, never "[Errno 28] …" in the summary
                failed = _("PDF conversion failed ({error})").format(error=disk_error(exc))
                pdfs = {src: failed for src, _lang in sources}
            except Exception as exc:  # the converter itself broke: this team fails, others go on
                failed = _("PDF conversion failed ({error})").format(error=exc)
                pdfs = {src: failed for src, _lang in sources}
            self.finisher.submit(contextvars.copy_context().run, self._complete, result, pdfs)

    def _complete(self, result: RowResult, pdfs: dict) -> None:
        try:
            self._check_and_write(result, pdfs)
        except OSError as exc:  # a file system's refusal, in words
            result.status = "failed"
            result.problems.append(_("row {row}: {error}").format(row=result.row, error=disk_error(exc)))
        except Exception as exc:  # a bug or a full disk in one team must not lose the others
            result.status = "failed"
            result.problems.append(_("row {row}: {error}").format(row=result.row, error=exc))
        self.finish(result)

    def _check_and_write(self, result: RowResult, pdfs: dict) -> None:
        """One team: its PDFs' checks, a proof sheet per language, then the manifests."""
        done, warnings, problems = add_pdf_versions(result.kits, pdfs, self.output_root, self.strict)
        # NOTE: {problem} is "[da-DK]: why the PDF failed"
        result.problems += [_("row {row} {problem}").format(row=result.row, problem=p) for p in problems]
        if problems:
            result.status = "failed"  # no manifest: the next run builds this team again
            return
        result.warnings += warnings
        result.status, result.kits = "built", done


def pdf_sources(kits: list[BuiltKit]) -> list[tuple[Path, str]]:
    """(file, language tag) of every file of these kits that gets a PDF version."""
    return [(kit.folder / name, kit.language_tag) for kit in kits
            for name, entry in kit.files.items() if entry.role.pdf_version]


def add_pdf_versions(kits: list[BuiltKit], pdfs: dict, output_root: Path, strict: bool = False
                     ) -> tuple[list[BuiltKit], list[str], list[str]]:
    """Check each converted PDF, make each kit's proof sheet and write the files
    with the manifest. (kits as written, warnings, problems): with any problem
    nothing is written, so the next run builds the team again. With `strict`,
    a warning about a PDF (a font LibreOffice put in place of Carlito) is a problem."""
    staged = []
    warnings: list[str] = []
    problems: list[str] = []
    for kit in kits:
        extra: dict[str, tuple[FileRole, bytes]] = {}
        kit_warnings = []
        for name, entry in kit.files.items():
            if not entry.role.pdf_version:
                continue
            pdf = pdfs.get(kit.folder / name)
            if not isinstance(pdf, bytes):
                if (problem := f"[{kit.language_tag}]: {pdf}") not in problems:  # a full temp folder: once
                    problems.append(problem)
                continue
            role = pdf_role(entry.role)
            odd = unexpected_fonts(pdf)
            if odd:
                kit_warnings.append(_("{file}: LibreOffice used {fonts} instead of Calibri/Carlito").format(
                    file=role.name, fonts=", ".join(odd)))
            extra[role.name] = (role, pdf)
        if strict:
            problems += [f"[{kit.language_tag}]: {w}" for w in kit_warnings]
        staged.append((kit, extra, kit_warnings))
    if problems:
        return kits, [], problems
    done = []
    for kit, extra, kit_warnings in staged:
        extra.update(_proof(kit, extra, kit_warnings))
        done.append(complete_kit(kit, extra, kit_warnings, output_root))
        warnings += [f"[{kit.language_tag}] {w}" for w in kit_warnings]
    return done, warnings, problems


def _proof(kit: BuiltKit, made: dict[str, tuple[FileRole, bytes]],
           warnings: list[str]) -> dict[str, tuple[FileRole, bytes]]:
    """proof.pdf and proof.png: every proof file's pages, in the kit's file order."""
    documents = []
    shown = sorted((e.role for e in kit.files.values() if e.role.proof),
                   key=lambda r: (PROOF_ORDER.index(r.kind) if r.kind in PROOF_ORDER else 9, r.name))
    for role in shown:
        pdf_name = role.pdf_name
        blob = made[pdf_name][1] if pdf_name in made else (kit.folder / pdf_name).read_bytes()
        documents.append((pdf_name, blob))
    when = datetime.fromisoformat(kit.created) if kit.created else datetime.combine(kit.date, datetime.min.time())
    proof_pdf, proof_png = proof_sheet(kit.title, f"{kit.language_tag} · {kit.date.isoformat()}",
                                       documents, list(kit.warnings) + warnings, when)
    return {"proof.pdf": (PROOF_PDF, proof_pdf), "proof.png": (PROOF_PNG, proof_png)}
