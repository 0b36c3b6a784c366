"""Helpers shared by the Office builders (handout, deck): package namespaces,
XML escaping and serialising, reproducible zips and core properties."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Iterable

from lxml import etree

# Open Packaging Conventions: the namespaces every .docx and .pptx package uses.
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def serialise(element) -> bytes:
    """A part's XML with its declaration, as python-docx and python-pptx write it."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)

_VERSION = 20  # "version made by / needed to extract": 2.0, deflate
_UTF8_NAME = 0x800  # general purpose flag: the file name is UTF-8
_FILE_ATTR = 0o644 << 16  # rw-r--r--
# Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;",
                       "\n": "&#10;", "\r": "&#13;"})


@lru_cache(maxsize=65536)
def xml_text(text: str) -> str:
    """Text as XML character data: characters XML cannot hold are dropped, markup
    characters escaped (a carriage return as &#13;, as lxml writes it). Cached:
    a batch writes the same exercise texts for every team."""
    return _NOT_XML.sub("", text).translate(_TEXT)


@lru_cache(maxsize=4096)
def xml_attr(value: str) -> str:
    """A value for a double-quoted XML attribute."""
    return _NOT_XML.sub("", value).translate(_ATTR)


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
    year = max(when.year, 1980)
    dos_date = (year - 1980) << 9 | when.month << 5 | when.day
    dos_time = when.hour << 11 | when.minute << 5
    out, directory = [], []
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
    """The text core properties of a kit's Office files."""
    return {
        "title": f"{kit.session_title} – {kit.workplace}",
        "subject": kit.team or kit.workplace,
        "author": kit.facilitator or "kitgen",
        "last_modified_by": "kitgen",
        "language": kit.language_tag,
        "keywords": "social kapital; kitgen",
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
