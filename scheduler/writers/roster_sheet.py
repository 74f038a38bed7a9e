"""The Roster sheet: agents x days with shift times, leave and days off, totals both ways."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl.cell.cell import Cell
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from scheduler.domain import Agent, Scenario
from scheduler.result import Activity, ActivityKind, Roster, WorkedShift
from scheduler.writers.cells import (
    CENTER,
    GRID,
    HOURS_FORMAT,
    LEAVE_FILL,
    MIDDLE,
    STANDBY_FILL,
    TOTAL_BORDER,
    TOTAL_FILL,
    WEEKEND_FILL,
    WEEKEND_HEADER_FILL,
    CellValue,
    Sheet,
    print_setup,
)
from scheduler.writers.shift_facts import (
    FAMILIES,
    family_bounds,
    family_of,
    is_night,
    is_weekend,
    span_label,
)

IDENTITY_COLUMNS = 6
FIRST_DAY_COLUMN = IDENTITY_COLUMNS + 1
HEADER_ROW = 2
_TOTAL_COLUMNS = 4  # paid hours, shifts, nights, weekend shifts

_Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class _DayCell:
    text: str
    fill: PatternFill | None
    muted: bool = False


@dataclass(frozen=True)
class _Grid:
    """What the roster grid shows, looked up by (agent_id, day)."""

    days: list[date]
    shifts: dict[tuple[str, date], WorkedShift]
    standby: dict[tuple[str, date], _Span]
    leave: set[tuple[str, date]]

    @property
    def totals_column(self) -> int:
        return FIRST_DAY_COLUMN + len(self.days)


def horizon_days(scenario: Scenario) -> list[date]:
    return [scenario.horizon.day_date(i) for i in range(scenario.horizon.days)]


def write_roster(sheet: Sheet, roster: Roster, scenario: Scenario) -> None:
    days = horizon_days(scenario)
    grid = _Grid(
        days=days,
        shifts={(s.agent_id, s.day): s for s in roster.worked_shifts()},
        standby=standby_spans(roster.activities),
        leave={(t.agent_id, d) for t in scenario.time_off for d in days if t.covers(d)},
    )
    agents = roster_agents(roster, scenario)
    _write_header(sheet, scenario.name, days)
    for offset, (agent_id, agent) in enumerate(agents):
        _write_agent_row(sheet, HEADER_ROW + 1 + offset, agent_id, agent, grid)
    last_agent_row = HEADER_ROW + len(agents)
    row = _write_day_totals(sheet, last_agent_row + 1, grid, [agent_id for agent_id, _ in agents])
    _write_legend(sheet, row + 2)
    _finish(sheet, agents, grid.totals_column + _TOTAL_COLUMNS - 1, last_agent_row)


def roster_agents(roster: Roster, scenario: Scenario) -> list[tuple[str, Agent | None]]:
    """Scenario agents grouped by team (input order within a team), then unknown rostered ids."""
    known: list[tuple[str, Agent | None]] = [
        (agent.agent_id, agent) for agent in sorted(scenario.agents, key=lambda a: a.team)
    ]
    listed = {agent.agent_id for agent in scenario.agents}
    unknown = sorted({a.agent_id for a in roster.activities} - listed)
    return known + [(agent_id, None) for agent_id in unknown]


def standby_spans(activities: Iterable[Activity]) -> dict[tuple[str, date], _Span]:
    spans: dict[tuple[str, date], _Span] = {}
    for activity in activities:
        if activity.kind is ActivityKind.STANDBY:
            key = (activity.agent_id, activity.day)
            start, end = spans.get(key, (activity.start, activity.end))
            spans[key] = (min(start, activity.start), max(end, activity.end))
    return spans


def _write_header(sheet: Sheet, scenario_name: str, days: Sequence[date]) -> None:
    text = sheet.text
    title = text.roster_title.format(
        scenario=scenario_name, first=text.long_day(days[0]), last=text.long_day(days[-1])
    )
    sheet.title(1, 1, title)
    totals = (text.paid_hours, text.shifts, text.nights, text.weekend_shifts)
    headers = [*text.identity_headers, *(text.day(d) for d in days), *totals]
    cells = sheet.header(HEADER_ROW, headers, wrap=True)
    for cell, day in zip(cells[FIRST_DAY_COLUMN - 1 :], days, strict=False):
        if is_weekend(day):
            cell.fill = WEEKEND_HEADER_FILL


def _identity(sheet: Sheet, agent_id: str, agent: Agent | None) -> tuple[str, ...]:
    text = sheet.text
    if agent is None:
        return (agent_id, text.not_in_scenario, "", "", "", "")
    source = text.sources.get(agent.source.value, agent.source.value)
    return (agent_id, agent.name, agent.team, source, agent.vendor, agent.contract_id)


def _write_agent_row(
    sheet: Sheet, row: int, agent_id: str, agent: Agent | None, grid: _Grid
) -> None:
    cells = sheet.put_row(row, _identity(sheet, agent_id, agent))
    for cell in cells:
        cell.alignment = MIDDLE
    worked: list[WorkedShift] = []
    for column, day in enumerate(grid.days, start=FIRST_DAY_COLUMN):
        key = (agent_id, day)
        shift = grid.shifts.get(key)
        content = _day_cell(sheet, shift, grid.standby.get(key), key in grid.leave)
        cell = sheet.put(row, column, content.text, sheet.look.muted if content.muted else None)
        _style_day(cell, content, day)
        cells.append(cell)
        if shift is not None:
            worked.append(shift)
    totals = sheet.put_row(row, _agent_totals(worked), grid.totals_column)
    totals[0].number_format = HOURS_FORMAT
    for cell in totals:
        cell.alignment = CENTER
    for cell in cells + totals:
        cell.border = GRID
    # Taller than default so a printed roster has room for handwritten changes.
    sheet.ws.row_dimensions[row].height = 20


def _agent_totals(worked: Sequence[WorkedShift]) -> tuple[float, int, int, int]:
    return (
        sum(s.paid_hours for s in worked),
        len(worked),
        sum(is_night(s) for s in worked),
        sum(is_weekend(s.day) for s in worked),
    )


def _day_cell(
    sheet: Sheet, shift: WorkedShift | None, standby: _Span | None, on_leave: bool
) -> _DayCell:
    text = sheet.text
    if shift is not None:
        label = span_label(shift.start, shift.end, shift.day)
        if on_leave:
            # A shift on approved leave is a conflict the supervisor must see, not hide.
            return _DayCell(f"{label} {text.leave_code}", LEAVE_FILL)
        return _DayCell(label, family_of(shift.start.time()).fill)
    if on_leave:
        return _DayCell(text.leave_code, LEAVE_FILL)
    if standby is not None:
        start, end = standby
        return _DayCell(f"{text.standby_code} {span_label(start, end, start.date())}", STANDBY_FILL)
    return _DayCell(text.off_code, None, muted=True)


def _style_day(cell: Cell, content: _DayCell, day: date) -> None:
    cell.alignment = CENTER
    if content.fill is not None:
        cell.fill = content.fill
    elif is_weekend(day):
        cell.fill = WEEKEND_FILL


def _write_day_totals(sheet: Sheet, row: int, grid: _Grid, agent_ids: Sequence[str]) -> int:
    """Per-day counts and hours under the grid; return the last row written."""
    text = sheet.text
    listed = set(agent_ids)
    by_day = {
        day: [s for (agent_id, d), s in grid.shifts.items() if d == day and agent_id in listed]
        for day in grid.days
    }
    rostered = [s for shifts in by_day.values() for s in shifts]
    rows: list[tuple[str, list[CellValue], Sequence[CellValue], bool]] = [
        (
            text.agents_working,
            [len(by_day[d]) for d in grid.days],
            _agent_totals(rostered),
            False,
        )
    ]
    for family in FAMILIES:
        label = text.family_shifts.format(family=text.families[family.index])
        counts: list[CellValue] = [
            sum(family_of(s.start.time()) == family for s in by_day[d]) for d in grid.days
        ]
        rows.append((label, counts, (), False))
    hours: list[CellValue] = [sum(s.paid_hours for s in by_day[d]) for d in grid.days]
    rows.append((text.paid_hours, hours, (), True))
    leave: list[CellValue] = [sum((i, d) in grid.leave for i in agent_ids) for d in grid.days]
    rows.append((text.agents_on_leave, leave, (), False))
    for offset, (label, per_day, totals, in_hours) in enumerate(rows):
        _write_total_row(sheet, row + offset, grid, (label, per_day, totals), first=offset == 0)
        if in_hours:
            for column in range(FIRST_DAY_COLUMN, grid.totals_column):
                sheet.ws.cell(row=row + offset, column=column).number_format = HOURS_FORMAT
    return row + len(rows) - 1


def _write_total_row(
    sheet: Sheet,
    row: int,
    grid: _Grid,
    content: tuple[str, Sequence[CellValue], Sequence[CellValue]],
    *,
    first: bool,
) -> None:
    label, per_day, totals = content
    bold = sheet.look.bold
    sheet.put(row, 2, label, bold)
    sheet.put_row(row, per_day, FIRST_DAY_COLUMN, bold)
    sheet.put_row(row, totals, grid.totals_column, bold)
    if totals:
        sheet.ws.cell(row=row, column=grid.totals_column).number_format = HOURS_FORMAT
    for column in range(1, grid.totals_column + _TOTAL_COLUMNS):
        cell = sheet.ws.cell(row=row, column=column)
        cell.font = bold
        cell.fill = TOTAL_FILL
        cell.border = TOTAL_BORDER if first else GRID
        if column >= FIRST_DAY_COLUMN:
            cell.alignment = CENTER


def _write_legend(sheet: Sheet, row: int) -> None:
    text = sheet.text
    sheet.put(row, 2, text.legend, sheet.look.bold)
    entries: list[tuple[str, PatternFill | None]] = []
    for family in FAMILIES:
        first, last = family_bounds(family)
        name = text.families[family.index]
        entries.append(
            (text.family_legend.format(family=name, first=first, last=last), family.fill)
        )
    entries += [
        (text.leave_legend, LEAVE_FILL),
        (text.standby_legend, STANDBY_FILL),
        (text.off_legend, None),
        (text.weekend_legend, WEEKEND_FILL),
        (text.next_day_legend, None),
        (text.night_legend, None),
    ]
    for offset, (label, fill) in enumerate(entries, start=1):
        cell = sheet.put(row + offset, 2, label)
        cell.border = GRID
        if fill is not None:
            cell.fill = fill


def _finish(
    sheet: Sheet, agents: Sequence[tuple[str, Agent | None]], last_column: int, last_agent_row: int
) -> None:
    ws = sheet.ws
    name_width = max([len(a.name) for _, a in agents if a is not None] + [24])
    ids_width = max([len(agent_id) for agent_id, _ in agents] + [9])
    sheet.widths((ids_width + 2, min(name_width, 36) + 2, 14, 10, 14, 10))
    for column in range(FIRST_DAY_COLUMN, last_column - _TOTAL_COLUMNS + 1):
        ws.column_dimensions[get_column_letter(column)].width = 13.5
    sheet.widths((10, 8, 8, 9), first_column=last_column - _TOTAL_COLUMNS + 1)
    ws.row_dimensions[HEADER_ROW].height = 30

    last_letter = get_column_letter(last_column)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3).coordinate
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_letter}{max(last_agent_row, HEADER_ROW + 1)}"
    ws.print_title_rows = f"1:{HEADER_ROW}"
    ws.print_title_cols = "A:B"
    print_setup(sheet, "landscape")
