"""Day timelines: one sheet per calendar day, agents x intervals, a band coloured by queue.

A floor supervisor reads off who is on which queue at 00:30: the sheet covers the calendar day
from 00:00 to 24:00, so the tail of last night's shifts is on it too, labelled with the day the
shift started. Meals and breaks are letters in the band; counts per queue sit under the grid.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from scheduler.domain import Agent, Scenario
from scheduler.result import Activity, ActivityKind, CoverageRow, Roster
from scheduler.writers.cells import (
    CENTER,
    GRID,
    MIDDLE,
    SHORTFALL_FILL,
    TOTAL_FILL,
    Sheet,
    print_setup,
)
from scheduler.writers.labels import Labels
from scheduler.writers.roster_sheet import horizon_days
from scheduler.writers.shift_facts import span_label

IDENTITY_COLUMNS = 4  # agent id, name, team, shift
FIRST_SLOT_COLUMN = IDENTITY_COLUMNS + 1
HEADER_ROW = 2

# Mid-tone colours that stay apart from each other and from the meal and break marks, and
# still differ in grey when printed in black and white.
QUEUE_COLOURS = (
    "5B9BD5",
    "F4B183",
    "A9D18E",
    "FFD966",
    "B4A7D6",
    "76D7C4",
    "E6B8B7",
    "8EA9DB",
    "C9C9C9",
    "F8CBAD",
)
_NO_QUEUE_FILL = PatternFill("solid", fgColor="D9D9D9")
_MEAL_FILL = PatternFill("solid", fgColor="FFFFFF")
_BREAK_FILL = PatternFill("solid", fgColor="FFF2CC")
_STANDBY_FILL = PatternFill("solid", fgColor="F2F2F2")
_HOUR_SIDE = Side(style="thin", color="808080")
_ROW_SIDE = Side(style="hair", color="BFBFBF")
_SLOT_BORDER = Border(bottom=_ROW_SIDE)
_HOUR_BORDER = Border(left=_HOUR_SIDE, bottom=_ROW_SIDE)
_BAND_TEXT = Alignment(horizontal="left", vertical="center")
# A queue name is written into its band only when the band is long enough to hold it.
_LABEL_MIN_MINUTES = 60


@dataclass(frozen=True)
class _Line:
    """One row of a timeline: a working day (or standby) of one agent touching this date."""

    agent_id: str
    start: datetime
    end: datetime
    shift_day: date
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class _Window:
    """The calendar day a sheet shows, cut into the horizon's intervals."""

    day: date
    interval_minutes: int

    @property
    def start(self) -> datetime:
        return datetime.combine(self.day, datetime.min.time())

    @property
    def slots(self) -> int:
        return 24 * 60 // self.interval_minutes

    def slot_range(self, start: datetime, end: datetime) -> range:
        """Slots of this day that [start, end) touches, partly covered slots included."""
        step = self.interval_minutes * 60
        first = math.floor((start - self.start).total_seconds() / step)
        last = math.ceil((end - self.start).total_seconds() / step)
        return range(max(0, first), min(self.slots, last))

    def slot_start(self, slot: int) -> datetime:
        return self.start + timedelta(minutes=slot * self.interval_minutes)


def queue_fills(scenario: Scenario, roster: Roster) -> dict[str, PatternFill]:
    """A colour per queue, in scenario order, then queues only the roster names."""
    ids = [q.queue_id for q in scenario.queues]
    ids += sorted({a.queue_id for a in roster.activities if a.queue_id} - set(ids))
    return {
        queue_id: PatternFill("solid", fgColor=QUEUE_COLOURS[i % len(QUEUE_COLOURS)])
        for i, queue_id in enumerate(ids)
    }


