"""The content library's models: exercise, concept, module, course.

Text fields typed `Text` are Danish source text: they are extracted into the
`content` gettext domain and may use the placeholders in PLACEHOLDERS. Every
other field is a language-neutral fact.
"""

from __future__ import annotations

import re
from enum import Enum
from types import UnionType
from typing import Annotated, Any, ClassVar, Iterator, Literal, Union, get_args, get_origin

from jinja2 import TemplateSyntaxError, meta
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from kitgen.content.render import PLACEHOLDERS, template_env
from kitgen.i18n.messages import _


class _Translatable:
    """Marker in Annotated[...] metadata: this string is translated."""

    def __repr__(self) -> str:  # pragma: no cover - shows in schema debug only
        return "Translatable"


TRANSLATABLE = _Translatable()
_ID = r"^[a-z][a-z0-9_]*$"


def _check_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError(_("must not be empty"))
    if "{%" in value or "{#" in value:
        raise ValueError(_("only {{ placeholder }} is allowed in content text, not {% … %} or {# … #}"))
    if "{{" in value or "}}" in value:
        try:
            names = meta.find_undeclared_variables(template_env().parse(value))
        except TemplateSyntaxError as exc:
            raise ValueError(_("broken placeholder ({error})").format(error=exc.message)) from None
        unknown = sorted(names - set(PLACEHOLDERS))
        if unknown:
            raise ValueError(_("unknown placeholder {names}; use one of {placeholders}").format(
                names=", ".join(unknown), placeholders=", ".join(PLACEHOLDERS)))
    return value


Text = Annotated[str, AfterValidator(_check_text), TRANSLATABLE]
Id = Annotated[str, Field(pattern=_ID, max_length=60)]
Minutes = Annotated[int, Field(ge=1, le=600)]


class Tag(str, Enum):
    trust = "trust"
    fairness = "fairness"
    cooperation = "cooperation"
    bonding = "bonding"
    bridging = "bridging"
    linking = "linking"
    core_task = "core_task"
    change = "change"
    psychological_safety = "psychological_safety"
    learning = "learning"
    feedback = "feedback"
    culture = "culture"
    leadership = "leadership"
    appreciation = "appreciation"
    wellbeing = "wellbeing"
    coordination = "coordination"
    conflict = "conflict"
    measurement = "measurement"


class Sector(str, Enum):
    public = "public"
    private = "private"


class Phase(str, Enum):
    opening = "opening"
    main = "main"
    closing = "closing"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_year(value: str) -> str:
    if not re.fullmatch(r"\d{4}", value):
        raise ValueError(_('{value} is not a year; write four digits such as "2013", or leave `year` out when '
                           'the source has no date (never guess one)').format(value=repr(value)))
    return value


class Source(Strict):
    """A publication the item is written after. Author and year only when the source states them."""

    author: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    title: Annotated[str, Field(min_length=1, max_length=300)]
    year: Annotated[str, AfterValidator(_check_year)] | None = None
    note: Text | None = None


class Step(Strict):
    title: Text
    minutes: Minutes
    text: Text


class QuestionGroup(Strict):
    heading: Text | None = None
    items: Annotated[list[Text], Field(min_length=1)]


class WorksheetField(Strict):
    label: Text
    lines: Annotated[int, Field(ge=1, le=12)] = 3


class Worksheet(Strict):
    title: Text
    intro: Text | None = None
    fields: Annotated[list[WorksheetField], Field(min_length=1, max_length=12)]


class Poster(Strict):
    title: Text
    lines: Annotated[list[Text], Field(min_length=1, max_length=10)]


class GroupSize(Strict):
    min: Annotated[int, Field(ge=1, le=500)]
    max: Annotated[int, Field(ge=1, le=500)]

    @model_validator(mode="after")
    def _ordered(self) -> "GroupSize":
        if self.min > self.max:
            raise ValueError(_("min ({min}) is larger than max ({max})").format(min=self.min, max=self.max))
        return self


class KeyPoint(Strict):
    term: Text
    text: Text


class Item(Strict):
    """What every library item has."""

    id: Id
    title: Text
    tags: list[Tag] = []
    sources: Annotated[list[Source], Field(min_length=1)]

    KIND: ClassVar[str] = ""  # "exercise", "concept" …: the first part of every text key

    @property
    def key(self) -> str:
        return f"{self.KIND}/{self.id}"


