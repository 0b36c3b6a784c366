"""LibreOffice's PDFs made to say what kitgen's files say: the document language,
form fields named after the handout's fields, and the same bytes every time.

LibreOffice stamps each PDF with the moment it converted it (/CreationDate in
the document information), a checksum over that (/DocChecksum) and a random
file identifier (/ID), so the same order converted twice gave different files.
kitgen sets them from the document itself: its XMP creation date, which comes
from the order (the session's date and start), and a digest of the rest.
"""

from __future__ import annotations

import hashlib
import io
import re

import pikepdf

# The names LibreOffice gives the PDF fields it makes from content controls:
# "Widget", then "_2", "_3" …; the control's title becomes the field's tooltip (/TU).
_AUTOMATIC_NAME = re.compile(r"Widget|_\d+")
_XMP_CREATED = re.compile(rb"<xmp:CreateDate>(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?[^<]*</xmp:CreateDate>")
_DATES = re.compile(rb"/(?:CreationDate|ModDate)\s*\((D:\d{14})([^)]*)\)")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")


def finish(data: bytes, lang: str) -> bytes:
    """Declare the document language deterministically, name the form fields and
    stamp the file from its document, so that the same document gives the same
    bytes. Writer takes the language from the document; Impress writes
    LibreOffice's locale, which kitgen's bridge sets per file, and should that
    not hold it is replaced. The language, dates, checksum and identifier are
    patched in place when that keeps every length (da-DK for en-US), which moves
    no byte of the file, else the file is rewritten. Form fields (the handout's
    worksheets and action plan) get their titles as names."""
    created = document_date(data)
    with pikepdf.open(io.BytesIO(data), inherit_page_attributes=False) as pdf:
        declared = str(pdf.Root.get("/Lang", ""))
        if _has_automatic_names(pdf):
            return _rewrite(data, lang, created)
        catalog = pdf.Root.objgen[0]
    patched = data if declared == lang else _patch_catalog_lang(data, catalog, declared, lang)
    if patched is not None:
        patched = _stamp_in_place(patched, created)
    if patched is None:
        return _rewrite(data, lang, created)
    with pikepdf.open(io.BytesIO(patched), inherit_page_attributes=False) as check:
        return patched if str(check.Root.get("/Lang", "")) == lang else _rewrite(data, lang, created)


def document_date(data: bytes) -> bytes | None:
    """b"20270113090000": the document's creation date (its XMP, from the order), or None."""
    m = _XMP_CREATED.search(data)
    return b"".join(g or b"00" for g in m.groups()) if m else None


def _stamp_in_place(data: bytes, created: bytes | None) -> bytes | None:
    """The dates made the document's, the checksum and /ID a digest of the rest,
    each at its own length; None when that cannot be done in place."""
    if created is not None:
        def date(m: re.Match) -> bytes:
            zone = m.group(2)  # Z' or +01'00': UTC at the same length
            zone = b"+" + re.sub(rb"\d", b"0", zone[1:]) if zone[:1] in (b"+", b"-") else zone
            return m.group(0).replace(m.group(1) + m.group(2), b"D:" + created + zone)

        data = _DATES.sub(date, data)
    ids = list(_ID.finditer(data))
    if len(ids) > 1 or (not ids and b"/ID" in data):  # two trailers, or one in a compressed stream
        return None
    blank = _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), b"0" * 32), data)
    blank = _ID.sub(lambda m: b"/ID[<%s><%s>]" % (b"0" * 32, b"0" * 32), blank)
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    data = _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), digest), data)
    if ids:
        m = ids[0]
        data = data[:m.start(1)] + digest + data[m.end(1):m.start(2)] + digest + data[m.end(2):]
    return data


def _fields(pdf: pikepdf.Pdf) -> list:
    form = pdf.Root.get("/AcroForm")
    return list(form.get("/Fields", [])) if form is not None else []


def _has_automatic_names(pdf: pikepdf.Pdf) -> bool:
    return any(_AUTOMATIC_NAME.fullmatch(str(f.get("/T", ""))) and str(f.get("/TU", "")).strip()
               for f in _fields(pdf))


def field_name(title: str, taken: set[str]) -> str:
    """A PDF field name from a field's title: no periods (they separate a name's
    parts), one line, unique among the document's fields ("… (2)")."""
    base = " ".join(title.replace(".", " ").split())[:120] or "field"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base} ({n})"
    taken.add(name)
    return name


def _name_fields(pdf: pikepdf.Pdf) -> None:
    taken = {str(f.get("/T", "")) for f in _fields(pdf) if not _AUTOMATIC_NAME.fullmatch(str(f.get("/T", "")))}
    for f in _fields(pdf):
        title = str(f.get("/TU", "")).strip()
        if title and _AUTOMATIC_NAME.fullmatch(str(f.get("/T", ""))):
            f.T = pikepdf.String(field_name(title, taken))


def _patch_catalog_lang(data: bytes, number: int, old: str, new: str) -> bytes | None:
    """`data` with the catalog's /Lang(old) made /Lang(new), or None when that can't
    be done in place (different lengths, or no one such entry in the catalog)."""
    if len(old) != len(new) or not old.isascii() or not new.isascii() or not number:
        return None
    start = data.find(b"\n%d 0 obj" % number)
    end = data.find(b"endobj", start)
    entry = b"/Lang(%s)" % old.encode()
    if start < 0 or end < 0 or data.count(entry, start, end) != 1:
        return None
    at = data.index(entry, start, end)
    return data[:at] + b"/Lang(%s)" % new.encode() + data[at + len(entry):]


def _rewrite(data: bytes, lang: str, created: bytes | None = None) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.Root.Lang = pikepdf.String(lang)
        _name_fields(pdf)
        if "/DocChecksum" in pdf.trailer:  # LibreOffice's, over the conversion's moment
            del pdf.trailer["/DocChecksum"]
        info = pdf.trailer.get("/Info")
        if info is not None:
            for key in ("/CreationDate", "/ModDate"):
                if key in info and created is not None:
                    info[key] = pikepdf.String(f"D:{created.decode()}Z")
        if "/ID" in pdf.trailer:  # qpdf keeps a file's first identifier: LibreOffice's random one
            del pdf.trailer["/ID"]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)  # /ID from the content: the same for the same file
    return out.getvalue()
