"""Looking texts up in the translation catalogs, with fallback to Danish.

The msgids of both domains are Danish, so a Danish kit needs no catalog. Other
languages read `<locales>/<ll>/LC_MESSAGES/{kitgen,content}.po` from each
locales folder given (a workspace's own first, then kitgen's), compiled to .mo
in the user cache under a name holding the hash of the .po: a changed catalog
never meets an old compiled one, and nothing is written beside the .po. Fuzzy
entries are never used. A missing translation falls back to Danish and is
reported; in strict mode it is an error.
"""

from __future__ import annotations

import gettext
import hashlib
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kitgen.atomic import replace_atomically
from kitgen.errors import Problem, TranslationMissing
from kitgen.i18n.locale import SOURCE
from kitgen.paths import cache_dir, data_dirs

DOMAINS = ("kitgen", "content")


def po_path(lang: str, domain: str, locales_dir: Path | None = None) -> Path:
    return (locales_dir or data_dirs().locales) / lang / "LC_MESSAGES" / f"{domain}.po"


def compiled(po: Path) -> Path:
    """The .mo of a .po, compiled into the user cache unless already there."""
    raw = po.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()[:24]
    mo = cache_dir("mo") / f"{po.parent.parent.name}-{po.stem}-{digest}.mo"
    if mo.exists():
        return mo
    catalog = read_po(io.BytesIO(raw), abort_invalid=True)
    # atomic: another kitgen may compile the same at once
    replace_atomically(mo, lambda out: write_mo(out, catalog, use_fuzzy=False))
    return mo


# Per process, a catalog is read once while its file is unchanged (a batch plans
# every kit with the same few catalogs).
@lru_cache(maxsize=64)
def _translations(po: Path, _stamp: tuple[int, int]) -> gettext.GNUTranslations:
    with compiled(po).open("rb") as f:
        return gettext.GNUTranslations(f)


def load_translations(lang: str, domain: str,
                      locales_dir: Path | None = None) -> gettext.GNUTranslations | None:
    po = po_path(lang, domain, locales_dir)
    try:
        stat = po.stat()
    except FileNotFoundError:
        return None
    return _translations(po, (stat.st_mtime_ns, stat.st_size))


@dataclass
class Translator:
    """Looks texts up for one language and remembers what had to fall back.
    `locale_dirs` are searched in order: a workspace's own catalogs before kitgen's."""

    lang: str
    strict: bool = False
    locale_dirs: Sequence[Path] = ()
    missing: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        dirs = tuple(self.locale_dirs) or (data_dirs().locales,)
        self._cats: dict[str, list[gettext.GNUTranslations]] = {}
        for domain in DOMAINS:
            found = [] if self.lang == SOURCE else [load_translations(self.lang, domain, d) for d in dirs]
            self._cats[domain] = [cat for cat in found if cat is not None]

    def _lookup(self, domain: str, context: str | None, msgid: str) -> str:
        if self.lang == SOURCE:
            return msgid
        key = f"{context}\x04{msgid}" if context else msgid
        for cat in self._cats[domain]:
            # GNUTranslations has no public "is this translated?"; its _catalog is the
            # .mo's dict, and lets us tell a fallback from a text that reads the same.
            catalog = cat._catalog  # type: ignore[attr-defined]
            if key in catalog:
                return catalog[key]
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
        for cat in self._cats["kitgen"]:
            if (singular, 0) in cat._catalog:  # type: ignore[attr-defined]
                return cat.ngettext(singular, plural, n)
        self.missing.append(f"kitgen: {singular!r}")
        return singular if n == 1 else plural

    def check(self) -> list[str]:
        """Fallback warnings (deduplicated); raise in strict mode."""
        from kitgen.i18n.messages import _  # the messages read their catalog through this module

        missing = list(dict.fromkeys(self.missing))
        if not missing:
            return []
        if self.strict:
            raise TranslationMissing(
                [Problem(f"locales/{self.lang}/LC_MESSAGES/{m.split(': ', 1)[0]}.po", "",
                         _("no translation for {text}").format(text=m.split(": ", 1)[1])) for m in missing],
                summary=_("{n} text(s) have no {lang} translation (--strict)").format(n=len(missing),
                                                                                   lang=self.lang))
        shown = ", ".join(m.split(": ", 1)[1] for m in missing[:5])
        if len(missing) > 5:
            return [_("{n} text(s) have no {lang} translation and are shown in Danish: {texts} and {more} "
                      "more").format(n=len(missing), lang=self.lang, texts=shown, more=len(missing) - 5)]
        return [_("{n} text(s) have no {lang} translation and are shown in Danish: {texts}").format(
            n=len(missing), lang=self.lang, texts=shown)]
