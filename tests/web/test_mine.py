"""My teams: the workspace's orders folder, shared with the command line. A kit
built with `kitgen build` is up to date here too; changing the order makes it
out of date; rebuilding makes it current again; duplicates and saved files read
as a person writes them."""

import os
import subprocess
import sys

import yaml

from kitgen.content.library import load_library
from kitgen.i18n.messages import language
from kitgen.scaffold import init_workspace
from kitgen.web import mine
from kitgen.web.service import Service
from kitgen.workspace import find

from tests.web.conftest import ORDER


def _service(tmp_path):
    ws = tmp_path / "ws"
    init_workspace(ws, load_library())
    return Service(find(explicit=ws)), ws


def _state(service, name):
    return next(t for t in mine.list_orders(service) if t.name == name).state


def test_a_kit_built_on_the_command_line_is_current_in_my_teams_and_goes_out_of_date(tmp_path):
    service, ws = _service(tmp_path)
    form = {**ORDER, "participants": "14", "time_budget": "240"}
    name = mine.save_order(service, form)
    text = (ws / "orders" / name).read_text(encoding="utf-8")
    assert "participants: 14\n" in text and "time_budget: 240\n" in text  # numbers, not '14'
    assert _state(service, name) == "never"

    built = subprocess.run([sys.executable, "-m", "kitgen.cli", "build", f"orders/{name}"], cwd=ws,
                           capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "200"})
    assert built.returncode == 0, built.stderr
    assert _state(service, name) == "current"

    data = yaml.safe_load(text)
    data["participants"] = 12
    (ws / "orders" / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert _state(service, name) == "outdated"
    mine.rebuild(service, name)
    assert _state(service, name) == "current"
    assert mine.read_order(service, name)["participants"] == 12


def test_a_duplicate_is_named_in_the_pages_language_and_opens_as_its_own_order(tmp_path):
    service, ws = _service(tmp_path)
    name = mine.save_order(service, dict(ORDER))
    with language("en"):
        english = mine.duplicate(service, name)
    with language("da"):
        danish = mine.duplicate(service, name)
    assert mine.read_order(service, english)["team"] == f"{ORDER['team']} (copy)"
    assert mine.read_order(service, danish)["team"] == f"{ORDER['team']} (kopi)"
    assert len({name, english, danish}) == 3
    names = {t.name for t in mine.list_orders(service)}
    assert {name, english, danish} <= names
