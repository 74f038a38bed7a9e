"""The roster workbook: what supervisors print, plus two sheets that programs read back.

`Summary` and `Roster` are for people and may change shape freely. `Coverage` and
`Assignments` are contracts: exactly the headers below in row 1, one record per row from row 2,
nothing else on the sheet, so `scheduler.io.roster_reader` (or a spreadsheet user) can rely on them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.axis import TextAxis
from openpyxl.chart.marker import Marker
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.atomic import write_atomically
from scheduler.domain import Agent, Scenario
from scheduler.result import (
    Activity,
    ActivityKind,
    CoverageRow,
    SolveResult,
    SolveStatus,
    WorkedShift,
)

SUMMARY_SHEET = "Summary"
ROSTER_SHEET = "Roster"
COVERAGE_SHEET = "Coverage"
ASSIGNMENTS_SHEET = "Assignments"

COVERAGE_COLUMNS = ("queue_id", "interval_start", "required", "scheduled", "shortfall", "surplus")
ASSIGNMENTS_COLUMNS = (
    "agent_id",
    "agent_name",
    "source",
    "vendor",
    "date",
    "activity",
    "start",
    "end",
    "queue_id",
)

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HOURS_FORMAT = "#,##0.0"
MONEY_FORMAT = "#,##0.00"

# Fixed English names: strftime's %a and %b follow the process locale, and a printed roster
# should not change language with the machine that produced it.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Excel evaluates text typed with these leading characters as a formula; input text must not be.
_FORMULA_LEADS = ("=", "+", "-", "@")

_STATUS_TEXT = {
    SolveStatus.OPTIMAL: "Optimal: proven best roster under the objective",
    SolveStatus.FEASIBLE: "Feasible: legal roster, not proven best (time limit)",
    SolveStatus.NO_SOLUTION: "No solution: time limit hit before any legal roster was found",
}

CellValue = str | int | float | date | datetime | None

# Pale fills: they print legibly in black and white and keep black text readable.
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WEEKEND_HEADER_FILL = PatternFill("solid", fgColor="BFBFBF")
_WEEKEND_FILL = PatternFill("solid", fgColor="EDEDED")
_LEAVE_FILL = PatternFill("solid", fgColor="F8CBAD")
_STANDBY_FILL = PatternFill("solid", fgColor="FFFFFF")
_SHORTFALL_FILL = PatternFill("solid", fgColor="FCE4D6")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_BOLD = Font(bold=True)
_MUTED = Font(color="808080")
_TITLE = Font(bold=True, size=14)
_SECTION = Font(bold=True, size=12)
_CENTER = Alignment(horizontal="center", vertical="center")
_MIDDLE = Alignment(vertical="center")
_WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_THIN = Side(style="thin", color="BFBFBF")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOTAL_BORDER = Border(left=_THIN, right=_THIN, top=Side(style="medium"), bottom=_THIN)


@dataclass(frozen=True)
class _Family:
    """A shift start family: which start hours belong to it and how it is shaded."""

    name: str
    first_hour: int
    fill: PatternFill

    def legend(self, next_hour: int) -> str:
        return f"{self.name} start {self.first_hour:02d}:00-{next_hour:02d}:00"


# Ordered by first start hour; a start belongs to the last family whose first_hour it reaches,
# and starts before the first family wrap around to the last (night).
_FAMILIES = (
    _Family("Early", 4, PatternFill("solid", fgColor="FFF2CC")),
    _Family("Day", 8, PatternFill("solid", fgColor="E2EFDA")),
    _Family("Late", 12, PatternFill("solid", fgColor="DDEBF7")),
    _Family("Night", 18, PatternFill("solid", fgColor="D9D2E9")),
)


def write_roster_workbook(
    result: SolveResult,
    scenario: Scenario,
    path: Path,
    *,
    force: bool = False,
    generated_at: datetime | None = None,
) -> None:
    """Write the roster workbook to `path` atomically; an existing file needs `force`.

    `generated_at` is stamped on the Summary (default: now); tests pin it for stable output.
    """
    stamp = generated_at or datetime.now().replace(microsecond=0)
    workbook = build_roster_workbook(result, scenario, stamp)
    write_atomically(path, lambda temporary: workbook.save(temporary), force=force)


def build_roster_workbook(
    result: SolveResult, scenario: Scenario, generated_at: datetime
) -> Workbook:
    """The roster workbook in memory, for callers that save or inspect it themselves."""
    workbook = Workbook()
    summary = workbook.active
    assert isinstance(summary, Worksheet)
    summary.title = SUMMARY_SHEET
    roster = workbook.create_sheet(ROSTER_SHEET)
    coverage = workbook.create_sheet(COVERAGE_SHEET)
    assignments = workbook.create_sheet(ASSIGNMENTS_SHEET)

    queue_rows = _write_coverage(coverage, _ordered_coverage(result, scenario))
    chart_row = _write_summary(summary, result, scenario, generated_at)
    _add_coverage_charts(summary, coverage, queue_rows, scenario, chart_row)
    _write_roster(roster, result, scenario)
    _write_assignments(assignments, result, scenario)

    workbook.properties.title = f"Roster - {scenario.name}"
    workbook.properties.creator = "scheduler"
    return workbook


# ---------------------------------------------------------------------------------------------
# Cells


def _put(ws: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, Cell)
    if isinstance(value, str):
        _put_text(cell, value)
    else:
        cell.value = value
    return cell


def _put_text(cell: Cell, value: str) -> None:
    # openpyxl refuses control characters outright; a replacement mark beats a failed write.
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell.value = text
    if text.startswith(_FORMULA_LEADS):
        # openpyxl has just made an '=...' string a formula. Forcing the string type keeps the
        # value intact on read-back; the quote prefix keeps Excel from evaluating it on edit.
        cell.data_type = "s"
        cell.quotePrefix = True


def _put_row(
    ws: Worksheet, row: int, values: Sequence[CellValue], first_column: int = 1
) -> list[Cell]:
    return [_put(ws, row, first_column + i, value) for i, value in enumerate(values)]


def _style_header(cells: Iterable[Cell], *, wrap: bool = False) -> None:
    for cell in cells:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _GRID
        cell.alignment = _WRAP_CENTER if wrap else _CENTER


def _set_widths(ws: Worksheet, widths: Sequence[float], first_column: int = 1) -> None:
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(first_column + i)].width = width


def _day_label(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day:02d} {_MONTHS[day.month - 1]}"


def _long_day_label(day: date) -> str:
    return f"{_day_label(day)} {day.year}"


def _is_weekend(day: date) -> bool:
    return day.weekday() >= 5


# ---------------------------------------------------------------------------------------------
# Coverage


def _ordered_coverage(result: SolveResult, scenario: Scenario) -> list[CoverageRow]:
    """Coverage grouped by queue in scenario order, so each queue is one block for its chart."""
    rank = {queue_id: i for i, queue_id in enumerate(_queue_ids(result, scenario))}
    return sorted(result.coverage, key=lambda r: (rank[r.queue_id], r.interval_start))


def _queue_ids(result: SolveResult, scenario: Scenario) -> list[str]:
    known = [q.queue_id for q in scenario.queues]
    extra = sorted({r.queue_id for r in result.coverage} - set(known))
    return known + extra


def _write_coverage(ws: Worksheet, rows: Sequence[CoverageRow]) -> dict[str, tuple[int, int]]:
    """Write the Coverage contract; return each queue's first and last sheet row."""
    _style_header(_put_row(ws, 1, COVERAGE_COLUMNS))
    blocks: dict[str, tuple[int, int]] = {}
    for offset, item in enumerate(rows):
        row = offset + 2
        cells = _put_row(
            ws,
            row,
            (
                item.queue_id,
                item.interval_start,
                item.required,
                item.scheduled,
                item.shortfall,
                item.surplus,
            ),
        )
        cells[1].number_format = DATETIME_FORMAT
        first, _ = blocks.get(item.queue_id, (row, row))
        blocks[item.queue_id] = (first, row)
    last = max(2, len(rows) + 1)
    if rows:
        ws.conditional_formatting.add(
            f"A2:F{last}",
            Rule(type="expression", formula=["$E2>0"], dxf=DifferentialStyle(fill=_SHORTFALL_FILL)),
        )
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:F{last}"
    _set_widths(ws, (14, 18, 11, 11, 11, 11))
    _print_data_sheet(ws)
    return blocks


