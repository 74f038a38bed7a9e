"""The Inputs sheet: the targets, rules and templates a roster was built with.

A printed workbook then explains itself: a reader sees which service target a queue was staffed
for and which labour limits every contract had, without the input workbook at hand.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment

from scheduler.domain import Scenario, ShiftTemplate
from scheduler.result import CoverageRow
from scheduler.writers.cells import (
    DATE_FORMAT,
    GRID,
    HOURS_FORMAT,
    LEFT,
    PERCENT_FORMAT,
    RIGHT,
    WRAP_LEFT,
    CellValue,
    Sheet,
    print_setup,
)

_Table = list[tuple[CellValue, ...]]
_WRAP_MIDDLE = Alignment(horizontal="left", vertical="center", wrap_text=True)


def write_inputs(sheet: Sheet, scenario: Scenario, coverage: Sequence[CoverageRow]) -> None:
    text = sheet.text
    sheet.title(1, 1, text.inputs_title)
    row = _write_horizon(sheet, 3, scenario)
    tables: list[tuple[str, Sequence[str], _Table, dict[int, str]]] = [
        (text.queues_section, text.queues_headers, _queues(sheet, scenario, coverage), _QUEUE_FMT),
        (text.contracts_section, text.contracts_headers, _contracts(sheet, scenario), {}),
        (text.shifts_section, text.shifts_headers, _shifts(sheet, scenario), {}),
        (text.staff_section, text.staff_headers, _staff(sheet, scenario), {}),
    ]
    # Widths first: a row holding wrapped text is sized from them.
    _fit_widths(sheet, [*(rows for _, _, rows, _ in tables), _leave_rows(scenario)])
    for title, headers, rows, formats in tables:
        row = _write_table(sheet, row + 1, title, headers, rows, formats)
    row = _write_leave(sheet, row + 1, scenario)
    row = _write_weights(sheet, row + 1, scenario)
    _write_rules(sheet, row + 1)
    print_setup(sheet, "landscape")


_QUEUE_FMT = {5: PERCENT_FORMAT, 6: PERCENT_FORMAT, 7: "#,##0", 8: "#,##0", 9: HOURS_FORMAT}


def _write_horizon(sheet: Sheet, row: int, scenario: Scenario) -> int:
    text = sheet.text
    horizon = scenario.horizon
    sheet.section(row, 1, text.horizon_section)
    items: list[tuple[str, CellValue]] = [
        (text.scenario, scenario.name),
        (text.first_day, horizon.start_date),
        (text.last_day, horizon.day_date(horizon.days - 1)),
        (text.days, horizon.days),
        (text.interval_minutes, horizon.interval_minutes),
    ]
    for offset, (label, value) in enumerate(items, start=1):
        sheet.put(row + offset, 1, label, sheet.look.bold)
        cell = sheet.put(row + offset, 3, value)
        cell.alignment = LEFT
        if offset in (2, 3):
            cell.number_format = DATE_FORMAT
    return row + len(items) + 1


def _write_table(
    sheet: Sheet,
    row: int,
    title: str,
    headers: Sequence[str],
    rows: _Table,
    formats: dict[int, str],
) -> int:
    """A titled table; return the first row after it."""
    sheet.section(row, 1, title)
    sheet.header(row + 1, headers, wrap=True)
    sheet.ws.row_dimensions[row + 1].height = 42  # three lines of a wrapped header
    for offset, values in enumerate(rows, start=2):
        cells = sheet.put_row(row + offset, values)
        _grid(cells, sheet.text.not_available)
        _fit_height(sheet, cells)
        for index, number_format in formats.items():
            cells[index].number_format = number_format
    return row + len(rows) + 2


def _grid(cells: Sequence[Cell], missing: str) -> None:
    for cell in cells:
        cell.border = GRID
        if cell.value == missing or not isinstance(cell.value, str):
            cell.alignment = RIGHT
        else:
            # Tables share columns; a long list of allowed shifts wraps instead of widening
            # the column under every other table.
            cell.alignment = _WRAP_MIDDLE


def _fit_height(sheet: Sheet, cells: Sequence[Cell]) -> None:
    """Room for every line of wrapped text: neither Excel nor LibreOffice grows the row."""
    lines = 1
    for cell in cells:
        if isinstance(cell.value, str):
            width = sheet.ws.column_dimensions[cell.column_letter].width or 10.0
            lines = max(lines, math.ceil(len(cell.value) / max(1.0, width)))
    if lines > 1:
        sheet.ws.row_dimensions[cells[0].row].height = 15 * lines


def _fit_widths(sheet: Sheet, tables: Sequence[_Table]) -> None:
    """Each column as wide as its longest table value (headers wrap), within reason."""
    widths = [12.0] * 11
    for rows in tables:
        for values in rows:
            for index, value in enumerate(values):
                shown = f"{value:,}" if isinstance(value, int | float) else str(value or "")
                cap = 40.0 if index == 1 else 24.0  # names may be long, codes and lists wrap
                widths[index] = max(widths[index], min(cap, len(shown) * 1.1 + 2))
    sheet.widths(widths)


def _queues(sheet: Sheet, scenario: Scenario, coverage: Sequence[CoverageRow]) -> _Table:
    text = sheet.text
    volume: dict[str, float] = defaultdict(float)
    handled: dict[str, float] = defaultdict(float)
    for point in scenario.forecast:
        if point.volume is not None and point.aht_s is not None:
            volume[point.queue_id] += point.volume
            handled[point.queue_id] += point.volume * point.aht_s
    required: dict[str, float] = defaultdict(float)
    for item in coverage:
        required[item.queue_id] += item.required * scenario.horizon.slot_hours
    skilled = Counter(q for agent in scenario.agents for q in agent.queue_ids)
    rows: _Table = []
    for queue in scenario.queues:
        contacts = volume.get(queue.queue_id)
        target = text.service_target.format(
            percent=round(queue.service_level * 100, 1), time=_duration(sheet, queue.answer_time_s)
        )
        rows.append(
            (
                queue.queue_id,
                queue.name,
                text.channels.get(queue.channel.value, queue.channel.value),
                text.methods.get(queue.staffing_method.value, queue.staffing_method.value),
                target,
                queue.max_occupancy,
                queue.shrinkage,
                contacts if contacts else text.not_available,
                handled[queue.queue_id] / contacts if contacts else text.not_available,
                required[queue.queue_id],
                skilled[queue.queue_id],
            )
        )
    return rows


def _duration(sheet: Sheet, seconds: float) -> str:
    """'20 s', '5 min', '24 h': an e-mail target of 86400 s reads better as a day's hours."""
    seconds_text, minutes_text, hours_text = sheet.text.durations
    if seconds >= 3600 and seconds % 3600 == 0:
        return hours_text.format(n=seconds / 3600)
    if seconds >= 120 and seconds % 60 == 0:
        return minutes_text.format(n=seconds / 60)
    return seconds_text.format(n=seconds)


