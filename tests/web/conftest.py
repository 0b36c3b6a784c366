"""The web app under test: a TestClient on a fresh app (API tests) and a real
uvicorn server on a free port (browser tests)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

ORDER = {
    "workplace": "Borgerservice Nordby Kommune",
    "team": "Team Pas og Kørekort",
    "core_task": "Vi hjælper borgerne hurtigt og korrekt videre.",
    "sector": "public",
    "locale": ["da"],
    "date": "2026-12-03",
    "start": "09:00",
    "exercises": ["core_task_deep_dive", "psych_safety_team_scan", "trial_actions"],
    "facilitator": "HR-partner",
    "participants": 14,
}


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    from kitgen.web.app import create_app

    return create_app(jobs_root=tmp_path_factory.mktemp("jobs"))


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture
def order() -> dict:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in ORDER.items()}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A real uvicorn server in a thread, on a workspace of its own: (address, workspace folder)."""
    import uvicorn

    from kitgen import workspace
    from kitgen.content.library import load_library
    from kitgen.scaffold import init_workspace
    from kitgen.web.app import create_app

    folder = tmp_path_factory.mktemp("ws") / "kits"
    init_workspace(folder, load_library())
    app = create_app(workspace.read(folder), jobs_root=tmp_path_factory.mktemp("server-jobs"))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the kitgen web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", folder
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def server(served) -> str:
    return served[0]
