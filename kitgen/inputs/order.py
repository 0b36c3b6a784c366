"""An order: what one team's kit should contain. Parsed and validated here.

Orders come from YAML files, sheet rows and the web form; all three go through
`order_from_mapping`: field names are made canonical (Danish names work too),
kitgen.inputs.order_fields checks every field, and every problem is reported at
once, located with the caller's `where` (file:line, or sheet row and column).
User text is cleaned of characters that would corrupt an Office file and is
never treated as template code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any, Callable, Mapping

from pydantic import ValidationError

from kitgen.content.library import Library, suggest
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import N_, _
from kitgen.inputs.order_fields import FIELDS, TEXT_FIELDS, Context, OrderInput
from kitgen.inputs.usertext import folder_name
from kitgen.inputs.yamlsource import Located, load_yaml

# Danish field names are accepted too; HR partners write what they say.
ALIASES = {
    "arbejdsplads": "workplace", "kerneopgave": "core_task", "sektor": "sector",
    "interessenter": "stakeholders", "sprog": "locale", "dato": "date",
    "starttid": "start", "start_time": "start", "øvelser": "exercises", "modul": "module",
    "deltagere": "participants", "tidsramme": "time_budget", "tema": "theme",
    "titel": "title", "locales": "locale", "plakater": "posters", "begreber": "concepts",
    "facilitatoren": "facilitator",
}
KNOWN = set(FIELDS)
# Field -> (its message when missing, when empty).
_REQUIRED = {"workplace": (N_("is missing: write the workplace's name"),
                           N_("is empty: write the workplace's name")),
             "core_task": (N_("is missing: write the team's core task (kerneopgave) in your own words"),
                           N_("is empty: write the team's core task (kerneopgave) in your own words"))}

# where(field, *path) -> "file:line" or 'sheet: row 4, column "dato"'
Where = Callable[..., str]


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
    theme: str = ""  # a theme's name; empty: the workspace's default theme
    title: str = ""
    # Text fields given per language ({"da": …, "en": …}): field -> lang -> text.
    localized: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)
    # Grammatical forms given for the people served: lang -> case -> text.
    stakeholder_forms: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)
    source: str = ""  # where it came from, for messages
    warnings: tuple[str, ...] = field(default=(), compare=False)
    # Where each field was given ("order.yaml:7"), for messages of later stages.
    locations: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def slug(self) -> str:
        """The kit's folder: output/<slug>/<language>/."""
        return folder_name(self.workplace, self.team)

    def where(self, name: str) -> str:
        """Where a field was given, else where the order is."""
        return self.locations.get(name) or self.source

    def text(self, name: str, lang: str) -> str:
        """A text field in one language: its per-language value, else the one given."""
        return self.localized.get(name, {}).get(lang) or getattr(self, name)

    def missing_languages(self, name: str) -> list[str]:
        """The order's languages a per-language field is not given in."""
        given = self.localized.get(name)
        return [lang for lang in self.locales if given and lang not in given]


def canonical(data: Mapping[Any, Any], where: Where) -> tuple[dict[str, Any], dict[str, str], list[Problem]]:
    """The fields under their canonical names, the name the user wrote for each,
    and the problems with the names themselves (unknown, given twice)."""
    fields: dict[str, Any] = {}
    keys: dict[str, str] = {}
    problems = []
    for key, value in data.items():
        name = ALIASES.get(str(key).strip().lower(), str(key).strip().lower())
        if name not in KNOWN:
            problems.append(Problem(where(key), str(key), _("is not a field of an order{hint}").format(
                hint=suggest(str(key), sorted(KNOWN)))))
        elif name in fields:
            problems.append(Problem(where(key), str(key),
                                    _("is given twice (also as {name})").format(name=repr(keys[name]))))
        else:
            fields[name], keys[name] = value, str(key)
    return fields, keys, problems


def _located(exc: ValidationError, keys: Mapping[str, str], where: Where) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        name = str(err["loc"][0])
        msg = err["msg"].removeprefix("Value error, ")
        out.append(Problem(where(keys.get(name, name)), keys.get(name, name), msg))
    return out


