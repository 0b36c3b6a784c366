"""Posters in every script the shipped fonts have: Arabic and emoji are drawn
(Noto Sans Arabic, Noto Emoji after Carlito), right to left where the text is
Arabic, and a character no font has stops the build naming field and character."""

import struct

import pytest

from kitgen.builders.printing import coverage
from kitgen.errors import UserError
from kitgen.i18n.messages import language
from kitgen.kit.theme import load_theme
from kitgen.paths import data_dirs
from kitgen.pdf import sfnt
from tests.conftest import build_poster, with_fields
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
