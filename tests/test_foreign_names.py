"""Workplaces in Greek or Cyrillic letters with the same team name: each team
gets a folder of its own (the letters a folder name cannot hold are replaced by
a digest of the whole name), never the folder of another."""

import json

from kitgen.batch import run_batch

from tests.test_batch import GOOD, write_csv

WORKPLACES = ["Δήμος Αθηναίων", "Δήμος Πειραιά", "Москва", "Минск", "Αθήνα", "Афины"]


def test_teams_of_greek_and_cyrillic_workplaces_get_folders_of_their_own(tmp_path):
    rows = []
    for workplace in WORKPLACES:
        row = GOOD[0][:]
        row[0], row[1] = workplace, "Team A"
        rows.append(row)
    out = tmp_path / "out"
    report = run_batch(write_csv(tmp_path / "teams.csv", rows), out, jobs=2)
    assert [r.status for r in report.results] == ["built"] * len(WORKPLACES), [r.problems for r in report.results]
    manifests = sorted(out.glob("*/da/manifest.json"))
    assert len(manifests) == len(WORKPLACES)  # none overwrote another
    assert sorted(json.loads(m.read_text())["workplace"] for m in manifests) == sorted(WORKPLACES)
    assert all(m.parent.parent.name.isascii() for m in manifests)


def test_the_same_workplace_in_other_capitals_is_the_same_team(tmp_path):
    """Case alone does not make two teams (a folder name is case-blind on
    Windows and macOS): the second row is reported, not written over the first."""
    rows = [GOOD[0][:], GOOD[0][:]]
    rows[0][0], rows[1][0] = "Δήμος Αθηναίων", "ΔΉΜΟΣ ΑΘΗΝΑΊΩΝ"
    report = run_batch(write_csv(tmp_path / "teams.csv", rows), tmp_path / "out", jobs=1)
    assert [r.status for r in report.results] == ["built", "failed"]
    assert "gets the same folder name as row 2" in report.results[1].problems[0]
