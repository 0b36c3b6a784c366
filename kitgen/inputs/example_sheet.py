"""An example team sheet (.xlsx) to fill in: the columns kitgen reads, two
example teams, and drop-down lists of the valid exercise and module ids, sectors
and languages (the lists live on a hidden sheet). Used by `kitgen init` and by
the web app's "download an example sheet"."""

from __future__ import annotations

import io
from datetime import date

from kitgen.content.library import Library
from kitgen.inputs.usertext import spreadsheet_safe

COLUMNS = ("arbejdsplads", "team", "kerneopgave", "kerneopgave (en)", "interessenter", "sektor", "sprog",
           "dato", "starttid", "tidsramme", "deltagere", "facilitator", "øvelser", "modul", "plakater",
           "leveringsdato", "# noter")
EXAMPLES = (
    ("Borgerservice Nordby Kommune", "Team Pas og Kørekort",
     "Vi hjælper borgerne hurtigt og korrekt videre, så de kan komme videre med deres liv.",
     "We help citizens on their way quickly and correctly, so they can get on with their lives.", "", "offentlig",
     "da, en", date(2027, 2, 3), "09:00", 240, 14, "HR-partner", "core_task_deep_dive", "",
     "core_task", date(2027, 1, 27), "Første hold"),
    ("Tryk & Co. ApS", "Produktion", "Vi leverer trykte løsninger til tiden og i den aftalte kvalitet.", "",
     "kunderne", "privat", "da", date(2027, 2, 10), "08:30", 180, 9, "Ekstern konsulent",
     "good_story, trial_actions", "", "core_task, program", date(2027, 2, 3), ""),
)


def example_sheet(lib: Library) -> bytes:
    """The example sheet as .xlsx bytes."""
    import openpyxl  # only the example sheet and reading .xlsx need it
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

    book = openpyxl.Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = "Teams"
    sheet.append(COLUMNS)
    for example in EXAMPLES:
        sheet.append([spreadsheet_safe(v) if isinstance(v, str) else v for v in example])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"arbejdsplads": 30, "team": 24, "kerneopgave": 48, "kerneopgave (en)": 40, "øvelser": 36,
              "plakater": 22, "# noter": 24}
    for index, name in enumerate(COLUMNS, 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(name, 13)
        if name in ("dato", "leveringsdato"):
            for row in range(2, 501):
                sheet[f"{letter}{row}"].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"

    lists = book.create_sheet("Lister")
    lists.sheet_state = "hidden"
    choices = {"øvelser": sorted(lib.exercises), "modul": sorted(lib.modules),
               "sektor": ["offentlig", "privat"], "sprog": ["da", "en", "sv", "nb", "de", "da, en"]}
    for n, (name, values) in enumerate(choices.items(), 1):
        letter = get_column_letter(n)
        lists[f"{letter}1"] = name
        for i, value in enumerate(values, 2):
            lists[f"{letter}{i}"] = value
        target = get_column_letter(COLUMNS.index(name) + 1)
        # Several exercises go comma-separated in one cell, so a typed list is
        # allowed: the drop-down offers the ids, kitgen checks what was typed.
        rule = DataValidation(type="list", formula1=f"=Lister!${letter}$2:${letter}${len(values) + 1}",
                              allow_blank=True, showErrorMessage=name in ("sektor", "modul"))
        rule.add(f"{target}2:{target}500")
        sheet.add_data_validation(rule)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
