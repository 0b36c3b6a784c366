"""Rendering content text with the team's values, safely.

Content text (ours) may hold {{ placeholders }}; user text (theirs) is only ever
passed in as values, so a workplace called "{{ 7*7 }}" prints literally.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from kitgen.i18n.grammar import FILTERS

PLACEHOLDERS = ("workplace", "team", "core_task", "stakeholders")


@lru_cache(maxsize=1)
def template_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                               keep_trailing_newline=False)
    # Only the case filters ({{ stakeholders|dat }}): content text fills in
    # words, it does not compute.
    env.filters = dict(FILTERS)
    return env


@lru_cache(maxsize=4096)
def _compiled(source: str):
    return template_env().from_string(source)


def render(source: str, values: Mapping[str, str]) -> str:
    """Fill placeholders in one content text. Texts without '{{' are returned as is."""
    if "{{" not in source:
        return source
    return _compiled(source).render(**values)
