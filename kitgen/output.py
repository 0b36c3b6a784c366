"""Writing kits to disk: atomic files inside the output folder, the manifest
last, and the typed record (`BuiltKit`) the stages after a build work from.

A kit folder is output/<slug>/<lang>/ and belongs to kitgen: its manifest lists
every file that belongs to the kit and what each is for. Files are written
through a staging folder beside the output folder and renamed into place, so a
run killed at any moment leaves no partial file; the manifest is written last,
so a kit without one is incomplete and is built again.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Mapping

from kitgen.atomic import replace_atomically
from kitgen.builders.registry import FileRole, PrintSpec
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import N_, _
from kitgen.kit.model import Kit


def kit_dir(output_root: Path, slug: str, lang: str) -> Path:
    """output/<slug>/<lang>, refusing anything that would leave output_root."""
    root = output_root.resolve()
    target = (root / slug / lang).resolve()
    if not target.is_relative_to(root) or target == root:
        raise UserError(Problem("", "workplace", _("would write outside {folder}").format(folder=root)))
    return target


def prepare_output(output_root: Path) -> Path:
    """The output folder, made if needed; a file in its place or a folder kitgen
    may not write to is a UserError saying so, before anything is built."""
    root = Path(output_root)
    if root.exists() and not root.is_dir():
        raise UserError(Problem(str(root), "--output", _("is a file, not a folder; give a folder for the kits")))
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=root, prefix=".kitgen-probe-")
        probe.close()
    except OSError as exc:
        raise disk_error(exc, root, what=N_("cannot write into the output folder")) from None
    return root


INNER_STAGING = ".kitgen.partial"


def staging_dir(output_root: Path) -> Path:
    """Where files are written before they are renamed into place: beside the
    output folder (same file system, so the rename is atomic), so that a killed
    run leaves nothing at all in it. When kitgen may write into the output
    folder but not beside it (a USB stick's mount point, a share whose parent
    belongs to someone else), a hidden folder at its top instead: still the same
    file system, and never taken for a kit (kit folders are never hidden)."""
    root = Path(output_root).resolve()
    beside = root.parent / f".{root.name}.partial"
    if beside.is_dir() and os.access(beside, os.W_OK | os.X_OK):
        return beside
    if not beside.exists() and os.access(root.parent, os.W_OK | os.X_OK):
        return beside
    return root / INNER_STAGING


def sweep_staging(output_root: Path) -> int:
    """Remove what a killed run left half-written; returns how many files."""
    root = Path(output_root).resolve()
    count = 0
    for staging in {staging_dir(root), root.parent / f".{root.name}.partial", root / INNER_STAGING}:
        if staging.is_dir():
            for leftover in staging.glob("*.tmp"):
                try:
                    leftover.unlink(missing_ok=True)
                    count += 1
                except OSError:  # another's staging folder we may not write to: not ours to clean
                    break
    return count


class OutputLock:
    """One writer per output folder at a time (a second run waits, then goes on)."""

    def __init__(self, output_root: Path):
        self.path = staging_dir(output_root) / "lock"

    def __enter__(self) -> "OutputLock":
        import fcntl  # POSIX only; imported where it is used

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = self.path.open("w")
        except OSError as exc:
            raise disk_error(exc, self.path.parent, what=N_("cannot write into the output folder")) from None
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        import fcntl

        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def write_atomic(path: Path, data: bytes, staging: Path | None = None) -> None:
    """Write to a temp file, fsync, then rename over the target.

    A crash leaves either the old file or the new one, never half of one. With
    `staging`, the temp file lives there (outside the output folder) so even a
    kill -9 leaves nothing partial in the output folder. A file-system failure
    (full disk, no permission, a file where a folder should be) is a UserError
    naming the path, with the temp file removed.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if staging is not None:
            staging.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, data, folder=staging, durable=True, mode=0o644)
    except OSError as exc:
        raise disk_error(exc, path) from None


_DISK_ERRORS = {
    # NOTE: why a file could not be written: "cannot write the file: <this>; nothing was half-written"
    errno.ENOSPC: N_("the disk is full"), errno.EDQUOT: N_("the disk quota is used up"),
    errno.EACCES: N_("kitgen may not write there"), errno.EPERM: N_("kitgen may not write there"),
    errno.EROFS: N_("the folder is read-only"), errno.ENOTDIR: N_("a file is in the way of a folder"),
    errno.EEXIST: N_("a file is in the way of a folder"), errno.EISDIR: N_("a folder is in the way of a file"),
    errno.ENAMETOOLONG: N_("the name is too long for the file system"),
}


def disk_error(exc: OSError, path: Path | str | None = None, what: str = N_("cannot write the file")) -> UserError:
    """`what` (an N_ message) failed for `path` (else the file the error names),
    and why, in the user's words: never Python's "[Errno 28] …"."""
    path = path if path is not None else (exc.filename or "")
    known = _DISK_ERRORS.get(exc.errno or 0)
    why = _(known) if known else (exc.strerror or _("the file system refused"))
    return UserError(Problem(str(path), "", _("{what}: {why}; nothing was half-written").format(what=_(what),
                                                                                            why=why)))


@dataclass(frozen=True)
class KitFile:
    role: FileRole
    sha256: str
    size: int


def _entries(files: Mapping[str, bytes], roles: Mapping[str, FileRole]) -> dict[str, KitFile]:
    return {name: KitFile(roles[name], hashlib.sha256(blob).hexdigest(), len(blob))
            for name, blob in sorted(files.items())}


