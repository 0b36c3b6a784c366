"""click's and Typer's own words in the user's language: "Usage:", "Options",
"Show this message and exit.", "No such option: --x" and the like.

click and Typer translate through the standard library's gettext, in a domain
kitgen has no catalog for, so a Danish HR partner met English around Danish
help texts. Their modules' `_` and `ngettext` are pointed at kitgen's own
messages (which follow --lang and LANG), and the panel titles Typer made when
it was imported are made again. The words are listed below with N_ so that
`kitgen i18n extract` keeps them in the messages catalog, where they are
translated like every other message. A word not listed stays English.
"""

from __future__ import annotations

from importlib import import_module

from kitgen.i18n.messages import N_, _

# The modules of click and Typer that say something to the user.
_MODULES = ("click.core", "click.exceptions", "click.types", "click.decorators", "click.formatting",
            "click.parser", "click.termui", "typer.core", "typer.main", "typer.rich_utils")

# Typer's panel titles and markers: made once, at import (typer/rich_utils.py).
_TYPER_CONSTANTS = {
    "DEPRECATED_STRING": N_("(deprecated) "), "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"), "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"), "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"), "ERRORS_PANEL_TITLE": N_("Error"), "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}

# What click and Typer say at run time (their source's own wording, which is the msgid).
WORDS = (
    N_("Usage:"), N_("Show this message and exit."), N_("Show the version and exit."),
    N_("Try '{command} {option}' for help."), N_("Aborted!"), N_("Error: {message}"),
    N_("No such option: {name}"), N_("Did you mean {possibility}?"), N_("(Possible options: {possibilities})"),
    N_("No such command {name!r}."), N_("Missing command."),
    N_("Missing argument"), N_("Missing option"), N_("Missing parameter"), N_("Missing parameter: {param_name}"),
    N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"),
    N_("Got unexpected extra argument ({args})"), N_("Got unexpected extra arguments ({args})"),
    N_("Option {name!r} requires an argument."), N_("Option {name!r} requires {nargs} arguments."),
    N_("Option {name!r} does not take a value."),
    N_("{value!r} is not a valid {number_type}."), N_("{value!r} is not a valid boolean."),
    N_("{value!r} is not {choice}."), N_("{value!r} is not one of {choices}."),
    N_("{value} is not in the range {range}."), N_("Choose from:\n\t{choices}"),
    N_("file"), N_("directory"), N_("path"),
    N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."), N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("default: {default}"), N_("required"), N_("env var: {var}"), N_("(dynamic)"),
)


def _ngettext(singular: str, plural: str, n: int) -> str:
    # Danish counts as English does: one form for 1, the other for the rest.
    return _(singular if n == 1 else plural)


def localise_click_and_typer() -> None:
    """Call once the messages' language is set (kitgen.cli.app does, at import)."""
    for name in _MODULES:
        module = import_module(name)
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
    rich_utils = import_module("typer.rich_utils")
    for constant, words in _TYPER_CONSTANTS.items():
        setattr(rich_utils, constant, _(words))
