"""Reading a roster back from the `Assignments` sheet of a roster workbook.

The sheet may have been edited by hand, so columns are found by header name (any order, extra
columns ignored, case and spaces forgiven) and blank rows are skipped. Everything else that is
wrong is collected and raised as one `InputError`, each problem located by sheet, row and column.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from scheduler.errors import InputError, Problem
from scheduler.result import Activity, ActivityKind, Roster
from scheduler.writers.machine_sheets import ASSIGNMENTS_SHEET

# agent_name, source and vendor are written for people and are not part of an Activity.
REQUIRED_COLUMNS = ("agent_id", "date", "activity", "start", "end", "queue_id")

_KINDS = ", ".join(kind.value for kind in ActivityKind)


class _Row:
    """One data row, with problems recorded against its location as fields are read."""

    def __init__(
        self, source: str, number: int, values: Sequence[object], columns: dict[str, int]
    ) -> None:
        self.source = source
        self.number = number
        self.values = values
        self.columns = columns
        self.problems: list[Problem] = []

    def raw(self, column: str) -> object:
        index = self.columns[column]
        value = self.values[index] if index < len(self.values) else None
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def problem(self, column: str, value: object, expected: str) -> None:
        self.problems.append(
            Problem(self.source, ASSIGNMENTS_SHEET, self.number, column, value, expected)
        )

    def text(self, column: str, *, required: bool) -> str | None:
        value = self.raw(column)
        if value is None:
            if required:
                self.problem(column, None, "a value")
            return None
        # Excel turns numeric-looking ids typed by hand into numbers; 1001.0 means "1001".
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, str | int) and not isinstance(value, bool):
            return str(value)
        self.problem(column, value, "text")
        return None

    def day(self, column: str) -> date | None:
        value = self.raw(column)
        if isinstance(value, str):
            value = _parse_iso(value)
        if isinstance(value, datetime):
            if value.time() == datetime.min.time():
                return value.date()
        elif isinstance(value, date):
            return value
        self.problem(column, self.raw(column), "a date, e.g. 2026-11-08")
        return None

    def moment(self, column: str) -> datetime | None:
        value = self.raw(column)
        if isinstance(value, str):
            value = _parse_iso(value)
        if isinstance(value, datetime):
            return _to_second(value)
        self.problem(column, self.raw(column), "a date and time, e.g. 2026-11-08 08:00")
        return None

    def kind(self, column: str) -> ActivityKind | None:
        value = self.raw(column)
        if isinstance(value, str):
            try:
                return ActivityKind(value.lower())
            except ValueError:
                pass
        self.problem(column, value, f"one of {_KINDS}")
        return None


def read_assignments(path: Path) -> Roster:
    """Read the Assignments sheet of a roster workbook into a Roster, rows in sheet order."""
    source = str(path)
    rows, _ = read_sheet_rows(path, source)
    return _parse(rows, source)


def _find_sheet(names: Sequence[str], source: str) -> str:
    matches = [name for name in names if name.strip().lower() == ASSIGNMENTS_SHEET.lower()]
    if not matches:
        raise InputError(
            [
                Problem(
                    source,
                    ASSIGNMENTS_SHEET,
                    None,
                    None,
                    None,
                    f"a sheet named {ASSIGNMENTS_SHEET} (found: {', '.join(names)})",
                )
            ]
        )
    return matches[0]


def _parse(rows: Sequence[Sequence[object]], source: str) -> Roster:
    return Roster(tuple(activity for _, activity in _parse_numbered(rows, source)[0]))


def _parse_numbered(
    rows: Sequence[Sequence[object]], source: str
) -> tuple[list[tuple[int, Activity]], dict[str, int]]:
    """Activities with their spreadsheet row numbers, and the header's column positions."""
    header = rows[0] if rows else ()
    columns = _locate_columns(header, source)
    problems: list[Problem] = []
    activities: list[tuple[int, Activity]] = []
    for number, values in enumerate(rows[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        row = _Row(source, number, values, columns)
        activity = _activity(row)
        problems.extend(row.problems)
        if activity is not None:
            activities.append((number, activity))
    if problems:
        raise InputError(problems)
    return activities, columns


def _locate_columns(header: Sequence[object], source: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for index, value in enumerate(header):
        name = _normalise(value)
        if name not in REQUIRED_COLUMNS:
            continue
        if name in columns:
            problems.append(
                Problem(source, ASSIGNMENTS_SHEET, 1, name, value, "each column only once")
            )
        columns[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problems.append(
                Problem(
                    source, ASSIGNMENTS_SHEET, 1, name, None, f"a header cell '{name}' in row 1"
                )
            )
    if problems:
        raise InputError(problems)
    return columns


def _normalise(header: object) -> str:
    return str(header).strip().lower().replace(" ", "_") if header is not None else ""


def _activity(row: _Row) -> Activity | None:
    agent_id = row.text("agent_id", required=True)
    day = row.day("date")
    kind = row.kind("activity")
    start, end = _start_and_end(row, day)
    queue_id = row.text("queue_id", required=False)
    if start is not None and end is not None and end <= start:
        row.problem("end", row.raw("end"), "a time after start")
    if day is not None and start is not None and not 0 <= (start.date() - day).days <= 1:
        # An activity belongs to the day its shift started, so it starts that day or the next.
        row.problem("start", row.raw("start"), f"a time on {day} or the day after")
    if row.problems or agent_id is None or day is None or kind is None:
        return None
    assert start is not None and end is not None
    return Activity(agent_id, day, kind, start, end, queue_id)


def _parse_iso(text: str) -> datetime | str:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return text


def _to_second(value: datetime) -> datetime:
    # Excel stores times as fractions of a day; 08:00 can come back as 07:59:59.999999.
    rounded = value + timedelta(microseconds=500_000)
    return rounded.replace(microsecond=0)


# --- Reading a roster for the HR check ----------------------------------------------------------

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
# "9:00-18:00", "22:00-06:00+1": start hour and minute, end hour and minute, the "+1".
TIME_RANGE = re.compile(r"(\d{1,2}):(\d{2})\s*[-\u2013~]\s*(\d{1,2}):(\d{2})(\s*\+\s*1)?")


def _clock(value: object) -> time | None:
    """A time of day typed alone ('9:00', or an Excel time cell); None for anything else."""
    if isinstance(value, time):
        return value
    if isinstance(value, str) and (match := _CLOCK.fullmatch(value)):
        hour, minute = int(match.group(1)), int(match.group(2))
        if minute < 60 and (hour, minute) <= (24, 0):
            return time(0) if hour == 24 else time(hour, minute)
    return None


def _start_and_end(row: _Row, day: date | None) -> tuple[datetime | None, datetime | None]:
    """Start and end as full date-times; supervisors may instead type times of day, in two cells
    or as '9:00-18:00' in the start cell. Times of day fall on the row's date, and an end at or
    before the start falls on the next day (a night shift)."""
    start_cell, end_cell = row.raw("start"), row.raw("end")
    if isinstance(start_cell, str) and end_cell is None:
        match = TIME_RANGE.fullmatch(start_cell)
        if match:
            start_cell, end_cell = (
                "{}:{}".format(*match.groups()[:2]),
                "{}:{}".format(*match.groups()[2:4]),
            )
    start_clock, end_clock = _clock(start_cell), _clock(end_cell)
    if start_clock is None and end_clock is None:
        return row.moment("start"), row.moment("end")
    if start_clock is None or end_clock is None:
        # One time of day beside a full date-time: which day it means is a guess, so say so.
        column, cell = ("start", start_cell) if start_clock is not None else ("end", end_cell)
        row.problem(
            column, cell, "a date and time, e.g. 2026-11-08 08:00, or both start and end as times"
        )
        return None, None
    if day is None:
        return None, None  # the date problem is reported already
    start = datetime.combine(day, start_clock)
    end = datetime.combine(day, end_clock)
    return start, end if end > start else end + timedelta(days=1)


@dataclass(frozen=True)
class LocatedRoster:
    """A roster read for checking, with the cells where each agent and each working day sit."""

    roster: Roster
    source: str
    sheet: str
    day_cells: dict[tuple[str, date], str]  # (agent, day) -> e.g. "E12"
    agent_cells: dict[str, str]  # agent -> the agent's first cell
    notes: tuple[str, ...] = ()  # what the reader wants the user to know, e.g. sheets disagree

    def cell_for(self, agent_id: str, first: date, last: date | None = None) -> str | None:
        """The first cell of `agent_id` on a day from `first` to `last`, else the agent's."""
        days = sorted(
            day
            for agent, day in self.day_cells
            if agent == agent_id and first <= day <= (last or first)
        )
        cell = self.day_cells[agent_id, days[0]] if days else self.agent_cells.get(agent_id)
        return None if cell is None else f"{self.sheet}!{cell}"


def read_assignments_located(path: Path) -> LocatedRoster:
    """The Assignments sheet as `read_assignments` reads it, with each row's cell."""
    source = str(path)
    rows, sheet = read_sheet_rows(path, source)
    numbered, columns = _parse_numbered(rows, source)
    letter = get_column_letter(columns["date"] + 1)
    day_cells: dict[tuple[str, date], str] = {}
    agent_cells: dict[str, str] = {}
    for number, activity in numbered:
        day_cells.setdefault((activity.agent_id, activity.day), f"{letter}{number}")
        agent_cells.setdefault(activity.agent_id, f"A{number}")
    roster = Roster(tuple(activity for _, activity in numbered))
    return LocatedRoster(roster, source, sheet, day_cells, agent_cells)


def read_sheet_rows(
    path: Path, source: str, sheet: str | None = None
) -> tuple[list[tuple[object, ...]], str]:
    """The rows of `sheet` (default: the Assignments sheet) and the sheet's name."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError) as error:
        raise InputError(
            [Problem(source, None, None, None, None, f"a readable .xlsx workbook ({error})")]
        ) from error
    try:
        sheet = sheet or _find_sheet(workbook.sheetnames, source)
        worksheet = workbook[sheet]
        assert isinstance(worksheet, ReadOnlyWorksheet)
        worksheet.reset_dimensions()  # a wrong <dimension> would hide cells
        return list(worksheet.iter_rows(values_only=True)), sheet
    finally:
        workbook.close()
