"""`kitgen list` and `kitgen show`: the content library."""

from __future__ import annotations

import json
from enum import Enum
from typing import Any, Mapping, Optional

import typer
from rich.table import Table

from kitgen.cli.app import app, current_workspace, out, user_errors, warn
from kitgen.content.schema import Item
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
          tag: Optional[str] = typer.Option(None, "--tag", "-t", help=_("Only items with this tag.")),
          as_json: bool = typer.Option(False, "--json", help=_("Machine-readable output."))) -> None:
    """List the exercises, concepts, modules or courses in the content library."""
    from kitgen.content.library import with_tag
    from kitgen.i18n.locale import resolve_locale

    lib = current_workspace(ctx).library()
    tr = lib.translator(resolve_locale(locale, lib.locales))
    tables: dict[Kind, Mapping[str, Item]] = {Kind.exercises: lib.exercises, Kind.concepts: lib.concepts,
                                             Kind.modules: lib.modules, Kind.courses: lib.courses}
    table_ = tables[kind]
    items = with_tag(table_.values(), tag)
    rows: list[dict[str, Any]] = [{"id": i.id, "title": tr.content(f"{i.key}:title", i.title),
             "minutes": getattr(i, "minutes", None), "tags": [t.value for t in i.tags]}
            for i in items]
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=_(_LISTED[kind]).format(n=len(rows)), title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    # NOTE: columns of `kitgen list`: an item's title, its minutes, its tags
    table.add_column(_("title"))
    if kind is Kind.exercises:
        table.add_column(_("min"), justify="right")
    table.add_column(_("tags"), style="dim")
    for r in rows:
        cells = [r["id"], r["title"]] + ([str(r["minutes"])] if kind is Kind.exercises else [])
        table.add_row(*cells, ", ".join(r["tags"]))
    out.print(table)
    warn(tr.check())


class ShowKind(str, Enum):
    exercise = "exercise"
    concept = "concept"
    module = "module"
    course = "course"


# The heading of `kitgen show`.
_SHOWN = {ShowKind.exercise: N_("exercise {id}  ({file})"), ShowKind.concept: N_("concept {id}  ({file})"),
          ShowKind.module: N_("module {id}  ({file})"), ShowKind.course: N_("course {id}  ({file})")}


@app.command(help=_("Show one item of the content library, translated."))
@user_errors
def show(ctx: typer.Context,
         kind: ShowKind = typer.Argument(..., help=_("exercise, concept, module or course.")),
         item_id: str = typer.Argument(..., metavar="ID", help=_("The item's id.")),
         locale: str = typer.Option("da", "--locale", "-l", help=_("Language to show."))) -> None:
    """Show one item of the content library, translated."""
    from kitgen.content.schema import iter_texts, text_key
    from kitgen.i18n.locale import resolve_locale
    from kitgen.inputs.yamlsource import format_path

    lib = current_workspace(ctx).library()
    item = lib.get(kind.value, item_id)
    tr = lib.translator(resolve_locale(locale, lib.locales))
    out.print(_(_SHOWN[kind]).format(id=item.id, file=lib.files[item.key]), style="bold", markup=False)
    facts = {k: v for k, v in item.model_dump(mode="json", exclude_none=True).items()
             if k in ("kind", "minutes", "prep_minutes", "group_size", "tags", "sectors",
                      "concepts", "course", "number", "start")}
    for k, v in facts.items():
        out.print(f"  {k}: {v}", markup=False)
    for path, text in iter_texts(item):
        out.print(f"[cyan]{format_path(path)}[/cyan]: ", end="")
        out.print(tr.content(text_key(item, path), text), markup=False)
    warn(tr.check())

