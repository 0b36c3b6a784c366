"""Translation catalog tooling: extract, update, compile, stats and checks.

Domains:
- kitgen: the documents' labels in kitgen/i18n/labels.py (Danish msgids);
- content: every translatable field of the content library, msgctxt = stable key (Danish);
- web: the pages of `kitgen serve` (kitgen/web/templates, Danish);
- messages: what kitgen says to its user (English msgids, translated into da, sv, nb, de).
Templates live in locales/<domain>.pot; translations in locales/<ll>/LC_MESSAGES/.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from kitgen.content.library import Library
from kitgen.content.schema import iter_texts, text_key
from kitgen.errors import Problem
from kitgen.i18n.grammar import CASES
from kitgen.i18n.labels import LABELS, PLURALS, RANGES
from kitgen.i18n.locale import SOURCE
from kitgen.i18n.messages import DOMAIN as MESSAGES
from kitgen.i18n.messages import LANGUAGES as MESSAGE_LANGUAGES
from kitgen.i18n.translator import DOMAINS, compiled, po_path
from kitgen.inputs.yamlsource import load_yaml
from kitgen.output import write_atomic
from kitgen.paths import data_dirs
from kitgen.web.catalog import DOMAIN as WEB
from kitgen.web.catalog import extract_web

# A fixed creation date keeps regenerated templates free of noise in diffs.
_EPOCH = datetime(2026, 1, 1)
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*(?:\|\s*\w+\s*)?\}\}|(\{\w+\}|%\(\w+\)[ds])")


_FILTER = re.compile(r"\{\{\s*\w+\s*\|\s*(\w+)\s*\}\}")


def placeholders(text: str) -> list[str]:
    """'{{ core_task }}' and '{team}' style placeholders, normalised and sorted. A
    case filter ({{ stakeholders|dat }}) is the same placeholder in another form."""
    return sorted(f"{{{{{name}}}}}" if name else brace for name, brace in _PLACEHOLDER.findall(text))


def pot_path(domain: str, locales_dir: Path | None = None) -> Path:
    return (locales_dir or data_dirs().locales) / f"{domain}.pot"


def _new_catalog(domain: str, locale: str | None = None) -> Catalog:
    return Catalog(locale=locale, domain=domain, project="kitgen", version="1",
                   copyright_holder="kitgen", charset="utf-8", creation_date=_EPOCH,
                   revision_date=_EPOCH, fuzzy=False)


def extract_labels() -> Catalog:
    cat = _new_catalog("kitgen")
    for msgid in LABELS + RANGES:
        cat.add(msgid, locations=[("kitgen/labels.py", 0)])
    for singular, plural in PLURALS:
        cat.add((singular, plural), locations=[("kitgen/labels.py", 0)])
    return cat


def own_keys(lib: Library, content: Path) -> set[str]:
    """The keys of the items whose file is in `content` (a workspace's own)."""
    content = content.resolve()
    return {key for key, path in lib.files.items() if path.resolve().is_relative_to(content)}


def extract_content(lib: Library, keys: set[str] | None = None) -> Catalog:
    """Every text of the library's items (or of those with `keys`), in file order."""
    cat = _new_catalog("content")
    root = data_dirs().root
    for item in lib.items():
        if keys is not None and item.key not in keys:
            continue
        source = lib.files[item.key]
        file = source.relative_to(root) if source.is_relative_to(root) else source
        located = load_yaml(source, str(file))
        # In file order, so translators read an item the way its author wrote it.
        texts = sorted(iter_texts(item), key=lambda pt: located.line_of(pt[0]))
        for path, text in texts:
            cat.add(text, context=text_key(item, path),
                    locations=[(Path(file).as_posix(), located.line_of(path))])
    return cat


def extract_messages() -> Catalog:
    """Every `_("…")` and `N_("…")` of kitgen's code: the messages domain (English msgids)."""
    # lazy: only `kitgen i18n extract` scans the code
    from babel.messages.extract import extract_from_dir

    package = Path(__file__).resolve().parents[1]
    cat = _new_catalog("messages")
    # labels.py marks the kitgen domain's Danish labels with an N_ of its own: not messages.
    found = extract_from_dir(str(package), method_map=[("i18n/labels.py", "ignore"), ("**.py", "python")],
                             keywords={"_": None, "N_": None}, comment_tags=("NOTE:",), strip_comment_tags=True)
    for filename, lineno, message, comments, _context in found:
        if isinstance(message, str) and message:
            cat.add(message, locations=[(f"kitgen/{Path(filename).as_posix()}", lineno)],
                    auto_comments=comments)
    return cat


def _write(cat: Catalog, path: Path) -> None:
    buf = io.BytesIO()
    write_po(buf, cat, width=100, omit_header=False, sort_output=False, include_previous=True)
    write_atomic(path, buf.getvalue())


def extract(lib: Library, locales_dir: Path | None = None) -> dict[str, Catalog]:
    templates = {"kitgen": extract_labels(), "content": extract_content(lib), "messages": extract_messages(),
                 WEB: extract_web(_new_catalog)}
    for domain, cat in templates.items():
        _write(cat, pot_path(domain, locales_dir))
    return templates


def translates(lang: str, domain: str) -> bool:
    """Which catalogs a language has: labels and content are written in Danish and
    translated into the others; messages (to the user of kitgen) are written in
    English and translated into the other languages of messages.LANGUAGES."""
    if domain == MESSAGES:
        return lang in MESSAGE_LANGUAGES and lang != "en"
    return lang != SOURCE


def update(lib: Library, langs: list[str], locales_dir: Path | None = None,
           keys: set[str] | None = None) -> None:
    """Merge the templates into each language's catalogs; changed Danish text
    becomes fuzzy. With `keys` (a workspace's own items), only those items'
    content catalog is written, into `locales_dir`."""
    templates = extract(lib, locales_dir) if keys is None else {"content": extract_content(lib, keys)}
    for lang in langs:
        for domain, template in templates.items():
            if not translates(lang, domain):
                continue
            path = po_path(lang, domain, locales_dir)
            if path.exists():
                with path.open("rb") as f:
                    cat = read_po(f, locale=lang, domain=domain)
            else:
                cat = _new_catalog(domain, lang)
            _write(merge(cat, template), path)


def merge(old: Catalog, template: Catalog) -> Catalog:
    """The template's messages with the old translations.

    A message whose Danish changed keeps its translation marked fuzzy (so it is
    not used until reviewed) with the previous Danish beside it. Matching is by
    msgctxt, never by similarity: similar Danish in another item is not a
    translation of this one.
    """
    by_key = {(m.id if isinstance(m.id, str) else m.id[0], m.context): m for m in old if m.id}
    by_context = {m.context: m for m in old if m.id and m.context}
    new = _new_catalog(template.domain or "", str(old.locale) if old.locale else None)
    new._messages = type(new._messages)()  # an empty catalog without the header entry
    new.header_comment = old.header_comment
    new.mime_headers = old.mime_headers
    for msg in template:
        if not msg.id:
            continue
        key = (msg.id if isinstance(msg.id, str) else msg.id[0], msg.context)
        string: Any = "" if isinstance(msg.id, str) else ("", "")  # babel: str or one per plural
        flags: set[str] = set()
        previous: list[str] = []
        if key in by_key:
            hit = by_key[key]
            string, flags, previous = hit.string, set(hit.flags), list(hit.previous_id or [])
        elif msg.context in by_context and by_context[msg.context].string:
            hit = by_context[msg.context]
            string, flags = hit.string, {"fuzzy"}
            previous = [hit.id] if isinstance(hit.id, str) else list(hit.id)
        new.add(msg.id, string, locations=msg.locations, flags=flags, context=msg.context,
                previous_id=previous, user_comments=by_key.get(key, msg).user_comments)
    return new


def compile_all(langs: list[str], locales_dir: Path | None = None) -> list[Path]:
    out = []
    for lang in langs:
        for domain in (*DOMAINS, WEB):
            path = po_path(lang, domain, locales_dir)
            if path.exists():
                out.append(compiled(path))
    return out


@dataclass(frozen=True)
class Stats:
    lang: str
    domain: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    stale: int  # in the catalog but no longer in the source

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def _keys(cat: Catalog) -> dict[tuple, object]:
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context): m for m in cat if m.id}


