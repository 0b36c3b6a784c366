"""templates/deck.pptx as the deck builder uses it, parsed once.

The parts a build does not change are kept compressed; each layout's
placeholders (type, idx, position, insets, inherited from the master where the
layout leaves them out) are kept as plain values. A designer restyles the
template in PowerPoint; what the builder needs from it is checked with a
located message (a user error, not a traceback).
"""

from __future__ import annotations

import posixpath
import re
import threading
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from lxml import etree

from kitgen.builders.office.opc import NS_CONTENT_TYPES as CONTENT_TYPES
from kitgen.builders.office.opc import ZipMember, deflate
from kitgen.builders.office.presentationml import (
    RT_CORE_PROPERTIES,
    RT_NOTES_MASTER,
    RT_OFFICE_DOCUMENT,
    RT_SLIDE_MASTER,
    RT_THEME,
    A,
    P,
    R,
)
from kitgen.builders.office.xml import serialise
from kitgen.errors import KitgenError, Problem, TemplateError
from kitgen.paths import shown

_TEXT_TYPES = {"title", "ctrTitle", "subTitle", "body", "obj"}
_LATENT_TYPES = {"dt", "ftr", "sldNum"}  # a new slide does not get these
# python-pptx's shape names for a cloned placeholder: "<basename> <id - 1>"
BASENAMES = {"title": "Title", "ctrTitle": "Title", "subTitle": "Subtitle",
              "body": "Text Placeholder", "obj": "Content Placeholder", "pic": "Picture Placeholder",
              "tbl": "Table Placeholder", "chart": "Chart Placeholder",
              "dgm": "SmartArt Placeholder", "media": "Media Placeholder",
              "clipArt": "ClipArt Placeholder"}
_DEFAULT_INSETS = {"lIns": 91440, "tIns": 45720, "rIns": 91440, "bIns": 45720}
# A DrawingML language attribute (a:rPr, a:defRPr, a:endParaRPr …), not xml:lang or altLang.
_LANG = re.compile(rb'(?<=\s)lang="[^"]*"')


def localise(data: bytes, language_tag: str) -> bytes:
    """A part with every DrawingML `lang` attribute set to the kit's language."""
    return _LANG.sub(b'lang="%s"' % language_tag.encode("ascii"), data)


@dataclass(frozen=True)
class Placeholder:
    """A layout placeholder as a slide clones it, and where its text goes (EMU)."""

    type: str  # ST_PlaceholderType: title, ctrTitle, body, …
    idx: int
    orient: str  # horz | vert
    sz: str  # full | half | quarter
    x: int
    y: int
    cx: int
    cy: int
    insets: tuple[int, int, int, int]  # left, top, right, bottom

    @property
    def has_text_frame(self) -> bool:
        return self.type in _TEXT_TYPES

    @property
    def text_area(self) -> tuple[int, int]:
        """Width and height inside the insets."""
        left, top, right, bottom = self.insets
        return self.cx - left - right, self.cy - top - bottom

    @property
    def ph_xml(self) -> str:
        """<p:ph> with python-pptx's attribute order, defaults left out."""
        attrs = "" if self.type == "obj" else f' type="{self.type}"'
        attrs += f' idx="{self.idx}"' if self.idx else ""
        attrs += f' orient="{self.orient}"' if self.orient != "horz" else ""
        attrs += f' sz="{self.sz}"' if self.sz != "full" else ""
        return f"<p:ph{attrs}/>"


@dataclass(frozen=True)
class Layout:
    name: str
    partname: str  # zip member name, e.g. ppt/slideLayouts/slideLayout12.xml
    placeholders: tuple[Placeholder, ...]  # the ones a new slide gets, in document order

    def placeholder(self, idx: int) -> Placeholder:
        for ph in self.placeholders:
            if ph.idx == idx:
                return ph
        raise KitgenError(f"the layout {self.name!r} has no placeholder idx {idx}")


