"""One workbook per vendor, holding that vendor's people and nothing about anyone else.

Isolation is by construction: each workbook is written from a scenario and a roster cut down to
the vendor's agents before any writer sees them, so no sheet, chart, defined name or document
property can mention another vendor or an employee. No coverage is included either: its counts
are the whole center's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from scheduler.atomic import write_atomically
from scheduler.domain import Agent, Forecast, Scenario
from scheduler.errors import OutputExistsError
from scheduler.result import ActivityKind, Roster
from scheduler.writers.cells import (
    CENTER,
    DATETIME_FORMAT,
    GRID,
    HOURS_FORMAT,
    LEFT,
    MONEY_FORMAT,
    TOTAL_BORDER,
    TOTAL_FILL,
    WEEKEND_HEADER_FILL,
    CellValue,
    Sheet,
    look_for,
    print_setup,
)
from scheduler.writers.labels import Lang
from scheduler.writers.machine_sheets import ASSIGNMENTS_SHEET, write_assignments
from scheduler.writers.roster_sheet import horizon_days, write_roster
from scheduler.writers.roster_workbook import new_workbook
from scheduler.writers.shift_facts import is_weekend
from scheduler.writers.timelines import Timelines, timeline_sheet_name, write_timeline

_HEADER_ROW = 7
_FIRST_DAY_COLUMN = 4


def vendors(scenario: Scenario) -> list[str]:
    """Vendor names of the scenario's agents, sorted."""
    return sorted({agent.vendor for agent in scenario.agents if agent.vendor})


def vendor_workbook_paths(scenario: Scenario, directory: Path) -> dict[str, Path]:
    """Where each vendor's workbook goes: `roster_<vendor>.xlsx`, made safe and unique."""
    paths: dict[str, Path] = {}
    taken: set[str] = set()
    for vendor in vendors(scenario):
        # \\w keeps letters of every script, so a Chinese vendor name stays readable.
        slug = re.sub(r"[^\w-]+", "_", vendor).strip("_") or "vendor"
        name, number = slug, 1
        while name.lower() in taken:
            number += 1
            name = f"{slug}-{number}"
        taken.add(name.lower())
        paths[vendor] = directory / f"roster_{name}.xlsx"
    return paths


def check_vendor_outputs(scenario: Scenario, directory: Path, *, force: bool) -> None:
    """Refuse before a long solve, not after, when a vendor workbook would be replaced."""
    if force:
        return
    existing = [p for p in vendor_workbook_paths(scenario, directory).values() if p.exists()]
    if existing:
        names = ", ".join(str(p) for p in existing)
        verb = "exists" if len(existing) == 1 else "exist"
        raise OutputExistsError(f"{names} already {verb}; use --force to overwrite")


def write_vendor_workbooks(
    roster: Roster,
    scenario: Scenario,
    directory: Path,
    *,
    force: bool = False,
    generated_at: datetime | None = None,
    lang: Lang = "en",
) -> list[Path]:
    """Write one workbook per vendor into `directory`; return their paths.

    All paths are checked before any is written, so a refusal leaves no partial set behind.
    """
    check_vendor_outputs(scenario, directory, force=force)
    stamp = generated_at or datetime.now().replace(microsecond=0)
    written: list[Path] = []
    for vendor, path in vendor_workbook_paths(scenario, directory).items():
        workbook = build_vendor_workbook(roster, scenario, vendor, stamp, lang=lang)
        write_atomically(path, workbook.save, force=True)
        written.append(path)
    return written


def vendor_scenario(scenario: Scenario, vendor: str) -> Scenario:
    """The scenario as one vendor may see it: their agents, and only what concerns them."""
    agents = tuple(agent for agent in scenario.agents if agent.vendor == vendor)
    ids = {agent.agent_id for agent in agents}
    queues = {queue_id for agent in agents for queue_id in agent.queue_ids}
    contracts = {agent.contract_id for agent in agents}
    return scenario.model_copy(
        update={
            "agents": agents,
            "queues": tuple(q for q in scenario.queues if q.queue_id in queues),
            "contracts": tuple(c for c in scenario.contracts if c.contract_id in contracts),
            "forecast": Forecast.from_points(()),
            "time_off": tuple(t for t in scenario.time_off if t.agent_id in ids),
            "availability": tuple(a for a in scenario.availability if a.agent_id in ids),
        }
    )


def vendor_roster(roster: Roster, scenario: Scenario) -> Roster:
    """The activities of the scenario's agents only (pass a vendor_scenario)."""
    ids = {agent.agent_id for agent in scenario.agents}
    return Roster(tuple(a for a in roster.activities if a.agent_id in ids))


def build_vendor_workbook(
    roster: Roster, scenario: Scenario, vendor: str, generated_at: datetime, *, lang: Lang = "en"
) -> Workbook:
    own = vendor_scenario(scenario, vendor)
    own_roster = vendor_roster(roster, own)
    look = look_for(lang)
    text = look.text
    workbook, add = new_workbook(look, f"{text.sheet_roster} - {own.name} - {vendor}")
    invoice = add(text.sheet_invoice)
    grid = add(text.sheet_roster)
    timelines = Timelines.of(own_roster, own, None)
    day_sheets = [(day, add(timeline_sheet_name(text, day))) for day in timelines.days()]
    assignments = Sheet(workbook.create_sheet(ASSIGNMENTS_SHEET), look)

    _write_invoice(invoice, own_roster, own, vendor, generated_at)
    write_roster(grid, own_roster, own)
    for day, sheet in day_sheets:
        write_timeline(sheet, day, timelines)
    write_assignments(assignments, own_roster.activities, own)
    return workbook


