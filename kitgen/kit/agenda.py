"""The session's program: blocks, the breaks kitgen inserts, and clock times.

A team session is a welcome, the exercises and a wrap-up, with a break
whenever more than 90 minutes would run without one (lunch instead when the
break falls around noon in a long day). A module brings its own timed blocks;
a `meeting` block starts the clock again for the next meeting of a process.
The planner (kitgen.kit.suggest) uses the same rules to know what a program
of exercises takes with its breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Mapping, Sequence

from kitgen.i18n.locale import Formatter
from kitgen.kit import model

WELCOME_MINUTES = 15
WRAPUP_MINUTES = 20
BREAK_MINUTES = 15
LUNCH_MINUTES = 30
MAX_STRETCH = 90  # minutes of work before a break is due
MIN_STRETCH = 45  # never break after less than this (not right after the welcome)
LUNCH_FROM, LUNCH_TO = time(11, 0), time(13, 0)
LUNCH_DAY = 300  # minutes: a day this long gets lunch


@dataclass(frozen=True)
class Block:
    kind: str  # welcome | exercise | talk | plenary | break | lunch | checkout | wrapup | meeting
    title: str
    minutes: int
    exercise: str | None = None
    concept: str | None = None
    text: str = ""


def add_minutes(start: time, minutes: int) -> time:
    return (datetime.combine(datetime(2000, 1, 1), start) + timedelta(minutes=minutes)).time()


def session(exercises: Sequence[tuple[str, str, int]], labels: Mapping[str, str]) -> list[Block]:
    """A team session of (id, title, minutes) exercises, before breaks."""
    blocks = [Block("welcome", labels["Velkomst og formål"], WELCOME_MINUTES)]
    blocks += [Block("exercise", title, minutes, exercise_id) for exercise_id, title, minutes in exercises]
    blocks.append(Block("wrapup", labels["Opsamling, aftaler og handleplan"], WRAPUP_MINUTES))
    return blocks


def with_breaks(blocks: list[Block], start: time, labels: Mapping[str, str]) -> list[Block]:
    """Insert a break whenever more than MAX_STRETCH minutes would run without one.

    The break that falls between 11:00 and 13:00 in a session of five hours or
    more becomes lunch.
    """
    total = sum(b.minutes for b in blocks)
    if total <= MAX_STRETCH:
        return blocks
    out: list[Block] = []
    stretch = elapsed = 0
    had_lunch = False
    for block in blocks:
        due = stretch >= MIN_STRETCH and (
            stretch + block.minutes > MAX_STRETCH if block.kind != "wrapup" else stretch > MAX_STRETCH)
        if due:
            clock = add_minutes(start, elapsed)
            if total >= LUNCH_DAY and not had_lunch and LUNCH_FROM <= clock <= LUNCH_TO:
                brk = Block("lunch", labels["Frokost"], LUNCH_MINUTES)
                had_lunch = True
            else:
                brk = Block("break", labels["Pause"], BREAK_MINUTES)
            out.append(brk)
            elapsed += brk.minutes
            stretch = 0
        out.append(block)
        elapsed += block.minutes
        stretch += block.minutes
    return out


_PLAIN = {"Velkomst og formål": "", "Opsamling, aftaler og handleplan": "", "Frokost": "", "Pause": ""}


def session_minutes(exercise_minutes: Sequence[int], start: time) -> int:
    """What a team session of exercises takes, with welcome, wrap-up and breaks."""
    blocks = session([("", "", m) for m in exercise_minutes], _PLAIN)
    return sum(b.minutes for b in with_breaks(blocks, start, _PLAIN))


def clock(blocks: list[Block], start: time, fmt: Formatter,
          numbers: Mapping[str, int]) -> tuple[model.AgendaItem, ...]:
    """The agenda: each block with its clock times, as the language writes them."""
    items = []
    now = start
    for b in blocks:
        if b.kind == "meeting":  # a new meeting of the process: the clock starts again
            now = start
            items.append(model.AgendaItem(kind="meeting", title=b.title, start=start, end=start,
                                          minutes=0, time_range="", duration="", text=b.text))
            continue
        end = add_minutes(now, b.minutes)
        items.append(model.AgendaItem(
            kind=b.kind, title=b.title, start=now, end=end, minutes=b.minutes,
            time_range=fmt.time_range(now, end), duration=fmt.minutes(b.minutes),
            end_text=fmt.time(end), exercise=b.exercise, number=numbers.get(b.exercise or ""),
            concept=b.concept, text=b.text))
        now = end
    return tuple(items)


def meetings(agenda: Sequence[model.AgendaItem]) -> list[list[model.AgendaItem]]:
    """The agenda split at its meeting blocks (one group when there are none)."""
    groups: list[list[model.AgendaItem]] = [[]]
    for item in agenda:
        if item.kind == "meeting" and groups[-1]:
            groups.append([])
        groups[-1].append(item)
    return groups


def spans(agenda: Sequence[model.AgendaItem]) -> tuple[int, int]:
    """(minutes of the first meeting, minutes of the longest meeting): the
    session's end is the first meeting's; no meeting may run past midnight."""
    total = sum(a.minutes for a in agenda)
    first = total
    if any(a.kind == "meeting" for a in agenda[1:]):
        later = next(i for i, a in enumerate(agenda) if i and a.kind == "meeting")
        first = sum(a.minutes for a in agenda[:later])
    return first, max([first] + [sum(a.minutes for a in group) for group in meetings(agenda)])
