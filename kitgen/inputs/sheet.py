"""Team sheets (.xlsx, .csv): one order per row, every problem with row and column.

Column headers may be Danish or English (see order.ALIASES); a text field may
have a column per language ("kerneopgave (en)", "core_task.de"; the plain
column is the Danish text). A header kitgen does not know is an error with the
closest field it knows, unless it is marked as a note ("# …", "(…)"): a typo
such as "deltager" must never quietly order one handout instead of 24. Empty
rows are skipped. kitgen.inputs.sheet_files reads the cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from kitgen.content.library import Library, suggest
from kitgen.errors import Problem, UserError
from kitgen.i18n.locale import available_locales
from kitgen.i18n.messages import _
from kitgen.inputs.order import ALIASES, KNOWN, Order, order_from_mapping
from kitgen.inputs.order_fields import TEXT_FIELDS, parse_date
from kitgen.inputs.sheet_files import SHEET_SUFFIXES, TEXT_SUFFIXES, cell_value, column_letter, raw_rows

# Header words seen in HR sheets, beyond the order's own field names.
HEADER_ALIASES = {
    **ALIASES, "arbejdssted": "workplace", "team/afdeling": "team", "afdeling": "team",
    "kerneopgave (med egne ord)": "core_task", "sprog/locale": "locale", "locale": "locale",
    "language": "locale", "languages": "locale", "øvelser/modul": "exercises", "start": "start",
    "startid": "start", "antal deltagere": "participants", "plakat": "posters", "plakater": "posters",
    "de mennesker vi er til for": "stakeholders", "målgruppe": "stakeholders",
    "leveringsdato": "delivery", "levering": "delivery", "delivery date": "delivery",
    "delivery": "delivery",
}
# Columns for the print shop's job sheet, not for the order.
PRINT_FIELDS = {"delivery"}
REQUIRED = {"workplace": "arbejdsplads", "core_task": "kerneopgave", "date": "dato"}
_PER_LANGUAGE = re.compile(r"(.+?)\s*(?:\(([a-z]{2})\)|\[([a-z]{2})\]|[._ :-]([a-z]{2}))")


@dataclass(frozen=True)
class Row:
    number: int  # the row number the user sees in Excel (header = 1)
    values: dict[str, Any]  # canonical field -> value (a text field per language: {lang: value})
    columns: dict[str, str]  # canonical field -> the header the user wrote
    problems: tuple[Problem, ...] = ()
    extra: dict[str, Any] | None = None  # the print shop's columns (delivery date)
    shifted: bool = False  # more cells than headings in a text sheet: its fields are not checked


def _key(header: str) -> str:
    return " ".join(str(header).strip().lower().replace("_", " ").split())


def column_field(header: str, languages: list[str]) -> tuple[str, str | None] | None:
    """(field, language or None) a header names, or None when it names none."""
    key = _key(header)
    for candidate in (key, key.replace(" ", "_")):
        name = HEADER_ALIASES.get(candidate, candidate)
        if name in KNOWN or name in PRINT_FIELDS:
            return name, None
    m = _PER_LANGUAGE.fullmatch(str(header).strip().lower())
    if m:
        lang = next(g for g in m.groups()[1:] if g)
        base = column_field(m.group(1), languages)
        if base is not None and base[1] is None and base[0] in TEXT_FIELDS and lang in languages:
            return base[0], lang
    return None


def is_note(header: str) -> bool:
    """A column the sheet's author keeps for themselves: "# notes", "(internal)"."""
    text = str(header).strip()
    return text.startswith(("#", "(")) or _key(text) in ("noter", "notes", "bemærkninger", "kommentar")


