"""The supervisor's roster workbook: what supervisors print, plus two sheets programs read back.

Sheets, in order: Summary, Roster, one timeline per day, Coverage view, Inputs (for people, in
English or Chinese, free to change shape), then `Coverage` and `Assignments`, the contracts of
`scheduler.writers.machine_sheets`, English in every language, and with shift demand
`ShiftCoverage` (heads per date and shift template).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.atomic import write_atomically
from scheduler.checks import shift_coverage_rows
from scheduler.domain import Scenario
from scheduler.result import CoverageRow, SolveResult
from scheduler.writers.cells import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    HOURS_FORMAT,
    MONEY_FORMAT,
    Look,
    Sheet,
    look_for,
)
from scheduler.writers.coverage_view import write_coverage_view
from scheduler.writers.inputs_sheet import write_inputs
from scheduler.writers.labels import Lang
from scheduler.writers.machine_sheets import (
    ASSIGNMENTS_COLUMNS,
    ASSIGNMENTS_SHEET,
    COVERAGE_COLUMNS,
    COVERAGE_SHEET,
    SHIFT_COVERAGE_SHEET,
    write_assignments,
    write_coverage,
    write_shift_coverage,
)
from scheduler.writers.roster_sheet import write_roster
from scheduler.writers.summary_sheet import add_coverage_charts, queue_ids, write_summary
from scheduler.writers.timelines import Timelines, timeline_sheet_name, write_timeline

__all__ = [
    "ASSIGNMENTS_COLUMNS",
    "ASSIGNMENTS_SHEET",
    "COVERAGE_COLUMNS",
    "COVERAGE_SHEET",
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "HOURS_FORMAT",
    "MONEY_FORMAT",
    "build_roster_workbook",
    "new_workbook",
    "write_roster_workbook",
]


def write_roster_workbook(
    result: SolveResult,
    scenario: Scenario,
    path: Path,
    *,
    force: bool = False,
    generated_at: datetime | None = None,
    lang: Lang = "en",
) -> None:
    """Write the roster workbook to `path` atomically; an existing file needs `force`.

    `generated_at` is stamped on the Summary (default: now); tests pin it for stable output.
    """
    stamp = generated_at or datetime.now().replace(microsecond=0)
    workbook = build_roster_workbook(result, scenario, stamp, lang=lang)
    write_atomically(path, lambda temporary: workbook.save(temporary), force=force)


def new_workbook(look: Look, title: str) -> tuple[Workbook, Callable[[str], Sheet]]:
    """An empty workbook with its properties set, and a function adding sheets to it in order."""
    workbook = Workbook()
    first = workbook.active
    assert isinstance(first, Worksheet)
    workbook.remove(first)
    # Only what the reader may see: openpyxl would otherwise stamp "openpyxl" as the author.
    workbook.properties.title = title
    workbook.properties.creator = "scheduler"
    workbook.properties.lastModifiedBy = "scheduler"
    workbook.properties.language = "zh-CN" if look.lang == "zh" else "en"

    def add(name: str) -> Sheet:
        return Sheet(workbook.create_sheet(name), look)

    return workbook, add


def build_roster_workbook(
    result: SolveResult, scenario: Scenario, generated_at: datetime, *, lang: Lang = "en"
) -> Workbook:
    """The roster workbook in memory, for callers that save or inspect it themselves."""
    look = look_for(lang)
    text = look.text
    workbook, add = new_workbook(look, f"{text.sheet_roster} - {scenario.name}")
    timelines = Timelines.of(result.roster, scenario, result.coverage)
    days = timelines.days()

    summary = add(text.sheet_summary)
    roster = add(text.sheet_roster)
    day_sheets = [(day, add(timeline_sheet_name(text, day))) for day in days]
    coverage_view = add(text.sheet_coverage_view)
    inputs = add(text.sheet_inputs)
    # The machine sheets keep their English names and headers in every language.
    coverage = Sheet(workbook.create_sheet(COVERAGE_SHEET), look)
    assignments = Sheet(workbook.create_sheet(ASSIGNMENTS_SHEET), look)
    if scenario.shift_demand:
        shift_coverage = Sheet(workbook.create_sheet(SHIFT_COVERAGE_SHEET), look)
        write_shift_coverage(shift_coverage, shift_coverage_rows(scenario, result.roster))

    ordered = _ordered_coverage(result, scenario)
    blocks = write_coverage(coverage, ordered)
    contents = _contents(look, with_shift_coverage=bool(scenario.shift_demand))
    chart_row = write_summary(summary, result, scenario, generated_at, contents)
    add_coverage_charts(summary, coverage.ws, blocks, scenario, chart_row)
    write_roster(roster, result.roster, scenario)
    for day, sheet in day_sheets:
        write_timeline(sheet, day, timelines)
    write_coverage_view(coverage_view, ordered, queue_ids(result, scenario), scenario)
    write_inputs(inputs, scenario, result.coverage)
    write_assignments(assignments, result.roster.activities, scenario)
    return workbook


def _ordered_coverage(result: SolveResult, scenario: Scenario) -> list[CoverageRow]:
    """Coverage grouped by queue in scenario order, so each queue is one block for its chart."""
    rank = {queue_id: i for i, queue_id in enumerate(queue_ids(result, scenario))}
    return sorted(result.coverage, key=lambda r: (rank[r.queue_id], r.interval_start))


def _contents(look: Look, *, with_shift_coverage: bool) -> list[tuple[str, str]]:
    text = look.text
    names = {
        "roster": text.sheet_roster,
        "timeline": text.sheet_timeline.format(day="..."),
        "coverage_view": text.sheet_coverage_view,
        "inputs": text.sheet_inputs,
        "coverage": COVERAGE_SHEET,
        "assignments": ASSIGNMENTS_SHEET,
        "shift_coverage": SHIFT_COVERAGE_SHEET,
    }
    return [
        (names[key], purpose)
        for key, purpose in text.contents.items()
        if with_shift_coverage or key != "shift_coverage"
    ]
