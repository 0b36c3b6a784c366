"""Proof sheets: every page of every document, on as many proof pages as it takes."""

import io
from datetime import datetime

import pikepdf
from PIL import Image

from kitgen.pdf.proof import PAGE, proof_sheet


def _pdf(pages: int, size=(595, 842)) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=size)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_proof_longer_than_one_page_shows_every_page_in_the_png():
    # 30 handout pages and 40 slides do not fit one A4 landscape proof page.
    documents = [("Handout", _pdf(30)), ("Deck", _pdf(40, (960, 540))), ("Plakat", _pdf(1))]
    pdf, png = proof_sheet("Team Pas", "Borgerservice · 3. december 2026", documents,
                           ["participants: 40 is more than an exercise is made for"], datetime(2026, 12, 3))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages = len(doc.pages)
    assert pages >= 2
    image = Image.open(io.BytesIO(png))
    assert image.size == (PAGE[0], pages * PAGE[1] + 8 * (pages - 1))
    # The last proof page is drawn on, not blank: it holds the poster's thumbnail.
    last = image.convert("L").crop((0, image.height - PAGE[1], PAGE[0], image.height))
    assert last.getextrema()[0] < 250


def test_the_same_documents_give_the_same_proof():
    documents = [("Handout", _pdf(3))]
    when = datetime(2026, 12, 3)
    assert proof_sheet("T", "S", documents, [], when) == proof_sheet("T", "S", documents, [], when)