# ---------------------------------------------------------------------------------------------
# Summary


def _write_summary(
    ws: Worksheet, result: SolveResult, scenario: Scenario, generated_at: datetime
) -> int:
    """Write headline figures and tables; return the first free row (for the charts)."""
    title = _put(ws, 1, 1, f"{scenario.name} - roster summary")
    title.font = _TITLE
    row = _write_headline(ws, 3, result, scenario, generated_at)
    row = _write_queue_table(ws, row + 1, result, scenario)
    row = _write_worst_intervals(ws, row + 1, result, scenario)
    _set_widths(ws, (30, 24, 16, 16, 16, 16, 14))
    _print_setup(ws, "portrait")
    return row + 1


def _write_headline(
    ws: Worksheet, row: int, result: SolveResult, scenario: Scenario, generated_at: datetime
) -> int:
    horizon = scenario.horizon
    last_day = horizon.day_date(horizon.days - 1)
    understaffed = sum(result.understaffed_agent_hours().values())
    overstaffed = sum(result.overstaffed_agent_hours().values())
    items: list[tuple[str, CellValue, str | None]] = [
        ("Scenario", scenario.name, None),
        (
            "Horizon",
            f"{_long_day_label(horizon.start_date)} to {_long_day_label(last_day)} "
            f"({horizon.days} days, {horizon.interval_minutes}-minute intervals)",
            None,
        ),
        ("Solve status", _STATUS_TEXT.get(result.status, str(result.status)), None),
        ("Objective (points)", _or_na(result.objective), MONEY_FORMAT),
        ("Best bound (points)", _or_na(result.best_bound), MONEY_FORMAT),
        ("Optimality gap", _or_na(_gap(result)), "0.00%"),
        ("Solve time (seconds)", result.wall_seconds, "#,##0.0"),
        ("Agents in scenario", len(scenario.agents), "0"),
        ("Agents rostered", result.agents_rostered(), "0"),
        ("Paid hours", result.paid_hours(), HOURS_FORMAT),
        ("Wage cost", _wage_cost(result, scenario), MONEY_FORMAT),
        ("Understaffed agent-hours", understaffed, HOURS_FORMAT),
        ("Overstaffed agent-hours", overstaffed, HOURS_FORMAT),
        ("Generated", generated_at, DATETIME_FORMAT),
    ]
    for offset, (label, value, number_format) in enumerate(items):
        _put(ws, row + offset, 1, label).font = _BOLD
        cell = _put(ws, row + offset, 2, value)
        cell.alignment = Alignment(horizontal="left")
        if number_format and not isinstance(value, str):
            cell.number_format = number_format
    return row + len(items)


