"""Reading the input workbook, or a folder of CSV files, into a validated `Scenario`.

The user fills this file in by hand, so every defect is collected and reported at once, each
located where the user will look for it: file, sheet, spreadsheet row and column (with its
Excel letter). Reading happens in layers, each tolerant of what the layer below let through:

1. load: raw cell values per sheet (openpyxl, or the csv module);
2. tables: headers matched to schema columns, blank rows dropped;
3. rows: each cell converted by its column kind (text, number, time, ...);
4. models: the pydantic domain model, its errors mapped back to the cell they concern;
5. checks: cross-references and consistency rules spanning rows and sheets.
"""

from __future__ import annotations

import csv
import math
import re
import zipfile
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from types import NoneType, UnionType
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import annotated_types
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import BaseModel, Field, ValidationError
from pydantic_core import ErrorDetails

from scheduler.domain import (
    WEEKDAYS,
    Agent,
    Availability,
    Channel,
    Contract,
    FixedShift,
    Forecast,
    ForecastPoint,
    Holiday,
    Horizon,
    Queue,
    ReservePolicy,
    Scenario,
    ShiftDemand,
    ShiftRequest,
    ShiftTemplate,
    Source,
    StaffingMethod,
    TimeOff,
    VendorOffer,
    Weights,
    indistinct_templates,
)
from scheduler.errors import InputError, Problem
from scheduler.io.schema import REQUIRED_SHEETS, SETTINGS, SHEETS, Column, Kind, Sheet

__all__ = [
    "SETTINGS_LAYOUT",
    "WEIGHT_SETTINGS",
    "read_scenario",
    "validate_input",
]

# The Settings sheet is laid out as key/value rows; its schema columns are the keys.
SETTINGS_LAYOUT = Sheet(
    "Settings",
    SETTINGS.help,
    (
        Column("key", Kind.TEXT, True, "Setting name, as listed", "days"),
        Column("value", Kind.TEXT, True, "Setting value", 7),
        Column("description", Kind.TEXT, False, "What the setting means (ignored)", ""),
    ),
    key_value=True,
)

# Settings keys of the optional objective weights -> fields of `Weights`.
WEIGHT_SETTINGS: dict[str, str] = {
    "weight_understaffing": "understaffing_per_agent_hour",
    "weight_overstaffing": "overstaffing_per_agent_hour",
    "weight_cost": "cost_per_currency_unit",
}

# Data sheets that must hold at least one row for a scenario to mean anything.
_NON_EMPTY_SHEETS = ("Queues", "Forecast", "Contracts", "Shifts", "Agents")


def read_scenario(path: Path) -> Scenario:
    """Read `path` (an .xlsx workbook or a folder of `<Sheet>.csv` files) into a Scenario.

    Raises InputError listing every problem found, each located at its cell.
    """
    scenario, problems = _read(path)
    if problems or scenario is None:
        raise InputError(problems)
    return scenario


def validate_input(path: Path) -> list[Problem]:
    """Every located problem in the input at `path`; empty when it reads cleanly."""
    return _read(path)[1]


# --- 1. Loading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RawSheet:
    source: str
    title: str
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (spreadsheet row number, cell values)


@dataclass(frozen=True)
class _Loaded:
    sheets: dict[str, _RawSheet]  # by normalized sheet name
    missing_sheet: Callable[[Sheet], Problem]
    problems: list[Problem]
    unreadable: frozenset[str] = frozenset()  # sheets present but already reported unreadable


_ZIP_MAGIC = b"PK\x03\x04"
# Encrypted .xlsx files and old .xls files are both OLE compound documents, not zip archives.
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def _file_problem(source: str, expected: str) -> Problem:
    return Problem(source, None, None, None, None, expected)


def _load(path: Path) -> _Loaded:
    if path.is_dir():
        return _load_csv_folder(path)
    if not path.exists():
        problem = _file_problem(
            path.name or str(path),
            f"an existing .xlsx workbook or folder of CSV files; nothing is at {path}",
        )
        return _Loaded({}, _missing_sheet_in_workbook(path.name), [problem])
    return _load_workbook(path)


def _missing_sheet_in_workbook(source: str) -> Callable[[Sheet], Problem]:
    def problem(sheet: Sheet) -> Problem:
        return Problem(source, sheet.name, None, None, None, f"a sheet named {sheet.name}")

    return problem


def _load_workbook(path: Path) -> _Loaded:
    source = path.name
    missing = _missing_sheet_in_workbook(source)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        problem = _file_problem(source, f"a readable .xlsx workbook ({error.strerror})")
        return _Loaded({}, missing, [problem])
    if head.startswith(_OLE_MAGIC):
        problem = _file_problem(
            source,
            "an .xlsx workbook without a password; this file is password-protected or an "
            "old .xls: open it in Excel and save it as .xlsx without a password",
        )
        return _Loaded({}, missing, [problem])
    if not head.startswith(_ZIP_MAGIC):
        problem = _file_problem(
            source,
            "an .xlsx workbook; this file is not one: save it from Excel as .xlsx, or give "
            "a folder of CSV files",
        )
        return _Loaded({}, missing, [problem])
    too_big = _too_big(path)
    if too_big is not None:
        return _Loaded({}, missing, [_file_problem(source, too_big)])
    try:
        sheets = _workbook_sheets(path)
    except Exception as error:  # openpyxl signals damaged files with many exception types
        problem = _file_problem(source, f"an undamaged .xlsx workbook; opening it failed: {error}")
        return _Loaded({}, missing, [problem])
    return _Loaded(_by_sheet_name(sheets), missing, [])


# A scenario of 10,000 agents and a year of 15-minute intervals for 20 queues stays far below
# these; a file above them is a mistake (a data dump, a zip bomb) that would exhaust memory.
MAX_WORKBOOK_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024


