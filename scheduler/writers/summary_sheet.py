"""The Summary sheet: headline figures, coverage per queue, worst intervals, charts."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from openpyxl.cell.cell import Cell
from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.axis import TextAxis
from openpyxl.chart.marker import Marker
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Scenario, StaffingMethod
from scheduler.result import SolveResult
from scheduler.staffing.erlang import service_level
from scheduler.writers.cells import (
    DATETIME_FORMAT,
    GRID,
    HOURS_FORMAT,
    LEFT,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    RIGHT,
    TOTAL_BORDER,
    TOTAL_FILL,
    WRAP_LEFT,
    CellValue,
    Sheet,
    print_setup,
)
from scheduler.writers.machine_sheets import QueueBlocks

_CHART_ROWS = 18
# Agents after shrinkage are rounded down; this margin keeps 10 * 0.7 = 6.9999... from losing one.
_ROUNDING_MARGIN = 1e-9


def write_summary(
    sheet: Sheet,
    result: SolveResult,
    scenario: Scenario,
    generated_at: datetime,
    contents: Sequence[tuple[str, str]],
) -> int:
    """Write headline figures and tables; return the first free row (for the charts)."""
    text = sheet.text
    sheet.title(1, 1, text.summary_title.format(scenario=scenario.name))
    row = _write_headline(sheet, 3, result, scenario, generated_at)
    row = _write_queue_table(sheet, row + 1, result, scenario)
    row = _write_worst_intervals(sheet, row + 1, result, scenario)
    row = _write_contents(sheet, row + 1, contents)
    sheet.widths((30, 24, 16, 16, 16, 16, 14, 14))
    print_setup(sheet, "portrait")
    return row + 1


def _write_headline(
    sheet: Sheet, row: int, result: SolveResult, scenario: Scenario, generated_at: datetime
) -> int:
    text = sheet.text
    horizon = scenario.horizon
    horizon_text = text.horizon_text.format(
        first=text.long_day(horizon.start_date),
        last=text.long_day(horizon.day_date(horizon.days - 1)),
        days=horizon.days,
        minutes=horizon.interval_minutes,
    )
    na = text.not_available
    items: list[tuple[str, CellValue, str | None]] = [
        (text.scenario, scenario.name, None),
        (text.horizon, horizon_text, None),
        (text.solve_status, text.statuses.get(result.status.value, result.status.value), None),
        (text.objective, na if result.objective is None else result.objective, MONEY_FORMAT),
        (text.best_bound, na if result.best_bound is None else result.best_bound, MONEY_FORMAT),
        (text.optimality_gap, _or(_gap(result), na), "0.00%"),
        (text.solve_seconds, result.wall_seconds, "#,##0.0"),
        (text.agents_in_scenario, len(scenario.agents), "0"),
        (text.agents_rostered, result.agents_rostered(), "0"),
        (text.paid_hours, result.paid_hours(), HOURS_FORMAT),
        (text.wage_cost, _wage_cost(result, scenario), MONEY_FORMAT),
        (text.understaffed_hours, sum(result.understaffed_agent_hours().values()), HOURS_FORMAT),
        (text.overstaffed_hours, sum(result.overstaffed_agent_hours().values()), HOURS_FORMAT),
        (text.generated, generated_at, DATETIME_FORMAT),
    ]
    for offset, (label, value, number_format) in enumerate(items):
        sheet.put(row + offset, 1, label, sheet.look.bold)
        cell = sheet.put(row + offset, 2, value)
        cell.alignment = LEFT
        if number_format and not isinstance(value, str):
            cell.number_format = number_format
    return row + len(items)


def _or(value: float | None, missing: str) -> float | str:
    return missing if value is None else value


def _gap(result: SolveResult) -> float | None:
    if result.objective is None or result.best_bound is None:
        return None
    if result.objective == 0:
        return 0.0 if result.best_bound == 0 else None
    return abs(result.objective - result.best_bound) / abs(result.objective)


def _wage_cost(result: SolveResult, scenario: Scenario) -> float:
    rates = {agent.agent_id: agent.cost_per_hour for agent in scenario.agents}
    return sum(s.paid_hours * rates.get(s.agent_id, 0.0) for s in result.roster.worked_shifts())


def queue_ids(result: SolveResult, scenario: Scenario) -> list[str]:
    """Queues in scenario order, then any queue only the result knows (a hand-edited roster)."""
    known = [q.queue_id for q in scenario.queues]
    extra = sorted({r.queue_id for r in result.coverage} - set(known))
    return known + extra


def expected_service_levels(result: SolveResult, scenario: Scenario) -> dict[str, float]:
    """Share of forecast contacts answered within target per queue, at the scheduled staffing.

    Erlang C per interval with the scheduled agents less shrinkage (shrinkage is the unplanned
    absence the requirement was grossed up for) on the volume bots leave, weighted by volume.
    Only queues staffed by plain Erlang C are rated; other methods have their own measures.
    """
    queues = {
        q.queue_id: q for q in scenario.queues if q.staffing_method is StaffingMethod.ERLANG_C
    }
    scheduled = {(r.queue_id, r.interval_start): r.scheduled for r in result.coverage}
    interval_s = scenario.horizon.interval_minutes * 60
    answered: dict[str, float] = defaultdict(float)
    offered: dict[str, float] = defaultdict(float)
    for point in scenario.forecast:
        queue = queues.get(point.queue_id)
        if queue is None or not point.volume or point.aht_s is None:
            continue
        volume = point.volume * (1 - queue.bot_deflection)
        on_queue = scheduled.get((point.queue_id, point.interval_start), 0)
        servers = math.floor(on_queue * (1 - queue.shrinkage) + _ROUNDING_MARGIN)
        load = volume * point.aht_s / interval_s
        level = service_level(servers, load, point.aht_s, queue.answer_time_s)
        answered[point.queue_id] += level * volume
        offered[point.queue_id] += volume
    return {q: answered[q] / offered[q] for q in offered if offered[q] > 0}


def _write_queue_table(sheet: Sheet, row: int, result: SolveResult, scenario: Scenario) -> int:
    text = sheet.text
    sheet.section(row, 1, text.queue_section)
    sheet.header(row + 1, text.queue_headers, wrap=True)
    sheet.ws.row_dimensions[row + 1].height = 30
    slot_hours = result.interval_minutes / 60
    required: dict[str, float] = defaultdict(float)
    scheduled: dict[str, float] = defaultdict(float)
    for item in result.coverage:
        required[item.queue_id] += item.required * slot_hours
        scheduled[item.queue_id] += item.scheduled * slot_hours
    under = result.understaffed_agent_hours()
    over = result.overstaffed_agent_hours()
    levels = expected_service_levels(result, scenario)
    names = {q.queue_id: q.name for q in scenario.queues}

    current = row + 2
    for queue_id in queue_ids(result, scenario):
        values: tuple[CellValue, ...] = (
            queue_id,
            names.get(queue_id, ""),
            required[queue_id],
            scheduled[queue_id],
            under.get(queue_id, 0.0),
            over.get(queue_id, 0.0),
            _met(required[queue_id], under.get(queue_id, 0.0)),
            _or(levels.get(queue_id), text.not_available),
        )
        _format_queue_row(sheet.put_row(current, values))
        current += 1
    total_required = sum(required.values())
    total_under = sum(under.values())
    totals = (
        text.total,
        "",
        total_required,
        sum(scheduled.values()),
        total_under,
        sum(over.values()),
        _met(total_required, total_under),
        None,
    )
    cells = sheet.put_row(current, totals, font=sheet.look.bold)
    _format_queue_row(cells)
    for cell in cells:
        cell.border = TOTAL_BORDER
        cell.fill = TOTAL_FILL
    note = sheet.put(current + 1, 1, text.queue_note, sheet.look.muted)
    sheet.ws.merge_cells(start_row=current + 1, start_column=1, end_row=current + 1, end_column=8)
    note.alignment = WRAP_LEFT
    sheet.ws.row_dimensions[current + 1].height = 30
    return current + 2


def _met(required_hours: float, understaffed_hours: float) -> float | None:
    """Share of the required agent-hours that were staffed; None when nothing was required."""
    return None if required_hours == 0 else 1 - understaffed_hours / required_hours


def _format_queue_row(cells: Sequence[Cell]) -> None:
    for cell in cells:
        cell.border = GRID
    for cell in cells[2:6]:
        cell.number_format = HOURS_FORMAT
    for cell in cells[6:8]:
        cell.number_format = PERCENT_FORMAT
    for cell in cells[2:]:
        if isinstance(cell.value, str):
            cell.alignment = RIGHT  # "n/a" lines up with the figures


def _write_worst_intervals(sheet: Sheet, row: int, result: SolveResult, scenario: Scenario) -> int:
    text = sheet.text
    sheet.section(row, 1, text.worst_section)
    short = [item for item in result.coverage if item.shortfall > 0]
    rank = {queue_id: i for i, queue_id in enumerate(queue_ids(result, scenario))}
    short.sort(key=lambda r: (-r.shortfall, r.interval_start, rank[r.queue_id]))
    if not short:
        sheet.put(row + 1, 1, text.worst_none)
        return row + 2
    sheet.header(row + 1, text.worst_headers)
    for offset, item in enumerate(short[:10]):
        values = (item.interval_start, item.queue_id, item.required, item.scheduled, item.shortfall)
        cells = sheet.put_row(row + 2 + offset, values)
        cells[0].number_format = text.moment_format
        cells[0].alignment = LEFT
        for cell in cells:
            cell.border = GRID
    return row + 2 + min(10, len(short))


def _write_contents(sheet: Sheet, row: int, contents: Sequence[tuple[str, str]]) -> int:
    """What each sheet is for, so a reader of a printed copy knows where to look."""
    sheet.section(row, 1, sheet.text.contents_section)
    for offset, (name, purpose) in enumerate(contents, start=1):
        sheet.put(row + offset, 1, name, sheet.look.bold)
        sheet.put(row + offset, 2, purpose)
    return row + len(contents) + 1


def add_coverage_charts(
    sheet: Sheet,
    coverage: Worksheet,
    blocks: QueueBlocks,
    scenario: Scenario,
    row: int,
) -> None:
    """A line chart per queue, required vs scheduled over the horizon, read from Coverage."""
    if not blocks:
        return
    # Charts start on a fresh page, three to a page, so none is cut by a page break.
    sheet.ws.row_breaks.append(Break(id=row - 1))
    sheet.section(row, 1, sheet.text.charts_section)
    names = {q.queue_id: q.name for q in scenario.queues}
    for index, (queue_id, (first, last)) in enumerate(blocks.items()):
        title = f"{queue_id} - {names[queue_id]}" if names.get(queue_id) else queue_id
        chart = _coverage_chart(sheet, coverage, title, (first, last), scenario)
        # About 17 rows of default height per 8 cm chart, plus a spacer row.
        top = row + 1 + index * _CHART_ROWS
        sheet.ws.add_chart(chart, f"A{top}")
        if index % 3 == 2:
            sheet.ws.row_breaks.append(Break(id=top + _CHART_ROWS - 1))


def _coverage_chart(
    sheet: Sheet, coverage: Worksheet, title: str, rows: tuple[int, int], scenario: Scenario
) -> LineChart:
    text = sheet.text
    first, last = rows
    chart = LineChart()
    chart.title = title
    chart.height = 8
    chart.width = 26
    assert chart.legend is not None
    chart.legend.position = "b"
    chart.y_axis.title = text.agents_axis
    lines = ((3, text.required, "C00000", "dash"), (4, text.scheduled, "2F5597", None))
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
    slots_per_day = scenario.horizon.slots_per_day
    skip = label_skip(last - first + 1, slots_per_day)
    # A text axis: Excel's automatic date axis would stack all intervals of a day on one point.
    axis = chart.x_axis
    assert isinstance(axis, TextAxis)
    axis.auto = False
    axis.tickLblSkip = skip
    axis.tickMarkSkip = skip
    axis.number_format = text.axis_day_format if skip >= slots_per_day else text.axis_time_format
    # openpyxl 3.1 marks axes deleted by default, which hides them in Excel.
    axis.delete = False
    chart.y_axis.delete = False
    return chart


def label_skip(points: int, slots_per_day: int) -> int:
    """Intervals between axis labels: the shortest round step giving at most 14 labels."""
    slots_per_hour = slots_per_day // 24
    for hours in (1, 2, 3, 6, 12, 24, 48, 168):
        step = hours * slots_per_hour
        if math.ceil(points / step) <= 14:
            return step
    return 168 * slots_per_hour
