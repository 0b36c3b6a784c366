"""Build templates/deck.pptx: 16:9, with the named layouts the deck builder uses.

Layouts (placeholder idx in brackets):
  Title      title, subtitle [1]
  Agenda     title, agenda list [1]
  Section    title, agenda list with the current block highlighted [1]
  Content    title, main text [1], side panel [2]
  Steps      title, steps [1]
  Questions  title, questions [1], core-task strip [2]
  Closing    title, action plan area [1]

Run once after changing the look; the result is committed. A designer may move,
recolour and restyle the layouts in PowerPoint as long as names and idx stay:
the builder measures text against each placeholder's size in the template.
"""

from __future__ import annotations

import copy
import io
import sys
from datetime import datetime
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.parts.slide import SlideLayoutPart
from pptx.util import Emu, Inches

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kitgen.builders.office.opc import normalise_zip  # noqa: E402

W, H = Emu(12192000), Emu(6858000)  # 16:9, 13.333 × 7.5 in
TITLE = (0.6, 0.4, 12.13, 0.95)
BODY = (0.6, 1.5, 12.13, 5.5)
LAYOUTS = {
    "Title": {"title": (0.8, 1.9, 11.73, 2.0), 1: (0.8, 4.1, 11.73, 2.5)},
    "Agenda": {"title": TITLE, 1: BODY},
    "Section": {"title": TITLE, 1: BODY},
    "Content": {"title": TITLE, 1: (0.6, 1.5, 7.7, 5.5), 2: (8.6, 1.5, 4.13, 5.5)},
    "Steps": {"title": TITLE, 1: BODY},
    "Questions": {"title": TITLE, 1: (0.6, 1.5, 12.13, 4.45), 2: (0.6, 6.1, 12.13, 0.95)},
    "Closing": {"title": TITLE, 1: BODY},
}
PRIMARY = RGBColor(0x1F, 0x4E, 0x79)
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _xfrm(sp, box):
    x, y, w, h = (Inches(v) for v in box)
    sp.left, sp.top, sp.width, sp.height = x, y, w, h


def _body_placeholder(idx: int, shape_id: int):
    xml = (
        f'<p:sp xmlns:p="{P_NS}" xmlns:a="{A_NS}">'
        f'<p:nvSpPr><p:cNvPr id="{shape_id}" name="Text {idx}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f'<p:nvPr><p:ph type="body" idx="{idx}"/></p:nvPr></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm></p:spPr>'
        '<p:txBody><a:bodyPr wrap="square"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
        '<a:p><a:r><a:rPr lang="da-DK"/><a:t>Tekst</a:t></a:r></a:p></p:txBody></p:sp>')
    return parse_xml(xml)


def clone_layout(prs, base, name: str, spec: dict):
    master = prs.slide_master
    package = prs.part.package
    partname = package.next_partname("/ppt/slideLayouts/slideLayout%d.xml")
    element = copy.deepcopy(base._element)
    part = SlideLayoutPart(PackURI(partname), base.part.content_type, package, element)
    part.relate_to(master.part, RT.SLIDE_MASTER)
    rid = master.part.relate_to(part, RT.SLIDE_LAYOUT)
    id_list = master._element.get_or_add_sldLayoutIdLst()
    next_id = max([int(e.get("id")) for e in id_list] + [2147483648]) + 1
    entry = etree.SubElement(id_list, qn("p:sldLayoutId"))
    entry.set("id", str(next_id))
    entry.set(qn("r:id"), rid)
    layout = part.slide_layout
    layout.name = name
    tree = layout.shapes._spTree
    # keep the title; drop every other placeholder (dates, footers, bodies) and add ours
    for sp in list(layout.placeholders):
        if sp.placeholder_format.type not in (1, 3):  # TITLE, CENTER_TITLE
            tree.remove(sp._element)
    title = next(iter(layout.placeholders))
    _xfrm(title, spec["title"])
    for idx, box in spec.items():
        if idx == "title":
            continue
        sp_el = _body_placeholder(idx, 10 + idx)
        tree.append(sp_el)
        _xfrm(layout.placeholders[idx], box)
    return layout


def main(out: Path = ROOT / "templates" / "deck.pptx") -> None:
    prs = Presentation()
    old_w = prs.slide_width
    prs.slide_width, prs.slide_height = W, H
    master = prs.slide_master
    for shape in master.shapes:  # stretch the 4:3 master to 16:9
        shape.left = Emu(int(shape.left * W / old_w))
        shape.width = Emu(int(shape.width * W / old_w))
    # Master text styles: Calibri, the title in the primary colour, no autofit.
    for style_tag in ("p:titleStyle", "p:bodyStyle"):
        style = master._element.find(f".//{qn('p:txStyles')}/{qn(style_tag)}")
        for latin in style.iter(qn("a:latin")):
            latin.set("typeface", "Calibri")
    title_style = master._element.find(f".//{qn('p:txStyles')}/{qn('p:titleStyle')}")
    title_style.find(qn("a:lvl1pPr")).set("algn", "l")  # titles align with the text below
    old_layouts = list(prs.slide_layouts)
    base = prs.slide_layouts.get_by_name("Title Only")
    title_only = base
    for name, spec in LAYOUTS.items():
        base = old_layouts[0] if name == "Title" else title_only
        clone_layout(prs, base, name, spec)
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
