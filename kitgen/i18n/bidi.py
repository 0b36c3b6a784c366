"""Text direction of user text: a team may write its name or core task in Arabic.

typst orders the letters of a right-to-left run by itself (the Unicode bidi
algorithm), but the paragraph's base direction, which decides the side the
lines align to and where neutral characters at the ends go (a full stop, an
emoji), comes from the document language: Danish, left to right. A text
written in Arabic must be set as a right-to-left paragraph instead, and a name
in Arabic inside kitgen's own (Danish) line must be isolated so that the
punctuation around it stays with the line.
"""

from __future__ import annotations

import re
import unicodedata

_ISOLATES = {"\u2066": 1, "\u2067": 1, "\u2068": 1, "\u2069": -1}  # LRI, RLI, FSI open; PDI closes
FSI, PDI = "\u2068", "\u2069"


def direction(text: str) -> str:
    """'rtl' or 'ltr' from the first strong letter outside isolates (rule P2 of the
    Unicode bidi algorithm), or, in a line made only of isolated names, the first
    name's; '' when the text has no letter with a direction."""
    return _first_strong(text, skip_isolates=True) or _first_strong(text, skip_isolates=False)


def _first_strong(text: str, skip_isolates: bool) -> str:
    depth = 0
    for ch in text:
        depth = max(0, depth + _ISOLATES.get(ch, 0))
        if skip_isolates and (depth or ch in _ISOLATES):
            continue
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return ""


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def isolate(text: str) -> str:
    """`text` as a unit of its own direction inside another line (FSI … PDI), when it
    has right-to-left letters; unchanged otherwise, so left-to-right output stays as it was."""
    return f"{FSI}{text}{PDI}" if has_rtl(text) else text


# The blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko …,
# their presentation forms, and the historic and African scripts of the
# supplementary planes such as Adlam): a quick look before the per-letter one,
# which most paragraphs of a kit never need.
_RTL_BLOCKS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")


def starts_rtl(text: str) -> bool:
    """Whether a paragraph of `text` runs right to left (its direction() is rtl)."""
    return bool(_RTL_BLOCKS.search(text)) and direction(text) == "rtl"
