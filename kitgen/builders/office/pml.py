"""PresentationML written directly: slides, notes pages and the .pptx package.

The deck used to go through python-pptx, whose proxy objects run an XPath query
for almost every property and re-serialise the whole package on save. Here the
template (templates/deck.pptx) is read once per process: the parts a build does
not change are kept as bytes, and each layout's placeholders (type, idx,
position, insets) are kept as plain values. A build then writes its slides,
notes pages, slide list, relationships, content types and core properties as
strings, and zips the lot with fixed timestamps.

The XML is the XML python-pptx wrote for the same deck (same shape ids and
names, same elements in the same order), so a deck looks and reads as before.
Every text goes through xml_text/xml_attr (kitgen.builders.docx_util): escaped,
and without the characters XML 1.0 cannot hold, so user text is always data.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from lxml import etree
from PIL import Image as PILImage

from kitgen.errors import KitgenError
from kitgen.builders.office.opc import NS_CONTENT_TYPES as CONTENT_TYPES
from kitgen.builders.office.opc import NS_PKG_RELS as PKG_RELS
from kitgen.builders.office.opc import NS_R as R
from kitgen.builders.office.opc import ZipMember, deflate, write_zip
from kitgen.builders.office.xml import XML_DECLARATION, serialise, xml_attr, xml_text

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"

RT_OFFICE_DOCUMENT = R + "/officeDocument"
RT_CORE_PROPERTIES = PKG_RELS + "/metadata/core-properties"
RT_SLIDE_MASTER = R + "/slideMaster"
RT_SLIDE_LAYOUT = R + "/slideLayout"
RT_SLIDE = R + "/slide"
RT_NOTES_SLIDE = R + "/notesSlide"
RT_NOTES_MASTER = R + "/notesMaster"
RT_IMAGE = R + "/image"

_PML = "application/vnd.openxmlformats-officedocument.presentationml."
CT_SLIDE = _PML + "slide+xml"
CT_NOTES_SLIDE = _PML + "notesSlide+xml"
CT_IMAGES = {"bmp": "image/bmp", "gif": "image/gif", "jpg": "image/jpeg", "png": "image/png",
             "tiff": "image/tiff"}
_IMAGE_EXT = {"BMP": "bmp", "GIF": "gif", "JPEG": "jpg", "PNG": "png", "TIFF": "tiff"}

COMPRESS_LEVEL = 1  # for the parts of each build (the fixed parts are compressed once)
_NSDECLS = f'xmlns:a="{A}" xmlns:p="{P}" xmlns:r="{R}"'
EMU_PER_INCH = 914400

# -- text (DrawingML) ------------------------------------------------------------------

def run(value: str, lang: str, size: float | None = None, bold: bool | None = None,
        color: str | None = None) -> str:
    """<a:r>: a run of text with its language, and size (pt), weight and colour if
    given. `lang` (a language tag) and `color` (hex RGB) go into attributes as they
    are: they come from kitgen's locales and the validated theme, never from users."""
    props = f'lang="{xml_attr(lang)}"'
    if size is not None:
        props += f' sz="{int(round(size * 100))}"'
    if bold is not None:
        props += f' b="{int(bold)}"'
    if color:
        rpr = (f'<a:rPr {props}><a:solidFill><a:srgbClr val="{xml_attr(color)}"/></a:solidFill>'
               "</a:rPr>")
    else:
        rpr = f"<a:rPr {props}/>"
    # A line break inside a paragraph is <a:br/> between runs of the same
    # properties; a raw line feed inside <a:t> would show as a space or a box.
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return f"<a:br>{rpr}</a:br>".join(f"<a:r>{rpr}<a:t>{xml_text(line)}</a:t></a:r>" for line in lines)


def paragraph_properties(margin: int, indent: int, space_before: int, bullet: str = "",
                         bullet_font: str = "") -> str:
    """<a:pPr>: left margin and first-line indent (EMU), single line spacing, the
    space before (hundredths of a pt), and a bullet character or none."""
    bu = _bullet(bullet, bullet_font) if bullet else "<a:buNone/>"
    return (f'<a:pPr marL="{margin}" indent="{indent}"><a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{space_before}"/></a:spcBef>{bu}</a:pPr>')


@lru_cache(maxsize=16)
def _bullet(char: str, font: str) -> str:
    return f'<a:buFont typeface="{xml_attr(font)}"/><a:buChar char="{xml_attr(char)}"/>'