def _or_na(value: float | None) -> float | str:
    return "n/a" if value is None else value


def _gap(result: SolveResult) -> float | None:
    if result.objective is None or result.best_bound is None:
        return None
    if result.objective == 0:
        return 0.0 if result.best_bound == 0 else None
    return abs(result.objective - result.best_bound) / abs(result.objective)


def _wage_cost(result: SolveResult, scenario: Scenario) -> float:
    rates = {agent.agent_id: agent.cost_per_hour for agent in scenario.agents}
    return sum(s.paid_hours * rates.get(s.agent_id, 0.0) for s in result.roster.worked_shifts())


def _write_queue_table(ws: Worksheet, row: int, result: SolveResult, scenario: Scenario) -> int:
    _put(ws, row, 1, "Coverage per queue").font = _SECTION
    headers = (
        "Queue",
        "Name",
        "Required agent-hours",
        "Scheduled agent-hours",
        "Understaffed agent-hours",
        "Overstaffed agent-hours",
        "Requirement met",
    )
    _style_header(_put_row(ws, row + 1, headers), wrap=True)
    ws.row_dimensions[row + 1].height = 30
    slot_hours = result.interval_minutes / 60
    required: dict[str, float] = defaultdict(float)
    scheduled: dict[str, float] = defaultdict(float)
    for item in result.coverage:
        required[item.queue_id] += item.required * slot_hours
        scheduled[item.queue_id] += item.scheduled * slot_hours
    under = result.understaffed_agent_hours()
    over = result.overstaffed_agent_hours()
    names = {q.queue_id: q.name for q in scenario.queues}

    current = row + 2
    for queue_id in _queue_ids(result, scenario):
        values = (
            queue_id,
            names.get(queue_id, ""),
            required[queue_id],
            scheduled[queue_id],
            under.get(queue_id, 0.0),
            over.get(queue_id, 0.0),
            _met(required[queue_id], under.get(queue_id, 0.0)),
        )
        _format_queue_row(_put_row(ws, current, values))
        current += 1
    total_required = sum(required.values())
    total_under = sum(under.values())
    totals = (
        "Total",
        "",
        total_required,
        sum(scheduled.values()),
        total_under,
        sum(over.values()),
        _met(total_required, total_under),
    )
    cells = _put_row(ws, current, totals)
    _format_queue_row(cells)
    for cell in cells:
        cell.font = _BOLD
        cell.border = _TOTAL_BORDER
        cell.fill = _TOTAL_FILL
    return current + 1


