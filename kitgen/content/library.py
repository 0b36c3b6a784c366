"""Load and validate the content library: every problem at once, with file:line."""

from __future__ import annotations

import difflib
import hashlib
import pickle
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, TypeVar

import pydantic
from pydantic import ValidationError

from kitgen.atomic import replace_atomically
from kitgen.content import render, schema
from kitgen.content.schema import KINDS, Concept, Course, Exercise, Item, Module, Tag, iter_texts, text_key
from kitgen.errors import ContentError, Problem, UserError
from kitgen.i18n import grammar
from kitgen.i18n.locale import available_locales
from kitgen.i18n.messages import N_, _
from kitgen.i18n.translator import Translator
from kitgen.inputs import yamlsource
from kitgen.inputs.yamlsource import Located, load_yaml, pydantic_problems
from kitgen.paths import cache_dir, data_dirs, shown

# The code that turns content files into a Library: a change to any of it (the
# schema, the allowed placeholders and filters, the YAML reader) is a new cache key.
READER_CODE = tuple(Path(m.__file__ or "") for m in (schema, render, grammar, yamlsource))



T = TypeVar("T", bound=Item)

# "no exercise called 'x' (did you mean y?)", per kind of item.
NO_ITEM = {"exercise": N_("no exercise called {id}{hint}"), "concept": N_("no concept called {id}{hint}"),
           "module": N_("no module called {id}{hint}"), "course": N_("no course called {id}{hint}")}


@dataclass(frozen=True)
class Library:
    exercises: dict[str, Exercise]
    concepts: dict[str, Concept]
    modules: dict[str, Module]
    courses: dict[str, Course]
    files: dict[str, Path] = field(default_factory=dict)  # key -> its file (absolute)
    version: str = ""  # sha256 over every content file, short
    locale_dirs: tuple[Path, ...] = ()  # the catalogs its texts are translated from
    overridden: tuple[str, ...] = ()  # keys of built-in items an organisation's own item replaces
    # Every item's texts, walked once (items never change): key -> ((path, msgctxt, text), …)
    _texts: dict[str, tuple] = field(default_factory=dict, compare=False, repr=False)

    def item_texts(self, item: Item) -> tuple[tuple[tuple, str, str], ...]:
        """(path, msgctxt, Danish text) of every text of an item, in document order."""
        found = self._texts.get(item.key)
        if found is None:
            found = self._texts[item.key] = tuple((path, text_key(item, path), text)
                                                  for path, text in iter_texts(item))
        return found

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_texts"] = {}  # derived; not worth a place in the on-disk cache
        return state

    @property
    def locales(self) -> list[str]:
        """The languages kits can be made in: Danish and those kitgen has catalogs for."""
        return available_locales(self.locale_dirs[-1] if self.locale_dirs else None)

    def translator(self, lang: str, strict: bool = False) -> Translator:
        return Translator(lang, strict=strict, locale_dirs=self.locale_dirs)

    def items(self) -> Iterable[Item]:
        for kind in (self.exercises, self.concepts, self.modules, self.courses):
            yield from kind.values()

    def get(self, kind: str, item_id: str) -> Item:
        tables: dict[str, Mapping[str, Item]] = {"exercise": self.exercises, "concept": self.concepts,
                                                 "module": self.modules, "course": self.courses}
        table = tables[kind]
        if item_id not in table:
            raise UserError(Problem("", kind, _(NO_ITEM[kind]).format(id=repr(item_id),
                                                                      hint=suggest(item_id, table))))
        return table[item_id]


def suggest(wrong: str, known: Iterable[str]) -> str:
    """' (did you mean x or y?)' for the closest known ids, or ''."""
    close = difflib.get_close_matches(wrong, list(known), n=3, cutoff=0.5)
    if not close:
        # Also match on words, so 'deep_dive' finds 'core_task_deep_dive'.
        close = [k for k in known if wrong and (wrong in k or k in wrong)][:3]
    if not close:
        return ""
    if len(close) == 1:
        return _(" (did you mean {first}?)").format(first=close[0])
    if len(close) == 2:
        return _(" (did you mean {first} or {second}?)").format(first=close[0], second=close[1])
    return _(" (did you mean {first} or {second} or {third}?)").format(first=close[0], second=close[1],
                                                                       third=close[2])


def _load_item(path: Path, model: type[T], root: Path
               ) -> tuple[T | None, Located | None, list[Problem]]:
    display = shown(path)
    try:
        located = load_yaml(path, display)
    except UserError as exc:
        return None, None, exc.problems
    if not isinstance(located.data, dict):
        return None, located, [Problem(located.where(), "", _("expected a mapping of fields (key: value)"))]
    try:
        item = model.model_validate(located.data)
    except ValidationError as exc:
        return None, located, pydantic_problems(exc, located)
    problems = []
    if item.id != path.stem:
        problems.append(Problem(located.where(("id",)), "id",
                                _("is {id} but the file is called {file}; they must match").format(
                                    id=repr(item.id), file=path.name)))
    return item, located, problems