def _too_big(path: Path) -> str | None:
    """What was expected, when the workbook is too large to read safely; None when it is fine."""
    size = path.stat().st_size
    if size > MAX_WORKBOOK_BYTES:
        return (
            f"an input workbook of at most {MAX_WORKBOOK_BYTES // 2**20} MB; this one has "
            f"{size / 2**20:.0f} MB: remove unused sheets and rows, or split the scenario"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile:
        return None  # openpyxl reports the damage in its own words
    if unpacked > MAX_UNPACKED_BYTES:
        return (
            f"an input workbook that unpacks to at most {MAX_UNPACKED_BYTES // 2**30} GB; this "
            f"one unpacks to {unpacked / 2**30:.1f} GB"
        )
    return None


def _workbook_sheets(path: Path) -> list[_RawSheet]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = []
        for worksheet in workbook.worksheets:
            # Some tools write a wrong <dimension>; without this, read-only mode trusts it and
            # silently drops cells outside it.
            worksheet.reset_dimensions()
            rows = worksheet.iter_rows(values_only=True)
            numbered = tuple((number, tuple(row)) for number, row in enumerate(rows, start=1))
            sheets.append(_RawSheet(path.name, worksheet.title, numbered))
        return sheets
    finally:
        workbook.close()


def _load_csv_folder(folder: Path) -> _Loaded:
    def missing(sheet: Sheet) -> Problem:
        expected = f"a file {sheet.name}.csv in the folder {folder.name}"
        return Problem(folder.name, sheet.name, None, None, None, expected)

    sheets: list[_RawSheet] = []
    problems: list[Problem] = []
    unreadable: set[str] = set()
    for file in sorted(folder.iterdir()):
        if not (file.is_file() and file.suffix.lower() == ".csv"):
            continue
        try:
            sheets.append(_csv_sheet(file))
            continue
        except UnicodeDecodeError:
            expected = "UTF-8 text: in Excel, save it as 'CSV UTF-8'"
        except (OSError, csv.Error) as error:
            expected = f"a readable CSV file; reading failed: {error}"
        problems.append(_file_problem(file.name, expected))
        unreadable.add(_sheet_key(file.stem))
    return _Loaded(_by_sheet_name(sheets), missing, problems, frozenset(unreadable))


def _csv_sheet(file: Path) -> _RawSheet:
    # utf-8-sig: Excel's "CSV UTF-8" starts the file with a byte-order mark.
    with file.open(newline="", encoding="utf-8-sig") as handle:
        first_line = handle.readline()
        handle.seek(0)
        # Excel in comma-decimal locales saves "CSV" with semicolons between cells.
        delimiter = ";" if ";" in first_line and "," not in first_line else ","
        reader = csv.reader(handle, delimiter=delimiter)
        rows: list[tuple[int, tuple[object, ...]]] = []
        line = 1
        for record in reader:
            rows.append((line, tuple(record)))
            # A quoted cell may span lines; the next record starts after the last line read.
            line = reader.line_num + 1
    return _RawSheet(file.name, file.stem, tuple(rows))


def _sheet_key(name: str) -> str:
    """'Time Off', 'time_off' and 'TimeOff' all name the same sheet."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


def _by_sheet_name(sheets: Iterable[_RawSheet]) -> dict[str, _RawSheet]:
    found: dict[str, _RawSheet] = {}
    for sheet in sheets:
        found.setdefault(_sheet_key(sheet.title), sheet)
    return found


# --- 2. Tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    """One sheet with its headers matched to schema columns; blank rows are gone."""

    source: str
    sheet: Sheet
    positions: dict[str, int]  # schema column name -> 0-based position in the sheet
    rows: tuple[tuple[int, tuple[object, ...]], ...]

    def label(self, column: str) -> str:
        position = self.positions.get(column)
        return column if position is None else f"{column} ({get_column_letter(position + 1)})"

    def problem(self, row: int | None, column: str | None, value: object, expected: str) -> Problem:
        label = None if column is None else self.label(column)
        return Problem(self.source, self.sheet.name, row, label, _shown(value), expected)


def _header_key(header: object) -> str:
    """Headers match ignoring case, surrounding spaces, and spaces versus underscores."""
    return re.sub(r"[\s\-]+", "_", str(header).strip()).casefold()


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _make_table(raw: _RawSheet, sheet: Sheet) -> tuple[_Table, list[Problem]]:
    header_number, header = raw.rows[0] if raw.rows else (1, ())
    wanted = {_header_key(column.name): column.name for column in sheet.columns}
    positions: dict[str, int] = {}
    empty = _Table(raw.source, sheet, {}, ())
    problems: list[Problem] = []
    for position, cell in enumerate(header):
        name = None if _is_blank(cell) else wanted.get(_header_key(cell))
        if name is None:
            continue  # extra columns are the user's own notes
        if name in positions:
            first = get_column_letter(positions[name] + 1)
            label = f"{name} ({get_column_letter(position + 1)})"
            expected = f"each column once; {name} is already column {first}"
            problems.append(Problem(raw.source, sheet.name, header_number, label, cell, expected))
            continue
        positions[name] = position
    if all(_is_blank(cell) for cell in header):
        names = ", ".join(column.name for column in sheet.columns)
        expected = f"column headers in row 1: {names}"
        return empty, [empty.problem(header_number, None, None, expected)]
    for column in sheet.columns:
        if column.required and column.name not in positions:
            expected = f"a column named {column.name} in the header row"
            problems.append(empty.problem(header_number, column.name, None, expected))
    data = tuple(
        (number, cells)
        for number, cells in raw.rows[1:]
        if not all(_is_blank(_cell(cells, p)) for p in positions.values())
    )
    return _Table(raw.source, sheet, positions, data), problems


def _is_empty(raw: _RawSheet) -> bool:
    return all(_is_blank(value) for _, cells in raw.rows for value in cells)


def _cell(cells: tuple[object, ...], position: int) -> object:
    return cells[position] if position < len(cells) else None


def _shown(value: object) -> object:
    """A cell value as the user would recognise it in a message."""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()  # how Excel shows a date cell
        return value.strftime("%Y-%m-%d %H:%M" if value.second == 0 else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, time):
        return value.strftime("%H:%M" if value.second == 0 else "%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- 3. Cells -----------------------------------------------------------------------------------


class _CellError(Exception):
    """A cell that cannot be read as its column's kind; `expected` None means the usual words."""

    def __init__(self, expected: str | None = None) -> None:
        super().__init__(expected)
        self.expected = expected


_KIND_WORDS: dict[Kind, str] = {
    Kind.TEXT: "text",
    Kind.NUMBER: "a number",
    Kind.INTEGER: "a whole number",
    Kind.DATE: "a date as YYYY-MM-DD",
    Kind.TIME: "a time of day as H:MM, e.g. 9:00 or 13:30",
    Kind.DATETIME: "a date and time as YYYY-MM-DD HH:MM",
    Kind.LIST: "a comma-separated list",
}


def _to_text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime | date | time | timedelta | bool):
        raise _CellError
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as 1001 comes back from Excel as 1001.0
    return str(value)


