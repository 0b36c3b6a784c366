"""The content library: the real one is valid; broken files are reported precisely."""

import shutil

import pytest

from kitgen.content.schema import Exercise, iter_texts, text_key
from kitgen.errors import ContentError
from kitgen.content.library import load_library
from kitgen.paths import data_dirs

CONTENT_DIR = data_dirs().content

REQUIRED_EXERCISES = {
    "core_task_deep_dive", "core_task_360_view", "relational_coordination_assessment",
    "fair_change_process_design", "psych_safety_team_scan", "learning_culture_assessment",
    "feedback_two_sided_tool", "reflecting_team_case_sparring", "trial_actions", "good_story"}
REQUIRED_CONCEPTS = {"social_capital", "core_task", "bonding_bridging_linking",
                     "relational_coordination", "psychological_safety",
                     "direction_coordination_commitment"}


def test_the_library_has_the_required_items(lib):
    assert REQUIRED_EXERCISES <= set(lib.exercises)
    assert REQUIRED_CONCEPTS <= set(lib.concepts)


@pytest.mark.parametrize("ex_id", sorted(REQUIRED_EXERCISES))
def test_exercises_are_complete(lib, ex_id):
    ex = lib.exercises[ex_id]
    assert ex.steps and ex.questions and ex.facilitator_notes and ex.worksheet
    assert sum(s.minutes for s in ex.steps) == ex.minutes
    assert ex.sources


def test_relational_coordination_names_gittells_seven_dimensions(lib):
    assert len(lib.concepts["relational_coordination"].key_points) == 7


def test_every_item_names_a_source_and_no_case_person(lib):
    # People named in the seeds' case stories must never appear in a kit.
    private = ["Kim Kabat", "Bettina Ruben", "Mette Nørgaard", "Jonas Sprogøe", "Jakob Rasborg",
               "Eva Thoft", "Søren Svith", "Marianne Overgaard", "Michael Jørgensen"]
    for item in lib.items():
        assert item.sources, item.key
        for _, text in iter_texts(item):
            for name in private:
                assert name not in text, (item.key, name)


def test_text_keys_are_stable_and_unique(lib):
    keys = [text_key(item, path) for item in lib.items() for path, _ in iter_texts(item)]
    assert len(keys) == len(set(keys))
    assert "exercise/core_task_deep_dive:steps[0].text" in keys


@pytest.fixture
def content_copy(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root, ignore=shutil.ignore_patterns("schema", "*.md"))
    return root


def _break(root, name, old, new):
    path = root / "exercises" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_every_problem_is_reported_at_once_with_file_and_line(content_copy):
    _break(content_copy, "trial_actions", "minutes: 50", "minutes: 55")
    _break(content_copy, "good_story", "kind: exercise", "kind: game")
    (content_copy / "exercises" / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n")
    with pytest.raises(ContentError) as exc:
        load_library(content_copy)
    text = str(exc.value)
    assert "content/exercises/trial_actions.yaml:" in text
    assert "minutes is 55, but the steps add up to 50 minutes" in text
    assert "content/exercises/good_story.yaml:" in text and "kind" in text
    assert "content/exercises/broken.yaml:" in text and "not valid YAML" in text
    assert len(exc.value.problems) == 3


def test_unknown_placeholder_and_bad_year_and_id_mismatch(content_copy):
    path = content_copy / "exercises" / "trial_actions.yaml"
    data = path.read_text(encoding="utf-8")
    data = data.replace("id: trial_actions", "id: trial_action", 1)
    path.write_text(data, encoding="utf-8")
    _break(content_copy, "good_story", "title: ", "title: Hej {{ chef }} – ")
    with pytest.raises(ContentError) as exc:
        load_library(content_copy)
    text = str(exc.value)
    assert "unknown placeholder chef" in text
    assert "is 'trial_action' but the file is called trial_actions.yaml" in text


def test_unknown_references_suggest_the_closest_id(content_copy):
    _break(content_copy, "trial_actions", "concepts: [", "concepts: [psych_safety, ")
    with pytest.raises(ContentError) as exc:
        load_library(content_copy)
    message = str(exc.value)
    assert "no concept called 'psych_safety' (did you mean" in message
    assert "psychological_safety" in message.split("did you mean", 1)[1]


def test_a_guessed_year_is_refused():
    with pytest.raises(Exception) as exc:
        Exercise.model_validate({"id": "x", "title": "X", "sources": [{"title": "T", "year": "u.å."}]})
    assert "is not a year" in str(exc.value)


def test_json_schema_is_exported(tmp_path):
    from typer.testing import CliRunner

    from kitgen.cli import app

    result = CliRunner().invoke(app, ["schema", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    import json

    schema = json.loads((tmp_path / "exercise.schema.json").read_text())
    assert "steps" in schema["properties"] and "steps" in schema["required"]


def test_committed_schemas_are_current(tmp_path):
    """content/schema/ is what `kitgen schema` writes; regenerate it when the models change."""
    from typer.testing import CliRunner

    from kitgen.cli import app

    assert CliRunner().invoke(app, ["schema", "--output", str(tmp_path)]).exit_code == 0
    for fresh in tmp_path.glob("*.json"):
        assert (CONTENT_DIR / "schema" / fresh.name).read_text() == fresh.read_text(), fresh.name


def test_check_finds_a_broken_deck_template(tmp_path, monkeypatch):
    from pptx import Presentation

    from kitgen.builders.office.deck import DeckBuilder

    prs = Presentation(str(data_dirs().deck_template))
    layout = prs.slide_layouts.get_by_name("Questions")
    body = [ph for ph in layout.placeholders if ph.placeholder_format.idx == 1][0]
    body._element.getparent().remove(body._element)
    broken = tmp_path / "deck.pptx"
    prs.save(str(broken))
    problems = DeckBuilder(broken).check()
    assert [str(p) for p in problems] == [
        f"{broken}: layout Questions: placeholder idx 1 is missing; the deck builder fills it"]


def test_the_library_cache_key_covers_the_code_that_reads_content(tmp_path):
    """Changing the allowed placeholders (content/render.py) or the schema must
    make a new cache entry: the key hashes the reading code, not only the files."""
    from kitgen.content import library

    names = {p.name for p in library.READER_CODE}
    assert {"render.py", "schema.py", "grammar.py", "yamlsource.py"} <= names
    root = (data_dirs().content,)
    changed = []
    for original in library.READER_CODE:
        copy = tmp_path / original.name
        copy.write_bytes(original.read_bytes() + b"\n# changed\n")
        changed.append(copy)
    assert library._fingerprint(root, changed) != library._fingerprint(root)
    assert library._fingerprint(root) == library._fingerprint(root)
