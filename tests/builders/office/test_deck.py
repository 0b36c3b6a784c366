"""The facilitation deck: order of slides, agenda, notes, language, fit, module mode."""

import dataclasses
import io
import re
import zipfile

import pytest
from pptx import Presentation

from kitgen.builders.office import deck
from kitgen.builders.office.fit import Metrics, frame_overflow

METRICS = Metrics()
from kitgen.i18n.locale import available_locales
from kitgen.kit.theme import load_theme

from tests.conftest import build_deck, build_handout, with_fields

def _day_sized_groups(max_minutes: int = 600) -> list[str]:
    """Every exercise of the library, in kits that fit in a day (from 06:00)."""
    from kitgen.content.library import load_library

    groups, current, total = [], [], 0
    for ex in sorted(load_library().exercises.values(), key=lambda e: e.id):
        if current and total + ex.minutes > max_minutes:
            groups.append(current)
            current, total = [], 0
        current.append(ex.id)
        total += ex.minutes + 15
    groups.append(current)
    return ["[" + ", ".join(g) + "]" for g in groups]


ALL_EXERCISES_ORDERS = _day_sized_groups()


def build(kit, theme="default"):
    return Presentation(io.BytesIO(build_deck(kit, load_theme(theme))))


def titles(prs):
    return [s.shapes.title.text for s in prs.slides]


def assert_nothing_overflows(prs):
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text:
                over = frame_overflow(shape, METRICS)
                assert over <= 0.5, f"slide {number} {shape.name!r} overflows by {over:.1f} pt"


def test_slide_order_for_a_team_session(make_kit):
    kit = make_kit()
    prs = build(kit)
    ts = titles(prs)
    assert ts[0] == "Workshop om social kapital" and ts[1] == "Dagsorden"
    first_break = next(a for a in kit.agenda if a.kind == "break")
    assert f"Pause til {first_break.end_text}" in ts and first_break.end_text == "11.00"
    assert ts[-1] == "Aftaler og handleplan"
    # a divider before every agenda block, in agenda order
    dividers = [s for s in prs.slides if s.slide_layout.name == "Section"]
    assert len(dividers) == len(kit.agenda)
    for slide, item in zip(dividers, kit.agenda):
        highlighted = [p.text for p in slide.placeholders[1].text_frame.paragraphs
                       if p.runs[-1].font.bold]
        assert highlighted and highlighted[0].endswith(item.title)
    # each exercise: intro, steps, questions, plenary, in that order
    for ex in kit.exercises:
        own = [s.slide_layout.name for s in prs.slides
               if s.shapes.title.text.startswith(f"{ex.number}. {ex.title}")
               and s.slide_layout.name != "Section"]
        assert own[0] == "Content" and "Steps" in own and "Questions" in own
        assert f"Opsamling: {ex.title}" in ts


def test_agenda_slide_has_the_clock_times(make_kit):
    kit = make_kit()
    agenda = build(kit).slides[1].placeholders[1].text_frame
    lines = [p.text for p in agenda.paragraphs]
    assert lines[0] == "09.00–09.15\tVelkomst og formål"
    assert [line.split("\t")[0] for line in lines] == [a.time_range for a in kit.agenda]
    en = [p.text for p in build(make_kit(lang="en")).slides[1].placeholders[1].text_frame.paragraphs]
    assert en[0] == "09:00–09:15\tWelcome and purpose"


def test_every_slide_has_speaker_notes(make_kit):
    for slide in build(make_kit()).slides:
        assert slide.has_notes_slide and len(slide.notes_slide.notes_text_frame.text) > 20


def test_steps_show_minutes_and_notes_give_clock_times(make_kit):
    kit = make_kit()
    prs = build(kit)
    ex = kit.exercises[0]
    steps = [s for s in prs.slides if s.slide_layout.name == "Steps"
             and s.shapes.title.text.startswith("1.")]
    text = "\n".join(s.placeholders[1].text_frame.text for s in steps)
    assert f"1. {ex.steps[0].title} ({ex.steps[0].duration})" in text
    notes = steps[0].notes_slide.notes_text_frame.text
    assert f"Trin 1, {ex.steps[0].time_range}:" in notes and ex.steps[0].time_range.startswith("09.15")


def test_core_task_appears_where_the_exercise_uses_it(make_kit):
    kit = make_kit()
    prs = build(kit)
    for ex in kit.exercises:
        qslides = [s for s in prs.slides if s.slide_layout.name == "Questions"
                   and s.shapes.title.text.startswith(f"{ex.number}.")]
        strips = [sh.text_frame.text for s in qslides for sh in s.placeholders
                  if sh.placeholder_format.idx == 2]
        if ex.mentions_core_task:
            assert strips and all(kit.core_task in t for t in strips)
        else:
            assert not strips


