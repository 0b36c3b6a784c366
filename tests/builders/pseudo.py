"""A pseudo-locale: every text of a Kit 40 % longer, in accented letters.

Languages kitgen does not ship yet (Finnish, Polish, Dutch …) run longer than
Danish and use letters the shipped ones do not; a layout that holds for the
pseudo-locale holds for them. Numbers, clock times, placeholders ({title}) and
words of one or two letters stay as they are, so the texts keep their shape.
"""

from __future__ import annotations

import dataclasses
import math
import re
from types import MappingProxyType
from typing import Any

ACCENTS = str.maketrans("aeiouyAEIOUYcnszCNSZ", "áéíóúýÁÉÍÓÚÝçñšžÇÑŠŽ")
_WORD = re.compile(r"[^\W\d_]{3,}")
# Fields that are not text a reader reads: ids, language tags, file names, the theme's name.
KEEP = {"id", "lang", "language_tag", "slug", "kind", "exercise", "concept", "theme", "name", "field",
        "kitgen_version", "content_version", "time_range", "end_text"}


def _longer(match: re.Match[str]) -> str:
    word = match.group(0)
    extra = math.ceil(len(word) * 0.4)
    return (word + (word * 2)[1: 1 + extra]).translate(ACCENTS)


def pseudo(text: str) -> str:
    if "{" in text:  # a label with placeholders: only the words outside them
        return re.sub(r"(\{[^}]*\})|([^{}]+)", lambda m: m.group(1) or _WORD.sub(_longer, m.group(2)), text)
    return _WORD.sub(_longer, text)


def _walk(value: Any, name: str = "") -> Any:
    if name in KEEP:
        return value
    if isinstance(value, str):
        return pseudo(value)
    if isinstance(value, tuple):
        return tuple(_walk(v) for v in value)
    if isinstance(value, MappingProxyType) or isinstance(value, dict):
        return MappingProxyType({k: _walk(v) for k, v in value.items()})
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _walk(getattr(value, f.name), f.name)
                                             for f in dataclasses.fields(value)})
    return value


def pseudo_kit(kit):  # noqa: ANN001, ANN201 - a Kit in, a Kit out
    """The kit with every reader's text in the pseudo-locale."""
    return _walk(kit)
