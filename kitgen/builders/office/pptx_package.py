"""The finished .pptx: template parts, slides, notes pages, relationships."""

from __future__ import annotations

import posixpath
from datetime import datetime
from functools import lru_cache
from typing import Iterable

from kitgen.builders.office.opc import NS_CONTENT_TYPES as CONTENT_TYPES
from kitgen.builders.office.opc import NS_PKG_RELS as PKG_RELS
from kitgen.builders.office.opc import ZipMember, deflate, write_zip
from kitgen.builders.office.pptx_template import DeckTemplate, rels_name
from kitgen.builders.office.presentationml import (
    CT_IMAGES,
    CT_NOTES_SLIDE,
    CT_SLIDE,
    RT_IMAGE,
    RT_NOTES_MASTER,
    RT_NOTES_SLIDE,
    RT_SLIDE,
    RT_SLIDE_LAYOUT,
)
from kitgen.builders.office.slide import NOTES_HEAD, NOTES_TAIL, Slide
from kitgen.builders.office.xml import XML_DECLARATION, xml_attr

COMPRESS_LEVEL = 1  # for the parts of each build (the fixed parts are compressed once)

def _rels_xml(rels: Iterable[tuple[str, str, str]]) -> bytes:
    items = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{xml_attr(target)}"/>'
                    for rid, kind, target in rels)
    return f'{XML_DECLARATION}<Relationships xmlns="{PKG_RELS}">{items}</Relationships>'.encode()


@lru_cache(maxsize=1024)
def _relative(source: str, target: str) -> str:
    """A relationship target: `target` relative to the folder of `source`."""
    return posixpath.relpath(target, posixpath.dirname(source))


def write_pptx(template: DeckTemplate, slides: list[Slide], core: bytes, when: datetime,
               language_tag: str, colours: dict[str, str] | None = None) -> bytes:
    """The finished .pptx: the template's parts (their text defaults in
    `language_tag`, the colour scheme from `colours`), the slides with their notes
    pages, and `core` (docProps/core.xml). The same slides give the same bytes:
    members in a fixed order, all stamped `when`."""
    (head, tail), fixed = template.for_language(language_tag)
    defaults, overrides = dict(template.defaults), dict(template.overrides)
    rels, slide_ids = list(template.presentation_rels), []
    parts: list[tuple[str, bytes]] = []  # written by this build
    media: dict[bytes, str] = {}
    for number, slide in enumerate(slides, 1):
        name = f"ppt/slides/slide{number}.xml"
        notes = f"ppt/notesSlides/notesSlide{number}.xml"
        slide_rels = [("rId1", RT_SLIDE_LAYOUT, _relative(name, slide.layout.partname)),
                      ("rId2", RT_NOTES_SLIDE, _relative(name, notes))]
        for n, image in enumerate(slide.images, 3):  # as Slide.add_picture numbered them
            if image.blob not in media:
                media[image.blob] = f"ppt/media/image{len(media) + 1}.{image.ext}"
                parts.append((media[image.blob], image.blob))
                defaults.setdefault(image.ext, CT_IMAGES[image.ext])
            slide_rels.append((f"rId{n}", RT_IMAGE, _relative(name, media[image.blob])))
        notes_rels = [("rId1", RT_NOTES_MASTER, _relative(notes, template.notes_master)),
                      ("rId2", RT_SLIDE, _relative(notes, name))]
        parts += [(name, slide.xml().encode()), (rels_name(name), _rels_xml(slide_rels)),
                  (notes, (NOTES_HEAD + slide.notes + NOTES_TAIL).encode()),
                  (rels_name(notes), _rels_xml(notes_rels))]
        overrides["/" + name] = CT_SLIDE
        overrides["/" + notes] = CT_NOTES_SLIDE
        rid = f"rId{template.next_rid + number - 1}"
        slide_ids.append(f'<p:sldId id="{255 + number}" r:id="{rid}"/>')
        rels.append((rid, RT_SLIDE, _relative(template.presentation, name)))

    content_types = (
        f'{XML_DECLARATION}<Types xmlns="{CONTENT_TYPES}">'
        + "".join(f'<Default Extension="{ext}" ContentType="{ct}"/>'
                  for ext, ct in sorted(defaults.items()))
        + "".join(f'<Override PartName="{xml_attr(name)}" ContentType="{ct}"/>'
                  for name, ct in sorted(overrides.items()))
        + "</Types>")
    package = [("[Content_Types].xml", content_types.encode()),
               (template.presentation, (head + "".join(slide_ids) + tail).encode()),
               (rels_name(template.presentation), _rels_xml(rels)),
               (template.core, core)]
    if template.theme:  # the kit theme's colours in the colour scheme the layouts draw with
        package.append((template.theme, template.themed(colours or {})))
    return write_zip([_deflate(name, data) for name, data in package]
                     + list(fixed)
                     + [_deflate(name, data) for name, data in parts], when)


@lru_cache(maxsize=4096)
def _deflate(name: str, data: bytes) -> ZipMember:
    """A part compressed once per content: in a batch, teams with the same
    exercises share most slides' relationships, notes pages and many slides."""
    return deflate(name, data, COMPRESS_LEVEL)