def paragraph(runs: str = "", properties: str = "", end_lang: str | None = None) -> str:
    """<a:p> from its properties and runs; end_lang marks the paragraph end's language."""
    end = f'<a:endParaRPr lang="{end_lang}"/>' if end_lang else ""
    return f"<a:p>{properties}{runs}{end}</a:p>" if properties or runs or end else "<a:p/>"


# -- the template ----------------------------------------------------------------------

_TEXT_TYPES = {"title", "ctrTitle", "subTitle", "body", "obj"}
_LATENT_TYPES = {"dt", "ftr", "sldNum"}  # a new slide does not get these
# python-pptx's shape names for a cloned placeholder: "<basename> <id - 1>"
_BASENAMES = {"title": "Title", "ctrTitle": "Title", "subTitle": "Subtitle",
              "body": "Text Placeholder", "obj": "Content Placeholder", "pic": "Picture Placeholder",
              "tbl": "Table Placeholder", "chart": "Chart Placeholder",
              "dgm": "SmartArt Placeholder", "media": "Media Placeholder",
              "clipArt": "ClipArt Placeholder"}
_DEFAULT_INSETS = {"lIns": 91440, "tIns": 45720, "rIns": 91440, "bIns": 45720}


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
class Template:
    """What a build needs from the template, read once per process."""

    layouts: dict[str, Layout]
    presentation: str  # part name of presentation.xml
    slide_list: tuple[str, str]  # presentation.xml before and after the slide ids
    presentation_rels: tuple[tuple[str, str, str], ...]  # (Id, Type, Target)
    next_rid: int  # the first free rIdN in presentation.xml.rels
    notes_master: str  # part name
    defaults: dict[str, str]  # content types by extension
    overrides: dict[str, str]  # content types by part name ("/ppt/…")
    core: str  # part name of the core properties
    fixed: tuple[ZipMember, ...]  # the parts every deck has unchanged, compressed


def _rels_name(partname: str) -> str:
    folder, name = posixpath.split(partname)
    return posixpath.join(folder, "_rels", name + ".rels")


def _relationships(parts: Mapping[str, bytes], partname: str) -> list[tuple[str, str, str]]:
    """(Id, Type, absolute target) of a part's internal relationships ("" is the package)."""
    name = _rels_name(partname) if partname else "_rels/.rels"
    if name not in parts:
        return []
    base = posixpath.dirname(partname)
    return [(r.get("Id"), r.get("Type"), posixpath.normpath(posixpath.join(base, r.get("Target"))))
            for r in etree.fromstring(parts[name]) if r.get("TargetMode") != "External"]


def _target(rels: list[tuple[str, str, str]], rel_type: str) -> str:
    return next(target for _, kind, target in rels if kind == rel_type)


def _placeholders(tree) -> dict[str, etree._Element]:
    """A master's placeholder shapes by type, for what layouts inherit."""
    found = {}
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
            raise KitgenError(f"{where}: layout {name!r} has a placeholder without a position")
        insets = []
        for key, default in _DEFAULT_INSETS.items():
            values = [b.get(key) for b in (s.find(f"{{{P}}}txBody/{{{A}}}bodyPr") for s in sources)
                      if b is not None and b.get(key) is not None]
            insets.append(int(values[0]) if values else default)
        placeholders.append(Placeholder(
            type=ph_type, idx=int(ph.get("idx", "0")), orient=ph.get("orient", "horz"),
            sz=ph.get("sz", "full"), x=int(off.get("x")), y=int(off.get("y")),
            cx=int(ext.get("cx")), cy=int(ext.get("cy")), insets=tuple(insets)))
    return Layout(name, partname, tuple(placeholders))


