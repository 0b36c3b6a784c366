"""Load YAML keeping the line of every value, so problems can say file:line.

PyYAML's composer gives nodes with start marks; we walk the node tree once and
record the line of each path ("steps", 2, "minutes") next to the plain data.

Orders come from people and from the web, so reading is guarded: a file is at
most MAX_BYTES, nesting at most MAX_DEPTH, anchors and aliases are refused (a
few hundred bytes of nested aliases expand to gigabytes), a key must be a plain
word and may appear once, and every value PyYAML cannot construct (`!!int abc`,
a number of 5,000 digits) is a located problem. Control characters pasted from
Word or Excel, which PyYAML refuses outright, are read as they are, so that the
order's own cleaning can remove them with a warning.
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

MAX_BYTES = 1_000_000  # an order is a few KB; content and theme files are smaller still
MAX_DEPTH = 40  # an order nests three levels deep; content five
# What PyYAML's reader refuses (yaml/reader.py NON_PRINTABLE). C0/C1 controls are
# carried through as characters of Unicode's last private-use plane and put back.
_REFUSED = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
_NOT_CHARACTERS = re.compile("[\uFFFE\uFFFF\uD800-\uDFFF]")  # refused, and not carried either
_CARRIED = 0x10FF00  # + the control's code point (< 0x100)
_PUT_BACK = {_CARRIED + code: code for code in range(0x100)}


class _Refused(Exception):
    """A problem found while composing, with the mark of where it is."""

    def __init__(self, mark: Any, message: str):
        super().__init__(message)
        self.mark, self.message = mark, message


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
    """SafeLoader that keeps every scalar a plain string/number (no dates), refuses
    aliases and nesting deeper than MAX_DEPTH while composing, before anything is built."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark, _(
                "uses an alias (*{name}); kitgen does not read anchors and aliases, write the value out").format(
                    name=event.anchor))
        if self.check_event(yaml.NodeEvent) and getattr(self.peek_event(), "anchor", None):
            event = self.peek_event()
            raise _Refused(event.start_mark, _(
                "has an anchor (&{name}); kitgen does not read anchors and aliases, write the value out").format(
                    name=event.anchor))
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(self.peek_event().start_mark, _(
                    "is nested more than {n} levels deep; an order needs three").format(n=MAX_DEPTH))
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# Dates and times stay strings: the order model parses them itself with good
# messages, and YAML 1.1 must never read "9:30" as the sexagesimal int 570.
_DROP = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
# A copy of its own: the inherited table is PyYAML's shared one (yaml.SafeDumper's
# too), and dropping the int resolver there made every dump write `!!int '180'`.
_Loader.yaml_implicit_resolvers = {
    _ch: [(t, rx) for t, rx in _resolvers if t not in _DROP]
    for _ch, _resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?0|[-+]?[1-9][0-9_]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9]+$"), list("-+.0123456789"))


def _walk(node: yaml.Node, loader: _Loader, path: Path_, lines: dict[Path_, int],
          problems: list[tuple[Any, str]]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append((key_node.start_mark, _("a key must be a plain word, not a list or a mapping")))
                continue
            key = _scalar(key_node, loader, problems)
            line = key_node.start_mark.line + 1
            if key in first_line:
                problems.append((key_node.start_mark, _(
                    "{key} is given twice, on lines {first} and {second}; keep one").format(
                        key=key, first=first_line[key], second=line)))
                continue
            first_line[key] = line
            out[key] = _walk(value_node, loader, path + (key,), lines, problems)
            lines[path + (key,)] = line
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(child, loader, path + (i,), lines, problems) for i, child in enumerate(node.value)]
    return _scalar(node, loader, problems)


def _scalar(node: yaml.Node, loader: _Loader, problems: list[tuple[Any, str]]) -> Any:
    """A scalar's value; one PyYAML cannot build (a tag that does not fit) is a problem."""
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        problems.append((exc.problem_mark or node.start_mark, _("this is not valid YAML ({error})").format(
            error=exc.problem)))
        return None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        text = str(node.value)
        if text.lstrip("+-").isdigit() and len(text) > 30:
            message = _("a number of {n} digits is too long").format(n=len(text))
        else:
            message = _("{value} cannot be read as {kind}; write it without the !!{kind} tag").format(
                value=repr(text[:40]), kind=node.tag.rsplit(":", 1)[-1])
        problems.append((node.start_mark, message))
        return None
    if isinstance(value, str) and _REFUSED_CARRIED.search(value):
        value = value.translate(_PUT_BACK)
    return value


_REFUSED_CARRIED = re.compile("[\U0010FF00-\U0010FFFF]")


def parse_yaml(text: str, source: str) -> Located:
    """Parse text; every problem becomes part of one UserError naming file:line:column."""
    if len(text) > MAX_BYTES:  # a web upload; load_yaml checks a file's size before reading it
        raise UserError(Problem(source, "", _("is longer than 1 MB; an order is a few KB: is it the right file?")))
    bad = _NOT_CHARACTERS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise UserError(Problem(f"{source}:{line}", "", _("the file holds {code}, which is not a character").format(
            code=f"U+{ord(bad.group()):04X}")))
    text = _REFUSED.sub(lambda m: chr(_CARRIED + ord(m.group())), text)  # all below U+0100 now
    problems: list[tuple[Any, str]] = []
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # the reader checks the text as it is handed over
        raise UserError(Problem(source, "", _("this is not valid YAML ({error})").format(error=exc))) from None
    try:
        node = loader.get_single_node()
        lines: dict[Path_, int] = {}
        data = _walk(node, loader, (), lines, problems) if node is not None else None
    except _Refused as exc:
        problems.append((exc.mark, exc.message))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or str(exc)
        if exc.context:
            what = f"{exc.context}, {what}"
        problems.append((mark, _("this is not valid YAML ({error})").format(error=what)))
    except yaml.YAMLError as exc:
        problems.append((None, _("this is not valid YAML ({error})").format(error=exc)))
    except RecursionError:  # deeper than Python's stack in PyYAML's own parser
        problems.append((None, _("is nested more than {n} levels deep; an order needs three").format(n=MAX_DEPTH)))
    finally:
        loader.dispose()
    if problems:
        raise UserError([Problem(f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source, "", message)
                         for mark, message in problems])
    return Located(data, source, lines)


def load_yaml(path: Path, display: str | None = None) -> Located:
    display = display or str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UserError(Problem(display, "", _(
                "is {size}; kitgen reads files of at most 1 MB (an order is a few KB): is it the right file?").format(
                    size=f"{path.stat().st_size / 1e6:.1f} MB")))
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
