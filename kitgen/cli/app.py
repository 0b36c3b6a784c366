"""The command line's frame: the Typer app, its consoles, and how it ends.

A user mistake (a UserError) prints every problem and exits 1, without a
traceback. Anything else is a bug in kitgen: a short message, the traceback
written to a file in the user cache, and exit code 70 (EX_SOFTWARE), so that
scripts and the web app can tell the two apart.
"""

from __future__ import annotations

import functools
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional, TypeVar

import typer
from rich.console import Console

from kitgen import __version__
from kitgen.cli.click_words import localise_click_and_typer
from kitgen.errors import UserError
from kitgen.i18n.messages import _, language_from_environment, set_language

if TYPE_CHECKING:
    from kitgen.workspace import Workspace

EXIT_USER, EXIT_BUG, EXIT_INTERRUPTED = 1, 70, 130


def language_from_argv(argv: list[str]) -> str | None:
    """The --lang of a command line, read before the commands are defined so that
    their --help is in that language too."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


# The messages' language before anything else: --help texts are made as the
# commands are defined, below and in the command modules.
set_language(language_from_argv(sys.argv) or language_from_environment())
localise_click_and_typer()  # "Usage:", "Options", "No such option" in that language too

app = typer.Typer(help=_("Build workshop kits on social capital for Danish workplaces."),
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
i18n_app = typer.Typer(help=_("Translation catalogs: extract, update, compile, stats."),
                       no_args_is_help=True)
app.add_typer(i18n_app, name="i18n")

# User text is printed with markup=False everywhere: a team called "[/]" is a name.
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


def report(exc: UserError) -> None:
    for problem in exc.problems:
        err.print(_("error: ") + str(problem), markup=False, style="red")
    err.print(f"kitgen: {exc.summary}", markup=False, style="bold red")


def crash_report(exc: BaseException) -> str:
    """Write the traceback where a user can find it and send it on; returns the path."""
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.paths import cache_dir

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        folder = cache_dir("crashes")
        path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}-{id(exc):x}.txt"
        path.write_text(f"kitgen {__version__}\n{' '.join(sys.argv)}\n\n{text}", encoding="utf-8")
        return str(path)
    except OSError:
        sys.stderr.write(text)
        return "the output above"


def user_errors(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except UserError as exc:
            report(exc)
            raise typer.Exit(EXIT_USER) from None
        except KeyboardInterrupt:
            err.print(_("kitgen: interrupted; nothing half-written was left behind"), style="red")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug in kitgen, not the user's mistake
            where = crash_report(exc)
            err.print(_("kitgen: this is a bug in kitgen ({error}); the details are in {file} – please send "
                        "them to the kitgen developers").format(error=f"{type(exc).__name__}: {exc}", file=where),
                      markup=False, style="bold red")
            raise typer.Exit(EXIT_BUG) from None
    return wrapper  # type: ignore[return-value]


def warn(lines: Iterable[str]) -> None:
    for line in lines:
        err.print(_("warning: ") + line, markup=False, style="yellow")


def _version(value: bool) -> None:
    if value:
        out.print(f"kitgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(ctx: typer.Context,
          version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help=_("Show the version and exit.")),
          workspace: Optional[Path] = typer.Option(
              None, "--workspace", "-w", metavar="DIR",
              help=_("The workspace (a folder with kitgen.toml; default: the nearest one from here).")),
          lang: Optional[str] = typer.Option(
              None, "--lang", metavar="da|en|sv|nb|de",
              help=_("The language of kitgen's messages (default: from LANG).")),
          ) -> None:
    """kitgen: order -> plan -> builders -> files."""
    ctx.obj = {"workspace": workspace}
    if lang:
        set_language(lang)


def current_workspace(ctx: typer.Context) -> Workspace:
    """The workspace a command works in (found once per command)."""
    from kitgen.workspace import find  # the edges import the core when a command runs

    obj = ctx.find_root().obj or {}
    if "found" not in obj:
        obj["found"] = find(explicit=obj.get("workspace"))
        ctx.find_root().obj = obj
    return obj["found"]

