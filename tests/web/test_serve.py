"""`kitgen serve` as a user starts it: a real process, its address, its warnings."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

from tests.web.conftest import _free_port

KITGEN = [sys.executable, "-m", "kitgen"]


def _start(*args: str, cwd=None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([*KITGEN, "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=cwd)


def _wait_up(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"kitgen serve exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("kitgen serve did not answer")


def test_serve_prints_its_address_and_serves_the_workspace(tmp_path):
    ws = tmp_path / "kits"
    assert subprocess.run([*KITGEN, "init", str(ws)], capture_output=True).returncode == 0
    port = _free_port()
    proc = _start("--port", str(port), "--workspace", str(ws))
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_up(url, proc)
        start = httpx.get(url + "/")
        assert start.status_code == 200 and 'lang="da"' in start.text
        assert "eksempel.yaml" in start.text  # the workspace's example order is listed
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out
    assert str(ws) in out
    assert "Traceback" not in err


def test_another_host_warns_that_the_network_can_use_it(tmp_path):
    port = _free_port()
    proc = _start("--host", "0.0.0.0", "--port", str(port), cwd=tmp_path)
    try:
        _wait_up(f"http://127.0.0.1:{port}", proc)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "0.0.0.0" in err and "network" in err


def test_a_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = subprocess.run([*KITGEN, "serve", "--port", str(port)], capture_output=True, text=True,
                           cwd=tmp_path, timeout=60)
    assert r.returncode == 1
    assert f"127.0.0.1:{port}" in r.stderr and f"--port {port + 1}" in r.stderr
    assert "Traceback" not in r.stderr