@dataclass(frozen=True)
class Timelines:
    """What every day sheet of one workbook shares, computed once.

    `required` adds a requirement row per queue under the counts; vendor workbooks leave it
    out, since the requirement is about the whole center, not their people.
    """

    scenario: Scenario
    lines: tuple[_Line, ...]
    fills: dict[str, PatternFill]
    required: dict[tuple[str, datetime], int] | None

    @classmethod
    def of(
        cls, roster: Roster, scenario: Scenario, coverage: Sequence[CoverageRow] | None
    ) -> Timelines:
        required = None
        if coverage is not None:
            required = {(row.queue_id, row.interval_start): row.required for row in coverage}
        return cls(scenario, _lines(roster), queue_fills(scenario, roster), required)

    def days(self) -> list[date]:
        return horizon_days(self.scenario)


def timeline_sheet_name(text: Labels, day: date) -> str:
    return text.sheet_timeline.format(day=text.day(day))[:31]


def write_timeline(sheet: Sheet, day: date, timelines: Timelines) -> None:
    """The timeline of one calendar day of the horizon."""
    window = _Window(day, timelines.scenario.horizon.interval_minutes)
    _TimelineSheet(sheet, window, timelines).write(_on_day(timelines.lines, window))


def _lines(roster: Roster) -> tuple[_Line, ...]:
    """Working days (meals and breaks included) and standby spans, one line each."""
    groups: dict[tuple[str, date, bool], list[Activity]] = defaultdict(list)
    for activity in roster.activities:
        standby = activity.kind is ActivityKind.STANDBY
        groups[activity.agent_id, activity.day, standby].append(activity)
    return tuple(
        _Line(
            agent_id=agent_id,
            start=min(a.start for a in parts),
            end=max(a.end for a in parts),
            shift_day=day,
            activities=tuple(parts),
        )
        for (agent_id, day, _), parts in groups.items()
    )


def _on_day(lines: Sequence[_Line], window: _Window) -> list[_Line]:
    """Lines touching the window's day, earliest start first (last night's shifts on top)."""
    end = window.start + timedelta(days=1)
    touching = [line for line in lines if line.start < end and line.end > window.start]
    return sorted(touching, key=lambda line: (line.start, line.end, line.agent_id))