def stats(lib: Library, langs: list[str], locales_dir: Path | None = None,
          keys: set[str] | None = None, labels: bool = True) -> list[Stats]:
    """Completeness per language and domain (of the items with `keys` only, when given)."""
    templates = {"content": extract_content(lib, keys)}
    if labels:
        templates = {"kitgen": extract_labels(), **templates, WEB: extract_web(_new_catalog),
                     MESSAGES: extract_messages()}
    rows = []
    for lang in langs:
        for domain, template in templates.items():
            wanted = _keys(template)
            if domain == MESSAGES and not translates(lang, domain):
                continue  # messages are written in English; the others translate them
            if lang == SOURCE and domain != MESSAGES:
                rows.append(Stats(lang, domain, len(wanted), len(wanted), 0, 0, 0))
                continue
            path = po_path(lang, domain, locales_dir)
            have: dict = {}
            if path.exists():
                with path.open("rb") as f:
                    have = _keys(read_po(f))
            translated = fuzzy = 0
            for key in wanted:
                msg = have.get(key)
                if msg is None:
                    continue
                strings = msg.string if isinstance(msg.string, (list, tuple)) else [msg.string]
                if not all(strings):
                    continue
                if msg.fuzzy:
                    fuzzy += 1
                else:
                    translated += 1
            stale = len(set(have) - set(wanted))
            rows.append(Stats(lang, domain, len(wanted), translated, fuzzy,
                              len(wanted) - translated - fuzzy, stale))
    return rows


