"""The facilitation deck: designed for the room (words, sizes, steps as a sequence,
unique titles, the theme), the notes, language, fit, module mode."""

import dataclasses
import io
import re
import zipfile

import pytest
from pptx import Presentation
from pptx.util import Inches

from kitgen.builders.office.deck_parts import WORDS, words
from kitgen.builders.office.fit import Metrics, frame_overflow
from kitgen.i18n.locale import available_locales
from kitgen.kit.theme import load_theme
from tests.conftest import build_deck, with_fields

METRICS = Metrics()
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


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


def body_words(slide) -> int:
    """Words on the slide besides its title (placeholders, chips, tables), as a reader
    counts them (deck_parts.words: clock times and numbers are not words)."""
    count = 0
    for shape in slide.shapes:
        if shape == slide.shapes.title:
            continue
        if shape.has_text_frame:
            count += words(shape.text_frame.text)
        if shape.has_table:
            count += sum(words(c.text) for row in shape.table.rows for c in row.cells)
    return count


def run_sizes(slide):
    """(shape, size in pt) of every run with text on the slide, tables included."""
    for shape in slide.shapes:
        frames = [shape.text_frame] if shape.has_text_frame else []
        if shape.has_table:
            frames += [c.text_frame for row in shape.table.rows for c in row.cells]
        for frame in frames:
            for p in frame.paragraphs:
                for r in p.runs:
                    if r.text.strip():
                        assert r.font.size is not None, (shape.name, r.text)
                        yield shape, r.font.size.pt


def assert_designed_for_the_room(prs, core_task: str = ""):
    """Fits, at most about fifty words, 20 pt body text, never below 18 pt, unique
    titles, no bullet before a number."""
    ts = titles(prs)
    assert len(ts) == len(set(ts)), [t for t in ts if ts.count(t) > 1]
    for number, slide in enumerate(prs.slides, 1):
        layout = slide.slide_layout.name
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text:
                over = frame_overflow(shape, METRICS)
                assert over <= 0.5, f"slide {number} {shape.name!r} overflows by {over:.1f} pt"
        orientation = layout == "Section" or any(sh.name.startswith("Course part") for sh in slide.shapes)
        if not orientation:  # a divider shows the whole day's titles, the course overview the course's
            allowed = WORDS + (words(core_task) if slide.shapes.title.text == "Vores kerneopgave" else 0)
            assert body_words(slide) <= allowed, (number, slide.shapes.title.text, body_words(slide))
        for shape, size in run_sizes(slide):
            assert size >= 18, (number, shape.name, size)
            if shape.is_placeholder and shape.placeholder_format.idx == 1 and layout in (
                    "Content", "Step", "Questions"):
                assert size >= 20, (number, shape.name, size)
        for shape in slide.placeholders:
            for p in shape.text_frame.paragraphs if shape.has_text_frame else ():
                bullet = p._p.pPr is not None and p._p.pPr.find(f"{A}buChar") is not None
                assert not (bullet and re.match(r"\d+[.)]\s", p.text)), (number, p.text)


def test_slide_order_for_a_team_session(make_kit):
    kit = make_kit()
    prs = build(kit)
    ts = titles(prs)
    assert ts[0] == "Workshop om social kapital" and ts[1] == "Dagsorden"
    first_break = next(a for a in kit.agenda if a.kind == "break")
    assert f"Pause til {first_break.end_text}" in ts and first_break.end_text == "11.00"
    assert ts[-1] == "Aftaler og handleplan"
    assert "Vores kerneopgave" in ts
    # a divider before every agenda block, in agenda order, with that block lit
    dividers = [s for s in prs.slides if s.slide_layout.name == "Section"]
    assert len(dividers) == len(kit.agenda)
    for slide, item in zip(dividers, kit.agenda):
        rows = [p for sh in slide.placeholders if sh.placeholder_format.idx in (1, 3, 4)
                for p in sh.text_frame.paragraphs]
        lit = [p.text for p in rows if p.runs and p.runs[-1].font.bold]
        assert lit and lit[0].endswith(item.title)
        assert len(rows) == len(kit.agenda)  # the whole day, never a window without "…"
    # each exercise: what it is, one slide per step, its questions, the round-up
    for ex in kit.exercises:
        at = ts.index(f"Øvelsen: {ex.title}")
        steps = [f"{ex.title}: trin {s.number} af {len(ex.steps)}" for s in ex.steps]
        assert ts[at + 1: at + 1 + len(steps)] == steps
        rest = ts[at + 1 + len(steps):]
        assert rest[0].startswith(f"{ex.title}: spørgsmål")
        assert f"Opsamling: {ex.title}" in rest


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


