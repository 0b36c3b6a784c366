"""Which fonts a PDF draws with: LibreOffice substituting a font is reported, not hidden."""

from __future__ import annotations

import io

import pikepdf

EXPECTED_FONTS = ("Carlito", "Calibri", "OpenSymbol")  # OpenSymbol draws list bullets


def fonts_used(data: bytes) -> set[str]:
    """The fonts the pages draw with, subset prefixes removed; pages' own resources,
    those they inherit from the page tree, and those of the forms they draw."""
    names: set[str] = set()
    seen: set[tuple[int, int]] = set()

    def read(resources) -> None:
        if resources is None or (resources.is_indirect and resources.objgen in seen):
            return
        if resources.is_indirect:
            seen.add(resources.objgen)
        for _, font in resources.get("/Font", {}).items():
            names.add(str(font.get("/BaseFont", ""))[1:].split("+", 1)[-1])
        for _, xobject in resources.get("/XObject", {}).items():
            if xobject.get("/Subtype") == "/Form":
                read(xobject.get("/Resources"))

    # Pushing inherited attributes down to every page costs LibreOffice's
    # handouts 11 ms in pikepdf; following /Parent where needed costs nothing.
    with pikepdf.open(io.BytesIO(data), inherit_page_attributes=False) as pdf:
        for page in pdf.pages:
            node = page.obj
            while node is not None and "/Resources" not in node:
                node = node.get("/Parent")
            read(node.get("/Resources") if node is not None else None)
    return names


def unexpected_fonts(data: bytes) -> list[str]:
    return sorted(f for f in fonts_used(data) if not f.startswith(EXPECTED_FONTS))
