"""Tiny font files made in the tests: a cmap and a maxp, nothing else, for the cmap reader
and the .notdef check."""

import struct


def cmap_font(subtables: list[tuple[int, int, bytes]], glyphs: int = 10) -> bytes:
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


def format4(segments: list[tuple[int, int, int, list[int] | None]]) -> bytes:
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
