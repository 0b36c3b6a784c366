"""The Word handout: structure, language, page, determinism, literal user text."""

import io
import re
import zipfile

import docx
import pytest
from docx.shared import Cm

from kitgen.builders.office import handout
from kitgen.kit.theme import load_theme

from tests.conftest import build_handout, with_fields


@pytest.fixture
def build(make_kit):
    def run(text=None, lang="da", theme="default"):
        kit = make_kit(text, lang) if text else make_kit(lang=lang)
        return kit, build_handout(kit, load_theme(theme))
    return run


def open_docx(blob):
    return docx.Document(io.BytesIO(blob))


def headings(doc):
    out = []
    for p in doc.paragraphs:
        m = re.fullmatch(r"Heading (\d)", p.style.name)
        if m:
            out.append((int(m.group(1)), p.text))
    return out


def test_headings_form_a_correct_outline(build):
    kit, blob = build()
    hs = headings(open_docx(blob))
    assert hs[0][0] == 1
    for (a, _), (b, _) in zip(hs, hs[1:]):
        assert b <= a + 1, "a heading level is skipped"
    level1 = [text for level, text in hs if level == 1]
    assert level1[:2] == ["Dagsorden", "Social kapital i Team Pas og Kørekort"]
    assert "Øvelse 1: Kom i dybden med kerneopgaven" in level1
    assert level1[-2:] == ["Handleplan", "Kilder"]
    assert len([t for t in level1 if t.startswith("Øvelse ")]) == 3


def test_cover_shows_team_date_facilitator_and_core_task(build):
    kit, blob = build()
    doc = open_docx(blob)
    assert doc.paragraphs[0].style.name == "Title"
    cover = doc.tables[0]
    cells = [c.text for row in cover.rows for c in row.cells]
    assert "Team Pas og Kørekort" in cells and "torsdag den 3. december 2026" in cells
    assert "HR-partner" in cells and "14 deltagere" in cells
    boxes = [p.text for p in doc.paragraphs if p.style.name == "Kit Core Task"]
    assert boxes and boxes[0] == kit.core_task


def test_agenda_table_has_every_item_and_a_total(build):
    kit, blob = build()
    doc = open_docx(blob)
    agenda = doc.tables[1]
    assert [c.text for c in agenda.rows[0].cells] == ["Tid", "Punkt", "Varighed"]
    assert len(agenda.rows) == len(kit.agenda) + 2
    assert agenda.rows[1].cells[0].text == "09.00–09.15"
    assert agenda.rows[-1].cells[2].text == kit.total_text


def test_each_exercise_has_steps_questions_and_a_worksheet_with_writing_space(build):
    kit, blob = build()
    doc = open_docx(blob)
    texts = [p.text for p in doc.paragraphs]
    for ex in kit.exercises:
        for step in ex.steps:
            assert f"{step.number}.\t{step.title} ({step.duration})" in texts
        for group in ex.questions:
            for q in group.items:
                assert q in texts
    worksheets = [t for t in doc.tables if len(t.columns) == 1]
    assert len(worksheets) == 3
    for table in worksheets:
        space_rows = table.rows[1::2]
        assert all(row.height >= Cm(0.65) for row in space_rows)


def test_action_plan_table(build):
    _, blob = build()
    plan_table = open_docx(blob).tables[-1]
    assert [c.text for c in plan_table.rows[0].cells] == [
        "Hvad gør vi?", "Hvem har ansvaret?", "Hvornår?", "Hvordan følger vi op?"]
    assert len(plan_table.rows) >= 6 and all(r.height >= Cm(2) for r in plan_table.rows[1:])


def test_page_is_a4_with_header_and_page_numbers(build):
    kit, blob = build()
    doc = open_docx(blob)
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert kit.workplace in section.header.paragraphs[0].text
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml


@pytest.mark.parametrize("lang, tag", [("da", "da-DK"), ("en", "en-GB")])
def test_document_language_is_set(build, lang, tag):
    _, blob = build(lang=lang)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        styles = z.read("word/styles.xml").decode()
    assert re.search(rf'<w:lang [^>]*w:val="{tag}"', styles)
    assert open_docx(blob).core_properties.language == tag


