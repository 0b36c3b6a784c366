"""Bad orders get clear messages with file:line, all at once; user text stays data."""

from datetime import date, time

import pytest

from kitgen.errors import UserError
from kitgen.inputs.order import load_order
from kitgen.inputs.usertext import slugify

from tests.conftest import BASE_ORDER, with_fields


def problems(lib, path):
    with pytest.raises(UserError) as exc:
        load_order(path, lib)
    return exc.value.problems


def test_a_good_order(lib, write_order):
    order = load_order(write_order(), lib)
    assert order.workplace == "Borgerservice Nordby Kommune"
    assert order.date == date(2026, 12, 3) and order.start == time(9, 0)
    assert order.exercises == ("core_task_deep_dive", "psych_safety_team_scan", "trial_actions")
    assert order.locales == ("da",) and order.participants == 14 and not order.warnings


def test_danish_field_names_and_formats(lib, write_order):
    order = load_order(write_order("""\
        arbejdsplads: Tryk & Co.
        kerneopgave: Vi trykker til tiden.
        sektor: privat
        sprog: en-GB, da
        dato: 14.1.2027
        starttid: "8.30"
        øvelser: good_story, trial_actions
        """), lib)
    assert order.sector == "private" and order.locales == ("en", "da")
    assert order.date == date(2027, 1, 14) and order.start == time(8, 30)
    assert order.exercises == ("good_story", "trial_actions")


def test_malformed_yaml_names_the_line(lib, write_order):
    path = write_order("workplace: A\ncore_task: B\nexercises: [good_story\ndate: 2026-01-01\n")
    (p,) = problems(lib, path)
    assert str(p).startswith(f"{path}:4:") and "not valid YAML" in str(p)


def test_unknown_exercise_suggests_the_closest(lib, write_order):
    path = write_order(with_fields(exercises="[core_task_deepdive, good_story]"))
    (p,) = problems(lib, path)
    assert p.where == f"{path}:8" and p.field == "exercises[0]"
    assert "no exercise called 'core_task_deepdive' (did you mean core_task_deep_dive" in p.message


def test_unknown_locale_lists_the_available_ones(lib, write_order):
    (p,) = problems(lib, write_order(with_fields(locale="fr")))
    assert "no locale 'fr'" in p.message and "available: da" in p.message


def test_missing_and_empty_required_fields_all_at_once(lib, write_order):
    path = write_order(with_fields(workplace='""', core_task=None, date="2026-13-45",
                                   participants="many", sector="offshore"))
    found = {p.field: p.message for p in problems(lib, path)}
    assert found["workplace"].startswith("is empty")
    assert found["core_task"].startswith("is missing")
    assert "not a real date" in found["date"]
    assert "not a whole number" in found["participants"]
    assert "public or private" in found["sector"]


def test_too_long_names_are_refused(lib, write_order):
    (p,) = problems(lib, write_order(with_fields(workplace="x" * 101)))
    assert p.field == "workplace" and "101 characters" in p.message and "at most 100" in p.message


def test_unknown_fields_are_reported_with_a_suggestion(lib, write_order):
    (p,) = problems(lib, write_order(BASE_ORDER + "facilitater: Ann\n"))
    assert p.field == "facilitater" and "did you mean facilitator" in p.message


def test_control_characters_are_cleaned_with_a_warning(lib, write_order):
    order = load_order(write_order(with_fields(workplace='"Borger\\u0007service\\u000bNord"')), lib)
    assert order.workplace == "Borger service Nord"
    assert any("U+0007" in w and "U+000B" in w for w in order.warnings)


def test_template_syntax_in_user_text_is_kept_literally(lib, write_order):
    order = load_order(write_order(with_fields(workplace='"{{ 7*7 }} {% if x %}"')), lib)
    assert order.workplace == "{{ 7*7 }} {% if x %}"


@pytest.mark.parametrize("name, slug", [
    ("../../etc", "etc"), ("CON", "con-kit"), ("nul", "nul-kit"), ("", "kit"),
    ("Ærø Kommune – Løn & Personale", "aeroe-kommune-loen-personale"), ("/", "kit"),
    ("{{ 7*7 }}", "7-7")])
def test_slugs_are_safe_folder_names(name, slug):
    assert slugify(name) == slug


def test_empty_order_file(lib, write_order):
    (p,) = problems(lib, write_order(""))
    assert "empty" in p.message


def test_text_fields_may_be_given_per_language(lib, write_order):
    from kitgen.kit.plan import plan

    text = with_fields(core_task="\n  da: Vi trykker til tiden.\n  en: We print on time.", locale="[da, en]")
    order = load_order(write_order(text), lib)
    assert order.core_task == "Vi trykker til tiden."
    assert plan(order, lib, "en").core_task == "We print on time."
    assert plan(order, lib, "da").core_task == "Vi trykker til tiden."


def test_per_language_text_with_an_unknown_language(lib, write_order):
    (p,) = problems(lib, write_order(with_fields(core_task="\n  da: Vi trykker.\n  xx: Noget")))
    assert p.field == "core_task.xx" and "no locale 'xx'" in p.message
