"""Hostile and clumsy input, generated: whatever an order, a sheet row or a web
request holds, kitgen answers with a located user error or with a kit whose files
re-open, writes nothing outside the output folder, never evaluates user text, and
builds the same bytes twice (issue 18).

hypothesis is bounded (a few dozen examples per test, derandomised) so the suite
stays fast and the same examples run on every machine.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import BASE_ORDER

BOUNDED = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Values people and attackers write: template and markup syntax, path tricks,
# control characters from a paste, huge and odd numbers and dates.
HOSTILE = [
    "{{ 6007*7 }}", "{% for x in 'ab' %}Zq{% endfor %}", "{{ ''.__class__.__mro__ }}", "<script>alert(1)</script>",
    "[/]", "[bold]x[/bold]", "../../etc/passwd", "/etc/passwd", "C:\\Windows\\x", "a\x00b", "Pas\x01og\x0b",
    "=HYPERLINK(\"http://x\",\"y\")", "@SUM(1)", "-2+3", "\u202eevil", "Δήμος Αθηναίων", "Москва", "👩‍⚕️ team",
    "x" * 300, "", " ", "null", "~", "yes", "0", "-1", "9" * 50, "1e309", "9999-12-31", "2108-01-01", "25:61",
    "00:00", "23:59", "&a", "*a", "!!int x", "{a: b}", "[1, 2", "'", '"', "#comment", "a: b: c",
]
# The input, the output folders, and kitgen's staging folder beside an output
# folder (kitgen.output.staging_dir: a kill -9 leaves nothing partial inside it).
ALLOWED = {"in", "out", "out2", ".out.partial", ".out2.partial"}
FIELDS = ["workplace", "team", "core_task", "sector", "locale", "date", "start", "exercises", "participants",
          "time_budget", "facilitator", "posters", "theme", "stakeholders"]

value = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40),
                  st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Po", "Sm"]),
                          max_size=12))


TEXT_FIELDS = ["workplace", "team", "core_task", "facilitator", "stakeholders"]


@st.composite
def orders(draw) -> str:
    """Half of them: the base order with hostile text in its text fields, quoted, so
    that most build and the files can be looked at. The other half: any fields
    replaced, raw (which may break the YAML: a fine test too) or quoted, and maybe
    a line of junk."""
    lines = BASE_ORDER.splitlines()

    def replace(field: str, written: str) -> None:
        nonlocal lines
        lines = [line for line in lines if not line.startswith(f"{field}:")] + [f"{field}: {written}"]

    if draw(st.booleans()):
        for field in draw(st.lists(st.sampled_from(TEXT_FIELDS), min_size=1, max_size=3, unique=True)):
            text = draw(st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=30)))
            replace(field, json.dumps("Nordby " + text, ensure_ascii=False))
        return "\n".join(lines) + "\n"
    for _ in range(draw(st.integers(1, 3))):
        text = draw(value)
        replace(draw(st.sampled_from(FIELDS)), json.dumps(text, ensure_ascii=False) if draw(st.booleans()) else text)
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(value))
    return "\n".join(lines) + "\n"


def _invoke(*args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from kitgen.cli import app

    result = CliRunner().invoke(app, list(args), catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: the property fails with it
    return result.exit_code, result.output


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _texts(folder: Path) -> str:
    """Every text of every built handout and deck under `folder`."""
    from docx import Document
    from pptx import Presentation

    texts = []
    for path in folder.rglob("handout.docx"):
        doc = Document(str(path))
        texts += [p.text for p in doc.paragraphs]
        texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for path in folder.rglob("deck.pptx"):
        for slide in Presentation(str(path)).slides:
            texts += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    return "\n".join(texts)


def _assert_user_error_or_kit(code: int, output: str, text: str, root: Path, out: Path) -> None:
    assert "Traceback" not in output and "this is a bug in kitgen" not in output, output
    assert code in (0, 1), (code, output)
    # nothing outside the output folder and the input
    assert {p.name for p in root.iterdir()} <= ALLOWED, list(root.iterdir())
    if code == 1:
        errors = [line for line in output.splitlines() if line.startswith("error: ")]
        assert errors, output
        assert all(re.match(r"error: \S*order\.yaml(:\d+)*(:| \[)", line) or "row " in line for line in errors), errors
        return
    kit_text = _texts(out)
    assert kit_text
    # user text is data: a template in it would print 42049, ZqZq or a class list if it were run
    assert "42049" not in kit_text and "ZqZq" not in kit_text and "<class" not in kit_text


@settings(BOUNDED, max_examples=60)
@given(text=orders())
def test_build_gives_a_located_error_or_a_kit_that_reopens_and_rebuilds_the_same(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("build")
    (root / "in").mkdir()
    path = root / "in" / "order.yaml"
    path.write_text(text, encoding="utf-8")
    code, output = _invoke("build", str(path), "-o", str(root / "out"))
    _assert_user_error_or_kit(code, output, text, root, root / "out")
    event("built" if code == 0 else "a user error")
    if code == 0:
        again, _output = _invoke("build", str(path), "-o", str(root / "out2"))
        assert again == 0 and _files(root / "out") == _files(root / "out2")


@st.composite
def sheets(draw) -> str:
    """A sheet of two to four rows, some cells hostile."""
    header = ["arbejdsplads", "team", "kerneopgave", "sprog", "øvelser", "dato", "starttid", "deltagere"]
    good = ["Nordby", "Team A", "Vi hjælper borgerne.", "da", "good_story", "2026-12-03", "09:00", "12"]
    rows = []
    for n in range(draw(st.integers(1, 3))):
        row = [*good[:1], f"Team {n}", *good[2:]]
        for _ in range(draw(st.integers(0, 3))):
            row[draw(st.integers(0, len(row) - 1))] = draw(value)
        rows.append(row)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=draw(st.sampled_from([";", ",", "\t"])))
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


@settings(BOUNDED, max_examples=20)
@given(text=sheets())
def test_batch_builds_the_good_rows_and_names_the_bad_ones(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("batch")
    (root / "in").mkdir()
    path = root / "in" / "teams.csv"
    path.write_text(text, encoding="utf-8", newline="")
    code, output = _invoke("batch", str(path), "-o", str(root / "out"), "-j", "1")
    assert "Traceback" not in output and "this is a bug in kitgen" not in output, output
    assert code in (0, 1), (code, output)
    assert {p.name for p in root.iterdir()} <= ALLOWED, list(root.iterdir())
    for line in output.splitlines():
        if line.startswith("error: "):
            assert line.startswith(f"error: {path.name}") or line.startswith(f"error: {path}"), line
    if (root / "out").exists():
        _texts(root / "out")  # whatever was built re-opens


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from kitgen.web.app import create_app

    with TestClient(create_app(jobs_root=tmp_path_factory.mktemp("jobs"))) as c:
        yield c


json_value = st.one_of(value, st.integers(-10**30, 10**30), st.floats(allow_nan=True), st.none(), st.booleans(),
                       st.lists(value, max_size=3), st.dictionaries(st.sampled_from(["da", "en", "xx", ""]), value,
                                                                    max_size=2))


@settings(BOUNDED, max_examples=40)
@given(changes=st.dictionaries(st.sampled_from(FIELDS + ["unknown", "../x"]), json_value, min_size=1, max_size=4))
def test_the_web_api_answers_a_located_problem_or_a_kit(client, changes):
    order = {"workplace": "Nordby", "team": "Team A", "core_task": "Vi hjælper borgerne.", "locale": ["da"],
             "date": "2026-12-03", "start": "09:00", "exercises": ["good_story"], "participants": 12, **changes}
    validated = client.post("/api/validate", json=order)
    assert validated.status_code in (200, 422), validated.text
    body = validated.json()
    event(f"validate {validated.status_code}")
    if validated.status_code == 422:
        assert body["ok"] is False and body["problems"]
        assert all(isinstance(p["field"], str) and p["message"] for p in body["problems"])
        return
    assert body["ok"] is True and body["agenda"]
    kit = client.post("/api/kits", json=order)
    assert kit.status_code == 200, kit.text
    with zipfile.ZipFile(io.BytesIO(kit.content)) as z:
        names = z.namelist()
        assert all(not n.startswith("/") and ".." not in n.split("/") for n in names)
        assert any(n.endswith("handout.docx") for n in names)
    assert client.post("/api/kits", json=order).content == kit.content