class Exercise(Item):
    KIND: ClassVar[str] = "exercise"
    kind: Literal["exercise", "checklist"] = "exercise"
    summary: Text
    purpose: Text
    minutes: Minutes
    prep_minutes: Annotated[int, Field(ge=0, le=600)] = 0
    group_size: GroupSize
    group_form: Text
    audience: Text
    concepts: list[Id] = []
    materials: list[Text] = []
    preparation: list[Text] = []
    steps: Annotated[list[Step], Field(min_length=1)]
    questions: list[QuestionGroup] = []
    facilitator_notes: list[Text] = []
    worksheet: Worksheet | None = None
    poster: Poster | None = None
    sectors: list[Sector] = [Sector.public, Sector.private]
    # Where the exercise sits in a session, for program suggestions: an opening
    # anchors the core task, a closing turns the day into agreements.
    phase: Phase = Phase.main
    # Exercises that are variants of one tool share a family id: a suggested
    # program never holds two of one family.
    family: Id | None = None

    @model_validator(mode="after")
    def _minutes_add_up(self) -> "Exercise":
        total = sum(s.minutes for s in self.steps)
        if total != self.minutes:
            raise ValueError(_("minutes is {minutes}, but the steps add up to {total} minutes").format(
                minutes=self.minutes, total=total))
        return self


class Concept(Item):
    KIND: ClassVar[str] = "concept"
    short: Text
    body: Annotated[list[Text], Field(min_length=1)]
    key_points: list[KeyPoint] = []
    poster: Poster | None = None


class BlockKind(str, Enum):
    welcome = "welcome"
    talk = "talk"
    exercise = "exercise"
    plenary = "plenary"
    break_ = "break"
    lunch = "lunch"
    checkout = "checkout"
    meeting = "meeting"  # starts the next meeting of a process over several meetings


class Block(Strict):
    kind: BlockKind
    minutes: Annotated[int, Field(ge=0, le=600)]
    title: Text | None = None
    concept: Id | None = None
    exercise: Id | None = None
    text: Text | None = None

    @model_validator(mode="after")
    def _names_itself(self) -> "Block":
        if (self.kind is BlockKind.meeting) != (self.minutes == 0):
            raise ValueError(_("a meeting block has minutes: 0, and every other block takes time"))
        if self.kind is BlockKind.meeting and not self.title:
            raise ValueError(_("a meeting block needs a title, such as 'Møde 2 – Involvér medarbejderne'"))
        if self.kind is BlockKind.exercise and not self.exercise:
            raise ValueError(_("an exercise block needs `exercise: <exercise id>`"))
        if not (self.title or self.exercise or self.concept
                or self.kind in (BlockKind.break_, BlockKind.lunch)):
            raise ValueError(_("a block needs a title, an exercise or a concept"))
        return self


class Module(Item):
    KIND: ClassVar[str] = "module"
    course: Id | None = None
    number: Annotated[int, Field(ge=0, le=99)] | None = None
    summary: Text
    start: Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] = "09:00"
    aims: list[Text] = []
    preparation: list[Text] = []
    reading: list[Text] = []
    blocks: Annotated[list[Block], Field(min_length=1)]
    homework: list[Text] = []


class CoursePart(Strict):
    number: Annotated[int, Field(ge=0, le=99)]
    title: Text
    summary: Text | None = None
    module: Id | None = None


class Course(Item):
    KIND: ClassVar[str] = "course"
    summary: Text
    parts: Annotated[list[CoursePart], Field(min_length=1)]


KINDS: dict[str, type[Item]] = {
    "exercises": Exercise,
    "concepts": Concept,
    "modules": Module,
    "courses": Course,
}


def _is_text(annotation: Any) -> bool:
    return get_origin(annotation) is Annotated and TRANSLATABLE in annotation.__metadata__


def _walk_value(value: Any, annotation: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if value is None:
        return
    if _is_text(annotation):
        yield path, value
        return
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _walk_value(value, get_args(annotation)[0], path)
    elif origin in (Union, UnionType):
        for arg in get_args(annotation):
            if arg is type(None):
                continue
            yield from _walk_value(value, arg, path)
            return
    elif origin is list:
        (inner,) = get_args(annotation)
        for i, v in enumerate(value):
            yield from _walk_value(v, inner, path + (i,))
    elif isinstance(value, BaseModel):
        yield from iter_texts(value, path)


def iter_texts(model: BaseModel, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every translatable string in a model, with its path, in document order."""
    for name, info in type(model).model_fields.items():
        annotation = info.annotation
        if info.metadata and TRANSLATABLE in info.metadata:
            annotation = Annotated[str, TRANSLATABLE]
        yield from _walk_value(getattr(model, name), annotation, path + (name,))


def text_key(item: Item, path: tuple) -> str:
    """The msgctxt of one text: 'exercise/core_task_deep_dive:steps[2].text'."""
    # lazy: the schema is read before any YAML is (the cached library)
    from kitgen.inputs.yamlsource import format_path

    return f"{item.key}:{format_path(path)}"
