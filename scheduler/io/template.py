"""The blank input workbook, generated from the schema so it always matches what the reader reads.

Help lives where the user types: a README sheet explains every sheet and column, and each header
cell carries its column's help as a comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.atomic import write_atomically
from scheduler.domain import Channel, Source, Weights
from scheduler.io.reader import SETTINGS_LAYOUT, WEIGHT_SETTINGS
from scheduler.io.schema import REQUIRED_SHEETS, SETTINGS, SHEETS, Column, Kind, Sheet

__all__ = ["SheetFingerprint", "template_fingerprint", "write_template"]

_AUTHOR = "scheduler"
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_LAST_ROW = 1_048_576  # Excel's last row: validations cover every row the user may fill

_KIND_WORDS: dict[Kind, str] = {
    Kind.TEXT: "text",
    Kind.NUMBER: "number",
    Kind.INTEGER: "whole number",
    Kind.DATE: "date (YYYY-MM-DD)",
    Kind.TIME: "time of day (H:MM)",
    Kind.DATETIME: "date and time (YYYY-MM-DD HH:MM)",
    Kind.LIST: "comma-separated list",
}

# Enumerated columns get an in-cell drop-down list.
_CHOICES: dict[tuple[str, str], type[Enum]] = {
    ("Queues", "channel"): Channel,
    ("Agents", "source"): Source,
}

_RULES = (
    "Row 1 of every sheet holds the column headers; data starts in row 2, one item per row.",
    "Column order does not matter and headers match ignoring case and surrounding spaces. "
    "Extra columns (your own notes) are ignored; blank rows are skipped.",
    f"Sheets {', '.join(REQUIRED_SHEETS)} are required; the other sheets may stay empty.",
    "Settings holds one setting per row: its name in column A (key), its value in column B "
    "(value). Column C (description) is ignored.",
    "Dates: an Excel date or the text YYYY-MM-DD. Times: an Excel time or the text H:MM "
    "(9:00, 13:30). Date and time: an Excel date-time or the text YYYY-MM-DD HH:MM.",
    "Numbers may also be typed as text; shares such as service_level may be 0.8 or 80%.",
    "Lists are comma-separated, e.g. 'DAY, LATE'. Agents.skills lists queue_ids, each with an "
    "optional proficiency 1-5 (default 3): 'VOICE:5, CHAT:2'.",
    "queue_id, contract_id, shift_id and agent_id must be unique in their sheet, and every id "
    "used in another sheet must be defined in its own sheet.",
    "Shift earliest_start, latest_start, start_step_minutes, paid_hours, meal_minutes and "
    "break_minutes must fit the interval grid (multiples of interval_minutes: 15-minute breaks "
    "need 15-minute intervals); forecast intervals must start on the grid inside the horizon.",
    "Point at a column header to see what the column holds.",
    "Instead of this workbook you may give a folder of UTF-8 CSV files named after the sheets "
    "(Settings.csv, Queues.csv, ...) with the same columns.",
    "Check a filled-in workbook with: scheduler validate <file>",
)


def write_template(path: Path, *, force: bool = False) -> None:
    """Write the blank input workbook to `path`; an existing file is kept unless `force`."""
    write_atomically(path, lambda target: _template().save(target), force=force)


def _template() -> Workbook:
    workbook = Workbook()
    readme = workbook.active
    assert isinstance(readme, Worksheet)  # a new workbook always starts with one worksheet
    readme.title = "README"
    _fill_readme(readme)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        if sheet.key_value:
            _fill_settings(worksheet)
        else:
            _fill_data_sheet(worksheet, sheet)
    return workbook


def _requirement(column: Column) -> str:
    return "Required" if column.required else "Optional"


def _example(column: Column) -> str:
    return "" if column.example in (None, "") else str(column.example)


def _header_comment(column: Column) -> Comment:
    lines = [column.help, f"{_requirement(column)}. {_KIND_WORDS[column.kind].capitalize()}."]
    if _example(column):
        lines.append(f"Example: {_example(column)}")
    comment = Comment("\n".join(lines), _AUTHOR)
    comment.width = 260
    comment.height = 90
    return comment


def _write_header(worksheet: Worksheet, columns: tuple[Column, ...]) -> None:
    for position, column in enumerate(columns, start=1):
        cell = worksheet.cell(row=1, column=position, value=column.name)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.comment = _header_comment(column)
        width = max(len(column.name), len(_example(column))) + 4
        worksheet.column_dimensions[get_column_letter(position)].width = min(max(width, 12), 40)
    worksheet.freeze_panes = "A2"


def _fill_data_sheet(worksheet: Worksheet, sheet: Sheet) -> None:
    _write_header(worksheet, sheet.columns)
    for position, column in enumerate(sheet.columns, start=1):
        choices = _CHOICES.get((sheet.name, column.name))
        if choices is not None:
            letter = get_column_letter(position)
            _add_choice_list(worksheet, f"{letter}2:{letter}{_LAST_ROW}", choices)


def _add_choice_list(worksheet: Worksheet, cells: str, choices: type[Enum]) -> None:
    values = ",".join(str(member.value) for member in choices)
    validation = DataValidation(
        type="list",
        formula1=f'"{values}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a known value",
        error=f"Choose one of: {values.replace(',', ', ')}",
    )
    validation.add(cells)
    worksheet.add_data_validation(validation)


def _setting_default(column: Column) -> float | None:
    """The optional weights show their defaults; everything else is for the user to fill in."""
    field = WEIGHT_SETTINGS.get(column.name)
    if field is None:
        return None
    default: float = Weights.model_fields[field].default
    return default


def _fill_settings(worksheet: Worksheet) -> None:
    _write_header(worksheet, SETTINGS_LAYOUT.columns)
    for row, column in enumerate(SETTINGS.columns, start=2):
        description = f"{column.help}. {_requirement(column)}, {_KIND_WORDS[column.kind]}."
        worksheet.cell(row=row, column=1, value=column.name)
        worksheet.cell(row=row, column=2, value=_setting_default(column))
        worksheet.cell(row=row, column=3, value=description)
    worksheet.column_dimensions["A"].width = max(len(c.name) for c in SETTINGS.columns) + 4
    worksheet.column_dimensions["B"].width = 16
    worksheet.column_dimensions["C"].width = 70


def _fill_readme(worksheet: Worksheet) -> None:
    rows: list[list[object]] = [["Scheduler input workbook"], [], ["How to fill it in"]]
    rows += [["", rule] for rule in _RULES]
    rows += [[], ["Sheet", "Column", "Required", "Type", "What it holds", "Example"]]
    for sheet in SHEETS:
        required = "required sheet" if sheet.name in REQUIRED_SHEETS else "optional sheet"
        rows.append([sheet.name, "", required, "", sheet.help])
        rows += [
            ["", c.name, _requirement(c).lower(), _KIND_WORDS[c.kind], c.help, _example(c)]
            for c in sheet.columns
        ]
    for row in rows:
        worksheet.append(row)
    _style_readme(worksheet, heading_rows={1, 3, len(_RULES) + 5})
    for number, row in enumerate(rows, start=1):
        if len(row) == 5:  # a sheet's own line
            worksheet.cell(row=number, column=1).font = _BOLD


def _style_readme(worksheet: Worksheet, heading_rows: set[int]) -> None:
    for number in heading_rows:
        for cell in worksheet[number]:
            cell.font = _BOLD
    worksheet["A1"].font = Font(bold=True, size=14)
    widths = {"A": 16, "B": 24, "C": 16, "D": 30, "E": 90, "F": 20}
    for letter, width in widths.items():
        worksheet.column_dimensions[letter].width = width


# --- Comparing templates ------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetFingerprint:
    """What a user sees of one sheet; two templates match when their fingerprints are equal."""

    title: str
    cells: tuple[tuple[str, object], ...]  # (coordinate, value) of every non-empty cell
    bold: tuple[str, ...]  # coordinates of bold cells
    comments: tuple[tuple[str, str], ...]  # (coordinate, text)
    freeze_panes: str | None
    widths: tuple[tuple[str, float], ...]  # (column letter, width)
    validations: tuple[tuple[str, str], ...]  # (cell range, allowed values)


def template_fingerprint(path: Path) -> tuple[SheetFingerprint, ...]:
    """The content and structure of a workbook, free of the timestamps that make bytes differ."""
    # Full mode: read-only mode loads neither comments nor data validations.
    workbook = load_workbook(path)
    try:
        return tuple(_sheet_fingerprint(worksheet) for worksheet in workbook.worksheets)
    finally:
        workbook.close()


def _sheet_fingerprint(worksheet: object) -> SheetFingerprint:
    assert isinstance(worksheet, Worksheet)  # full-mode workbooks hold plain worksheets
    cells = [cell for row in worksheet.iter_rows() for cell in row if cell.value is not None]
    return SheetFingerprint(
        title=worksheet.title,
        cells=tuple((cell.coordinate, cell.value) for cell in cells),
        bold=tuple(cell.coordinate for cell in cells if cell.font.bold),
        comments=tuple((cell.coordinate, cell.comment.text) for cell in cells if cell.comment),
        freeze_panes=worksheet.freeze_panes,
        widths=tuple(
            (letter, float(dimension.width))
            # By position, not text: "AA" comes after "Z", not between "A" and "B".
            for letter, dimension in sorted(
                worksheet.column_dimensions.items(),
                key=lambda item: column_index_from_string(item[0]),
            )
            if dimension.width
        ),
        validations=tuple(
            (str(validation.sqref), str(validation.formula1))
            for validation in worksheet.data_validations.dataValidation
        ),
    )