def _write_invoice(
    sheet: Sheet, roster: Roster, scenario: Scenario, vendor: str, generated_at: datetime
) -> None:
    """Paid hours per agent and day, the rate and the amount: what the vendor bills."""
    text = sheet.text
    days = horizon_days(scenario)
    sheet.title(1, 1, text.invoice_title.format(vendor=vendor))
    period = f"{text.long_day(days[0])} - {text.long_day(days[-1])}"
    facts: list[tuple[str, CellValue]] = [
        (text.scenario, scenario.name),
        (text.period, period),
        (text.generated, generated_at),
        (text.agents, len(scenario.agents)),
    ]
    for row, (label, value) in enumerate(facts, start=2):
        sheet.put(row, 1, label, sheet.look.bold)
        cell = sheet.put(row, 3, value)
        cell.alignment = LEFT
        if isinstance(value, datetime):
            cell.number_format = DATETIME_FORMAT
    headers = (
        *text.identity_headers[:3],
        *(text.day(d) for d in days),
        text.paid_hours,
        text.shifts,
        text.standby_hours,
        text.rate,
        text.amount,
    )
    cells = sheet.header(_HEADER_ROW, headers, wrap=True)
    for cell, day in zip(cells[_FIRST_DAY_COLUMN - 1 :], days, strict=False):
        if is_weekend(day):
            cell.fill = WEEKEND_HEADER_FILL
    sheet.ws.row_dimensions[_HEADER_ROW].height = 30
    agents = sorted(scenario.agents, key=lambda a: (a.team, a.agent_id))
    paid, standby = _hours(roster)
    row = _HEADER_ROW
    for row, agent in enumerate(agents, start=_HEADER_ROW + 1):
        _invoice_row(sheet, row, agent, days, paid, standby)
    _invoice_total(sheet, row + 1, len(agents), len(days))
    for offset, note in enumerate(text.invoice_notes, start=3):
        sheet.put(row + offset, 1, note, sheet.look.muted)
    sheet.widths((12, 22, 17, *([11] * len(days)), 11, 8, 10, 11, 13))
    sheet.ws.freeze_panes = sheet.ws.cell(row=_HEADER_ROW + 1, column=3).coordinate
    sheet.ws.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    print_setup(sheet, "landscape")


_Hours = dict[tuple[str, date], float]


def _hours(roster: Roster) -> tuple[_Hours, _Hours]:
    """Paid hours per agent and shift day, and standby hours likewise."""
    paid = {(s.agent_id, s.day): s.paid_hours for s in roster.worked_shifts()}
    standby: _Hours = {}
    for activity in roster.activities:
        if activity.kind is ActivityKind.STANDBY:
            key = (activity.agent_id, activity.day)
            standby[key] = standby.get(key, 0.0) + activity.minutes / 60
    return paid, standby


def _invoice_row(
    sheet: Sheet, row: int, agent: Agent, days: Sequence[date], paid: _Hours, standby: _Hours
) -> None:
    per_day = [paid.get((agent.agent_id, d)) for d in days]
    hours = sum(h for h in per_day if h is not None)
    shifts = sum(h is not None for h in per_day)
    on_call = sum(standby.get((agent.agent_id, d), 0.0) for d in days)
    values: list[CellValue] = [
        agent.agent_id,
        agent.name,
        agent.team,
        *per_day,
        hours,
        shifts,
        on_call,
        agent.cost_per_hour,
        hours * agent.cost_per_hour,
    ]
    cells = sheet.put_row(row, values)
    first_number = _FIRST_DAY_COLUMN - 1
    for index, cell in enumerate(cells):
        cell.border = GRID
        if index >= first_number:
            cell.alignment = CENTER
            cell.number_format = HOURS_FORMAT
    cells[first_number + len(days) + 1].number_format = "0"
    cells[-2].number_format = MONEY_FORMAT
    cells[-1].number_format = MONEY_FORMAT


def _invoice_total(sheet: Sheet, row: int, agents: int, days: int) -> None:
    """Column sums, computed here: a formula would be recalculated only by Excel."""
    ws = sheet.ws
    first = _HEADER_ROW + 1
    sheet.put(row, 1, sheet.text.total, sheet.look.bold)
    last_column = _FIRST_DAY_COLUMN + days + 4
    for column in range(1, last_column + 1):
        cell = ws.cell(row=row, column=column)
        cell.fill = TOTAL_FILL
        cell.border = TOTAL_BORDER
        rate_column = column == last_column - 1
        if column < _FIRST_DAY_COLUMN or rate_column or agents == 0:
            continue
        above = [ws.cell(row=r, column=column).value for r in range(first, first + agents)]
        total = sum(v for v in above if isinstance(v, int | float))
        summed = sheet.put(row, column, total, sheet.look.bold)
        summed.alignment = CENTER
        summed.number_format = ws.cell(row=first, column=column).number_format