class _TimelineSheet:
    """Writes one day's timeline; small methods share the sheet, window and colours."""

    def __init__(self, sheet: Sheet, window: _Window, timelines: Timelines) -> None:
        self.sheet = sheet
        self.ws = sheet.ws
        self.text = sheet.text
        self.window = window
        self.scenario = timelines.scenario
        self.agents: dict[str, Agent] = {a.agent_id: a for a in self.scenario.agents}
        self.fills = timelines.fills
        self.required = timelines.required
        look = sheet.look
        self.code_font = look.font(size=8, bold=True)
        self.band_font = look.font(size=7)
        self.count_font = look.font(size=7)
        self.hour_font = look.font(size=8, bold=True)

    def write(self, lines: Sequence[_Line]) -> None:
        text = self.text
        title = text.timeline_title.format(
            day=text.long_day(self.window.day), scenario=self.scenario.name
        )
        self.sheet.title(1, 1, title)
        self._write_header()
        row = HEADER_ROW + 1
        for line in lines:
            self._write_line(row, line)
            row += 1
        if not lines:
            self.sheet.put(row, 2, text.nobody_works, self.sheet.look.muted)
            row += 1
        row = self._write_counts(row + 1, lines)
        self._write_legend(row + 1)
        self._finish(lines)

    def _write_header(self) -> None:
        text = self.text
        identity = (*text.identity_headers[:3], text.shift)
        self.sheet.header(HEADER_ROW, identity)
        per_hour = 60 // self.window.interval_minutes
        for hour in range(24):
            column = FIRST_SLOT_COLUMN + hour * per_hour
            cells = self.sheet.header(HEADER_ROW, [f"{hour:02d}:00"] * per_hour, column)
            for cell in cells:
                cell.font = self.hour_font
            if per_hour > 1:
                self.sheet.ws.merge_cells(
                    start_row=HEADER_ROW,
                    start_column=column,
                    end_row=HEADER_ROW,
                    end_column=column + per_hour - 1,
                )

    def _write_line(self, row: int, line: _Line) -> None:
        agent = self.agents.get(line.agent_id)
        name = agent.name if agent else self.text.not_in_scenario
        team = agent.team if agent else ""
        cells = self.sheet.put_row(row, (line.agent_id, name, team, self._shift_label(line)))
        for cell in cells:
            cell.alignment = MIDDLE
            cell.border = GRID
        self._write_band(row, line)

    def _shift_label(self, line: _Line) -> str:
        span = span_label(line.start, line.end, line.shift_day)
        if any(a.kind is ActivityKind.STANDBY for a in line.activities):
            span = f"{self.text.standby_code} {span}"
        if line.shift_day == self.window.day:
            return span
        weekday = self.text.weekdays[line.shift_day.weekday()]
        return self.text.from_day.format(weekday=weekday, span=span)

    def _write_band(self, row: int, line: _Line) -> None:
        ws = self.ws
        per_hour = 60 // self.window.interval_minutes
        for slot in range(self.window.slots):
            border = _HOUR_BORDER if slot % per_hour == 0 else _SLOT_BORDER
            ws.cell(row=row, column=FIRST_SLOT_COLUMN + slot).border = border
        # Work first, so meals and breaks inside a shift are painted over it.
        ordered = sorted(line.activities, key=lambda a: a.kind is not ActivityKind.SHIFT)
        for activity in ordered:
            slots = self.window.slot_range(activity.start, activity.end)
            fill, code = self._paint(activity)
            for slot in slots:
                cell = ws.cell(row=row, column=FIRST_SLOT_COLUMN + slot)
                cell.fill = fill
                if code:
                    cell.value = code
                    cell.font = self.code_font
                    cell.alignment = CENTER
            self._label_band(row, activity, slots)

    def _paint(self, activity: Activity) -> tuple[PatternFill, str]:
        text = self.text
        if activity.kind is ActivityKind.MEAL:
            return _MEAL_FILL, text.meal_code
        if activity.kind is ActivityKind.BREAK:
            return _BREAK_FILL, text.break_code
        if activity.kind is ActivityKind.STANDBY:
            return _STANDBY_FILL, text.standby_code[:1]
        if activity.queue_id is None:
            return _NO_QUEUE_FILL, ""
        return self.fills.get(activity.queue_id, _NO_QUEUE_FILL), ""

    def _label_band(self, row: int, activity: Activity, slots: range) -> None:
        """Name the queue at the start of a long enough band, for black-and-white prints."""
        if activity.kind is not ActivityKind.SHIFT or not activity.queue_id or not slots:
            return
        if len(slots) * self.window.interval_minutes < _LABEL_MIN_MINUTES:
            return
        cell = self.ws.cell(row=row, column=FIRST_SLOT_COLUMN + slots.start)
        if cell.value is None:
            self.sheet.put(row, FIRST_SLOT_COLUMN + slots.start, activity.queue_id, self.band_font)
            cell.alignment = _BAND_TEXT

    def _write_counts(self, row: int, lines: Sequence[_Line]) -> int:
        """Agents per queue per slot (and the requirement, when known); return the next row."""
        # Sets, not counters: two hand-edited rows of one agent may share a slot.
        on_queue: dict[tuple[str, int], set[str]] = defaultdict(set)
        at_work: dict[int, set[str]] = defaultdict(set)
        for line in lines:
            for activity in line.activities:
                if activity.kind is not ActivityKind.SHIFT:
                    continue
                for slot in self.window.slot_range(activity.start, activity.end):
                    at_work[slot].add(line.agent_id)
                    if activity.queue_id:
                        on_queue[activity.queue_id, slot].add(line.agent_id)
        slots = range(self.window.slots)
        for queue_id, fill in self.fills.items():
            counts = [len(on_queue[queue_id, s]) for s in slots]
            needed = None
            if self.required is not None:
                starts = [self.window.slot_start(s) for s in slots]
                needed = [self.required.get((queue_id, start), 0) for start in starts]
            elif not any(counts):
                continue
            self._count_row(row, self.text.on_queue.format(queue=queue_id), counts, needed, fill)
            row += 1
            if needed is not None:
                label = self.text.required_on_queue.format(queue=queue_id)
                self._count_row(row, label, needed, None, None)
                row += 1
        self._count_row(row, self.text.at_work, [len(at_work[s]) for s in slots], None, None)
        return row + 1

    def _count_row(
        self,
        row: int,
        label: str,
        counts: Sequence[int],
        needed: Sequence[int] | None,
        swatch: PatternFill | None,
    ) -> None:
        look = self.sheet.look
        for column in range(1, IDENTITY_COLUMNS + 1):
            cell = self.ws.cell(row=row, column=column)
            cell.fill = swatch if swatch and column == 1 else TOTAL_FILL
            cell.border = GRID
        self.sheet.put(row, 2, label, look.bold)
        for slot, count in enumerate(counts):
            cell = self.sheet.put(row, FIRST_SLOT_COLUMN + slot, count, self.count_font)
            cell.alignment = CENTER
            cell.border = GRID
            short = needed is not None and count < needed[slot]
            cell.fill = SHORTFALL_FILL if short else TOTAL_FILL
            if short:
                cell.font = Font(name=look.font_name, size=7, bold=True, color="C00000")

    def _write_legend(self, row: int) -> None:
        text = self.text
        names = {q.queue_id: q.name for q in self.scenario.queues}
        self.sheet.put(row, 2, text.queue_legend, self.sheet.look.bold)
        for offset, (queue_id, fill) in enumerate(self.fills.items(), start=1):
            self.sheet.put(row + offset, 1, "", None).fill = fill
            label = f"{queue_id} - {names[queue_id]}" if names.get(queue_id) else queue_id
            self.sheet.put(row + offset, 2, label)
        row += len(self.fills) + 2
        self.sheet.put(row, 2, text.legend, self.sheet.look.bold)
        codes = (
            (text.meal_code, _MEAL_FILL, text.meal_legend),
            (text.break_code, _BREAK_FILL, text.break_legend),
            (text.standby_code[:1], _STANDBY_FILL, text.timeline_standby_legend),
        )
        for offset, (code, fill, meaning) in enumerate(codes, start=1):
            cell = self.sheet.put(row + offset, 1, code, self.code_font)
            cell.fill = fill
            cell.alignment = CENTER
            cell.border = GRID
            self.sheet.put(row + offset, 2, meaning)

    def _finish(self, lines: Sequence[_Line]) -> None:
        ws = self.ws
        slot_width = 2.6 if self.window.interval_minutes == 30 else 1.8
        ids = [line.agent_id for line in lines]
        agents = [self.agents[i] for i in ids if i in self.agents]
        self.sheet.widths(
            (
                _fit([*ids, self.text.identity_headers[0]], 10),
                _fit([a.name for a in agents], 18),
                _fit([a.team for a in agents], 8),
                _fit([self._shift_label(line) for line in lines], 14),
            )
        )
        for slot in range(self.window.slots):
            ws.column_dimensions[get_column_letter(FIRST_SLOT_COLUMN + slot)].width = slot_width
        ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=FIRST_SLOT_COLUMN).coordinate
        last = get_column_letter(IDENTITY_COLUMNS)
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(1, len(lines))}"
        ws.print_title_rows = f"1:{HEADER_ROW}"
        ws.print_title_cols = f"A:{last}"
        print_setup(self.sheet, "landscape")


def _fit(texts: Sequence[str], minimum: float) -> float:
    """A column width that shows the longest text, within reason."""
    return min(40.0, max([minimum, *(len(t) + 2 for t in texts)]))