def test_steps_are_a_sequence_with_minutes_and_clock_times(make_kit):
    kit = make_kit()
    prs = build(kit)
    ex = kit.exercises[0]
    slides = [s for s in prs.slides if s.shapes.title.text.startswith(f"{ex.title}: trin")]
    assert len(slides) == len(ex.steps)
    for slide, step in zip(slides, ex.steps):
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        chips = [t for t in texts if re.fullmatch(r"\d+ · \d+ min", t)]
        assert chips == [f"{s.number} · {s.minutes} min" for s in ex.steps]  # the where-are-we strip
        end = step.time_range.split("–")[-1]
        assert f"{step.minutes} min" in texts and f"til kl. {end}" in texts
        assert str(step.number) in texts and step.title in texts  # the disc and the heading
        # the lit chip is this step's, in the accent colour
        lit = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame
               and sh._element.find(f".//{A}solidFill/{A}schemeClr[@val='accent2']") is not None
               and re.fullmatch(r"\d+ · \d+ min", sh.text_frame.text)]
        assert lit == [f"{step.number} · {step.minutes} min"]
        # the screen has the start of the instruction, the notes all of it with the clock time
        notes = slide.notes_slide.notes_text_frame.text
        assert f"Trin {step.number}, {step.time_range}: {step.text}" in notes
        instruction = slide.placeholders[1].text_frame.text
        assert step.text.startswith(instruction) and len(instruction.split()) <= 32 or \
            instruction.split(".")[0] == step.text.split(".")[0]
    assert ex.steps[0].time_range.startswith("09.15")


def test_the_core_task_is_said_once_on_screen(make_kit):
    kit = make_kit(with_fields(exercises="[trial_actions, core_task_deep_dive]"))
    prs = build(kit)
    welcome = next(s for s in prs.slides if s.shapes.title.text == "Vores kerneopgave")
    assert kit.core_task in welcome.placeholders[1].text_frame.text
    task = kit.core_task.rstrip(".")
    on_screen = [s.shapes.title.text for s in prs.slides if s != welcome
                 for sh in s.shapes if sh.has_text_frame and task in sh.text_frame.text]
    assert on_screen == [], on_screen
    # the handout and the notes keep the questions whole
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    assert task in notes


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


def test_slides_are_16_9_with_the_named_layouts(make_kit):
    prs = build(make_kit())
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    assert {layout.name for layout in prs.slide_layouts} == {
        "Title", "Agenda", "Section", "Content", "Step", "Questions", "Closing"}


def test_same_kit_same_bytes(make_kit):
    kit = make_kit()
    assert build_deck(kit, load_theme("default")) == build_deck(kit, load_theme("default"))


def test_no_empty_placeholders_are_left(make_kit):
    for slide in build(make_kit()).slides:
        for shape in slide.placeholders:
            assert shape.has_text_frame is False or shape.text_frame.text.strip(), \
                (slide.shapes.title.text, shape.name)


def test_many_long_questions_continue_with_numbered_titles_and_send_the_rest_to_the_handout(make_kit):
    kit = make_kit(with_fields(exercises="[good_story]"))
    ex = kit.exercises[0]
    group = dataclasses.replace(ex.questions[0], items=tuple(
        f"Hvordan taler arbejdsmiljøorganisationen og de grænsekrydsende grupper om forslag nummer {i}?"
        for i in range(1, 30)))
    kit = dataclasses.replace(kit, exercises=(dataclasses.replace(ex, questions=(group,)),))
    prs = build(kit)
    ts = [t for t in titles(prs) if t.startswith("Den gode historie: spørgsmål")]
    assert ts == [f"Den gode historie: spørgsmål ({i}/3)" for i in (1, 2, 3)]
    last = next(s for s in prs.slides if s.shapes.title.text == ts[-1])
    assert "Flere spørgsmål står i håndbogen." in last.placeholders[1].text_frame.text
    assert_designed_for_the_room(prs, kit.core_task)


