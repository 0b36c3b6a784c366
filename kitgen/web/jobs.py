"""Where the web app's work happens: a bounded pool off the event loop, and a
folder per job (a kit, a preview, a batch) with a random id, removed after a
while. No request value ever becomes a path: a job is found by its id in a
table, and its files by the names kitgen gave them."""

from __future__ import annotations

import asyncio
import contextvars
import os
import secrets
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")

KEEP_SECONDS = 3600  # a job's files are removed an hour after it was made


class Pool:
    """Builds run here, at most `workers` at once, never on the event loop."""

    def __init__(self, workers: int | None = None):
        self.executor = ThreadPoolExecutor(max_workers=workers or max(2, os.cpu_count() or 2),
                                           thread_name_prefix="kitgen-web")

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        context = contextvars.copy_context()  # the request's message language goes along
        return await asyncio.get_running_loop().run_in_executor(self.executor, context.run, fn, *args)

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        context = contextvars.copy_context()
        self.executor.submit(context.run, fn, *args)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


@dataclass
class Job:
    id: str
    folder: Path
    kind: str  # kit | preview | batch
    made: float = field(default_factory=time.time)
    state: str = "running"  # running | done | failed
    done: int = 0
    total: int = 0
    failed: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def file(self, name: str) -> Path | None:
        """A file of the job by a name kitgen gave it (no separators, no '..')."""
        if not name or "/" in name or "\\" in name or name.startswith("."):
            return None
        path = self.folder / name
        return path if path.is_file() else None


class Jobs:
    def __init__(self, root: Path | None = None, keep: float = KEEP_SECONDS):
        self.root = Path(root or tempfile.mkdtemp(prefix="kitgen-web-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self.keep = keep
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def new(self, kind: str) -> Job:
        self.sweep()
        job_id = secrets.token_urlsafe(16)
        folder = self.root / job_id
        folder.mkdir(mode=0o700)
        job = Job(job_id, folder, kind)
        with self._lock:
            self._jobs[job_id] = job
        return job

    def get(self, job_id: str, kind: str | None = None) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and (kind is None or job.kind == kind) else None

    def sweep(self) -> None:
        """Forget and remove jobs older than `keep` (their folders and files)."""
        cutoff = time.time() - self.keep
        with self._lock:
            old = [j for j in self._jobs.values() if j.made < cutoff and j.state != "running"]
            for job in old:
                del self._jobs[job.id]
        for job in old:
            shutil.rmtree(job.folder, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