def _to_lower_text(value: object) -> str:
    return _to_text(value).lower()


def _to_number(value: object) -> float:
    if isinstance(value, bool):
        raise _CellError
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        scale = 100.0 if text.endswith("%") else 1.0
        try:
            number = float(text.removesuffix("%")) / scale
        except ValueError:
            raise _CellError from None
    else:
        raise _CellError
    if not math.isfinite(number):
        raise _CellError
    return number


def _to_integer(value: object) -> int:
    number = _to_number(value)
    if not number.is_integer():
        raise _CellError
    return int(number)


_DATE_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME_TEXT = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_DATETIME_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")
# Excel shows a bare time with a date format on its day zero, which openpyxl reads as one of these.
_EXCEL_DAY_ZERO = (date(1899, 12, 30), date(1899, 12, 31), date(1900, 1, 1), date(1904, 1, 1))


def _whole_seconds(value: datetime) -> datetime:
    # Excel stores times as fractions of a day; 9:10 may come back as 09:09:59.999999.
    return (value + timedelta(microseconds=500_000)).replace(microsecond=0)


def _to_date(value: object) -> date:
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise _CellError("a date without a time of day, as YYYY-MM-DD")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and (match := _DATE_TEXT.fullmatch(value.strip())):
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            raise _CellError("a real calendar date, as YYYY-MM-DD") from None
    raise _CellError


def _to_time(value: object) -> time:
    if isinstance(value, datetime):
        if value.date() not in _EXCEL_DAY_ZERO:
            raise _CellError("a time of day without a date, as H:MM")
        return _whole_seconds(value).time()
    if isinstance(value, time):
        return _whole_seconds(datetime.combine(date(2000, 1, 1), value)).time()
    if isinstance(value, timedelta) and timedelta(0) <= value < timedelta(days=1):
        return (datetime(2000, 1, 1) + value).time()
    if isinstance(value, str) and (match := _TIME_TEXT.fullmatch(value.strip())):
        hour, minute, second = (int(part or 0) for part in match.groups())
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    raise _CellError


def _to_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return _whole_seconds(value)
    if isinstance(value, str) and (match := _DATETIME_TEXT.fullmatch(value.strip())):
        year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
        try:
            return datetime(year, month, day, hour, minute, second)
        except ValueError:
            raise _CellError("a real date and time, as YYYY-MM-DD HH:MM") from None
    raise _CellError


def _to_list(value: object) -> list[str]:
    # Semicolons are what a comma-as-decimal-separator locale makes people type.
    return [item.strip() for item in re.split(r"[,;]", _to_text(value)) if item.strip()]


_SHIFT_COUNT = re.compile(r"\s*([^:]+?)\s*:\s*(\S+)\s*")
_SUCCESSION = re.compile(r"\s*([^>]+?)\s*>\s*(\S+)\s*")


def _to_shift_counts(value: object) -> list[tuple[str, int]]:
    counts: list[tuple[str, int]] = []
    for item in _to_list(value):
        match = _SHIFT_COUNT.fullmatch(item)
        if match is None:
            raise _CellError
        counts.append((match.group(1), _to_integer(match.group(2))))
    if len({shift_id for shift_id, _ in counts}) < len(counts):
        raise _CellError("each shift_id once, as shift_id:count")
    return counts


def _to_successions(value: object) -> list[tuple[str, str]]:
    pairs = [_SUCCESSION.fullmatch(item) for item in _to_list(value)]
    if any(match is None for match in pairs):
        raise _CellError
    return [(match.group(1), match.group(2)) for match in pairs if match is not None]


_YES = frozenset({"yes", "y", "true", "1", "on"})
_NO = frozenset({"no", "n", "false", "0", "off"})


def _to_yes_no(value: object) -> bool:
    word = _to_lower_text(value)
    if word not in _YES | _NO:
        raise _CellError
    return word in _YES


_WEEKDAY_NAMES = {
    name.casefold(): short
    for short, name in zip(
        WEEKDAYS,
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        strict=True,
    )
}


def _to_day(value: object) -> date | str:
    """Availability.day: a weekday (mon-sun, or the full English name) or a date."""
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in WEEKDAYS:
            return text
        if text in _WEEKDAY_NAMES:
            return _WEEKDAY_NAMES[text]
    return _to_date(value)


_SKILL_ITEM = re.compile(r"([^:\s][^:]*?)\s*(?::\s*(\S+))?")
_SKILL_WORDS = (
    "queue_ids from sheet Queues, each with an optional level 1-5, e.g. 'VOICE:5, CHAT:2'"
)


def _to_skills(value: object) -> list[dict[str, object]]:
    skills: list[dict[str, object]] = []
    for item in _to_list(value):
        match = _SKILL_ITEM.fullmatch(item)
        if match is None:
            raise _CellError
        queue_id, level_text = match.groups()
        skill: dict[str, object] = {"queue_id": queue_id}
        if level_text is not None:
            try:
                level = _to_integer(level_text)
            except _CellError:
                level = 0
            if not 1 <= level <= 5:
                raise _CellError(f"skill levels from 1 to 5; {item!r} has another level")
            skill["proficiency"] = level
        if any(known["queue_id"] == queue_id for known in skills):
            raise _CellError(f"each queue_id once in the skills list; {queue_id} repeats")
        skills.append(skill)
    if not skills:
        raise _CellError
    return skills


_CONVERTERS: dict[Kind, Callable[[object], object]] = {
    Kind.TEXT: _to_text,
    Kind.NUMBER: _to_number,
    Kind.INTEGER: _to_integer,
    Kind.DATE: _to_date,
    Kind.TIME: _to_time,
    Kind.DATETIME: _to_datetime,
    Kind.LIST: _to_list,
}

