"""kill -9 of a `--pdf` batch: its LibreOffice dies with it (the bridge's parent
death signal), and the next run removes the folder the killed one left."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kitgen.pdf import libreoffice
from kitgen.pdf.libreoffice import RUN_PREFIX, sweep_killed_runs

from tests.conftest import ROOT
from tests.test_batch import GOOD, write_csv

linux = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc (Linux)")


def offices_of(pid):
    """The LibreOffice processes of the kitgen process `pid`: their TMPDIR is in its run folder."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline, environ = (entry / "cmdline").read_bytes(), (entry / "environ").read_bytes()
            except OSError:
                continue
            if b"soffice" in cmdline and f"/{RUN_PREFIX}{pid}-".encode() in environ:
                found.append(int(entry.name))
    return found


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@linux
@pytest.mark.skipif(not (libreoffice.find_soffice() and libreoffice.find_uno_python()),
                    reason="LibreOffice with its Python bridge is not installed")
def test_kill_9_of_a_pdf_batch_leaves_no_libreoffice_and_the_next_run_cleans_up(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    sheet = write_csv(tmp_path / "teams.csv", GOOD[:1])
    command = [sys.executable, "-m", "kitgen.cli", "batch", str(sheet), "-o", str(tmp_path / "out"), "--pdf"]
    killed = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: offices_of(killed.pid), 60), "LibreOffice did not start"
    finally:
        killed.send_signal(signal.SIGKILL)  # kitgen alone: the bridge and LibreOffice are not told
        killed.wait()
    assert wait_for(lambda: not offices_of(killed.pid), 5), "LibreOffice outlived the kitgen that started it"
    assert list(temp.glob(f"{RUN_PREFIX}{killed.pid}-*"))  # left behind; the next run removes it

    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert list(temp.glob(f"{RUN_PREFIX}*")) == []
    assert list((tmp_path / "out").glob("*/da/handout.pdf"))


@linux
def test_a_later_run_stops_a_killed_runs_libreoffice_and_removes_its_folder(tmp_path, monkeypatch):
    """Where the parent death signal did not reach it (another system, a bridge
    that ignored it): the folder records the process group, and the next run
    stops that group if it is still a LibreOffice's, then removes the folder."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a kitgen that is no longer running
    # stands in for a bridge whose kitgen was killed: its command line names uno_bridge
    orphan = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "uno_bridge"],
                              start_new_session=True)
    try:
        stale = tmp_path / f"{RUN_PREFIX}{gone.pid}-x"
        (stale / "profile0").mkdir(parents=True)
        (stale / "profile0.pgid").write_text(str(orphan.pid))
        mine = tmp_path / f"{RUN_PREFIX}{os.getpid()}-y"  # this process's own: left alone
        mine.mkdir()
        assert sweep_killed_runs() == 1
        assert orphan.wait(timeout=5) == -signal.SIGKILL
        assert not stale.exists() and mine.exists()
    finally:
        if orphan.poll() is None:
            orphan.kill()
            orphan.wait()
