"""Reading the cells of a team sheet: what Excel and LibreOffice write.

.xlsx (and .xlsm): the first worksheet; merged cells take the value of their
top-left cell, formulas must carry a calculated value, Excel dates and times
become ISO text. .csv: UTF-8 (with or without BOM), UTF-16 (with BOM) or
Windows-1252; comma, semicolon or tab, whichever the header line uses; any line
ending. Anything else is refused with the reason, never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterator

from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _, current_language

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
    if path.suffix.lower() == ".csv":
        return _csv_rows(path, shown)
    return _xlsx_rows(path, shown)


def _xlsx_rows(path: Path, shown: str) -> Iterator[Raw]:
    import openpyxl  # only .xlsx sheets need it

    def unreadable(exc: Exception) -> UserError:
        return UserError(Problem(shown, "", _("cannot be read as an Excel workbook ({error}); save it again "
                                              "from Excel or LibreOffice as .xlsx").format(
                                                  error=f"{type(exc).__name__}: {exc}")))

    try:
        book = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
        sheet, formula_sheet = book.worksheets[0], formulas.worksheets[0]
    except Exception as exc:  # zipfile.BadZipFile, KeyError, XML errors … for damaged files
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


def decode(raw: bytes, shown: str) -> str:
    """The text of a CSV file in the encodings spreadsheets save in."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise UserError(Problem(shown, "", _("is not a text file (it holds NUL bytes); save the sheet as "
                                             "CSV (UTF-8) or .xlsx")))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
    line = raw[: error.start].count(b"\n") + 1
    raise UserError(Problem(_("{file}: line {line}").format(file=shown, line=line), "",
                            _("has bytes that are neither UTF-8 nor Windows-1252 text; save the sheet as "
                              "CSV (UTF-8)")))


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