# Columns whose content is richer than their schema kind says.
_SPECIAL_CONVERTERS: dict[tuple[str, str], Callable[[object], object]] = {
    ("Queues", "channel"): _to_lower_text,
    ("Queues", "method"): _to_lower_text,
    ("Agents", "source"): _to_lower_text,
    ("VendorOffers", "source"): _to_lower_text,
    ("Contracts", "preset"): _to_lower_text,
    ("Contracts", "night_work"): _to_lower_text,
    ("Contracts", "holiday_work"): _to_lower_text,
    ("Contracts", "night_then_early"): _to_lower_text,
    ("Contracts", "start_spread"): _to_lower_text,
    ("Agents", "skills"): _to_skills,
    ("Availability", "day"): _to_day,
    ("Contracts", "max_shifts_per_template"): _to_shift_counts,
    ("Contracts", "forbidden_successions"): _to_successions,
    ("ShiftRequests", "wanted"): _to_yes_no,
}


@dataclass(frozen=True)
class _Reference:
    """Values of `column` in `sheet` must be ids defined in `target_column` of `target_sheet`."""

    sheet: str
    column: str
    target_sheet: str
    target_column: str


_REFERENCES = (
    _Reference("Forecast", "queue_id", "Queues", "queue_id"),
    _Reference("Agents", "skills", "Queues", "queue_id"),
    _Reference("Agents", "contract_id", "Contracts", "contract_id"),
    _Reference("Contracts", "allowed_shifts", "Shifts", "shift_id"),
    _Reference("TimeOff", "agent_id", "Agents", "agent_id"),
    _Reference("Availability", "agent_id", "Agents", "agent_id"),
    _Reference("FixedShifts", "agent_id", "Agents", "agent_id"),
    _Reference("VendorOffers", "bundle", "Queues", "queue_id"),
    _Reference("VendorOffers", "contract_id", "Contracts", "contract_id"),
    _Reference("Contracts", "max_shifts_per_template", "Shifts", "shift_id"),
    _Reference("Contracts", "forbidden_successions", "Shifts", "shift_id"),
    _Reference("ShiftDemand", "shift_id", "Shifts", "shift_id"),
    _Reference("ShiftRequests", "agent_id", "Agents", "agent_id"),
    _Reference("ShiftRequests", "shift_id", "Shifts", "shift_id"),
)


def _choices(enum: type[Enum]) -> str:
    return "one of: " + ", ".join(str(member.value) for member in enum)


_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("Queues", "channel"): _choices(Channel),
    ("Agents", "source"): _choices(Source),
    ("VendorOffers", "source"): "one of: vendor, reinforcement, crowd",
    ("Agents", "skills"): _SKILL_WORDS,
    ("Availability", "day"): "a weekday (mon-sun) or a date as YYYY-MM-DD",
    ("Contracts", "max_shifts_per_template"): "shift_id:count pairs, e.g. DAY:10, NIGHT:0",
    ("Contracts", "forbidden_successions"): "earlier>next shift_id pairs, e.g. LATE>EARLY",
    ("ShiftRequests", "wanted"): "yes (wants to work the shift) or no (wants it off)",
}


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _describe(sheet: str, column: Column) -> str:
    """What a cell of `column` should hold, in the user's words."""
    described = _DESCRIPTIONS.get((sheet, column.name))
    if described is not None:
        return described
    for reference in _REFERENCES:
        if (reference.sheet, reference.column) == (sheet, column.name):
            if column.kind is Kind.LIST:
                what = f"comma-separated {reference.target_column}s"
            else:
                what = _a(reference.target_column)
            return f"{what} defined in sheet {reference.target_sheet}"
    return _KIND_WORDS[column.kind]


def _convert(sheet: str, column: Column, value: object) -> object:
    converter = _SPECIAL_CONVERTERS.get((sheet, column.name), _CONVERTERS[column.kind])
    return converter(value)


# --- 4. Rows ------------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    raw: dict[str, object]  # non-blank cells by column name, as found
    values: dict[str, object]  # the cells that converted, by column name
    failed: set[str] = field(default_factory=set)  # columns already reported for this row


def _parse_rows(table: _Table, problems: list[Problem]) -> list[_Row]:
    return [_parse_row(table, number, cells, problems) for number, cells in table.rows]


def _parse_row(
    table: _Table, number: int, cells: tuple[object, ...], problems: list[Problem]
) -> _Row:
    row = _Row(number, {}, {})
    for column in table.sheet.columns:
        position = table.positions.get(column.name)
        if position is None:
            if column.required:
                row.failed.add(column.name)  # reported once, at the header row
            continue
        value = _cell(cells, position)
        if _is_blank(value):
            if column.required:
                expected = f"{_describe(table.sheet.name, column)} (required)"
                problems.append(table.problem(number, column.name, None, expected))
                row.failed.add(column.name)
            continue
        row.raw[column.name] = value
        try:
            row.values[column.name] = _convert(table.sheet.name, column, value)
        except _CellError as error:
            expected = error.expected or _describe(table.sheet.name, column)
            problems.append(table.problem(number, column.name, value, expected))
            row.failed.add(column.name)
    return row


# --- 5. Models ----------------------------------------------------------------------------------

_M = TypeVar("_M", bound=BaseModel)

_BOUNDS: tuple[tuple[type[Any], str, str], ...] = (
    (annotated_types.Gt, "gt", ">"),
    (annotated_types.Ge, "ge", ">="),
    (annotated_types.Lt, "lt", "<"),
    (annotated_types.Le, "le", "<="),
)
_NUMERIC_ERRORS = frozenset(
    {
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "float_parsing",
        "float_type",
        "int_parsing",
        "int_type",
        "int_from_float",
        "finite_number",
    }
)


def _field_type(model: type[BaseModel], name: str) -> Any:
    annotation = model.model_fields[name].annotation
    if get_origin(annotation) in (Union, UnionType):
        options = [arg for arg in get_args(annotation) if arg is not NoneType]
        return options[0] if len(options) == 1 else annotation
    return annotation


def _describe_field(model: type[BaseModel], name: str) -> str:
    """'a number > 0 and <= 1', 'one of: voice, chat', ... from the field's own definition."""
    kind = _field_type(model, name)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _choices(kind)
    if get_origin(kind) is Literal:
        return "one of: " + ", ".join(str(arg) for arg in get_args(kind))
    bounds = [
        f"{symbol} {getattr(item, attribute):g}"
        for item in model.model_fields[name].metadata
        for bound, attribute, symbol in _BOUNDS
        if isinstance(item, bound)
    ]
    noun = "a whole number" if kind is int else "a number"
    return " ".join([noun, " and ".join(bounds)]).strip()


