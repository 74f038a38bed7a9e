"""The two contract sheets, `Coverage` and `Assignments`, that programs read back.

Exactly the headers below in row 1, one record per row from row 2, nothing else on the sheet,
English in every language: `scheduler.io.roster_reader` and users' own scripts rely on them.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.formatting.rule import Rule
from openpyxl.styles.differential import DifferentialStyle

from scheduler.checks import ShiftCoverageRow
from scheduler.domain import Scenario
from scheduler.result import Activity, CoverageRow
from scheduler.writers.cells import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    SHORTFALL_FILL,
    CellValue,
    Sheet,
    print_data_sheet,
)

COVERAGE_SHEET = "Coverage"
SHIFT_COVERAGE_SHEET = "ShiftCoverage"
SHIFT_COVERAGE_COLUMNS = ("date", "shift_id", "required", "scheduled", "shortfall", "surplus")
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

QueueBlocks = dict[str, tuple[int, int]]


def write_coverage(sheet: Sheet, rows: Sequence[CoverageRow]) -> QueueBlocks:
    """Write the Coverage contract; return each queue's first and last sheet row (for charts)."""
    sheet.header(1, COVERAGE_COLUMNS)
    blocks: QueueBlocks = {}
    for row, item in enumerate(rows, start=2):
        values = (
            item.queue_id,
            item.interval_start,
            item.required,
            item.scheduled,
            item.shortfall,
            item.surplus,
        )
        sheet.put_row(row, values)[1].number_format = DATETIME_FORMAT
        first, _ = blocks.get(item.queue_id, (row, row))
        blocks[item.queue_id] = (first, row)
    _finish_gap_table(sheet, len(rows), (14, 18, 11, 11, 11, 11))
    return blocks


def _finish_gap_table(sheet: Sheet, count: int, widths: tuple[int, ...]) -> None:
    """Columns A-F with the shortfall in E: rows short tinted, header frozen, filter, print."""
    ws = sheet.ws
    last = max(2, count + 1)
    if count:
        # A rule, not a cell fill: it keeps working when an analyst edits the numbers.
        ws.conditional_formatting.add(
            f"A2:F{last}",
            Rule(type="expression", formula=["$E2>0"], dxf=DifferentialStyle(fill=SHORTFALL_FILL)),
        )
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:F{last}"
    sheet.widths(widths)
    print_data_sheet(sheet)


def write_assignments(sheet: Sheet, activities: Sequence[Activity], scenario: Scenario) -> None:
    """Write the Assignments contract: one row per activity, by agent then start."""
    ws = sheet.ws
    sheet.header(1, ASSIGNMENTS_COLUMNS)
    agents = {agent.agent_id: agent for agent in scenario.agents}
    # Stable sort: activities that share agent and start keep the solver's order.
    ordered = sorted(activities, key=lambda a: (a.agent_id, a.start))
    for row, activity in enumerate(ordered, start=2):
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
        cells = sheet.put_row(row, values)
        cells[4].number_format = DATE_FORMAT
        cells[6].number_format = DATETIME_FORMAT
        cells[7].number_format = DATETIME_FORMAT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:I{max(2, len(ordered) + 1)}"
    sheet.widths((12, 26, 11, 16, 13, 10, 18, 18, 11))
    print_data_sheet(sheet)


def write_shift_coverage(sheet: Sheet, rows: Sequence[ShiftCoverageRow]) -> None:
    """Shift-demand mode: heads wanted and rostered per date and shift template."""
    sheet.header(1, SHIFT_COVERAGE_COLUMNS)
    for row, item in enumerate(rows, start=2):
        values = (
            item.date,
            item.shift_id,
            item.required,
            item.scheduled,
            item.shortfall,
            item.surplus,
        )
        sheet.put_row(row, values)[0].number_format = DATE_FORMAT
    _finish_gap_table(sheet, len(rows), (13, 11, 11, 11, 11, 11))
