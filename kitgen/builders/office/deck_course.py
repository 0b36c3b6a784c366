"""The slides a course module adds to a deck: the course as cards ("you are
here"), the day's aims and reading, a slide per talk's concept, the homework."""

from __future__ import annotations

from typing import Callable

from kitgen.builders.office.deck_canvas import BODY, BULLET_INDENT, SAFE_HEIGHT, SAFE_WIDTH, STRIP_SIZE, DeckCanvas
from kitgen.builders.office.deck_parts import ACCENT, LIGHT, PRIMARY, WHITE, first_sentences, shape_xml
from kitgen.builders.office.fit import EMU_PER_PT, Box, Para
from kitgen.builders.office.presentationml import EMU_PER_INCH
from kitgen.kit.model import AgendaItem


class CourseSlides(DeckCanvas):
    def course_slide(self) -> None:
        """The course as a row of cards, this day's lit and marked "you are here"."""
        kit, t = self.kit, self.t
        assert kit.course is not None
        notes = [t("Vis, hvor i forløbet deltagerne er, og bind dagen sammen med det, de gjorde sidst.")]
        notes += [f"{p.title}: {p.summary}" for p in kit.course.parts if p.summary]
        slide = self.slide("Agenda", t("Kursusforløbet"), notes)
        area = slide.area(BODY)
        slide.drop(BODY)
        parts = kit.course.parts
        gap = int(0.2 * EMU_PER_INCH)
        width = (area.cx - gap * (len(parts) - 1)) // max(1, len(parts))
        inset = int(0.15 * EMU_PER_INCH)
        cards = [([Para(t("Du er her"), bold=True, space_before=0)] if p.current else [])
                 + [Para(p.title, bold=p.current, space_before=0.4 if p.current else 0)] for p in parts]
        for height in (int(area.cy * 0.62), area.cy):  # as tall as the longest title needs
            box = Box((width - 2 * inset) / EMU_PER_PT * SAFE_WIDTH, (height - inset) / EMU_PER_PT * SAFE_HEIGHT)
            widest = max(self.fitter.metrics.text_width(w, 1, bold=True) for c in cards for p in c
                         for w in p.text.split())
            whole_words = max(STRIP_SIZE, min(24.0, int(box.width / widest * 2) / 2))  # no word broken in a card
            sizes = [self.fitter.best_size(c, box, whole_words, STRIP_SIZE) for c in cards]
            if all(sizes):
                break
        size = min(x or STRIP_SIZE for x in sizes)
        def card(x: int, text: str, current: bool) -> Callable[[int], str]:
            return lambda sid: shape_xml(sid, f"Course part {sid - 1}", x, area.y, width, height, "roundRect",
                                         ACCENT if current else LIGHT, text, anchor="t", inset=inset, corner=5000)

        for i, (part, paras) in enumerate(zip(parts, cards)):
            text = "".join(self._paragraphs(paras, size, WHITE if part.current else PRIMARY))
            slide.add_shape(card(area.x + i * (width + gap), text, part.current))

    def aims_slide(self) -> None:
        kit, t = self.kit, self.t
        mod = kit.module
        assert mod is not None
        aims = [Para(a, bullet=True, indent=BULLET_INDENT, space_before=0.4) for a in mod.aims]
        notes = [mod.summary, t("Gennemgå dagens formål, og spørg, hvad deltagerne selv vil have ud af dagen.")]
        self.text_slides("Questions", t("Formål med dagen"), aims, notes)
        reading = mod.preparation + mod.reading
        if reading:
            self.text_slides("Questions", t("Forberedelse og læsning"),
                             [Para(x, bullet=True, indent=BULLET_INDENT, space_before=0.4) for x in reading],
                             list(reading))

    def key_points(self, title: str, concept) -> None:  # noqa: ANN001 - a kit Concept
        """A concept as a slide: its short definition and its key terms; the texts in the notes."""
        paras = [Para(concept.short, bold=True, style="primary", space_before=0)]
        paras += [Para(p.term, bullet=True, indent=BULLET_INDENT, space_before=0.4) for p in concept.key_points]
        notes = list(concept.body) + [f"{p.term}: {p.text}" for p in concept.key_points]
        self.text_slides("Questions", title, paras, notes or [concept.short])

    def talk(self, item: AgendaItem) -> None:
        t = self.t
        concept = next((c for c in self.kit.concepts if c.id == item.concept), None)
        if concept is None:
            return  # its text is in the divider's notes
        title = concept.title if concept.title != item.title else t("{title}: hovedpointer").format(title=item.title)
        self.key_points(title, concept)

    def homework(self) -> None:
        mod = self.kit.module
        if mod is None or not mod.homework:
            return
        t = self.t
        self.text_slides("Questions", t("Hjemmeopgave"),
                         [Para(first_sentences(h, 30), bullet=True, indent=BULLET_INDENT, space_before=0.5)
                          for h in mod.homework],
                         [t("Gennemgå hjemmeopgaven, og aftal, hvordan deltagerne deler deres "
                            "erfaringer næste gang.")] + list(mod.homework))
