"""plan(): agenda clock times, breaks, warnings, rendering, languages."""

import dataclasses
import shutil
from datetime import time

import pytest

from dataclasses import replace

from kitgen.errors import TranslationMissing, UserError
from kitgen.inputs.order import load_order
from kitgen.kit.plan import plan
from kitgen.paths import data_dirs

from tests.conftest import with_fields

LOCALES_DIR = data_dirs().locales


def test_agenda_runs_from_the_start_time_with_breaks(make_kit):
    kit = make_kit()
    kinds = [a.kind for a in kit.agenda]
    assert kinds == ["welcome", "exercise", "break", "exercise", "break", "exercise", "wrapup"]
    assert kit.agenda[0].start == time(9, 0)
    for a, b in zip(kit.agenda, kit.agenda[1:]):
        assert a.end == b.start
    assert kit.agenda[0].time_range == "09.00–09.15"  # Babel, Danish style
    assert kit.total_minutes == 15 + 90 + 15 + 45 + 15 + 50 + 20
    assert kit.time_range == "09.00–13.10"
    assert [a.number for a in kit.agenda if a.kind == "exercise"] == [1, 2, 3]


def test_a_short_session_has_no_break(make_kit):
    kit = make_kit(with_fields(exercises="[good_story]"))
    assert [a.kind for a in kit.agenda] == ["welcome", "exercise", "wrapup"]


def test_a_long_day_gets_lunch_around_noon(make_kit):
    kit = make_kit(with_fields(exercises="[relational_coordination_assessment, core_task_deep_dive, "
                                         "fair_change_process_design, good_story]"))
    lunch = [a for a in kit.agenda if a.kind == "lunch"]
    assert len(lunch) == 1 and time(11, 0) <= lunch[0].start <= time(13, 0)


def test_over_the_time_budget_warns(make_kit):
    kit = make_kit(with_fields(time_budget=120))
    assert any("more than the time budget of 2 hours" in w for w in kit.warnings)


def test_group_size_warning(make_kit):
    kit = make_kit(with_fields(participants=400))
    assert any("participants" in w and "400" in w for w in kit.warnings)


def test_running_past_midnight_is_an_error(make_kit):
    with pytest.raises(UserError, match="past midnight"):
        make_kit(with_fields(start='"22:30"'))


def test_placeholders_are_filled_and_user_text_is_never_rendered(make_kit):
    kit = make_kit(with_fields(core_task='"{{ 7*7 }} er vores opgave."', team='"{% raw %}"'))
    texts = [s.text for ex in kit.exercises for s in ex.steps] + [kit.core_task, kit.team]
    joined = "\n".join(texts)
    assert "{{ 7*7 }}" in kit.core_task and "49" not in kit.core_task
    assert kit.team == "{% raw %}"
    assert "{{ core_task }}" not in joined and "{{ stakeholders }}" not in joined


def test_sector_decides_the_stakeholders(make_kit):
    assert make_kit().stakeholders == "borgerne"
    assert make_kit(with_fields(sector="private")).stakeholders == "kunderne"
    assert make_kit(with_fields(sector="private"), lang="en").stakeholders == "customers"


def test_english_kit_uses_english_formats(make_kit):
    kit = make_kit(lang="en")
    assert kit.language_tag == "en-GB"
    assert kit.agenda[0].time_range == "09:00–09:15"
    assert kit.date_text == "Thursday, 3 December 2026"
    assert kit.elements_text == "trust, fairness and cooperation"
    assert kit.participants_text == "14 participants"
    assert kit.t("Dagsorden") == "Agenda"


def test_danish_formats_and_plurals(make_kit):
    kit = make_kit()
    assert kit.date_text == "torsdag den 3. december 2026"
    assert kit.elements_text == "tillid, retfærdighed og samarbejde"
    assert kit.participants_text == "14 deltagere"
    assert make_kit(with_fields(participants=1)).participants_text == "1 deltager"
    assert kit.agenda[1].duration == "90 minutter"
    assert kit.total_text == "4 timer og 10 minutter"


def test_the_kit_is_immutable(make_kit):
    kit = make_kit()
    with pytest.raises(dataclasses.FrozenInstanceError):
        kit.workplace = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        kit.labels["Pause"] = "x"  # type: ignore[index]