def test_english_handout_has_english_labels(build):
    _, blob = build(lang="en")
    level1 = [t for level, t in headings(open_docx(blob)) if level == 1]
    assert level1[0] == "Agenda" and level1[-2:] == ["Action plan", "Sources"]


def test_same_kit_gives_the_same_bytes(build):
    _, first = build()
    _, second = build()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 12, 3, 9, 0, 0)}


def test_user_text_prints_literally(build):
    text = with_fields(workplace='"{{ 7*7 }} & <Co>"', team='"{% if %}"')
    kit, blob = build(text)
    doc = open_docx(blob)
    assert doc.sections[0].header.paragraphs[0].text == "{{ 7*7 }} & <Co> · {% if %}"
    assert "{{ 7*7 }} & <Co>" in [p.text for p in doc.paragraphs]


def test_theme_colours_reach_the_headings(build):
    _, blob = build(theme="fjord")
    assert str(open_docx(blob).styles["Heading 1"].font.color.rgb) == "1D5C4D"


def test_sources_page_lists_every_source(build):
    kit, blob = build()
    texts = [p.text for p in open_docx(blob).paragraphs if p.style.name == "Kit Source"]
    assert texts == list(kit.sources)
    assert any(t.startswith("Efter BAR FOKA: Kom videre med social kapital") for t in texts)


def _groups():
    from tests.builders.office.test_deck import ALL_EXERCISES_ORDERS

    return ALL_EXERCISES_ORDERS


@pytest.mark.parametrize("exercises", _groups())
def test_every_exercise_builds_into_a_handout(make_kit, exercises):
    from kitgen.i18n.locale import available_locales

    for lang in available_locales():
        kit = make_kit(with_fields(exercises=exercises, start='"06:00"'), lang=lang)
        doc = open_docx(build_handout(kit, load_theme("default")))
        level1 = [t for level, t in headings(doc) if level == 1]
        wanted = [kit.t("Tjekliste {number}: {title}" if ex.kind == "checklist" else
                        "Øvelse {number}: {title}").format(number=ex.number, title=ex.title)
                  for ex in kit.exercises]
        assert [t for t in level1 if t in wanted] == wanted, lang


def test_every_concept_builds_into_the_handout(make_kit):
    from kitgen.i18n.locale import available_locales
    from kitgen.content.library import load_library

    ids = sorted(load_library().concepts)
    for lang in available_locales():
        kit = make_kit(with_fields(exercises="[good_story]", concepts="[" + ", ".join(ids) + "]"), lang=lang)
        assert not [w for w in kit.warnings if "translation" in w]
        level2 = [t for level, t in headings(open_docx(build_handout(kit, load_theme("default")))) if level == 2]
        for concept in kit.concepts:
            if concept.id != "social_capital":
                assert concept.title in level2


def test_text_xml_cannot_hold_is_dropped_and_markup_stays_literal(make_kit):
    """Builders get final text; even control characters must not break the XML."""
    import dataclasses

    from lxml import etree

    evil = "A\x01B\x0bC \ud800{{ 7*7 }} <w:p> & ]]>"
    kit = dataclasses.replace(make_kit(), workplace=evil, session_title=evil, sources=(evil,))
    blob = build_handout(kit, load_theme("default"))
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))
    doc = open_docx(blob)
    assert doc.paragraphs[0].text == "ABC {{ 7*7 }} <w:p> & ]]>"
    assert doc.core_properties.title.startswith("ABC {{ 7*7 }} <w:p> & ]]> – ")


def test_package_parts_are_complete(build):
    """Every relationship target and content-type override names a part in the zip."""
    import posixpath

    from lxml import etree

    _, blob = build()
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = set(z.namelist())
        assert z.namelist()[0] == "[Content_Types].xml"
        types = etree.fromstring(z.read("[Content_Types].xml"))
        assert {o.get("PartName").lstrip("/") for o in types if o.get("PartName")} <= names
        for rels in (n for n in names if n.endswith(".rels")):
            base = posixpath.dirname(posixpath.dirname(rels))
            for rel in etree.fromstring(z.read(rels)):
                if rel.get("TargetMode") != "External":
                    assert posixpath.normpath(posixpath.join(base, rel.get("Target"))) in names


