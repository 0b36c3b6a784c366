"""The make-a-kit form and an order: the form's inputs carry the order's field
names (`workplace`, `core_task`, `exercises` …; a text per language as
`core_task.en`), so the page, the JSON API and a YAML file are one order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from kitgen.errors import Problem
from kitgen.inputs.order import canonical
from kitgen.inputs.order_fields import TEXT_FIELDS, as_list

SINGLE = ("sector", "date", "start", "time_budget", "participants", "theme", "module")
MULTI = ("locale", "exercises", "posters", "concepts")
PER_LANGUAGE = ("core_task", "stakeholders")  # the fields the form offers per language
REQUIRED = ("workplace", "core_task", "date")


@dataclass
class FormState:
    """What the form shows: its values and the problems next to each field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)  # problems that belong to no one field

    def value(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)

    def many(self, name: str) -> list[str]:
        value = self.values.get(name, [])
        return list(value) if isinstance(value, (list, tuple)) else [value] if value else []


def form_lists(form: Any) -> dict[str, list[str]]:
    """A starlette FormData (or a dict of lists) as {name: [values…]}, strings only."""
    if hasattr(form, "multi_items"):
        out: dict[str, list[str]] = {}
        for key, value in form.multi_items():
            if isinstance(value, str):
                out.setdefault(key, []).append(value)
        return out
    return {k: list(v) if isinstance(v, (list, tuple)) else [v] for k, v in dict(form).items()}


def order_data(form: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The order the form describes, as a mapping order_from_mapping validates."""
    data: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        base = (form.get(name) or [""])[0].strip()
        per_lang = {key.split(".", 1)[1]: values[0] for key, values in form.items()
                    if key.startswith(f"{name}.") and values and values[0].strip()}
        if per_lang:
            data[name] = ({"da": base} if base else {}) | per_lang
        elif base or name in REQUIRED:
            data[name] = base
    for name in SINGLE:
        value = (form.get(name) or [""])[0].strip()
        if value or name == "date":
            data[name] = value
    for name in MULTI:
        values = [v.strip() for v in form.get(name, []) if v.strip()]
        if values:
            data[name] = values
    if data.get("module"):  # the module gives the program; exercises picked before stay in the form only
        data.pop("exercises", None)
    return data


def values_from_order(data: Mapping[str, Any]) -> dict[str, Any]:
    """Form values from an order mapping (a YAML file opened on the page)."""
    fields, _, _ = canonical(data, lambda *a: "")
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            if isinstance(value, dict):
                for lang, text in value.items():
                    text = text.get("nom", "") if isinstance(text, dict) else text
                    values[name if str(lang) == "da" else f"{name}.{lang}"] = "" if text is None else str(text)
            elif value is not None:
                values[name] = str(value)
        elif name in MULTI:
            values[name] = [str(v).strip() for v in as_list(value)]
        elif value is not None:
            values[name] = str(value)
    return values


def field_of(problem: Problem) -> str:
    """The form input a problem belongs to: 'exercises[2]' -> 'exercises', 'core_task.en' stays."""
    name = problem.field.split("[", 1)[0]
    return name.replace("locales", "locale")


def state_with_problems(values: dict[str, Any], problems: Sequence[Problem]) -> FormState:
    state = FormState(values=values)
    known = set(TEXT_FIELDS) | set(SINGLE) | set(MULTI)
    for problem in problems:
        name = field_of(problem)
        if name.split(".", 1)[0] in known:
            state.errors.setdefault(name, []).append(problem.message)
        else:
            state.general.append(str(problem))
    return state