def test_a_long_step_shows_its_first_sentences_and_keeps_all_in_the_notes(make_kit):
    kit = make_kit(with_fields(exercises="[good_story]"))
    ex = kit.exercises[0]
    long = ("Arbejdsmiljøorganisationen og de grænsekrydsende kvalitetsudviklingsgrupper "
            "gennemgår sammen medarbejderrepræsentanternes forslag. ") * 8
    steps = tuple(dataclasses.replace(s, text=long) for s in ex.steps)
    kit = dataclasses.replace(kit, exercises=(dataclasses.replace(ex, steps=steps),))
    prs = build(kit)
    step = next(s for s in prs.slides if s.shapes.title.text.startswith("Den gode historie: trin 1"))
    assert step.placeholders[1].text_frame.text.count("forslag.") <= 3
    assert long.strip() in step.notes_slide.notes_text_frame.text
    assert_designed_for_the_room(prs, kit.core_task)


@pytest.mark.parametrize("lang", available_locales())
@pytest.mark.parametrize("exercises", ALL_EXERCISES_ORDERS)
def test_every_exercise_in_every_locale_is_designed_for_the_room(make_kit, lang, exercises):
    kit = make_kit(with_fields(exercises=exercises, start='"06:00"'), lang=lang)
    assert not [w for w in kit.warnings if "translation" in w]
    prs = build(kit)
    assert_designed_for_the_room(prs, kit.core_task if lang == "da" else "")
    if lang != "da":  # the welcome's title in this language
        welcome = kit.t("Vores kerneopgave")
        slide = next(s for s in prs.slides if s.shapes.title.text == welcome)
        assert body_words(slide) <= WORDS + words(kit.core_task)


def _concept_ids():
    from kitgen.content.library import load_library

    return "[" + ", ".join(sorted(load_library().concepts)) + "]"


@pytest.mark.parametrize("lang", available_locales())
def test_every_concept_gets_a_slide_that_fits(make_kit, lang):
    kit = make_kit(with_fields(exercises="[good_story]", concepts=_concept_ids()), lang=lang)
    assert not [w for w in kit.warnings if "translation" in w]
    prs = build(kit)
    assert_designed_for_the_room(prs, kit.core_task)
    titles_ = titles(prs)
    for concept in kit.concepts:
        if concept.id in kit.requested_concepts:
            assert any(t == concept.title or t.startswith(f"{concept.title} (") for t in titles_)


def _module_ids():
    from kitgen.content.library import load_library

    return sorted(load_library().modules)


@pytest.mark.parametrize("lang", available_locales())
@pytest.mark.parametrize("module", _module_ids())
def test_every_module_deck_is_designed_for_the_room_in_every_locale(make_kit, lang, module):
    kit = make_kit(with_fields(exercises=None, module=module), lang=lang)
    assert not [w for w in kit.warnings if "translation" in w]
    prs = build(kit)
    assert_designed_for_the_room(prs, kit.core_task)
    # every divider shows every block of its day (or says "…" where it leaves some out)
    for slide in prs.slides:
        if slide.slide_layout.name == "Section":
            rows = [p.text for sh in slide.placeholders if sh.placeholder_format.idx in (1, 3, 4)
                    for p in sh.text_frame.paragraphs]
            assert rows


