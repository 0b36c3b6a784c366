"""Shared fixtures: the real content library, orders written to tmp files, built kits."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

from kitgen.content.library import load_library
from kitgen.inputs.order import load_order
from kitgen.kit.plan import plan

ROOT = Path(__file__).resolve().parent.parent

# The tests (and the kitgen processes they start) keep their caches to themselves:
# nothing lands in the user's cache folder, and every run starts cold once.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="kitgen-test-cache-")
# kitgen's messages are in English whatever the locale of the machine running the
# tests (LANGUAGE wins over LC_ALL and LANG; tests of the Danish messages set their own).
os.environ["LANGUAGE"] = "en"

BASE_ORDER = """\
workplace: Borgerservice Nordby Kommune
team: Team Pas og Kørekort
core_task: Vi hjælper borgerne hurtigt og korrekt videre.
sector: public
locale: da
date: 2026-12-03
start: "09:00"
exercises: [core_task_deep_dive, psych_safety_team_scan, trial_actions]
facilitator: HR-partner
participants: 14
"""


@pytest.fixture(scope="session")
def lib():
    return load_library()


@pytest.fixture
def write_order(tmp_path):
    """write_order(text) -> Path of a YAML order file in tmp_path."""
    counter = iter(range(1000))

    def write(text: str = BASE_ORDER, name: str | None = None) -> Path:
        path = tmp_path / (name or f"order{next(counter)}.yaml")
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_kit(lib, write_order):
    """make_kit(order_text, lang) -> Kit."""

    def make(text: str = BASE_ORDER, lang: str = "da", **kwargs):
        order = load_order(write_order(text), lib)
        return plan(order, lib, lang, **kwargs)

    return make


def with_fields(**changes) -> str:
    """BASE_ORDER with some top-level fields replaced (None removes a field)."""
    lines = []
    seen = set()
    for line in BASE_ORDER.splitlines():
        key = line.split(":", 1)[0]
        if key in changes:
            seen.add(key)
            if changes[key] is None:
                continue
            lines.append(f"{key}: {changes[key]}")
        else:
            lines.append(line)
    lines += [f"{k}: {v}" for k, v in changes.items() if k not in seen and v is not None]
    return "\n".join(lines) + "\n"


def build_handout(kit, theme) -> bytes:
    from kitgen.builders.registry import builder

    return builder("handout").build(kit, theme)["handout.docx"]


def build_deck(kit, theme) -> bytes:
    from kitgen.builders.registry import builder

    return builder("deck").build(kit, theme)["deck.pptx"]


def build_posters(kit, theme) -> dict[str, bytes]:
    from kitgen.builders.registry import builder

    return builder("poster").build(kit, theme)


def build_poster(page, kit, theme) -> bytes:
    from kitgen.builders.registry import builder

    return builder("poster").poster(page, kit, theme)
