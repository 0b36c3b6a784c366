"""What the Office files say about themselves: core properties, the language of
every text default, alt text, and slide titles first in reading order."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import zipfile
from datetime import datetime

import pytest
from lxml import etree

from kitgen.builders.office.accessibility import logo_alt
from kitgen.kit.theme import load_theme
from tests.conftest import build_deck, build_handout

NS = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def parts(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return {name: z.read(name) for name in z.namelist()}


def core(blob: bytes) -> dict[str, str]:
    root = etree.fromstring(parts(blob)["docProps/core.xml"])
    return {etree.QName(el).localname: el.text or "" for el in root}


@pytest.mark.parametrize("lang, tag", [("da", "da-DK"), ("de", "de-DE"), ("nb", "nb-NO")])
@pytest.mark.parametrize("build", [build_handout, build_deck], ids=["handout", "deck"])
def test_core_properties_name_the_kit_in_its_language(make_kit, build, lang, tag):
    kit = make_kit(lang=lang)
    props = core(build(kit, load_theme("default")))
    assert props["title"] == f"{kit.session_title} – {kit.workplace}"
    assert props["language"] == tag == kit.language_tag
    assert props["subject"] == f"{kit.workplace} · {kit.team}"
    assert props["creator"] == props["lastModifiedBy"] == "kitgen"  # no person, no machine user
    assert kit.t("social kapital") in props["keywords"]
    stamp = kit.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert props["created"] == props["modified"] == stamp
    assert datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").date() == kit.date


@pytest.mark.parametrize("lang", ["de", "sv", "en"])
def test_every_text_default_of_the_deck_is_in_the_kits_language(make_kit, lang):
    """presentation.xml's defaultTextStyle, the master, the layouts and the notes
    master follow the kit, not the template's en-US: text typed into the deck later
    is spell-checked in the right language."""
    kit = make_kit(lang=lang)
    found = {}
    for name, data in parts(build_deck(kit, load_theme("default"))).items():
        if name.endswith(".xml"):
            for value in re.findall(rb'\slang="([^"]*)"', data):
                found.setdefault(value.decode(), set()).add(name)
    assert set(found) == {kit.language_tag}, found
    assert {"ppt/presentation.xml", "ppt/slideMasters/slideMaster1.xml",
            "ppt/notesMasters/notesMaster1.xml"} <= found[kit.language_tag]


def test_decks_in_two_languages_do_not_share_localised_parts(make_kit):
    german = parts(build_deck(make_kit(lang="de"), load_theme("default")))
    danish = parts(build_deck(make_kit(lang="da"), load_theme("default")))
    assert b'lang="de-DE"' in german["ppt/slideMasters/slideMaster1.xml"]
    assert b'lang="da-DK"' in danish["ppt/slideMasters/slideMaster1.xml"]
    assert b"de-DE" not in danish["ppt/presentation.xml"]


def test_every_slide_has_a_title_first_in_reading_order(make_kit):
    """A screen reader and PowerPoint's accessibility checker read a slide's shapes
    in tree order: the title placeholder comes first on every slide."""
    for kit in (make_kit(), make_kit(lang="en")):
        slides = {n: d for n, d in parts(build_deck(kit, load_theme("default"))).items()
                  if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)}
        assert slides
        for name, data in slides.items():
            tree = etree.fromstring(data).find("p:cSld/p:spTree", NS)
            shapes = [el for el in tree if etree.QName(el).localname in ("sp", "pic", "graphicFrame", "grpSp")]
            ph = shapes[0].find("p:nvSpPr/p:nvPr/p:ph", NS)
            assert ph is not None and ph.get("type") in ("title", "ctrTitle"), name
            assert "".join(shapes[0].itertext()).strip(), f"{name}: empty title"


def _logo(tmp_path):
    from PIL import Image

    path = tmp_path / "nordby-logo_final.png"
    Image.new("RGB", (600, 300), (30, 90, 160)).save(path, dpi=(300, 300))
    return path


@pytest.mark.parametrize("given, lang, wanted", [
    ("Nordby Kommunes byvåben: en blå bølge", "da", "Nordby Kommunes byvåben: en blå bølge"),
    (None, "da", "Logo for Borgerservice Nordby Kommune"),
    (None, "en", "Borgerservice Nordby Kommune logo"),
    ("nordby-logo_final.png", "de", "Logo von Borgerservice Nordby Kommune"),  # a file name is no alt text
    ("C:\\Brand\\Logo.JPG", "sv", "Logotyp för Borgerservice Nordby Kommune"),
])
def test_the_deck_logo_has_real_alt_text(make_kit, tmp_path, given, lang, wanted):
    kit = make_kit(lang=lang)
    theme = dataclasses.replace(load_theme("default"), logo=_logo(tmp_path), logo_alt=given or "")
    assert logo_alt(theme, kit) == wanted
    slide = etree.fromstring(parts(build_deck(kit, theme))["ppt/slides/slide1.xml"])
    pictures = slide.findall(".//p:pic/p:nvPicPr/p:cNvPr", NS)
    assert [p.get("descr") for p in pictures] == [wanted]


def test_libreoffice_declares_the_decks_language_itself(make_kit, monkeypatch):
    """A German deck converted as kitgen converts it (the warm LibreOffice behind
    uno_bridge) comes out with /Lang (de-DE) from LibreOffice itself: kitgen's own
    correction afterwards (normalise.finish) is switched off here."""
    pikepdf = pytest.importorskip("pikepdf")
    from kitgen.pdf import convert
    from kitgen.pdf.libreoffice import find_soffice, find_uno_python

    if not find_soffice() or not find_uno_python():
        pytest.skip("LibreOffice with its Python bridge is not installed")
    monkeypatch.setattr(convert, "finish", lambda data, lang: data)
    import tempfile
    from pathlib import Path

    kit = make_kit(lang="de")
    folder = Path(tempfile.mkdtemp())
    try:
        deck, handout = folder / "deck.pptx", folder / "handout.docx"
        deck.write_bytes(build_deck(kit, load_theme("default")))
        handout.write_bytes(build_handout(make_kit(lang="sv"), load_theme("default")))
        with convert.Converter() as converter:
            pdfs = converter.convert([(deck, "de-DE"), (handout, "sv-SE"), (deck, "de-DE")])
        for source, lang in ((deck, "de-DE"), (handout, "sv-SE")):
            assert isinstance(pdfs[source], bytes), pdfs[source]
            with pikepdf.open(io.BytesIO(pdfs[source])) as pdf:
                assert str(pdf.Root.Lang) == lang
    finally:
        shutil.rmtree(folder, ignore_errors=True)