def _cross_check(lib: Library, located: dict[str, Located],
                 present: dict[str, set[str]]) -> list[Problem]:
    """References between items: concepts, exercises, modules and courses exist.

    `present` holds the ids of every file, valid or not, so one broken file is
    reported once and not again by everything that refers to it.
    """
    problems = []

    for ex in lib.exercises.values():
        for i, cid in enumerate(ex.concepts):
            if cid not in present["concepts"]:
                problems.append(Problem(located[ex.key].where(("concepts", i)), f"concepts[{i}]",
                                        _(NO_ITEM["concept"]).format(id=repr(cid), hint=suggest(cid, lib.concepts))))
    for mod in lib.modules.values():
        if mod.course and mod.course not in present["courses"]:
            problems.append(Problem(located[mod.key].where(("course",)), "course",
                                    _(NO_ITEM["course"]).format(id=repr(mod.course), hint="")))
        for i, block in enumerate(mod.blocks):
            if block.exercise and block.exercise not in present["exercises"]:
                problems.append(Problem(located[mod.key].where(("blocks", i, "exercise")), f"blocks[{i}].exercise",
                                        _(NO_ITEM["exercise"]).format(id=repr(block.exercise),
                                                                      hint=suggest(block.exercise, lib.exercises))))
            if block.concept and block.concept not in present["concepts"]:
                problems.append(Problem(located[mod.key].where(("blocks", i, "concept")), f"blocks[{i}].concept",
                                        _(NO_ITEM["concept"]).format(id=repr(block.concept),
                                                                     hint=suggest(block.concept, lib.concepts))))
    for course in lib.courses.values():
        for i, part in enumerate(course.parts):
            if part.module and part.module not in present["modules"]:
                problems.append(Problem(located[course.key].where(("parts", i, "module")), f"parts[{i}].module",
                                        _(NO_ITEM["module"]).format(id=repr(part.module), hint="")))
    return problems


def load_library(root: Path | None = None, locale_dirs: tuple[Path, ...] = (),
                 own: Path | None = None) -> Library:
    """Read every content file under `root` (default: kitgen's own content) and,
    on top of it, an organisation's `own` content folder (a workspace's: an own
    item with a built-in id replaces it); raise ContentError listing every
    problem. `locale_dirs` are the catalogs the texts are translated from, first
    match wins (default: kitgen's own).

    Parsing and validating the whole library takes about a second, so a valid
    library is also kept in the user cache under the hash of every content file
    and of the code that reads them: each later process (the next command, a
    web worker) loads it in a few ms, and a changed file is parsed afresh."""
    roots = (Path(root or data_dirs().content).resolve(),) + ((Path(own).resolve(),) if own else ())
    return _load_library_cached(roots, _fingerprint(roots), tuple(locale_dirs) or (data_dirs().locales,))


def _fingerprint(roots: tuple[Path, ...], code: Iterable[Path] = ()) -> str:
    """sha256 of every content file (name and bytes) and of the reading code."""
    digest = hashlib.sha256(f"{pydantic.VERSION}|{roots}".encode())
    for root in roots:
        for path in sorted(root.glob("*/*.yaml")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for path in [Path(__file__), *(code or READER_CODE)]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=4)
def _load_library_cached(roots: tuple[Path, ...], fingerprint: str, locale_dirs: tuple[Path, ...]) -> Library:
    cache = cache_dir("library") / f"library-{fingerprint[:24]}.pickle"
    try:
        with cache.open("rb") as f:
            lib = pickle.load(f)
        if isinstance(lib, Library):
            return replace(lib, locale_dirs=locale_dirs)
    except Exception:  # missing, stale or unreadable: parse the content again
        pass
    lib = _parse_library(roots)
    _store(cache, lib)
    return replace(lib, locale_dirs=locale_dirs)


def _store(cache: Path, lib: Library) -> None:
    """Best effort: an unwritable cache folder just means no cache."""
    try:
        for old in cache.parent.glob("library-*.pickle"):
            old.unlink(missing_ok=True)
        replace_atomically(cache, lambda f: pickle.dump(lib, f, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass


def _parse_library(roots: tuple[Path, ...]) -> Library:
    """Every item of every root; a later root's item replaces an earlier one's of the same id."""
    tables: dict[str, dict[str, Item]] = {kind: {} for kind in KINDS}
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    located_by_key: dict[str, Located] = {}
    overridden: list[str] = []
    digest = hashlib.sha256()
    for n, root in enumerate(roots):
        for kind, model in KINDS.items():
            for path in sorted((root / kind).glob("*.yaml")):
                digest.update(f"{n}/".encode() + path.relative_to(root).as_posix().encode() + b"\0"
                              + path.read_bytes())
                item, located, item_problems = _load_item(path, model, root)
                problems.extend(item_problems)
                if item is None or located is None:
                    continue
                if item.id in tables[kind]:
                    overridden.append(item.key)
                tables[kind][item.id] = item
                located_by_key[item.key] = located
                files[item.key] = path
    lib = Library(tables["exercises"], tables["concepts"], tables["modules"],  # type: ignore[arg-type]
                  tables["courses"], files, digest.hexdigest()[:12],  # type: ignore[arg-type]
                  overridden=tuple(overridden))
    present = {kind: {p.stem for root in roots for p in (root / kind).glob("*.yaml")} for kind in KINDS}
    problems.extend(_cross_check(lib, located_by_key, present))
    if problems:
        summary = (_("the content library has 1 problem") if len(problems) == 1 else
                   _("the content library has {n} problems").format(n=len(problems)))
        raise ContentError(problems, summary=summary)
    return lib


def with_tag(items: Iterable[T], tag: str | None) -> list[T]:
    """Items sorted by id, only those with `tag` when one is given."""
    items = sorted(items, key=lambda i: i.id)
    if tag:
        if tag not in {t.value for t in Tag}:
            raise UserError(Problem("--tag", "", _("unknown tag {tag}; known tags: {tags}").format(
                tag=repr(tag), tags=", ".join(t.value for t in Tag))))
        items = [i for i in items if Tag(tag) in i.tags]
    return items
