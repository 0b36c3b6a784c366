"""Writing a kit to disk: atomic files inside the output folder, and the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .errors import Problem, UserError
from .model import Kit

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "output"


def kit_dir(output_root: Path, slug: str, lang: str) -> Path:
    """output/<slug>/<lang>, refusing anything that would leave output_root."""
    root = output_root.resolve()
    target = (root / slug / lang).resolve()
    if not target.is_relative_to(root) or target == root:
        raise UserError(Problem("", "workplace", f"would write outside {root}"))
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, then rename over the target.

    A crash leaves either the old file or the new one, never half of one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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
             warnings: tuple[str, ...] | None = None) -> bytes:
    data = {
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


def write_kit(kit: Kit, files: dict[str, bytes], output_root: Path = OUTPUT_DIR,
              order_source: str = "", warnings: tuple[str, ...] | None = None) -> Path:
    """Write every built file, then the manifest last (its presence means complete)."""
    target = kit_dir(output_root, kit.slug, kit.lang)
    for name, blob in files.items():
        write_atomic(target / name, blob)
    write_atomic(target / "manifest.json", manifest(kit, files, order_source, warnings))
    return target
