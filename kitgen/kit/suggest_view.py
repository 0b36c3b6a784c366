"""A suggestion as people read it: the agenda with clock times, one line per
exercise saying why, the JSON the web app and scripts read, and an order file
`kitgen build` accepts as it is."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from kitgen.content.library import Library
from kitgen.content.search import source_names
from kitgen.content.tags import vocabulary
from kitgen.inputs.order import Order
from kitgen.kit.plan import plan
from kitgen.kit.suggest import Program, Suggestion

# An order for planning the agenda only: the names never reach a file.
_PLANNING_DATE = date(2030, 1, 7)


def planning_order(s: Suggestion, program: Program, lang: str) -> Order:
    q = s.question
    return Order(workplace="—", core_task="—", date=_PLANNING_DATE, start=q.start, sector=q.sector,
                 exercises=program.exercises, participants=q.participants, locales=(lang,),
                 concepts=s.concepts, time_budget=q.minutes)


def agenda(lib: Library, s: Suggestion, program: Program, lang: str) -> list[dict[str, str]]:
    """The program's agenda as plan makes it: clock times, the breaks, the titles in `lang`."""
    kit = plan(planning_order(s, program, lang), lib, lang)
    return [{"start": f"{a.start:%H:%M}", "end": f"{a.end:%H:%M}", "title": a.title, "kind": a.kind,
             **({"exercise": a.exercise} if a.exercise else {})} for a in kit.agenda if a.kind != "meeting"]


def why(lib: Library, exercise_id: str, s: Suggestion, lang: str) -> str:
    """'tillid · 45 min · 6–30 deltagere · efter BAR FOKA': why this exercise is in."""
    ex = lib.exercises[exercise_id]
    tr = lib.translator(lang)
    words = vocabulary()
    focus = [t for t in s.question.focus if t in ex.tags] or ex.tags[:1]
    tags = ", ".join(words[t].word(lang) for t in focus if t in words)
    people = tr.label("{min}–{max} deltagere").format(min=ex.group_size.min, max=ex.group_size.max)
    after = tr.label("efter {title}").format(title=(source_names(ex) or [""])[0])
    return f"{tags} · {ex.minutes} min · {people} · {after}"


def as_json(lib: Library, s: Suggestion, lang: str) -> dict[str, Any]:
    p = s.program
    return {"minutes": p.minutes, "budget": s.question.minutes, "exercises": list(p.exercises),
            "concepts": list(s.concepts), "agenda": agenda(lib, s, p, lang),
            "why": {e: why(lib, e, s, lang) for e in p.exercises},
            "alternatives": [list(a.exercises) for a in s.alternatives],
            "alternative_minutes": [a.minutes for a in s.alternatives]}


def order_yaml(s: Suggestion, program: Program, lang: str, workplace: str = "", team: str = "",
               core_task: str = "", when: date | None = None) -> str:
    """An order `kitgen build` accepts as it is; the names to fill in are marked."""
    q = s.question
    fields: dict[str, Any] = {
        "workplace": workplace or "Arbejdspladsens navn",
        "team": team or "Teamets navn",
        "core_task": core_task or "Skriv teamets kerneopgave med jeres egne ord.",
        "sector": q.sector, "locale": [lang], "date": (when or date.today()).isoformat(),
        "start": f"{q.start:%H:%M}", "time_budget": q.minutes, "participants": q.participants,
        "exercises": list(program.exercises), "concepts": list(s.concepts), "posters": ["core_task", "program"],
    }
    focus = ", ".join(t.value for t in q.focus)
    head = (f"# Suggested by `kitgen suggest --focus {focus} --minutes {q.minutes} "
            f"--participants {q.participants}`: {program.minutes} minutes with breaks.\n")
    if not (workplace and team and core_task):
        head += "# Write the workplace, the team and its core task in your own words, then `kitgen build` it.\n"
    return head + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=100)