def _met(required_hours: float, understaffed_hours: float) -> float | None:
    """Share of the required agent-hours that were staffed; None when nothing was required."""
    return None if required_hours == 0 else 1 - understaffed_hours / required_hours


def _format_queue_row(cells: Sequence[Cell]) -> None:
    for cell in cells:
        cell.border = _GRID
    for cell in cells[2:6]:
        cell.number_format = HOURS_FORMAT
    cells[6].number_format = "0.0%"


def _write_worst_intervals(ws: Worksheet, row: int, result: SolveResult, scenario: Scenario) -> int:
    _put(ws, row, 1, "10 worst intervals (largest shortfall)").font = _SECTION
    short = [item for item in result.coverage if item.shortfall > 0]
    rank = {queue_id: i for i, queue_id in enumerate(_queue_ids(result, scenario))}
    short.sort(key=lambda r: (-r.shortfall, r.interval_start, rank[r.queue_id]))
    if not short:
        _put(ws, row + 1, 1, "No understaffed intervals.")
        return row + 2
    headers = ("Interval start", "Queue", "Required", "Scheduled", "Shortfall")
    _style_header(_put_row(ws, row + 1, headers))
    for offset, item in enumerate(short[:10]):
        values = (item.interval_start, item.queue_id, item.required, item.scheduled, item.shortfall)
        cells = _put_row(ws, row + 2 + offset, values)
        cells[0].number_format = "ddd dd mmm yyyy hh:mm"
        cells[0].alignment = Alignment(horizontal="left")
        for cell in cells:
            cell.border = _GRID
    return row + 2 + min(10, len(short))


def _add_coverage_charts(
    summary: Worksheet,
    coverage: Worksheet,
    blocks: dict[str, tuple[int, int]],
    scenario: Scenario,
    row: int,
) -> None:
    if not blocks:
        return
    _put(summary, row, 1, "Required vs scheduled agents per interval").font = _SECTION
    names = {q.queue_id: q.name for q in scenario.queues}
    for index, (queue_id, (first, last)) in enumerate(blocks.items()):
        title = f"{queue_id} - {names[queue_id]}" if names.get(queue_id) else queue_id
        chart = _coverage_chart(coverage, title, first, last, scenario.horizon.slots_per_day)
        # About 17 rows of default height per 8 cm chart, plus a spacer row.
        summary.add_chart(chart, f"A{row + 1 + index * 18}")


def _coverage_chart(
    coverage: Worksheet, title: str, first: int, last: int, slots_per_day: int
) -> LineChart:
    chart = LineChart()
    chart.title = title
    chart.height = 8
    chart.width = 26
    assert chart.legend is not None
    chart.legend.position = "b"
    chart.y_axis.title = "Agents"
    lines = ((3, "Required", "C00000", "dash"), (4, "Scheduled", "2F5597", None))
    for column, label, colour, dash in lines:
        values = Reference(coverage, min_col=column, min_row=first, max_row=last)
        series = Series(values, title=label)
        series.smooth = False
        series.marker = Marker(symbol="none")
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 19050  # 1.5 pt in EMU
        if dash:
            series.graphicalProperties.line.dashStyle = dash
        chart.series.append(series)
    chart.set_categories(Reference(coverage, min_col=2, min_row=first, max_row=last))
    skip = _label_skip(last - first + 1, slots_per_day)
    # A text axis: Excel's automatic date axis would stack all intervals of a day on one point.
    axis = chart.x_axis
    assert isinstance(axis, TextAxis)
    axis.auto = False
    axis.tickLblSkip = skip
    axis.tickMarkSkip = skip
    axis.number_format = "ddd dd mmm" if skip >= slots_per_day else "ddd hh:mm"
    # openpyxl 3.1 marks axes deleted by default, which hides them in Excel.
    axis.delete = False
    chart.y_axis.delete = False
    return chart


