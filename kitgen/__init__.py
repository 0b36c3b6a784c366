"""kitgen: customised workshop kits on social capital for Danish workplaces.

The data path is one way: order -> plan -> builders -> files. The public API
(kitgen.api, importable from here: `kitgen.load_library()`, `kitgen.plan(…)`)
is loaded on first use, so `kitgen --version` and `import kitgen` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    api = import_module("kitgen.api")  # lazily: the API imports the whole pipeline
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module 'kitgen' has no attribute {name!r}")
