"""Build templates/deck.pptx: 16:9, with the named layouts the deck builder fills.

The look follows the posters: a title band in the theme's primary colour with
white type, highlights in its accent colour, panels in its light colour. The
layouts draw with the template's *theme colours* (dk2 = primary, accent2 =
accent, lt2 = light, dk1 = text), and the deck builder writes each kit's theme
into the colour scheme, so one template serves every workplace's branding.

Layouts (placeholder idx in brackets; the builder measures text against each
placeholder's box, so a designer may move, resize, recolour and restyle them in
PowerPoint as long as the names and idx stay):

  Title      full primary background; title, subtitle [1], chips row [2]
  Agenda     band; the day's program [1]
  Section    tall band: eyebrow [2] (block n of N, time), title; the whole day [1],
             or in two columns [3] [4]
  Content    band; main text [1], a light side panel [2]
  Step       band; the where-are-we strip [2], step heading [3] beside a
             number disc, minute and clock chips [4], the instruction [1]
  Questions  band; questions [1]
  Closing    band; the action plan table's area [1]

Shapes the builder adds (chips, discs, the strip, the logo card) take their
colours from the same theme colours. Run once after changing the look; the
result is committed.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.parts.slide import SlideLayoutPart
from pptx.util import Emu

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kitgen.builders.office.opc import normalise_zip  # noqa: E402

W, H = Emu(12192000), Emu(6858000)  # 16:9, 13.333 × 7.5 in
EMU = 914400
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = f'xmlns:p="{P_NS}" xmlns:a="{A_NS}"'
# The default theme's colours (templates/themes/default.yaml), for a designer
# opening the template; every build writes its own theme's.
SCHEME = {"dk1": "222222", "lt1": "FFFFFF", "dk2": "1F4E79", "lt2": "EAF1F8",
          "accent1": "1F4E79", "accent2": "C55A11"}

BAND = 1.4  # in: the title band's height (room for a title in two lines)
MARGIN = 0.6
INNER = 13.333 - 2 * MARGIN


def _emu(v: float) -> int:
    return int(round(v * EMU))


def _xfrm(x: float, y: float, w: float, h: float) -> str:
    return (f'<a:xfrm><a:off x="{_emu(x)}" y="{_emu(y)}"/>'
            f'<a:ext cx="{_emu(w)}" cy="{_emu(h)}"/></a:xfrm>')


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'


def decor(shape_id: int, name: str, box: tuple[float, float, float, float], colour: str,
          geom: str = "rect") -> str:
    """A shape that is part of the layout's look (not a placeholder)."""
    adjust = '<a:avLst><a:gd name="adj" fmla="val 6000"/></a:avLst>' if geom == "roundRect" else "<a:avLst/>"
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/>'
            f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{_xfrm(*box)}<a:prstGeom prst="{geom}">{adjust}'
            f'</a:prstGeom>{_fill(colour)}<a:ln><a:noFill/></a:ln></p:spPr>'
            '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:endParaRPr lang="da-DK"/>'
            '</a:p></p:txBody></p:sp>')


def placeholder(shape_id: int, kind: str, idx: int, name: str, box: tuple[float, float, float, float],
                size: int, colour: str, bold: bool = False, anchor: str = "t", prompt: str = "Tekst") -> str:
    """A text placeholder with its own position, insets, anchor and type style."""
    ph = f'<p:ph type="{kind}"/>' if kind == "title" else f'<p:ph type="{kind}" idx="{idx}"/>'
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr>'
            f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>'
            f'<p:spPr>{_xfrm(*box)}</p:spPr>'
            f'<p:txBody><a:bodyPr wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
            f'anchor="{anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle><a:lvl1pPr marL="0" indent="0">'
            f'<a:buNone/><a:defRPr sz="{size * 100}" b="{int(bold)}">{_fill(colour)}</a:defRPr>'
            f'</a:lvl1pPr></a:lstStyle><a:p><a:r><a:rPr lang="da-DK"/><a:t>{prompt}</a:t></a:r></a:p>'
            '</p:txBody></p:sp>')


