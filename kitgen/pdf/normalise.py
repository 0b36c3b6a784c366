"""LibreOffice's PDFs made to say what kitgen's files say: the document language,
and form fields named after the handout's fields."""

from __future__ import annotations

import io
import re

import pikepdf

# The names LibreOffice gives the PDF fields it makes from content controls:
# "Widget", then "_2", "_3" …; the control's title becomes the field's tooltip (/TU).
_AUTOMATIC_NAME = re.compile(r"Widget|_\d+")


def finish(data: bytes, lang: str) -> bytes:
    """Declare the document language deterministically, and name the form fields.
    Writer takes the language from the document; Impress writes LibreOffice's
    locale, which kitgen's bridge sets per file, and should that not hold it is
    replaced: in place when the tags have the same length (da-DK for en-US), which
    moves no byte of the file, else by rewriting the file. Form fields (the
    handout's worksheets and action plan) get their titles as names."""
    with pikepdf.open(io.BytesIO(data), inherit_page_attributes=False) as pdf:
        declared = str(pdf.Root.get("/Lang", ""))
        if _has_automatic_names(pdf):
            return _rewrite(data, lang)
        if declared == lang:
            return data
        patched = _patch_catalog_lang(data, pdf.Root.objgen[0], declared, lang)
    if patched is None:
        return _rewrite(data, lang)
    with pikepdf.open(io.BytesIO(patched), inherit_page_attributes=False) as check:
        return patched if str(check.Root.get("/Lang", "")) == lang else _rewrite(data, lang)


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


def _rewrite(data: bytes, lang: str) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.Root.Lang = pikepdf.String(lang)
        _name_fields(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
