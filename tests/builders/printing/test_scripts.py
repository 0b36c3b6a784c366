"""Posters in every script the shipped fonts have: Arabic and emoji are drawn
(Noto Sans Arabic, Noto Emoji after Carlito), right to left where the text is
Arabic, and a character no font has stops the build naming field and character."""

import shutil
import struct
import subprocess

import pytest

from kitgen.builders.printing import coverage
from kitgen.errors import UserError
from kitgen.i18n.messages import language
from kitgen.kit.theme import load_theme
from kitgen.paths import data_dirs
from kitgen.pdf import sfnt
from kitgen.pdf.preflight import preflight
from tests.builders.printing.pdftext import chars
from tests.conftest import build_poster, build_posters, with_fields
from tests.fontfile import cmap_font, format4


def test_the_shipped_fonts_cover_danish_arabic_and_emoji_and_not_tibetan():
    covered = coverage.folder_coverage(data_dirs().fonts)
    for text in ("Æblegrød på Ærø: “Vi hjælper” – 12 € …", "فريق الرعاية المنزلية ١٢", "پ چ ژ گ ڤ",
                 "🧬 👍🏽 ❤️ ☕ ✔ 🇩🇰 👩‍⚕️"):
        assert coverage.missing(text, covered) == [], text
    assert coverage.missing("Team ༀ 𐀀 ᚠ ༀ", covered) == ["ༀ", "𐀀", "ᚠ"]
    # Characters typst lays out without a glyph of their own are never reported.
    assert coverage.missing("a\u00ad\u2060\u200d\ufe0f\u3000b\n", covered) == []


def test_coverage_is_read_once_per_font_content():
    data = (data_dirs().fonts / "NotoEmoji-Regular.ttf").read_bytes()
    first = coverage.font_coverage(data)
    assert coverage.font_coverage(bytes(data)) is first
    assert 0x1F9EC in first and ord("A") not in first


def test_the_cmap_reader_follows_deltas_glyph_arrays_and_groups():
    fmt4 = format4([(0x41, 0x43, -0x40, None), (0x61, 0x63, 0, [5, 0, 7])])
    fmt12 = struct.pack(">HHIII", 12, 0, 16 + 12, 0, 1) + struct.pack(">III", 0x1F600, 0x1F601, 8)
    font = cmap_font([(3, 1, fmt4), (3, 10, fmt12)])
    assert sfnt.unicode_map(font) == {0x41: 1, 0x42: 2, 0x43: 3, 0x61: 5, 0x63: 7, 0x1F600: 8, 0x1F601: 9}
    assert sfnt.num_glyphs(font) == 10
    assert sfnt.tables(b"ttcf" + b"\0" * 20) == {}


@pytest.mark.parametrize("field, value, char", [
    ("team", '"Team ༀ Pas"', "'ༀ' (U+0F00 TIBETAN SYLLABLE OM)"),
    ("workplace", '"Nordby 𐀀 Kommune"', "'𐀀' (U+10000 LINEAR B SYLLABLE B008 A)"),
    ("core_task", '"Vi hjælper ᚠ borgerne."', "'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F)"),
])
def test_a_character_no_font_has_stops_the_build_naming_field_and_character(make_kit, field, value, char):
    kit = make_kit(with_fields(**{field: value}))
    page = next(p for p in kit.posters if p.kind == "core_task")
    with pytest.raises(UserError) as exc:
        build_poster(page, kit, load_theme("default"))
    (problem,) = exc.value.problems
    assert problem.where == "poster-core_task.pdf" and problem.field == field
    assert problem.message.startswith(f"{char} is in none of the fonts posters are printed with")
    with language("da"), pytest.raises(UserError) as exc:
        build_poster(page, kit, load_theme("default"))
    assert exc.value.problems[0].message.startswith(f"{char} findes ikke i nogen af de skrifttyper")


def test_every_missing_character_is_reported_at_once(make_kit):
    kit = make_kit(with_fields(team='"Team ༀ"', workplace='"Nordby 𐀀"'))
    with pytest.raises(UserError) as exc:
        build_poster(kit.posters[0], kit, load_theme("default"))
    assert {(p.field, p.message[:3]) for p in exc.value.problems} == {("team", "'ༀ'"), ("workplace", "'𐀀'")}


ARABIC = with_fields(workplace='"مركز الرعاية نوردبي"', team='"فريق المساء 🌙"',
                     core_task='"نساعد السكان كل يوم. 🏠"', posters="[core_task, program]")