class Sheet:
    """Iterate the rows of a team sheet as Row objects."""

    def __init__(self, path: Path, languages: list[str] | None = None):
        self.path = Path(path)
        self.name = self.path.name
        self.languages = languages or available_locales()
        self.ignored_columns: list[str] = []  # note columns, left out on purpose
        if not self.path.is_file():
            raise UserError(Problem(str(path), "", _("file not found")))
        if self.path.suffix.lower() not in SHEET_SUFFIXES:
            raise UserError(Problem(str(path), "", _("kitgen reads team sheets saved as .xlsx, .csv or Unicode "
                                                     "text (.txt); save the sheet as one of those")))

    def where(self, row: int, column: str | None = None) -> str:
        if column:
            return _('{sheet}: row {row}, column "{column}"').format(sheet=self.name, row=row, column=column)
        return _("{sheet}: row {row}").format(sheet=self.name, row=row)

    def _header(self, number: int, headers: list[str]) -> list[tuple[str, str | None] | None]:
        """What each column is; every problem with the header line at once."""
        problems: list[Problem] = []
        fields: list[tuple[str, str | None] | None] = []
        seen: dict[tuple[str, str | None], str] = {}
        known = sorted(KNOWN | set(HEADER_ALIASES))
        for h in headers:
            found = column_field(h, self.languages) if h and not is_note(h) else None
            fields.append(found)
            if not h:
                continue
            if found is None and is_note(h):
                self.ignored_columns.append(h)
            elif found is None:
                problems.append(Problem(self.where(number, h), "", _(
                    "is not a field kitgen knows{hint}; mark a column of your own notes with # at the start "
                    "of its heading").format(hint=suggest(_key(h), known))))
            elif found in seen:
                problems.append(Problem(self.where(number, h), "",
                                        _('is the same field as column "{column}"').format(column=seen[found])))
            else:
                seen[found] = h
        for required, danish in REQUIRED.items():
            if (required, None) not in seen:
                problems.append(Problem(self.where(number), "", _('no column for {field} (e.g. "{example}")')
                                        .format(field=required, example=danish)))
        if problems:
            raise UserError(problems)
        return fields

    def rows(self) -> Iterator[Row]:
        header: list[tuple[str, str | None] | None] | None = None
        headers: list[str] = []
        for number, values, notes in raw_rows(self.path, self.name):
            if header is None:
                if all(v in (None, "") for v in values):
                    continue
                headers = [str(v).strip() if v is not None else "" for v in values]
                header = self._header(number, headers)
                continue
            cleaned = [cell_value(v) for v in values]
            if all(v in (None, "") for v in cleaned):
                continue  # an empty row: nothing to build, nothing to report
            yield self._row(number, header, headers, cleaned, notes)

    def _row(self, number: int, header: list, headers: list[str], cleaned: list[Any],
             notes: list[int]) -> Row:
        fields: dict[str, Any] = {}
        columns: dict[str, str] = {}
        extra: dict[str, Any] = {}
        problems = []
        for index, (found, value) in enumerate(zip(header, cleaned)):
            if found is None:
                continue
            name, lang = found
            if name in REQUIRED and lang is None and value in (None, ""):
                value = ""  # an empty required cell: reported as empty, in its column
            elif value in (None, ""):
                continue
            if name in PRINT_FIELDS:  # the delivery date: a real date, for the job sheet as ISO
                try:
                    extra[name] = parse_date(value).isoformat()
                except ValueError as exc:
                    problems.append(Problem(self.where(number, headers[index]), "", str(exc),
                                            column=headers[index]))
                continue
            columns.setdefault(name, headers[index])
            if lang is None and not isinstance(fields.get(name), dict):
                fields[name] = value
            else:  # a per-language column: the plain one is the Danish text
                texts = fields.get(name)
                texts = texts if isinstance(texts, dict) else ({"da": texts} if texts not in (None, "") else {})
                texts[lang or "da"] = value
                fields[name] = texts
        for idx in notes:
            column = headers[idx] if idx < len(headers) and headers[idx] else f"#{idx + 1}"
            problems.append(Problem(self.where(number, column), "",
                                    _("has a formula without a calculated value; open the sheet in "
                                      "Excel and save it, or type the value"), column=column))
        stray, shifted = self._stray(number, headers, cleaned)
        return Row(number, fields, columns, tuple(problems + stray), extra, shifted)

    def _stray(self, number: int, headers: list[str], cleaned: list[Any]) -> tuple[list[Problem], bool]:
        """A value in a column without a heading, located by its letter; and
        whether the row is shifted: a text sheet's row with more cells than the
        heading row, most often a separator inside a text not in quotes, so its
        other cells are not where their headings are."""
        headed = len(headers) - next((i for i, h in enumerate(reversed(headers)) if h), len(headers))
        index = next((i for i, v in enumerate(cleaned) if v not in (None, "") and (i >= headed or not headers[i])),
                     None)
        if index is None:
            return [], False
        where = self.where(number, column_letter(index))
        if index >= headed and self.path.suffix.lower() in TEXT_SUFFIXES:
            cells = len(cleaned) - next(i for i, v in enumerate(reversed(cleaned)) if v not in (None, ""))
            message = _("has {cells} cells where the heading row has {columns} (the first without a heading: "
                        "{value}); a text with the separator (; , or tab) in it must be in quotes")
            return [Problem(where, "", message.format(cells=cells, columns=headed, value=repr(cleaned[index])))], True
        return [Problem(where, "", _("has a value ({value}) in a column without a heading; give the column a "
                                     "heading, or mark it as your own notes with # at the start of its heading")
                        .format(value=repr(cleaned[index])))], False


