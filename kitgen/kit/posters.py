"""The wall posters of a kit: what each shows, every text final."""

from __future__ import annotations

from typing import Mapping

from kitgen.content.library import Library
from kitgen.i18n import bidi
from kitgen.kit import model
from kitgen.kit.localise import Localiser, sources


def poster(kind: str, kit: model.Kit, lib: Library, loc: Localiser,
           t: Mapping[str, str]) -> model.PosterPage:
    """The core-task poster, the program, or an exercise's or concept's poster variant."""
    # Names in Arabic are isolated: the separators and the date stay in the line's order.
    header = " · ".join(bidi.isolate(x) for x in (kit.workplace, kit.team) if x)
    if kind == "core_task":
        return model.PosterPage(
            kind="core_task", name="core_task", eyebrow=t["Vores kerneopgave"], title=kit.core_task,
            lines=(t["Tillid"], t["Retfærdighed"], t["Samarbejde"]),
            note=t["Vi bruger kerneopgaven som pejlemærke, når vi prioriterer, samarbejder og "
                   "træffer beslutninger."], footer=header, field="core_task")
    if kind == "program":
        return model.PosterPage(
            kind="program", name="program", eyebrow=f"{header} · {kit.date_text}",
            title=kit.session_title, lines=(),
            rows=tuple((a.time_range, f"{a.number}. {a.title}" if a.number else a.title)
                       for a in kit.agenda),
            headings=tuple(i for i, a in enumerate(kit.agenda) if a.kind == "meeting"),
            footer=header, field="title")
    item = lib.exercises.get(kind) or lib.concepts[kind]
    assert item.poster is not None  # the order checked it
    found = sources(item, loc, t)
    return model.PosterPage(
        kind="exercise", name=item.id, eyebrow=loc.get(item, "title"),
        title=loc.get(item, "poster", "title"),
        lines=tuple(loc.get(item, "poster", "lines", i) for i in range(len(item.poster.lines))),
        note=found[0] if found else "", footer=header, field=f"{item.key}:poster")
