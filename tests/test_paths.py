"""Where data lives: a complete install has everything; an incomplete one says what is missing."""

import shutil

import pytest

from kitgen.errors import UserError
from kitgen.paths import DataDirs, data_dirs, find_data


def test_the_data_of_this_install_is_complete():
    assert data_dirs().missing() == []


def test_an_incomplete_install_names_what_is_missing(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(data_dirs().root / "templates", root / "templates")
    (root / "content" / "exercises").mkdir(parents=True)
    broken = DataDirs(root)
    assert broken.missing() == ["content/concepts", "locales"]
    (root / "content" / "concepts").mkdir()
    (root / "locales").mkdir()
    assert broken.missing() == ["content/exercises/*.yaml"]  # never "0 exercises" quietly
    (tmp_path / "pkg" / "_data").mkdir(parents=True)  # a wheel whose data went missing
    with pytest.raises(UserError, match="incomplete: content/exercises, content/concepts"):
        find_data(tmp_path / "pkg")
