"""One error hierarchy. A UserError is printed without a traceback."""

from __future__ import annotations

from dataclasses import dataclass


class KitgenError(Exception):
    """Base of every error kitgen raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    where: str  # "orders/x.yaml:12", "teams.xlsx: row 14"
    field: str  # "steps[2].minutes" or "" when the whole file is at fault
    message: str
    column: str = ""  # a team sheet's column, for tables (`where` already names it in words)

    def __str__(self) -> str:
        parts = [self.where]
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(p for p in parts if p)


class UserError(KitgenError):
    """A mistake in what the user gave us: every problem at once, no traceback."""

    def __init__(self, problems: list[Problem] | Problem | str, summary: str | None = None):
        if isinstance(problems, str):
            problems = [Problem("", "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        n = len(self.problems)
        if summary is None:
            from kitgen.i18n.messages import _  # the messages import this module

            summary = _("1 problem found") if n == 1 else _("{n} problems found").format(n=n)
        self.summary = summary
        super().__init__("\n".join(str(p) for p in self.problems))


class ContentError(UserError):
    """The content library, a catalog or a template is invalid."""


class TemplateError(UserError):
    """A template or theme (a designer's file) is broken: located, no traceback."""


class TranslationMissing(UserError):
    """Raised in strict mode when a text has no translation."""
