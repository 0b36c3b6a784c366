"""Reading the cells of a team sheet: what Excel and LibreOffice write.

.xlsx (and .xlsm): the first worksheet; merged cells take the value of their
top-left cell, formulas must carry a calculated value, Excel dates and times
become ISO text; a damaged workbook is named by the part it lacks. .csv (and
Excel's "Unicode text" .txt, .tsv): UTF-8 (with or without BOM), UTF-16 (with
BOM, or without one as a few exporters write it) or Windows-1252; comma,
semicolon or tab, whichever the header line uses; any line ending (\r\n, \n,
and the lone \r of old Mac Excel). Anything else is refused with the reason and
where, never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterator

from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import N_, _, current_language

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")  # .txt: what Excel's "Unicode text" saves
SHEET_SUFFIXES = (".xlsx", ".xlsm", *TEXT_SUFFIXES)
MAX_CELLS = 200_000  # rows × columns: far beyond 1,000 teams; a guard against a giant sheet
MAX_BYTES = 20_000_000

Raw = tuple[int, list[Any], list[int]]  # (row number, values, indexes of formula cells without a value)


def cell_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _cells(n: int) -> str:
    """200,000 in English, 200.000 in Danish."""
    from babel.numbers import format_decimal

    return format_decimal(n, locale=current_language())


def raw_rows(path: Path, shown: str) -> Iterator[Raw]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UserError(Problem(shown, "", _("is {size} MB; a team sheet is at most {limit} MB").format(
            size=size // 1_000_000, limit=MAX_BYTES // 1_000_000)))
    if path.suffix.lower() in TEXT_SUFFIXES:
        return _csv_rows(path, shown)
    _check_package(path, shown)
    return _xlsx_rows(path, shown)


# NOTE: what a part of an .xlsx holds, in "… is damaged: {part} ({this}) is missing"
_PARTS = {"[Content_Types].xml": N_("the list of its parts"), "xl/workbook.xml": N_("the list of its sheets"),
          "sharedStrings": N_("the texts of its cells"), "worksheets/": N_("a worksheet's cells")}


def _check_package(path: Path, shown: str) -> None:
    """The reason an .xlsx cannot be read, in words, before openpyxl says it as
    "KeyError: …": not a zip at all (an old .xls or a CSV renamed), or a part
    the workbook names that is not in the file (a copy cut short, a tool that
    wrote half of it)."""
    def damaged(message: str) -> UserError:
        return UserError(Problem(shown, "", message))

    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise damaged(_("is an old Excel workbook (.xls) with the name of an .xlsx; open it in Excel or "
                        "LibreOffice and save it as .xlsx"))
    not_a_zip = damaged(_("is not an Excel workbook (an .xlsx is a zip file, this is not one, or it was cut "
                          "short); save it again from Excel or LibreOffice as .xlsx, or as CSV"))
    if not zipfile.is_zipfile(path):
        raise not_a_zip
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            wanted = ["[Content_Types].xml", "xl/workbook.xml"]
            if "xl/_rels/workbook.xml.rels" in names:
                rels = package.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
                for relationship in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
                    # Only what the cells need: openpyxl reads a workbook without its styles or theme.
                    target = re.search(r'Target="([^"]+)"', relationship)
                    needed = re.search(r'Type="[^"]*/(?:worksheet|sharedStrings)"', relationship)
                    if target and needed and 'TargetMode="External"' not in relationship:
                        name = target.group(1)
                        wanted.append(name[1:] if name.startswith("/") else posixpath.normpath(f"xl/{name}"))
    except (zipfile.BadZipFile, OSError, EOFError):
        raise not_a_zip from None
    for part in wanted:
        if part not in names:
            what = next((f" ({_(text)})" for key, text in _PARTS.items() if key in part), "")
            raise damaged(_("is damaged: {part}{what} is missing from the file; save it again from Excel or "
                            "LibreOffice as .xlsx").format(part=part, what=what))


def _xlsx_rows(path: Path, shown: str) -> Iterator[Raw]:
    import openpyxl  # only .xlsx sheets need it

    def unreadable(exc: Exception) -> UserError:
        return UserError(Problem(shown, "", _("cannot be read as an Excel workbook ({error}); save it again "
                                              "from Excel or LibreOffice as .xlsx").format(
                                                  error=f"{type(exc).__name__}: {exc}")))

    try:
        book = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
        if not book.worksheets:
            raise UserError(Problem(shown, "", _("has no worksheet; a team sheet has its teams on the first")))
        sheet, formula_sheet = book.worksheets[0], formulas.worksheets[0]
    except UserError:
        raise
    except Exception as exc:  # XML errors and what else a damaged file holds
        raise unreadable(exc) from None
    if (sheet.max_row or 0) * (sheet.max_column or 0) > MAX_CELLS:
        raise UserError(Problem(shown, "", _("has {rows} rows × {columns} columns; a team sheet has at most "
                                             "{cells} cells").format(rows=sheet.max_row, columns=sheet.max_column,
                                                                     cells=_cells(MAX_CELLS))))
    merged = {}
    for rng in sheet.merged_cells.ranges:
        top_left = sheet.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = top_left
    try:
        pairs = list(zip(sheet.iter_rows(), formula_sheet.iter_rows()))
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise unreadable(exc) from None
    return _xlsx_values(pairs, merged)


def _xlsx_values(pairs: list, merged: dict) -> Iterator[Raw]:
    for cells, fcells in pairs:
        if not cells:
            continue
        number = int(cells[0].row or 0)
        values: list[Any] = []
        notes: list[int] = []
        for index, (cell, fcell) in enumerate(zip(cells, fcells)):
            value = merged.get((cell.row, cell.column), cell.value)
            if isinstance(fcell.value, str) and fcell.value.startswith("=") and value is None:
                notes.append(index)
            values.append(value)
        yield number, values, notes


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or '-be' when every other byte of the sample is NUL, as in
    UTF-16 text of Latin letters that an exporter wrote without its BOM."""
    if len(sample) < 4:
        return None
    for encoding, zeros, other in (("utf-16-le", sample[1::2], sample[0::2]),
                                   ("utf-16-be", sample[0::2], sample[1::2])):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) == 0:
            return encoding
    return None


