"""Team sheets (.xlsx, .csv): one order per row, every problem with row and column.

Rows are read lazily. Merged cells take the value of their top-left cell (a
workplace merged down over its teams applies to each), Excel dates and times
become ISO text, formulas must carry a calculated value, and empty rows are
skipped. Column headers may be Danish or English (see order.ALIASES).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterator

from kitgen.content.library import Library
from kitgen.errors import Problem, UserError
from kitgen.inputs.order import ALIASES, KNOWN, Order, order_from_mapping

# Header words seen in HR sheets, beyond the order's own field names.
HEADER_ALIASES = {
    **ALIASES, "arbejdssted": "workplace", "team/afdeling": "team", "afdeling": "team",
    "kerneopgave (med egne ord)": "core_task", "sprog/locale": "locale", "locale": "locale",
    "language": "locale", "øvelser/modul": "exercises", "start": "start", "startid": "start",
    "antal deltagere": "participants", "plakat": "posters", "plakater": "posters",
}


@dataclass(frozen=True)
class Row:
    number: int  # the row number the user sees in Excel (header = 1)
    values: dict[str, Any]  # canonical field -> value
    columns: dict[str, str]  # canonical field -> the header the user wrote
    problems: tuple[Problem, ...] = ()


def _canonical(header: str) -> str | None:
    key = " ".join(str(header).strip().lower().replace("_", " ").split())
    for candidate in (key, key.replace(" ", "_")):
        name = HEADER_ALIASES.get(candidate, candidate)
        if name in KNOWN:
            return name
    return None


def _cell_value(value: Any) -> Any:
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


class Sheet:
    """Iterate the rows of a team sheet as Row objects."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.name = self.path.name
        self.header_problems: list[Problem] = []
        self.ignored_columns: list[str] = []
        if not self.path.is_file():
            raise UserError(Problem(str(path), "", "file not found"))
        suffix = self.path.suffix.lower()
        if suffix not in (".xlsx", ".xlsm", ".csv"):
            raise UserError(Problem(str(path), "", "kitgen reads .xlsx and .csv team sheets; "
                                    "save the sheet as one of those"))

    def where(self, row: int, column: str | None = None) -> str:
        return f"{self.name}: row {row}" + (f', column "{column}"' if column else "")

    # -- raw rows ----------------------------------------------------------------
    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any], list[int]]]:
        """(row number, values, indexes of formula cells without a value) per row."""
        import openpyxl

        try:
            book = openpyxl.load_workbook(self.path, data_only=True)
            formulas = openpyxl.load_workbook(self.path, data_only=False)
        except Exception as exc:  # zipfile.BadZipFile, KeyError … for damaged files
            raise UserError(Problem(str(self.path), "", f"cannot be read as an Excel workbook ({exc})")) from None
        sheet, formula_sheet = book.worksheets[0], formulas.worksheets[0]
        merged: dict[tuple[Any, Any], Any] = {}
        for rng in sheet.merged_cells.ranges:
            top_left = sheet.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    merged[(r, c)] = top_left
        for cells, fcells in zip(sheet.iter_rows(), formula_sheet.iter_rows()):
            number = int(cells[0].row or 0)
            values: list[Any] = []
            notes: list[int] = []
            for index, (cell, fcell) in enumerate(zip(cells, fcells)):
                value = merged.get((cell.row, cell.column), cell.value)
                if isinstance(fcell.value, str) and fcell.value.startswith("=") and value is None:
                    notes.append(index)
                values.append(value)
            yield number, values, notes

    def _csv_rows(self) -> Iterator[tuple[int, list[Any], list[int]]]:
        raw = self.path.read_bytes()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
        for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            yield number, values, []

    # -- rows as fields -----------------------------------------------------------
    def rows(self) -> Iterator[Row]:
        raw = self._xlsx_rows() if self.path.suffix.lower() != ".csv" else self._csv_rows()
        header: list[str | None] | None = None
        headers: list[str] = []
        for number, values, notes in raw:
            if header is None:
                if all(v in (None, "") for v in values):
                    continue
                headers = [str(v).strip() if v is not None else "" for v in values]
                header = [_canonical(h) if h else None for h in headers]
                seen: dict[str, str] = {}
                for h, name in zip(headers, header):
                    if not h:
                        continue
                    if name is None:
                        self.ignored_columns.append(h)
                    elif name in seen:
                        self.header_problems.append(Problem(
                            self.where(number, h), "", f"is the same field as column \"{seen[name]}\""))
                    else:
                        seen[name] = h
                danish = {"workplace": "arbejdsplads", "core_task": "kerneopgave", "date": "dato"}
                for required in ("workplace", "core_task", "date"):
                    if required not in seen:
                        self.header_problems.append(Problem(
                            self.where(number), "", f'no column for {required} (e.g. "{danish[required]}")'))
                if self.header_problems:
                    raise UserError(self.header_problems)
                continue
            cleaned = [_cell_value(v) for v in values]
            if all(v in (None, "") for v in cleaned):
                continue  # an empty row: nothing to build, nothing to report
            fields: dict[str, Any] = {}
            columns: dict[str, str] = {}
            problems = []
            for index, (name, value) in enumerate(zip(header, cleaned)):
                if name in ("workplace", "core_task", "date") and value in (None, ""):
                    value = ""  # an empty required cell: reported as empty, in its column
                elif name is None or value in (None, ""):
                    continue
                if name in fields:
                    continue
                fields[name] = value
                columns[name] = headers[index]
            for idx in notes:
                column = headers[idx] if idx < len(headers) and headers[idx] else f"#{idx + 1}"
                problems.append(Problem(self.where(number, column), "",
                                        "has a formula without a calculated value; open the sheet in "
                                        "Excel and save it, or type the value"))
            if len(cleaned) > len(header):
                extra = [v for v in cleaned[len(header):] if v not in (None, "")]
                if extra:
                    problems.append(Problem(self.where(number), "",
                                            f"has values in columns without a heading ({extra[0]!r})"))
            yield Row(number, fields, columns, tuple(problems))


# -- rows -> orders -----------------------------------------------------------------

def row_order(sheet: Sheet, row: Row, lib: Library) -> Order:
    def where(key, index=None) -> str:
        column = row.columns.get(str(key)) if key else None
        return sheet.where(row.number, column or (str(key) if key else None))

    try:
        order = order_from_mapping(row.values, where, lib, source=sheet.where(row.number))
    except UserError as exc:
        # In a sheet the location names the column already; the field would repeat it.
        raise UserError([Problem(p.where, "", p.message) for p in exc.problems]) from None
    return order


def validated_rows(sheet: Sheet, lib: Library) -> Iterator[tuple[Row, Order | None, list[str]]]:
    """Every row with its order, or None and the problems found."""
    seen: dict[tuple, int] = {}
    for row in sheet.rows():
        problems = [str(p) for p in row.problems]
        order = None
        try:
            order = row_order(sheet, row, lib)
        except UserError as exc:
            problems += [str(p) for p in exc.problems]
        if order is not None:
            key = (order.slug,)
            if key in seen:
                problems.append(f"{sheet.where(row.number)}: the same workplace and team as row "
                                f"{seen[key]}; give the team a different name or remove the row")
            else:
                seen[key] = row.number
        yield row, (order if not problems else None), problems