@dataclass(frozen=True)
class DeckTemplate:
    """What a build needs from the template, read once."""

    layouts: dict[str, Layout]
    presentation: str  # part name of presentation.xml
    slide_list: tuple[str, str]  # presentation.xml before and after the slide ids
    presentation_rels: tuple[tuple[str, str, str], ...]  # (Id, Type, Target)
    next_rid: int  # the first free rIdN in presentation.xml.rels
    notes_master: str  # part name
    defaults: dict[str, str]  # content types by extension
    overrides: dict[str, str]  # content types by part name ("/ppt/…")
    core: str  # part name of the core properties
    fixed: tuple[ZipMember | str, ...]  # the parts every deck has unchanged, compressed; a str
    # names a part that carries text defaults (master, layouts, notes master) and is made per language
    languaged: Mapping[str, bytes] = field(default_factory=dict)  # those parts as the template has them
    slide_size: tuple[int, int] = (12192000, 6858000)
    theme: str = ""  # part name of the master's theme: each deck gets its kit theme's colours
    theme_xml: bytes = b""

    def themed(self, colours: Mapping[str, str]) -> bytes:
        """The theme part with its colour scheme set: {"dk2": "1F4E79", …} (hex RGB).
        The layouts draw with scheme colours, so this is how a kit's theme reaches them."""
        return _themed(self.theme_xml, tuple(sorted(colours.items())))

    _localised: dict[str, tuple[tuple[str, str], tuple[ZipMember, ...]]] = field(
        default_factory=dict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def for_language(self, language_tag: str) -> tuple[tuple[str, str], tuple[ZipMember, ...]]:
        """presentation.xml's head and tail and the unchanged parts, with the
        template's text defaults (defaultTextStyle, master, layouts, notes master)
        in the kit's language rather than the designer's; made once per language."""
        with self._lock:
            if language_tag not in self._localised:
                head, tail = (localise(x.encode("utf-8"), language_tag).decode("utf-8") for x in self.slide_list)
                members = tuple(m if isinstance(m, ZipMember) else deflate(m, localise(self.languaged[m], language_tag))
                                for m in self.fixed)
                self._localised[language_tag] = ((head, tail), members)
            return self._localised[language_tag]

    def problems(self, where: str) -> list[Problem]:
        """What the deck builder needs from the template and does not find."""
        problems = []
        if self.slide_size != SLIDE_SIZE:
            problems.append(Problem(where, "slide size", "is not 16:9 (33.867 × 19.05 cm)"))
        for name, wanted in LAYOUTS.items():
            if name not in self.layouts:
                problems.append(Problem(where, "layouts", f"the layout {name!r} is missing"))
                continue
            have = {ph.idx for ph in self.layouts[name].placeholders}
            problems += [Problem(where, f"layout {name}",
                                 f"placeholder idx {idx} is missing; the deck builder fills it")
                         for idx in sorted(wanted - have)]
        return problems


@lru_cache(maxsize=32)
def _themed(theme_xml: bytes, colours: tuple[tuple[str, str], ...]) -> bytes:
    tree = etree.fromstring(theme_xml)
    scheme = tree.find(f".//{{{A}}}clrScheme")
    if scheme is None:
        return theme_xml
    for key, value in colours:
        slot = scheme.find(f"{{{A}}}{key}")
        if slot is None:
            continue
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr").set("val", value)
    return serialise(tree)


def rels_name(partname: str) -> str:
    folder, name = posixpath.split(partname)
    return posixpath.join(folder, "_rels", name + ".rels")


def _relationships(parts: Mapping[str, bytes], partname: str) -> list[tuple[str, str, str]]:
    """(Id, Type, absolute target) of a part's internal relationships ("" is the package)."""
    name = rels_name(partname) if partname else "_rels/.rels"
    if name not in parts:
        return []
    base = posixpath.dirname(partname)
    return [(_attr(r, "Id"), _attr(r, "Type"), posixpath.normpath(posixpath.join(base, _attr(r, "Target"))))
            for r in etree.fromstring(parts[name]) if r.get("TargetMode") != "External"]


def _attr(element: etree._Element, name: str) -> str:
    return element.get(name) or ""


def _target(rels: list[tuple[str, str, str]], rel_type: str) -> str:
    return next(target for _, kind, target in rels if kind == rel_type)


def _placeholders(tree) -> dict[str, etree._Element]:
    """A master's placeholder shapes by type, for what layouts inherit."""
    found: dict[str, etree._Element] = {}
    for sp in tree.iterfind(f".//{{{P}}}sp"):
        ph = sp.find(f"{{{P}}}nvSpPr/{{{P}}}nvPr/{{{P}}}ph")
        if ph is not None:
            found.setdefault(ph.get("type", "obj"), sp)
    return found


def _inherited_type(ph_type: str) -> str:
    """The master placeholder a layout placeholder inherits from (as python-pptx has it)."""
    if ph_type in ("title", "ctrTitle"):
        return "title"
    return ph_type if ph_type in _LATENT_TYPES else "body"


def _layout(where: str, name: str, partname: str, tree, master: dict) -> Layout:
    """A layout's placeholders, with position and insets from the master where
    the layout leaves them out (PowerPoint's inheritance)."""
    placeholders = []
    for sp in tree.iterfind(f"{{{P}}}cSld/{{{P}}}spTree/{{{P}}}sp"):
        ph = sp.find(f"{{{P}}}nvSpPr/{{{P}}}nvPr/{{{P}}}ph")
        if ph is None or ph.get("type", "obj") in _LATENT_TYPES:
            continue
        ph_type = ph.get("type", "obj")
        base = master.get(_inherited_type(ph_type))
        sources = [sp] + ([base] if base is not None else [])
        off = ext = None
        for source in sources:
            xfrm = source.find(f"{{{P}}}spPr/{{{A}}}xfrm")
            if xfrm is not None:
                off, ext = xfrm.find(f"{{{A}}}off"), xfrm.find(f"{{{A}}}ext")
                break
        if off is None or ext is None:
            raise TemplateError(Problem(where, f"layout {name}", "has a placeholder without a position"))
        insets = []
        for key, default in _DEFAULT_INSETS.items():
            values = [b.get(key) for b in (s.find(f"{{{P}}}txBody/{{{A}}}bodyPr") for s in sources)
                      if b is not None and b.get(key) is not None]
            insets.append(int(values[0]) if values else default)
        placeholders.append(Placeholder(
            type=ph_type, idx=int(ph.get("idx", "0")), orient=ph.get("orient", "horz"),
            sz=ph.get("sz", "full"), x=int(off.get("x")), y=int(off.get("y")),
            cx=int(ext.get("cx")), cy=int(ext.get("cy")), insets=(insets[0], insets[1], insets[2], insets[3])))
    return Layout(name, partname, tuple(placeholders))


# The deck builder's layouts and the placeholder idx it fills in each.
LAYOUTS = {"Title": {0, 1, 2}, "Agenda": {0, 1}, "Section": {0, 1, 2, 3, 4}, "Content": {0, 1, 2},
           "Step": {0, 1, 2, 3, 4}, "Questions": {0, 1}, "Closing": {0, 1}}
SLIDE_SIZE = (12192000, 6858000)  # 16:9, 33.867 × 19.05 cm


def parse(path: Path) -> DeckTemplate:
    """Read the template; a broken one is a TemplateError naming the file and what is wrong."""
    where = shown(path)
    try:
        with zipfile.ZipFile(path) as z:
            parts = {info.filename: z.read(info) for info in z.infolist()}
        template = _parse(where, parts)
    except TemplateError:
        raise
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, KeyError, StopIteration,
            AttributeError, TypeError, ValueError) as exc:
        # A part missing or malformed where PowerPoint always writes it.
        raise TemplateError(Problem(where, "", f"cannot be read as a PowerPoint file "
                                    f"({type(exc).__name__}: {exc})")) from None
    problems = template.problems(where)
    if problems:
        raise TemplateError(problems)
    return template


