"""Builders: each turns a Kit plus a Theme into the bytes of its files.

A builder is a module with NAME and either FILENAME and build(kit, theme) ->
bytes (one file) or build_files(kit, theme) -> {filename: bytes} (several, such
as one poster per kind). Adding an output format is adding one module to BUILDERS.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

BUILDERS = {
    "handout": "kitgen.builders.office.handout",
    "deck": "kitgen.builders.office.deck",
    "poster": "kitgen.builders.printing.poster",
}


def get_builder(name: str) -> ModuleType:
    return import_module(BUILDERS[name])


def all_builders() -> list[ModuleType]:
    return [get_builder(name) for name in BUILDERS]


def build_files(builder: ModuleType, kit, theme) -> dict[str, bytes]:
    """The files one builder makes for a kit."""
    if hasattr(builder, "build_files"):
        return builder.build_files(kit, theme)
    return {builder.FILENAME: builder.build(kit, theme)}
