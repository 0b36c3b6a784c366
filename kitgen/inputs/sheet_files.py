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


def raw_rows(path: Path, shown: str) -> Iterator[Raw]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UserError(Problem(shown, "", f"is {size // 1_000_000} MB; a team sheet is at most "
                                f"{MAX_BYTES // 1_000_000} MB"))
    if path.suffix.lower() == ".csv":
        return _csv_rows(path, shown)
    return _xlsx_rows(path, shown)


def _xlsx_rows(path: Path, shown: str) -> Iterator[Raw]:
    import openpyxl  # only .xlsx sheets need it

    def unreadable(exc: Exception) -> UserError:
        return UserError(Problem(shown, "", f"cannot be read as an Excel workbook ({type(exc).__name__}: "
                                 f"{exc}); save it again from Excel or LibreOffice as .xlsx"))

    try:
        book = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
        sheet, formula_sheet = book.worksheets[0], formulas.worksheets[0]
    except Exception as exc:  # zipfile.BadZipFile, KeyError, XML errors … for damaged files
        raise unreadable(exc) from None
    if (sheet.max_row or 0) * (sheet.max_column or 0) > MAX_CELLS:
        raise UserError(Problem(shown, "", f"has {sheet.max_row} rows × {sheet.max_column} columns; "
                                f"a team sheet has at most {MAX_CELLS:,} cells"))
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
        raise UserError(Problem(shown, "", "is not a text file (it holds NUL bytes); save the sheet as "
                                "CSV (UTF-8) or .xlsx"))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
    line = raw[: error.start].count(b"\n") + 1
    raise UserError(Problem(f"{shown}: line {line}", "", "has bytes that are neither UTF-8 nor Windows-1252 "
                            "text; save the sheet as CSV (UTF-8)"))


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
        raise UserError(Problem(f"{shown}: row {reader.line_num}", "", f"is not valid CSV ({exc})")) from None
    if sum(len(r) for r in rows) > MAX_CELLS:
        raise UserError(Problem(shown, "", f"has more than {MAX_CELLS:,} cells; a team sheet is smaller"))
    return ((number, values, []) for number, values in enumerate(rows, start=1))
