"""The "suggest a program" page: the same planner as `kitgen suggest`."""

from __future__ import annotations

from typing import Any

from kitgen.content.schema import Tag
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _
from kitgen.inputs.order_fields import SECTORS, parse_time
from kitgen.kit.suggest import Question, Suggestion, suggest
from kitgen.kit.suggest_view import agenda, why


def _number(lists: dict[str, list[str]], name: str, lo: int, hi: int, problems: list[Problem]) -> int:
    value = (lists.get(name) or [""])[0].strip()
    if not value.isdigit() or not lo <= int(value) <= hi:
        problems.append(Problem("", name, _("write a whole number from {lo} to {hi}").format(lo=lo, hi=hi)))
        return lo
    return int(value)


def suggest_from_form(service: Any, lists: dict[str, list[str]], lang: str
                      ) -> tuple[Suggestion | None, list[Problem], list[dict[str, Any]]]:
    problems: list[Problem] = []
    focus = tuple(Tag(t) for t in lists.get("focus", []) if t in {x.value for x in Tag})
    if not focus:
        problems.append(Problem("", "focus", _("choose at least one focus")))
    minutes = _number(lists, "minutes", 15, 24 * 60, problems)
    participants = _number(lists, "participants", 1, 500, problems)
    sector = SECTORS.get((lists.get("sector") or ["public"])[0], "public")
    try:
        start = parse_time((lists.get("start") or ["09:00"])[0])
    except ValueError as exc:
        problems.append(Problem("", "start", str(exc)))
        start = parse_time("09:00")
    if problems:
        return None, problems, []
    lib = service.library()
    try:
        result = suggest(lib, Question(focus, minutes, participants, sector, start))
    except UserError as exc:
        return None, list(exc.problems), []
    views = []
    for program in (result.program, *result.alternatives):
        views.append({"program": program, "agenda": agenda(lib, result, program, lang),
                      "why": {e: why(lib, e, result, lang) for e in program.exercises},
                      "link": "/kit?" + "&".join([f"exercises={','.join(program.exercises)}",
                                                  f"participants={participants}", f"time_budget={minutes}",
                                                  f"start={start:%H:%M}", f"sector={sector}",
                                                  f"concepts={','.join(result.concepts)}"])})
    return result, [], views
