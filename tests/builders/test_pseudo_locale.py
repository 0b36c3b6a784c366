"""The pseudo-locale (tests/builders/pseudo.py): every text 40 % longer, in accented
letters. Every file still builds and holds its layout, so a language kitgen does
not ship yet fits too."""

from __future__ import annotations

import io

import docx
import pikepdf
import pytest

from kitgen.kit.theme import load_theme
from tests.builders.office.test_deck import assert_designed_for_the_room, build
from tests.builders.pseudo import pseudo, pseudo_kit
from tests.conftest import build_handout, build_posters, with_fields

ORDERS = {
    "team": with_fields(posters="[core_task, program, psych_safety_team_scan]"),
    "long": with_fields(exercises="[casekit_interview_frame, fair_change_process_design, core_task_360_view]",
                        start='"07:00"', posters="[core_task, program]"),
    "module": with_fields(exercises=None, module="module_2_culture", posters="[core_task, program]"),
}


def test_the_pseudo_locale_is_longer_and_accented():
    text = "Kerneopgaven i {team} kl. 09.15"
    out = pseudo(text)
    assert "{team}" in out and "09.15" in out and " i " in out  # placeholders, times, short words stay
    assert len(pseudo("Kerneopgaven")) == len("Kerneopgaven") + 5  # 40 % longer
    assert any(ch in out for ch in "áéíóúý")


@pytest.mark.parametrize("name", ORDERS)
def test_every_file_builds_and_holds_in_the_pseudo_locale(make_kit, name):
    kit = pseudo_kit(make_kit(ORDERS[name], lang="de"))
    assert len(kit.core_task) > 1.3 * len(make_kit(ORDERS[name], lang="de").core_task)
    assert_designed_for_the_room(build(kit))
    handout = docx.Document(io.BytesIO(build_handout(kit, load_theme("default"))))
    assert any(kit.exercises[0].title in p.text for p in handout.paragraphs) if kit.exercises else handout.paragraphs
    posters = build_posters(kit, load_theme("default"))
    pdfs = [n for n in posters if n.endswith(".pdf")]
    assert len(pdfs) == len(kit.posters)
    for n in pdfs:
        with pikepdf.open(io.BytesIO(posters[n])) as pdf:
            assert len(pdf.pages) == 1
