"""The one path from an order to files: validate -> plan -> build -> write.

Everything is built in memory first; only when every language of the order has
built without error is anything written (each file atomically, manifest last).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kitgen.builders.registry import all_builders, build_files
from kitgen.content.library import Library
from kitgen.kit.model import Kit
from kitgen.inputs.order import Order
from kitgen.output import write_kit
from kitgen.kit.plan import plan
from kitgen.kit.theme import load_theme


@dataclass(frozen=True)
class Built:
    kit: Kit
    folder: Path
    files: dict[str, int]  # name -> bytes
    warnings: tuple[str, ...] = ()  # the kit's and the theme's
    manifest: bytes = b""


def build_order(order: Order, lib: Library, output_root: Path,
                strict: bool = False, langs: tuple[str, ...] | None = None,
                inputs: str = "", with_manifest: bool = True) -> list[Built]:
    theme = load_theme(order.theme)
    builders = all_builders()
    staged = []
    for lang in langs or order.locales:
        kit = plan(order, lib, lang, strict=strict)
        files: dict[str, bytes] = {}
        for builder in builders:
            files.update(build_files(builder, kit, theme))
        staged.append((kit, files))
    results = []
    for kit, files in staged:
        warnings = kit.warnings + theme.warnings
        folder, manifest = write_kit(kit, files, output_root, order.source, warnings, inputs,
                                     with_manifest)
        results.append(Built(kit, folder, {name: len(blob) for name, blob in files.items()},
                             warnings, manifest))
    return results
