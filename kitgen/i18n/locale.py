"""Locales: which exist, how a requested one is resolved, and Babel formatting.

Danish is the source language. Another locale exists when kitgen ships its
catalogs (`locales/<ll>/LC_MESSAGES/content.po`); looking texts up in them is
kitgen.i18n.translator's job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Literal, Sequence

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_time
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit

from kitgen.errors import Problem, UserError
from kitgen.paths import data_dirs

SOURCE = "da"

# The region a language's kit is formatted for: Nordic and European defaults,
# A4 and 24-hour clocks everywhere.
REGIONS = {"da": "DK", "en": "GB", "sv": "SE", "nb": "NO", "de": "DE", "fi": "FI", "nn": "NO"}
# Requested language -> the catalog we have. Norwegian readers get bokmål.
ALIASES = {"no": "nb", "nn": "nb"}


def available_locales(locales_dir: Path | None = None) -> list[str]:
    """Danish, then every language with catalogs in `locales_dir` (default: kitgen's own)."""
    locales_dir = locales_dir or data_dirs().locales
    found = {SOURCE}
    if locales_dir.is_dir():
        for d in locales_dir.iterdir():
            if (d / "LC_MESSAGES" / "content.po").is_file():
                found.add(d.name)
    return [SOURCE] + sorted(found - {SOURCE})


def resolve_locale(requested: str, available: Sequence[str] | None = None) -> str:
    """'en-GB', 'en_gb', 'EN' -> 'en'; 'no' -> 'nb'; unknown -> UserError listing what
    exists (`available`, default: the languages kitgen ships)."""
    available = list(available) if available is not None else available_locales()
    raw = str(requested).strip()
    try:
        lang = Locale.parse(raw.replace("-", "_")).language
    except (UnknownLocaleError, ValueError, TypeError):
        lang = raw.lower().split("-")[0].split("_")[0]
    lang = ALIASES.get(lang, lang)
    if lang not in available:
        from kitgen.i18n.messages import _  # here: messages -> translator -> this module

        raise UserError(Problem("", "locale", _("kitgen has no locale {raw!r}; available: {available}").format(
            raw=raw, available=", ".join(available))))
    return lang


def language_tag(lang: str) -> str:
    """BCP 47 tag documents carry for spell-check: 'da' -> 'da-DK'."""
    return f"{lang}-{REGIONS.get(lang, lang.upper())}"


@lru_cache(maxsize=None)
def babel_locale(lang: str) -> Locale:
    return Locale.parse(f"{lang}_{REGIONS.get(lang, lang.upper())}")


@dataclass(frozen=True)
class Formatter:
    """Babel formatting for one language (dates, clock times, durations, lists)."""

    lang: str

    @property
    def locale(self) -> Locale:
        return babel_locale(self.lang)

    def date(self, d: dt.date) -> str:
        return format_date(d, "full", locale=self.locale)

    def short_date(self, d: dt.date) -> str:
        return format_date(d, "long", locale=self.locale)

    def time(self, t: dt.time) -> str:
        return format_time(t, "short", locale=self.locale)

    def time_range(self, start: dt.time, end: dt.time) -> str:
        return _time_range(self.lang, start, end)

    def minutes(self, n: int, length: Literal["short", "long", "narrow"] = "long") -> str:
        """90 -> '90 minutter' (never rounded to '2 timer' as format_timedelta would)."""
        return _minutes(self.lang, n, length)

    def duration(self, n: int) -> str:
        """150 -> '2 timer og 30 minutter'; 45 -> '45 minutter'."""
        hours, mins = divmod(n, 60)
        if not hours:
            return self.minutes(mins)
        parts = [format_unit(hours, "duration-hour", length="long", locale=self.locale)]
        if mins:
            parts.append(self.minutes(mins))
        return format_list(parts, style="unit", locale=self.locale) if len(parts) > 1 else parts[0]

    def list(self, items: list[str]) -> str:
        return format_list(list(items), locale=self.locale) if items else ""

    def number(self, n: float) -> str:
        return format_decimal(n, locale=self.locale)


# The agenda formats the same few clock times and durations again and again.
@lru_cache(maxsize=4096)
def _time_range(lang: str, start: time, end: time) -> str:
    return format_interval(start, end, "Hm", locale=babel_locale(lang))


@lru_cache(maxsize=4096)
def _minutes(lang: str, n: int, length: Literal["short", "long", "narrow"]) -> str:
    return format_unit(n, "duration-minute", length=length, locale=babel_locale(lang))
