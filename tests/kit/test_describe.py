"""kit/describe: a library item as `kitgen show` and the web library print it."""

from __future__ import annotations

import pytest

from kitgen.i18n.locale import available_locales
from kitgen.inputs.order import load_order
from kitgen.kit.describe import MARKERS, describe


@pytest.mark.parametrize("lang", available_locales())
def test_every_item_describes_in_every_language(lib, lang):
    danish_labels = {"Tidsforbrug", "Gruppeform", "Sådan gør I"}
    if lang != "nb":  # the same words in Bokmål
        danish_labels |= {"Formål", "Materialer", "Kilder"}
    for item in lib.items():
        d = describe(lib, item, lang)
        text = " ".join([d.title, d.summary, *(v for _, v in d.facts),
                         *(line for s in d.sections for line in (s.heading, *s.lines))])
        assert d.title and "{{" not in text and "{%" not in text, item.key
        if lang != "da":
            labels = {label for label, _ in d.facts} | {s.heading for s in d.sections}
            assert not labels & danish_labels, (item.key, labels & danish_labels)


def test_an_exercise_has_its_steps_with_minutes_its_materials_and_sources(lib):
    ex = lib.exercises["trial_actions"]
    d = describe(lib, ex, "en")
    by_heading = {s.heading: s for s in d.sections}
    steps = by_heading["How to do it"]
    assert steps.numbered and len(steps.lines) == len(ex.steps)
    assert all(f"{s.minutes} minutes" in line for s, line in zip(ex.steps, steps.lines))
    assert len(by_heading["Materials"].lines) == len(ex.materials)
    assert by_heading["Sources"].lines
    assert dict(d.facts)["Time needed"] == "50 minutes"
    assert d.tags == tuple(t.value for t in ex.tags)


def test_placeholders_are_markers_without_an_order_and_the_team_with_one(lib, write_order):
    ex = lib.exercises["core_task_deep_dive"]
    plain = describe(lib, ex, "da")
    lines = [line for s in plain.sections for line in s.lines]
    assert any(MARKERS["da"]["core_task"] in line for line in lines)
    order = load_order(write_order(), lib)
    filled = describe(lib, ex, "da", order)
    text = " ".join(line for s in filled.sections for line in s.lines)
    assert "‹" not in text
    assert "Vi hjælper borgerne hurtigt og korrekt videre" in text and "Team Pas og Kørekort" in text
