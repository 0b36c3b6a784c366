"""An order: what one team's kit should contain. Parsed and validated here.

Orders come from YAML files (and later spreadsheet rows). Every problem is
reported at once with file:line; user text is cleaned of characters that would
corrupt an Office file and is never treated as template code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from kitgen.errors import Problem, UserError
from kitgen.i18n.locale import resolve_locale
from kitgen.content.library import Library, suggest
from kitgen.inputs.usertext import clean_user_text, folder_name
from kitgen.inputs.yamlsource import Located, load_yaml

# Field -> (max length, multiline). The limits keep covers and headers sane.
TEXT_FIELDS = {
    "workplace": (100, False),
    "team": (100, False),
    "core_task": (400, True),
    "facilitator": (80, False),
    "stakeholders": (40, False),
    "title": (120, False),
}
REQUIRED = ("workplace", "core_task", "date")

# Danish field names are accepted too; HR partners write what they say.
ALIASES = {
    "arbejdsplads": "workplace", "kerneopgave": "core_task", "sektor": "sector",
    "interessenter": "stakeholders", "sprog": "locale", "dato": "date",
    "starttid": "start", "start_time": "start", "øvelser": "exercises", "modul": "module",
    "deltagere": "participants", "tidsramme": "time_budget", "tema": "theme",
    "titel": "title", "locales": "locale", "plakater": "posters", "begreber": "concepts",
}
KNOWN = {*TEXT_FIELDS, "sector", "locale", "date", "start", "exercises", "module",
         "participants", "time_budget", "theme", "posters", "concepts"}
POSTER_KINDS = ("core_task", "program")
SECTORS = {"public": "public", "offentlig": "public", "private": "private", "privat": "private"}


@dataclass(frozen=True)
class Order:
    """A validated order. Use text(field, lang) for fields that may differ per language."""

    workplace: str
    core_task: str
    date: date
    team: str = ""
    sector: str = "public"
    stakeholders: str = ""  # empty: the sector's word ("borgerne"/"kunderne")
    locales: tuple[str, ...] = ("da",)
    start: time = time(9, 0)
    exercises: tuple[str, ...] = ()
    module: str = ""
    posters: tuple[str, ...] = ("core_task",)  # core_task, program or an exercise id
    concepts: tuple[str, ...] = ()  # extra concepts to explain (handout section, deck slides)
    facilitator: str = ""
    participants: int = 0
    time_budget: int = 0  # minutes; 0 = none
    theme: str = "default"
    title: str = ""
    # Text fields given per language ({"da": …, "en": …}): field -> lang -> text.
    localized: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)
    source: str = ""  # where it came from, for messages
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def slug(self) -> str:
        """The kit's folder: output/<slug>/<language>/."""
        return folder_name(self.workplace, self.team)

    def text(self, name: str, lang: str) -> str:
        """A text field in one language: its per-language value, else the one given."""
        return self.localized.get(name, {}).get(lang) or getattr(self, name)


def parse_date(value: Any) -> date:
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", text)
        if not m:
            raise ValueError(f"{text!r} is not a date; write it as 2026-12-03 or 3.12.2026")
        d, mo, y = map(int, m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def parse_time(value: Any) -> time:
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text) or re.fullmatch(r"(\d{2})(\d{2})", text)
    if not m:
        raise ValueError(f"{text!r} is not a clock time; write it as 09:00")
    h, mi = map(int, m.groups())
    if h > 23 or mi > 59:
        raise ValueError(f"{text!r} is not a clock time between 00:00 and 23:59")
    return time(h, mi)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[,;\n]", value) if v.strip()]
    if isinstance(value, list):
        return value
    return [value]


def _int(value: Any, lo: int, hi: int, what: str) -> int:
    if isinstance(value, bool) or not (isinstance(value, int) or str(value).strip().isdigit()):
        raise ValueError(f"{value!r} is not a whole number of {what}")
    n = int(value)
    if not lo <= n <= hi:
        raise ValueError(f"{n} is outside {lo}–{hi} {what}")
    return n


