"""What kitgen tells a user to install LibreOffice with, on their own system."""

import pytest

from kitgen.pdf.libreoffice import install_hint


@pytest.mark.parametrize("platform, os_release, expected", [
    ("linux", 'ID=debian\nVERSION_CODENAME=bookworm\n', "apt-get install libreoffice-writer-nogui"),
    ("linux", 'ID=ubuntu\nID_LIKE=debian\n', "apt-get install"),
    ("linux", 'ID="rocky"\nID_LIKE="rhel centos fedora"\n', "dnf install libreoffice-writer"),
    ("linux", 'ID=fedora\n', "libreoffice-pyuno"),
    ("linux", 'ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n', "zypper install"),
    ("linux", 'ID=manjaro\nID_LIKE=arch\n', "pacman -S libreoffice-fresh"),
    ("linux", 'ID=nixos\n', "libreoffice.org"),
    ("linux", '', "libreoffice.org"),
    ("darwin", None, "brew install --cask libreoffice"),
    ("win32", None, "the installer from https://www.libreoffice.org"),
])
def test_the_install_hint_knows_the_system(platform, os_release, expected):
    hint = install_hint(platform, os_release)
    assert expected in hint
    if platform != "linux" or "debian" not in (os_release or ""):
        assert "apt-get" not in hint


def test_this_machine_gets_a_hint():
    assert install_hint()
