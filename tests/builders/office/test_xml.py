"""The hand-written XML of the Office builders: every text and attribute value
goes through kitgen.builders.office.xml, and the fragments (WordprocessingML,
DrawingML) read as their schema wants, whatever the text."""

import pytest
from lxml import etree

from kitgen.builders.office import drawingml, wordml
from kitgen.builders.office.xml import serialise, xml_attr, xml_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def parse_w(fragment: str):
    return etree.fromstring(f'<w:body xmlns:w="{W}">{fragment}</w:body>')


def parse_a(fragment: str):
    return etree.fromstring(f'<a:txBody xmlns:a="{A}">{fragment}</a:txBody>')


@pytest.mark.parametrize("text, expected", [
    ("A & B <c> > d", "A &amp; B &lt;c&gt; &gt; d"),
    ("bell\x07 vt\x0b nul\x00 esc\x1b", "bell vt nul esc"),  # XML 1.0 cannot hold these
    ("lone \ud800 surrogate \ufffe\uffff", "lone  surrogate "),
    ("tab\tand\nline", "tab\tand\nline"),  # allowed in character data
    ("cr\r", "cr&#13;"),  # kept, as lxml writes it
    ("emoji 🙂 and æøå", "emoji 🙂 and æøå"),
])
def test_text_is_escaped_and_what_xml_cannot_hold_is_dropped(text, expected):
    assert xml_text(text) == expected


def test_attribute_values_escape_quotes_and_whitespace():
    value = xml_attr('say "hi" & <go>\t\n\r')
    assert value == "say &quot;hi&quot; &amp; &lt;go&gt;&#9;&#10;&#13;"
    element = etree.fromstring(f'<x a="{value}"/>')
    assert element.get("a") == 'say "hi" & <go>\t\n\r'


def test_a_word_run_breaks_lines_and_tabs_as_word_does():
    (p,) = parse_w(wordml.paragraph(wordml.run("Trin 1\tFørste linje\nAnden <linje>")))
    r = p.find(f"{{{W}}}r")
    assert [child.tag.split("}")[1] for child in r] == ["t", "tab", "t", "br", "t"]
    assert "".join(t.text for t in r.iter(f"{{{W}}}t")) == "Trin 1Første linjeAnden <linje>"
    assert all(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve" for t in r.iter(f"{{{W}}}t"))


def test_word_runs_are_bold_on_off_or_inherited():
    assert wordml.run("x") == '<w:r><w:t xml:space="preserve">x</w:t></w:r>'
    assert "<w:b/>" in wordml.run("x", True) and '<w:b w:val="0"/>' in wordml.run("x", False)
    assert wordml.run("") == "<w:r/>"


def test_word_tables_rows_and_cells_follow_the_schema_order():
    row = wordml.row([wordml.cell(1000, wordml.paragraph(wordml.run("a")), fill="EAF1F8", span=2)],
                     height=500, header=True, cant_split=True)
    table = parse_w(wordml.table([500, 500], [row], style="TableGrid"))[0]
    trpr = table.find(f"{{{W}}}tr/{{{W}}}trPr")
    assert [c.tag.split("}")[1] for c in trpr] == ["trHeight", "tblHeader", "cantSplit"]
    assert trpr.find(f"{{{W}}}tblHeader").attrib == {}  # on, without a value the schema would refuse
    tcpr = table.find(f"{{{W}}}tr/{{{W}}}tc/{{{W}}}tcPr")
    assert [c.tag.split("}")[1] for c in tcpr] == ["tcW", "gridSpan", "shd"]
    assert [c.tag.split("}")[1] for c in table] == ["tblPr", "tblGrid", "tr"]


def test_an_empty_cell_still_ends_with_a_paragraph():
    cell = parse_w(wordml.cell(100))[0]
    assert cell[-1].tag == f"{{{W}}}p"


def test_a_drawingml_run_breaks_lines_with_a_br_and_keeps_its_properties():
    p = parse_a(drawingml.paragraph(drawingml.run("Vi hjælper borgerne\r\nhurtigt & godt", "da-DK", 20, True,
                                                  "1F4E79")))[0]
    kinds = [child.tag.split("}")[1] for child in p]
    assert kinds == ["r", "br", "r"]
    assert p[1].find(f"{{{A}}}rPr").get("lang") == "da-DK"  # the break has the run's properties
    texts = [t.text for t in p.iter(f"{{{A}}}t")]
    assert texts == ["Vi hjælper borgerne", "hurtigt & godt"]
    assert not any("\n" in t or "\r" in t for t in texts)


def test_drawingml_attribute_values_are_escaped_even_when_validated_upstream():
    run = drawingml.run("x", 'da"DK', None, None, '1F"4E79')
    r = etree.fromstring(f'<a:p xmlns:a="{A}">{run}</a:p>')[0]
    assert r.find(f"{{{A}}}rPr").get("lang") == 'da"DK'


def test_serialise_writes_the_declaration_office_expects():
    assert serialise(etree.fromstring("<a/>")).startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>")


def test_colour_and_language_values_are_escaped_in_attributes_too():
    """Validated at the boundary (theme, locale), escaped anyway where they meet XML."""
    from lxml import etree

    from kitgen.builders.office.drawingml import paragraph
    from kitgen.builders.office.slide import table_cell

    ns = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    p = paragraph("", end_lang='da"><x y="DK')
    cell = table_cell("<a:p/>", 'FF0000"/><a:x a="')
    for xml in (p, cell):  # well-formed, and no element smuggled in
        root = etree.fromstring(f"<r {ns}>{xml}</r>")
        assert not root.xpath("//*[local-name()='x']")
    assert 'lang="da&quot;&gt;&lt;x y=&quot;DK"' in p