def order_from_mapping(data: Any, where, library: Library, source: str = "") -> Order:
    """Validate one order given as a mapping. `where(field)` locates a field for messages."""
    problems: list[Problem] = []
    warnings: list[str] = []

    def bad(name: str, message: str) -> None:
        problems.append(Problem(where(name), name, message))

    if not isinstance(data, dict):
        raise UserError(Problem(where(""), "", "an order is a list of fields such as "
                                "'workplace: …' and 'core_task: …'"))
    fields: dict[str, Any] = {}
    keys: dict[str, str] = {}  # canonical -> the key the user wrote
    for key, value in data.items():
        name = ALIASES.get(str(key).strip().lower(), str(key).strip().lower())
        if name not in KNOWN:
            problems.append(Problem(where(key), str(key), "is not a field of an order"
                                    + suggest(str(key), sorted(KNOWN))))
            continue
        if name in fields:
            problems.append(Problem(where(key), str(key), f"is given twice (also as {keys[name]!r})"))
            continue
        fields[name] = value
        keys[name] = str(key)

    def at(name: str) -> str:
        return where(keys.get(name, name))

    out: dict[str, Any] = {}
    localized: dict[str, dict[str, str]] = {}

    def clean(name: str, value: Any, label: str) -> str:
        limit, multiline = TEXT_FIELDS[name]
        text, removed = clean_user_text(str(value), multiline=multiline)
        if removed:
            warnings.append(f"{label}: removed invisible control characters "
                            f"({', '.join(removed)}) that would corrupt the documents")
        if len(text) > limit:
            problems.append(Problem(at(name), label, f"is {len(text)} characters long; "
                                    f"keep it to at most {limit}"))
        return text

    for name in TEXT_FIELDS:
        value = fields.get(name)
        if value is None:
            continue
        if isinstance(value, dict):  # one text per language: {da: …, en: …}
            per_lang: dict[str, str] = {}
            for raw_lang, text in value.items():
                try:
                    lang = resolve_locale(str(raw_lang), library.locales)
                except UserError as exc:
                    problems.append(Problem(at(name), f"{keys[name]}.{raw_lang}",
                                            exc.problems[0].message))
                    continue
                per_lang[lang] = clean(name, "" if text is None else text, f"{keys[name]}.{raw_lang}")
            localized[name] = per_lang
            out[name] = per_lang.get("da") or next(iter(per_lang.values()), "")
            continue
        if isinstance(value, list):
            problems.append(Problem(at(name), keys[name], "must be text (or one text per "
                                    "language, such as da: … and en: …)"))
            continue
        out[name] = clean(name, value, keys[name])
    for name in REQUIRED:
        if name == "date":
            continue
        if not out.get(name):
            label = {"workplace": "the workplace's name", "core_task": "the team's core task "
                     "(kerneopgave) in your own words"}[name]
            problems.append(Problem(at(name), keys.get(name, name),
                                    f"is {'empty' if name in fields else 'missing'}: write {label}"))

    if "date" not in fields:
        problems.append(Problem(where(""), "date", "is missing: write the session's date, e.g. 2026-12-03"))
    elif fields["date"] in ("", None):
        bad(keys["date"], "is empty: write the session's date, e.g. 2026-12-03")
    else:
        try:
            out["date"] = parse_date(fields["date"])
        except ValueError as exc:
            bad(keys["date"], str(exc))
    if "start" in fields:
        try:
            out["start"] = parse_time(fields["start"])
        except ValueError as exc:
            bad(keys["start"], str(exc))

    if "sector" in fields:
        sector = SECTORS.get(str(fields["sector"]).strip().lower())
        if sector is None:
            bad(keys["sector"], f"{fields['sector']!r} is not a sector; write public or private")
        else:
            out["sector"] = sector

    if "locale" in fields:
        locales = []
        for raw in _as_list(fields["locale"]):
            try:
                lang = resolve_locale(str(raw), library.locales)
            except UserError as exc:
                bad(keys["locale"], exc.problems[0].message)
                continue
            if lang not in locales:
                locales.append(lang)
        if locales:
            out["locales"] = tuple(locales)
        elif not any(p.field == keys["locale"] for p in problems):
            bad(keys["locale"], "names no language")

    def id_list(name: str, table: dict, kind: str) -> tuple[str, ...]:
        """Ids of the library, each once; unknown ones reported with the closest."""
        ids: list[str] = []
        for i, raw in enumerate(_as_list(fields[name])):
            item_id = str(raw).strip()
            if item_id not in table:
                problems.append(Problem(where(keys[name], i), f"{keys[name]}[{i}]",
                                        f"no {kind} called {item_id!r}{suggest(item_id, table)}; "
                                        f"`kitgen list {kind}s` shows them all"))
            elif item_id in ids:
                warnings.append(f"{keys[name]}: {item_id} is listed twice; it is included once")
            else:
                ids.append(item_id)
        return tuple(ids)

    if "exercises" in fields:
        out["exercises"] = id_list("exercises", library.exercises, "exercise")
    if "module" in fields and fields["module"]:
        mod = str(fields["module"]).strip()
        if mod not in library.modules:
            bad(keys["module"], f"no module called {mod!r}{suggest(mod, library.modules)}; "
                "`kitgen list modules` shows them all")
        else:
            out["module"] = mod
    if "posters" in fields:
        kinds = []
        for i, raw in enumerate(_as_list(fields["posters"])):
            kind = str(raw).strip()
            item = None if kind in POSTER_KINDS else (
                library.exercises.get(kind) or library.concepts.get(kind))
            if kind not in POSTER_KINDS and item is None:
                known = [*POSTER_KINDS, *library.exercises, *library.concepts]
                problems.append(Problem(where(keys["posters"], i), f"{keys['posters']}[{i}]",
                                        f"{kind!r} is not a poster: use core_task, program or the id "
                                        f"of an exercise or concept{suggest(kind, known)}"))
            elif item is not None and item.poster is None:
                problems.append(Problem(where(keys["posters"], i), f"{keys['posters']}[{i}]",
                                        f"{kind} has no poster variant"))
            elif kind not in kinds:
                kinds.append(kind)
        out["posters"] = tuple(kinds)
    if "concepts" in fields:
        out["concepts"] = id_list("concepts", library.concepts, "concept")
    if not fields.get("exercises") and not fields.get("module"):
        problems.append(Problem(where(""), "exercises", "is missing: choose at least one exercise "
                                "(or a module); `kitgen list exercises` shows them"))

    for name, lo, hi, what in (("participants", 1, 500, "participants"),
                               ("time_budget", 15, 24 * 60, "minutes")):
        if name in fields and fields[name] not in (None, ""):
            try:
                out[name] = _int(fields[name], lo, hi, what)
            except ValueError as exc:
                bad(keys[name], str(exc))
    if "theme" in fields and fields["theme"]:
        theme = str(fields["theme"]).strip()
        if not re.fullmatch(r"[a-z0-9_-]{1,40}", theme):
            bad(keys["theme"], f"{theme!r} is not a theme name (lower-case letters, digits, - or _)")
        else:
            out["theme"] = theme

    if problems:
        raise UserError(problems)
    return Order(**out, localized=localized, source=source, warnings=tuple(warnings))


def load_order(path: Path, library: Library) -> Order:
    """Read and validate an order file; UserError lists every problem with file:line."""
    display = str(path)
    located: Located = load_yaml(Path(path), display)

    def where(key: Any, index: int | None = None) -> str:
        if key == "":
            return located.where(())
        return located.where((key,) if index is None else (key, index))

    if located.data is None:
        raise UserError(Problem(located.where(), "", "the order file is empty"))
    return order_from_mapping(located.data, where, library, source=display)