def _rule_column(message: str, columns: Sequence[str], filled: Container[str]) -> str | None:
    """The cell a model-level rule is about, so the message lands on it.

    Of the columns the rule names, the first blank one (a rule like "give volume and aht_s
    together" is broken by what is missing), else the first one named.
    """
    found = sorted(
        (column not in filled, -match.start(), column)
        for column in columns
        if (match := re.search(rf"\b{re.escape(column)}\b", message))
    )
    return found[-1][2] if found else None


@dataclass(frozen=True)
class _Locator:
    """Where a model's fields live in the sheet, so a validation error can name a cell."""

    table: _Table
    row: int | None
    cells: dict[str, object]  # field -> value as found in the cell
    columns: dict[str, str]  # field -> column name
    skip: set[str]  # fields already reported
    field_rows: dict[str, int] = field(default_factory=dict)  # when fields sit on own rows

    def row_of(self, name: str | None) -> int | None:
        return self.row if name is None else self.field_rows.get(name, self.row)


def _explain(model: type[BaseModel], error: ErrorDetails) -> str:
    kind = error["type"]
    name = str(error["loc"][0]) if error["loc"] else None
    if (
        name is not None
        and len(error["loc"]) == 1
        and (kind in _NUMERIC_ERRORS or kind in ("enum", "literal_error"))
    ):
        return _describe_field(model, name)
    if kind == "string_too_short":
        return "a value that is not blank"
    if kind == "too_short":
        return "at least one item"
    if kind == "missing":
        return "a value (required)"
    return str(error["msg"]).removeprefix("Value error, ")


def _validation_problems(
    model: type[BaseModel], error: ValidationError, where: _Locator
) -> list[Problem]:
    problems = []
    for detail in error.errors():
        name = str(detail["loc"][0]) if detail["loc"] else None
        if name in where.skip or (name is None and where.skip):
            # A rule over the whole row is moot while one of its cells is unreadable.
            continue
        expected = _explain(model, detail)
        if name is None:
            rule_field = _rule_column(expected, list(where.columns), where.cells)
            column = None if rule_field is None else where.columns[rule_field]
            value = None if rule_field is None else where.cells.get(rule_field)
            expected = f"the rule: {expected}"
        else:
            column = where.columns.get(name, name)
            value = where.cells.get(name)
        problems.append(where.table.problem(where.row_of(name), column, value, expected))
    return problems


def _build(
    model: type[_M], data: dict[str, object], where: _Locator, problems: list[Problem]
) -> _M | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems.extend(_validation_problems(model, error, where))
        return None


def _build_row(model: type[_M], table: _Table, row: _Row, problems: list[Problem]) -> _M | None:
    columns = {column.name: column.name for column in table.sheet.columns}
    where = _Locator(table, row.number, row.raw, columns, row.failed)
    return _build(model, row.values, where, problems)


# --- 6. Settings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Settings:
    table: _Table
    values: dict[str, object]  # key -> converted value
    raw: dict[str, object]  # key -> value as found
    rows: dict[str, int]  # key -> row number
    failed: set[str]  # keys already reported


def _parse_settings(table: _Table, problems: list[Problem]) -> _Settings:
    settings = _Settings(table, {}, {}, {}, set())
    for number, cells in table.rows:
        key = _cell(cells, table.positions["key"]) if "key" in table.positions else None
        value = _cell(cells, table.positions["value"]) if "value" in table.positions else None
        if _is_blank(key) and _is_blank(value):
            continue  # a row holding only a description is a note
        column = _setting_column(settings, number, key, problems)
        if column is not None:
            settings.rows[column.name] = number
            _parse_setting(settings, column, value, problems)
    _check_settings_present(settings, problems)
    return settings


def _setting_column(
    settings: _Settings, number: int, key: object, problems: list[Problem]
) -> Column | None:
    """The setting a row's key names, once; None (and a problem) for any other key."""
    if _is_blank(key):
        problems.append(settings.table.problem(number, "key", None, "a setting key for this value"))
        return None
    known = {_header_key(column.name): column for column in SETTINGS.columns}
    column = known.get(_header_key(key))
    if column is None:
        expected = "one of the setting keys: " + ", ".join(c.name for c in SETTINGS.columns)
        problems.append(settings.table.problem(number, "key", key, expected))
        return None
    if column.name in settings.rows:
        first = settings.rows[column.name]
        expected = f"each key once; {column.name} is already set in row {first}"
        problems.append(settings.table.problem(number, "key", key, expected))
        return None
    return column


def _parse_setting(
    settings: _Settings, column: Column, value: object, problems: list[Problem]
) -> None:
    number = settings.rows[column.name]
    if "value" not in settings.table.positions:
        settings.failed.add(column.name)  # the missing value column is reported at the header
        return
    if _is_blank(value):
        if column.required:
            expected = f"a value for {column.name}: {column.help} (required)"
            problems.append(settings.table.problem(number, "value", None, expected))
            settings.failed.add(column.name)
        return
    settings.raw[column.name] = value
    try:
        settings.values[column.name] = _convert(SETTINGS.name, column, value)
    except _CellError as error:
        expected = error.expected or _KIND_WORDS[column.kind]
        problems.append(settings.table.problem(number, "value", value, expected))
        settings.failed.add(column.name)


def _check_settings_present(settings: _Settings, problems: list[Problem]) -> None:
    for column in SETTINGS.columns:
        if column.required and column.name not in settings.rows:
            settings.failed.add(column.name)
            # Without a key column every key is "missing": the header problem says it all.
            if "key" in settings.table.positions:
                expected = f"a row with key {column.name}: {column.help}"
                problems.append(settings.table.problem(None, "key", None, expected))


def _settings_locator(settings: _Settings, fields: dict[str, str]) -> _Locator:
    """Point each model field's errors at the value cell of the setting that holds it."""
    return _Locator(
        table=settings.table,
        row=None,
        cells={name: settings.raw.get(key) for name, key in fields.items()},
        columns={name: "value" for name in fields},
        skip={name for name, key in fields.items() if key in settings.failed},
        field_rows={
            name: settings.rows[key] for name, key in fields.items() if key in settings.rows
        },
    )


def _build_horizon(settings: _Settings, problems: list[Problem]) -> Horizon | None:
    fields = {name: name for name in ("start_date", "days", "interval_minutes")}
    data = {name: settings.values[key] for name, key in fields.items() if key in settings.values}
    return _build(Horizon, data, _settings_locator(settings, fields), problems)


