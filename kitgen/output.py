"""Writing a kit to disk: atomic files inside the output folder, and the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from kitgen.errors import Problem, UserError
from kitgen.kit.model import Kit



def kit_dir(output_root: Path, slug: str, lang: str) -> Path:
    """output/<slug>/<lang>, refusing anything that would leave output_root."""
    root = output_root.resolve()
    target = (root / slug / lang).resolve()
    if not target.is_relative_to(root) or target == root:
        raise UserError(Problem("", "workplace", f"would write outside {root}"))
    return target


def staging_dir(output_root: Path) -> Path:
    """Where files are written before they are renamed into place: beside the
    output folder (same file system, so the rename is atomic), never inside it."""
    root = Path(output_root).resolve()
    return root.parent / f".{root.name}.partial"


def sweep_staging(output_root: Path) -> int:
    """Remove what a killed run left half-written; returns how many files."""
    staging = staging_dir(output_root)
    count = 0
    if staging.is_dir():
        for leftover in staging.glob("*.tmp"):
            leftover.unlink(missing_ok=True)
            count += 1
    return count


class OutputLock:
    """One writer per output folder at a time (a second run waits, then goes on)."""

    def __init__(self, output_root: Path):
        self.path = staging_dir(output_root) / "lock"

    def __enter__(self):
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("w")
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        import fcntl

        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def write_atomic(path: Path, data: bytes, staging: Path | None = None) -> None:
    """Write to a temp file, fsync, then rename over the target.

    A crash leaves either the old file or the new one, never half of one. With
    `staging`, the temp file lives there (outside the output folder) so even a
    kill -9 leaves nothing partial in the output folder.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    where = staging or path.parent
    where.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=where, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def manifest(kit: Kit, files: dict[str, bytes], order_source: str = "",
             warnings: tuple[str, ...] | None = None, inputs: str = "") -> bytes:
    data = {
        "inputs": inputs,  # hash of everything the kit was built from (batch skips on it)
        "kitgen_version": kit.kitgen_version,
        "content_version": kit.content_version,
        "order": order_source,
        "workplace": kit.workplace,
        "team": kit.team,
        "locale": kit.language_tag,
        "date": kit.date.isoformat(),
        "files": {name: {"sha256": hashlib.sha256(blob).hexdigest(), "bytes": len(blob)}
                  for name, blob in sorted(files.items())},
        "warnings": list(kit.warnings if warnings is None else warnings),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_kit(kit: Kit, files: dict[str, bytes], output_root: Path,
              order_source: str = "", warnings: tuple[str, ...] | None = None,
              inputs: str = "", with_manifest: bool = True) -> tuple[Path, bytes]:
    """Write every built file, then the manifest last: a manifest means the kit is
    complete, so the old one goes first and a run killed half-way is rebuilt.
    Returns the folder and the manifest (written unless `with_manifest` is off,
    for callers that add files first, such as PDF versions)."""
    target = kit_dir(output_root, kit.slug, kit.lang)
    staging = staging_dir(output_root)
    (target / "manifest.json").unlink(missing_ok=True)
    for name, blob in files.items():
        write_atomic(target / name, blob, staging)
    data = manifest(kit, files, order_source, warnings, inputs)
    if with_manifest:
        write_atomic(target / "manifest.json", data, staging)
    return target, data


def complete_kit(folder: Path, manifest_data: bytes, extra: dict[str, bytes],
                 warnings: list[str], output_root: Path) -> None:
    """Add files (PDF versions, proof sheet) to a written kit and write its manifest."""
    data = json.loads(manifest_data)
    staging = staging_dir(output_root)
    for name, blob in extra.items():
        write_atomic(folder / name, blob, staging)
        data["files"][name] = {"sha256": hashlib.sha256(blob).hexdigest(), "bytes": len(blob)}
    data["files"] = dict(sorted(data["files"].items()))
    data["warnings"] = list(data["warnings"]) + list(warnings)
    write_atomic(folder / "manifest.json",
                 (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), staging)