@lru_cache(maxsize=2)
def _load(path: str, _stamp: tuple[int, int]) -> Template:
    where = Path(path).name
    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
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
        raise KitgenError(f"{where}: the template must not have slides, only layouts")
    marker = "@@slides@@"
    slide_ids.text = marker
    head, tail = serialise(pres).decode("utf-8").split(marker)

    pres_rels = _relationships(parts, main)
    master_name = _target(pres_rels, RT_SLIDE_MASTER)
    master = etree.fromstring(parts[master_name])
    master_rels = {rid: target for rid, _, target in _relationships(parts, master_name)}
    inherited = _placeholders(master)
    layouts = {}
    for layout_id in master.iterfind(f"{{{P}}}sldLayoutIdLst/{{{P}}}sldLayoutId"):
        partname = master_rels[layout_id.get(f"{{{R}}}id")]
        tree = etree.fromstring(parts[partname])
        name = tree.find(f"{{{P}}}cSld").get("name", "")
        layouts.setdefault(name, _layout(where, name, partname, tree, inherited))

    types = etree.fromstring(parts["[Content_Types].xml"])
    defaults = {e.get("Extension"): e.get("ContentType")
                for e in types.iterfind(f"{{{CONTENT_TYPES}}}Default")}
    overrides = {e.get("PartName"): e.get("ContentType")
                 for e in types.iterfind(f"{{{CONTENT_TYPES}}}Override")}
    rels = [(r.get("Id"), r.get("Type"), r.get("Target"))
            for r in etree.fromstring(parts[_rels_name(main)])]
    next_rid = max((int(rid[3:]) for rid, _, _ in rels if rid[3:].isdigit()), default=0) + 1
    fixed = {name: data for name, data in parts.items()
             if name not in ("[Content_Types].xml", main, _rels_name(main), core)}
    notes_master = next((target for _, kind, target in pres_rels if kind == RT_NOTES_MASTER), None)
    if notes_master is None:
        raise KitgenError(f"{where} has no notes master, which the speaker notes need; "
                          "save it once with notes in PowerPoint, or run tools/make_deck_template.py")
    return Template(
        layouts=layouts, presentation=main, slide_list=(head, tail),
        presentation_rels=tuple(rels), next_rid=next_rid, notes_master=notes_master,
        defaults=defaults, overrides=overrides, core=core,
        fixed=tuple(deflate(name, data) for name, data in fixed.items()))  # once: default level


def load_template(path: Path) -> Template:
    """The template at `path`, read once per process (again if the file changes)."""
    stat = path.stat()
    return _load(str(path), (stat.st_mtime_ns, stat.st_size))


# -- slides ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Image:
    """A picture file as the package stores it."""

    blob: bytes
    ext: str  # jpg, png, …
    filename: str
    size_px: tuple[int, int]
    dpi: tuple[int, int]

    @classmethod
    def load(cls, path: Path) -> Image:
        blob = path.read_bytes()
        with PILImage.open(io.BytesIO(blob)) as im:
            if im.format not in _IMAGE_EXT:
                raise KitgenError(f"{path.name}: a {im.format} image cannot go into a deck")
            dpi = im.info.get("dpi")
            ext, size = _IMAGE_EXT[im.format], im.size
        return cls(blob, ext, path.name, size, tuple(_dpi(v) for v in dpi) if isinstance(dpi, tuple)
                   else (72, 72))

    def width_for(self, height: int) -> int:
        """The width (EMU) that keeps the aspect ratio at `height`, as python-pptx scales."""
        native_cx = int(EMU_PER_INCH * self.size_px[0] / self.dpi[0])
        native_cy = int(EMU_PER_INCH * self.size_px[1] / self.dpi[1])
        return int(round(native_cx * (height / native_cy)))


def _dpi(value) -> int:
    try:
        dpi = int(round(float(value)))
    except (TypeError, ValueError):
        return 72
    return dpi if 1 <= dpi <= 2048 else 72


@dataclass
class _Shape:
    id: int
    name: str
    placeholder: Placeholder | None = None
    paragraphs: str | None = None  # a filled text placeholder's <a:p> elements
    xml: str = ""  # any other shape, complete