def _contracts(sheet: Sheet, scenario: Scenario) -> _Table:
    text = sheet.text
    members = Counter(agent.contract_id for agent in scenario.agents)
    return [
        (
            c.contract_id,
            c.name,
            c.min_hours_week,
            c.max_hours_week,
            c.max_days_week,
            c.min_rest_hours,
            ", ".join(c.allowed_shifts) or text.all_shifts,
            members[c.contract_id],
        )
        for c in scenario.contracts
    ]


def _shifts(sheet: Sheet, scenario: Scenario) -> _Table:
    return [
        (
            s.shift_id,
            s.name,
            s.earliest_start.strftime("%H:%M"),
            s.latest_start.strftime("%H:%M"),
            s.start_step_minutes,
            s.paid_hours,
            s.meal_minutes,
            _meal_window(sheet, s),
            _short_breaks(sheet, s),
        )
        for s in scenario.shifts
    ]


def _short_breaks(sheet: Sheet, shift: ShiftTemplate) -> str:
    if shift.break_every_hours is None:
        return ""
    return sheet.text.short_breaks.format(
        minutes=shift.break_minutes, hours=shift.break_every_hours
    )


def _meal_window(sheet: Sheet, shift: ShiftTemplate) -> str:
    first, last = shift.meal_after_min_hours, shift.meal_after_max_hours
    if first is None or last is None:
        return ""
    return sheet.text.meal_window.format(first=first, last=last)


def _staff(sheet: Sheet, scenario: Scenario) -> _Table:
    text = sheet.text
    counts = Counter((agent.source.value, agent.vendor) for agent in scenario.agents)
    return [
        (text.sources.get(source, source), vendor, count)
        for (source, vendor), count in sorted(counts.items())
    ]


def _leave_rows(scenario: Scenario) -> _Table:
    """Approved leave touching the horizon, by first day."""
    names = {agent.agent_id: agent.name for agent in scenario.agents}
    first_day = scenario.horizon.start_date
    last_day = scenario.horizon.day_date(scenario.horizon.days - 1)
    leave = [t for t in scenario.time_off if t.last_day >= first_day and t.first_day <= last_day]
    return [
        (t.agent_id, names.get(t.agent_id, ""), t.first_day, t.last_day, t.reason)
        for t in sorted(leave, key=lambda t: (t.first_day, t.agent_id))
    ]


def _write_leave(sheet: Sheet, row: int, scenario: Scenario) -> int:
    text = sheet.text
    rows = _leave_rows(scenario)
    if not rows:
        sheet.section(row, 1, text.leave_section)
        sheet.put(row + 1, 1, text.no_leave, sheet.look.muted)
        return row + 3
    return _write_table(
        sheet, row, text.leave_section, text.leave_headers, rows, {2: DATE_FORMAT, 3: DATE_FORMAT}
    )


def _write_weights(sheet: Sheet, row: int, scenario: Scenario) -> int:
    text = sheet.text
    sheet.section(row, 1, text.weights_section)
    values = scenario.weights.model_dump()
    for offset, (field, value) in enumerate(values.items(), start=1):
        # A weight added to the model later still shows, under its field name.
        name, meaning = text.weights.get(field, (field, ""))
        sheet.put(row + offset, 1, name, sheet.look.bold)
        sheet.put(row + offset, 3, value).alignment = LEFT
        sheet.put(row + offset, 4, meaning, sheet.look.muted)
    return row + len(values) + 2


def _write_rules(sheet: Sheet, row: int) -> None:
    text = sheet.text
    sheet.section(row, 1, text.rules_section)
    for offset, rule in enumerate(text.rules, start=1):
        cell = sheet.put(row + offset, 1, f"\u2022 {rule}")
        cell.alignment = WRAP_LEFT
        sheet.ws.merge_cells(
            start_row=row + offset, start_column=1, end_row=row + offset, end_column=11
        )
