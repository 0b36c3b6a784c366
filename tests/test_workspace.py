"""A workspace: `kitgen init`, the organisation's own exercise, theme and logo,
translated, built in Danish and English; its content checked like kitgen's."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import zipfile

from babel.messages.pofile import read_po, write_po
from PIL import Image

from tests.conftest import ROOT

OWN = """\
id: walk_and_talk
title: Gå-og-snak om kerneopgaven
summary: To og to går en tur og taler om, hvad {{ team }} gør for {{ stakeholders }}.
purpose: Samtalen i bevægelse gør det lettere at sige det, man ellers ikke får sagt.
minutes: 30
group_size: {min: 2, max: 40}
group_form: To og to
audience: Alle i teamet
steps:
  - {title: Gå en tur, minutes: 20, text: Gå sammen i tyve minutter og tal om kerneopgaven.}
  - {title: Saml op, minutes: 10, text: Hvert par fortæller én ting i plenum.}
tags: [core_task, trust]
sources:
  - {author: Nordby Kommune, title: Vores egne værktøjer, note: Kittets egne tider.}
"""


def kitgen(*args, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "kitgen.cli", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "COLUMNS": "200", **(env or {})})


def translate_own(workspace):
    """What a translator does: fill the English catalog kitgen i18n update made."""
    po = workspace / "locales" / "en" / "LC_MESSAGES" / "content.po"
    cat = read_po(po.open("rb"))
    english = {"title": "Walk and talk about the core task", "summary": "In pairs, go for a walk and talk "
               "about what {{ team }} does for {{ stakeholders }}.", "purpose": "Talking on the move makes it "
               "easier to say what otherwise goes unsaid.", "group_form": "In pairs", "audience": "Everyone "
               "in the team", "steps[0].title": "Go for a walk", "steps[0].text": "Walk together for twenty "
               "minutes and talk about the core task.", "steps[1].title": "Sum up", "steps[1].text": "Each "
               "pair tells the plenary one thing.", "sources[0].note": "The kit's own timings."}
    for msg in cat:
        if msg.id:
            msg.string = english[msg.context.split(":", 1)[1]]
    buf = io.BytesIO()
    write_po(buf, cat)
    po.write_bytes(buf.getvalue())


def test_init_own_exercise_own_theme_and_logo_in_danish_and_english(tmp_path):
    result = kitgen("init", "ws", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ws = tmp_path / "ws"
    assert {"kitgen.toml", "orders", "teams.xlsx", "themes", "content", "locales", "output"} <= {
        p.name for p in ws.iterdir()}
    (ws / "content" / "exercises" / "walk_and_talk.yaml").write_text(OWN, encoding="utf-8")
    Image.new("RGB", (600, 240), (200, 30, 60)).save(ws / "themes" / "logo.png")
    theme = (ws / "themes" / "vores.yaml").read_text(encoding="utf-8")
    theme = theme.replace("logo: null ", "logo: logo.png ").replace("logo_alt: null ", 'logo_alt: "Nordbys logo" ')
    (ws / "themes" / "vores.yaml").write_text(theme.replace('primary: "1F4E79"', 'primary: "7A1F3D"'))
    assert kitgen("i18n", "update", "-l", "en", cwd=ws).returncode == 0
    translate_own(ws)
    (ws / "orders" / "nord.yaml").write_text(textwrap.dedent("""\
        workplace: Nordby Kommune
        team: Team Nord
        core_task: {da: Vi hjælper borgerne videre., en: We help citizens on.}
        locale: [da, en]
        date: 2027-02-03
        exercises: [walk_and_talk]
        """), encoding="utf-8")
    check = kitgen("check", cwd=ws)
    assert check.returncode == 0 and "workspace" in check.stdout, check.stderr
    built = kitgen("build", "orders/nord.yaml", "--strict", cwd=ws)
    assert built.returncode == 0, built.stderr
    from docx import Document
    from pptx import Presentation

    for lang, title in (("da", "Gå-og-snak om kerneopgaven"), ("en", "Walk and talk about the core task")):
        folder = ws / "output" / "nordby-kommune-team-nord" / lang
        doc = Document(str(folder / "handout.docx"))
        assert any(title in p.text for p in doc.paragraphs), lang
        styles = zipfile.ZipFile(folder / "handout.docx").read("word/styles.xml").decode()
        assert 'w:val="7A1F3D"' in styles  # the theme's colour
        deck = Presentation(str(folder / "deck.pptx"))
        pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
        assert pictures and pictures[0]._element.nvPicPr.cNvPr.get("descr") == "Nordbys logo"
        assert (folder / "poster-core_task.pdf").read_bytes().count(b"/Subtype /Image") >= 1


def test_an_own_item_replaces_the_built_in_one_with_a_note_and_is_checked_like_it(tmp_path):
    assert kitgen("init", "ws", cwd=tmp_path).returncode == 0
    ws = tmp_path / "ws"
    own = (ROOT / "content" / "exercises" / "good_story.yaml").read_text(encoding="utf-8")
    (ws / "content" / "exercises" / "good_story.yaml").write_text(own.replace("title: ", "title: Vores ", 1))
    check = kitgen("check", cwd=ws)
    assert check.returncode == 0, check.stderr
    assert "note: content/exercises/good_story.yaml replaces kitgen's own exercise/good_story" in check.stderr
    (ws / "content" / "exercises" / "broken.yaml").write_text("id: broken\ntitle: Brudt\nminutes: x\n")
    check = kitgen("check", cwd=ws)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert "content/exercises/broken.yaml:3: minutes:" in check.stderr
    # --workspace from anywhere
    assert kitgen("--workspace", ws, "check", cwd=tmp_path).returncode == 1
