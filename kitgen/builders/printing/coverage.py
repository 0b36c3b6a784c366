"""Which characters the poster fonts can draw, so that no poster prints an empty box.

typst draws a character that none of its fonts has as the first font's .notdef
glyph, an empty box, and says nothing. The poster builder therefore checks
every text against the shipped fonts' cmaps first and stops with a message
naming the field and the character. typst loads every font in the fonts
folder and falls back through all of them, so the union of their cmaps is
exactly what can be drawn.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from kitgen.pdf import sfnt

# The fallback fonts after Carlito (templates/fonts/README.md says where they come from).
FALLBACK_FONTS = ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", "NotoEmoji-Regular.ttf")

_by_content: dict[str, frozenset[int]] = {}  # sha256 of a font file -> its code points


def font_coverage(data: bytes) -> frozenset[int]:
    """The code points one font file maps to a glyph, remembered per file content
    (a batch makes many builders; a changed file is read anew)."""
    key = hashlib.sha256(data).hexdigest()
    found = _by_content.get(key)
    if found is None:
        found = _by_content[key] = frozenset(sfnt.unicode_map(data))
    return found


def folder_coverage(folder: Path) -> frozenset[int]:
    """What the fonts of `folder` can draw between them."""
    covered: set[int] = set()
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in (".ttf", ".otf"):
            covered |= font_coverage(path.read_bytes())
    return frozenset(covered)


def needs_glyph(ch: str) -> bool:
    """False for characters typst lays out without a glyph of their own: controls,
    format characters (joiners in emoji sequences, bidi marks, the soft hyphen,
    emoji tag characters), line and paragraph separators, spaces (typst sets the
    font's own space), variation selectors and the grapheme joiner."""
    code = ord(ch)
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Zl", "Zp") or (category == "Zs" and code != 0x1680):  # U+1680 is a visible mark
        return False
    return not (0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code == 0x034F)


def missing(text: str, covered: frozenset[int]) -> list[str]:
    """The characters of `text` no font has, each once, in order of appearance."""
    return list(dict.fromkeys(ch for ch in text if ord(ch) not in covered and needs_glyph(ch)))


def describe(ch: str) -> str:
    """'ༀ' (U+0F00 TIBETAN SYLLABLE OM): the character, its code point and Unicode name."""
    name = unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}" + (f" {name}" if name else "")
    return f"'{ch}' ({code})" if unicodedata.category(ch)[0] not in "MC" else f"({code})"

