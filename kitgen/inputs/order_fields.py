"""The fields of an order, as a pydantic model: each field parses and checks
itself, and pydantic collects every problem of an order at once.

The input is what a YAML order, a sheet row or the web form gives, with field
names already canonical (kitgen.inputs.order maps Danish names and reports
unknown ones). Messages are in the user's terms ("is not a whole number of
participants"); a validator that finds more than one thing wrong with a field
given per language (`core_task: {da: …, xx: …}`) reports the extra ones through
the validation context, with their own location, so nothing is left for a
second round.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Annotated, Any, Callable

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo

from kitgen.content.library import Library, suggest
from kitgen.errors import UserError
from kitgen.i18n.grammar import CASES
from kitgen.i18n.locale import resolve_locale
from kitgen.i18n.messages import N_, _
from kitgen.inputs.usertext import clean_user_text

# Field -> (max length, multiline). The limits keep covers and headers sane.
TEXT_FIELDS = {
    "workplace": (100, False),
    "team": (100, False),
    "core_task": (400, True),
    "facilitator": (80, False),
    "stakeholders": (40, False),
    "title": (120, False),
}
POSTER_KINDS = ("core_task", "program")
SECTORS = {"public": "public", "offentlig": "public", "private": "private", "privat": "private"}
YEARS = (2000, 2099)  # a workshop date outside this is a typo (and beyond what files can stamp)


@dataclass
class Context:
    """What validators need besides the value, and what they report on the side."""

    library: Library
    keys: dict[str, str]  # canonical field -> the name the user wrote
    warnings: list[str] = field(default_factory=list)
    extra: list[tuple[str, tuple, str]] = field(default_factory=list)  # (field, path, message)

    def label(self, name: str) -> str:
        return self.keys.get(name, name)


def _ctx(info: ValidationInfo) -> Context:
    assert isinstance(info.context, Context)
    return info.context


# -- text -------------------------------------------------------------------------

def _clean(value: Any, name: str, label: str, ctx: Context) -> str:
    limit, multiline = TEXT_FIELDS[name]
    text, removed = clean_user_text("" if value is None else str(value), multiline=multiline)
    if removed:
        ctx.warnings.append(_("{field}: removed invisible control characters ({characters}) that would "
                              "corrupt the documents").format(field=label, characters=", ".join(removed)))
    if len(text) > limit:
        ctx.extra.append((name, (), _("is {length} characters long; keep it to at most {limit}").format(
            length=len(text), limit=limit)))
    return text


def _forms(value: dict, name: str, lang: str, raw: str, ctx: Context) -> str | dict[str, str]:
    """stakeholders in one language with its grammatical forms: {nom: …, dat: …}."""
    forms = {}
    for case, text in value.items():
        if str(case) not in CASES:
            ctx.extra.append((name, (raw, case),
                              _("is not a grammatical case; use {cases}").format(cases=", ".join(CASES))))
            continue
        forms[str(case)] = _clean(text, name, f"{ctx.label(name)}.{raw}.{case}", ctx)
    if "nom" not in forms:
        ctx.extra.append((name, (raw,), _("needs at least the nominative form (nom: …)")))
    return forms


def text(name: str) -> BeforeValidator:
    """A text field: one text, or one per language ({da: …, en: …}); each cleaned."""

    def check(value: Any, info: ValidationInfo) -> dict[str, Any] | None:
        ctx = _ctx(info)
        label = ctx.label(name)
        if value is None:
            return None
        if isinstance(value, list):
            raise ValueError(_("must be text (or one text per language, such as da: … and en: …)"))
        if not isinstance(value, dict):
            return {"": _clean(value, name, label, ctx)}
        texts: dict[str, Any] = {}
        for raw_lang, item in value.items():
            try:
                lang = resolve_locale(str(raw_lang), ctx.library.locales)
            except UserError as exc:
                ctx.extra.append((name, (raw_lang,), exc.problems[0].message))
                continue
            if isinstance(item, dict) and name == "stakeholders":
                texts[lang] = _forms(item, name, lang, str(raw_lang), ctx)
            elif isinstance(item, (dict, list)):
                ctx.extra.append((name, (raw_lang,), _("must be text")))
            else:
                texts[lang] = _clean(item, name, f"{label}.{raw_lang}", ctx)
        return texts

    return BeforeValidator(check)


Texts = dict[str, Any]  # language ("" for any) -> text (stakeholders: or its forms)


# -- dates, times, numbers, choices -------------------------------------------------

def parse_date(value: Any) -> date:
    text = str(value).strip()
    if isinstance(value, date):
        parsed = value
    else:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if m:
            y, mo, d = map(int, m.groups())
        else:
            m = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", text)
            if not m:
                raise ValueError(_("{value} is not a date; write it as 2026-12-03 or 3.12.2026").format(
                    value=repr(text)))
            d, mo, y = map(int, m.groups())
        try:
            parsed = date(y, mo, d)
        except ValueError:
            raise ValueError(_("{value} is not a real date").format(value=repr(text))) from None
    if not YEARS[0] <= parsed.year <= YEARS[1]:
        raise ValueError(_("{value} is not a date kitgen can plan: write a date between {first} and "
                           "{last}").format(value=repr(text), first=YEARS[0], last=YEARS[1]))
    return parsed


def parse_time(value: Any) -> time:
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text) or re.fullmatch(r"(\d{2})(\d{2})", text)
    if not m:
        raise ValueError(_("{value} is not a clock time; write it as 09:00").format(value=repr(text)))
    h, mi = map(int, m.groups())
    if h > 23 or mi > 59:
        raise ValueError(_("{value} is not a clock time between 00:00 and 23:59").format(value=repr(text)))
    return time(h, mi)


def _whole(lo: int, hi: int, not_whole: str, outside: str) -> Callable[[Any], int]:
    """A whole number from lo to hi; the messages (N_) have {value}, and {n}, {lo}, {hi}."""
    def check(value: Any) -> int:
        text = str(value).strip()
        if isinstance(value, bool) or not (isinstance(value, int) or (text.isdigit() and len(text) < 8)):
            raise ValueError(_(not_whole).format(value=_short(value)))
        n = int(value)
        if not lo <= n <= hi:
            raise ValueError(_(outside).format(n=n, lo=lo, hi=hi))
        return n
    return check


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _sector(value: Any) -> str:
    sector = SECTORS.get(str(value).strip().lower())
    if sector is None:
        raise ValueError(_("{value} is not a sector; write public or private").format(value=_short(value)))
    return sector


def _theme(value: Any) -> str:
    theme = str(value).strip()
    if not re.fullmatch(r"[a-z0-9_-]{1,40}", theme):
        raise ValueError(_("{value} is not a theme name (lower-case letters, digits, - or _)").format(
            value=_short(theme)))
    return theme


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[,;\n]", value) if v.strip()]
    if isinstance(value, list):
        return value
    return [value]


def _locales(value: Any, info: ValidationInfo) -> tuple[str, ...] | None:
    ctx = _ctx(info)
    found: list[str] = []
    bad = 0
    for raw in as_list(value):
        try:
            if isinstance(raw, (dict, list)):
                raise UserError(_("names languages such as da, en"))
            lang = resolve_locale(str(raw), ctx.library.locales)
        except UserError as exc:
            ctx.extra.append(("locale", (), exc.problems[0].message))
            bad += 1
            continue
        if lang not in found:
            found.append(lang)
    if not found and not bad:
        raise ValueError(_("names no language"))
    return tuple(found) or None


def _ids(kind: str, table: Callable[[Library], dict], unknown: str) -> BeforeValidator:
    """Ids of the library, each once; unknown ones reported with the closest
    (`unknown`, an N_ message with {id} and {hint})."""

    def check(value: Any, info: ValidationInfo) -> tuple[str, ...]:
        ctx = _ctx(info)
        name = f"{kind}s"
        if value is None:
            return ()
        known = table(ctx.library)
        ids: list[str] = []
        for i, raw in enumerate(as_list(value)):
            item_id = str(raw).strip()
            if item_id not in known:
                ctx.extra.append((name, (i,), _(unknown).format(id=_short(item_id), hint=suggest(item_id, known))))
            elif item_id in ids:
                ctx.warnings.append(_("{field}: {id} is listed twice; it is included once").format(
                    field=ctx.label(name), id=item_id))
            else:
                ids.append(item_id)
        return tuple(ids)

    return BeforeValidator(check)


def _module(value: Any, info: ValidationInfo) -> str:
    lib = _ctx(info).library
    mod = str(value).strip()
    if mod and mod not in lib.modules:
        raise ValueError(_("no module called {id}{hint}; `kitgen list modules` shows them all").format(
            id=_short(mod), hint=suggest(mod, lib.modules)))
    return mod


def _posters(value: Any, info: ValidationInfo) -> tuple[str, ...]:
    ctx = _ctx(info)
    lib = ctx.library
    kinds: list[str] = []
    for i, raw in enumerate(as_list(value)):
        kind = str(raw).strip()
        item = None if kind in POSTER_KINDS else (lib.exercises.get(kind) or lib.concepts.get(kind))
        if kind not in POSTER_KINDS and item is None:
            known = [*POSTER_KINDS, *lib.exercises, *lib.concepts]
            ctx.extra.append(("posters", (i,), _("{value} is not a poster: use core_task, program or the id of "
                                                 "an exercise or concept{hint}").format(
                                                     value=_short(kind), hint=suggest(kind, known))))
        elif item is not None and item.poster is None:
            ctx.extra.append(("posters", (i,), _("{id} has no poster variant").format(id=kind)))
        elif kind not in kinds:
            kinds.append(kind)
    return tuple(kinds)


def optional(fn: Callable[..., Any]) -> BeforeValidator:
    """A validator for a field that may be left empty: an empty value is None
    (not given), and the required fields are checked as such afterwards."""
    takes_info = fn.__code__.co_argcount == 2

    def check(value: Any, info: ValidationInfo) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return fn(value, info) if takes_info else fn(value)

    return BeforeValidator(check)


class OrderInput(BaseModel):
    """An order's fields as given, each checked; None for a field not given."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    workplace: Annotated[Texts | None, text("workplace")] = None
    team: Annotated[Texts | None, text("team")] = None
    core_task: Annotated[Texts | None, text("core_task")] = None
    facilitator: Annotated[Texts | None, text("facilitator")] = None
    stakeholders: Annotated[Texts | None, text("stakeholders")] = None
    title: Annotated[Texts | None, text("title")] = None
    sector: Annotated[str | None, optional(_sector)] = None
    locale: Annotated[tuple[str, ...] | None, optional(_locales)] = None
    date: Annotated[dt.date | None, optional(parse_date)] = None
    start: Annotated[dt.time | None, optional(parse_time)] = None
    exercises: Annotated[tuple[str, ...] | None, _ids(
        "exercise", lambda lib: lib.exercises,
        N_("no exercise called {id}{hint}; `kitgen list exercises` shows them all"))] = None
    module: Annotated[str | None, optional(_module)] = None
    posters: Annotated[tuple[str, ...] | None, optional(_posters)] = None
    concepts: Annotated[tuple[str, ...] | None, _ids(
        "concept", lambda lib: lib.concepts,
        N_("no concept called {id}{hint}; `kitgen list concepts` shows them all"))] = None
    participants: Annotated[int | None, optional(_whole(
        1, 500, N_("{value} is not a whole number of participants"),
        N_("{n} is outside {lo}–{hi} participants")))] = None
    time_budget: Annotated[int | None, optional(_whole(
        15, 24 * 60, N_("{value} is not a whole number of minutes"), N_("{n} is outside {lo}–{hi} minutes")))] = None
    theme: Annotated[str | None, optional(_theme)] = None


FIELDS = tuple(OrderInput.model_fields)