@dataclass(frozen=True)
class BuiltKit:
    """One language's kit as written: what the stages after a build (PDF
    versions, proof sheet, print pack) and a skipped rebuild work from."""

    folder: Path
    lang: str
    language_tag: str
    workplace: str
    team: str
    date: date
    participants: int
    bleed_mm: float
    files: Mapping[str, KitFile]
    warnings: tuple[str, ...] = ()
    inputs: str = ""  # hash of everything the kit was built from (batch skips on it)
    order: str = ""  # the order's file or sheet row
    versions: tuple[str, str] = ("", "")  # kitgen, content
    session_title: str = ""
    created: str = ""  # ISO date-time the kit is stamped with

    @property
    def title(self) -> str:
        return " · ".join(x for x in (self.workplace, self.team) if x)

    def manifest(self) -> bytes:
        data = {
            "inputs": self.inputs,
            "kitgen_version": self.versions[0], "content_version": self.versions[1],
            "order": self.order, "workplace": self.workplace, "team": self.team,
            "title": self.session_title, "lang": self.lang, "locale": self.language_tag,
            "date": self.date.isoformat(), "created": self.created,
            "participants": self.participants, "print": {"bleed_mm": self.bleed_mm},
            "files": {name: {"sha256": f.sha256, "bytes": f.size, "kind": f.role.kind,
                             "pdf_version": f.role.pdf_version, "proof": f.role.proof,
                             "print": _print_dict(f.role.printed)}
                      for name, f in sorted(self.files.items())},
            "warnings": list(self.warnings),
        }
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    @classmethod
    def read(cls, folder: Path) -> "BuiltKit | None":
        """The kit recorded in folder/manifest.json; None when there is none or it
        is not one this kitgen wrote (then the kit is simply built again)."""
        try:
            data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            files = {name: KitFile(FileRole(name, e["kind"], e["pdf_version"], _print_spec(e["print"]),
                                            e["proof"]), e["sha256"], e["bytes"])
                     for name, e in data["files"].items()}
            return cls(folder=folder, lang=data["lang"], language_tag=data["locale"],
                       workplace=data["workplace"], team=data["team"],
                       date=date.fromisoformat(data["date"]), participants=data["participants"],
                       bleed_mm=float(data["print"]["bleed_mm"]), files=files,
                       warnings=tuple(data["warnings"]), inputs=data["inputs"], order=data["order"],
                       versions=(data["kitgen_version"], data["content_version"]),
                       session_title=data["title"], created=data["created"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def complete(self) -> bool:
        """Every file the manifest lists is there, at its size."""
        for name, entry in self.files.items():
            path = self.folder / name
            if not path.is_file() or path.stat().st_size != entry.size:
                return False
        return True

    def pdf(self, role: FileRole) -> Path | None:
        """The PDF of a file: itself when it is one, else its PDF version when made."""
        name = role.pdf_name
        return self.folder / name if name in self.files else None


def _print_dict(spec: PrintSpec | None) -> dict | None:
    return None if spec is None else {"copies": spec.copies, "duplex": spec.duplex, "colour": spec.colour}


def _print_spec(data: dict | None) -> PrintSpec | None:
    return None if data is None else PrintSpec(data["copies"], bool(data["duplex"]), data["colour"])


# What kitgen may have written into a kit folder: anything else there is not ours.
_OURS = (".docx", ".pptx", ".pdf", ".png")


def write_kit(kit: Kit, files: dict[str, bytes], roles: Mapping[str, FileRole], output_root: Path,
              order_source: str = "", warnings: tuple[str, ...] | None = None, inputs: str = "",
              bleed_mm: float = 3.0, with_manifest: bool = True) -> BuiltKit:
    """Write every built file, then the manifest last: a manifest means the kit is
    complete, so the old one goes first and a run killed half-way is rebuilt.
    Files of an earlier build that this one did not make (a PDF version from an
    earlier --pdf run, a poster no longer ordered) are removed once the new
    files are in place. Without `with_manifest` the caller adds files (PDF
    versions, proof sheet) and writes it with `complete_kit`."""
    target = kit_dir(output_root, kit.slug, kit.lang)
    staging = staging_dir(output_root)
    old = BuiltKit.read(target)
    (target / "manifest.json").unlink(missing_ok=True)
    for name, blob in files.items():
        write_atomic(target / name, blob, staging)
    built = BuiltKit(
        folder=target, lang=kit.lang, language_tag=kit.language_tag, workplace=kit.workplace,
        team=kit.team, date=kit.date, participants=kit.participants, bleed_mm=bleed_mm,
        files=_entries(files, roles), warnings=tuple(kit.warnings if warnings is None else warnings),
        inputs=inputs, order=order_source, versions=(kit.kitgen_version, kit.content_version),
        session_title=kit.session_title, created=kit.created.isoformat())
    _remove_stale(target, set(files), old)
    if with_manifest:
        write_atomic(target / "manifest.json", built.manifest(), staging)
    return built


def _remove_stale(folder: Path, keep: set[str], old: BuiltKit | None) -> None:
    stale = set(old.files) if old is not None else set()
    stale |= {p.name for p in folder.iterdir() if p.is_file() and p.suffix in _OURS}
    for name in sorted(stale - keep):
        (folder / name).unlink(missing_ok=True)


def complete_kit(built: BuiltKit, extra: dict[str, tuple[FileRole, bytes]], warnings: list[str],
                 output_root: Path) -> BuiltKit:
    """Add files (PDF versions, proof sheet) to a written kit and write its manifest."""
    staging = staging_dir(output_root)
    for name, (_role, blob) in extra.items():
        write_atomic(built.folder / name, blob, staging)
    files = dict(built.files)
    files.update(_entries({n: b for n, (_r, b) in extra.items()}, {n: r for n, (r, _b) in extra.items()}))
    done = replace(built, files=dict(sorted(files.items())), warnings=built.warnings + tuple(warnings))
    write_atomic(built.folder / "manifest.json", done.manifest(), staging)
    return done
