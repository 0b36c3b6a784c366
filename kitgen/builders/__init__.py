"""Builders: each turns a Kit plus a Theme into the bytes of one file.

A builder is a module with NAME, FILENAME and build(kit, theme) -> bytes,
registered here. Adding an output format is adding one module to BUILDERS.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

BUILDERS = {"handout": "kitgen.builders.handout", "deck": "kitgen.builders.deck"}


def get_builder(name: str) -> ModuleType:
    return import_module(BUILDERS[name])


def all_builders() -> list[ModuleType]:
    return [get_builder(name) for name in BUILDERS]
