"""LibreOffice, headless: finding it, and one warm instance behind a uno_bridge.

kitgen's `uno_bridge.py`, run by a Python that has LibreOffice's `uno` module
(Debian: python3-uno), starts a listening `soffice` and converts file after file
over UNO. `Office` is one such bridge with its LibreOffice, in a process group
of its own so that both can be stopped together.
"""

from __future__ import annotations

import importlib.util
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _

# How to install LibreOffice, its Python bridge and the Calibri-metric font, per system.
INSTALL_COMMANDS = {
    "debian": "apt-get install libreoffice-writer-nogui libreoffice-impress-nogui python3-uno "
              "fonts-crosextra-carlito",
    "fedora": "dnf install libreoffice-writer libreoffice-impress libreoffice-pyuno google-carlito-fonts",
    "suse": "zypper install libreoffice-writer libreoffice-impress libreoffice-pyuno google-carlito-fonts",
    "arch": "pacman -S libreoffice-fresh ttf-carlito",
    "darwin": "brew install --cask libreoffice (its own Python has the uno module)",
    "windows": "the installer from https://www.libreoffice.org/download/ (its own Python has the uno module)",
    "other": "LibreOffice from https://www.libreoffice.org/download/ or your system's packages, with its "
             "Python bridge (uno) and the Carlito font",
}
_FAMILIES = {"debian": "debian", "ubuntu": "debian", "linuxmint": "debian", "fedora": "fedora", "rhel": "fedora",
             "centos": "fedora", "rocky": "fedora", "almalinux": "fedora", "opensuse": "suse", "suse": "suse",
             "arch": "arch", "manjaro": "arch"}


def install_hint(platform: str | None = None, os_release: str | None = None) -> str:
    """The install command for this system (`platform` as sys.platform; `os_release`
    the text of /etc/os-release, read when not given)."""
    platform = platform or sys.platform
    if platform == "darwin" or platform.startswith("win"):
        return INSTALL_COMMANDS["darwin" if platform == "darwin" else "windows"]
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
        except OSError:
            os_release = ""
    fields = dict(line.split("=", 1) for line in os_release.splitlines() if "=" in line)
    ids = [fields.get("ID", "")] + fields.get("ID_LIKE", "").split()
    for name in (i.strip().strip('"').lower() for i in ids):
        if name in _FAMILIES:
            return INSTALL_COMMANDS[_FAMILIES[name]]
    return INSTALL_COMMANDS["other"]


FILTERS = {".docx": ("MS Word 2007 XML", "writer_pdf_Export"),  # (import, export)
           ".pptx": ("Impress MS PowerPoint 2007 XML", "impress_pdf_Export")}
EXPECTED_FONTS = ("Carlito", "Calibri", "OpenSymbol")  # OpenSymbol draws list bullets
BRIDGE = Path(__file__).with_name("uno_bridge.py")


JEMALLOC = ("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
            "/usr/lib64/libjemalloc.so.2", "/usr/lib/libjemalloc.so.2")


def _allocator() -> dict[str, str]:
    """LibreOffice spends a tenth of a conversion in malloc and free; with jemalloc
    (Debian: libjemalloc2) preloaded it converts 5-8 % faster. Used when installed;
    KITGEN_LIBREOFFICE_MALLOC=system turns it off."""
    if os.environ.get("KITGEN_LIBREOFFICE_MALLOC") == "system":
        return {}
    for library in JEMALLOC:
        if os.path.exists(library):
            preload = " ".join(x for x in (os.environ.get("LD_PRELOAD"), library) if x)
            return {"LD_PRELOAD": preload}
    return {}


# Where LibreOffice's installers put it when it is not on the PATH (macOS, Windows).
INSTALL_FOLDERS = ("/Applications/LibreOffice.app/Contents/MacOS",
                   r"C:\Program Files\LibreOffice\program", r"C:\Program Files (x86)\LibreOffice\program")


def find_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for folder in INSTALL_FOLDERS:
        for name in ("soffice", "soffice.exe"):
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    return None


@lru_cache(maxsize=1)
def find_uno_python() -> str | None:
    """A Python that can `import uno`: kitgen's own (asked without starting it),
    the system's (Debian's python3-uno installs for /usr/bin/python3), the one
    LibreOffice bundles, or the first python3 on the PATH."""
    if importlib.util.find_spec("uno") is not None:
        return sys.executable
    candidates = ["/usr/bin/python3", "/usr/lib/libreoffice/program/python",
                  "/opt/libreoffice/program/python",
                  "/Applications/LibreOffice.app/Contents/Resources/python",  # macOS: LibreOffice's own
                  *(os.path.join(folder, "python.exe") for folder in INSTALL_FOLDERS[1:]),  # Windows
                  shutil.which("python3")]
    for python in dict.fromkeys(c for c in candidates if c and os.access(c, os.X_OK)):
        try:
            if subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0:
                return python
        except (OSError, subprocess.TimeoutExpired):
            continue
    return None


