"""The requirements workbook: agents needed per queue and interval, before any roster.

Sheets, in order:

- Summary: per queue its method and targets, peak and agent-hours required, and the same under
  each what-if delta; below, a warning for each run of deferred work that closed hours keep
  from its deadline (``Requirements.warnings``);
- Requirements: one row per queue and interval with workload, method, agents before and after
  shrinkage, expected service level, ASA, abandonment and occupancy (columns listed in
  ``REQUIREMENT_COLUMNS``, explained in each header's comment);
- one "What-if ..." sheet per delta, with the same columns;
- Curves: the headcount curve of every queue over the whole horizon (and under each delta);
- Charts: a native Excel line chart of each queue's curve.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.axis import TextAxis
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.atomic import write_atomically
from scheduler.domain import Queue, Scenario, StaffingMethod
from scheduler.staffing.requirements import RequirementRow, Requirements, method_label
from scheduler.staffing.whatif import WhatIf

__all__ = ["REQUIREMENT_COLUMNS", "build_requirements_workbook", "write_requirements_workbook"]

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_DATETIME = "yyyy-mm-dd hh:mm"
_PERCENT = "0.0%"
_DECIMAL = "0.00"
# Excel turns text starting with these into a formula; names typed by users must stay text.
_FORMULA_LEADS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class _Column:
    name: str
    help: str
    number_format: str | None = None


REQUIREMENT_COLUMNS: tuple[_Column, ...] = (
    _Column("queue_id", "Queue"),
    _Column("interval_start", "Start of the interval", _DATETIME),
    _Column("method", "Staffing method, or headcount when the forecast gave agents directly"),
    _Column("volume", "Contacts or items forecast in the interval"),
    _Column("agent_volume", "Volume left for agents after bot deflection", _DECIMAL),
    _Column("aht_s", "Average handle time, seconds (chat: of one concurrent session)", "0.0"),
    _Column(
        "workload_erlangs",
        "Agent-erlangs of work arriving: agents busy all interval to keep up",
        _DECIMAL,
    ),
    _Column(
        "planned_workload_erlangs",
        "Work planned in the interval; deferred work is smoothed within its deadline",
        _DECIMAL,
    ),
    _Column("net_agents", "Agents needed on the queue, before shrinkage"),
    _Column("required_agents", "Agents to roster: ceil(net / (1 - shrinkage))"),
    _Column(
        "service_level",
        "Expected share answered within the answer time (deferred: within the deadline)",
        _PERCENT,
    ),
    _Column("asa_s", "Expected average speed of answer over all contacts, seconds", "0.0"),
    _Column("abandonment", "Expected share of callers hanging up (Erlang A)", _PERCENT),
    _Column("occupancy", "Share of staffed time busy with work", _PERCENT),
)


def write_requirements_workbook(
    scenario: Scenario,
    requirements: Requirements,
    path: Path,
    *,
    what_ifs: Sequence[WhatIf] = (),
    force: bool = False,
) -> None:
    """Write the workbook atomically; an existing ``path`` is kept unless ``force``."""
    workbook = build_requirements_workbook(scenario, requirements, what_ifs)
    write_atomically(path, workbook.save, force=force)


def build_requirements_workbook(
    scenario: Scenario, requirements: Requirements, what_ifs: Sequence[WhatIf] = ()
) -> Workbook:
    workbook = Workbook()
    summary = workbook.active
    assert isinstance(summary, Worksheet)  # a new workbook starts with one worksheet
    summary.title = "Summary"
    _write_summary(summary, scenario, requirements, what_ifs)
    _write_rows(workbook.create_sheet("Requirements"), requirements.rows)
    for what_if in what_ifs:
        _write_rows(workbook.create_sheet(_what_if_title(what_if)), what_if.requirements.rows)
    curves = workbook.create_sheet("Curves")
    series = _write_curves(curves, requirements, what_ifs)
    _write_charts(workbook.create_sheet("Charts"), curves, requirements, series)
    return workbook


def _what_if_title(what_if: WhatIf) -> str:
    # Sheet names allow 31 characters and no ":\\/?*[]".
    return f"What-if {what_if.delta.label.replace(',', '')}"[:31]


def _keep_text(cells: Iterable[Cell | MergedCell]) -> None:
    """Text from the input that openpyxl took for a formula ("=A1") is stored as text."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"


