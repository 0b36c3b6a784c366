"""Program suggestions: every suggestion keeps the constraints, in many situations."""

import pytest

from kitgen.content.schema import Tag
from kitgen.content.tags import tag_for
from kitgen.errors import UserError
from kitgen.kit.agenda import session_minutes
from kitgen.kit.suggest import FILL, Question, suggest
from kitgen.kit.suggest_view import agenda, as_json, order_yaml, why

SCENARIOS = [  # focus, minutes, participants, sector
    ((Tag.trust,), 180, 14, "public"),
    ((Tag.trust,), 90, 3, "private"),
    ((Tag.fairness,), 120, 20, "public"),
    ((Tag.fairness, Tag.change), 240, 20, "private"),
    ((Tag.cooperation,), 60 * 7, 40, "public"),
    ((Tag.psychological_safety,), 90, 8, "public"),
    ((Tag.conflict,), 120, 6, "private"),
    ((Tag.change,), 180, 25, "public"),
    ((Tag.wellbeing, Tag.leadership), 480, 12, "public"),
    ((Tag.leadership,), 150, 5, "private"),
    ((Tag.core_task,), 240, 60, "public"),
    ((Tag.coordination,), 300, 3, "public"),
    ((Tag.learning, Tag.feedback), 210, 10, "private"),
]


@pytest.mark.parametrize("focus, minutes, participants, sector", SCENARIOS)
def test_every_suggestion_keeps_the_constraints(lib, focus, minutes, participants, sector, tmp_path):
    question = Question(focus, minutes, participants, sector)
    result = suggest(lib, question)
    for program in (result.program, *result.alternatives):
        exercises = [lib.exercises[e] for e in program.exercises]
        total = session_minutes([e.minutes for e in exercises], question.start)
        assert total == program.minutes and FILL * minutes <= total <= minutes
        assert all(e.group_size.min <= participants <= e.group_size.max for e in exercises)
        assert all(sector in {s.value for s in e.sectors} for e in exercises)
        assert all(any(tag in e.tags for e in exercises) for tag in focus)
        families = [e.family for e in exercises if e.family]
        assert len(families) == len(set(families)), "two variants of one tool"
        assert all(e.kind == "exercise" for e in exercises)
        openers = [i for i, e in enumerate(exercises) if e.phase.value == "opening" and Tag.core_task in e.tags]
        assert openers in ([], [0]), "an opening that anchors the core task comes first"
    # the agenda is plan's: its total is the program's, clock times included
    items = agenda(lib, result, result.program, "da")
    assert items[0]["start"] == "09:00" and items[-1]["title"] == "Opsamling, aftaler og handleplan"
    assert len({tuple(a.exercises) for a in (result.program, *result.alternatives)}) == 1 + len(result.alternatives)
    # --order's file builds as it is, and reads as a person would write it (no !!int '180').
    from kitgen.build import build_order
    from kitgen.inputs.order import load_order

    text = order_yaml(result, result.program, "da")
    assert "!!" not in text and f"time_budget: {minutes}\n" in text
    path = tmp_path / "order.yaml"
    path.write_text(text, encoding="utf-8")
    built = build_order(load_order(path, lib), lib, tmp_path / "out")
    assert built[0].kit.total_minutes == result.program.minutes
    assert {"handout.docx", "deck.pptx"} <= {p.name for p in built[0].folder.iterdir()}


def test_suggestions_are_deterministic_and_alternatives_differ(lib):
    question = Question((Tag.trust, Tag.cooperation), 240, 16, "public")
    first, second = suggest(lib, question), suggest(lib, question)
    assert first == second
    assert len(first.alternatives) == 2
    from kitgen.kit.suggest import _mains

    mains = [set(_mains(lib, p)) for p in (first.program, *first.alternatives)]
    assert not mains[0] & mains[1] and not mains[0] & mains[2], "alternatives leave out the chosen main exercises"


@pytest.mark.parametrize("minutes, participants, expected", [
    (20, 14, "too short"), (300, 200, "no exercise works for 200 people"), (20, 200, "no exercise works for 200")])
def test_when_nothing_fits_it_says_why_and_what_would(lib, minutes, participants, expected):
    with pytest.raises(UserError) as exc:
        suggest(lib, Question((Tag.trust,), minutes, participants))
    text = " ".join(p.message for p in exc.value.problems)
    assert expected in text and ("give at least" in text or "split into groups" in text)
    # Every reason at once: too short and too many people are both said.
    assert ("too short" in text) == (minutes == 20)
    assert ("split into groups" in text) == (participants == 200)


def test_focus_words_in_danish_and_english(lib):
    assert tag_for("tillid") is tag_for("trust") is Tag.trust
    assert tag_for("psykologisk tryghed") is tag_for("psychological safety") is Tag.psychological_safety
    assert tag_for("Retfærdighed") is Tag.fairness
    with pytest.raises(UserError, match="did you mean"):
        tag_for("tilid")


def test_why_and_json_and_an_order_that_builds(lib, tmp_path):
    from kitgen.build import build_order
    from kitgen.inputs.order import load_order

    result = suggest(lib, Question((Tag.trust,), 180, 14))
    line = why(lib, result.program.exercises[1], result, "da")
    assert " min · " in line and "deltagere" in line and "efter " in line
    data = as_json(lib, result, "en")
    assert data["minutes"] == result.program.minutes and data["exercises"] == list(result.program.exercises)
    assert {"start", "end", "title"} <= set(data["agenda"][0]) and len(data["alternatives"]) == len(result.alternatives)
    path = tmp_path / "order.yaml"
    path.write_text(order_yaml(result, result.program, "da"), encoding="utf-8")
    order = load_order(path, lib)
    assert order.exercises == result.program.exercises
    built = build_order(order, lib, tmp_path / "out")
    assert built[0].kit.total_minutes == result.program.minutes
    assert not [w for w in built[0].warnings if "time budget" in w]