@pytest.mark.parametrize("lang", available_locales())
def test_module_deck_in_every_locale(make_kit, lang):
    kit = make_kit(with_fields(exercises=None, module="module_2_culture"), lang=lang)
    prs = build(kit)
    ts = titles(prs)
    course = kit.t("Kursusforløbet")
    assert ts[1] == course
    cards = [sh for sh in prs.slides[1].shapes if sh.name.startswith("Course part")]
    assert [c.text_frame.paragraphs[-1].text for c in cards] == [p.title for p in kit.course.parts]
    here = [c for c in cards if c.text_frame.paragraphs[0].text == kit.t("Du er her")]
    assert len(here) == 1 and here[0].text_frame.paragraphs[-1].text == kit.course.parts[2].title
    assert ts[2].startswith(kit.t("Formål med dagen"))
    assert kit.t("Hjemmeopgave") in " ".join(ts)
    # the whole course day on every divider, in two columns where it is long
    dividers = [s for s in prs.slides if s.slide_layout.name == "Section"]
    assert len(dividers) == len(kit.agenda)
    for slide in dividers:
        rows = [p.text for sh in slide.placeholders if sh.placeholder_format.idx in (1, 3, 4)
                for p in sh.text_frame.paragraphs]
        # every block of the day, in its order, by its clock time; a title may be cut
        # at a word ("…"), never the block the divider is about
        assert len(rows) == len(kit.agenda) and "…" not in rows
        for row, item in zip(rows, kit.agenda):
            assert row.startswith(item.time_range)
            title = f"{item.number}. {item.title}" if item.number else item.title
            shown = row.split("\t", 1)[1]
            assert shown == title or (shown.endswith(" …") and title.startswith(shown[:-2]))
        lit = slide.shapes.title.text.split(" · ")[0]
        assert any(r.split("\t", 1)[1] == lit for r in rows) or lit not in " ".join(rows)
    # a slide per talk with a concept
    for talk in (a for a in kit.agenda if a.kind == "talk" and a.concept):
        concept = next(c for c in kit.concepts if c.id == talk.concept)
        assert concept.title in ts or kit.t("{title}: hovedpointer").format(title=talk.title) in ts \
            or any(t.startswith(concept.title) for t in ts)


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


def _with_logo(tmp_path, size, alt=None):
    from PIL import Image

    Image.new("RGB", size, (30, 90, 160)).save(tmp_path / "logo.png")
    return dataclasses.replace(load_theme("default"), logo=tmp_path / "logo.png", logo_alt=alt or "")