def _label_skip(points: int, slots_per_day: int) -> int:
    """Intervals between axis labels: the shortest round step giving at most 14 labels."""
    slots_per_hour = slots_per_day // 24
    for hours in (1, 2, 3, 6, 12, 24, 48, 168):
        step = hours * slots_per_hour
        if math.ceil(points / step) <= 14:
            return step
    return 168 * slots_per_hour


# ---------------------------------------------------------------------------------------------
# Roster grid

_ROSTER_IDENTITY = ("Agent ID", "Name", "Team", "Source", "Vendor", "Contract")
_FIRST_DAY_COLUMN = len(_ROSTER_IDENTITY) + 1
_HEADER_ROW = 2


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
    standby: dict[tuple[str, date], tuple[datetime, datetime]]
    leave: set[tuple[str, date]]

    @property
    def totals_column(self) -> int:
        return _FIRST_DAY_COLUMN + len(self.days)


def _write_roster(ws: Worksheet, result: SolveResult, scenario: Scenario) -> None:
    days = [scenario.horizon.day_date(i) for i in range(scenario.horizon.days)]
    grid = _Grid(
        days=days,
        shifts={(s.agent_id, s.day): s for s in result.roster.worked_shifts()},
        standby=_standby_spans(result.roster.activities),
        leave={(t.agent_id, d) for t in scenario.time_off for d in days if t.covers(d)},
    )
    agents = _roster_agents(result, scenario)
    _write_roster_header(ws, scenario.name, days)
    for offset, (agent_id, agent) in enumerate(agents):
        _write_agent_row(ws, _HEADER_ROW + 1 + offset, agent_id, agent, grid)
    last_agent_row = _HEADER_ROW + len(agents)
    row = _write_roster_totals(ws, last_agent_row + 1, grid, [agent_id for agent_id, _ in agents])
    _write_roster_legend(ws, row + 1)
    _finish_roster(ws, agents, grid.totals_column + 1, last_agent_row)


def _write_roster_header(ws: Worksheet, scenario_name: str, days: Sequence[date]) -> None:
    title = f"Roster - {scenario_name} - {_long_day_label(days[0])} to {_long_day_label(days[-1])}"
    _put(ws, 1, 1, title).font = _TITLE
    headers = [*_ROSTER_IDENTITY, *(_day_label(d) for d in days), "Paid hours", "Shifts"]
    header_cells = _put_row(ws, _HEADER_ROW, headers)
    _style_header(header_cells, wrap=True)
    for cell, day in zip(header_cells[_FIRST_DAY_COLUMN - 1 :], days, strict=False):
        if _is_weekend(day):
            cell.fill = _WEEKEND_HEADER_FILL


def _write_agent_row(
    ws: Worksheet, row: int, agent_id: str, agent: Agent | None, grid: _Grid
) -> None:
    cells = _put_row(ws, row, _identity(agent_id, agent))
    worked: list[WorkedShift] = []
    for column, day in enumerate(grid.days, start=_FIRST_DAY_COLUMN):
        key = (agent_id, day)
        shift = grid.shifts.get(key)
        content = _day_cell(shift, grid.standby.get(key), key in grid.leave)
        cell = _put(ws, row, column, content.text)
        _style_day(cell, content, day)
        cells.append(cell)
        if shift is not None:
            worked.append(shift)
    totals = _put_row(ws, row, (sum(s.paid_hours for s in worked), len(worked)), grid.totals_column)
    totals[0].number_format = HOURS_FORMAT
    for cell in cells[: len(_ROSTER_IDENTITY)]:
        cell.alignment = _MIDDLE
    for cell in totals:
        cell.alignment = _CENTER
    for cell in cells + totals:
        cell.border = _GRID
    # Taller than default so a printed roster has room for handwritten changes.
    ws.row_dimensions[row].height = 20


