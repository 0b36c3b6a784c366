"""Just enough of the TrueType/OpenType file format to know which glyphs a font has.

kitgen needs two answers from a font file and no font library for them: which
characters the shipped fonts can draw (the poster's build-time check) and, for
a font embedded in a PDF, which glyph a character code selects and how many
glyphs there are (check-pdf's .notdef check). Both come from the `cmap` and
`maxp` tables, read here with `struct`.
"""

from __future__ import annotations

import struct

UNICODE_SUBTABLES = ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))  # full repertoire first


def tables(data: bytes) -> dict[str, bytes]:
    """The font's tables by tag (a TrueType collection is not a font: empty)."""
    if len(data) < 12 or data[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        return {}
    (count,) = struct.unpack_from(">H", data, 4)
    found = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        found[tag.decode("latin-1")] = data[offset:offset + length]
    return found


def num_glyphs(data: bytes) -> int:
    maxp = tables(data).get("maxp", b"")
    return struct.unpack_from(">H", maxp, 4)[0] if len(maxp) >= 6 else 0


def subtables(data: bytes) -> dict[tuple[int, int], dict[int, int]]:
    """Every cmap subtable kitgen can read, by (platform, encoding): code -> glyph id.
    Codes that map to glyph 0 (.notdef) are left out: the font does not have them."""
    cmap = tables(data).get("cmap", b"")
    if len(cmap) < 4:
        return {}
    (count,) = struct.unpack_from(">H", cmap, 2)
    found: dict[tuple[int, int], dict[int, int]] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        mapping = _subtable(cmap, offset)
        if mapping is not None:
            found[(platform, encoding)] = {c: g for c, g in mapping.items() if g}
    return found


def unicode_map(data: bytes) -> dict[int, int]:
    """Code point -> glyph id from the font's Unicode subtables (the fullest wins a conflict)."""
    found = subtables(data)
    merged: dict[int, int] = {}
    for key in reversed(UNICODE_SUBTABLES):
        merged.update(found.get(key, {}))
    return merged


def _subtable(cmap: bytes, offset: int) -> dict[int, int] | None:
    if offset + 2 > len(cmap):
        return None
    (fmt,) = struct.unpack_from(">H", cmap, offset)
    if fmt == 0:
        return dict(enumerate(cmap[offset + 6:offset + 6 + 256]))
    if fmt == 4:
        return _format4(cmap, offset)
    if fmt == 6:
        first, count = struct.unpack_from(">HH", cmap, offset + 6)
        glyphs = struct.unpack_from(f">{count}H", cmap, offset + 10)
        return {first + i: g for i, g in enumerate(glyphs)}
    if fmt in (12, 13):  # 13: every code of a group shows the same glyph (a last-resort font)
        (groups,) = struct.unpack_from(">I", cmap, offset + 12)
        mapping = {}
        for i in range(groups):
            start, end, glyph = struct.unpack_from(">III", cmap, offset + 16 + 12 * i)
            for code in range(start, min(end, 0x10FFFF) + 1):
                mapping[code] = glyph + (code - start if fmt == 12 else 0)
        return mapping
    return None  # 2 (CJK multi-byte), 8, 10: not used by fonts kitgen meets; 14 is variation sequences


def _format4(cmap: bytes, offset: int) -> dict[int, int]:
    (seg_x2,) = struct.unpack_from(">H", cmap, offset + 6)
    n = seg_x2 // 2
    ends = struct.unpack_from(f">{n}H", cmap, offset + 14)
    starts = struct.unpack_from(f">{n}H", cmap, offset + 16 + seg_x2)
    deltas = struct.unpack_from(f">{n}h", cmap, offset + 16 + 2 * seg_x2)
    range_at = offset + 16 + 3 * seg_x2  # idRangeOffset counts from its own position
    ranges = struct.unpack_from(f">{n}H", cmap, range_at)
    mapping = {}
    for i, (start, end, delta, rng) in enumerate(zip(starts, ends, deltas, ranges)):
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if rng == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                at = range_at + 2 * i + rng + 2 * (code - start)
                if at + 2 > len(cmap):
                    continue
                (glyph,) = struct.unpack_from(">H", cmap, at)
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            mapping[code] = glyph
    return mapping


def family_name(data: bytes) -> str:
    """The font's family name (name id 1, Windows Unicode or Mac Roman), for messages."""
    name = tables(data).get("name", b"")
    if len(name) < 6:
        return ""
    count, strings = struct.unpack_from(">HH", name, 2)
    for i in range(count):
        platform, encoding, _, name_id, length, offset = struct.unpack_from(">6H", name, 6 + 12 * i)
        raw = name[strings + offset:strings + offset + length]
        if name_id == 1 and platform == 3:
            return raw.decode("utf-16-be", "replace")
        if name_id == 1 and platform == 1 and encoding == 0:
            return raw.decode("mac_roman", "replace")
    return ""