# -- rows -> orders -----------------------------------------------------------------

def row_order(sheet: Sheet, row: Row, lib: Library) -> Order:
    columns: dict[str, str] = {}  # each location given out -> its column

    def where(key: Any, *path: Any) -> str:
        column = row.columns.get(str(key)) if key else None
        column = column or (str(key) if key else None)
        located = sheet.where(row.number, column)
        if column:
            columns[located] = column
        return located

    try:
        order = order_from_mapping(row.values, where, lib, source=sheet.where(row.number))
    except UserError as exc:
        # In a sheet the location names the column already; the field would repeat it.
        raise UserError([Problem(p.where, "", p.message, column=columns.get(p.where, ""))
                         for p in exc.problems]) from None
    return order


def validated_rows(sheet: Sheet, lib: Library) -> Iterator[tuple[Row, Order | None, list[Problem]]]:
    """Every row with its order, or None and the problems found (each with its column, if one)."""
    seen: dict[str, tuple[int, tuple[str, str]]] = {}
    for row in sheet.rows():
        problems = list(row.problems)
        order = None
        try:
            # A shifted row's cells are under the wrong headings: checking them would
            # blame the date column for a text (only the real mistake is reported).
            order = None if row.shifted else row_order(sheet, row, lib)
        except UserError as exc:
            problems += exc.problems
        if order is not None:
            if order.slug in seen:
                first, title = seen[order.slug]
                same = title == (order.workplace, order.team)
                if same:
                    message = _("the same workplace and team as row {row}; give the team a different name or "
                                "remove the row").format(row=first)
                else:
                    message = _("gets the same folder name as row {row} ({team}); give one of the teams a more "
                                "distinct name").format(row=first, team=" · ".join(x for x in title if x))
                problems.append(Problem(sheet.where(row.number), "", message))
            else:
                seen[order.slug] = (row.number, (order.workplace, order.team))
            order = _late_delivery(row, order)
        yield row, (order if not problems else None), problems


def _late_delivery(row: Row, order: Order) -> Order:
    """A delivery date after the session is a warning on the row: the handouts
    would come too late, but the kit itself is right."""
    delivery = (row.extra or {}).get("delivery")
    if delivery and date.fromisoformat(delivery) > order.date:
        warning = _("delivery: the print shop delivers on {delivery}, after the session on {session}").format(
            delivery=delivery, session=order.date.isoformat())
        return replace(order, warnings=(*order.warnings, warning))
    return order
