"""kitgen.atomic: the one way kitgen replaces a file (kits and cache entries)."""

import pytest

from kitgen.atomic import replace_atomically


def test_a_failing_writer_leaves_the_old_file_and_no_temp_file(tmp_path):
    target = tmp_path / "cache.bin"
    target.write_bytes(b"old")

    def breaks(f):
        f.write(b"half of the new")
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        replace_atomically(target, breaks)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.bin"]


def test_bytes_or_a_writer_replace_the_file_with_the_mode_asked_for(tmp_path):
    target = tmp_path / "kit" / "handout.docx"
    target.parent.mkdir()
    staging = tmp_path / "staging"
    staging.mkdir()
    replace_atomically(target, b"one", folder=staging, durable=True, mode=0o644)
    assert target.read_bytes() == b"one" and target.stat().st_mode & 0o777 == 0o644
    replace_atomically(target, lambda f: f.write(b"two"))
    assert target.read_bytes() == b"two"
    assert not list(staging.iterdir()) and sorted(p.name for p in target.parent.iterdir()) == ["handout.docx"]
