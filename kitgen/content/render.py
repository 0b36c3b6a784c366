"""Rendering content text with the team's values, safely.

Content text (ours) may hold {{ placeholders }}; user text (theirs) is only ever
passed in as values, so a workplace called "{{ 7*7 }}" prints literally.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Mapping

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from kitgen.i18n.grammar import FILTERS

PLACEHOLDERS = ("workplace", "team", "core_task", "stakeholders")


@lru_cache(maxsize=1)
def template_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                               keep_trailing_newline=False)
    # Only the case filters ({{ stakeholders|dat }}): content text fills in
    # words, it does not compute.
    env.filters = dict(FILTERS)
    return env


@lru_cache(maxsize=4096)
def _compiled(source: str):
    return template_env().from_string(source)


def render(source: str, values: Mapping[str, str]) -> str:
    """Fill placeholders in one content text. Texts without '{{' are returned as is."""
    if "{{" not in source:
        return source
    return _compiled(source).render(**values)


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
    """A folder name that is safe on every OS: 'Borgerservice Århus' -> 'borgerservice-aarhus'."""
    value = value.translate(_TRANSLIT)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    if len(value) > max_length:  # cut at a word boundary where there is one
        cut = value[: max_length + 1].rfind("-")
        value = value[: cut if cut > max_length // 2 else max_length]
    value = value.strip("-")
    if not value:
        return "kit"
    if value in _WINDOWS_RESERVED:
        value = f"{value}-kit"
    return value
