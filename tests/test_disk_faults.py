"""The file system says no: a full disk, a read-only or unwritable folder, a file
where the output folder should be. `kitgen build` and `kitgen batch` say so in
words, naming the path, exit 1 without a traceback or Python's "[Errno …]", and
leave nothing half-written."""

import errno
import os
import sys
import tempfile

import pytest
from typer.testing import CliRunner

from kitgen.cli import app
from kitgen.errors import UserError
from kitgen.output import INNER_STAGING, staging_dir, write_atomic

from tests.conftest import BASE_ORDER
from tests.test_batch import GOOD, write_csv

RAW = ("Traceback", "Errno", "OSError", "bug in kitgen")


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def files_in(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def leftovers(out):
    """Half-written temp files, wherever kitgen stages them."""
    return [p for place in (staging_dir(out), out / INNER_STAGING) for p in place.glob("*.tmp")]


@pytest.fixture
def order(tmp_path):
    path = tmp_path / "order.yaml"
    path.write_text(BASE_ORDER, encoding="utf-8")
    return path


@pytest.fixture
def full_disk(monkeypatch):
    """Every file kitgen writes fails as on a full disk (at fsync, after the data)."""
    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)


def test_a_full_disk_in_build_is_said_in_words_and_leaves_no_file(tmp_path, order, full_disk):
    out = tmp_path / "out"
    code, text = run("build", order, "-o", out)
    assert code == 1, text
    assert "cannot write the file: the disk is full; nothing was half-written" in text
    assert str(out) in text
    assert not any(raw in text for raw in RAW), text
    assert files_in(out) == [] and leftovers(out) == []


def test_a_full_disk_in_batch_is_said_in_words_in_the_summary(tmp_path, full_disk):
    sheet = write_csv(tmp_path / "teams.csv", GOOD)
    out = tmp_path / "out"
    code, text = run("batch", sheet, "-o", out, "-j", "2")
    assert code == 1, text
    assert text.count("the disk is full") == 2, text  # one line per team, each naming its file
    assert "failed 2" in text
    assert not any(raw in text for raw in RAW), text
    assert [p for p in files_in(out) if p.name != "lock"] == [] and leftovers(out) == []


def test_a_read_only_output_folder(tmp_path, order, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    # kitgen tries a probe file in the output folder before it builds anything
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", read_only)
    out = tmp_path / "out"
    sheet = write_csv(tmp_path / "teams.csv", GOOD)
    for args in (("build", order), ("batch", sheet)):
        code, text = run(*args, "-o", out)
        assert code == 1, text
        assert f"{out}: cannot write into the output folder: the folder is read-only" in text
        assert not any(raw in text for raw in RAW), text


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_output_folder(tmp_path, order):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        code, text = run("build", order, "-o", out)
    finally:
        out.chmod(0o700)
    assert code == 1 and f"{out}: cannot write into the output folder: kitgen may not write there" in text


def test_output_pointing_at_a_file(tmp_path, order):
    out = tmp_path / "out.txt"
    out.write_text("not a folder")
    sheet = write_csv(tmp_path / "teams.csv", GOOD)
    for args in (("build", order), ("build", order, "--pdf"), ("batch", sheet), ("batch", sheet, "--pdf")):
        code, text = run(*args, "-o", out)
        assert code == 1, text
        assert f"{out}: --output: is a file, not a folder" in text
        assert not any(raw in text for raw in RAW), text
    assert out.read_text() == "not a folder"


def test_a_file_in_the_way_of_a_kit_folder(tmp_path):
    target = tmp_path / "out" / "team" / "da" / "handout.docx"
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "team").write_text("a file where the kit's folder goes")
    with pytest.raises(UserError) as caught:
        write_atomic(target, b"data", tmp_path / "staging")
    assert str(caught.value).endswith("cannot write the file: a file is in the way of a folder; "
                                      "nothing was half-written")


def test_output_folder_whose_parent_is_not_writable(tmp_path, order, monkeypatch):
    """A USB stick's mount point or a share: kitgen may write into the output
    folder but not beside it, so it stages inside it, in a hidden folder."""
    out = tmp_path / "out"
    real_access = os.access

    def parent_read_only(path, mode, **kw):
        return False if os.path.realpath(path) == str(tmp_path.resolve()) and mode & os.W_OK else \
            real_access(path, mode, **kw)

    monkeypatch.setattr(os, "access", parent_read_only)
    out.mkdir()
    assert staging_dir(out) == out.resolve() / INNER_STAGING
    sheet = write_csv(tmp_path / "teams.csv", GOOD)
    for args in (("build", order), ("batch", sheet)):
        code, text = run(*args, "-o", out)
        assert code == 0, text
    assert not (tmp_path / ".out.partial").exists()
    assert leftovers(out) == []
    assert len(list(out.glob("*/*/manifest.json"))) == 4  # order: da; sheet: da, da + en


def test_a_full_temp_folder_for_libreoffice_is_said_in_words(tmp_path, monkeypatch):
    from kitgen.pdf import convert

    def no_space():
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "kitgen-lo-1"))

    monkeypatch.setattr(convert, "run_folder", no_space)
    with pytest.raises(UserError) as caught:
        convert.Converter(soffice="/usr/bin/soffice", python=sys.executable)
    message = str(caught.value)
    assert "cannot write LibreOffice's working files: the disk is full" in message
    assert "Errno" not in message
