"""The same order gives the same bytes with --pdf too: LibreOffice's conversion
moment (/CreationDate, /DocChecksum) and random /ID, and Ghostscript's /ID in
the print pack, are made the document's own."""

import hashlib
import io
import os
import shutil

import pikepdf
import pytest

from kitgen.pdf import libreoffice
from kitgen.pdf.normalise import finish

from tests.test_batch import GOOD, kitgen, write_csv

XMP = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreateDate>2027-01-13T09:00:00Z</xmp:CreateDate></rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def libreoffice_like(converted_at: str, file_id: bytes, lang: str = "da-DK") -> bytes:
    """A PDF stamped as LibreOffice stamps one: when it was converted, a checksum
    over that in the trailer, a random /ID; the document's own date in its XMP."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.Lang = pikepdf.String(lang)
    pdf.Root.Metadata = pdf.make_stream(XMP)
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(CreationDate=pikepdf.String(f"D:{converted_at}Z'"),
                                                            Producer=pikepdf.String("LibreOffice")))
    pdf.trailer.DocChecksum = pikepdf.Name("/" + hashlib.md5(converted_at.encode()).hexdigest().upper())
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False)
    data = out.getvalue()
    start = data.index(b"/ID [<") + len(b"/ID [<")
    return data[:start] + file_id.hex().encode() + data[start + 32:]  # LibreOffice's random one


@pytest.mark.parametrize("lang", ["da-DK", "en-US"])  # en-US: the language patched too, in place
def test_two_conversions_of_one_document_give_the_same_bytes(lang):
    first = finish(libreoffice_like("20261207132415", os.urandom(16), lang), "da-DK")
    second = finish(libreoffice_like("20261207132422", os.urandom(16), lang), "da-DK")
    assert first == second
    with pikepdf.open(io.BytesIO(first)) as pdf:
        assert str(pdf.trailer.Info.CreationDate).startswith("D:20270113090000Z")  # the session's date, start
        assert str(pdf.Root.Lang) == "da-DK"


def hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.skipif(not (libreoffice.find_soffice() and libreoffice.find_uno_python() and shutil.which("gs")),
                    reason="LibreOffice with its Python bridge, and Ghostscript, are needed")
def test_a_pdf_batch_with_its_print_pack_built_twice_is_byte_identical(tmp_path):
    sheet = write_csv(tmp_path / "teams.csv", GOOD[:1])
    for out in ("one", "two"):
        result = kitgen("batch", sheet, "-o", tmp_path / out, "--print-pack")
        assert result.returncode == 0, result.stderr
    one, two = hashes(tmp_path / "one"), hashes(tmp_path / "two")
    for name in ("handout.pdf", "deck.pdf", "proof.pdf", "poster-core_task.pdf", "manifest.json"):
        assert any(path.endswith(f"/da/{name}") for path in one), name
    assert any(path.endswith(".zip") for path in one)
    assert one.keys() == two.keys()
    assert [path for path in one if one[path] != two[path]] == []
