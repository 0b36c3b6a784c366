"""PDF/X-4 finishing: what a print shop's check wants that typst does not write.

The BleedBox (and a TrimBox when missing), the FOGRA39 output intent with its
ICC profile, the PDF/X-4 identification in XMP and the info dictionary,
Trapped, the document language and dates fixed from the order, so the same
kit gives the same bytes.
"""

from __future__ import annotations

import io
import uuid
import zlib
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

import pikepdf

OUTPUT_CONDITION = "FOGRA39"
OUTPUT_CONDITION_INFO = "Coated FOGRA39 (ISO 12647-2:2004)"
MM = 72 / 25.4


class OutputProfile:
    """The CMYK output profile, compressed once for every PDF it goes into."""

    def __init__(self, path: Path):
        self.path = path

    @cached_property
    def deflated(self) -> bytes:
        return zlib.compress(self.path.read_bytes(), 6)  # level 9: 7× the time (90 ms) for 0.6 % smaller

    def add_to(self, pdf: pikepdf.Pdf) -> None:
        """Make `profile` the document's PDF/X output intent."""
        icc = pdf.make_stream(b"")
        icc.write(self.deflated, filter=pikepdf.Name.FlateDecode)
        icc.N = 4
        icc.Alternate = pikepdf.Name.DeviceCMYK
        pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=OUTPUT_CONDITION, OutputCondition=OUTPUT_CONDITION_INFO,
            RegistryName="http://www.color.org", Info=OUTPUT_CONDITION_INFO, DestOutputProfile=icc)])


def _pdf_date(when: datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def boxes(page: pikepdf.Page, bleed_mm: float) -> None:
    """BleedBox = the media box (trim + bleed); a TrimBox inside it when missing."""
    media = [float(v) for v in page.MediaBox]
    page.BleedBox = pikepdf.Array(media)
    if "/TrimBox" not in page:
        b = bleed_mm * MM
        page.TrimBox = pikepdf.Array([media[0] + b, media[1] + b, media[2] - b, media[3] - b])


def identify(pdf: pikepdf.Pdf, title: str, language_tag: str, when: datetime,
             creator: str = "kitgen (typst, pikepdf)") -> None:
    """PDF/X-4 identification, Trapped, title, language and fixed dates."""
    pdf.Root.Lang = pikepdf.String(language_tag)
    when = when.replace(tzinfo=timezone.utc)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion"] = "PDF/X-4"
        meta["pdf:Trapped"] = "False"
        meta["pdf:Producer"] = "kitgen"
        meta["xmp:CreatorTool"] = creator
        meta["dc:title"] = title
        meta["xmp:CreateDate"] = meta["xmp:ModifyDate"] = meta["xmp:MetadataDate"] = when.isoformat()
        # Ids from the document's own facts, not random: the same kit, the same bytes.
        document_id = uuid.uuid5(uuid.NAMESPACE_URL, f"kitgen:{title}:{when.isoformat()}")
        meta["xmpMM:DocumentID"] = meta["xmpMM:InstanceID"] = f"uuid:{document_id}"
    info = pdf.docinfo
    info.Title = pikepdf.String(title)
    info.Producer = pikepdf.String("kitgen")
    info.Creator = pikepdf.String(creator)
    info.CreationDate = info.ModDate = pikepdf.String(_pdf_date(when))
    info.Trapped = pikepdf.Name("/False")
    info.GTS_PDFXVersion = pikepdf.String("PDF/X-4")


def save(pdf: pikepdf.Pdf) -> bytes:
    """The file, with an /ID derived from its content (the same kit, the same bytes)."""
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, min_version="1.6", fix_metadata_version=False)
    return out.getvalue()
