"""DrawingML text: runs, paragraph properties and paragraphs, as strings.

Text goes through xml_text and attribute values through xml_attr: user text is
data, and a line break inside a paragraph becomes <a:br/>.
"""

from __future__ import annotations

from functools import lru_cache

from kitgen.builders.office.xml import xml_attr, xml_text


def run(value: str, lang: str, size: float | None = None, bold: bool | None = None,
        color: str | None = None) -> str:
    """<a:r>: a run of text with its language, and size (pt), weight and colour if
    given. `lang` (a language tag) and `color` (hex RGB or a scheme colour) go into attributes as they
    are: they come from kitgen's locales and the validated theme, never from users."""
    props = f'lang="{xml_attr(lang)}"'
    if size is not None:
        props += f' sz="{int(round(size * 100))}"'
    if bold is not None:
        props += f' b="{int(bold)}"'
    if color:
        rpr = f"<a:rPr {props}><a:solidFill>{colour(color)}</a:solidFill></a:rPr>"
    else:
        rpr = f"<a:rPr {props}/>"
    if "\n" not in value and "\r" not in value:
        return f"<a:r>{rpr}<a:t>{xml_text(value)}</a:t></a:r>"
    # A line break inside a paragraph is <a:br/> between runs of the same
    # properties; a raw line feed inside <a:t> would show as a space or a box.
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return f"<a:br>{rpr}</a:br>".join(f"<a:r>{rpr}<a:t>{xml_text(line)}</a:t></a:r>" for line in lines)


SCHEME = frozenset({"tx1", "tx2", "bg1", "bg2", "accent1", "accent2", "accent3", "accent4", "accent5",
                    "accent6", "dk1", "dk2", "lt1", "lt2"})


def colour(value: str) -> str:
    """A colour element: a scheme colour by name ("tx2": the template's, which the
    deck builder sets from the kit's theme) or hex RGB from the validated theme."""
    if value in SCHEME:
        return f'<a:schemeClr val="{value}"/>'
    return f'<a:srgbClr val="{xml_attr(value)}"/>'


def paragraph_properties(margin: int, indent: int, space_before: int, bullet: str = "",
                         bullet_font: str = "", rtl: bool = False) -> str:
    """<a:pPr>: left margin and first-line indent (EMU), single line spacing, the
    space before (hundredths of a pt), and a bullet character or none; `rtl`: a
    right-to-left paragraph (an Arabic name), set from the right."""
    bu = _bullet(bullet, bullet_font) if bullet else "<a:buNone/>"
    direction = ' rtl="1" algn="r"' if rtl else ""
    return (f'<a:pPr marL="{margin}" indent="{indent}"{direction}><a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{space_before}"/></a:spcBef>{bu}</a:pPr>')


@lru_cache(maxsize=16)
def _bullet(char: str, font: str) -> str:
    return f'<a:buFont typeface="{xml_attr(font)}"/><a:buChar char="{xml_attr(char)}"/>'


def paragraph(runs: str = "", properties: str = "", end_lang: str | None = None) -> str:
    """<a:p> from its properties and runs; end_lang marks the paragraph end's language."""
    end = f'<a:endParaRPr lang="{xml_attr(end_lang)}"/>' if end_lang else ""
    return f"<a:p>{properties}{runs}{end}</a:p>" if properties or runs or end else "<a:p/>"