def decode(raw: bytes, shown: str) -> str:
    """The text of a CSV file in the encodings spreadsheets save in."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:  # an odd number of bytes: a file cut short
            raise UserError(Problem(shown, "", _("is UTF-16 text cut short (an odd number of bytes); save "
                                                 "the sheet again"))) from None
    if b"\x00" in raw[:4096]:
        encoding = _utf16_without_bom(raw[:4096])
        if encoding is not None and len(raw) % 2 == 0:
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                pass
        raise UserError(Problem(shown, "", _("is not a text file (it holds NUL bytes); save the sheet as "
                                             "CSV (UTF-8) or .xlsx")))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
    raise UserError(Problem(_undecodable_where(raw, error.start, shown), "", _(
        "has bytes that are neither UTF-8 nor Windows-1252 text ({bytes}); save the sheet as CSV (UTF-8)")
        .format(bytes=raw[error.start:error.end].hex(" "))))


def _undecodable_where(raw: bytes, at: int, shown: str) -> str:
    """'teams.csv: row 7, column "team"' for the byte at `at`: the row by its
    line breaks (\r\n, \n or a lone \r), the column by the header line's
    separator; a row is a line unless a quoted cell spans lines."""
    lines = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    at -= raw[:at].count(b"\r\n")
    start = lines.rfind(b"\n", 0, at) + 1
    header = lines.split(b"\n", 1)[0]
    separator = max(b";,\t", key=lambda d: header.count(bytes([d])))
    index = lines[start:at].count(bytes([separator]))
    names = header.decode("cp1252", "replace").lstrip("\ufeff\u00ef\u00bb\u00bf").split(chr(separator))
    column = names[index].strip().strip('"') if index < len(names) and names[index].strip() else column_letter(index)
    return _('{sheet}: row {row}, column "{column}"').format(sheet=shown, row=lines[:at].count(b"\n") + 1,
                                                              column=column)


def column_letter(index: int) -> str:
    """A column as a spreadsheet names it: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _csv_rows(path: Path, shown: str) -> Iterator[Raw]:
    text = decode(path.read_bytes(), shown)
    # The delimiter the header line uses most (a sniffer looking at the first few
    # KB guesses wrong on a long header or an odd row).
    stream = io.StringIO(text, newline=None)  # any line ending: \r\n, \n or a lone \r
    first = next((line for line in stream if line.strip()), "")
    delimiter = max(";,\t", key=first.count) if any(d in first for d in ";,\t") else ","
    stream.seek(0)
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise UserError(Problem(_("{sheet}: row {row}").format(sheet=shown, row=reader.line_num), "",
                                _("is not valid CSV ({error})").format(error=exc))) from None
    if sum(len(r) for r in rows) > MAX_CELLS:
        raise UserError(Problem(shown, "", _("has more than {cells} cells; a team sheet is smaller").format(
            cells=_cells(MAX_CELLS))))
    return ((number, values, []) for number, values in enumerate(rows, start=1))
