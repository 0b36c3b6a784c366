"""Program suggestions: a focus, a time budget and a group size -> a program.

"Trust is low after a reorganisation; we have three hours; 14 people." The
planner picks exercises whose group size fits, that are written for the sector,
that cover every focus, in a sensible flow: an opening that anchors the core
task, the focus exercises, optionally a closing exercise before the wrap-up
(which always ends with agreements and the action plan). Never two variants of
one tool (content `family`). The whole program, with the welcome, the wrap-up
and the breaks kitgen.kit.agenda inserts, fits the budget and fills at least
three quarters of it. Deterministic: ties go to the lower id.

How: the main exercises are chosen by a knapsack over 5-minute units with one
item per family (an exercise without a family is its own), for a few choices
of opening and closing; the capacity is lowered until the exact program with
its breaks fits. Two alternatives leave out the main exercises chosen before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from typing import Sequence

from kitgen.content.library import Library
from kitgen.content.schema import Exercise, Phase, Tag
from kitgen.content.tags import vocabulary
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _, current_language
from kitgen.kit.agenda import WELCOME_MINUTES, WRAPUP_MINUTES, session_minutes

ELEMENTS = (Tag.trust, Tag.fairness, Tag.cooperation)
UNIT = 5  # minutes: the knapsack's resolution
FILL = 0.75  # a suggestion fills at least this share of the budget


@dataclass(frozen=True)
class Question:
    focus: tuple[Tag, ...]
    minutes: int
    participants: int
    sector: str = "public"
    start: time = time(9, 0)


@dataclass(frozen=True)
class Program:
    exercises: tuple[str, ...]
    minutes: int  # the whole session: welcome, exercises, breaks, wrap-up
    covered: tuple[Tag, ...]
    score: float = 0.0


@dataclass(frozen=True)
class Suggestion:
    question: Question
    program: Program
    concepts: tuple[str, ...]
    alternatives: tuple[Program, ...] = field(default=())


def _score(ex: Exercise, focus: Sequence[Tag]) -> float:
    """How well an exercise serves the focus: a focus tag counts, more so as one of
    its first two tags (what it is mainly about); the three elements a little."""
    score = 0.0
    for tag in focus:
        if tag in ex.tags:
            score += 4.0 + (2.0 if ex.tags.index(tag) < 2 else 0.0)
    return score + sum(tag in ex.tags for tag in ELEMENTS)


def _opening_score(ex: Exercise, focus: Sequence[Tag], scores: dict[str, float]) -> float:
    """An opening should anchor the core task."""
    return scores[ex.id] + (6.0 if Tag.core_task in ex.tags else 0.0)


def _fits(ex: Exercise, q: Question) -> bool:
    return (ex.group_size.min <= q.participants <= ex.group_size.max
            and q.sector in {s.value for s in ex.sectors})


def _family(ex: Exercise) -> str:
    return ex.family or f"#{ex.id}"


def _knapsack(groups: list[list[Exercise]], capacity: int, scores: dict[str, float]) -> list[Exercise]:
    """At most one exercise per group, minutes (in UNITs) at most `capacity`,
    the largest total score; ties to the earlier groups' and items' order."""
    size = capacity + 1
    best = [0.0] * size  # best[c]: the largest score within c units, over the groups so far
    picks: list[list[int]] = []  # per group and capacity: the item taken, or -1
    for group in groups:
        new, pick = best[:], [-1] * size
        for k, ex in enumerate(group):
            w, s = -(-ex.minutes // UNIT), scores[ex.id]
            for c in range(w, size):
                value = best[c - w] + s
                if value > new[c] + 1e-9:
                    new[c], pick[c] = value, k
        best = new
        picks.append(pick)
    chosen, c = [], capacity
    for group, pick in zip(reversed(groups), reversed(picks)):
        if pick[c] >= 0:
            ex = group[pick[c]]
            chosen.append(ex)
            c -= -(-ex.minutes // UNIT)
    return chosen[::-1]


def _program(q: Question, opening: Exercise | None, closing: Exercise | None, mains: list[Exercise],
             scores: dict[str, float], forced: list[Exercise]) -> Program | None:
    fixed = [e for e in (opening, *forced) if e is not None]
    end = [closing] if closing else []
    used = {_family(e) for e in fixed + end}
    groups: dict[str, list[Exercise]] = {}
    for ex in mains:
        if _family(ex) not in used and ex not in forced:
            groups.setdefault(_family(ex), []).append(ex)
    base = sum(e.minutes for e in fixed + end)
    capacity = (q.minutes - WELCOME_MINUTES - WRAPUP_MINUTES - base) // UNIT
    while capacity >= 0:
        chosen = _knapsack(list(groups.values()), capacity, scores)
        exercises = fixed + _ordered(chosen, q.focus) + end
        total = session_minutes([e.minutes for e in exercises], q.start)
        if total <= q.minutes:
            covered = tuple(t for t in q.focus if any(t in e.tags for e in exercises))
            score = sum(scores[e.id] for e in exercises) + 12.0 * len(covered) + 20.0 * total / q.minutes
            return Program(tuple(e.id for e in exercises), total, covered, score)
        capacity -= max(1, (total - q.minutes) // UNIT)
    return None


def _ordered(mains: list[Exercise], focus: Sequence[Tag]) -> list[Exercise]:
    """Check-in rounds first; then the first focus's exercises, longer ones before
    shorter; then by id."""
    def key(ex: Exercise) -> tuple:
        first = next((i for i, t in enumerate(focus) if t in ex.tags), len(focus))
        return (ex.phase is not Phase.opening, first, -ex.minutes, ex.id)
    return sorted(mains, key=key)


def _best(q: Question, candidates: list[Exercise], scores: dict[str, float],
          exclude: set[str]) -> Program | None:
    pool = [e for e in candidates if e.id not in exclude]
    # An opening anchors the core task; other openings (check-in rounds) serve as main exercises.
    openings = sorted((e for e in pool if e.phase is Phase.opening and Tag.core_task in e.tags
                       and e.minutes <= q.minutes // 2),
                      key=lambda e: (-_opening_score(e, q.focus, scores), e.id))[:6]
    closings = [e for e in pool if e.phase is Phase.closing][:2] if q.minutes >= 150 else []
    mains = [e for e in pool if e.phase is Phase.main or (e.phase is Phase.opening and e not in openings)][:40]
    found = []
    for opening in [*openings, None]:
        for closing in [*closings, None]:
            program = _covering(q, opening, closing, mains, scores)
            if program is not None:
                found.append((program, opening is not None))
    if not found:
        return None
    # A program that covers the focus and fills the time first; then one that opens
    # by anchoring the core task (the flow); then the best score.
    program, _ = max(found, key=lambda pair: (_valid(q, pair[0]), pair[1], pair[0].score))
    return program


def _covering(q: Question, opening: Exercise | None, closing: Exercise | None, mains: list[Exercise],
              scores: dict[str, float]) -> Program | None:
    """The best program for these ends; a focus the knapsack left uncovered gets its best exercise."""
    forced: list[Exercise] = []
    program = _program(q, opening, closing, mains, scores, forced)
    while program is not None and len(program.covered) < len(q.focus):
        missing = next(t for t in q.focus if t not in program.covered)
        extra = next((e for e in mains if missing in e.tags and e not in forced), None)
        if extra is None:
            break
        forced.append(extra)
        program = _program(q, opening, closing, mains, scores, forced) or program
        if extra.id not in program.exercises:
            break
    return program


def _valid(q: Question, program: Program) -> bool:
    return len(program.covered) == len(q.focus) and program.minutes >= FILL * q.minutes


def suggest(lib: Library, q: Question) -> Suggestion:
    """The best program for the question and two that differ from it, or a
    UserError saying why nothing fits and what would."""
    scores = {ex.id: _score(ex, q.focus) for ex in lib.exercises.values()}
    # Checklists are tools for leaders and projects, not workshop exercises.
    candidates = sorted((ex for ex in lib.exercises.values() if _fits(ex, q) and ex.kind == "exercise"),
                        key=lambda ex: (-scores[ex.id], ex.id))
    best = _best(q, candidates, scores, set())
    if best is None or not _valid(q, best):
        raise UserError(_nothing_fits(lib, q, candidates, best))
    alternatives: list[Program] = []
    exclude: set[str] = set()
    for _round in range(2):
        exclude |= set(_mains(lib, (best, *alternatives)[-1]))
        other = _best(q, candidates, scores, exclude)
        if other is not None and _valid(q, other) and other.exercises not in (
                best.exercises, *(a.exercises for a in alternatives)):
            alternatives.append(other)
    return Suggestion(q, best, _concepts(lib, q, best), tuple(alternatives))


def _mains(lib: Library, program: Program) -> list[str]:
    """The program's exercises but its core-task opening and its closing exercise."""
    def end(eid: str) -> bool:
        ex = lib.exercises[eid]
        return ex.phase is Phase.closing or (ex.phase is Phase.opening and Tag.core_task in ex.tags)
    return [e for e in program.exercises if not end(e)]


