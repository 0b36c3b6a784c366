"""YAML as an attacker or a clumsy paste writes it: every case a located problem,
fast, never a traceback (issue 18)."""

import time

import pytest

from kitgen.errors import UserError
from kitgen.inputs.yamlsource import MAX_BYTES, MAX_DEPTH, load_yaml, parse_yaml

BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")]
    + ["workplace: *i"]) + "\n"


def problems(text: str) -> list[str]:
    with pytest.raises(UserError) as exc:
        parse_yaml(text, "order.yaml")
    return [str(p) for p in exc.value.problems]


def test_an_alias_bomb_is_refused_at_once():
    assert len(BOMB) < 600
    started = time.perf_counter()
    found = problems(BOMB)
    assert time.perf_counter() - started < 0.5  # was 17 s and 2.4 GB at 7 levels
    assert found == ["order.yaml:1:4: has an anchor (&a); kitgen does not read anchors and aliases, "
                     "write the value out"]
    assert problems("a: x\nb: *a\n") == ["order.yaml:2:4: uses an alias (*a); kitgen does not read anchors "
                                         "and aliases, write the value out"]


def test_nesting_deeper_than_the_cap_is_refused_whatever_the_depth():
    for depth in (MAX_DEPTH + 1, 5000):
        (found,) = problems("workplace: " + "[" * depth + "]" * depth + "\n")
        assert found.startswith("order.yaml:1:") and f"nested more than {MAX_DEPTH} levels" in found
    assert parse_yaml("a: " + "[" * 10 + "]" * 10, "o.yaml").data == {"a": [[[[[[[[[[]]]]]]]]]]}


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "order.yaml"
    big.write_bytes(b"workplace: A\n" + b"#" * MAX_BYTES)
    with pytest.raises(UserError) as exc:
        load_yaml(big)
    assert "at most 1 MB" in str(exc.value)


@pytest.mark.parametrize("text, expected", [
    ("? !!set {a, b}\n: 1\nworkplace: A\n", "order.yaml:1:3: a key must be a plain word, not a list or a mapping"),
    ("? [a, b]\n: 1\n", "order.yaml:1:3: a key must be a plain word, not a list or a mapping"),
    ("participants: !!int abc\n", "order.yaml:1:15: 'abc' cannot be read as int; write it without the !!int tag"),
    ("date: !!timestamp x\n", "order.yaml:1:7: 'x' cannot be read as timestamp; write it without the !!timestamp tag"),
    ("ok: !!bool maybe\n", "order.yaml:1:5: 'maybe' cannot be read as bool; write it without the !!bool tag"),
    ("participants: " + "9" * 5000 + "\n", "order.yaml:1:15: a number of 5000 digits is too long"),
    ("team: !!python/object:os.system x\n", "order.yaml:1:7: this is not valid YAML (could not determine a "
     "constructor for the tag 'tag:yaml.org,2002:python/object:os.system')"),
    ("workplace: A\nteam: B\nworkplace: C\n", "order.yaml:3:1: workplace is given twice, on lines 1 and 3; keep one"),
    ("team: a\ufffeb\n", "order.yaml:1: the file holds U+FFFE, which is not a character"),
])
def test_each_kind_of_bad_value_is_one_located_problem(text, expected):
    assert problems(text) == [expected]


def test_every_problem_of_a_file_is_named_at_once():
    found = problems("workplace: A\nworkplace: B\nparticipants: !!int x\nteam: T\nteam: U\n")
    assert [f.split(": ", 1)[0] for f in found] == ["order.yaml:2:1", "order.yaml:3:15", "order.yaml:5:1"]


def test_control_characters_from_a_paste_are_read_for_the_order_to_clean():
    """PyYAML refuses them outright; kitgen reads them, and the order's own cleaning
    removes them with a warning (tests/inputs/test_order.py)."""
    doc = parse_yaml("team: Pas\x01 og\x0bkørekort\x7f\nnote: 'a\tb'\n", "order.yaml")
    assert doc.data == {"team": "Pas\x01 og\x0bkørekort\x7f", "note": "a\tb"}
    assert doc.where(("team",)) == "order.yaml:1"


def test_a_control_character_in_a_full_order_is_a_warning_and_the_kit_builds(tmp_path):
    from kitgen.inputs.order import load_order
    from tests.conftest import with_fields
    from kitgen.content.library import load_library

    path = tmp_path / "order.yaml"
    path.write_text(with_fields(team='"Pas\x01 og kørekort"'), encoding="utf-8")
    order = load_order(path, load_library())
    assert order.team == "Pas og kørekort"
    assert any("U+0001" in w for w in order.warnings)
