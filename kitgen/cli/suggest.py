"""`kitgen suggest`: a program for a focus, a time budget and a group."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table
from rich.text import Text

from kitgen.cli.app import app, current_workspace, out, user_errors
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _


@app.command(help=_("Suggest a program: exercises for a focus that fit the time (with breaks) and the group."))
@user_errors
def suggest(ctx: typer.Context,
            focus: List[str] = typer.Option(..., "--focus", "-f", metavar="TAG[,TAG…]",
                                            help=_("What the session is about: trust/tillid, fairness/"
                                                   "retfærdighed, conflict/konflikt … (Danish or English).")),
            minutes: int = typer.Option(..., "--minutes", "-m", metavar="N", help=_("The time budget in minutes.")),
            participants: int = typer.Option(..., "--participants", "-p", metavar="N",
                                             help=_("How many take part.")),
            sector: str = typer.Option("public", "--sector", metavar="public|private", help=_("The sector.")),
            start: str = typer.Option("09:00", "--start", metavar="HH:MM", help=_("When the session starts.")),
            locale: str = typer.Option("da", "--locale", "-l", metavar="LANG",
                                       help=_("The language of the titles and the order.")),
            as_json: bool = typer.Option(False, "--json", help=_("Machine-readable output.")),
            order: Optional[Path] = typer.Option(None, "--order", metavar="FILE",
                                                 help=_("Write the program as an order kitgen build accepts.")),
            workplace: str = typer.Option("", "--workplace", help=_("For --order: the workplace.")),
            team: str = typer.Option("", "--team", help=_("For --order: the team.")),
            core_task: str = typer.Option("", "--core-task", help=_("For --order: the team's core task.")),
            when: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                               help=_("For --order: the session's date (default: today)."))) -> None:
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.content.tags import tag_for
    from kitgen.i18n.locale import resolve_locale
    from kitgen.inputs.order_fields import SECTORS, parse_date, parse_time
    from kitgen.kit.suggest import Question
    from kitgen.kit.suggest import suggest as plan_program
    from kitgen.kit.suggest_view import agenda, order_yaml, why
    from kitgen.kit.suggest_view import as_json as to_json
    from kitgen.output import write_atomic

    lib = current_workspace(ctx).library()
    lang = resolve_locale(locale, lib.locales)
    tags = tuple(dict.fromkeys(tag_for(word.strip(), "--focus") for value in focus for word in value.split(",")
                               if word.strip()))
    problems = []
    if not 15 <= minutes <= 24 * 60:
        problems.append(Problem("--minutes", "", _("{n} is outside 15–1440 minutes").format(n=minutes)))
    if not 1 <= participants <= 500:
        problems.append(Problem("--participants", "", _("{n} is outside 1–500 participants").format(n=participants)))
    if sector.lower() not in SECTORS:
        problems.append(Problem("--sector", "", _("{s!r} is not a sector; write public or private").format(s=sector)))
    try:
        begins = parse_time(start)
        session_date = parse_date(when) if when else date.today()
    except ValueError as exc:
        raise UserError(Problem("--start" if "clock" in str(exc) else "--date", "", str(exc))) from None
    if problems:
        raise UserError(problems)
    question = Question(tags, minutes, participants, SECTORS[sector.lower()], begins)
    result = plan_program(lib, question)
    if as_json:
        out.print_json(json.dumps(to_json(lib, result, lang), ensure_ascii=False))
    else:
        _show(lib, result, lang, agenda, why)
    if order is not None:
        write_atomic(order, order_yaml(result, result.program, lang, workplace, team, core_task,
                                       session_date).encode("utf-8"))
        out.print(_("wrote {file}: build it with `kitgen build {file}`").format(file=order), markup=False)


def _show(lib, result, lang, agenda, why) -> None:  # noqa: ANN001 - the view functions, passed in
    q = result.question
    table = Table(title=_("{minutes} of {budget} minutes, {n} participants").format(
        minutes=result.program.minutes, budget=q.minutes, n=q.participants), title_justify="left")
    table.add_column(_("time"), no_wrap=True)
    table.add_column(_("item"))
    table.add_column(_("why"), style="dim")
    for item in agenda(lib, result, result.program, lang):
        reason = why(lib, item["exercise"], result, lang) if "exercise" in item else ""
        table.add_row(f"{item['start']}–{item['end']}", Text(item["title"]), Text(reason))
    out.print(table)
    if result.concepts:
        out.print(_("concepts worth introducing: {ids}").format(ids=", ".join(result.concepts)), markup=False)
    for n, alternative in enumerate(result.alternatives, 1):
        out.print(_("alternative {n} ({minutes} min): {ids}").format(
            n=n, minutes=alternative.minutes, ids=", ".join(alternative.exercises)), markup=False)