def test_the_logo_goes_in_a_card_on_the_title_slide_with_its_alt_text(make_kit, tmp_path):
    theme = _with_logo(tmp_path, (500, 300), alt="Nordby Kommunes logo")
    prs = Presentation(io.BytesIO(build_deck(make_kit(), theme)))
    pictures = [s for s in prs.slides[0].shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1
    logo = pictures[0]
    card = next(s for s in prs.slides[0].shapes if s.name.startswith("Logo card"))
    assert card.left <= logo.left and logo.left + logo.width <= card.left + card.width
    assert card.top <= logo.top and logo.top + logo.height <= card.top + card.height
    assert abs(logo.width / logo.height - 500 / 300) < 0.01  # aspect kept
    assert logo.image.blob == (tmp_path / "logo.png").read_bytes()
    assert logo._element.nvPicPr.cNvPr.get("descr") == "Nordby Kommunes logo"
    # Every other slide shows it too, in one fixed place: a card at the right end
    # of the title band, clear of the title; the package holds the image once.
    others = list(prs.slides)[1:]
    places = set()
    for slide in others:
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1, slide.shapes.title.text
        card = next(s for s in slide.shapes if s.name.startswith("Logo card"))
        title = slide.shapes.title
        assert title.left + title.width <= card.left and card.top + card.height <= Inches(1.4)
        assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == "Nordby Kommunes logo"
        places.add((card.left, card.top, card.width, card.height))
    assert len(places) == 1
    data = build_deck(make_kit(), theme)
    assert len([n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("ppt/media/")]) == 1
    # without logo_alt, the alt text names the workplace's logo, never a file name
    plain = Presentation(io.BytesIO(build_deck(make_kit(), _with_logo(tmp_path, (500, 300)))))
    descr = next(s for s in plain.slides[0].shapes if s.shape_type == 13)._element.nvPicPr.cNvPr.get("descr")
    assert descr == "Logo for Borgerservice Nordby Kommune" and "png" not in descr


@pytest.mark.parametrize("size", [(2400, 200), (100, 900)])
def test_a_logo_of_any_shape_stays_in_its_card(make_kit, tmp_path, size):
    prs = Presentation(io.BytesIO(build_deck(make_kit(), _with_logo(tmp_path, size))))
    logo = next(s for s in prs.slides[0].shapes if s.shape_type == 13)
    card = next(s for s in prs.slides[0].shapes if s.name.startswith("Logo card"))
    assert card.left <= logo.left and logo.left + logo.width <= card.left + card.width + 1
    assert logo.top >= card.top and logo.top + logo.height <= card.top + card.height + 1
    assert abs(logo.width / logo.height - size[0] / size[1]) < 0.02  # aspect kept


def _scheme(blob: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        theme = z.read("ppt/theme/theme1.xml").decode()
    return dict(re.findall(r'<a:(dk2|lt2|accent1|accent2)><a:srgbClr val="(\w+)"', theme))


def test_the_theme_colours_every_layout(make_kit):
    """The layouts draw with scheme colours; each deck carries its own theme's."""
    fjord, default = load_theme("fjord"), load_theme("default")
    for theme in (fjord, default):
        scheme = _scheme(build_deck(make_kit(), theme))
        assert scheme == {"dk2": theme.primary, "lt2": theme.light, "accent1": theme.primary,
                          "accent2": theme.accent}
    with zipfile.ZipFile(io.BytesIO(build_deck(make_kit(), default))) as z:
        layouts = [z.read(n).decode() for n in z.namelist() if re.match(r"ppt/slideLayouts/\w+\.xml$", n)]
    assert len(layouts) == 7
    assert all('<a:schemeClr val="tx2"/>' in x for x in layouts)  # the band or the background
    assert not any("srgbClr" in x for x in layouts)  # no colour of their own


def test_themes_and_languages_do_not_leak_between_builds(make_kit):
    """The template is read once per process: each build must still get its own colours."""
    fjord = build_deck(make_kit(), load_theme("fjord"))
    english = build(make_kit(lang="en"))
    again = build_deck(make_kit(), load_theme("default"))
    assert _scheme(fjord)["dk2"] == load_theme("fjord").primary
    assert _scheme(again)["dk2"] == load_theme("default").primary
    assert english.core_properties.language == "en-GB"
    assert Presentation(io.BytesIO(again)).core_properties.language == "da-DK"


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


LONG_WORKPLACE = ("Bürgeramt der Landeshauptstadt Kiel, Fachbereich Einwohner- und "
                  "Ordnungsangelegenheiten, Abteilung")[:100]
LONG_TEAM = "Sachgebiet Pass- und Führerscheinangelegenheiten sowie Melde- und Personenstandswesen und Zentrale"


def test_names_as_long_as_an_order_allows_fit_the_title_slide(make_kit):
    """A real German workplace and team at the order's 100-character limits: the
    title slide holds them at 18 pt or more; the facilitator goes to the notes
    when the lines are full, never past the box (it once was a 'bug in kitgen')."""
    text = with_fields(workplace=f'"{LONG_WORKPLACE}"', team=f'"{LONG_TEAM}"',
                       facilitator='"Personalentwicklung der Stadtverwaltung Kiel und Organisationsberatung"',
                       locale="de")
    prs = Presentation(io.BytesIO(build_deck(make_kit(text, "de"), load_theme("default"))))
    cover = prs.slides[0]
    subtitle = next(s for s in cover.placeholders if s.placeholder_format.idx == 1)
    shown = subtitle.text_frame.text
    assert LONG_WORKPLACE in shown and LONG_TEAM in shown and "Dezember 2026" in shown
    assert all(r.font.size.pt >= 18 for p in subtitle.text_frame.paragraphs for r in p.runs)
    everywhere = shown + cover.notes_slide.notes_text_frame.text
    assert "Personalentwicklung der Stadtverwaltung Kiel" in everywhere


def test_names_too_wide_for_any_title_slide_are_the_orders_problem(make_kit):
    from kitgen.errors import UserError

    text = with_fields(workplace='"' + "W" * 100 + '"', team='"' + "M" * 100 + '"')
    with pytest.raises(UserError) as exc:
        build_deck(make_kit(text), load_theme("default"))
    problem = exc.value.problems[0]
    assert problem.field == "workplace" and "too long for the deck's title slide" in problem.message


def test_a_slide_never_cuts_a_sentence_after_an_abbreviation():
    """'…, z. B.' on screen was a sentence cut after an abbreviation; sentences end at
    a full stop before a capital, and never after z. B., e.g., t.ex., bl.a., fx …"""
    from babel.messages.pofile import read_po

    from kitgen.builders.office.deck_parts import _ABBREVIATIONS, first_sentences, sentences
    from kitgen.paths import data_dirs

    assert list(sentences("Notiert es, z. B. eine Regel. Dann weiter.")) == ["Notiert es, z. B. eine Regel.",
                                                                             "Dann weiter."]
    assert list(sentences("Brug kort, fx. de fra kassen. Tal så.")) == ["Brug kort, fx. de fra kassen.", "Tal så."]
    assert list(sentences("Ca. 20 minutter. «Tak» siger hun. 3 grupper!")) == ["Ca. 20 minutter.",
                                                                               "«Tak» siger hun.", "3 grupper!"]
    assert first_sentences("Use cards, e.g. the ones from the box. Then talk.", 8) == \
        "Use cards, e.g. the ones from the box."
    cut = []
    for lang in ("da", "en", "sv", "nb", "de"):
        path = data_dirs().locales / lang / "LC_MESSAGES" / "content.po"
        if not path.exists():
            continue
        for m in read_po(path.open("rb")):
            text = m.string or (m.id if lang == "da" else "")
            if not isinstance(text, str) or not text:
                continue
            for piece in sentences(text)[:-1]:
                last = piece.lower().rsplit(" ", 1)[-1]
                if last in _ABBREVIATIONS or piece.lower().endswith(("z. b.", "u. a.", "d. h.")):
                    cut.append((lang, m.context, piece[-40:]))
    assert not cut, cut[:5]


def test_a_sentence_too_long_for_a_slide_is_cut_at_a_clause_end():
    from kitgen.builders.office.deck_parts import first_sentences

    long = ("Die Gruppe, die den Fall gehört hat, bespricht ihn untereinander, während die Person, die ihn "
            "vorgestellt hat, zuhört und nichts sagt, bis das Gespräch vorbei ist und alle fertig sind.")
    assert first_sentences(long, 20) == ("Die Gruppe, die den Fall gehört hat, bespricht ihn untereinander, "
                                         "während die Person, die ihn vorgestellt hat …")
    assert first_sentences("one two three four five six seven eight nine ten", 8) == \
        "one two three four five six seven eight …"  # no clause end: after a word


def test_a_right_to_left_name_is_set_from_the_right(make_kit):
    text = with_fields(team='"فريق الاستقبال"')
    prs = Presentation(io.BytesIO(build_deck(make_kit(text), load_theme("default"))))
    subtitle = next(s for s in prs.slides[0].placeholders if s.placeholder_format.idx == 1)
    ps = subtitle.text_frame.paragraphs
    arabic = next(p for p in ps if "فريق" in p.text)
    assert arabic._p.pPr.get("rtl") == "1" and arabic._p.pPr.get("algn") == "r"
    assert all(p._p.pPr.get("rtl") is None for p in ps if p is not arabic)


def test_continued_slides_share_their_rows_evenly():
    """Nine rows of six words at 50 words a slide: 5 + 4, not 8 + a lone row on '(2/2)'."""
    from kitgen.builders.office.deck_parts import by_words
    from kitgen.builders.office.fit import Para

    rows = [Para(" ".join(["ord"] * 6)) for _ in range(9)]
    assert [len(page) for page in by_words(rows, 50)] == [5, 4]
    assert [len(page) for page in by_words(rows[:8], 50)] == [8]  # one slide stays one slide
