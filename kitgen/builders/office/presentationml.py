"""PresentationML's names: namespaces, relationship types, content types.

The deck is written as PresentationML text, without python-pptx: the template
is parsed once (pptx_template), slides are written as strings (drawingml for
the text, slide for the shapes) and zipped with fixed timestamps
(pptx_package). The XML is what python-pptx writes for the same deck (same
shape ids and names, same elements in the same order). Every text goes through
kitgen.builders.office.xml, so user text is always data.
"""

from __future__ import annotations

from kitgen.builders.office.opc import NS_PKG_RELS as PKG_RELS
from kitgen.builders.office.opc import NS_R as R

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"

RT_OFFICE_DOCUMENT = R + "/officeDocument"
RT_CORE_PROPERTIES = PKG_RELS + "/metadata/core-properties"
RT_SLIDE_MASTER = R + "/slideMaster"
RT_SLIDE_LAYOUT = R + "/slideLayout"
RT_SLIDE = R + "/slide"
RT_NOTES_SLIDE = R + "/notesSlide"
RT_NOTES_MASTER = R + "/notesMaster"
RT_IMAGE = R + "/image"
RT_THEME = R + "/theme"

_PML = "application/vnd.openxmlformats-officedocument.presentationml."
CT_SLIDE = _PML + "slide+xml"
CT_NOTES_SLIDE = _PML + "notesSlide+xml"
CT_IMAGES = {"bmp": "image/bmp", "gif": "image/gif", "jpg": "image/jpeg", "png": "image/png",
             "tiff": "image/tiff"}
IMAGE_EXT = {"BMP": "bmp", "GIF": "gif", "JPEG": "jpg", "PNG": "png", "TIFF": "tiff"}

NSDECLS = f'xmlns:a="{A}" xmlns:p="{P}" xmlns:r="{R}"'
EMU_PER_INCH = 914400
