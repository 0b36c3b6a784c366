import pytest

from kitgen.errors import UserError
from kitgen.inputs.yamlsource import format_path, parse_yaml


def test_every_value_knows_its_line():
    doc = parse_yaml("a: 1\nsteps:\n  - minutes: 5\n  - minutes: 7\n", "x.yaml")
    assert doc.where(("steps", 1, "minutes")) == "x.yaml:4"
    assert doc.where(("steps", 1, "nonexistent")) == "x.yaml:4"


def test_clock_times_and_dates_stay_text():
    doc = parse_yaml("start: 9:30\ndate: 2026-12-03\nn: 12\n", "x.yaml")
    assert doc.data == {"start": "9:30", "date": "2026-12-03", "n": 12}


def test_syntax_error_names_file_line_and_column():
    with pytest.raises(UserError) as exc:
        parse_yaml("workplace: A\nexercises: [a, b\nteam: x\n", "order.yaml")
    assert str(exc.value).startswith("order.yaml:3:")
    assert "not valid YAML" in str(exc.value)


def test_format_path():
    assert format_path(("steps", 2, "minutes")) == "steps[2].minutes"