@pytest.mark.parametrize("lang, tag", [("da", "da-DK"), ("en", "en-GB")])
def test_every_run_carries_the_language(make_kit, lang, tag):
    blob = build_deck(make_kit(lang=lang), load_theme("default"))
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for name in z.namelist():
            if re.match(r"ppt/(slides|notesSlides)/\w+\.xml$", name):
                xml = z.read(name).decode()
                runs = re.findall(r"<a:r>.*?</a:r>", xml)
                assert runs, name
                for run in runs:
                    assert f'lang="{tag}"' in run, (name, run[:120])


def test_slides_are_16_9(make_kit):
    prs = build(make_kit())
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    assert {layout.name for layout in prs.slide_layouts} == {
        "Title", "Agenda", "Section", "Content", "Steps", "Questions", "Closing"}


def test_same_kit_same_bytes(make_kit):
    kit = make_kit()
    assert build_deck(kit, load_theme("default")) == build_deck(kit, load_theme("default"))


def test_no_empty_placeholders_are_left(make_kit):
    for slide in build(make_kit()).slides:
        for shape in slide.placeholders:
            assert shape.has_text_frame is False or shape.text_frame.text.strip(), \
                (slide.shapes.title.text, shape.name)


def test_a_long_danish_text_moves_to_a_continuation_slide(make_kit):
    kit = make_kit(with_fields(exercises="[good_story]"))
    ex = kit.exercises[0]
    long = ("Arbejdsmiljøorganisationen og de grænsekrydsende kvalitetsudviklingsgrupper "
            "gennemgår sammen medarbejderrepræsentanternes forslag. ") * 8
    steps = tuple(dataclasses.replace(s, text=long) for s in ex.steps)
    kit = dataclasses.replace(kit, exercises=(dataclasses.replace(ex, steps=steps),))
    prs = build(kit)
    assert "1. Den gode historie (fortsat)" in titles(prs)
    assert_nothing_overflows(prs)


def _concept_ids():
    from kitgen.content.library import load_library

    return "[" + ", ".join(sorted(load_library().concepts)) + "]"


@pytest.mark.parametrize("lang", available_locales())
@pytest.mark.parametrize("exercises", ALL_EXERCISES_ORDERS)
def test_no_text_overflows_for_any_exercise_in_any_locale(make_kit, lang, exercises):
    kit = make_kit(with_fields(exercises=exercises, start='"06:00"'), lang=lang)
    assert not [w for w in kit.warnings if "translation" in w]
    assert_nothing_overflows(build(kit))


@pytest.mark.parametrize("lang", available_locales())
def test_every_concept_gets_a_slide_that_fits(make_kit, lang):
    kit = make_kit(with_fields(exercises="[good_story]", concepts=_concept_ids()), lang=lang)
    assert not [w for w in kit.warnings if "translation" in w]
    prs = build(kit)
    assert_nothing_overflows(prs)
    titles_ = titles(prs)
    for concept in kit.concepts:
        if concept.id in kit.requested_concepts:
            assert concept.title in titles_


def _module_ids():
    from kitgen.content.library import load_library

    return sorted(load_library().modules)


@pytest.mark.parametrize("lang", available_locales())
@pytest.mark.parametrize("module", _module_ids())
def test_every_module_deck_fits_in_every_locale(make_kit, lang, module):
    kit = make_kit(with_fields(exercises=None, module=module), lang=lang)
    assert not [w for w in kit.warnings if "translation" in w]
    assert_nothing_overflows(build(kit))


@pytest.mark.parametrize("lang", available_locales())
def test_module_deck_in_every_locale(make_kit, lang):
    kit = make_kit(with_fields(exercises=None, module="module_2_culture"), lang=lang)
    prs = build(kit)
    assert_nothing_overflows(prs)
    ts = titles(prs)
    course = kit.t("Kursusforløbet")
    assert ts[1] == course
    overview = [s for s in prs.slides if s.shapes.title.text.startswith(course)]
    you_are_here = [p.text for s in overview for p in s.placeholders[1].text_frame.paragraphs
                    if p.runs and p.runs[0].font.bold]
    assert len(you_are_here) == 1 and kit.course.parts[2].title in you_are_here[0]
    assert ts[len(overview) + 1] == kit.t("Formål med dagen")
    assert kit.t("Hjemmeopgave") in ts
    # a theory slide per talk with a concept, named after the block
    talks = [a for a in kit.agenda if a.kind == "talk" and a.concept]
    for talk in talks:
        assert ts.count(talk.title) >= 2  # its divider and its theory slide