class Slide:
    """A slide being written: the layout's placeholders (cloned with the ids and
    names python-pptx gives them), added pictures and tables, the speaker notes."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self._shapes: list[_Shape] = []
        names: set[str] = set()
        for ph in layout.placeholders:
            shape_id = len(self._shapes) + 2
            basename = _BASENAMES.get(ph.type, "Placeholder")
            if ph.orient == "vert":
                basename = f"Vertical {basename}"
            number = shape_id - 1
            while f"{basename} {number}" in names:
                number += 1
            names.add(f"{basename} {number}")
            self._shapes.append(_Shape(shape_id, f"{basename} {number}", ph))
        self.notes = "<a:p/>"
        self.images: list[Image] = []

    def _placeholder(self, idx: int) -> _Shape:
        for shape in self._shapes:
            if shape.placeholder is not None and shape.placeholder.idx == idx:
                return shape
        raise KitgenError(f"the slide (layout {self.layout.name!r}) has no placeholder idx {idx}")

    def placeholder_ids(self) -> list[int]:
        """The idx of each placeholder still on the slide."""
        return [s.placeholder.idx for s in self._shapes if s.placeholder is not None]

    def name(self, idx: int) -> str:
        return self._placeholder(idx).name

    def set_text(self, idx: int, paragraphs: Iterable[str]) -> None:
        """Fill a placeholder with <a:p> elements. The frame wraps and never
        autofits: the builder has sized the text to fit."""
        self._placeholder(idx).paragraphs = "".join(paragraphs)

    def drop(self, idx: int) -> None:
        """Remove a placeholder, so no empty prompt is left on the slide."""
        self._shapes.remove(self._placeholder(idx))

    def _next_id(self) -> int:
        return max((s.id for s in self._shapes), default=1) + 1

    def add_picture(self, image: Image, x: int, y: int, height: int) -> None:
        """A picture at (x, y), `height` high, as wide as its aspect ratio makes it."""
        self.images.append(image)
        shape_id = self._next_id()
        self._shapes.append(_Shape(shape_id, f"Picture {shape_id - 1}", xml=(
            f'<p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="Picture {shape_id - 1}" '
            f'descr="{xml_attr(image.filename)}"/>'
            '<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>'
            f'<p:blipFill><a:blip r:embed="rId{len(self.images) + 2}"/>'
            '<a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm>'
            f'<a:off x="{x}" y="{y}"/><a:ext cx="{image.width_for(height)}" cy="{height}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')))

    def add_table(self, x: int, y: int, widths: list[int], height: int,
                  rows: list[list[str]]) -> None:
        """A table in the default table style; rows share `height` evenly (the last
        takes the rounding) and each cell is an <a:tc> from table_cell()."""
        shape_id = self._next_id()
        row_height = height // len(rows)
        heights = [row_height] * (len(rows) - 1) + [height - row_height * (len(rows) - 1)]
        grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
        body = "".join(f'<a:tr h="{h}">{"".join(cells)}</a:tr>' for h, cells in zip(heights, rows))
        self._shapes.append(_Shape(shape_id, f"Table {shape_id - 1}", xml=(
            f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name="Table {shape_id - 1}"/>'
            '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/>'
            f'</p:nvGraphicFramePr><p:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{sum(widths)}" '
            f'cy="{height}"/></p:xfrm><a:graphic><a:graphicData '
            'uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>'
            '<a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}'
            f'</a:tableStyleId></a:tblPr><a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl></a:graphicData>'
            '</a:graphic></p:graphicFrame>')))

    def set_notes(self, paragraphs: Iterable[str]) -> None:
        """The speaker notes, as <a:p> elements."""
        self.notes = "".join(paragraphs) or "<a:p/>"

    def xml(self) -> str:
        shapes = []
        for s in self._shapes:
            if s.placeholder is None:
                shapes.append(s.xml)
                continue
            if not s.placeholder.has_text_frame:
                body = ""
            elif s.paragraphs is None:
                body = "<p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody>"
            else:
                body = (f'<p:txBody><a:bodyPr wrap="square"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
                        f"{s.paragraphs}</p:txBody>")
            shapes.append(
                f'<p:sp><p:nvSpPr><p:cNvPr id="{s.id}" name="{xml_attr(s.name)}"/><p:cNvSpPr>'
                f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{s.placeholder.ph_xml}</p:nvPr></p:nvSpPr>'
                f"<p:spPr/>{body}</p:sp>")
        return (f'{XML_DECLARATION}<p:sld {_NSDECLS}><p:cSld><p:spTree><p:nvGrpSpPr>'
                '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
                f'{"".join(shapes)}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/>'
                "</p:clrMapOvr></p:sld>")


def table_cell(content: str, fill: str, wrap: bool = False) -> str:
    """<a:tc>: one paragraph (or more) on a solid fill."""
    body_pr = '<a:bodyPr wrap="square"/>' if wrap else "<a:bodyPr/>"
    return (f"<a:tc><a:txBody>{body_pr}<a:lstStyle/>{content}</a:txBody><a:tcPr><a:solidFill>"
            f'<a:srgbClr val="{fill}"/></a:solidFill></a:tcPr></a:tc>')


_LOCKED = '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
# A notes page: the placeholders python-pptx clones from its notes master (slide
# image, notes, slide number); the notes go in between.
_NOTES_HEAD = (
    f'{XML_DECLARATION}<p:notes {_NSDECLS}><p:cSld><p:spTree><p:nvGrpSpPr>'
    '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>'
    '<a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/>'
    '</a:xfrm></p:grpSpPr>'
    f'<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/>{_LOCKED}'
    '<p:nvPr><p:ph type="sldImg" idx="2"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'
    f'<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/>{_LOCKED}'
    '<p:nvPr><p:ph type="body" idx="3" sz="quarter"/></p:nvPr></p:nvSpPr><p:spPr/>'
    '<p:txBody><a:bodyPr/><a:lstStyle/>')
_NOTES_TAIL = (
    '</p:txBody></p:sp>'
    f'<p:sp><p:nvSpPr><p:cNvPr id="4" name="Slide Number Placeholder 3"/>{_LOCKED}'
    '<p:nvPr><p:ph type="sldNum" idx="5" sz="quarter"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'
    "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>")


# -- the package -----------------------------------------------------------------------

def _rels_xml(rels: Iterable[tuple[str, str, str]]) -> bytes:
    items = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{xml_attr(target)}"/>'
                    for rid, kind, target in rels)
    return f'{XML_DECLARATION}<Relationships xmlns="{PKG_RELS}">{items}</Relationships>'.encode()


@lru_cache(maxsize=1024)
def _relative(source: str, target: str) -> str:
    """A relationship target: `target` relative to the folder of `source`."""
    return posixpath.relpath(target, posixpath.dirname(source))


def write_pptx(template: Template, slides: list[Slide], core: bytes, when: datetime) -> bytes:
    """The finished .pptx: the template's parts, the slides with their notes pages,
    and `core` (docProps/core.xml). The same slides give the same bytes: members
    in a fixed order, all stamped `when`."""
    defaults, overrides = dict(template.defaults), dict(template.overrides)
    rels, slide_ids = list(template.presentation_rels), []
    parts: list[tuple[str, bytes]] = []  # written by this build
    media: dict[bytes, str] = {}
    for number, slide in enumerate(slides, 1):
        name = f"ppt/slides/slide{number}.xml"
        notes = f"ppt/notesSlides/notesSlide{number}.xml"
        slide_rels = [("rId1", RT_SLIDE_LAYOUT, _relative(name, slide.layout.partname)),
                      ("rId2", RT_NOTES_SLIDE, _relative(name, notes))]
        for rid, image in enumerate(slide.images, 3):  # as Slide.add_picture numbered them
            if image.blob not in media:
                media[image.blob] = f"ppt/media/image{len(media) + 1}.{image.ext}"
                parts.append((media[image.blob], image.blob))
                defaults.setdefault(image.ext, CT_IMAGES[image.ext])
            slide_rels.append((f"rId{rid}", RT_IMAGE, _relative(name, media[image.blob])))
        notes_rels = [("rId1", RT_NOTES_MASTER, _relative(notes, template.notes_master)),
                      ("rId2", RT_SLIDE, _relative(notes, name))]
        parts += [(name, slide.xml().encode()), (_rels_name(name), _rels_xml(slide_rels)),
                  (notes, (_NOTES_HEAD + slide.notes + _NOTES_TAIL).encode()),
                  (_rels_name(notes), _rels_xml(notes_rels))]
        overrides["/" + name] = CT_SLIDE
        overrides["/" + notes] = CT_NOTES_SLIDE
        rid = f"rId{template.next_rid + number - 1}"
        slide_ids.append(f'<p:sldId id="{255 + number}" r:id="{rid}"/>')
        rels.append((rid, RT_SLIDE, _relative(template.presentation, name)))

    content_types = (
        f'{XML_DECLARATION}<Types xmlns="{CONTENT_TYPES}">'
        + "".join(f'<Default Extension="{ext}" ContentType="{ct}"/>'
                  for ext, ct in sorted(defaults.items()))
        + "".join(f'<Override PartName="{xml_attr(name)}" ContentType="{ct}"/>'
                  for name, ct in sorted(overrides.items()))
        + "</Types>")
    head, tail = template.slide_list
    package = [("[Content_Types].xml", content_types.encode()),
               (template.presentation, (head + "".join(slide_ids) + tail).encode()),
               (_rels_name(template.presentation), _rels_xml(rels)),
               (template.core, core)]
    return write_zip([_deflate(name, data) for name, data in package]
                     + list(template.fixed)
                     + [_deflate(name, data) for name, data in parts], when)


@lru_cache(maxsize=4096)
def _deflate(name: str, data: bytes) -> ZipMember:
    """A part compressed once per content: in a batch, teams with the same
    exercises share most slides' relationships, notes pages and many slides."""
    return deflate(name, data, COMPRESS_LEVEL)

