"""Which fonts a PDF draws with: LibreOffice substituting a font is reported, not hidden."""

from __future__ import annotations

import io

import pikepdf

EXPECTED_FONTS = ("Carlito", "Calibri", "OpenSymbol")  # OpenSymbol draws list bullets
# A fillable field is drawn, and what a user types into it, with a PDF viewer's
# own Helvetica: an embedded subset could not show the letters the user will
# type. LibreOffice picks Helvetica for a sans-serif field font (the handout's
# font table says Calibri is one) and Times for any other.
FORM_FIELD_FONTS = ("Helvetica",)


def fonts_used(data: bytes) -> set[str]:
    """The fonts the pages draw with, subset prefixes removed; pages' own resources,
    those they inherit from the page tree, and those of the forms they draw; and,
    as "form field: NAME", the standard fonts the fillable fields are drawn with."""
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
        form = pdf.Root.get("/AcroForm")
        if form is not None and form.get("/DR") is not None:
            names |= {f"form field: {str(font.get('/BaseFont', ''))[1:]}"
                      for _, font in form.DR.get("/Font", {}).items() if "/FontDescriptor" not in font}
        for page in pdf.pages:
            node = page.obj
            while node is not None and "/Resources" not in node:
                node = node.get("/Parent")
            read(node.get("/Resources") if node is not None else None)
    return names


def unexpected_fonts(data: bytes) -> list[str]:
    """Fonts LibreOffice put in place of the handout's and deck's own; a viewer's
    Helvetica for the fillable fields is expected (FORM_FIELD_FONTS)."""
    used = fonts_used(data)
    allowed = {name for name in FORM_FIELD_FONTS if f"form field: {name}" in used}
    return sorted(f for f in used if not f.startswith(EXPECTED_FONTS) and not f.startswith("form field: ")
                  and f not in allowed)