def test_themes_and_languages_do_not_leak_between_builds(build):
    """The themed styles are cached per process: each build must still get its own."""
    _, fjord = build(theme="fjord")
    _, english = build(lang="en")
    _, again = build()
    assert str(open_docx(fjord).styles["Heading 1"].font.color.rgb) == "1D5C4D"
    assert str(open_docx(again).styles["Heading 1"].font.color.rgb) == "1F4E79"
    assert open_docx(english).core_properties.language == "en-GB"
    assert 'w:val="da-DK"' in zipfile.ZipFile(io.BytesIO(again)).read("word/styles.xml").decode()



def test_a_changed_template_never_meets_styles_themed_from_the_old_one(tmp_path, make_kit):
    """The builder owns its template and what it derives from it: after the file
    changes, document.xml and styles.xml both come from the new template."""
    import os
    import shutil

    from kitgen.builders.office.handout import HandoutBuilder
    from kitgen.paths import data_dirs

    template = tmp_path / "handout.docx"
    shutil.copy(data_dirs().handout_template, template)
    builder = HandoutBuilder(template)
    kit, theme = make_kit(), load_theme("default")
    before = zipfile.ZipFile(io.BytesIO(builder.build(kit, theme)["handout.docx"])).read("word/styles.xml")
    assert b"KitMarker" not in before

    with zipfile.ZipFile(data_dirs().handout_template) as src, zipfile.ZipFile(template, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/styles.xml":  # a designer renames a style's UI name
                data = data.replace(b'w:val="Kit Small"', b'w:val="Kit Small"/><w:aliases w:val="KitMarker"')
            dst.writestr(info, data)
    os.utime(template, ns=(1, 1))  # another stamp, whatever the clock
    after = zipfile.ZipFile(io.BytesIO(builder.build(kit, theme)["handout.docx"])).read("word/styles.xml")
    assert b"KitMarker" in after


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def controls(doc):
    """(tag, title, sdt element) of every content control in the body, in order."""
    out = []
    for sdt in doc.element.body.iter(f"{W}sdt"):
        pr = sdt.find(f"{W}sdtPr")
        out.append((pr.find(f"{W}tag").get(f"{W}val"), pr.find(f"{W}alias").get(f"{W}val"), sdt))
    return out


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_worksheet_field_is_a_plain_text_content_control(build, lang):
    """A team can fill in the worksheets and the action plan in Word: one plain-text
    control per field, titled with the field's label and tagged with a stable name,
    empty (its placeholder is blanks) inside the same box as on paper."""
    kit, blob = build(lang=lang)
    doc = open_docx(blob)
    found = controls(doc)
    wanted = [(f"{ex.id}.{n}", field.label) for ex in kit.exercises if ex.worksheet
              for n, field in enumerate(ex.worksheet.fields, 1)]
    heads = [kit.t(x) for x in ("Hvad gør vi?", "Hvem har ansvaret?", "Hvornår?", "Hvordan følger vi op?")]
    wanted += [(f"action_plan.{row}.{key}", f"{head} ({row})") for row in range(1, 8)
               for key, head in zip(handout.ACTION_FIELDS, heads)]
    assert [(tag, title) for tag, title, _ in found] == wanted
    ids = set()
    for _, _, sdt in found:
        pr = sdt.find(f"{W}sdtPr")
        assert pr.find(f"{W}text").get(f"{W}multiLine") == "1"
        assert pr.find(f"{W}showingPlcHdr") is not None
        ids.add(pr.find(f"{W}id").get(f"{W}val"))
        assert "".join(sdt.find(f"{W}sdtContent").itertext()).strip() == ""  # nothing shows when empty
        assert sdt.getparent().tag == f"{W}p" and sdt.getparent().getparent().tag == f"{W}tc"
    assert len(ids) == len(found)  # every w:id unique


def test_a_worksheet_field_fills_its_writing_box(build):
    """The control's lines are exactly the box: its row is lines × line high, and the
    paragraph holding it has that many lines of that height (LibreOffice sizes the
    PDF field by them)."""
    kit, blob = build()
    doc = open_docx(blob)
    ex = next(e for e in kit.exercises if e.worksheet)
    table = next(t for t in doc.tables if len(t.columns) == 1 and t.rows[0].cells[0].text == ex.worksheet.fields[0].label)
    for field, space in zip(ex.worksheet.fields, table.rows[1::2]):
        p = space.cells[0]._tc.find(f"{W}p")
        spacing = p.find(f"{W}pPr/{W}spacing")
        line = int(spacing.get(f"{W}line"))
        assert spacing.get(f"{W}lineRule") == "exact" and spacing.get(f"{W}after") == "0"
        assert len(p.findall(f".//{W}sdtContent//{W}br")) == field.lines - 1
        assert abs(space.height.twips - line * field.lines) <= 1


LONG_CORE_TASK = ("Vi hjælper borgerne hurtigt og korrekt videre med pas, kørekort og sundhedskort, så de får den "
                  "rette løsning første gang, oplever en venlig og tydelig betjening og kan regne med os, også når "
                  "sagen er svær, reglerne er indviklede og der er travlt i ekspeditionen, fordi vi arbejder sammen "
                  "på tværs af hele teamet")


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["da", "en", "de"])
def test_a_long_core_task_is_said_once_and_referred_to(make_kit, lang):
    """300 characters pasted into every sentence that mentions the core task make a
    handout unreadable: it stands in full in the box on the cover, and elsewhere the
    handout refers to it, also in exercises whose texts use {{ core_task }}."""
    assert len(LONG_CORE_TASK) >= 300
    exercises = "[core_task_deep_dive, checklist_core_task_clear, psych_safety_team_scan, wellbeing_wheel]"
    kit = make_kit(with_fields(core_task=f'"{LONG_CORE_TASK}"', exercises=exercises), lang=lang)
    assert sum(ex.mentions_core_task for ex in kit.exercises) >= 3
    doc = open_docx(build_handout(kit, load_theme("default")))
    text = all_text(doc)
    assert 1 <= text.count(LONG_CORE_TASK) <= 2
    boxes = [p.text for p in doc.paragraphs if p.style.name == "Kit Core Task"]
    assert boxes == [kit.core_task]  # once, on the cover
    assert kit.t("(se forsiden)") in text  # "… lyder kerneopgaven med vores egne ord (se forsiden)."
    assert kit.t("Social kapital handler om {elements} – og det hele samler sig om jeres kerneopgave, som står "
                 "på forsiden.").format(elements=kit.elements_text) in text
    assert "()" not in text and "( )" not in text


