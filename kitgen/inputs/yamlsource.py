"""Load YAML keeping the line of every value, so problems can say file:line.

PyYAML's composer gives nodes with start marks; we walk the node tree once and
record the line of each path ("steps", 2, "minutes") next to the plain data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _

Path_ = tuple[Any, ...]


@dataclass
class Located:
    """Plain YAML data plus the line number of every path in it."""

    data: Any
    source: str  # the name shown to the user
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """The line of the deepest known prefix of `path` (1-based)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def where(self, path: Path_ = ()) -> str:
        return f"{self.source}:{self.line_of(path)}"


def format_path(path: Path_) -> str:
    """("steps", 2, "minutes") -> "steps[2].minutes"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps every scalar a plain string/number (no dates)."""


# Dates and times stay strings: the order model parses them itself with good
# messages, and YAML 1.1 must never read "9:30" as the sexagesimal int 570.
_DROP = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
for _ch, _resolvers in list(_Loader.yaml_implicit_resolvers.items()):
    _Loader.yaml_implicit_resolvers[_ch] = [(t, rx) for t, rx in _resolvers if t not in _DROP]
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?0|[-+]?[1-9][0-9_]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9]+$"), list("-+.0123456789"))


def _walk(node: yaml.Node, loader: _Loader, path: Path_, lines: dict[Path_, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                key = str(key)
            out[key] = _walk(value_node, loader, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(child, loader, path + (i,), lines) for i, child in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, source: str) -> Located:
    """Parse text; a syntax error becomes a UserError naming file:line:column."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Path_, int] = {}
        data = _walk(node, loader, (), lines) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        what = exc.problem or str(exc)
        if exc.context:
            what = f"{exc.context}, {what}"
        raise UserError(Problem(where, "", _("this is not valid YAML ({error})").format(error=what))) from None
    except yaml.YAMLError as exc:
        raise UserError(Problem(source, "", _("this is not valid YAML ({error})").format(error=exc))) from None
    finally:
        loader.dispose()
    return Located(data, source, lines)


def load_yaml(path: Path, display: str | None = None) -> Located:
    display = display or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(Problem(display, "", _("file not found"))) from None
    except OSError as exc:
        raise UserError(Problem(display, "", _("cannot read the file ({error})").format(error=exc.strerror))) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError(Problem(f"{display}:{line}", "",
                                _("the file is not UTF-8 text; save it as UTF-8"))) from None
    return parse_yaml(text, display)


def pydantic_problems(exc: Any, located: Located, root: Path_ = ()) -> list[Problem]:
    """Turn a pydantic ValidationError into located problems, one per error."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = root + tuple(err["loc"])
        # pydantic puts the tag of a tagged union or a validator name in loc;
        # keep only parts that exist in the document.
        loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith("function-")))
        msg = err["msg"]
        if err["type"] == "missing":
            msg = _("is required")
        elif err["type"] == "extra_forbidden":
            msg = _("is not a known field (check the spelling)")
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        problems.append(Problem(located.where(loc), format_path(loc), msg))
    return problems
