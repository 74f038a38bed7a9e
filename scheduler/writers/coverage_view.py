"""The Coverage view: per queue a days x intervals grid of scheduled minus required agents.

The machine `Coverage` sheet has one row per queue and interval, which no one can read; this
sheet folds it into one small heat map per queue, with the agent-hours short and over per day
and a chart of them, one queue per printed page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from scheduler.domain import Scenario
from scheduler.result import CoverageRow
from scheduler.writers.cells import (
    CENTER,
    GRID,
    HOURS_FORMAT,
    TOTAL_BORDER,
    TOTAL_FILL,
    WEEKEND_HEADER_FILL,
    WRAP_LEFT,
    Sheet,
    print_setup,
)
from scheduler.writers.shift_facts import is_weekend

FIRST_SLOT_COLUMN = 2
GAP_FORMAT = "+0;-0;0"
# Conditional formats rather than cell fills, so the colours follow an analyst's edits.
_Operator = Literal["lessThan", "between", "greaterThan"]
# (operator, bound, fill, font colour): 3 or more short, 1 or 2 short, more than required.
_GAP_RULES: tuple[tuple[_Operator, str, str, str], ...] = (
    ("lessThan", "-2", "F8696B", "FFFFFF"),
    ("between", "-2", "FFC7CE", "9C0006"),
    ("greaterThan", "0", "E2EFDA", "375623"),
)
_CHART_ROWS = 17  # a 7.5 cm chart and a spacer


def write_coverage_view(
    sheet: Sheet, coverage: Sequence[CoverageRow], queue_ids: Sequence[str], scenario: Scenario
) -> None:
    text = sheet.text
    sheet.title(1, 1, text.coverage_title)
    slots = scenario.horizon.slots_per_day
    last_column = FIRST_SLOT_COLUMN + slots + 1
    note = sheet.put(2, 1, text.coverage_note, sheet.look.muted)
    note.alignment = WRAP_LEFT
    sheet.ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_column)
    sheet.ws.row_dimensions[2].height = 30
    names = {q.queue_id: q.name for q in scenario.queues}
    by_queue: dict[str, list[CoverageRow]] = defaultdict(list)
    for item in coverage:
        by_queue[item.queue_id].append(item)
    # Two queues to a printed page while a block is short; a chart must never straddle pages.
    per_page = 2 if scenario.horizon.days <= 10 else 1
    row = 4
    for index, queue_id in enumerate(queue_ids, start=1):
        title = f"{queue_id} - {names[queue_id]}" if names.get(queue_id) else queue_id
        row = _write_queue_block(sheet, row, title, by_queue[queue_id], scenario)
        if index % per_page == 0:
            sheet.ws.row_breaks.append(Break(id=row - 1))
    _finish(sheet, slots)


def _write_queue_block(
    sheet: Sheet, row: int, title: str, rows: Sequence[CoverageRow], scenario: Scenario
) -> int:
    """Title, grid, totals and chart of one queue; return the first row after the block."""
    horizon = scenario.horizon
    days = [horizon.day_date(i) for i in range(horizon.days)]
    sheet.section(row, 1, title)
    header_row = row + 1
    _write_grid_header(sheet, header_row, horizon.slots_per_day)
    minutes = horizon.interval_minutes
    cells = {(r.interval_start.date(), _slot_of(r.interval_start, minutes)): r for r in rows}
    slot_hours = horizon.interval_minutes / 60
    for offset, day in enumerate(days, start=1):
        _write_day(sheet, header_row + offset, day, cells, horizon.slots_per_day, slot_hours)
    total_row = header_row + len(days) + 1
    _write_total(sheet, total_row, header_row, horizon.slots_per_day)
    first_data = f"{get_column_letter(FIRST_SLOT_COLUMN)}{header_row + 1}"
    last_data = f"{get_column_letter(FIRST_SLOT_COLUMN + horizon.slots_per_day - 1)}{total_row - 1}"
    _format_gaps(sheet, f"{first_data}:{last_data}")
    chart = _per_day_chart(sheet, title, header_row, len(days), horizon.slots_per_day)
    sheet.ws.add_chart(chart, f"B{total_row + 2}")
    return total_row + 2 + _CHART_ROWS


def _format_gaps(sheet: Sheet, area: str) -> None:
    for operator, value, fill, colour in _GAP_RULES:
        formula = [value, "-1"] if operator == "between" else [value]
        style = DifferentialStyle(
            fill=PatternFill("solid", fgColor=fill, bgColor=fill), font=Font(color=colour)
        )
        rule = Rule(type="cellIs", operator=operator, formula=formula, dxf=style)
        sheet.ws.conditional_formatting.add(area, rule)


def _slot_of(moment: datetime, interval_minutes: int) -> int:
    return (moment.hour * 60 + moment.minute) // interval_minutes


def _write_grid_header(sheet: Sheet, row: int, slots: int) -> None:
    text = sheet.text
    per_hour = slots // 24
    sheet.header(row, [text.day_column])
    hour_font = sheet.look.font(size=8, bold=True)
    for hour in range(24):
        column = FIRST_SLOT_COLUMN + hour * per_hour
        for cell in sheet.header(row, [f"{hour:02d}:00"] * per_hour, column):
            cell.font = hour_font
        if per_hour > 1:
            sheet.ws.merge_cells(
                start_row=row, start_column=column, end_row=row, end_column=column + per_hour - 1
            )
    totals = (text.understaffed_hours, text.overstaffed_hours)
    sheet.header(row, totals, FIRST_SLOT_COLUMN + slots, wrap=True)
    sheet.ws.row_dimensions[row].height = 42


def _write_day(
    sheet: Sheet,
    row: int,
    day: date,
    cells: dict[tuple[date, int], CoverageRow],
    slots: int,
    slot_hours: float,
) -> None:
    label = sheet.put(row, 1, sheet.text.day(day), sheet.look.bold)
    label.border = GRID
    if is_weekend(day):
        label.fill = WEEKEND_HEADER_FILL
    small = sheet.look.font(size=7)
    short = over = 0
    for slot in range(slots):
        item = cells.get((day, slot))
        gap = None
        if item is not None and (item.required or item.scheduled):
            gap = item.scheduled - item.required
            short += item.shortfall
            over += item.surplus
        cell = sheet.put(row, FIRST_SLOT_COLUMN + slot, gap, small)
        cell.number_format = GAP_FORMAT
        cell.alignment = CENTER
        cell.border = GRID
    totals = sheet.put_row(row, (short * slot_hours, over * slot_hours), FIRST_SLOT_COLUMN + slots)
    for cell in totals:
        cell.number_format = HOURS_FORMAT
        cell.border = GRID
        cell.alignment = CENTER


def _write_total(sheet: Sheet, row: int, header_row: int, slots: int) -> None:
    bold = sheet.look.bold
    sheet.put(row, 1, sheet.text.total, bold)
    for offset in range(2):
        column = FIRST_SLOT_COLUMN + slots + offset
        values = [sheet.ws.cell(row=r, column=column).value for r in range(header_row + 1, row)]
        total = sheet.put(row, column, sum(v for v in values if isinstance(v, int | float)), bold)
        total.number_format = HOURS_FORMAT
        total.alignment = CENTER
    for column in range(1, FIRST_SLOT_COLUMN + slots + 2):
        cell = sheet.ws.cell(row=row, column=column)
        cell.fill = TOTAL_FILL
        cell.border = TOTAL_BORDER


def _per_day_chart(sheet: Sheet, title: str, header_row: int, days: int, slots: int) -> BarChart:
    """Agent-hours short and over per day, read from the block's two total columns."""
    text = sheet.text
    chart = BarChart()
    chart.type = "col"
    chart.title = text.per_day_chart.format(queue=title)
    chart.height = 7.5
    chart.width = 24
    assert chart.legend is not None
    chart.legend.position = "b"
    chart.y_axis.title = text.agent_hours_axis
    first, last = header_row + 1, header_row + days
    bars = ((text.understaffed_hours, "C00000"), (text.overstaffed_hours, "70AD47"))
    for offset, (label, colour) in enumerate(bars):
        column = FIRST_SLOT_COLUMN + slots + offset
        values = Reference(sheet.ws, min_col=column, min_row=first, max_row=last)
        series = Series(values, title=label)
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
        chart.series.append(series)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=first, max_row=last))
    # openpyxl 3.1 marks axes deleted by default, which hides them in Excel.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    return chart


def _finish(sheet: Sheet, slots: int) -> None:
    ws = sheet.ws
    # Wide enough for "+10" at 7 points; Excel shows ### for a number that does not fit.
    width = 3.0 if slots == 48 else 2.4
    sheet.widths((14,))
    for slot in range(slots):
        ws.column_dimensions[get_column_letter(FIRST_SLOT_COLUMN + slot)].width = width
    sheet.widths((12, 12), first_column=FIRST_SLOT_COLUMN + slots)
    ws.freeze_panes = "B1"
    print_setup(sheet, "landscape")
