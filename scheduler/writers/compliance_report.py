"""The HR compliance report: every violation with a link to its cell, and hours per agent.

Sheets: `Summary` (verdict and counts), `Violations` (one row per violation: agent, dates, rule,
limit, actual, and a hyperlink to the roster cell to look at), `Hours` (per agent: paid hours
per week and in total, overtime, nights, weekends, premium hours by category (weekday overtime,
rest day, public holiday) with the overtime pay and its premium part, PRC Labor Law Art. 44)
and `Rules` (the rule values each contract was checked against, and the clause each preset
value cites).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.atomic import write_atomically
from scheduler.checks import AgentHours
from scheduler.domain import Contract, Scenario
from scheduler.presets import load_preset
from scheduler.roster.rules import Violation

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_HARD_FILL = PatternFill("solid", fgColor="FCE4D6")
_LINK = Font(color="0563C1", underline="single")
_HOURS = "#,##0.0"
_DATE = "yyyy-mm-dd"

# Contract fields shown on the Rules sheet: the backbone's, then every optional rule.
_BASE_FIELDS = ("min_hours_week", "max_hours_week", "max_days_week", "min_rest_hours")

Value = str | int | float | date | datetime | None


@dataclass(frozen=True)
class CheckedViolation:
    violation: Violation
    cell: str | None  # e.g. "Assignments!E12", where to look in the roster workbook


@dataclass(frozen=True)
class ComplianceReport:
    roster_path: Path
    sheet: str
    rules_path: Path
    scenario: Scenario
    violations: tuple[CheckedViolation, ...]
    hours: tuple[AgentHours, ...]

    @property
    def hard_count(self) -> int:
        return sum(1 for item in self.violations if item.violation.hard)


def write_compliance_report(
    report: ComplianceReport, path: Path, *, force: bool = False, checked_at: datetime | None = None
) -> None:
    """Write the report atomically; an existing file is replaced only with `force`."""
    stamp = checked_at or datetime.now().replace(microsecond=0)
    workbook = _build(report, path, stamp)
    write_atomically(path, lambda temporary: workbook.save(temporary), force=force)


def _build(report: ComplianceReport, path: Path, stamp: datetime) -> Workbook:
    workbook = Workbook()
    summary = workbook.active
    assert isinstance(summary, Worksheet)
    summary.title = "Summary"
    _summary(summary, report, stamp)
    _violations(workbook.create_sheet("Violations"), report, path)
    _hours(workbook.create_sheet("Hours"), report)
    _rules(workbook.create_sheet("Rules"), report.scenario)
    return workbook


def _put(ws: Worksheet, row: int, column: int, value: Value) -> Cell:
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text from the input must never turn into a formula
    return cell


def _table(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Value]]) -> None:
    for column, header in enumerate(headers, start=1):
        cell = _put(ws, 1, column, header)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = _put(ws, number, column, value)
            if isinstance(value, date):
                cell.number_format = _DATE
            elif isinstance(value, float):
                cell.number_format = _HOURS
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{max(len(rows) + 1, 2)}"
    for column, header in enumerate(headers, start=1):
        width = max([len(header), *(len(str(r[column - 1] or "")) for r in rows[:200])])
        ws.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 10), 60)


def _summary(ws: Worksheet, report: ComplianceReport, stamp: datetime) -> None:
    soft = len(report.violations) - report.hard_count
    verdict = "NOT COMPLIANT" if report.hard_count else "COMPLIANT"
    rows: list[tuple[str, Value]] = [
        ("Verdict", verdict),
        ("Roster", str(report.roster_path)),
        ("Sheet checked", report.sheet),
        ("Rules from", str(report.rules_path)),
        ("Checked at", stamp),
        ("Agents in the rules", len(report.scenario.agents)),
        ("Violations of hard rules", report.hard_count),
        ("Warnings (soft rules)", soft),
    ]
    by_rule = Counter(item.violation.rule for item in report.violations)
    rows += [(f"  {rule}", count) for rule, count in sorted(by_rule.items())]
    for number, (label, value) in enumerate(rows, start=1):
        _put(ws, number, 1, label).font = _BOLD
        cell = _put(ws, number, 2, value)
        if isinstance(value, datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
    ws["B1"].font = Font(bold=True, color="C00000" if report.hard_count else "00703C")
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 60


_VIOLATION_HEADERS = (
    "agent_id",
    "agent_name",
    "contract_id",
    "first_date",
    "last_date",
    "rule",
    "severity",
    "limit",
    "actual",
    "detail",
    "cell",
)


def _violations(ws: Worksheet, report: ComplianceReport, path: Path) -> None:
    names = {agent.agent_id: agent for agent in report.scenario.agents}
    rows = []
    for item in report.violations:
        v = item.violation
        agent = names.get(v.agent_id)
        rows.append(
            (
                v.agent_id,
                agent.name if agent else None,
                agent.contract_id if agent else None,
                v.day,
                v.last_day or v.day,
                v.rule,
                "hard" if v.hard else "soft",
                v.limit,
                v.actual,
                v.detail,
                item.cell,
            )
        )
    _table(ws, _VIOLATION_HEADERS, rows)
    target = os.path.relpath(report.roster_path.resolve(), path.resolve().parent)
    link_column = len(_VIOLATION_HEADERS)
    for number, item in enumerate(report.violations, start=2):
        if item.violation.hard:
            ws.cell(row=number, column=6).fill = _HARD_FILL
        if item.cell is not None:
            sheet, cell = item.cell.rsplit("!", 1)
            link = ws.cell(row=number, column=link_column)
            link.hyperlink = f"{target}#'{sheet}'!{cell}"
            link.font = _LINK


def _hours(ws: Worksheet, report: ComplianceReport) -> None:
    horizon = report.scenario.horizon
    weeks = [horizon.day_date(7 * week) for week in range(horizon.num_weeks)]
    headers = [
        "agent_id",
        "agent_name",
        "contract_id",
        "preset",
        "shifts",
        "paid_hours",
        "overtime_hours",
        "night_shifts",
        "weekends_worked",
        "hard_violations",
        "weekday_overtime_hours",
        "rest_day_hours",
        "holiday_hours",
        "overtime_pay",
        "premium_cost",
        *(f"hours week of {first.isoformat()}" for first in weeks),
    ]
    agents = {agent.agent_id: agent for agent in report.scenario.agents}
    contracts = report.scenario.contracts_by_id()
    hard = Counter(item.violation.agent_id for item in report.violations if item.violation.hard)
    rows = [
        (
            line.agent_id,
            agents[line.agent_id].name,
            line.contract_id,
            contracts[line.contract_id].preset.value,
            line.shifts,
            float(line.paid_hours),
            float(line.overtime_hours),
            line.night_shifts,
            line.weekends_worked,
            hard[line.agent_id],
            float(line.weekday_overtime_hours),
            float(line.rest_day_hours),
            float(line.holiday_hours),
            round(float(line.overtime_pay), 2),
            round(float(line.premium_cost), 2),
            *(float(hours) for hours in line.weekly_hours),
        )
        for line in report.hours
    ]
    _table(ws, headers, rows)


def _rules(ws: Worksheet, scenario: Scenario) -> None:
    rows: list[tuple[Value, ...]] = []
    for contract in scenario.contracts:
        for field, value in _rule_values(contract):
            rows.append(
                (
                    contract.contract_id,
                    contract.preset.value,
                    field,
                    value,
                    _source(contract, field, value),
                )
            )
    _table(ws, ("contract_id", "preset", "rule_field", "value", "source"), rows)


def _rule_values(contract: Contract) -> list[tuple[str, Value]]:
    values: list[tuple[str, Value]] = []
    optional = [f for f in Contract.model_fields if f not in ("contract_id", "name", "preset")]
    for field in [*_BASE_FIELDS, *(f for f in optional if f not in _BASE_FIELDS)]:
        value = getattr(contract, field)
        if value is None or value == ():
            continue
        if isinstance(value, tuple):
            value = ", ".join(value)
        values.append((field, value if isinstance(value, str | int | float) else str(value)))
    return values


def _source(contract: Contract, field: str, value: Value) -> str:
    book = load_preset(contract.preset)
    cited = book.source_of(field)
    if cited is not None and book.as_dict().get(field) == value:
        return f"preset {contract.preset.value}: {cited}"
    return "contract" if field in contract.model_fields_set else "default"