def band(ids: int, height: float = BAND) -> str:
    """The title band across the top, and a thin accent rule under it."""
    return (decor(ids, "Band", (0, 0, 13.333, height), "tx2")
            + decor(ids + 1, "Accent rule", (0, height, 13.333, 0.06), "accent2"))


def title(box: tuple[float, float, float, float] = (MARGIN, 0.12, 10.7, BAND - 0.24), size: int = 32) -> str:
    return placeholder(2, "title", 0, "Title 1", box, size, "bg1", bold=True, anchor="ctr",
                       prompt="Titel")


BODY_TOP = BAND + 0.3
BODY = (MARGIN, BODY_TOP, INNER, 7.5 - BODY_TOP - 0.35)

LAYOUTS: dict[str, tuple[str, str]] = {
    # name: (background, shapes)
    "Title": ('<p:bg><p:bgPr><a:solidFill><a:schemeClr val="tx2"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>',
              decor(20, "Accent rule", (MARGIN + 0.1, 1.75, 1.6, 0.09), "accent2")
              + placeholder(2, "title", 0, "Title 1", (MARGIN, 1.95, 10.2, 2.0), 44, "bg1", bold=True,
                            anchor="b", prompt="Titel")
              + placeholder(11, "body", 1, "Subtitle 1", (MARGIN, 4.1, 10.2, 1.9), 24, "bg2")
              + placeholder(12, "body", 2, "Chips 2", (MARGIN, 6.2, 10.2, 0.75), 20, "bg1")),
    "Agenda": ("", band(20) + title() + placeholder(11, "body", 1, "Text 1", BODY, 24, "tx1")),
    "Section": ("", band(20, 2.3)
                + title((MARGIN, 0.77, 10.7, 1.43), 36)  # first: the title leads the reading order
                + placeholder(12, "body", 2, "Eyebrow 2", (MARGIN, 0.22, 10.7, 0.55), 20, "bg2")
                + placeholder(11, "body", 1, "Text 1", (MARGIN, 2.6, INNER, 4.6), 22, "tx1")
                + placeholder(13, "body", 3, "Column 3", (MARGIN, 2.6, INNER / 2 - 0.15, 4.6), 20, "tx1")
                + placeholder(14, "body", 4, "Column 4", (MARGIN + INNER / 2 + 0.15, 2.6, INNER / 2 - 0.15,
                                                          4.6), 20, "tx1")),
    "Content": ("", band(20) + title()
                + decor(22, "Side panel", (8.45, BODY_TOP, 13.333 - MARGIN - 8.45, BODY[3]), "bg2",
                        "roundRect")
                + placeholder(11, "body", 1, "Text 1", (MARGIN, BODY_TOP, 7.55, BODY[3]), 24, "tx1")
                + placeholder(12, "body", 2, "Side 2", (8.6, BODY_TOP + 0.15, 13.333 - MARGIN - 8.75,
                                                        BODY[3] - 0.3), 20, "tx1")),
    "Step": ("", band(20) + title()
             + placeholder(12, "body", 2, "Strip 2", (MARGIN, BODY_TOP, INNER, 0.8), 18, "tx1")
             + placeholder(13, "body", 3, "Step 3", (MARGIN + 1.15, BODY_TOP + 1.15, 7.75, 1.15), 30,
                           "tx2", bold=True, anchor="ctr")
             + placeholder(14, "body", 4, "Chips 4", (9.65, BODY_TOP + 1.2, 13.333 - MARGIN - 9.65, 1.05),
                           20, "tx1")
             + placeholder(11, "body", 1, "Text 1", (MARGIN, BODY_TOP + 2.5, INNER, 7.5 - BODY_TOP - 2.85),
                           24, "tx1")),
    "Questions": ("", band(20) + title() + placeholder(11, "body", 1, "Text 1", BODY, 24, "tx1")),
    "Closing": ("", band(20) + title() + placeholder(11, "body", 1, "Text 1", BODY, 20, "tx1")),
}