def order_from_mapping(data: Any, where: Where, library: Library, source: str = "") -> Order:
    """Validate one order given as a mapping; UserError lists every problem."""
    if not isinstance(data, dict):
        raise UserError(Problem(where(""), "", _("an order is a list of fields such as "
                                                 "'workplace: …' and 'core_task: …'")))
    fields, keys, problems = canonical(data, where)
    ctx = Context(library, keys)
    try:
        given = OrderInput.model_validate(fields, context=ctx)
    except ValidationError as exc:
        problems += _located(exc, keys, where)
        given = None
    for name, path, message in ctx.extra:
        label = ".".join([keys.get(name, name), *(str(p) for p in path if not isinstance(p, int))])
        index = next((p for p in path if isinstance(p, int)), None)
        shown = f"{label}[{index}]" if index is not None else label
        problems.append(Problem(where(keys.get(name, name), *path), shown, message))
    problems += _required(fields, keys, where, given)
    if problems or given is None:
        raise UserError(problems)
    locations = {name: where(key) for name, key in keys.items()}
    return _order(given, source, ctx.warnings, locations)


def _empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return not value
    return value is None or not str(value).strip()


def _required(fields: dict[str, Any], keys: dict[str, str], where: Where,
              given: OrderInput | None) -> list[Problem]:
    """Workplace, core task and date must be there and not empty; so must
    exercises or a module. (Empty after cleaning counts as empty.)"""
    problems = []
    for name, (missing, empty) in _REQUIRED.items():
        texts = getattr(given, name) if given is not None else None
        if name not in fields or _empty(fields[name]) or (given is not None and _empty(texts)):
            problems.append(Problem(where(keys.get(name, name)), keys.get(name, name),
                                    _(empty) if name in fields else _(missing)))
    if "date" not in fields:
        problems.append(Problem(where(""), "date", _("is missing: write the session's date, e.g. 2026-12-03")))
    elif _empty(fields["date"]):
        problems.append(Problem(where(keys["date"]), keys["date"],
                                _("is empty: write the session's date, e.g. 2026-12-03")))
    if _empty(fields.get("exercises")) and _empty(fields.get("module")):
        problems.append(Problem(where(""), "exercises", _("is missing: choose at least one exercise "
                                                          "(or a module); `kitgen list exercises` shows them")))
    return problems


def _order(given: OrderInput, source: str, warnings: list[str], locations: dict[str, str]) -> Order:
    values: dict[str, Any] = {}
    localized: dict[str, dict[str, str]] = {}
    forms: dict[str, dict[str, str]] = {}
    for name in TEXT_FIELDS:
        texts = getattr(given, name)
        if texts is None:
            continue
        plain = {lang: (t["nom"] if isinstance(t, dict) else t) for lang, t in texts.items()}
        if name == "stakeholders":
            forms = {lang: t for lang, t in texts.items() if isinstance(t, dict)}
        if "" in plain:
            values[name] = plain[""]
        else:
            localized[name] = plain
            values[name] = plain.get("da") or next(iter(plain.values()), "")
    for name, target in (("sector", "sector"), ("locale", "locales"), ("date", "date"),
                         ("start", "start"), ("exercises", "exercises"), ("module", "module"),
                         ("posters", "posters"), ("concepts", "concepts"),
                         ("participants", "participants"), ("time_budget", "time_budget"),
                         ("theme", "theme")):
        value = getattr(given, name)
        if value not in (None, ""):
            values[target] = value
    return Order(**values, localized=localized, stakeholder_forms=forms, source=source,
                 warnings=tuple(warnings), locations=locations)


def load_order(path: Path, library: Library) -> Order:
    """Read and validate an order file; UserError lists every problem with file:line."""
    display = str(path)
    located: Located = load_yaml(Path(path), display)

    def where(key: Any, *path: Any) -> str:
        if key == "":
            return located.where(())
        return located.where((key, *path))

    if located.data is None:
        raise UserError(Problem(located.where(), "", _("the order file is empty")))
    return order_from_mapping(located.data, where, library, source=display)