def test_text_xml_cannot_hold_is_dropped_and_markup_stays_literal(make_kit):
    """User text is data: markup prints literally, and characters XML cannot hold go."""
    from lxml import etree

    evil = "A\x01B\x0bC \ud800{{ 7*7 }} <a:p> & ]]>"
    kit = dataclasses.replace(make_kit(), workplace=evil, core_task=evil, session_title=evil)
    blob = build_deck(kit, load_theme("default"))
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))
    prs = Presentation(io.BytesIO(blob))
    clean = "ABC {{ 7*7 }} <a:p> & ]]>"
    assert prs.slides[0].shapes.title.text == clean
    assert prs.slides[0].placeholders[1].text_frame.paragraphs[0].text == clean
    assert prs.core_properties.title == f"{clean} – {clean}"


def test_package_parts_are_complete(make_kit):
    """Every relationship target and content-type override names a part in the zip."""
    import posixpath

    from lxml import etree

    blob = build_deck(make_kit(), load_theme("default"))
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = set(z.namelist())
        assert z.namelist()[0] == "[Content_Types].xml"
        types = etree.fromstring(z.read("[Content_Types].xml"))
        overrides = {o.get("PartName").lstrip("/") for o in types if o.get("PartName")}
        assert overrides <= names
        assert {n for n in names if re.match(r"ppt/(slides|notesSlides)/\w+\.xml$", n)} <= overrides
        for rels in (n for n in names if n.endswith(".rels")):
            base = posixpath.dirname(posixpath.dirname(rels))
            for rel in etree.fromstring(z.read(rels)):
                if rel.get("TargetMode") != "External":
                    assert posixpath.normpath(posixpath.join(base, rel.get("Target"))) in names


def test_the_logo_goes_on_the_title_slide(make_kit, tmp_path):
    from PIL import Image

    Image.new("RGB", (500, 300), (30, 90, 160)).save(tmp_path / "logo.png")
    theme = dataclasses.replace(load_theme("default"), logo=tmp_path / "logo.png")
    prs = Presentation(io.BytesIO(build_deck(make_kit(), theme)))
    pictures = [s for s in prs.slides[0].shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1
    logo = pictures[0]
    assert (logo.height, logo.width) == (914400, 1524000)  # one inch high, aspect kept
    assert logo.image.content_type == "image/png"
    assert logo.image.blob == (tmp_path / "logo.png").read_bytes()
    assert not [s for slide in list(prs.slides)[1:] for s in slide.shapes if s.shape_type == 13]


@pytest.mark.parametrize("size", [(2400, 200), (100, 900)])
def test_a_logo_of_any_shape_stays_in_its_corner(make_kit, tmp_path, size):
    from PIL import Image

    Image.new("RGB", size, (30, 90, 160)).save(tmp_path / "logo.png")
    theme = dataclasses.replace(load_theme("default"), logo=tmp_path / "logo.png")
    prs = Presentation(io.BytesIO(build_deck(make_kit(), theme)))
    logo = next(s for s in prs.slides[0].shapes if s.shape_type == 13)
    assert logo.left + logo.width <= prs.slide_width - 914400 * 0.4  # clear of the right edge
    assert logo.height <= 914400 and logo.width <= 1.7 * 914400 + 1
    assert abs(logo.width / logo.height - size[0] / size[1]) < 0.01  # aspect kept


def test_themes_and_languages_do_not_leak_between_builds(make_kit):
    """The template is read once per process: each build must still get its own colours."""
    fjord = build(make_kit(), "fjord")
    english = build(make_kit(lang="en"))
    again = build(make_kit())

    def colour(prs):
        return str(prs.slides[0].shapes.title.text_frame.paragraphs[0].runs[0].font.color.rgb)

    assert (colour(fjord), colour(again)) == ("1D5C4D", "1F4E79")
    assert english.core_properties.language == "en-GB" and again.core_properties.language == "da-DK"
    assert len(fjord.slides) == len(again.slides)


def test_building_imports_neither_python_pptx_nor_python_docx():
    """A batch builds many kits; python-pptx and python-docx would only cost memory
    (they are for the template generators and for re-reading files in tests)."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = ("import sys; from kitgen.content.library import load_library; from kitgen.inputs.order import load_order; "
            "from kitgen.kit.plan import plan; from kitgen.builders.registry import builder; "
            "from kitgen.kit.theme import load_theme; lib = load_library(); "
            "kit = plan(load_order('examples/borgerservice.yaml', lib), lib, 'da'); "
            "builder('deck').build(kit, load_theme('default')); "
            "builder('handout').build(kit, load_theme('default')); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'docx')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
