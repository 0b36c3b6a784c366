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


def _cmap_font(subtables: list[tuple[int, int, bytes]], glyphs: int = 10) -> bytes:
    """A font file with only a cmap (the given subtables) and a maxp."""
    header = struct.pack(">HH", 0, len(subtables))
    offset = 4 + 8 * len(subtables)
    records, bodies = b"", b""
    for platform, encoding, body in subtables:
        records += struct.pack(">HHI", platform, encoding, offset + len(bodies))
        bodies += body
    cmap = header + records + bodies
    maxp = struct.pack(">IH", 0x5000, glyphs)
    tables = [(b"cmap", cmap), (b"maxp", maxp)]
    out = struct.pack(">IHHHH", 0x00010000, len(tables), 0, 0, 0)
    at = 12 + 16 * len(tables)
    directory, data = b"", b""
    for tag, body in tables:
        directory += struct.pack(">4sIII", tag, 0, at + len(data), len(body))
        data += body + b"\0" * (-len(body) % 4)
    return out + directory + data


def _format4(segments: list[tuple[int, int, int, list[int] | None]]) -> bytes:
    """segments: (start, end, delta, glyph ids or None for delta-only)."""
    segments = segments + [(0xFFFF, 0xFFFF, 1, None)]
    n = len(segments)
    glyph_array: list[int] = []
    ranges = []
    for i, (*_, glyphs) in enumerate(segments):
        if glyphs is None:
            ranges.append(0)
        else:  # from this idRangeOffset entry to its glyphs in the array after all ranges
            ranges.append(2 * (n - i) + 2 * len(glyph_array))
            glyph_array += glyphs
    body = struct.pack(f">HHHH{n}H", n * 2, 0, 0, 0, *[s[1] for s in segments])
    body += struct.pack(f">H{n}H{n}h{n}H", 0, *[s[0] for s in segments], *[s[2] for s in segments], *ranges)
    body += struct.pack(f">{len(glyph_array)}H", *glyph_array)
    return struct.pack(">HHH", 4, 6 + len(body), 0) + body


def test_the_cmap_reader_follows_deltas_glyph_arrays_and_groups():
    fmt4 = _format4([(0x41, 0x43, -0x40, None), (0x61, 0x63, 0, [5, 0, 7])])
    fmt12 = struct.pack(">HHIII", 12, 0, 16 + 12, 0, 1) + struct.pack(">III", 0x1F600, 0x1F601, 8)
    font = _cmap_font([(3, 1, fmt4), (3, 10, fmt12)])
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