def layout_xml(name: str, background: str, shapes: str) -> str:
    return (f'<p:sldLayout {NS} preserve="1" userDrawn="1"><p:cSld name="{name}">{background}<p:spTree>'
            '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr>'
            '<a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
            f'<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>{shapes}</p:spTree></p:cSld>'
            '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>')


def add_layout(prs, base, name: str, background: str, shapes: str) -> None:
    master = prs.slide_master
    package = prs.part.package
    partname = package.next_partname("/ppt/slideLayouts/slideLayout%d.xml")
    element = parse_xml(layout_xml(name, background, shapes))
    part = SlideLayoutPart(PackURI(partname), base.part.content_type, package, element)
    part.relate_to(master.part, RT.SLIDE_MASTER)
    rid = master.part.relate_to(part, RT.SLIDE_LAYOUT)
    id_list = master._element.get_or_add_sldLayoutIdLst()
    next_id = max([int(e.get("id")) for e in id_list] + [2147483648]) + 1
    entry = etree.SubElement(id_list, qn("p:sldLayoutId"))
    entry.set("id", str(next_id))
    entry.set(qn("r:id"), rid)


def set_scheme(prs) -> None:
    theme_part = next(rel.target_part for rel in prs.slide_master.part.rels.values()
                      if rel.reltype == RT.THEME)
    tree = etree.fromstring(theme_part.blob)
    scheme = tree.find(f".//{{{A_NS}}}clrScheme")
    scheme.set("name", "kitgen")
    for key, value in SCHEME.items():
        slot = scheme.find(f"{{{A_NS}}}{key}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A_NS}}}srgbClr").set("val", value)
    for font in tree.iterfind(f".//{{{A_NS}}}fontScheme/*/{{{A_NS}}}latin"):
        font.set("typeface", "Calibri")
    theme_part._blob = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def main(out: Path = ROOT / "templates" / "deck.pptx") -> None:
    prs = Presentation()
    old_w = prs.slide_width
    prs.slide_width, prs.slide_height = W, H
    master = prs.slide_master
    for shape in master.shapes:  # stretch the 4:3 master to 16:9
        shape.left = Emu(int(shape.left * W / old_w))
        shape.width = Emu(int(shape.width * W / old_w))
    # Master text styles: Calibri, no bullets by default, the text colour.
    for style_tag in ("p:titleStyle", "p:bodyStyle", "p:otherStyle"):
        style = master._element.find(f".//{qn('p:txStyles')}/{qn(style_tag)}")
        for latin in style.iter(qn("a:latin")):
            latin.set("typeface", "Calibri")
    title_style = master._element.find(f".//{qn('p:txStyles')}/{qn('p:titleStyle')}")
    title_style.find(qn("a:lvl1pPr")).set("algn", "l")  # titles align with the text below
    set_scheme(prs)
    old_layouts = list(prs.slide_layouts)
    base = old_layouts[0]
    for name, (background, shapes) in LAYOUTS.items():
        add_layout(prs, base, name, background, shapes)
    for layout in old_layouts:
        prs.slide_layouts.remove(layout)
    prs.notes_master  # noqa: B018  (creates the notes master, so the template carries its own)
    props = prs.core_properties
    props.title = "kitgen deck template"
    props.author = props.last_modified_by = "kitgen"
    props.created = props.modified = datetime(2026, 1, 1)
    props.revision = 1
    buf = io.BytesIO()
    prs.save(buf)
    out.write_bytes(normalise_zip(buf.getvalue(), datetime(2026, 1, 1)))
    print(f"wrote {out}: {[l.name for l in Presentation(str(out)).slide_layouts]}")


if __name__ == "__main__":
    main()
