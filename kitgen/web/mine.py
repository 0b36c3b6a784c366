"""My teams: the orders saved in the workspace's orders folder, with their last build.

The files are the store (plain YAML the command line reads too), so a partner
can back them up, share them or keep them under version control. An order is
found by its name in the folder's listing, never by a path a request gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from kitgen.batch import environment_hash, input_hash
from kitgen.build import build_order
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _
from kitgen.inputs.order import load_order
from kitgen.inputs.usertext import slugify
from kitgen.inputs.yamlsource import load_yaml
from kitgen.output import BuiltKit, kit_dir, write_atomic


@dataclass(frozen=True)
class Team:
    name: str  # the file's name in the orders folder
    title: str  # workplace · team
    state: str  # current | outdated | never | invalid
    built: str  # when, or ""
    problems: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()


NUMBERS = ("participants", "time_budget")


def _folder(service: Any) -> Path | None:
    ws = service.workspace
    return ws.orders if ws.root is not None and ws.orders is not None else None


def _files(service: Any) -> dict[str, Path]:
    folder = _folder(service)
    if folder is None or not folder.is_dir():
        return {}
    return {p.name: p for p in sorted(folder.glob("*.yaml")) if p.is_file()}


def _find(service: Any, name: str) -> Path:
    path = _files(service).get(name)
    if path is None:
        raise UserError(Problem("", "order", _("no saved order called {name!r}").format(name=name)))
    return path


def list_orders(service: Any) -> list[Team]:
    """Every saved order and whether its kit is built from what is there now."""
    lib = service.library()
    environment = environment_hash(lib, service.workspace)
    teams = []
    for name, path in _files(service).items():
        try:
            order = load_order(path, lib)
        except UserError as exc:
            teams.append(Team(name, name, "invalid", "", tuple(str(p) for p in exc.problems[:3])))
            continue
        inputs = input_hash(order, environment, "strict=False;pdf=False")
        kits = [BuiltKit.read(kit_dir(service.workspace.output, order.slug, lang)) for lang in order.locales]
        title = " · ".join(x for x in (order.workplace, order.team) if x)
        if any(k is None for k in kits):
            state, built = "never", ""
        else:
            state = "current" if all(k.inputs == inputs and k.complete() for k in kits if k) else "outdated"
            # When the files were written (a kit's own stamp is its session's date, for determinism).
            written = max((kit_dir(service.workspace.output, order.slug, lang) / "manifest.json").stat().st_mtime
                          for lang in order.locales)
            built = datetime.fromtimestamp(written).strftime("%Y-%m-%d %H:%M")
        teams.append(Team(name, title, state, built, langs=order.locales))
    return teams


def read_order(service: Any, name: str) -> dict[str, Any]:
    data = load_yaml(_find(service, name)).data
    return data if isinstance(data, dict) else {}


def save_order(service: Any, data: dict[str, Any], saved_as: str = "") -> str:
    """Write the order into the orders folder: over the file it was opened from,
    else as <workplace-team>.yaml (with a number when that is taken)."""
    folder = _folder(service)
    if folder is None:
        raise UserError(Problem("", "workspace", _("saving orders needs a workspace; start kitgen serve in "
                                                    "one (kitgen init DIR makes one)")))
    files = _files(service)
    if saved_as in files:
        name = saved_as
    else:
        base = slugify(f"{data.get('workplace', '')} {data.get('team', '')}".strip() or "order")
        name, n = f"{base}.yaml", 2
        while name in files:
            name, n = f"{base}-{n}.yaml", n + 1
    # Numbers from the form are text; in the file they read as numbers, as a person writes them.
    data = {k: int(v) if k in NUMBERS and isinstance(v, str) and v.strip().isdigit() else v
            for k, v in data.items()}
    text = "# Saved by kitgen serve; `kitgen build` reads it too.\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=100)
    write_atomic(folder / name, text.encode("utf-8"))
    return name


def duplicate(service: Any, name: str) -> str:
    data = read_order(service, name)
    data["team"] = _("{team} (copy)").format(team=data.get("team") or "").strip()
    return save_order(service, data)


def rebuild(service: Any, name: str) -> None:
    order = load_order(_find(service, name), service.library())
    build_order(order, service.library(), service.workspace.output, workspace=service.workspace,
                inputs=input_hash(order, environment_hash(service.library(), service.workspace),
                                  "strict=False;pdf=False"))