def _build_weights(settings: _Settings, problems: list[Problem]) -> Weights:
    fields = {name: key for key, name in WEIGHT_SETTINGS.items()}
    data = {name: settings.values[key] for name, key in fields.items() if key in settings.values}
    return _build(Weights, data, _settings_locator(settings, fields), problems) or Weights()


class _HiringBudget(BaseModel):
    hiring_budget: float | None = Field(default=None, gt=0)


def _build_hiring_budget(settings: _Settings, problems: list[Problem]) -> float | None:
    fields = {"hiring_budget": "hiring_budget"}
    data = {name: settings.values[name] for name in fields if name in settings.values}
    built = _build(_HiringBudget, data, _settings_locator(settings, fields), problems)
    return None if built is None else built.hiring_budget


def _interval_minutes(settings: _Settings) -> int | None:
    """The interval length when it is a valid one, for checks that only need that."""
    value = settings.values.get("interval_minutes")
    return value if isinstance(value, int) and value in (15, 30) else None


# --- 7. Cross-reference and consistency checks ---------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
    tables: dict[str, _Table]
    rows: dict[str, list[_Row]]
    horizon: Horizon | None
    interval_minutes: int | None

    def column_rows(self, sheet: str, column: str) -> list[_Row] | None:
        """Rows of `sheet`, or None when the sheet or the column is missing (reported already)."""
        table = self.tables.get(sheet)
        if table is None or column not in table.positions:
            return None
        return self.rows[sheet]


def _ids_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [shift_id for item in value for shift_id in _ids_of_item(item)]
    return []


def _ids_of_item(item: object) -> list[str]:
    if isinstance(item, dict):
        return [str(item["queue_id"])]
    if isinstance(item, tuple):  # (shift_id, count) or (earlier, next)
        return [part for part in item if isinstance(part, str)]
    return [str(item)]


def _check_references(parsed: _Parsed) -> list[Problem]:
    problems = []
    for reference in _REFERENCES:
        rows = parsed.column_rows(reference.sheet, reference.column)
        targets = parsed.column_rows(reference.target_sheet, reference.target_column)
        if rows is None or targets is None:
            continue
        known = {
            str(row.values[reference.target_column])
            for row in targets
            if reference.target_column in row.values
        }
        table = parsed.tables[reference.sheet]
        expected = f"{_a(reference.target_column)} defined in sheet {reference.target_sheet}"
        for row in rows:
            for unknown in _ids_in(row.values.get(reference.column)):
                if unknown not in known:
                    problems.append(table.problem(row.number, reference.column, unknown, expected))
    return problems


_UNIQUE_IDS = (
    ("Queues", "queue_id"),
    ("Contracts", "contract_id"),
    ("Shifts", "shift_id"),
    ("Agents", "agent_id"),
)


def _check_unique_ids(parsed: _Parsed) -> list[Problem]:
    problems = []
    for sheet, column in _UNIQUE_IDS:
        rows = parsed.column_rows(sheet, column)
        if rows is None:
            continue
        first: dict[object, int] = {}
        for row in rows:
            key = row.values.get(column)
            if key is None:
                continue
            if key in first:
                expected = f"a unique {column}; {key} is already used in row {first[key]}"
                problems.append(parsed.tables[sheet].problem(row.number, column, key, expected))
            else:
                first[key] = row.number
    return problems


def _check_forecast_unique_intervals(parsed: _Parsed) -> list[Problem]:
    rows = parsed.column_rows("Forecast", "interval_start")
    if rows is None:
        return []
    problems = []
    first: dict[tuple[object, object], int] = {}
    for row in rows:
        key = (row.values.get("queue_id"), row.values.get("interval_start"))
        if None in key:
            continue
        if key in first:
            expected = (
                f"one row per queue_id and interval_start; {key[0]} at this time is already "
                f"given in row {first[key]}"
            )
            problem = parsed.tables["Forecast"].problem(
                row.number, "interval_start", row.raw["interval_start"], expected
            )
            problems.append(problem)
        else:
            first[key] = row.number
    return problems


def _check_forecast_on_grid(parsed: _Parsed) -> list[Problem]:
    rows = parsed.column_rows("Forecast", "interval_start")
    horizon = parsed.horizon
    if rows is None or horizon is None:
        return []
    problems = []
    last = horizon.slot_start(horizon.num_slots - 1)
    for row in rows:
        when = row.values.get("interval_start")
        if not isinstance(when, datetime) or horizon.slot_of(when) is not None:
            continue
        if horizon.start <= when <= last:
            minutes = horizon.interval_minutes
            expected = f"a start on the {minutes}-minute interval grid, e.g. 09:00 or 09:{minutes}"
        else:
            span = f"{horizon.start:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M}"
            expected = f"an interval start inside the horizon, {span}"
        problem = parsed.tables["Forecast"].problem(
            row.number, "interval_start", row.raw["interval_start"], expected
        )
        problems.append(problem)
    return problems


def _shift_minutes(column: str, value: object) -> float | None:
    """A shift column's length or clock time in minutes, for the interval-grid check."""
    if isinstance(value, time):
        return value.hour * 60 + value.minute + value.second / 60
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value * 60 if column == "paid_hours" else float(value)
    return None


def _check_shifts_on_grid(parsed: _Parsed) -> list[Problem]:
    rows = parsed.column_rows("Shifts", "shift_id")
    minutes = parsed.interval_minutes
    if rows is None or minutes is None:
        return []
    grid_words = {
        "earliest_start": f"a time on the {minutes}-minute interval grid",
        "latest_start": f"a time on the {minutes}-minute interval grid",
        "start_step_minutes": f"a multiple of {minutes} minutes, the interval length",
        "paid_hours": f"hours that make a multiple of {minutes} minutes, the interval length",
        "meal_minutes": f"a multiple of {minutes} minutes, the interval length",
        # Breaks are placed on the slot axis: a 15-minute break needs 15-minute intervals.
        "break_minutes": (
            f"a multiple of {minutes} minutes, the interval length (breaks are placed on the "
            f"{minutes}-minute interval grid: shorter breaks need a shorter Settings "
            "interval_minutes)"
        ),
    }
    problems = []
    for row in rows:
        for column, expected in grid_words.items():
            length = _shift_minutes(column, row.values.get(column))
            if length is None:
                continue
            steps = length / minutes
            if abs(steps - round(steps)) > 1e-9:
                table = parsed.tables["Shifts"]
                problems.append(table.problem(row.number, column, row.raw[column], expected))
    return problems