def check_catalogs(langs: list[str], locales_dir: Path | None = None) -> list[Problem]:
    """Catalogs parse, and every translation keeps its source's placeholders."""
    problems = []
    for lang in langs:
        if lang == SOURCE:
            continue
        for domain in (*DOMAINS, WEB):
            path = po_path(lang, domain, locales_dir)
            if not path.exists():
                continue
            root = path.parents[3]  # <root>/locales/<ll>/LC_MESSAGES/x.po
            display = str(path.relative_to(root))
            try:
                with path.open("rb") as f:
                    cat = read_po(f, abort_invalid=True)
            except Exception as exc:  # babel raises PoFileError and friends
                problems.append(Problem(display, "", f"cannot be read ({exc})"))
                continue
            for msg in cat:
                if not msg.id or msg.fuzzy:
                    continue
                ids = msg.id if isinstance(msg.id, (list, tuple)) else [msg.id]
                strings = msg.string if isinstance(msg.string, (list, tuple)) else [msg.string]
                want = placeholders(ids[-1])
                for s in strings:
                    for case in sorted(set(_FILTER.findall(s or "")) - set(CASES)):
                        problems.append(Problem(
                            f"{display}:{msg.lineno}", msg.context or "",
                            f"|{case} is not a grammatical case; use one of "
                            + ", ".join(f"|{c}" for c in CASES)))
                    if s and placeholders(s) != want:
                        problems.append(Problem(
                            f"{display}:{msg.lineno}", msg.context or "",
                            f"the translation's placeholders {placeholders(s)} differ from "
                            f"the source's {want}"))
    return problems


def language_texts(lib: Library, lang: str, locales_dir: Path | None = None) -> list[tuple[str, str]]:
    """(msgctxt or label, text) of every text a kit in `lang` can print: the Danish
    sources, or a language's translations (fuzzy ones are never printed)."""
    if lang == SOURCE:
        texts = [(str(m.context), str(m.id)) for m in extract_content(lib) if m.id]
        for m in extract_labels():
            ids = [m.id] if isinstance(m.id, str) else list(m.id)
            texts += [(str(ids[0]), str(text)) for text in ids]
        return texts
    out = []
    for domain in DOMAINS:
        path = po_path(lang, domain, locales_dir)
        if not path.exists():
            continue
        with path.open("rb") as f:
            for m in read_po(f):
                if not m.id or m.fuzzy:
                    continue
                strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
                key = m.context or (m.id if isinstance(m.id, str) else m.id[0])
                out += [(key, s) for s in strings if s]
    return out
