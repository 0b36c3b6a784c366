"""kitgen's public Python API: what the command line and the web app call.

    import kitgen
    lib = kitgen.load_library()
    order = kitgen.load_order("team.yaml", lib)            # or kitgen.order_from_dict({...}, lib)
    kit = kitgen.plan(order, lib, "da")                     # the Kit for one language
    files = kitgen.build_kit(kit)                           # {"handout.docx": b"…", …}, nothing written
    written = kitgen.build_order(order, lib, "output")      # every language, written atomically
    report = kitgen.run_batch("teams.xlsx", "output")       # a kit per good row of a sheet

Every function raises kitgen.UserError (with every problem located) for a
mistake in what it was given. Everything not named here is private and may move.
"""

from __future__ import annotations

from typing import Any, Mapping

from kitgen.batch import BatchReport, run_batch
from kitgen.build import Built, build_order
from kitgen.builders.registry import build_files, builders
from kitgen.content.library import Library, load_library
from kitgen.errors import Problem, UserError
from kitgen.inputs.order import Order, load_order, order_from_mapping
from kitgen.kit.model import Kit
from kitgen.kit.plan import plan
from kitgen.kit.theme import Theme, load_theme

__all__ = ["BatchReport", "Built", "Kit", "Library", "Order", "Problem", "Theme", "UserError",
           "build_kit", "build_order", "load_library", "load_order", "load_theme", "order_from_dict",
           "plan", "run_batch"]


def order_from_dict(data: Mapping[str, Any], library: Library, source: str = "") -> Order:
    """An order given as a mapping (JSON, a web form): problems are located by field name."""

    def where(key: Any, *path: Any) -> str:
        return source

    return order_from_mapping(dict(data), where, library, source=source)


def build_kit(kit: Kit, theme: Theme | None = None) -> dict[str, bytes]:
    """Every file of one language's kit, in memory."""
    theme = theme or load_theme(kit.theme)
    files: dict[str, bytes] = {}
    for b in builders():
        files.update(build_files(b, kit, theme))
    return files


