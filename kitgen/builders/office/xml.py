"""XML text written by hand, made safe in one place.

The Office builders write their parts as strings; every piece of text and every
attribute value goes through this module. User text is always data: markup
characters are escaped, and characters XML 1.0 cannot hold (most control
characters, lone surrogates, U+FFFE/U+FFFF) are dropped, so no input can make a
file that Word or PowerPoint refuses to open.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"

# Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;",
                       "\n": "&#10;", "\r": "&#13;"})


@lru_cache(maxsize=65536)
def xml_text(text: str) -> str:
    """Text as XML character data: characters XML cannot hold are dropped, markup
    characters escaped (a carriage return as &#13;, as lxml writes it). Cached:
    a batch writes the same exercise texts for every team."""
    return _NOT_XML.sub("", text).translate(_TEXT)


@lru_cache(maxsize=4096)
def xml_attr(value: str) -> str:
    """A value for a double-quoted XML attribute."""
    return _NOT_XML.sub("", value).translate(_ATTR)


def serialise(element) -> bytes:
    """A part's XML with its declaration, as python-docx and python-pptx write it."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)