TEXT_RIGHT = 210 - 10 - 1.5  # mm: the right edge of the text area (safe zone + 1.5 mm, common.typ)


@pytest.fixture(scope="module")
def arabic_posters(tmp_path_factory):
    from kitgen.content.library import load_library
    from kitgen.inputs.order import load_order
    from kitgen.kit.plan import plan

    folder = tmp_path_factory.mktemp("arabic")
    (folder / "order.yaml").write_text(ARABIC, encoding="utf-8")
    lib = load_library()
    kit = plan(load_order(folder / "order.yaml", lib), lib, "da")
    files = build_posters(kit, load_theme("default"))
    for name, blob in files.items():
        (folder / name).write_bytes(blob)
    return folder, files


def test_an_arabic_and_emoji_poster_passes_preflight_with_every_glyph_drawn(arabic_posters):
    folder, files = arabic_posters
    for name in ("poster-core_task.pdf", "poster-program.pdf"):
        report = preflight(folder / name)
        assert report.ok and report.notdef == 0 and not report.warnings, (name, report.problems)
        assert all(report.fonts.values())
    used = {f.split("+", 1)[-1] for f in preflight(folder / "poster-core_task.pdf").fonts}
    assert {"NotoSansArabic-Bold", "NotoEmoji-Regular", "Carlito-Bold"} <= used


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler's pdffonts is not installed")
def test_pdffonts_finds_every_font_embedded(arabic_posters):
    folder, _ = arabic_posters
    out = subprocess.run(["pdffonts", str(folder / "poster-core_task.pdf")], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    rows = {line.split()[0].split("+", 1)[-1]: line.split() for line in out}
    assert {"NotoSansArabic-Bold", "NotoEmoji-Regular"} <= set(rows)
    assert all(row[-5:-2] == ["yes", "yes", "yes"] for row in rows.values()), out  # emb, sub, uni


def _at(chars, letter):
    """Where `letter`, which occurs once, is drawn (PDFium may give a letter and its dots apart)."""
    xs = [c.x for c in chars if c.text == letter]
    assert xs and max(xs) - min(xs) < 3, (letter, xs)
    return sum(xs) / len(xs)


def test_an_arabic_core_task_reads_right_to_left_aligned_right(arabic_posters):
    """'نساعد السكان كل يوم. 🏠' at 54 pt: the first word rightmost, the last word and
    the full stop to its left; the emoji, which does not fit, starts the next line
    at the right edge, as a right-to-left paragraph wraps."""
    _, files = arabic_posters
    title = [c for c in chars(files["poster-core_task.pdf"]) if c.top > 86 and c.bottom < 202]
    first_line = [c for c in title if c.text != "🏠"]
    (emoji,) = [c for c in title if c.text == "🏠"]
    assert max(c.bottom for c in first_line) < emoji.top  # the emoji is on the next line
    # ع and د are only in the first word (نساعد), و and م only in the last (يوم).
    assert _at(first_line, "ع") > _at(first_line, "د") > _at(first_line, "و") > _at(first_line, "م")
    assert _at(first_line, "م") > _at(first_line, ".")
    assert max(c.right for c in first_line) == pytest.approx(TEXT_RIGHT, abs=1.5)
    assert emoji.right == pytest.approx(TEXT_RIGHT, abs=2.5)  # the emoji's side bearing
    header = [c for c in chars(files["poster-core_task.pdf"]) if c.bottom < 50]
    assert _at(header, "🌙") < min(c.left for c in header if c.text != "🌙")  # the team's emoji ends the line
    assert max(c.right for c in header) == pytest.approx(TEXT_RIGHT, abs=1.5)


def test_arabic_names_in_a_danish_line_keep_their_order(arabic_posters):
    """The program's eyebrow 'workplace · team · date' stays a Danish (left-to-right)
    line: the workplace, then the team (its emoji at its own end), then the date."""
    _, files = arabic_posters
    eyebrow = [c for c in chars(files["poster-program.pdf"]) if c.bottom < 25]
    workplace, moon, team, date = _at(eyebrow, "ز"), _at(eyebrow, "🌙"), _at(eyebrow, "ق"), _at(eyebrow, "t")
    assert min(c.left for c in eyebrow) < 14  # starts at the left edge
    assert workplace < moon < team < date
