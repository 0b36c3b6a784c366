"""Open Packaging Conventions, as the Office builders (handout, deck) share them:
package namespaces, reproducible zips of compressed parts, core properties."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from kitgen.builders.office.xml import xml_text

# Open Packaging Conventions: the namespaces every .docx and .pptx package uses.
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"


_VERSION = 20  # "version made by / needed to extract": 2.0, deflate
_UTF8_NAME = 0x800  # general purpose flag: the file name is UTF-8
_FILE_ATTR = 0o644 << 16  # rw-r--r--


@dataclass(frozen=True)
class ZipMember:
    """One compressed zip member, ready to write. Build it with deflate(); a
    member made once (a template part) can go into any number of zips."""

    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream


def deflate(name: str, data: bytes, level: int = zlib.Z_DEFAULT_COMPRESSION) -> ZipMember:
    """Compress one part as zipfile does (zlib's default level unless told)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return ZipMember(name, zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


def write_zip(members: Iterable[ZipMember], when: datetime) -> bytes:
    """A zip of the members in the given order, every one stamped `when` (to the
    minute) with fixed attributes: the same members give the same bytes. The
    layout is what zipfile writes, so this matches normalising a zipfile zip."""
    year = min(max(when.year, 1980), 2107)  # the years a zip's DOS date can hold
    dos_date = (year - 1980) << 9 | when.month << 5 | when.day
    dos_time = when.hour << 11 | when.minute << 5
    out: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for m in members:
        try:
            name, flags = m.name.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = m.name.encode("utf-8"), _UTF8_NAME
        fields = (flags, zipfile.ZIP_DEFLATED, dos_time, dos_date, m.crc, len(m.data), m.size, len(name))
        header = struct.pack("<4s2B4H3L2H", b"PK\x03\x04", _VERSION, 0, *fields, 0)
        directory.append(struct.pack("<4s4B4H3L5H2L", b"PK\x01\x02", _VERSION, 0, _VERSION, 0,
                                     *fields, 0, 0, 0, 0, _FILE_ATTR, offset) + name)
        out += (header, name, m.data)
        offset += len(header) + len(name) + len(m.data)
    central = b"".join(directory)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory),
                      len(central), offset, 0)
    return b"".join(out) + central + end


def normalise_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite an OOXML zip with fixed timestamps and attributes, so the same
    kit gives the same bytes. Member order is kept ([Content_Types].xml first)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return write_zip([deflate(info.filename, src.read(info)) for info in src.infolist()], when)


def _core_values(kit) -> dict[str, str]:
    """The text core properties of a kit's Office files: what the kit is, in its
    language, and who made it: kitgen, never a person or the machine's user (a
    facilitator's name stays out of a file's properties; the cover names them)."""
    return {
        "title": f"{kit.session_title} – {kit.workplace}",
        "subject": " · ".join(x for x in (kit.workplace, kit.team) if x),
        "author": "kitgen",
        "last_modified_by": "kitgen",
        "language": kit.language_tag,
        "keywords": f"{kit.t('social kapital')}; {kit.t('kerneopgave')}; kitgen",
        "comments": f"kitgen {kit.kitgen_version}; content {kit.content_version}",
    }


_CORE_ELEMENTS = (("title", "dc:title"), ("subject", "dc:subject"), ("author", "dc:creator"),
                  ("keywords", "cp:keywords"), ("comments", "dc:description"),
                  ("last_modified_by", "cp:lastModifiedBy"))


def core_properties_xml(kit) -> bytes:
    """docProps/core.xml: title, language and fixed dates (from the order)."""
    values = _core_values(kit)
    stamp = kit.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = [
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties'
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    ]
    parts += [f"<{tag}>{xml_text(values[name])}</{tag}>" for name, tag in _CORE_ELEMENTS]
    parts += [
        "<cp:revision>1</cp:revision>",
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>',
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>',
        f"<dc:language>{xml_text(values['language'])}</dc:language>",
        "</cp:coreProperties>",
    ]
    return "".join(parts).encode("utf-8")
