"""The mechanics of a deck: text fitted into a layout's placeholders, chips,
the logo card, the day's agenda as paragraphs. deck.py says what goes on each
slide; this module says how it is put there.

Every text is measured with real font metrics (kitgen.builders.office.fit)
against its box, with a margin for how other renderers wrap: a frame gets the
largest size that fits, and what does not fit continues on the next slide.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

from kitgen.builders.office import drawingml
from kitgen.builders.office.accessibility import logo_alt
from kitgen.builders.office.deck_parts import ACCENT, PRIMARY, WHITE, WORDS, by_words, centred, shape_xml
from kitgen.builders.office.fit import EMU_PER_PT, LINE_HEIGHT, Box, Fitter, Para
from kitgen.builders.office.pptx_template import DeckTemplate, Placeholder
from kitgen.builders.office.presentationml import EMU_PER_INCH
from kitgen.builders.office.slide import Image, Slide
from kitgen.errors import KitgenError
from kitgen.i18n.bidi import starts_rtl
from kitgen.kit.model import AgendaItem, Kit
from kitgen.kit.theme import Theme

TITLE_SIZES = (32, 18)  # a long title in three lines rather than cut
COVER_TITLE_SIZES = (44, 30)
SECTION_TITLE_SIZES = (36, 20)
SUBTITLE_SIZES = (24, 18)  # 18: long names of a workplace and its team still fit
BODY_SIZES = (24, 20)
LIST_SIZES = (28, 20)  # questions and round-ups: few words, large
SIDE_SIZES = (22, 18)
DAY_SIZES = (22, 18)  # the whole day on a divider
STEP_SIZES = (30, 22)
CHIP_SIZE = 20
STRIP_SIZE = 18  # never smaller than this anywhere on a slide
COMFORTABLE = 22
STEP_WORDS = 32  # a step's instruction on screen; the rest is in the notes
SUMMARY_WORDS = 40
BULLET_INDENT = 24.0  # pt
# What kitgen's measure may be off by against LibreOffice's and PowerPoint's line
# breaking and line heights: text is fitted into a box this much smaller.
SAFE_WIDTH, SAFE_HEIGHT = 0.95, 0.92
TITLE, BODY, SIDE, THIRD, FOURTH = 0, 1, 2, 3, 4  # placeholder idx (see tools/make_deck_template.py)


def _text_box(placeholder: Placeholder) -> Box:
    """A placeholder's text area in pt, less the safety margin."""
    width, height = placeholder.text_area
    return Box(width / EMU_PER_PT * SAFE_WIDTH, height / EMU_PER_PT * SAFE_HEIGHT)


def end_time(time_range: str) -> str:
    """"09.15–09.25" -> "09.25", "09:15–09:25 Uhr" -> "09:25 Uhr" (the language's own format)."""
    return time_range.split("–")[-1].strip() if time_range else ""