def _check_non_empty_sheets(parsed: _Parsed) -> list[Problem]:
    problems = []
    shift_demand = bool(parsed.rows.get("ShiftDemand"))
    for sheet in _NON_EMPTY_SHEETS:
        table = parsed.tables.get(sheet)
        if table is not None and table.positions and not table.rows:
            if sheet == "Forecast" and shift_demand:
                continue  # demand stated per shift instead
            expected = "at least one row of data from row 2"
            if sheet == "Forecast":
                expected += ", or demand per shift in sheet ShiftDemand"
            problems.append(table.problem(2, None, None, expected))
    return problems


def _check_shift_level_dates(parsed: _Parsed) -> list[Problem]:
    """Shift demand and requests fall inside the horizon, one demand row per date and shift."""
    horizon = parsed.horizon
    if horizon is None:
        return []
    last = horizon.day_date(horizon.days - 1)
    problems = []
    for sheet in ("ShiftDemand", "ShiftRequests"):
        table = parsed.tables.get(sheet)
        if table is None:
            continue
        seen: dict[tuple[object, ...], int] = {}
        for row in parsed.rows[sheet]:
            when = row.values.get("date")
            if not isinstance(when, date):
                continue
            if horizon.day_index(when) is None:
                expected = f"a date inside the horizon, {horizon.start_date} to {last}"
                problems.append(table.problem(row.number, "date", row.raw.get("date"), expected))
            key = tuple(row.values.get(c) for c in ("agent_id", "date", "shift_id"))
            if key in seen:
                what = "date and shift_id" if sheet == "ShiftDemand" else "agent, date and shift_id"
                expected = f"one row per {what}; this one is already given in row {seen[key]}"
                problems.append(table.problem(row.number, "date", row.raw.get("date"), expected))
            seen.setdefault(key, row.number)
    return problems


def _queue_methods(parsed: _Parsed) -> dict[object, str]:
    """Each queue's staffing method as the Queue model resolves a blank one (by channel)."""
    rows = parsed.column_rows("Queues", "queue_id")
    methods: dict[object, str] = {}
    for row in rows or []:
        default = "chat" if row.values.get("channel") == "chat" else "erlang_c"
        methods[row.values.get("queue_id")] = str(row.values.get("method", default))
    return methods


def _check_forecast_handle_times(parsed: _Parsed) -> list[Problem]:
    """A volume without aht_s is complete only on a productivity queue, staffed by a rate."""
    rows = parsed.column_rows("Forecast", "queue_id")
    if rows is None:
        return []
    methods = _queue_methods(parsed)
    problems = []
    for row in rows:
        volume = row.values.get("volume")
        if row.failed or "aht_s" in row.raw or "required_agents" in row.raw:
            continue  # other rules already speak about this row
        if not isinstance(volume, float) or volume < 0:
            continue
        method = methods.get(row.values.get("queue_id"))
        if method is None or method == StaffingMethod.PRODUCTIVITY:
            continue
        expected = "the rule: give volume and aht_s together, or required_agents"
        problems.append(parsed.tables["Forecast"].problem(row.number, "aht_s", None, expected))
    return problems


def _check_deadlines_fit_intervals(parsed: _Parsed) -> list[Problem]:
    """Deferred work is planned in whole intervals, so its deadline must span at least one."""
    rows = parsed.column_rows("Queues", "deadline_hours")
    minutes = parsed.interval_minutes
    if rows is None or minutes is None:
        return []
    problems = []
    for row in rows:
        hours = row.values.get("deadline_hours")
        if isinstance(hours, float) and 0 < hours * 60 < minutes:
            expected = f"a deadline of at least one {minutes}-minute interval ({minutes / 60:g} h)"
            table = parsed.tables["Queues"]
            value = row.raw["deadline_hours"]
            problems.append(table.problem(row.number, "deadline_hours", value, expected))
    return problems


def _minute_of(value: object) -> int | None:
    return value.hour * 60 + value.minute if isinstance(value, time) else None


def _template_spans(parsed: _Parsed) -> list[tuple[str, int, int, int, int]]:
    """(shift_id, earliest, latest, step, span minutes) of each readable Shifts row."""
    spans = []
    for row in parsed.column_rows("Shifts", "shift_id") or []:
        v = row.values
        earliest, latest = _minute_of(v.get("earliest_start")), _minute_of(v.get("latest_start"))
        step, paid, meal = v.get("start_step_minutes"), v.get("paid_hours"), v.get("meal_minutes")
        if (
            earliest is not None
            and latest is not None
            and isinstance(step, int)
            and step > 0
            and isinstance(paid, int | float)
            and isinstance(meal, int)
        ):
            spans.append((str(v.get("shift_id")), earliest, latest, step, round(paid * 60) + meal))
    return spans


def _check_fixed_shifts(parsed: _Parsed) -> list[Problem]:
    """A pinned shift lies inside the horizon, is one of a template's shifts, once a day."""
    rows = parsed.column_rows("FixedShifts", "agent_id")
    if rows is None:
        return []
    table = parsed.tables["FixedShifts"]
    templates = _template_spans(parsed)
    problems = []
    seen: set[tuple[object, object]] = set()
    for row in rows:
        when, start, end = (row.values.get(c) for c in ("date", "start", "end"))
        if isinstance(when, date) and parsed.horizon is not None:
            horizon = parsed.horizon
            if horizon.day_index(when) is None:
                last = horizon.day_date(horizon.days - 1)
                expected = f"a date inside the horizon, {horizon.start_date} to {last}"
                problems.append(table.problem(row.number, "date", row.raw.get("date"), expected))
            key = (row.values.get("agent_id"), when)
            if key in seen:
                expected = "one pinned shift per agent and date"
                problems.append(table.problem(row.number, "date", row.raw.get("date"), expected))
            seen.add(key)
        first, last_minute = _minute_of(start), _minute_of(end)
        if first is None or last_minute is None or not templates:
            continue
        length = (last_minute - first) % (24 * 60) or 24 * 60
        if not any(
            low <= first <= high and (first - low) % step == 0 and span == length
            for _, low, high, step, span in templates
        ):
            shown = f"{row.raw.get('start')}-{row.raw.get('end')}"
            expected = (
                "the start and end of a shift of the Shifts sheet ("
                + ", ".join(
                    f"{shift_id}: {low // 60:02d}:{low % 60:02d}-{high // 60:02d}:{high % 60:02d} "
                    f"every {step} min for {span / 60:g} h"
                    for shift_id, low, high, step, span in templates
                )
                + ")"
            )
            problems.append(table.problem(row.number, "start", shown, expected))
    return problems


