"""Reading a roster for the HR check: the `Assignments` sheet, or the human `Roster` grid.

Supervisors edit the grid (agents down, days across, shift times typed in the cells) by hand, so
the reader finds the header row and the day columns by what they say, skips what it does not
need (titles, totals, legend, notes, extra columns), and reads a day cell as a time range typed
as text: "9:00-18:00", "22:00-07:00+1", "08:00-24:00". A cell it cannot read with certainty (a
lone time, "9-18", two ranges, a day header matching two days of the horizon) is reported with
its cell rather than guessed.

The grid holds no meals. A shift whose times match a template the agent's contract allows gets
that template's unpaid meal; any other shift counts as paid throughout (and the template rule
will flag it). Where the meal and the short breaks fall is unknown, so the roster is marked as not
recording pauses and the pause rule leaves it alone.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from scheduler.domain import Horizon, Scenario
from scheduler.errors import InputError, Problem
from scheduler.io.roster_reader import (
    TIME_RANGE,
    LocatedRoster,
    read_assignments_located,
    read_sheet_rows,
)
from scheduler.result import Activity, ActivityKind, Roster
from scheduler.roster.rules import Span, fits_template
from scheduler.writers.machine_sheets import ASSIGNMENTS_SHEET

ROSTER_SHEET = "Roster"
_AGENT_HEADERS = frozenset({"agentid", "agent", "id", "工号"})
_STANDBY_WORDS = ("sb", "standby", "待命")
_HEADER_ROWS_SEARCHED = 10
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s+([a-z]{3,})")  # 09 Nov
_MONTH_DAY = re.compile(r"([a-z]{3,})\.?\s+(\d{1,2})(?!\d)")  # Nov 9


def read_for_check(path: Path, scenario: Scenario, sheet: str | None = None) -> LocatedRoster:
    """The roster in `path` from `sheet`: by default `Assignments`, else the `Roster` grid.

    Without a `sheet`, a workbook holding both is checked on `Assignments`, with a note naming
    the cells where the grid shows other shifts: a supervisor may have edited the grid instead.
    """
    names = _sheet_names(path)
    chosen = _pick(names, (sheet,) if sheet else (ASSIGNMENTS_SHEET, ROSTER_SHEET), str(path))
    if chosen.strip().lower() != ASSIGNMENTS_SHEET.lower():
        return read_roster_grid(path, scenario, chosen)
    located = read_assignments_located(path)
    grid_sheet = next((n for n in names if n.strip().lower() == ROSTER_SHEET.lower()), None)
    if sheet is not None or grid_sheet is None:
        return located
    try:
        note = _differences(located, read_roster_grid(path, scenario, grid_sheet))
    except InputError:
        note = f"sheet {grid_sheet} could not be read to compare; check it with --sheet"
    return located if note is None else replace(located, notes=(note,))


def _differences(assignments: LocatedRoster, grid: LocatedRoster) -> str | None:
    """Where the grid shows other shift times than the Assignments sheet, in words."""

    def times(roster: LocatedRoster) -> dict[tuple[str, date], tuple[datetime, datetime]]:
        return {(s.agent_id, s.day): (s.start, s.end) for s in roster.roster.worked_shifts()}

    left, right = times(assignments), times(grid)
    differing = sorted(key for key in left.keys() | right.keys() if left.get(key) != right.get(key))
    if not differing:
        return None
    cells = ", ".join(grid.cell_for(agent, day) or agent for agent, day in differing[:5])
    more = f" and {len(differing) - 5} more" if len(differing) > 5 else ""
    return (
        f"sheet {grid.sheet} shows other shifts than sheet {assignments.sheet} at {cells}{more}; "
        f"{assignments.sheet} was checked, pass --sheet {grid.sheet} to check the grid instead"
    )


def _sheet_names(path: Path) -> list[str]:
    try:
        workbook = load_workbook(path, read_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError) as error:
        raise InputError(
            [_problem(str(path), None, f"a readable .xlsx workbook ({error})")]
        ) from error
    names = list(workbook.sheetnames)
    workbook.close()
    return names


def _pick(names: Sequence[str], wanted: Sequence[str], source: str) -> str:
    for name in wanted:
        for found in names:
            if found.strip().lower() == name.strip().lower():
                return found
    expected = f"a sheet named {' or '.join(wanted)} (found: {', '.join(names)})"
    raise InputError([_problem(source, wanted[0], expected)])


def _problem(
    source: str, sheet: str | None, expected: str, cell: str | None = None, value: object = None
) -> Problem:
    row = None if cell is None else int(re.sub(r"[A-Z]+", "", cell))
    column = None if cell is None else re.sub(r"\d+", "", cell)
    return Problem(source, sheet, row, column, value, expected)


def read_roster_grid(path: Path, scenario: Scenario, sheet: str) -> LocatedRoster:
    source = str(path)
    rows, _ = read_sheet_rows(path, source, sheet)
    grid = _Grid(source, sheet, scenario)
    header_index = grid.find_header(rows)
    day_columns = grid.day_columns(rows[header_index], header_index + 1)
    activities: list[Activity] = []
    seen: dict[str, int] = {}
    for index in range(header_index + 1, len(rows)):
        values = rows[index]
        agent_id = grid.agent_id(values, index + 1, seen)
        if agent_id is None:
            continue
        for column, day in day_columns.items():
            value = values[column] if column < len(values) else None
            cell = f"{get_column_letter(column + 1)}{index + 1}"
            grid.day_cells[agent_id, day] = cell
            activities.extend(grid.activities(agent_id, day, value, cell))
    if grid.problems:
        raise InputError(grid.problems)
    roster = Roster(tuple(activities), pauses_recorded=False)
    return LocatedRoster(roster, source, sheet, grid.day_cells, grid.agent_cells)


class _Grid:
    """Reading state: where things are, and every problem found so far."""

    def __init__(self, source: str, sheet: str, scenario: Scenario) -> None:
        self.source = source
        self.sheet = sheet
        self.scenario = scenario
        self.agent_column = 0
        self.day_cells: dict[tuple[str, date], str] = {}
        self.agent_cells: dict[str, str] = {}
        self.problems: list[Problem] = []

    def problem(self, cell: str | None, value: object, expected: str) -> None:
        self.problems.append(_problem(self.source, self.sheet, expected, cell, value))

    def find_header(self, rows: Sequence[Sequence[object]]) -> int:
        for index, values in enumerate(rows[:_HEADER_ROWS_SEARCHED]):
            for column, value in enumerate(values):
                if isinstance(value, str) and _squeeze(value) in _AGENT_HEADERS:
                    self.agent_column = column
                    return index
        expected = "a header row with an 'Agent ID' column within the first 10 rows"
        raise InputError([_problem(self.source, self.sheet, expected)])

    def day_columns(self, header: Sequence[object], row: int) -> dict[int, date]:
        horizon = self.scenario.horizon
        columns: dict[int, date] = {}
        first_column: dict[date, str] = {}
        for column, value in enumerate(header):
            cell = f"{get_column_letter(column + 1)}{row}"
            days = _days_named(value, horizon)
            if days is None:
                continue  # not a day header: totals, notes
            if len(days) != 1:
                span = f"{horizon.start_date}..{horizon.day_date(horizon.days - 1)}"
                what = "matches several days" if days else "is not a day of the horizon"
                self.problem(cell, value, f"a day header naming one day of {span} (this {what})")
                continue
            [day] = days
            if day in first_column:
                self.problem(
                    cell, value, f"each day once; {day} is already column {first_column[day]}"
                )
                continue
            first_column[day] = cell
            columns[column] = day
        if not columns and not self.problems:
            self.problem(f"A{row}", None, "day columns in the header row, e.g. 'Mon 09 Nov'")
        return columns

    def agent_id(self, values: Sequence[object], row: int, seen: dict[str, int]) -> str | None:
        value = values[self.agent_column] if self.agent_column < len(values) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            return None  # titles, totals and the legend have no agent
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        text = text.strip()
        cell = f"{get_column_letter(self.agent_column + 1)}{row}"
        if text in seen:
            self.problem(
                cell, text, f"each agent on one row; {text} is already on row {seen[text]}"
            )
            return None
        seen[text] = row
        self.agent_cells[text] = cell
        return text

    def activities(self, agent_id: str, day: date, value: object, cell: str) -> list[Activity]:
        if value is None or isinstance(value, bool):
            return []
        if not isinstance(value, str):
            self.problem(cell, value, "a time range typed as text, e.g. 9:00-18:00, or OFF")
            return []
        ranges = list(TIME_RANGE.finditer(value))
        if not ranges:
            if any(ch.isdigit() for ch in value):
                self.problem(cell, value, "a time range with minutes, e.g. 9:00-18:00")
            return []  # OFF, LEAVE and other words: no shift
        if len(ranges) > 1:
            self.problem(cell, value, "one time range per day; split shifts go in Assignments")
            return []
        if _squeeze(value).startswith(_STANDBY_WORDS):
            return []  # on call, not a shift
        times = self._times(ranges[0], day, cell, value)
        if times is None:
            return []
        return self._shift(agent_id, day, *times)

    def _times(
        self, match: re.Match[str], day: date, cell: str, value: object
    ) -> tuple[datetime, datetime] | None:
        hour, minute, end_hour, end_minute = (int(match.group(i)) for i in range(1, 5))
        too_late = (end_hour, end_minute) > (24, 0)
        if hour > 23 or minute > 59 or end_minute > 59 or too_late:
            self.problem(cell, value, "times of day from 0:00 to 24:00")
            return None
        start = datetime.combine(day, time(hour, minute))
        end = datetime.combine(day, time(0)) + timedelta(hours=end_hour, minutes=end_minute)
        if match.group(5) or end <= start:
            end = end + timedelta(days=1) if end_hour < 24 else end
        if end == start or end - start >= timedelta(days=1):
            self.problem(cell, value, "a shift shorter than 24 hours with its end after its start")
            return None
        return start, end

    def _shift(self, agent_id: str, day: date, start: datetime, end: datetime) -> list[Activity]:
        meal = _meal_minutes(self.scenario, agent_id, start, end)
        if meal == 0:
            return [Activity(agent_id, day, ActivityKind.SHIFT, start, end)]
        paid = (end - start) - timedelta(minutes=meal)
        middle = start + paid / 2
        after = middle + timedelta(minutes=meal)
        return [
            Activity(agent_id, day, ActivityKind.SHIFT, start, middle),
            Activity(agent_id, day, ActivityKind.MEAL, middle, after),
            Activity(agent_id, day, ActivityKind.SHIFT, after, end),
        ]


def _squeeze(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()


def _days_named(value: object, horizon: Horizon) -> list[date] | None:
    """Horizon days a header cell names; None when it names no day at all."""
    days = [horizon.day_date(i) for i in range(horizon.days)]
    if isinstance(value, datetime):
        return [d for d in days if d == value.date()]
    if isinstance(value, date):
        return [d for d in days if d == value]
    if not isinstance(value, str):
        return None
    text = value.casefold()
    if match := _ISO_DAY.search(text):
        year, month, day = (int(g) for g in match.groups())
        return [d for d in days if (d.year, d.month, d.day) == (year, month, day)]
    named: set[tuple[int, int]] = set()  # (month, day of month)
    pairs = [(m.group(1), m.group(2)) for m in _DAY_MONTH.finditer(text)]
    pairs += [(m.group(2), m.group(1)) for m in _MONTH_DAY.finditer(text)]
    for number, word in pairs:
        if word[:3] in _MONTHS:
            named.add((_MONTHS.index(word[:3]) + 1, int(number)))
    if not named:
        for match in _NUMERIC_DAY.finditer(text):
            first, second = int(match.group(1)), int(match.group(2))
            named.update({(first, second), (second, first)})
    if not named:
        return None
    return [d for d in days if (d.month, d.day) in named]


def _meal_minutes(scenario: Scenario, agent_id: str, start: datetime, end: datetime) -> int:
    """The unpaid meal of the allowed template these times match, else none."""
    agent = next((a for a in scenario.agents if a.agent_id == agent_id), None)
    if agent is None:
        return 0
    allowed = scenario.contract(agent.contract_id).allowed_shifts
    minute = start.hour * 60 + start.minute
    length = round((end - start).total_seconds() / 60)
    for template in scenario.shifts:
        as_planned = Span(0, minute, minute + length, template.paid_minutes)
        if (not allowed or template.shift_id in allowed) and fits_template(template, as_planned):
            return template.meal_minutes
    return 0
