"""`kitgen list` and `kitgen show`: the content library.

Both are the web library's twins: `list` filters with content/search (the
picker's filters), `show` prints kit/describe (what the library page shows).
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any, List, Optional

import typer
from rich.table import Table

from kitgen.cli.app import app, current_workspace, out, user_errors, warn
from kitgen.i18n.messages import N_, _


class Kind(str, Enum):
    exercises = "exercises"
    concepts = "concepts"
    modules = "modules"
    courses = "courses"


# The title of `kitgen list`'s table.
_LISTED = {Kind.exercises: N_("{n} exercises"), Kind.concepts: N_("{n} concepts"),
           Kind.modules: N_("{n} modules"), Kind.courses: N_("{n} courses")}


@app.command("list", help=_("List the exercises, concepts, modules or courses in the content library."))
@user_errors
def list_(ctx: typer.Context, kind: Kind = typer.Argument(..., help=_("What to list.")),
          locale: str = typer.Option("da", "--locale", "-l", help=_("Language of the titles.")),
          tag: Optional[List[str]] = typer.Option(
              None, "--tag", "-t", metavar="FOCUS",
              help=_("Only items with this tag, in Danish or English (tillid, trust …); "
                     "give it again for items with every one.")),
          max_minutes: Optional[int] = typer.Option(None, "--max-minutes", metavar="N",
                                                    help=_("Only exercises and modules of at most N minutes.")),
          participants: Optional[int] = typer.Option(None, "--participants", metavar="N",
                                                     help=_("Only exercises that work for N people.")),
          source: Optional[str] = typer.Option(None, "--source", metavar="TEXT",
                                               help=_("Only items after this source (BAR FOKA, Edmondson …).")),
          text: Optional[str] = typer.Option(None, "--search", "-s", metavar="WORDS",
                                             help=_("Only items with these words in the title or summary.")),
          as_json: bool = typer.Option(False, "--json", help=_("Machine-readable output."))) -> None:
    """List the exercises, concepts, modules or courses in the content library."""
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.content.schema import Exercise
    from kitgen.content.search import Query, search
    from kitgen.content.tags import tag_for
    from kitgen.errors import UserError
    from kitgen.i18n.locale import resolve_locale

    lib = current_workspace(ctx).library()
    lang = resolve_locale(locale, lib.locales)
    tr = lib.translator(lang)
    problems = []
    tags = []
    for word in tag or ():
        try:
            tags.append(tag_for(word, "--tag"))
        except UserError as exc:
            problems += exc.problems
    if problems:
        raise UserError(problems)
    query = Query(kind=kind.value, tags=tuple(tags), max_minutes=max_minutes, participants=participants,
                  source=source or "", text=text or "")
    rows: list[dict[str, Any]] = []
    for item in search(lib, query, tr):
        row: dict[str, Any] = {"id": item.id, "title": tr.content(f"{item.key}:title", item.title),
                               "minutes": getattr(item, "minutes", None), "tags": [t.value for t in item.tags]}
        if isinstance(item, Exercise):
            row["group_size"] = [item.group_size.min, item.group_size.max]
        rows.append(row)
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    out.print(_table(kind, rows, lang))
    if not rows:
        out.print(_("nothing matches; leave out a filter to see more"), markup=False)
    warn(tr.check())


def _table(kind: Kind, rows: list[dict[str, Any]], lang: str) -> Table:
    """`kitgen list` as a person reads it: id, title, minutes and group size where
    the kind has them, tags in the chosen language."""
    from kitgen.content.tags import vocabulary  # lazy: start-up, as in list_

    words = vocabulary()
    table = Table(title=_(_LISTED[kind]).format(n=len(rows)), title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    # NOTE: columns of `kitgen list`: an item's title, its minutes, its group size, its tags
    table.add_column(_("title"))
    timed = kind in (Kind.exercises, Kind.modules)
    if timed:
        table.add_column(_("min"), justify="right")
    if kind is Kind.exercises:
        table.add_column(_("people"), justify="right", no_wrap=True)
    table.add_column(_("tags"), style="dim")
    for r in rows:
        cells = [r["id"], r["title"]]
        if timed:
            cells.append(str(r["minutes"] or ""))
        if kind is Kind.exercises:
            cells.append("{0}–{1}".format(*r["group_size"]))
        shown_tags = [words[t].word(lang) if t in words else t.value
                      for t in (next(x for x in words if x.value == v) for v in r["tags"])]
        table.add_row(*cells, ", ".join(shown_tags))
    return table


class ShowKind(str, Enum):
    exercise = "exercise"
    concept = "concept"
    module = "module"
    course = "course"


# The heading of `kitgen show --fields`.
_SHOWN = {ShowKind.exercise: N_("exercise {id}  ({file})"), ShowKind.concept: N_("concept {id}  ({file})"),
          ShowKind.module: N_("module {id}  ({file})"), ShowKind.course: N_("course {id}  ({file})")}


@app.command(help=_("Show one item of the content library as a facilitator reads it, translated."))
@user_errors
def show(ctx: typer.Context,
         kind: ShowKind = typer.Argument(..., help=_("exercise, concept, module or course.")),
         item_id: str = typer.Argument(..., metavar="ID", help=_("The item's id.")),
         locale: str = typer.Option("da", "--locale", "-l", help=_("Language to show.")),
         order_file: Optional[Path] = typer.Option(
             None, "--order", metavar="FILE",
             help=_("Fill in the team's names and core task from this order.")),
         fields: bool = typer.Option(False, "--fields",
                                     help=_("Every text field by its path, as translators and authors see it."))
         ) -> None:
    """Show one item of the content library as a facilitator reads it, translated."""
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.i18n.locale import resolve_locale

    lib = current_workspace(ctx).library()
    item = lib.get(kind.value, item_id)
    lang = resolve_locale(locale, lib.locales)
    tr = lib.translator(lang)
    if fields:
        _show_fields(kind, item, lib, tr)
    else:
        from kitgen.inputs.order import load_order
        from kitgen.kit.describe import describe

        order = load_order(order_file, lib) if order_file else None
        d = describe(lib, item, lang, order)
        out.print(d.title, style="bold", markup=False)
        if d.summary:
            out.print(d.summary, markup=False)
        for label, value in d.facts:
            out.print(f"[dim]{label}:[/dim] ", end="")
            out.print(value, markup=False)
        for section in d.sections:
            out.print()
            if section.heading:
                out.print(section.heading, style="bold", markup=False)
            for n, line in enumerate(section.lines, 1):
                if section.numbered:
                    out.print(f"  {n}. {line}", markup=False)
                elif line.startswith("– "):  # a question under its heading
                    out.print(f"    {line}", markup=False)
                elif line.endswith(":"):  # a heading of questions
                    out.print(f"  {line}", markup=False)
                else:
                    out.print(f"  • {line}", markup=False)
    warn(tr.check())


def _show_fields(kind: ShowKind, item: Any, lib: Any, tr: Any) -> None:
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.content.schema import iter_texts, text_key
    from kitgen.inputs.yamlsource import format_path

    out.print(_(_SHOWN[kind]).format(id=item.id, file=lib.files[item.key]), style="bold", markup=False)
    facts = {k: v for k, v in item.model_dump(mode="json", exclude_none=True).items()
             if k in ("kind", "minutes", "prep_minutes", "group_size", "tags", "sectors",
                      "concepts", "course", "number", "start")}
    for k, v in facts.items():
        out.print(f"  {k}: {v}", markup=False)
    for path, text in iter_texts(item):
        out.print(f"[cyan]{format_path(path)}[/cyan]: ", end="")
        out.print(tr.content(text_key(item, path), text), markup=False)