def _check_one_reserve_policy(parsed: _Parsed) -> list[Problem]:
    """The reserve policy is one row; a second row would be silently ignored otherwise."""
    rows = parsed.rows.get("ReservePolicy", [])
    table = parsed.tables.get("ReservePolicy")
    if table is None or len(rows) <= 1:
        return []
    return [table.problem(row.number, None, None, "one row only") for row in rows[1:]]


_CHECKS: tuple[Callable[[_Parsed], list[Problem]], ...] = (
    _check_non_empty_sheets,
    _check_unique_ids,
    _check_references,
    _check_forecast_unique_intervals,
    _check_forecast_on_grid,
    _check_shifts_on_grid,
    _check_forecast_handle_times,
    _check_deadlines_fit_intervals,
    _check_fixed_shifts,
    _check_one_reserve_policy,
    _check_shift_level_dates,
)


# --- 8. Assembly --------------------------------------------------------------------------------

_MODELS: dict[str, type[BaseModel]] = {
    "Queues": Queue,
    "Forecast": ForecastPoint,
    "Contracts": Contract,
    "Shifts": ShiftTemplate,
    "Agents": Agent,
    "TimeOff": TimeOff,
    "Availability": Availability,
    "FixedShifts": FixedShift,
    "Holidays": Holiday,
    "VendorOffers": VendorOffer,
    "ReservePolicy": ReservePolicy,
    "ShiftDemand": ShiftDemand,
    "ShiftRequests": ShiftRequest,
}


def _tables(loaded: _Loaded, problems: list[Problem]) -> dict[str, _Table]:
    tables: dict[str, _Table] = {}
    for sheet in SHEETS:
        raw = loaded.sheets.get(_sheet_key(sheet.name))
        if raw is not None and sheet.name not in REQUIRED_SHEETS and _is_empty(raw):
            raw = None  # an optional sheet cleared of everything, headers included, is absent
        if raw is None:
            if sheet.name in REQUIRED_SHEETS and _sheet_key(sheet.name) not in loaded.unreadable:
                problems.append(loaded.missing_sheet(sheet))
            continue
        layout = SETTINGS_LAYOUT if sheet.key_value else sheet
        table, found = _make_table(raw, layout)
        tables[sheet.name] = table
        problems.extend(found)
    return tables


def _models(parsed: _Parsed, sheet: str, problems: list[Problem]) -> list[Any]:
    table = parsed.tables.get(sheet)
    if table is None:
        return []
    built = (_build_row(_MODELS[sheet], table, row, problems) for row in parsed.rows[sheet])
    return [model for model in built if model is not None]


def _sheet_order(problem: Problem) -> tuple[int, int]:
    names = [sheet.name for sheet in SHEETS]
    index = names.index(problem.sheet) if problem.sheet in names else -1
    return index, problem.row or 0


def _read(path: Path) -> tuple[Scenario | None, list[Problem]]:
    loaded = _load(path)
    problems = list(loaded.problems)
    if problems and not loaded.sheets:
        return None, problems
    tables = _tables(loaded, problems)
    settings = None
    if "Settings" in tables:
        settings = _parse_settings(tables["Settings"], problems)
    rows = {
        name: _parse_rows(table, problems) for name, table in tables.items() if name != "Settings"
    }
    horizon = _build_horizon(settings, problems) if settings else None
    weights = _build_weights(settings, problems) if settings else Weights()
    budget = _build_hiring_budget(settings, problems) if settings else None
    interval = _interval_minutes(settings) if settings else None
    parsed = _Parsed(tables, rows, horizon, interval)
    models = {name: _models(parsed, name, problems) for name in _MODELS}
    for check in _CHECKS:
        problems.extend(check(parsed))
    problems.extend(_check_templates_distinct(parsed, models))
    problems.sort(key=_sheet_order)
    if problems or settings is None or horizon is None:
        return None, problems
    scenario = Scenario(
        name=str(settings.values["scenario_name"]),
        horizon=horizon,
        queues=tuple(models["Queues"]),
        # Each row was checked as a ForecastPoint, for errors naming its cell; staffing and
        # the rest read the forecast as columns.
        forecast=Forecast.from_points(models["Forecast"]),
        contracts=tuple(models["Contracts"]),
        shifts=tuple(models["Shifts"]),
        agents=tuple(models["Agents"]),
        time_off=tuple(models["TimeOff"]),
        availability=tuple(models["Availability"]),
        fixed_shifts=tuple(models["FixedShifts"]),
        holidays=tuple(models["Holidays"]),
        weights=weights,
        vendor_offers=tuple(models["VendorOffers"]),
        reserve_policy=next(iter(models["ReservePolicy"]), None),
        hiring_budget=budget,
        shift_demand=tuple(models["ShiftDemand"]),
        shift_requests=tuple(models["ShiftRequests"]),
    )
    return scenario, []


def _check_templates_distinct(parsed: _Parsed, models: dict[str, list[Any]]) -> list[Problem]:
    """With shift-level demand, requests or limits, a roster must tell templates apart."""
    shift_level = (
        models["ShiftDemand"]
        or models["ShiftRequests"]
        or any(c.max_shifts_per_template or c.forbidden_successions for c in models["Contracts"])
    )
    clash = indistinct_templates(tuple(models["Shifts"])) if shift_level else None
    if clash is None:
        return []
    table = parsed.tables["Shifts"]
    row = next(r for r in parsed.rows["Shifts"] if r.values.get("shift_id") == clash[1])
    expected = (
        f"start times no shift of {clash[0]} can also have, or another length: a roster "
        "records times, not templates, and shift demand, shift requests and per-shift "
        "contract limits count templates"
    )
    return [table.problem(row.number, "earliest_start", row.raw.get("earliest_start"), expected)]
