"""kitgen as a user installs it: the built wheel in a fresh virtualenv outside the
checkout, run from a folder of the user's own. Everything a build needs comes
with the wheel, output lands under ./output, and nothing is written into the
installed package or the checkout (caches go to the user cache folder)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def checkout_state() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(kitgen command, its package folder) of the wheel installed in a new virtualenv."""
    if shutil.which("git") is None:
        pytest.skip("git is needed to see that the checkout stays untouched")
    base = tmp_path_factory.mktemp("install")
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = dist.glob("kitgen-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True, capture_output=True)
    package = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import kitgen, os; "
                                   "print(os.path.dirname(kitgen.__file__))"],
                                  check=True, capture_output=True, text=True, cwd=base).stdout.strip())
    return venv / "bin" / "kitgen", package


def test_the_installed_wheel_builds_every_example_from_any_folder(installed, tmp_path):
    kitgen, package = installed
    assert not package.is_relative_to(ROOT) and (package / "_data" / "content" / "exercises").is_dir()
    work = tmp_path / "work"
    shutil.copytree(ROOT / "examples", work)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path / "home"),
           "COLUMNS": "200", "NO_COLOR": "1"}
    before_package, before_checkout = snapshot(package), checkout_state()

    def run(*args: str) -> subprocess.CompletedProcess:
        result = subprocess.run([str(kitgen), *args], cwd=work, env=env, capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result

    assert run("check").stdout.startswith("ok: ")
    listed = run("list", "exercises").stdout
    assert "core_task_deep_dive" in listed and " 0 exercises" not in listed
    orders = sorted(work.glob("*.yaml"))
    assert len(orders) >= 3
    for order in orders:
        run("build", order.name)
    run("batch", "teams.xlsx")
    kits = list((work / "output").glob("*/*/manifest.json"))
    assert len(kits) >= 2 * len(orders)
    assert snapshot(package) == before_package, "the installed package was written to"
    assert checkout_state() == before_checkout, "the checkout was written to"
    written = {p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("*") if p.is_file()}
    assert written <= {"work", "cache", "home"}
