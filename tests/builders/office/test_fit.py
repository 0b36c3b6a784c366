"""kitgen.fit: wrapping and sizing with real font metrics."""

from kitgen.builders.office.fit import Box, Fitter, Para

FIT = Fitter()
best_size, paginate = FIT.best_size, FIT.paginate
text_width, wrap, line_count = FIT.metrics.text_width, FIT.metrics.wrap, FIT.metrics.line_count


def test_wrapping_uses_real_widths():
    assert text_width("iiii", 20) < text_width("WWWW", 20)
    lines = wrap("tillid retfærdighed samarbejde", 24, 150)
    assert len(lines) > 1 and all(text_width(line, 24) <= 150 for line in lines)


def test_a_word_longer_than_the_line_is_broken():
    lines = wrap("arbejdsmiljøorganisationen", 24, 120)
    assert "".join(lines) == "arbejdsmiljøorganisationen" and len(lines) > 1
    assert all(text_width(line, 24) <= 120 for line in lines)


def test_best_size_shrinks_until_it_fits_or_gives_up():
    box = Box(300, 60)
    assert best_size([Para("Kort")], box, 24, 14) == 24
    long = [Para("Grænsekrydsende samarbejde om kerneopgaven i hele organisationen")]
    size = best_size(long, box, 24, 14)
    assert size is not None and 14 <= size < 24
    assert best_size([Para("ord " * 200)], box, 24, 14) is None


def test_paginate_continues_instead_of_overflowing():
    paras = [Para(f"Trin {i}: " + "en ret lang forklaring af hvad man gør " * 3) for i in range(12)]
    pages, size = paginate(paras, Box(700, 350), 24, 18)
    assert len(pages) > 1 and size >= 18
    assert sum(len(p) for p in pages) == len(paras)
    assert all(best_size(p, Box(700, 350), size, size) for p in pages)


def test_a_step_title_stays_with_its_text():
    paras = []
    for i in range(6):
        paras += [Para(f"{i}. Titel", bold=True, keep_with_next=True), Para("tekst " * 40)]
    pages, _ = paginate(paras, Box(700, 300), 24, 18)
    for page in pages:
        assert not page[-1].keep_with_next


def test_line_count_is_the_number_of_wrapped_lines():
    cases = [("tillid retfærdighed samarbejde", 24, 150), ("arbejdsmiljøorganisationen", 24, 120),
             ("to\nlinjer", 18, 500), ("", 24, 100)]
    for text, size, width in cases:
        assert line_count(text, size, width) == (len(wrap(text, size, width)) if text else 1)
        assert line_count(text, size, width, True) == (len(wrap(text, size, width, True)) if text else 1)