class ConversionTimeout(Exception):
    pass


def _die_with_parent() -> None:
    """In the bridge, before it runs: SIGTERM when kitgen dies, even by kill -9
    (Linux; elsewhere the bridge ends when its standard input closes). The bridge
    then stops its whole process group, LibreOffice included."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Office:
    """One warm LibreOffice behind a uno_bridge process, in a process group of
    its own (the bridge is its leader) so that both are stopped together."""

    def __init__(self, python: str, soffice: str, profile: Path, env: dict, startup: float,
                 bridge: Path = BRIDGE, record_in: Path | None = None):
        pipe = f"kitgen-{os.getpid()}-{profile.name}-{time.monotonic_ns()}"
        self.proc = subprocess.Popen([python, str(bridge), soffice, profile.as_uri(), pipe],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=env, start_new_session=True,
                                     preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        # The run's folder records the group, so a later kitgen can stop it if
        # this one is killed before it does (see sweep_killed_runs).
        if record_in is not None:
            (record_in / f"{profile.name}.pgid").write_text(str(self.proc.pid))
        assert self.proc.stdin is not None and self.proc.stdout is not None  # both are pipes
        self.stdin, self.stdout = self.proc.stdin, self.proc.stdout
        self.buffer = b""
        self.dead = False
        try:
            if "ready" not in self._reply(startup):
                raise ConversionTimeout
        except ConversionTimeout:
            self.kill()
            raise UserError(Problem("--pdf", "", _("LibreOffice did not start within {seconds} s").format(
                seconds=f"{startup:.0f}"))) from None

    def _reply(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        fd = self.stdout.fileno()
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise ConversionTimeout
            chunk = os.read(fd, 65536)
            if not chunk:  # the bridge died (LibreOffice crashed under it)
                self.dead = True
                return {"error": _("LibreOffice stopped unexpectedly")}
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def send(self, src: Path, dst: Path, lang: str = "") -> bool:
        """Queue a conversion whose PDF declares the language tag `lang`; False
        when the bridge is gone."""
        request = {"src": str(src), "dst": str(dst), "import": FILTERS[src.suffix][0],
                   "filter": FILTERS[src.suffix][1], "lang": lang}
        try:
            self.stdin.write(json.dumps(request).encode() + b"\n")
            self.stdin.flush()
        except (BrokenPipeError, ValueError):
            self.dead = True
            return False
        return True

    def receive(self, timeout: float) -> str | None:
        """None when the oldest queued conversion was written, else the reason it
        was not; ConversionTimeout when it takes longer than `timeout`."""
        return self._reply(timeout).get("error")

    @property
    def alive(self) -> bool:
        return not self.dead and self.proc.poll() is None

    def close(self) -> None:
        try:
            self.stdin.close()
            self.proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


RUN_PREFIX = "kitgen-lo-"


def run_folder() -> Path:
    """A converter's folder: profiles, temporary files and the process groups of
    its LibreOffices; named after the kitgen process that owns it."""
    import tempfile

    sweep_killed_runs()
    return Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-"))


def sweep_killed_runs() -> int:
    """Stop the LibreOffices of runs whose kitgen was killed, and remove their
    folders; returns how many runs were swept."""
    import tempfile

    swept = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{RUN_PREFIX}*"):
        try:
            owner = int(folder.name[len(RUN_PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        if owner == os.getpid() or _alive(owner):
            continue
        for record in folder.glob("*.pgid"):
            try:
                group = int(record.read_text())
            except (OSError, ValueError):
                continue
            if _is_ours(group):
                try:
                    os.killpg(group, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        shutil.rmtree(folder, ignore_errors=True)
        swept += 1
    return swept


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_ours(group: int) -> bool:
    """Whether a process group is still a bridge's or a LibreOffice's (a process
    group id may have been reused by something else since)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return False
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            pgrp = int(stat.rsplit(")", 1)[1].split()[2])
            if pgrp == group:
                cmdline = (entry / "cmdline").read_bytes()
                if b"uno_bridge" in cmdline or b"soffice" in cmdline:
                    return True
        except (OSError, ValueError, IndexError):
            continue
    return False
