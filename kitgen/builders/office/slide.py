"""A slide being written: the layout's placeholders, pictures, tables and the notes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from PIL import Image as PILImage

from kitgen.builders.office.pptx_template import BASENAMES, Layout, Placeholder
from kitgen.builders.office.presentationml import EMU_PER_INCH, IMAGE_EXT, NSDECLS
from kitgen.builders.office.xml import XML_DECLARATION, xml_attr
from kitgen.errors import KitgenError


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
            if im.format not in IMAGE_EXT:
                raise KitgenError(f"{path.name}: a {im.format} image cannot go into a deck")
            dpi = im.info.get("dpi")
            ext, size = IMAGE_EXT[im.format], im.size
        dpis = (_dpi(dpi[0]), _dpi(dpi[1])) if isinstance(dpi, tuple) and len(dpi) == 2 else (72, 72)
        return cls(blob, ext, path.name, size, dpis)

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
            basename = BASENAMES.get(ph.type, "Placeholder")
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

    def filled(self, idx: int) -> bool:
        return self._placeholder(idx).paragraphs is not None

    def drop(self, idx: int) -> None:
        """Remove a placeholder, so no empty prompt is left on the slide."""
        self._shapes.remove(self._placeholder(idx))

    def _next_id(self) -> int:
        return max((s.id for s in self._shapes), default=1) + 1

    def add_picture(self, image: Image, x: int, y: int, height: int, alt: str) -> None:
        """A picture at (x, y), `height` high, as wide as its aspect ratio makes it;
        `alt` says what it shows (a file name is no alt text)."""
        self.images.append(image)
        shape_id = self._next_id()
        self._shapes.append(_Shape(shape_id, f"Picture {shape_id - 1}", xml=(
            f'<p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="Picture {shape_id - 1}" '
            f'descr="{xml_attr(alt)}"/>'
            '<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>'
            f'<p:blipFill><a:blip r:embed="rId{len(self.images) + 2}"/>'
            '<a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm>'
            f'<a:off x="{x}" y="{y}"/><a:ext cx="{image.width_for(height)}" cy="{height}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')))

    def add_shape(self, make: Callable[[int], str]) -> None:
        """A shape of the builder's own (a chip, a disc): `make(shape_id)` gives its XML."""
        shape_id = self._next_id()
        self._shapes.append(_Shape(shape_id, "", xml=make(shape_id)))

    def area(self, idx: int) -> Placeholder:
        """Where a layout's placeholder is, for shapes drawn in its place."""
        return self.layout.placeholder(idx)

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
        return (f'{XML_DECLARATION}<p:sld {NSDECLS}><p:cSld><p:spTree><p:nvGrpSpPr>'
                '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
                f'{"".join(shapes)}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/>'
                "</p:clrMapOvr></p:sld>")


def table_cell(content: str, fill: str, wrap: bool = False) -> str:
    """<a:tc>: one paragraph (or more) on a solid fill."""
    body_pr = '<a:bodyPr wrap="square"/>' if wrap else "<a:bodyPr/>"
    return (f"<a:tc><a:txBody>{body_pr}<a:lstStyle/>{content}</a:txBody><a:tcPr><a:solidFill>"
            f'<a:srgbClr val="{xml_attr(fill)}"/></a:solidFill></a:tcPr></a:tc>')


_LOCKED = '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
# A notes page: the placeholders python-pptx clones from its notes master (slide
# image, notes, slide number); the notes go in between.
NOTES_HEAD = (
    f'{XML_DECLARATION}<p:notes {NSDECLS}><p:cSld><p:spTree><p:nvGrpSpPr>'
    '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>'
    '<a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/>'
    '</a:xfrm></p:grpSpPr>'
    f'<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/>{_LOCKED}'
    '<p:nvPr><p:ph type="sldImg" idx="2"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'
    f'<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/>{_LOCKED}'
    '<p:nvPr><p:ph type="body" idx="3" sz="quarter"/></p:nvPr></p:nvSpPr><p:spPr/>'
    '<p:txBody><a:bodyPr/><a:lstStyle/>')
NOTES_TAIL = (
    '</p:txBody></p:sp>'
    f'<p:sp><p:nvSpPr><p:cNvPr id="4" name="Slide Number Placeholder 3"/>{_LOCKED}'
    '<p:nvPr><p:ph type="sldNum" idx="5" sz="quarter"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'
    "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>")
