"""LibreOffice's PDFs made to say what kitgen's files say: the document language."""

from __future__ import annotations

import io

import pikepdf


def finish(data: bytes, lang: str) -> bytes:
    """Declare the document language deterministically. Writer takes it from the
    document; Impress writes its own default (the user interface's), which is
    replaced: in place when the tags have the same length (da-DK for en-US), which
    moves no byte of the file, else by rewriting the file."""
    with pikepdf.open(io.BytesIO(data), inherit_page_attributes=False) as pdf:
        declared = str(pdf.Root.get("/Lang", ""))
        if declared == lang:
            return data
        patched = _patch_catalog_lang(data, pdf.Root.objgen[0], declared, lang)
    if patched is None:
        return _rewrite_lang(data, lang)
    with pikepdf.open(io.BytesIO(patched), inherit_page_attributes=False) as check:
        return patched if str(check.Root.get("/Lang", "")) == lang else _rewrite_lang(data, lang)


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


def _rewrite_lang(data: bytes, lang: str) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.Root.Lang = pikepdf.String(lang)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