def _roster_agents(result: SolveResult, scenario: Scenario) -> list[tuple[str, Agent | None]]:
    """Scenario agents grouped by team (input order within a team), then unknown rostered ids."""
    known: list[tuple[str, Agent | None]] = [
        (agent.agent_id, agent) for agent in sorted(scenario.agents, key=lambda a: a.team)
    ]
    listed = {agent.agent_id for agent in scenario.agents}
    unknown = sorted({a.agent_id for a in result.roster.activities} - listed)
    return known + [(agent_id, None) for agent_id in unknown]


def _identity(agent_id: str, agent: Agent | None) -> tuple[str, ...]:
    if agent is None:
        return (agent_id, "(not in scenario)", "", "", "", "")
    return (agent_id, agent.name, agent.team, agent.source.value, agent.vendor, agent.contract_id)


_Span = tuple[datetime, datetime]


def _standby_spans(activities: Iterable[Activity]) -> dict[tuple[str, date], _Span]:
    spans: dict[tuple[str, date], _Span] = {}
    for activity in activities:
        if activity.kind is ActivityKind.STANDBY:
            key = (activity.agent_id, activity.day)
            start, end = spans.get(key, (activity.start, activity.end))
            spans[key] = (min(start, activity.start), max(end, activity.end))
    return spans


def _day_cell(
    shift: WorkedShift | None, standby: tuple[datetime, datetime] | None, on_leave: bool
) -> _DayCell:
    if shift is not None:
        label = _span_label(shift.start, shift.end, shift.day)
        if on_leave:
            # A shift on approved leave is a conflict the supervisor must see, not hide.
            return _DayCell(f"{label} LEAVE", _LEAVE_FILL)
        return _DayCell(label, _family(shift.start.time()).fill)
    if on_leave:
        return _DayCell("LEAVE", _LEAVE_FILL)
    if standby is not None:
        start, end = standby
        return _DayCell(f"SB {_span_label(start, end, start.date())}", _STANDBY_FILL)
    return _DayCell("OFF", None, muted=True)


def _span_label(start: datetime, end: datetime, day: date) -> str:
    """'08:00-17:00'; an end on a later day gets '+1', except midnight, which reads '24:00'."""
    return f"{_clock(start, day)}-{_clock(end, day, is_end=True)}"


def _clock(moment: datetime, day: date, *, is_end: bool = False) -> str:
    offset = (moment.date() - day).days
    if is_end and offset == 1 and moment.time() == time(0):
        return "24:00"
    text = f"{moment.hour:02d}:{moment.minute:02d}"
    return text if offset == 0 else f"{text}{offset:+d}"


def _family(start: time) -> _Family:
    chosen = _FAMILIES[-1]
    for family in _FAMILIES:
        if start.hour >= family.first_hour:
            chosen = family
    return chosen


def _style_day(cell: Cell, content: _DayCell, day: date) -> None:
    cell.alignment = _CENTER
    if content.fill is not None:
        cell.fill = content.fill
    elif _is_weekend(day):
        cell.fill = _WEEKEND_FILL
    if content.muted:
        cell.font = _MUTED


def _write_roster_totals(ws: Worksheet, row: int, grid: _Grid, agent_ids: Sequence[str]) -> int:
    """Per-day head counts under the grid; return the last row written."""
    in_horizon = set(grid.days)
    rostered = [s for s in grid.shifts.values() if s.day in in_horizon]
    rows: list[tuple[str, list[int], list[CellValue]]] = [
        (
            "Agents working",
            [sum((i, d) in grid.shifts for i in agent_ids) for d in grid.days],
            [sum(s.paid_hours for s in rostered), len(rostered)],
        ),
        (
            "Agents on leave",
            [sum((i, d) in grid.leave for i in agent_ids) for d in grid.days],
            [None, None],
        ),
    ]
    for offset, (label, counts, totals) in enumerate(rows):
        current = row + offset
        _put(ws, current, 2, label)
        _put_row(ws, current, counts, first_column=_FIRST_DAY_COLUMN)
        _put_row(ws, current, totals, first_column=grid.totals_column)
        ws.cell(row=current, column=grid.totals_column).number_format = HOURS_FORMAT
        for column in range(1, grid.totals_column + 2):
            cell = ws.cell(row=current, column=column)
            cell.font = _BOLD
            cell.fill = _TOTAL_FILL
            cell.border = _TOTAL_BORDER if offset == 0 else _GRID
            if column >= _FIRST_DAY_COLUMN:
                cell.alignment = _CENTER
    return row + len(rows) - 1


