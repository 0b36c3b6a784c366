"""Locales: which exist, their catalogs (compiled on demand) and Babel formatting.

Danish is the source language: the msgids of both domains are Danish, so a
Danish kit needs no catalog. Other locales read
`locales/<ll>/LC_MESSAGES/{kitgen,content}.po`, compiled to .mo when the .po is
newer. Fuzzy entries are never used. A missing translation falls back to Danish
and is reported; in strict mode it is an error.
"""

from __future__ import annotations

import gettext
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_time
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.units import format_unit

from .errors import Problem, TranslationMissing, UserError

ROOT = Path(__file__).resolve().parent.parent
LOCALES_DIR = ROOT / "locales"
SOURCE = "da"
DOMAINS = ("kitgen", "content")

# The region a language's kit is formatted for: Nordic and European defaults,
# A4 and 24-hour clocks everywhere.
REGIONS = {"da": "DK", "en": "GB", "sv": "SE", "nb": "NO", "de": "DE", "fi": "FI", "nn": "NO"}
# Requested language -> the catalog we have. Norwegian readers get bokmål.
ALIASES = {"no": "nb", "nn": "nb"}


def available_locales(locales_dir: Path = LOCALES_DIR) -> list[str]:
    found = {SOURCE}
    if locales_dir.is_dir():
        for d in locales_dir.iterdir():
            if (d / "LC_MESSAGES" / "content.po").is_file():
                found.add(d.name)
    return [SOURCE] + sorted(found - {SOURCE})


def resolve_locale(requested: str, locales_dir: Path = LOCALES_DIR) -> str:
    """'en-GB', 'en_gb', 'EN' -> 'en'; 'no' -> 'nb'; unknown -> UserError listing what exists."""
    available = available_locales(locales_dir)
    raw = str(requested).strip()
    try:
        lang = Locale.parse(raw.replace("-", "_")).language
    except (UnknownLocaleError, ValueError, TypeError):
        lang = raw.lower().split("-")[0].split("_")[0]
    lang = ALIASES.get(lang, lang)
    if lang not in available:
        raise UserError(Problem("", "locale", f"kitgen has no locale {raw!r}; "
                                f"available: {', '.join(available)}"))
    return lang


def language_tag(lang: str) -> str:
    """BCP 47 tag documents carry for spell-check: 'da' -> 'da-DK'."""
    return f"{lang}-{REGIONS.get(lang, lang.upper())}"


@lru_cache(maxsize=None)
def babel_locale(lang: str) -> Locale:
    return Locale.parse(f"{lang}_{REGIONS.get(lang, lang.upper())}")


def po_path(lang: str, domain: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"


def compile_po(po: Path) -> Path:
    """Compile po -> mo beside it when the .mo is missing or older (atomic)."""
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
        return mo
    with po.open("rb") as f:
        catalog = read_po(f, abort_invalid=True)
    fd, tmp = tempfile.mkstemp(dir=po.parent, prefix=".mo-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalog, use_fuzzy=False)
        os.replace(tmp, mo)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return mo


@lru_cache(maxsize=32)
def _translations(po: Path, _mtime: int) -> gettext.GNUTranslations | None:
    if not po.is_file():
        return None
    with compile_po(po).open("rb") as f:
        return gettext.GNUTranslations(f)


def load_translations(lang: str, domain: str,
                      locales_dir: Path = LOCALES_DIR) -> gettext.GNUTranslations | None:
    po = po_path(lang, domain, locales_dir)
    return _translations(po, po.stat().st_mtime_ns if po.exists() else 0)


@dataclass
class Translator:
    """Looks texts up for one language and remembers what had to fall back."""

    lang: str
    strict: bool = False
    locales_dir: Path = LOCALES_DIR
    missing: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._cats = {d: (None if self.lang == SOURCE else load_translations(self.lang, d, self.locales_dir))
                      for d in DOMAINS}

    def _lookup(self, domain: str, context: str | None, msgid: str) -> str:
        if self.lang == SOURCE:
            return msgid
        cat = self._cats[domain]
        key = f"{context}\x04{msgid}" if context else msgid
        # GNUTranslations has no public "is this translated?"; its _catalog is the
        # documented-by-source dict of the .mo, and lets us tell fallback from identity.
        if cat is not None and key in cat._catalog:  # type: ignore[attr-defined]
            return cat._catalog[key]  # type: ignore[attr-defined]
        self.missing.append(f"{domain}: {context or msgid!r}")
        return msgid

    def content(self, key: str, msgid: str) -> str:
        """A content text; `key` is its msgctxt (exercise/x:steps[0].text)."""
        return self._lookup("content", key, msgid)

    def label(self, msgid: str) -> str:
        """A label from the kitgen domain (msgid is the Danish label)."""
        return self._lookup("kitgen", None, msgid)

    def nlabel(self, singular: str, plural: str, n: int) -> str:
        """A plural label, chosen by the language's plural rule."""
        if self.lang == SOURCE:
            return singular if n == 1 else plural
        cat = self._cats["kitgen"]
        if cat is not None and (singular, 0) in cat._catalog:  # type: ignore[attr-defined]
            return cat.ngettext(singular, plural, n)
        self.missing.append(f"kitgen: {singular!r}")
        return singular if n == 1 else plural

    def check(self) -> list[str]:
        """Fallback warnings (deduplicated); raise in strict mode."""
        missing = list(dict.fromkeys(self.missing))
        if not missing:
            return []
        if self.strict:
            raise TranslationMissing(
                [Problem(f"locales/{self.lang}/LC_MESSAGES/{m.split(': ', 1)[0]}.po", "",
                         f"no translation for {m.split(': ', 1)[1]}") for m in missing],
                summary=f"{len(missing)} text(s) have no {self.lang} translation (--strict)")
        shown = ", ".join(m.split(": ", 1)[1] for m in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        return [f"{len(missing)} text(s) have no {self.lang} translation and are shown in "
                f"Danish: {shown}{more}"]


@dataclass(frozen=True)
class Formatter:
    """Babel formatting for one language (dates, clock times, durations, lists)."""

    lang: str

    @property
    def locale(self) -> Locale:
        return babel_locale(self.lang)

    def date(self, d: date) -> str:
        return format_date(d, "full", locale=self.locale)

    def short_date(self, d: date) -> str:
        return format_date(d, "long", locale=self.locale)

    def time(self, t: time) -> str:
        return format_time(t, "short", locale=self.locale)

    def time_range(self, start: time, end: time) -> str:
        return _time_range(self.lang, start, end)

    def minutes(self, n: int, length: str = "long") -> str:
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
def _minutes(lang: str, n: int, length: str) -> str:
    return format_unit(n, "duration-minute", length=length, locale=babel_locale(lang))