class DeckCanvas:
    """A deck being written: its slides, and how text and shapes are put on them."""

    def __init__(self, kit: Kit, theme: Theme, template: DeckTemplate, fitter: Fitter):
        self.kit, self.theme, self.t = kit, theme, kit.t
        self.fitter = fitter
        self.lang = kit.language_tag
        self.template = template
        self.layouts = self.template.layouts
        self.slides: list[Slide] = []
        self._logo: Image | None = None
        longest = max((a.time_range for a in kit.agenda), key=len, default="00.00–00.00")
        self.time_col = self.fitter.metrics.text_width(longest, DAY_SIZES[0], bold=True) + 16

    # -- text in placeholders ---------------------------------------------------------
    def _box(self, layout: str, idx: int) -> Box:
        return _text_box(self.layouts[layout].placeholder(idx))

    def _paragraphs(self, paras: Sequence[Para], size: float, color: str | None = None) -> list[str]:
        """<a:p> elements at `size`, spacing and indents set explicitly (the numbers
        kitgen.fit measured with)."""
        out = []
        for i, para in enumerate(paras):
            s = size * para.scale
            indent = int(para.indent * EMU_PER_PT)
            before = 0 if i == 0 else round(para.space_before * s * LINE_HEIGHT * 100)
            props = drawingml.paragraph_properties(indent, -indent if (para.bullet or para.prefix) else 0,
                                                   before, bullet="•" if para.bullet else "",
                                                   bullet_font="Calibri", rtl=starts_rtl(para.text))
            run_color = {"accent": ACCENT, "muted": "7F7F7F", "primary": PRIMARY}.get(para.style, color)
            runs = drawingml.run(para.prefix + "\t", self.lang, s, para.bold, run_color) if para.prefix else ""
            runs += drawingml.run(para.text, self.lang, s, para.bold, run_color)
            out.append(drawingml.paragraph(runs, props, end_lang=self.lang))
        return out

    def _fill(self, slide: Slide, idx: int, paras: Sequence[Para], sizes: tuple[float, float],
              color: str | None = None) -> float:
        """Fill a frame with the largest size that fits; it must fit at the smallest."""
        size = self.fitter.best_size(paras, _text_box(slide.layout.placeholder(idx)), *sizes)
        if size is None:
            raise KitgenError(f"text does not fit in {slide.name(idx)!r}: "
                              f"{' / '.join(p.text[:40] for p in paras)}")
        slide.set_text(idx, self._paragraphs(paras, size, color))
        return size

    def slide(self, layout: str, title: str, notes: Sequence[str]) -> Slide:
        """A new slide with its title and the facilitator's script in the notes."""
        slide = Slide(self.layouts[layout])
        self.slides.append(slide)
        sizes = {"Title": COVER_TITLE_SIZES, "Section": SECTION_TITLE_SIZES}.get(layout, TITLE_SIZES)
        self._fill(slide, TITLE, [Para(title, bold=True)], sizes)
        self.logo(slide, cover=layout == "Title")
        slide.set_notes(drawingml.paragraph(drawingml.run(line, self.lang)) for line in notes if line)
        return slide

    def pages(self, layout: str, paras: Sequence[Para], sizes: tuple[float, float] = BODY_SIZES,
              idx: int = BODY, limit: int = WORDS) -> tuple[list[list[Para]], float]:
        """`paras` in pages of at most `limit` words that each fit the frame, one size for all."""
        box = self._box(layout, idx)
        pages: list[list[Para]] = []
        size = sizes[0]
        for chunk in by_words(paras, limit):
            fitted, chunk_size = self.fitter.paginate(chunk, box, *sizes,
                                                      comfortable=COMFORTABLE if sizes[1] >= BODY_SIZES[1] else None)
            pages += fitted
            size = min(size, chunk_size)
        return [[replace(p, space_before=0) if i == 0 else p for i, p in enumerate(page)] for page in pages], size

    def text_slides(self, layout: str, title: str, paras: Sequence[Para], notes: Sequence[str],
                    sizes: tuple[float, float] = BODY_SIZES, extra: Callable[[Slide, int], object] | None = None,
                    limit: int = WORDS, paged: tuple[list[list[Para]], float] | None = None) -> int:
        """One or more slides of `layout` with paras in placeholder 1; "(2/3)" on each
        when continued. `extra(slide, page)` fills the rest; else it is removed.
        `paged`: pages (and their size) made already."""
        pages, size = paged or self.pages(layout, paras, sizes, limit=limit)
        for i, page in enumerate(pages):
            heading = title if len(pages) == 1 else self.t("{title} ({page}/{pages})").format(
                title=title, page=i + 1, pages=len(pages))
            slide = self.slide(layout, heading, notes)
            slide.set_text(BODY, self._paragraphs(page, size))
            if extra:
                extra(slide, i)
            for idx in slide.placeholder_ids():
                if idx > BODY and not slide.filled(idx):
                    slide.drop(idx)
        return len(pages)

    # -- shapes -----------------------------------------------------------------------
    def chips(self, slide: Slide, area: Placeholder, labels: Sequence[str], fills: Sequence[str],
              texts: Sequence[str], size: float = CHIP_SIZE, lines: Sequence[str | None] = (),
              vertical: bool = False, gap: int = int(0.15 * EMU_PER_INCH), widths: Sequence[int] = ()) -> None:
        """Rounded chips side by side (or stacked) in a placeholder's area."""
        n = len(labels)
        if not n:
            return
        if vertical:
            height = (area.cy - gap * (n - 1)) // n
            boxes = [(area.x, area.y + i * (height + gap), area.cx, height) for i in range(n)]
        else:
            each = list(widths) or [(area.cx - gap * (n - 1)) // n] * n
            x = area.x
            boxes = []
            for w in each:
                boxes.append((x, area.y, w, area.cy))
                x += w + gap
        def chip(box: tuple[int, int, int, int], text: str, fill: str, line: str | None) -> Callable[[int], str]:
            return lambda sid: shape_xml(sid, f"Chip {sid - 1}", *box, "roundRect", fill, text, line=line)

        for i, (label, box) in enumerate(zip(labels, boxes)):
            slide.add_shape(chip(box, centred(label, self.lang, size, texts[i]), fills[i],
                                 lines[i] if i < len(lines) else None))

    def chip_width(self, text: str, size: float) -> int:
        """A chip wide enough for `text` at `size`, with its insets and some air."""
        return int((self.fitter.metrics.text_width(text, size, bold=True) / SAFE_WIDTH + 26) * EMU_PER_PT)

    def logo(self, slide: Slide, cover: bool = False) -> None:
        """The theme's logo in a white card, in one place on every slide: at the
        right end of the title band (the layouts keep their titles left of it),
        larger at the top right of the title slide (`cover`)."""
        if not self.theme.logo:
            return
        inch = EMU_PER_INCH
        if cover:
            x, y, cx, cy = int(10.85 * inch), int(0.45 * inch), int(1.9 * inch), int(1.2 * inch)
        else:  # the band is 1.4 in high (2.3 on dividers); titles end at 11.3 in
            x, y, cx, cy = int(11.6 * inch), int(0.2 * inch), int(1.4 * inch), int(1.0 * inch)
        slide.add_shape(lambda sid: shape_xml(sid, f"Logo card {sid - 1}", x, y, cx, cy, "roundRect", WHITE))
        logo = self._logo_image()
        pad = int(0.1 * inch)
        height = cy - 2 * pad
        width = logo.width_for(height)
        if width > cx - 2 * pad:  # a wide logo: as wide as the card allows
            height = int(height * (cx - 2 * pad) / width)
            width = logo.width_for(height)
        slide.add_picture(logo, x + (cx - width) // 2, y + (cy - height) // 2, height=height,
                          alt=logo_alt(self.theme, self.kit))

    def _logo_image(self) -> Image:
        """The logo, read once per deck (every slide shows it; the package stores it once)."""
        if self._logo is None:
            assert self.theme.logo is not None
            self._logo = Image.load(self.theme.logo)
        return self._logo

    # -- the day ----------------------------------------------------------------------
    def _two_columns(self, paras: list[Para], box: Box) -> tuple[list[list[Para]], float]:
        """The day split in two columns near its middle, at the largest size both fit; ([], 0) if none."""
        columns: list[list[Para]] = []
        size = 0.0
        for split in sorted(range(1, len(paras)), key=lambda k: abs(k - len(paras) / 2))[:6]:
            left, right = paras[:split], paras[split:]
            fitted = min(self.fitter.best_size(left, box, *DAY_SIZES) or 0,
                         self.fitter.best_size(right, box, *DAY_SIZES) or 0)
            if fitted > size:
                columns, size = [left, right], fitted
        return columns, size

    def _one_line(self, p: Para) -> Para:
        """`p` cut at a word, with "…", so it takes one line in a divider's column."""
        lines = self._lines_in_column(p)
        if lines(p.text) <= 1:
            return p
        words = p.text.split(" ")
        while len(words) > 1 and lines(" ".join(words) + " …") > 1:
            words.pop()
        return replace(p, text=" ".join(words).rstrip(",.;:–-· ") + " …")

    def _lines_in_column(self, p: Para) -> Callable[[str], int]:
        """How many lines a text takes as paragraph `p` in a divider's column at its smallest size."""
        width = self._box("Section", THIRD).width - p.indent
        return lambda text: self.fitter.metrics.line_count(text, DAY_SIZES[1] * p.scale, width, p.bold)

    def day(self, item: AgendaItem | None = None) -> list[AgendaItem]:
        """The items of the day `item` is in (a process of several meetings has a day
        per meeting), or of the whole session."""
        agenda = list(self.kit.agenda)
        if item is None or not any(a.kind == "meeting" for a in agenda):
            return agenda
        at = agenda.index(item)
        start = max((i for i, a in enumerate(agenda[: at + 1]) if a.kind == "meeting"), default=0)
        end = next((i for i in range(at + 1, len(agenda)) if agenda[i].kind == "meeting"), len(agenda))
        return agenda[start:end]

    def agenda_paras(self, items: Sequence[AgendaItem], current: AgendaItem | None = None) -> list[Para]:
        paras: list[Para] = []
        for item in items:
            title = f"{item.number}. {item.title}" if item.number else item.title
            style = "" if current is None else ("accent" if item is current else "muted")
            if item.kind == "meeting":  # a heading between the meetings of a process
                paras.append(Para(title, bold=True, style=style or "primary", space_before=0.6 if paras else 0,
                                  keep_with_next=True))
                continue
            paras.append(Para(title, bold=item is current or (current is None and item.kind == "exercise"),
                              indent=self.time_col, prefix=item.time_range, style=style, space_before=0.2))
        return paras
