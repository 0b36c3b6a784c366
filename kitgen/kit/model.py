"""The Kit: one immutable, fully localised document model.

Builders read a Kit (and a Theme) and nothing else. Every text here is final:
translated, placeholders filled in, numbers and clock times formatted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # welcome | exercise | talk | plenary | break | lunch | checkout | wrapup
    title: str
    start: time
    end: time
    minutes: int
    time_range: str  # "09.00–10.30"
    duration: str  # "90 minutter"
    end_text: str = ""  # "10.30": when the block ends, as the language writes a time
    exercise: str | None = None  # exercise id when kind == exercise
    number: int | None = None  # exercise number in this kit
    concept: str | None = None  # concept id of a talk
    text: str = ""  # what happens in the block (modules)


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    minutes: int
    duration: str
    text: str
    time_range: str = ""  # clock times inside the session's agenda


@dataclass(frozen=True)
class QuestionGroup:
    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class WorksheetField:
    label: str
    lines: int


@dataclass(frozen=True)
class Worksheet:
    title: str
    intro: str
    fields: tuple[WorksheetField, ...]


@dataclass(frozen=True)
class Poster:
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Exercise:
    id: str
    kind: str
    number: int
    title: str
    summary: str
    purpose: str
    minutes: int
    duration: str
    prep: str  # formatted preparation time, "" when none
    group_form: str
    audience: str
    group_size: str  # "4–30 deltagere"
    time_range: str  # in this session's agenda, "" outside one
    materials: tuple[str, ...]
    preparation: tuple[str, ...]
    steps: tuple[Step, ...]
    questions: tuple[QuestionGroup, ...]
    facilitator_notes: tuple[str, ...]
    worksheet: Worksheet | None
    poster: Poster | None
    sources: tuple[str, ...]
    mentions_core_task: bool = False  # its texts refer to the team's core task


@dataclass(frozen=True)
class KeyPoint:
    term: str
    text: str


@dataclass(frozen=True)
class Concept:
    id: str
    title: str
    short: str
    body: tuple[str, ...]
    key_points: tuple[KeyPoint, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PosterPage:
    """One wall poster, every text final. kind: core_task | exercise | program."""

    kind: str
    name: str  # file stem: poster-<name>.pdf
    eyebrow: str  # small label above the title
    title: str
    lines: tuple[str, ...]  # elements, statements, …
    rows: tuple[tuple[str, str], ...] = ()  # program: (clock time, item)
    headings: tuple[int, ...] = ()  # program: the rows that start a meeting of a process ("", title)
    note: str = ""  # one line under the content
    footer: str = ""
    field: str = ""  # where the title text came from, for fit messages (order field or content key)


@dataclass(frozen=True)
class CoursePart:
    number: int
    title: str
    summary: str
    current: bool  # the module this kit is for ("you are here")


@dataclass(frozen=True)
class Course:
    title: str
    summary: str
    parts: tuple[CoursePart, ...]


@dataclass(frozen=True)
class ModuleInfo:
    id: str
    number: int | None
    title: str
    summary: str
    aims: tuple[str, ...]
    preparation: tuple[str, ...]
    reading: tuple[str, ...]
    homework: tuple[str, ...]


@dataclass(frozen=True)
class Kit:
    # who and when
    lang: str  # "da"
    language_tag: str  # "da-DK"
    workplace: str
    team: str
    core_task: str
    stakeholders: str
    facilitator: str
    participants: int
    participants_text: str  # "12 deltagere", "" when not given
    date: date
    date_text: str
    session_title: str
    slug: str
    # the session
    agenda: tuple[AgendaItem, ...]
    total_minutes: int
    total_text: str
    time_range: str
    # the content
    intro: tuple[str, ...]  # the short introduction tied to the core task
    elements_text: str  # "tillid, retfærdighed og samarbejde"
    exercises: tuple[Exercise, ...]
    concepts: tuple[Concept, ...]
    sources: tuple[str, ...]  # every source, deduplicated, sorted
    posters: tuple[PosterPage, ...]
    requested_concepts: tuple[str, ...]  # concepts the order asked to explain (deck slides)
    module: ModuleInfo | None  # set when the order names a module
    course: Course | None  # the module's course, for "you are here"
    # labels in this language, looked up by their Danish msgid
    labels: Mapping[str, str]
    # provenance
    theme: str
    created: datetime  # fixed from the order, so files are reproducible
    kitgen_version: str
    content_version: str
    warnings: tuple[str, ...]

    def t(self, msgid: str) -> str:
        """A label in the kit's language. Unknown msgids are a programming error."""
        return self.labels[msgid]


def freeze(mapping: dict[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))
