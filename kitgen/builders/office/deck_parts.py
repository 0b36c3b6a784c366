"""What the deck puts on screen besides the placeholders' text, and how much.

Participants read the screen; the facilitator reads the notes. So a slide shows
little (`WORDS`), and these helpers make it so: the first sentences of a long
text, pages of at most so many words, a question without the core task pasted
into it. The shapes (chips, the step strip, the number disc, the logo card) are
drawn in the theme's colours through the template's colour scheme.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Sequence

from kitgen.builders.office import drawingml
from kitgen.builders.office.fit import Para, kept_together
from kitgen.builders.office.xml import xml_attr

WORDS = 50  # at most this many words on a slide, besides its title
# A sentence ends at . ! or ? before a space and a capital (or a digit, a quote);
# "z. B. die", "e.g. the" and "t.ex. att" go on, and so do the abbreviations below
# before a capital ("ca. 20", "bl.a. Schein"). (osv., etc. and m.m. often end a
# sentence: they are not listed, and the capital rule decides.)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"«»„“(\d]|[^\W\d_](?<=[A-ZÆØÅÄÖÜÉ]))")
_ABBREVIATIONS = {
    "z. b.", "u. a.", "d. h.", "z.b.", "u.a.", "d.h.", "bzw.", "ggf.", "vgl.", "ca.", "evt.", "inkl.", "bl.a.",
    "fx.", "f.eks.", "jf.", "dvs.", "e.g.", "i.e.", "t.ex.", "bl.a", "s.", "nr.", "kl.",
    "dr.", "st.", "resp.", "ev.", "s.k.", "f.ex.", "ifm.", "iht.", "vs.", "tel.", "zb.", "bspw.",
}
_ABBREVIATION = re.compile(r"(?i)(?<!\w)(" + "|".join(
    re.escape(a).replace(r"\ ", " ") for a in sorted(_ABBREVIATIONS, key=len, reverse=True)) + r") ")
_NUMBERED = re.compile(r"^\d+[.)]\s")  # "1. Når man laver en fejl …": numbered already

# Scheme colours of the template (tools/make_deck_template.py): the kit's theme fills them.
PRIMARY, ACCENT, LIGHT, WHITE = "tx2", "accent2", "bg2", "bg1"


_WORD = re.compile(r"\w*[^\W\d_]\w*[^\W\d_]\w*")  # two letters or more: numbers, times, dots are not read as words


@lru_cache(maxsize=4096)  # the same texts are counted for every team of a batch
def words(text: str) -> int:
    """Words as a reader counts them: "09.15–09.25", "1" and "·" are glanced at, not read."""
    return sum(1 for token in text.split() if _WORD.search(token))


def para_words(paras: Sequence[Para]) -> int:
    return sum(words(p.prefix) + words(p.text) for p in paras)


@lru_cache(maxsize=4096)  # the same step texts are split for every team of a batch
def sentences(text: str) -> tuple[str, ...]:
    """`text` in its sentences, not broken after an abbreviation."""
    # The spaces in and after an abbreviation are held apart while splitting.
    held = _ABBREVIATION.sub(lambda m: m.group(1).replace(" ", "\x01") + "\x00", text.strip())
    return tuple(piece.replace("\x01", " ").replace("\x00", " ") for piece in _SENTENCE_END.split(held))


def first_sentences(text: str, limit: int) -> str:
    """The sentences of `text` that fit in `limit` words; a first sentence longer
    than that is cut after a word, with "…" (the notes have it whole)."""
    out: list[str] = []
    count = 0
    for sentence in sentences(text):
        n = words(sentence)
        if out and count + n > limit:
            break
        out.append(sentence)
        count += n
    shown = " ".join(out)
    if count <= limit:
        return shown
    kept: list[str] = []
    count = 0
    clause = 0  # tokens up to the last clause end (a comma, semicolon, colon or dash) in the second half
    for token in shown.split():
        count += 1 if _WORD.search(token) else 0
        if count > limit:
            break
        if kept and (token in ("–", "-") or kept[-1].endswith((",", ";", ":"))) and count > limit / 2:
            clause = len(kept)
        kept.append(token)
    # A reader takes in a whole clause better than a sentence broken off mid-phrase.
    return " ".join(kept[:clause] if clause else kept).rstrip(",;:–- ") + " …"


def first_clause(text: str, limit: int = 14) -> str:
    """A group form such as "Alene, derefter grupper …; i plenum til sidst" up to its
    first semicolon, when the whole is too long for a side panel."""
    if words(text) <= limit:
        return text
    head = re.split(r"\s*;\s*", text, maxsplit=1)[0]
    return head if words(head) <= limit else first_sentences(head, limit)


def without_core_task(text: str, core_task: str) -> str:
    """A question as the screen shows it: the team's core task is on the welcome
    slide and the wall, so "(…the core task's words…)" and a trailing
    ": …the core task's words…" are left out; the handout keeps them."""
    for task in dict.fromkeys((core_task.strip(), core_task.strip().rstrip("."))):
        if not task or task not in text:
            continue
        text = text.replace(f" ({task})", "").replace(f"({task})", "")
        for tail in (f": {task}", f": «{task}»", f': "{task}"', f": „{task}“"):
            if text.endswith(tail):
                text = text[: -len(tail)]
    return text.strip()


def numbered(text: str) -> bool:
    """A statement that carries its own number gets no bullet as well."""
    return bool(_NUMBERED.match(text))


def by_words(paras: Sequence[Para], limit: int = WORDS) -> list[list[Para]]:
    """Pages of at most `limit` words, a heading kept with what follows it. A page
    starts at space_before 0. One paragraph longer than the limit stays whole (it
    is someone's own text, such as a long core task)."""
    groups = kept_together(paras)
    pages = _greedy(groups, limit)
    # As many pages, filled evenly: a continued slide "(2/2)" with one row left on it
    # reads as an afterthought. The smallest share that still needs no more pages.
    if len(pages) > 1:
        total = sum(para_words(g) for g in groups)
        for share in range(-(-total // len(pages)), limit):
            even = _greedy(groups, share)
            if len(even) <= len(pages):
                pages = even
                break
    return [[replace(p, space_before=0) if i == 0 else p for i, p in enumerate(pg)] for pg in pages]


def _greedy(groups: list[list[Para]], limit: int) -> list[list[Para]]:
    pages: list[list[Para]] = []
    page: list[Para] = []
    for group in groups:
        if page and para_words(page) + para_words(group) > limit:
            pages.append(page)
            page = []
        page += group
    if page:
        pages.append(page)
    return pages


# -- shapes ----------------------------------------------------------------------------

def _fill(colour: str | None) -> str:
    if colour is None:
        return "<a:noFill/>"
    return f'<a:solidFill>{drawingml.colour(colour)}</a:solidFill>'


def shape_xml(shape_id: int, name: str, x: int, y: int, cx: int, cy: int, geom: str, fill: str | None,
              paragraphs: str = "", line: str | None = None, anchor: str = "ctr", inset: int = 45720,
              descr: str = "", corner: int = 22000) -> str:
    """<p:sp>: an auto shape (rect, roundRect, ellipse) with its text, if any. A
    roundRect's `corner` is its radius in thousandths of its shorter side: keep it
    small on a big card, as renderers keep text inside the corners' curve."""
    ln = f'<a:ln w="19050"><a:solidFill>{drawingml.colour(line)}</a:solidFill></a:ln>' if line \
        else "<a:ln><a:noFill/></a:ln>"
    adjust = f'<a:avLst><a:gd name="adj" fmla="val {corner}"/></a:avLst>' if geom == "roundRect" else "<a:avLst/>"
    body = paragraphs or "<a:p/>"
    alt = f' descr="{xml_attr(descr)}"' if descr else ""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{xml_attr(name)}"{alt}/><p:cNvSpPr/><p:nvPr/>'
            f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="{geom}">{adjust}</a:prstGeom>{_fill(fill)}{ln}</p:spPr>'
            f'<p:txBody><a:bodyPr wrap="square" lIns="{inset}" tIns="{inset // 2}" rIns="{inset}" '
            f'bIns="{inset // 2}" anchor="{anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle/>{body}'
            '</p:txBody></p:sp>')


def centred(text: str, lang: str, size: float, colour: str, bold: bool = True) -> str:
    """One centred paragraph, for chips and discs."""
    props = ('<a:pPr marL="0" indent="0" algn="ctr"><a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
             '<a:spcBef><a:spcPts val="0"/></a:spcBef><a:buNone/></a:pPr>')
    return drawingml.paragraph(drawingml.run(text, lang, size, bold, colour), props, end_lang=lang)
