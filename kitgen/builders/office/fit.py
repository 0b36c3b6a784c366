"""Text fitting with real font metrics.

PowerPoint's autofit flag only shrinks text once someone edits it, so kitgen
decides sizes itself: it measures with Carlito (metric-compatible with Calibri,
shipped in templates/fonts/), wraps as PowerPoint does (at spaces, breaking
words longer than a line), and picks the largest size that fits, or splits the
content over several slides. `frame_overflow` re-measures a finished text frame
from the .pptx, which is what the tests use.

Measuring is the slow part (Pillow shapes every candidate line), so a
`Metrics` object remembers widths per string and line counts per (text, size,
width, weight), and a `Fitter` remembers the sizes and pages it chose: library
texts recur in every kit. The deck builder owns one of each, for its fonts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from PIL import ImageFont

from kitgen.paths import data_dirs

FONT_NAMES = {False: "Carlito-Regular.ttf", True: "Carlito-Bold.ttf"}
LINE_HEIGHT = 1.22  # Calibri/Carlito: (ascent + descent + line gap) / em
_UNITS = 1000  # measure at 1000 px per em, scale linearly
EMU_PER_PT = 12700
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+")


def font_file(bold: bool) -> Path:
    return data_dirs().fonts / FONT_NAMES[bold]


@dataclass(frozen=True)
class Para:
    """One paragraph to place: its text, weight, indent and relative size."""

    text: str
    bold: bool = False
    indent: float = 0.0  # left indent of the text in pt (bullets hang into it)
    scale: float = 1.0  # size relative to the frame's base size
    space_before: float = 0.3  # in lines of this paragraph's size
    keep_with_next: bool = False  # a step title stays with its text
    # How the paragraph is drawn; measuring ignores these.
    bullet: bool = False  # a bullet hangs in the indent
    prefix: str = ""  # text in the hanging indent before a tab, e.g. a clock time
    style: str = ""  # "", "accent" (highlight) or "muted"


@dataclass(frozen=True)
class Box:
    """A text frame's usable area in pt (insets already taken off)."""

    width: float
    height: float


class Metrics:
    """Text widths and line breaks of one font family (regular and bold)."""

    def __init__(self, regular: Path | None = None, bold: Path | None = None):
        self.fonts = {False: ImageFont.truetype(str(regular or font_file(False)), _UNITS),
                      True: ImageFont.truetype(str(bold or font_file(True)), _UNITS)}
        # Remembered for the life of the object: fitting asks for the same
        # paragraph at the same size and width many times (every candidate size,
        # every trial page), and library texts recur from kit to kit.
        self.em_width = lru_cache(maxsize=65536)(self._em_width)
        self.line_count = lru_cache(maxsize=16384)(self._line_count)

    def _em_width(self, text: str, bold: bool) -> float:
        """Width of text in ems (multiply by the size in pt to get points)."""
        return self.fonts[bold].getlength(text) / _UNITS

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        return self.em_width(text, bold) * size

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        """Greedy line breaking at spaces; a word wider than the line is broken by letters."""
        lines: list[str] = []
        em_width = self.em_width  # a width is em_width(...) * size, exactly as text_width computes it
        for hard_line in text.split("\n"):
            line = ""
            for word in hard_line.split(" "):
                candidate = f"{line} {word}" if line else word
                if em_width(candidate, bold) * size <= width:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                while em_width(word, bold) * size > width:  # grænsekrydsende in a narrow box
                    cut = len(word)
                    while cut > 1 and em_width(word[:cut], bold) * size > width:
                        cut -= 1
                    lines.append(word[:cut])
                    word = word[cut:]
                line = word
            lines.append(line)
        return lines

    def _line_count(self, text: str, size: float, width: float, bold: bool = False) -> int:
        return len(self.wrap(text, size, width, bold)) if text else 1


