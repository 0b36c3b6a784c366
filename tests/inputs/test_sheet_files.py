"""Hostile and odd team sheets: what Excel and LibreOffice write is read (UTF-16
"Unicode text", semicolons, a BOM, a lone CR, a long first row); the rest is
refused with the reason and where, never a misleading "no column for workplace"."""

import codecs
import csv
import io
import zipfile
from xml.sax.saxutils import escape

import pytest

from kitgen.errors import UserError
from kitgen.inputs.sheet import Sheet, validated_rows
from kitgen.inputs.sheet_files import column_letter

HEADER = ["arbejdsplads", "team", "kerneopgave", "sektor", "sprog", "øvelser", "dato", "starttid",
          "deltagere", "facilitator"]
ROW = ["Borgerservice Nordby", "Pas og kørekort", "Vi hjælper borgerne hurtigt, venligt og korrekt videre.",
       "offentlig", "da", "good_story, trial_actions", "2026-12-03", "09:00", "12", "HR"]


def text(rows, delimiter=";", newline="\r\n"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buffer.getvalue()


def outcome(path, lib):
    """(orders, every problem's text) of a sheet; a sheet-wide error is one problem."""
    try:
        rows = list(validated_rows(Sheet(path, lib.locales), lib))
    except UserError as exc:
        return [], [str(p) for p in exc.problems]
    return [o for _r, o, _p in rows if o], [str(p) for _r, _o, problems in rows for p in problems]


def assert_read(path, lib):
    orders, problems = outcome(path, lib)
    assert problems == [] and len(orders) == 1, problems
    order = orders[0]
    assert (order.workplace, order.team, order.participants) == ("Borgerservice Nordby", "Pas og kørekort", 12)
    assert order.core_task == ROW[2]


@pytest.mark.parametrize("name, data", [
    ("danish-excel.csv", text([HEADER, ROW]).encode("cp1252")),  # CSV (semikolonsepareret), Windows-1252
    ("utf8-bom.csv", codecs.BOM_UTF8 + text([HEADER, ROW], ",").encode("utf-8")),  # CSV UTF-8 (kommasepareret)
    ("unicode-text.txt", text([HEADER, ROW], "\t").encode("utf-16")),  # Excel's "Unicode text": BOM, tabs
    ("unicode-text.csv", text([HEADER, ROW], "\t").encode("utf-16")),
    ("no-bom-utf16.csv", text([HEADER, ROW], "\t").encode("utf-16-le")),
    ("old-mac.csv", text([HEADER, ROW], ";", "\r").encode("cp1252")),  # Excel for Mac 2011: a lone CR
    ("unix.tsv", text([HEADER, ROW], "\t", "\n").encode("utf-8")),
    ("long-first-row.csv", text([HEADER + ["# noter " + "x" * 5000], ROW + [""]]).encode("utf-8")),
])
def test_what_excel_and_libreoffice_write_is_read(tmp_path, lib, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert_read(path, lib)


def test_undecodable_bytes_are_located_by_row_and_column(tmp_path, lib):
    path = tmp_path / "teams.csv"
    path.write_bytes(text([HEADER]).encode() + b"Borgerservice;Pas \x81;x\r\n")
    _orders, problems = outcome(path, lib)
    assert problems == ['teams.csv: row 2, column "team": has bytes that are neither UTF-8 nor Windows-1252 '
                        "text (81); save the sheet as CSV (UTF-8)"]


def test_a_binary_file_named_csv_is_refused(tmp_path, lib):
    path = tmp_path / "teams.csv"
    path.write_bytes(b"\x00\x01\x02binary\x00\xff" * 50)
    _orders, problems = outcome(path, lib)
    assert problems == ["teams.csv: is not a text file (it holds NUL bytes); save the sheet as CSV (UTF-8) or .xlsx"]


def test_one_extra_cell_is_the_one_problem_of_its_row(tmp_path, lib):
    """A comma in a text not in quotes shifts the cells after it: the row is
    reported once, at the extra cell, not as a wrong date, time and number."""
    path = tmp_path / "teams.csv"
    path.write_text(",".join(HEADER) + "\r\n" + ",".join(ROW) + "\r\n", encoding="utf-8")
    orders, problems = outcome(path, lib)
    assert orders == []
    assert problems == ['teams.csv: row 2, column "K": has 12 cells where the heading row has 10 (the first '
                        "without a heading: '12'); a text with the separator (; , or tab) in it must be in quotes"]


def test_a_value_under_no_heading_is_located(tmp_path, lib):
    path = tmp_path / "teams.csv"
    path.write_text(text([HEADER[:3] + [""] + HEADER[3:], ROW[:3] + ["stray"] + ROW[3:]]), encoding="utf-8")
    _orders, problems = outcome(path, lib)
    assert problems == ['teams.csv: row 2, column "D": has a value (\'stray\') in a column without a heading; give '
                        "the column a heading, or mark it as your own notes with # at the start of its heading"]


def excel_workbook(path, rows, drop=()):
    """An .xlsx as Excel writes it: the texts of its cells in xl/sharedStrings.xml."""
    strings = list(dict.fromkeys(v for row in rows for v in row))
    cells = "".join(f'<row r="{r + 1}">' + "".join(
        f'<c r="{column_letter(c)}{r + 1}" t="s"><v>{strings.index(v)}</v></c>' for c, v in enumerate(row))
        + "</row>" for r, row in enumerate(rows))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml":
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                       f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                           '<sheet name="Hold" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{cells}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">'
                                + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            if name not in drop:
                z.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return path


def test_an_excel_workbook_with_shared_strings_is_read(tmp_path, lib):
    assert_read(excel_workbook(tmp_path / "teams.xlsx", [HEADER, ROW]), lib)


@pytest.mark.parametrize("part, what", [
    ("xl/sharedStrings.xml", "the texts of its cells"),
    ("xl/worksheets/sheet1.xml", "a worksheet's cells"),
    ("xl/workbook.xml", "the list of its sheets"),
    ("[Content_Types].xml", "the list of its parts"),
])
def test_a_workbook_missing_a_part_says_which(tmp_path, lib, part, what):
    path = excel_workbook(tmp_path / "teams.xlsx", [HEADER, ROW], drop=(part,))
    _orders, problems = outcome(path, lib)
    assert problems == [f"teams.xlsx: is damaged: {part} ({what}) is missing from the file; save it again from "
                        "Excel or LibreOffice as .xlsx"]


@pytest.mark.parametrize("data, says", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "is an old Excel workbook (.xls)"),
    (text([HEADER, ROW]).encode(), "is not an Excel workbook"),
    ("cut", "is not an Excel workbook"),
])
def test_what_is_not_an_xlsx_is_named(tmp_path, lib, data, says):
    path = tmp_path / "teams.xlsx"
    if data == "cut":
        data = excel_workbook(tmp_path / "whole.xlsx", [HEADER, ROW]).read_bytes()[:700]
    path.write_bytes(data)
    _orders, problems = outcome(path, lib)
    assert len(problems) == 1 and says in problems[0], problems


def test_no_misleading_missing_column(tmp_path, lib):
    """Every damaged sheet above names its real fault, never a column it lacks."""
    for name, data in (("a.csv", text([HEADER, ROW], "\t").encode("utf-16-le")),
                       ("b.csv", text([HEADER, ROW], ";", "\r").encode("utf-8"))):
        path = tmp_path / name
        path.write_bytes(data)
        _orders, problems = outcome(path, lib)
        assert not any("no column for" in p for p in problems), problems