def _header(worksheet: Worksheet, columns: Sequence[_Column], row: int = 1) -> None:
    for position, column in enumerate(columns, start=1):
        cell = worksheet.cell(row=row, column=position, value=column.name)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.comment = Comment(column.help, "scheduler")
        width = max(len(column.name) + 2, 12 if column.number_format != _DATETIME else 17)
        worksheet.column_dimensions[get_column_letter(position)].width = width


def _optional(value: float | None) -> float | None:
    return None if value is None or math.isinf(value) else value


def _write_rows(worksheet: Worksheet, rows: Sequence[RequirementRow]) -> None:
    _header(worksheet, REQUIREMENT_COLUMNS)
    worksheet.freeze_panes = "C2"
    for row in rows:
        worksheet.append(
            [
                row.queue_id,
                row.interval_start,
                row.method,
                row.volume,
                row.agent_volume,
                row.aht_s,
                row.workload,
                row.planned_workload,
                row.net_agents,
                row.required_agents,
                row.service_level,
                _optional(row.asa_s),
                row.abandon_probability,
                row.occupancy,
            ]
        )
    for position, column in enumerate(REQUIREMENT_COLUMNS, start=1):
        if column.number_format is None:
            continue
        for (cell,) in worksheet.iter_rows(
            min_row=2, min_col=position, max_col=position, max_row=len(rows) + 1
        ):
            cell.number_format = column.number_format
    worksheet.auto_filter.ref = f"A1:{get_column_letter(len(REQUIREMENT_COLUMNS))}{len(rows) + 1}"
    _keep_text(cell for (cell,) in worksheet.iter_rows(min_row=2, max_col=1))


# --- Summary ------------------------------------------------------------------------------------


def _targets(queue: Queue) -> str:
    """The queue's method parameters in words, e.g. '80% in 20 s, occupancy <= 85%'."""
    method = queue.staffing_method
    if method is StaffingMethod.DEFERRED:
        parts = [f"within {queue.deadline_hours:g} h", f"occupancy <= {queue.max_occupancy:.0%}"]
    elif method is StaffingMethod.PRODUCTIVITY:
        parts = [f"{queue.items_per_agent_hour:g} items per agent-hour"]
    else:
        parts = [
            f"{queue.service_level:.0%} in {queue.answer_time_s:g} s",
            f"occupancy <= {queue.max_occupancy:.0%}",
        ]
        if queue.asa_target_s is not None:
            parts.append(f"ASA <= {queue.asa_target_s:g} s")
        if method is StaffingMethod.ERLANG_A:
            parts.append(f"patience {queue.patience_s:g} s")
            if queue.abandon_target is not None:
                parts.append(f"abandonment <= {queue.abandon_target:.1%}")
        if method is StaffingMethod.CHAT:
            parts.append(f"concurrency {queue.concurrency or 1}")
    if queue.bot_deflection:
        parts.append(f"bots take {queue.bot_deflection:.0%}")
    parts.append(f"shrinkage {queue.shrinkage:.0%}")
    return ", ".join(parts)


def _peak(requirements: Requirements, queue_id: str) -> tuple[int, datetime | None, float]:
    """(peak required agents, when first reached, required agent-hours)."""
    curve = requirements.curve(queue_id)
    peak = max(curve, default=0)
    when = requirements.horizon.slot_start(curve.index(peak)) if peak > 0 else None
    return peak, when, sum(curve) * requirements.horizon.slot_hours