class Fitter:
    """Sizes and pages for paragraphs in frames, measured with `metrics`."""

    def __init__(self, metrics: Metrics | None = None):
        self.metrics = metrics or Metrics()
        # Fitting is remembered: a batch fits the same exercise texts into the
        # same frames for every team that has the exercise (Para and Box are frozen).
        self._best_size = lru_cache(maxsize=4096)(self._best_size_uncached)
        self._paginate = lru_cache(maxsize=1024)(self._paginate_uncached)

    def para_height(self, p: Para, size: float, width: float, first: bool = False) -> float:
        s = size * p.scale
        lines = self.metrics.line_count(p.text, s, width - p.indent, p.bold)
        before = 0.0 if first else p.space_before * s * LINE_HEIGHT
        return before + lines * s * LINE_HEIGHT

    def height(self, paras: Sequence[Para], size: float, width: float) -> float:
        return sum(self.para_height(p, size, width, first=i == 0) for i, p in enumerate(paras))

    def fits(self, paras: Sequence[Para], size: float, box: Box) -> bool:
        return self.height(paras, size, box.width) <= box.height

    def best_size(self, paras: Sequence[Para], box: Box, largest: float, smallest: float) -> float | None:
        """The largest size (in half points) at which everything fits, or None."""
        return self._best_size(tuple(paras), box, largest, smallest)

    def _best_size_uncached(self, paras: tuple[Para, ...], box: Box, largest: float,
                            smallest: float) -> float | None:
        size = largest
        while size >= smallest:
            if self.fits(paras, size, box):
                return size
            size -= 0.5
        return None

    def paginate(self, paras: Sequence[Para], box: Box, largest: float, smallest: float,
                 comfortable: float | None = None) -> tuple[list[list[Para]], float]:
        """Split paragraphs over frames and choose one size for all of them.

        Use as few frames as the smallest size allows, at the largest size that needs
        no more. If that size is below `comfortable`, one extra frame is accepted
        when it buys a comfortable size. Returns (pages, size).
        """
        pages, size = self._paginate(tuple(paras), box, largest, smallest, comfortable)
        return [list(page) for page in pages], size

    def _paginate_uncached(self, paras: tuple[Para, ...], box: Box, largest: float, smallest: float,
                           comfortable: float | None) -> tuple[tuple[tuple[Para, ...], ...], float]:
        def largest_with(max_pages: int) -> tuple[list[list[Para]], float] | None:
            size = largest
            while size >= smallest:
                pages = self._pack(paras, size, box)
                if len(pages) <= max_pages and all(self.fits(p, size, box) for p in pages):
                    return pages, size
                size -= 0.5
            return None

        fewest = len(self._pack(paras, smallest, box))
        best = largest_with(fewest) or (self._pack(paras, smallest, box), smallest)
        if comfortable is not None and best[1] < comfortable:
            roomier = largest_with(fewest + 1)
            if roomier is not None and roomier[1] >= comfortable:
                best = roomier
        pages, size = self._balance(paras, best, box)
        return tuple(tuple(page) for page in pages), size

    def _split_group(self, group: list[Para], size: float, box: Box) -> list[list[Para]]:
        """A group too tall for one frame: split its longest texts at sentence ends."""
        out: list[list[Para]] = []
        current: list[Para] = []
        for p in group:
            pieces = [p]
            if self.para_height(p, size, box.width, first=True) > box.height * 0.9:
                pieces, chunk = [], ""
                for sentence in _SENTENCE.split(p.text):
                    trial = f"{chunk} {sentence}".strip()
                    if chunk and self.para_height(replace(p, text=trial), size, box.width, True) > box.height * 0.8:
                        pieces.append(replace(p, text=chunk, keep_with_next=False))
                        chunk = sentence
                    else:
                        chunk = trial
                pieces.append(replace(p, text=chunk))
            for piece in pieces:
                if current and self.height(current + [piece], size, box.width) > box.height:
                    out.append(current)
                    current = []
                current.append(piece)
        if current:
            out.append(current)
        return out

    def _pack(self, paras: Sequence[Para], size: float, box: Box) -> list[list[Para]]:
        """Fill frames group by group. The height of the frame being filled is kept
        as a running sum, added paragraph by paragraph in order, so it is exactly
        `height(page)` without measuring the page again for every group."""
        pages: list[list[Para]] = []
        page: list[Para] = []
        used = 0.0  # == height(page, size, box.width)
        for group in kept_together(paras):
            trial = used
            for i, p in enumerate(group):
                trial += self.para_height(p, size, box.width, first=not page and i == 0)
            if trial <= box.height:
                page += group
                used = trial
                continue
            if page:
                pages.append(page)
                page = []
            if self.fits(group, size, box):
                page = list(group)
            else:
                *full, page = self._split_group(group, size, box)
                pages += full
            used = self.height(page, size, box.width)
        if page:
            pages.append(page)
        return pages

    def _balance(self, paras: Sequence[Para], packed: tuple[list[list[Para]], float], box: Box
                 ) -> tuple[list[list[Para]], float]:
        """Even out the pages: a continuation slide with one line on it looks broken."""
        pages, size = packed
        if len(pages) < 2:
            return packed
        total = sum(self.height(p, size, box.width) for p in pages)
        for slack in (1.0, 1.1, 1.2, 1.35):
            even = self._pack(paras, size, Box(box.width, min(box.height, total / len(pages) * slack)))
            if len(even) == len(pages) and all(self.fits(p, size, box) for p in even):
                return even, size
        return packed


def kept_together(paras: Sequence[Para]) -> list[list[Para]]:
    """The paragraphs in runs that stay on one page: each ends at a paragraph
    that is not kept with the next (a heading is kept with what follows it)."""
    groups: list[list[Para]] = []
    current: list[Para] = []
    for p in paras:
        current.append(p)
        if not p.keep_with_next:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


# -- checking a finished frame -------------------------------------------------

def frame_overflow(shape, metrics: Metrics) -> float:
    """How many pt the text of a python-pptx shape overflows its box (<= 0: fits).

    Reads what is in the file: every run's size and weight, each paragraph's
    left margin and space before, the frame's insets.
    """
    tf = shape.text_frame
    width = (shape.width - (tf.margin_left + tf.margin_right)) / EMU_PER_PT
    box_height = (shape.height - (tf.margin_top + tf.margin_bottom)) / EMU_PER_PT
    total = 0.0
    for i, p in enumerate(tf.paragraphs):
        runs = p.runs
        sizes = [r.font.size.pt for r in runs if r.font.size is not None]
        if runs and len(sizes) != len(runs):
            raise ValueError(f"a run in {shape.name!r} has no explicit size; cannot check it")
        size = max(sizes) if sizes else 12.0
        bold = any(r.font.bold for r in runs)
        text = "".join(r.text for r in runs)
        pPr = p._p.pPr
        if "\t" in text:  # a prefix in the hanging indent: only the rest wraps
            text = text.rsplit("\t", 1)[1]
        indent = int(pPr.get("marL", "0")) / EMU_PER_PT if pPr is not None else 0.0
        before = 0.0
        if i and pPr is not None:
            spc = pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}spcBef/"
                           "{http://schemas.openxmlformats.org/drawingml/2006/main}spcPts")
            if spc is not None:
                before = int(spc.get("val")) / 100
        lines = len(metrics.wrap(text, size, width - indent, bold)) if text else 1
        total += before + lines * size * LINE_HEIGHT
    return total - box_height
