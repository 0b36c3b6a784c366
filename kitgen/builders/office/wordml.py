"""WordprocessingML written as text: runs, paragraphs, fields and tables.

Each function returns a fragment of word/document.xml (or of a header or
footer) as a str, so a builder can join thousands of them without building an
element tree. The markup is what python-docx writes for the same calls. All
text goes through xml_text, so user text is always data; widths and heights
are in twips. Fragments use the prefix w: for the main namespace, which the
part's root element must declare.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from kitgen.builders.office.xml import xml_attr, xml_text

EMU_PER_TWIP = 635

_BOLD = {None: "", True: "<w:rPr><w:b/></w:rPr>", False: '<w:rPr><w:b w:val="0"/></w:rPr>'}
_TABLE_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0"'
               ' w:noHBand="0" w:noVBand="1" w:val="04A0"/>')


def twips(emu: int) -> int:
    """A length in EMU (python-docx's Length) in whole twips, rounded as python-docx does."""
    return int(round(emu / EMU_PER_TWIP))


def _text(piece: str) -> str:
    return f'<w:t xml:space="preserve">{xml_text(piece)}</w:t>' if piece else ""


def run(text: str, bold: bool | None = None) -> str:
    """<w:r> with its text: tabs become <w:tab/>, line breaks <w:br/>.
    bold None inherits from the style; False switches a bold style off."""
    props = _BOLD[bold]
    if not text:
        return f"<w:r>{props}</w:r>" if props else "<w:r/>"
    if "\t" in text or "\n" in text:
        body = "<w:br/>".join("<w:tab/>".join(_text(piece) for piece in line.split("\t"))
                              for line in text.split("\n"))
    else:
        body = _text(text)
    return f"<w:r>{props}{body}</w:r>"


def field(instruction: str, placeholder: str = "1") -> str:
    """A simple field (PAGE, NUMPAGES) showing `placeholder` until the reader updates it."""
    return (f'<w:fldSimple w:instr=" {xml_attr(instruction)} ">'
            f"<w:r><w:t>{xml_text(placeholder)}</w:t></w:r></w:fldSimple>")


def paragraph(content: str = "", style: str | None = None, *, keep_next: bool = False,
              page_break_before: bool = False, align: str | None = None,
              exact_line: int | None = None) -> str:
    """<w:p> holding `content` (runs and fields); style is a w:styleId; with
    exact_line every line is that many twips high, with no space after."""
    props = []
    if style:
        props.append(f'<w:pStyle w:val="{xml_attr(style)}"/>')
    if keep_next:
        props.append("<w:keepNext/>")
    if page_break_before:
        props.append("<w:pageBreakBefore/>")
    if exact_line is not None:
        props.append(f'<w:spacing w:after="0" w:line="{int(exact_line)}" w:lineRule="exact"/>')
    if align:
        props.append(f'<w:jc w:val="{xml_attr(align)}"/>')
    if not props and not content:
        return "<w:p/>"
    ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{content}</w:p>"


def cell(width: int, content: str = "", fill: str | None = None, span: int = 1) -> str:
    """<w:tc> of `width` twips (w:tcW, which Word reads) holding paragraphs (one
    empty paragraph when none: a cell must end with one); spanning `span` grid
    columns, shaded with the hex colour `fill`."""
    props = f'<w:tcW w:type="dxa" w:w="{width}"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{xml_attr(fill)}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def row(cells: Iterable[str], *, height: int | None = None, header: bool = False,
        cant_split: bool = False) -> str:
    """<w:tr>: at least `height` twips high, repeated on each page as a header
    row, never split across pages, as asked."""
    props = ""
    if height is not None:
        props += f'<w:trHeight w:val="{height}" w:hRule="atLeast"/>'
    if header:
        props += "<w:tblHeader/>"
    if cant_split:
        props += "<w:cantSplit/>"
    trpr = f"<w:trPr>{props}</w:trPr>" if props else ""
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


def table(widths: Sequence[int], rows: Iterable[str], style: str | None = None) -> str:
    """<w:tbl>, left aligned with a fixed layout: the columns are `widths` twips
    (w:gridCol, which LibreOffice reads). style is a w:styleId; None uses the
    document's default table style."""
    props = f'<w:tblStyle w:val="{xml_attr(style)}"/>' if style else ""
    props += '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="left"/><w:tblLayout w:type="fixed"/>'
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    return (f"<w:tbl><w:tblPr>{props}{_TABLE_LOOK}</w:tblPr>"
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")


def text_control(sdt_id: int, title: str, tag: str, lines: int, line_text: str) -> str:
    """A plain-text content control (run-level w:sdt) for a write-in field: its
    title (w:alias) is what Word shows on it and a reader's PDF field tooltip,
    its tag the field's stable name. Empty, it shows `lines` lines of
    `line_text` (blanks as wide as the box) as its placeholder: invisible, and
    what LibreOffice measures the PDF form field it makes from the control by
    (from the first character's top left to the last one's bottom right).
    Multi-line: Enter in Word starts a new line inside the control."""
    blank = _text(line_text)
    body = "<w:br/>".join([blank] * max(1, lines))
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{xml_attr(title)}"/><w:tag w:val="{xml_attr(tag)}"/>'
            f'<w:id w:val="{int(sdt_id)}"/><w:showingPlcHdr/><w:text w:multiLine="1"/></w:sdtPr>'
            f"<w:sdtContent><w:r>{body}</w:r></w:sdtContent></w:sdt>")


BOX_FONT = "OpenSymbol"  # ☐/☒ in LibreOffice's own symbol font; Word finds them in its symbol fonts


def check_control(sdt_id: int, title: str, tag: str) -> str:
    """A checkbox content control (run-level w:sdt, Word 2010's w14:checkbox):
    Word and LibreOffice tick it with a click, and LibreOffice exports it as a
    PDF check box. Unticked it shows ☐, ticked ☒."""
    font = f'w14:font="{BOX_FONT}"'
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{xml_attr(title)}"/><w:tag w:val="{xml_attr(tag)}"/>'
            f'<w:id w:val="{int(sdt_id)}"/><w14:checkbox><w14:checked w14:val="0"/>'
            f'<w14:checkedState w14:val="2612" {font}/><w14:uncheckedState w14:val="2610" {font}/>'
            f'</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="{BOX_FONT}" '
            f'w:hAnsi="{BOX_FONT}" w:cs="{BOX_FONT}"/></w:rPr><w:t>\u2610</w:t></w:r></w:sdtContent></w:sdt>')