def _write_roster_legend(ws: Worksheet, row: int) -> None:
    _put(ws, row + 1, 2, "Legend").font = _BOLD
    entries: list[tuple[str, PatternFill | None]] = []
    for index, family in enumerate(_FAMILIES):
        next_hour = _FAMILIES[(index + 1) % len(_FAMILIES)].first_hour
        entries.append((family.legend(next_hour), family.fill))
    entries += [
        ("LEAVE: approved time off", _LEAVE_FILL),
        ("SB: standby (on call)", _STANDBY_FILL),
        ("OFF: day off", None),
        ("Weekend", _WEEKEND_FILL),
        ("+1: ends the next day", None),
    ]
    for offset, (text, fill) in enumerate(entries):
        cell = _put(ws, row + 2 + offset, 2, text)
        cell.border = _GRID
        if fill is not None:
            cell.fill = fill


def _finish_roster(
    ws: Worksheet, agents: Sequence[tuple[str, Agent | None]], last_column: int, last_agent_row: int
) -> None:
    name_width = max([len(a.name) for _, a in agents if a is not None] + [24])
    ids_width = max([len(agent_id) for agent_id, _ in agents] + [9])
    _set_widths(ws, (ids_width + 2, min(name_width, 36) + 2, 14, 10, 14, 10))
    day_letters = range(_FIRST_DAY_COLUMN, last_column - 1)
    for column in day_letters:
        ws.column_dimensions[get_column_letter(column)].width = 13.5
    _set_widths(ws, (11, 8), first_column=last_column - 1)
    ws.row_dimensions[_HEADER_ROW].height = 30

    last_letter = get_column_letter(last_column)
    ws.freeze_panes = ws.cell(row=_HEADER_ROW + 1, column=3).coordinate
    ws.auto_filter.ref = f"A{_HEADER_ROW}:{last_letter}{max(last_agent_row, _HEADER_ROW + 1)}"
    ws.print_title_rows = f"1:{_HEADER_ROW}"
    ws.print_title_cols = "A:B"
    _print_setup(ws, "landscape")


def _print_setup(ws: Worksheet, orientation: Literal["portrait", "landscape"]) -> None:
    """One page wide, as many pages tall as needed, with page numbers in the footer."""
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.75
    ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    footer = ws.oddFooter
    assert footer is not None
    footer.left.text = "&A"
    footer.center.text = "Page &P of &N"
    footer.right.text = "Printed &D &T"


def _print_data_sheet(ws: Worksheet) -> None:
    # Printing the whole workbook also prints these; keep every column on the page.
    _print_setup(ws, "portrait")
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True


# ---------------------------------------------------------------------------------------------
# Assignments


def _write_assignments(ws: Worksheet, result: SolveResult, scenario: Scenario) -> None:
    """Write the Assignments contract: one row per activity, by agent then start."""
    _style_header(_put_row(ws, 1, ASSIGNMENTS_COLUMNS))
    agents = {agent.agent_id: agent for agent in scenario.agents}
    # Stable sort: activities that share agent and start keep the solver's order.
    ordered = sorted(result.roster.activities, key=lambda a: (a.agent_id, a.start))
    for offset, activity in enumerate(ordered):
        agent = agents.get(activity.agent_id)
        values: tuple[CellValue, ...] = (
            activity.agent_id,
            agent.name if agent else None,
            agent.source.value if agent else None,
            (agent.vendor or None) if agent else None,
            activity.day,
            activity.kind.value,
            activity.start,
            activity.end,
            activity.queue_id,
        )
        cells = _put_row(ws, offset + 2, values)
        cells[4].number_format = DATE_FORMAT
        cells[6].number_format = DATETIME_FORMAT
        cells[7].number_format = DATETIME_FORMAT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:I{max(2, len(ordered) + 1)}"
    _set_widths(ws, (12, 26, 11, 16, 13, 10, 18, 18, 11))
    _print_data_sheet(ws)
