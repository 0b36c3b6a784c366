"""User text (what an HR partner types into an order or a sheet): cleaned so it
can never corrupt a document, and turned into folder names that are safe on
every system and never shared by two different teams."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Characters XML 1.0 forbids, plus C1 controls and other invisible troublemakers.
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u200b\u2028\u2029\ufeff]")


def clean_user_text(value: str, multiline: bool = False) -> tuple[str, list[str]]:
    """Normalise user text; return it and the names of characters removed.

    Word and Excel paste vertical tabs and other control characters; left in,
    they make a .docx that Word refuses to open.
    """
    value = unicodedata.normalize("NFC", value)
    removed = sorted({f"U+{ord(c):04X}" for c in _BAD_CHARS.findall(value)})
    value = _BAD_CHARS.sub(" ", value)
    if multiline:
        lines = [" ".join(line.split()) for line in value.splitlines()]
        value = "\n".join(line for line in lines if line)
    else:
        value = " ".join(value.split())
    return value, removed


_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue",
                           "ß": "ss", "Æ": "ae", "Ø": "oe", "Å": "aa", "Ä": "ae", "Ö": "oe",
                           "Ü": "ue"})
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                     *(f"lpt{i}" for i in range(10))}


def slugify(value: str, max_length: int = 80) -> str:
    """A folder name that is safe on every OS: 'Borgerservice Århus' -> 'borgerservice-aarhus'.

    Two different names never share a folder: when letters had to be dropped
    (Greek, Cyrillic, Arabic …) or the name was cut to `max_length`, a short hash
    of the whole name is added, so 'Αθήνα Team A' and 'Москва Team A' differ."""
    full = unicodedata.normalize("NFC", value.strip())
    ascii_text = unicodedata.normalize("NFKD", full.translate(_TRANSLIT))
    kept = ascii_text.encode("ascii", "ignore").decode("ascii")
    lost_letters = any(unicodedata.category(c).startswith("L") for c in ascii_text if not c.isascii())
    slug = re.sub(r"[^a-z0-9]+", "-", kept.lower()).strip("-")
    cut = len(slug) > max_length
    if cut or lost_letters:
        tag = hashlib.sha256(full.casefold().encode("utf-8")).hexdigest()[:8]
        room = max_length - len(tag) - 1
        if len(slug) > room:  # cut at a word boundary where there is one
            at = slug[: room + 1].rfind("-")
            slug = slug[: at if at > room // 2 else room].strip("-")
        slug = f"{slug}-{tag}" if slug else tag
    if not slug:
        return "kit"
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-kit"
    return slug


def folder_name(workplace: str, team: str = "") -> str:
    """The output folder of a team's kit: output/<this>/<language>/."""
    return slugify(workplace + (f" {team}" if team else ""))


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (OWASP's CSV
    injection rule): a team called '=HYPERLINK(…)' gets a leading apostrophe."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value
