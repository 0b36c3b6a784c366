"""Files replaced in one step: a reader sees the old file or the new one, never half.

One way to do it for everything kitgen writes: kits in the output folder
(kitgen.output, which turns a failure into a message naming the path) and the
user cache (compiled catalogs, the parsed library, print-ready logos), where
another kitgen may write the same entry at the same moment.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable


def replace_atomically(path: Path, content: bytes | Callable[[BinaryIO], object], folder: Path | None = None,
                       durable: bool = False, mode: int | None = None) -> None:
    """Write `content` (bytes, or a function writing into a binary file) to a temp
    file in `folder` (default: beside `path`, which must be on the same file
    system), then rename it over `path`. `durable` fsyncs first, so that a power
    cut cannot leave an empty file under the new name. On any failure the temp
    file is removed and the exception (OSError for the disk) goes to the caller."""
    fd, tmp = tempfile.mkstemp(dir=folder or path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(content, bytes):
                f.write(content)
            else:
                content(f)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)  # mkstemp makes it 0600; a kit's files are for others to read too
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
