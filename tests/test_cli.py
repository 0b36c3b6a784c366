"""End-to-end runs of the real `kitgen` command in a subprocess."""

import hashlib
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, with_fields


def kitgen(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "kitgen.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"})


def test_build_writes_handouts_and_a_manifest(tmp_path):
    result = kitgen("build", "examples/borgerservice.yaml", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    kits = sorted(tmp_path.glob("*/*/manifest.json"))
    assert [p.parent.name for p in kits] == ["da", "en"]
    for manifest_path in kits:
        manifest = json.loads(manifest_path.read_text())
        assert sorted(manifest["files"]) == [
            "deck.pptx", "handout.docx", "poster-core_task.pdf", "poster-core_task.png",
            "poster-psych_safety_team_scan.pdf", "poster-psych_safety_team_scan.png"]
        for name, entry in manifest["files"].items():
            blob = (manifest_path.parent / name).read_bytes()
            assert entry["sha256"] == hashlib.sha256(blob).hexdigest()
        assert manifest["kitgen_version"] and manifest["content_version"]
    # nothing but the finished files: no temp files left behind
    written = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert written == sorted((list(manifest["files"]) + ["manifest.json"]) * 2)


def test_building_twice_gives_identical_files(tmp_path):
    for out in ("a", "b"):
        assert kitgen("build", "examples/tryk_og_co.yaml", "-o", tmp_path / out).returncode == 0
    files_a = sorted((tmp_path / "a").rglob("*.*"))
    files_b = sorted((tmp_path / "b").rglob("*.*"))
    assert [f.read_bytes() for f in files_a] == [f.read_bytes() for f in files_b]


def test_user_mistakes_exit_1_with_every_problem_and_no_traceback(tmp_path):
    order = tmp_path / "bad.yaml"
    order.write_text(with_fields(workplace='""', exercises="[core_task_deepdive]", locale="fr"))
    result = kitgen("build", order, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{order}:1: workplace: is empty" in result.stderr
    assert "did you mean core_task_deep_dive" in result.stderr
    assert "no locale 'fr'; available: da, de, en, nb, sv" in result.stderr
    assert "3 problems found" in result.stderr
    assert not (tmp_path / "out").exists()


def test_malformed_yaml_is_reported_with_its_line(tmp_path):
    order = tmp_path / "broken.yaml"
    order.write_text("workplace: A\ncore_task: 'unclosed\n")
    result = kitgen("build", order)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{order}:" in result.stderr and "not valid YAML" in result.stderr


def test_missing_order_file(tmp_path):
    result = kitgen("build", tmp_path / "nope.yaml")
    assert result.returncode == 1 and "file not found" in result.stderr


def test_hostile_workplace_name_stays_inside_the_output_folder(tmp_path):
    order = tmp_path / "o.yaml"
    order.write_text(with_fields(workplace='"../../etc"', team=None, exercises="[good_story]"))
    out = tmp_path / "out"
    assert kitgen("build", order, "-o", out).returncode == 0
    assert (out / "etc" / "da" / "handout.docx").is_file()
    # Nothing beside the output folder but the order and the (emptied) staging folder.
    assert {p.name for p in tmp_path.iterdir()} == {"o.yaml", "out", ".out.partial"}
    assert not [p for p in (tmp_path / ".out.partial").rglob("*") if p.is_file()]


def test_list_show_check():
    listed = kitgen("list", "exercises", "--locale", "en", "--tag", "trust", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert rows and all("trust" in r["tags"] for r in rows)
    shown = kitgen("show", "exercise", "trial_actions", "--fields")
    assert shown.returncode == 0 and "steps[0].title" in shown.stdout
    unknown = kitgen("show", "exercise", "trial_action")
    assert unknown.returncode == 1 and "did you mean trial_actions" in unknown.stderr
    bad_tag = kitgen("list", "exercises", "--tag", "trustt", "--tag", "konflikd")
    assert bad_tag.returncode == 1 and "did you mean trust" in bad_tag.stderr
    assert "konflikt" in bad_tag.stderr and "2 problems" in bad_tag.stderr
    check = kitgen("check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok:")


def test_list_filters_combine(lib):
    rows = json.loads(kitgen("list", "exercises", "-t", "tillid", "-t", "conflict", "--max-minutes", "60",
                             "--participants", "20", "--json").stdout)
    assert rows
    for r in rows:
        ex = lib.exercises[r["id"]]
        assert {"trust", "conflict"} <= {t.value for t in ex.tags}
        assert ex.minutes <= 60 and ex.group_size.min <= 20 <= ex.group_size.max
        assert r["group_size"] == [ex.group_size.min, ex.group_size.max]
    by_source = json.loads(kitgen("list", "exercises", "--source", "Edmondson", "--json").stdout)
    assert by_source and all(any("Edmondson" in (s.author or "") + s.title for s in lib.exercises[r["id"]].sources)
                             for r in by_source)
    none = kitgen("list", "exercises", "--max-minutes", "1")
    assert none.returncode == 0 and "nothing matches" in none.stdout


def test_show_reads_as_a_facilitator_reads_it(write_order):
    en = kitgen("show", "exercise", "core_task_deep_dive", "-l", "en")
    assert en.returncode == 0, en.stderr
    assert "A deep dive into the core task" in en.stdout.splitlines()[0]
    assert "How to do it" in en.stdout and "1. " in en.stdout and "minutes" in en.stdout
    assert "‹the core task›" in en.stdout  # a placeholder without an order reads as a marker
    filled = kitgen("show", "exercise", "core_task_deep_dive", "-l", "en", "--order", write_order())
    assert "‹" not in filled.stdout and "Team Pas og Kørekort" in filled.stdout
    da = kitgen("show", "concept", "social_capital")
    assert da.returncode == 0 and "Kilder" in da.stdout


@pytest.mark.parametrize("command", [[], ["build"], ["list"], ["show"], ["check"], ["schema"],
                                     ["i18n"], ["i18n", "extract"], ["i18n", "update"],
                                     ["i18n", "compile"], ["i18n", "stats"]])
def test_every_command_has_help(command):
    result = kitgen(*command, "--help")
    assert result.returncode == 0 and "Usage" in result.stdout


def test_a_failing_build_leaves_no_files(tmp_path, lib, write_order, monkeypatch):
    """If any language fails, nothing is written: kits are built in memory first."""
    from kitgen import build as build_module
    from kitgen.inputs.order import load_order

    order = load_order(write_order(with_fields(locale="[da, en]")), lib)
    real_plan = build_module.plan

    def plan_that_fails_for_english(order, lib, lang, **kw):
        if lang == "en":
            raise RuntimeError("boom")
        return real_plan(order, lib, lang, **kw)

    monkeypatch.setattr(build_module, "plan", plan_that_fails_for_english)
    with pytest.raises(RuntimeError):
        build_module.build_order(order, lib, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_an_interrupted_write_leaves_the_old_file(tmp_path, monkeypatch):
    from kitgen import output

    target = tmp_path / "handout.docx"
    target.write_bytes(b"old")

    def crash(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(target, b"new and complete")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.docx"]


def test_module_order_builds_a_workbook(tmp_path):
    order = tmp_path / "modul2.yaml"
    order.write_text(with_fields(exercises=None, module="module_2_culture", team=None))
    result = kitgen("build", order, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "out").glob("*/da/handout.docx"))


def test_strict_makes_a_pdf_warning_an_error(tmp_path):
    """An Arabic team name is drawn by LibreOffice in a fallback font: a warning,
    which --strict turns into an error, as it does every other warning."""
    from kitgen.pdf.libreoffice import find_soffice, find_uno_python

    if not find_soffice() or not find_uno_python():
        pytest.skip("needs LibreOffice")
    fonts = subprocess.run(["fc-list", ":lang=ar"], capture_output=True, text=True).stdout
    if not fonts.strip():
        pytest.skip("no font with Arabic letters for LibreOffice to fall back to")
    order = tmp_path / "o.yaml"
    order.write_text(with_fields(team='"فريق الرعاية"', locale="da"), encoding="utf-8")
    plain = kitgen("build", order, "--pdf", "-o", tmp_path / "plain")
    assert plain.returncode == 0, plain.stderr
    assert "handout.pdf: LibreOffice used" in plain.stderr
    strict = kitgen("build", order, "--pdf", "--strict", "-o", tmp_path / "strict")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
    assert "handout.pdf: LibreOffice used" in strict.stderr and "error:" in strict.stderr
    assert not list((tmp_path / "strict").glob("*/*/manifest.json"))  # no kit is called finished


LONG_WORKPLACE = '"Region Syddanmark, Børne- og Ungdomspsykiatrisk Afdeling Odense"'


def test_build_gives_two_teams_of_a_long_workplace_two_folders(tmp_path):
    out = tmp_path / "out"
    for i, team in enumerate(("Ambulatoriet for Spiseforstyrrelser, Team Nord",
                              "Ambulatoriet for Spiseforstyrrelser, Team Syd")):
        order = tmp_path / f"o{i}.yaml"
        order.write_text(with_fields(workplace=LONG_WORKPLACE, team=f'"{team}"', exercises="[good_story]"))
        result = kitgen("build", order, "-o", out)
        assert result.returncode == 0, result.stderr
    folders = sorted(p.name for p in out.iterdir())
    assert len(folders) == 2 and all(len(f) <= 80 for f in folders)
    teams = sorted(json.loads(m.read_text())["team"] for m in out.glob("*/da/manifest.json"))
    assert teams == ["Ambulatoriet for Spiseforstyrrelser, Team Nord",
                     "Ambulatoriet for Spiseforstyrrelser, Team Syd"]


def test_build_refuses_another_teams_folder_and_keeps_its_kit(tmp_path):
    """'Team Pas og Kørekort' and 'Team Pas og Kørekort!' are two teams to the
    HR partner and one folder name: the second build says so and writes nothing."""
    out = tmp_path / "out"
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(with_fields(exercises="[good_story]"))
    second.write_text(with_fields(team='"Team Pas og Kørekort!"', exercises="[good_story]"))
    assert kitgen("build", first, "-o", out).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = kitgen("build", second, "-o", out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{second}:2: team:" in result.stderr
    assert "already holds the kit of 'Borgerservice Nordby Kommune · Team Pas og Kørekort' (from " \
           f"{first}); 'Borgerservice Nordby Kommune · Team Pas og Kørekort!' gets the same folder name" \
           in " ".join(result.stderr.split())
    assert "--output" in result.stderr
    assert before == {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # The same order may be built again, even with its team renamed.
    first.write_text(with_fields(team='"Team Pas og kørekort"', exercises="[good_story]"))
    assert kitgen("build", first, "-o", out).returncode == 0


def test_a_rebuild_removes_the_files_the_new_build_did_not_make(tmp_path):
    """The manifest is the list of what belongs: after a --pdf build, a plain
    rebuild removes the PDF versions and the proof sheet; a file that is not
    kitgen's (the HR partner's notes) stays."""
    from kitgen.pdf.convert import find_soffice, find_uno_python

    if find_soffice() is None or find_uno_python() is None:
        pytest.skip("LibreOffice with its Python bridge is not installed")
    order = tmp_path / "o.yaml"
    order.write_text(with_fields(exercises="[good_story]"))
    out = tmp_path / "out"
    result = kitgen("build", order, "-o", out, "--pdf")
    assert result.returncode == 0, result.stderr
    (kit,) = out.glob("*/da")
    pdf_files = {"handout.pdf", "deck.pdf", "proof.pdf", "proof.png"}
    assert pdf_files <= set(json.loads((kit / "manifest.json").read_text())["files"])
    assert pdf_files <= {p.name for p in kit.iterdir()}
    (kit / "noter.txt").write_text("mine")
    result = kitgen("build", order, "-o", out)
    assert result.returncode == 0, result.stderr
    listed = set(json.loads((kit / "manifest.json").read_text())["files"])
    assert not pdf_files & listed
    assert {p.name for p in kit.iterdir()} == listed | {"manifest.json", "noter.txt"}


def test_a_poster_no_longer_ordered_is_removed_on_rebuild(tmp_path):
    order = tmp_path / "o.yaml"
    order.write_text(with_fields(exercises="[good_story]", posters="[core_task, good_story]"))
    out = tmp_path / "out"
    assert kitgen("build", order, "-o", out).returncode == 0
    (kit,) = out.glob("*/da")
    assert (kit / "poster-good_story.pdf").is_file() and (kit / "poster-good_story.png").is_file()
    order.write_text(with_fields(exercises="[good_story]", posters="[core_task]"))
    assert kitgen("build", order, "-o", out).returncode == 0
    assert not list(kit.glob("poster-good_story.*"))
    listed = set(json.loads((kit / "manifest.json").read_text())["files"])
    assert {p.name for p in kit.iterdir()} == listed | {"manifest.json"}


def test_check_pdf_judges_a_poster_by_the_poster_rules_and_refuses_an_unknown_profile(tmp_path):
    result = kitgen("build", "examples/borgerservice.yaml", "-o", tmp_path, "-l", "da")
    assert result.returncode == 0, result.stderr
    poster = next(tmp_path.glob("*/da/poster-core_task.pdf"))
    auto = kitgen("check-pdf", poster)
    assert auto.returncode == 0 and "judged as a poster" in auto.stdout and "preflight passed" in auto.stdout
    # The same poster as a document: no bleed is expected, so its 3 mm bleed is a problem.
    document = kitgen("check-pdf", poster, "--profile", "document")
    assert document.returncode == 1 and "bleed is not 0 mm on every side" in document.stdout
    wrong = kitgen("check-pdf", poster, "--profile", "leaflet")
    assert wrong.returncode == 1 and "'leaflet' is not auto, poster or document" in wrong.stderr
    assert "Traceback" not in wrong.stderr