def test_a_short_core_task_still_reads_inline(make_kit):
    kit = make_kit(with_fields(exercises="[psych_safety_team_scan]"))
    text = all_text(open_docx(build_handout(kit, load_theme("default"))))
    assert kit.core_task.rstrip(".") in text.replace(kit.core_task, "", 1)  # in an exercise's text too
    assert kit.t("(se forsiden)") not in text


W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"


@pytest.mark.parametrize("lang", ["da", "de"])
def test_a_checklists_points_each_have_a_checkbox_content_control(build, lang):
    """A checklist is ticked off on screen: each point has a Word checkbox content
    control (unticked, ☐), titled with the point, tagged <id>.check.<n>, in the
    row beside the point; the worksheets keep their text controls."""
    kit, blob = build(with_fields(exercises="[checklist_core_task_clear, checklist_social_capital_project]"),
                      lang=lang)
    found = controls(open_docx(blob))
    boxes = [(tag, title, sdt) for tag, title, sdt in found if sdt.find(f"{W}sdtPr/{W14}checkbox") is not None]
    points = [(ex.id, q) for ex in kit.exercises if ex.kind == "checklist"
              for group in ex.questions for q in group.items]
    assert [(tag, title) for tag, title, _ in boxes] == [
        (f"{eid}.check.{n}", q) for eid in dict.fromkeys(e for e, _ in points)
        for n, q in enumerate([q for e, q in points if e == eid], 1)]
    assert len(boxes) == 30
    for _, title, sdt in boxes:
        box = sdt.find(f"{W}sdtPr/{W14}checkbox")
        assert box.find(f"{W14}checked").get(f"{W14}val") == "0"
        shown = [t.text for t in sdt.find(f"{W}sdtContent").iter(f"{W}t")]
        assert shown == ["\u2610"], shown
        cells = sdt.getparent().getparent().getparent()  # sdt -> p -> tc -> tr
        assert title in "".join(cells.itertext())
    assert len({sdt.find(f"{W}sdtPr/{W}id").get(f"{W}val") for _, _, sdt in found}) == len(found)
    assert any(sdt.find(f"{W}sdtPr/{W}text") is not None for _, _, sdt in found)  # worksheets stay text