def _parse(where: str, parts: dict[str, bytes]) -> DeckTemplate:  # noqa: C901 - one pass over the package
    package = _relationships(parts, "")
    main = _target(package, RT_OFFICE_DOCUMENT)
    core = _target(package, RT_CORE_PROPERTIES)
    pres = etree.fromstring(parts[main])
    slide_ids = pres.find(f"{{{P}}}sldIdLst")
    if slide_ids is None:  # PowerPoint leaves an empty list out; it follows the master lists
        masters = (pres.find(f"{{{P}}}{tag}")
                   for tag in ("handoutMasterIdLst", "notesMasterIdLst", "sldMasterIdLst"))
        slide_ids = etree.Element(f"{{{P}}}sldIdLst")
        next(m for m in masters if m is not None).addnext(slide_ids)
    if len(slide_ids):
        raise TemplateError(Problem(where, "slides", "the template must not have slides, only layouts"))
    size = pres.find(f"{{{P}}}sldSz")
    slide_size = (int(size.get("cx", 0)), int(size.get("cy", 0))) if size is not None else (0, 0)
    marker = "@@slides@@"
    slide_ids.text = marker
    head, tail = serialise(pres).decode("utf-8").split(marker)

    pres_rels = _relationships(parts, main)
    master_name = _target(pres_rels, RT_SLIDE_MASTER)
    master = etree.fromstring(parts[master_name])
    master_rels = {rid: target for rid, _, target in _relationships(parts, master_name)}
    inherited = _placeholders(master)
    layouts: dict[str, Layout] = {}
    for layout_id in master.iterfind(f"{{{P}}}sldLayoutIdLst/{{{P}}}sldLayoutId"):
        partname = master_rels[_attr(layout_id, f"{{{R}}}id")]
        tree = etree.fromstring(parts[partname])
        name = _attr(tree.find(f"{{{P}}}cSld"), "name")  # type: ignore[arg-type]  # PowerPoint always writes cSld
        layouts.setdefault(name, _layout(where, name, partname, tree, inherited))

    types = etree.fromstring(parts["[Content_Types].xml"])
    defaults = {_attr(e, "Extension"): _attr(e, "ContentType")
                for e in types.iterfind(f"{{{CONTENT_TYPES}}}Default")}
    overrides = {_attr(e, "PartName"): _attr(e, "ContentType")
                 for e in types.iterfind(f"{{{CONTENT_TYPES}}}Override")}
    rels = [(_attr(r, "Id"), _attr(r, "Type"), _attr(r, "Target"))
            for r in etree.fromstring(parts[rels_name(main)])]
    next_rid = max((int(rid[3:]) for rid, _, _ in rels if rid[3:].isdigit()), default=0) + 1
    theme = next((target for _, kind, target in _relationships(parts, master_name) if kind == RT_THEME), "")
    fixed = {name: data for name, data in parts.items()
             if name not in ("[Content_Types].xml", main, rels_name(main), core, theme)}
    notes_master = next((target for _, kind, target in pres_rels if kind == RT_NOTES_MASTER), None)
    if notes_master is None:
        raise TemplateError(Problem(where, "notes master", "is missing; the speaker notes need it: "
                                    "save the template once with notes in PowerPoint, or run "
                                    "tools/make_deck_template.py"))
    languaged = {name: data for name, data in fixed.items() if name.endswith(".xml") and _LANG.search(data)}
    return DeckTemplate(
        layouts=layouts, presentation=main, slide_list=(head, tail),
        presentation_rels=tuple(rels), next_rid=next_rid, notes_master=notes_master,
        defaults=defaults, overrides=overrides, core=core, slide_size=slide_size, languaged=languaged,
        theme=theme, theme_xml=parts.get(theme, b""),
        fixed=tuple(name if name in languaged else deflate(name, data)  # once: default level
                    for name, data in fixed.items()))