@pytest.fixture
def thin_locales(tmp_path):
    """A copy of locales/ whose English content catalog lost one translation."""
    root = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, root, ignore=shutil.ignore_patterns("*.mo"))
    po = root / "en" / "LC_MESSAGES" / "content.po"
    text = po.read_text(encoding="utf-8")
    marker = 'msgctxt "exercise/good_story:title"'
    start = text.index(marker)
    end = text.index("\n\n", start)
    block = text[start:end]
    msgstr_at = block.index("msgstr")
    po.write_text(text[:start] + block[:msgstr_at] + 'msgstr ""' + text[end:], encoding="utf-8")
    return root


def test_missing_translation_falls_back_to_danish_with_a_warning(lib, write_order, thin_locales):
    thin = replace(lib, locale_dirs=(thin_locales,))
    kit = plan(load_order(write_order(with_fields(exercises="[good_story]")), thin), thin, "en")
    assert kit.exercises[0].title == lib.exercises["good_story"].title
    assert any("no en translation" in w and "good_story:title" in w for w in kit.warnings)


def test_strict_makes_a_missing_translation_an_error(lib, write_order, thin_locales):
    thin = replace(lib, locale_dirs=(thin_locales,))
    order = load_order(write_order(with_fields(exercises="[good_story]")), thin)
    with pytest.raises(TranslationMissing, match="good_story:title"):
        plan(order, thin, "en", strict=True)


def test_complete_english_builds_without_fallback(make_kit):
    kit = make_kit(lang="en", strict=True)
    assert not [w for w in kit.warnings if "translation" in w]


def test_a_process_over_several_meetings_restarts_the_clock(lib, write_order, tmp_path):
    """A module may span meetings: each `meeting` block starts the clock again."""
    import shutil

    from kitgen.content.library import load_library
    from kitgen.paths import data_dirs

    CONTENT_DIR = data_dirs().content
    from kitgen.inputs.order import load_order
    from kitgen.kit.plan import plan

    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content, ignore=shutil.ignore_patterns("schema", "*.md"))
    (content / "modules" / "two_meetings.yaml").write_text("""\
id: two_meetings
title: To møder
summary: En proces over to møder.
start: "09:00"
blocks:
  - {kind: meeting, minutes: 0, title: Møde 1}
  - {kind: welcome, minutes: 15, title: Velkomst}
  - {kind: exercise, minutes: 50, exercise: trial_actions}
  - {kind: meeting, minutes: 0, title: Møde 2, text: To uger senere}
  - {kind: plenary, minutes: 30, title: Opfølgning}
sources:
  - {title: Testkilde}
""", encoding="utf-8")
    local = load_library(content)
    order = load_order(write_order(with_fields(exercises=None, module="two_meetings")), local)
    kit = plan(order, local, "da")
    assert [a.kind for a in kit.agenda] == ["meeting", "welcome", "exercise", "meeting", "plenary"]
    assert kit.agenda[4].time_range == "09.00–09.30" and kit.agenda[3].text == "To uger senere"
    assert kit.time_range == "09.00–10.05" and kit.total_minutes == 95


def test_a_plain_sentence_in_a_two_language_order_is_a_warning_in_the_second_kit(make_kit):
    """'patienterne' in an English handout is the leak the warning names: a plain
    core task or stakeholders value is the first language's; the other kits say so."""
    text = with_fields(locale="[da, en]", stakeholders="patienterne")
    da, en = make_kit(text, "da"), make_kit(text, "en")
    assert not [w for w in da.warnings if "one language only" in w]
    said = [w for w in en.warnings if "one language only" in w]
    assert len(said) == 2 and any(w.startswith("core_task ") for w in said)
    assert any("stakeholders is given in one language only; the en kit shows 'patienterne' as written" in w
               for w in said)
    # Given per language, nothing to say; a one-language order never warns.
    per_language = with_fields(locale="[da, en]", core_task="{da: Vi hjælper., en: We help.}",
                               stakeholders="{da: patienterne, en: the patients}")
    assert not [w for w in make_kit(per_language, "en").warnings if "language" in w]
    assert not [w for w in make_kit(with_fields(stakeholders="patienterne")).warnings if "one language" in w]


def test_a_module_and_exercises_both_given_says_the_module_gives_the_program(make_kit):
    kit = make_kit(with_fields(module="module_2_culture"))
    assert any("the module module_2_culture gives the program" in w and "core_task_deep_dive" in w
               for w in kit.warnings)
    assert not [w for w in make_kit(with_fields(exercises=None, module="module_2_culture")).warnings
                if "gives the program" in w]