def _write_summary(
    worksheet: Worksheet,
    scenario: Scenario,
    requirements: Requirements,
    what_ifs: Sequence[WhatIf],
) -> None:
    horizon = requirements.horizon
    worksheet["A1"] = f"Staffing requirements: {scenario.name}"
    worksheet["A1"].font = _TITLE
    worksheet["A2"] = (
        f"{horizon.days} days from {horizon.start_date.isoformat()} in "
        f"{horizon.interval_minutes}-minute intervals. Required agents are after shrinkage, "
        "the people the roster must place; see the README's 'Staffing methods' for the models."
    )
    columns = [
        _Column("queue_id", "Queue"),
        _Column("name", "Queue name"),
        _Column("method", "Staffing method"),
        _Column("targets", "Targets and parameters of the method"),
        _Column("peak_required", "Most agents required in one interval"),
        _Column("peak_at", "First interval with the peak", _DATETIME),
        _Column("required_agent_hours", "Agent-hours to roster over the horizon", "#,##0.0"),
    ]
    for what_if in what_ifs:
        label = what_if.delta.label
        columns.append(_Column(f"peak ({label})", f"Peak required agents at {label}"))
        columns.append(
            _Column(f"agent-hours ({label})", f"Agent-hours to roster at {label}", "#,##0.0")
        )
    top = 4
    _header(worksheet, columns, row=top)
    for offset, queue in enumerate(scenario.queues, start=1):
        peak, when, hours = _peak(requirements, queue.queue_id)
        values: list[str | int | float | datetime | None] = [
            queue.queue_id,
            queue.name,
            method_label(requirements, queue),
            _targets(queue),
            peak,
            when,
            hours,
        ]
        for what_if in what_ifs:
            other_peak, _, other_hours = _peak(what_if.requirements, queue.queue_id)
            values += [other_peak, other_hours]
        for position, value in enumerate(values, start=1):
            cell = worksheet.cell(row=top + offset, column=position, value=value)
            number_format = columns[position - 1].number_format
            if number_format:
                cell.number_format = number_format
    below = top + len(scenario.queues) + 2
    if requirements.warnings:
        worksheet.cell(row=below, column=1, value="Warnings").font = _TITLE
        for offset, warning in enumerate(requirements.warnings, start=1):
            worksheet.cell(row=below + offset, column=1, value=warning)
    worksheet.column_dimensions["B"].width = 24
    worksheet.column_dimensions["D"].width = 60
    worksheet.freeze_panes = f"B{top + 1}"
    _keep_text(cell for row in worksheet.iter_rows(max_col=2) for cell in row)


# --- Curves and charts --------------------------------------------------------------------------


def _write_curves(
    worksheet: Worksheet, requirements: Requirements, what_ifs: Sequence[WhatIf]
) -> dict[str, list[int]]:
    """Column A the interval starts, then per queue its curves; returns queue -> columns."""
    horizon = requirements.horizon
    headers = [_Column("interval_start", "Start of the interval", _DATETIME)]
    curves: list[list[int]] = []
    columns: dict[str, list[int]] = {}
    for queue_id in requirements.queue_ids:
        columns[queue_id] = [len(headers) + 1, len(headers) + 2]
        headers.append(_Column(f"{queue_id} required", "Agents to roster, after shrinkage"))
        headers.append(_Column(f"{queue_id} net", "Agents on the queue, before shrinkage"))
        curves += [requirements.curve(queue_id), requirements.net_curve(queue_id)]
        for what_if in what_ifs:
            columns[queue_id].append(len(headers) + 1)
            label = what_if.delta.label
            headers.append(_Column(f"{queue_id} required ({label})", f"Required at {label}"))
            curves.append(what_if.requirements.curve(queue_id))
    _header(worksheet, headers)
    _keep_text(worksheet[1])
    for slot in range(horizon.num_slots):
        worksheet.append([horizon.slot_start(slot), *(curve[slot] for curve in curves)])
    for (cell,) in worksheet.iter_rows(min_row=2, max_col=1, max_row=horizon.num_slots + 1):
        cell.number_format = _DATETIME
    worksheet.freeze_panes = "B2"
    return columns


def _write_charts(
    worksheet: Worksheet,
    curves: Worksheet,
    requirements: Requirements,
    series: dict[str, list[int]],
) -> None:
    last = requirements.horizon.num_slots + 1
    categories = Reference(curves, min_col=1, min_row=2, max_row=last)
    for index, queue_id in enumerate(requirements.queue_ids):
        chart = LineChart()
        chart.title = f"{queue_id}: agents per interval"
        chart.y_axis.title = "agents"
        chart.x_axis.title = "interval start"
        chart.x_axis.number_format = "mm-dd hh:mm"
        chart.width, chart.height = 32, 9
        # openpyxl leaves the axes' "delete" flag unset, which Excel reads as hidden axes.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        if isinstance(chart.x_axis, TextAxis):  # a line chart's category axis
            chart.x_axis.tickLblSkip = requirements.horizon.slots_per_day  # a label a day
        if chart.legend is not None:
            chart.legend.position = "b"
        for column in series[queue_id]:
            data = Reference(curves, min_col=column, min_row=1, max_row=last)
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(categories)
        for line in chart.series:
            line.smooth = False
            line.marker.symbol = "none"
        worksheet.add_chart(chart, f"A{1 + index * 19}")