def _concepts(lib: Library, q: Question, program: Program) -> tuple[str, ...]:
    """Up to two concepts worth introducing: on the focus, used by the exercises first."""
    used = [c for e in program.exercises for c in lib.exercises[e].concepts]
    def key(cid: str) -> tuple:
        tags = lib.concepts[cid].tags
        first = min(tags.index(t) for t in q.focus if t in tags)
        return (-sum(t in tags for t in q.focus), first, cid not in used, cid)
    found = [c for c in lib.concepts if c != "social_capital" and any(t in lib.concepts[c].tags for t in q.focus)]
    return tuple(sorted(found, key=key)[:2])


def _nothing_fits(lib: Library, q: Question, candidates: list[Exercise], best: Program | None) -> list[Problem]:
    """Why no program fits, and what would."""
    problems = []
    everyone = [ex for ex in lib.exercises.values() if ex.kind == "exercise"]
    nobody_fits = not any(ex.group_size.min <= q.participants <= ex.group_size.max for ex in everyone)
    if nobody_fits:
        largest = max(ex.group_size.max for ex in everyone)
        problems.append(Problem("--participants", "", _(
            "no exercise works for {n} people; the largest group any takes is {largest}: split into groups "
            "of at most {largest}, each with its own session").format(n=q.participants, largest=largest)))
    # Every reason at once: when no exercise fits the group, the time is judged by
    # the exercises on the focus whatever their group size (20 minutes is too
    # short for 200 people as for 14).
    on_focus = [ex for ex in everyone if any(t in ex.tags for t in q.focus)] or everyone
    shortest = min((ex.minutes for ex in (candidates or on_focus)), default=None)
    if shortest is not None:
        least = session_minutes([shortest], q.start)
        if least > q.minutes:
            problems.append(Problem("--minutes", "", _(
                "{minutes} minutes is too short: the shortest program (welcome {welcome}, an exercise of "
                "{shortest}, wrap-up {wrapup}) takes {least} minutes; give at least {least}").format(
                minutes=q.minutes, welcome=WELCOME_MINUTES, shortest=shortest, wrapup=WRAPUP_MINUTES,
                least=least)))
    for tag in q.focus if not nobody_fits else ():  # no exercise at all fits: said above
        if not any(tag in ex.tags for ex in candidates):
            problems.append(Problem("--focus", "", _(
                "no exercise on {focus} works for {n} people in the {sector} sector").format(
                focus=vocabulary()[tag].word(current_language()) if tag in vocabulary() else tag.value,
                n=q.participants, sector=_("public") if q.sector == "public" else _("private"))))
    if not problems and best is not None and best.minutes < FILL * q.minutes:
        problems.append(Problem("--minutes", "", _(
            "the exercises that fit fill only {filled} of {minutes} minutes; ask for at most {filled} minutes, "
            "or a broader focus").format(filled=best.minutes, minutes=q.minutes)))
    if not problems:
        problems.append(Problem("--focus", "", _("no program covers every focus within the time; ask for fewer "
                                                  "foci or more time")))
    return problems

