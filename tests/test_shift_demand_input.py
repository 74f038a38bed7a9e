"""Shift-demand workbooks: the ShiftDemand and ShiftRequests sheets and the horizon-wide contract
columns read to the domain, a workbook without a forecast solves end to end through the command
line, and every broken cell of the new sheets is reported where it is."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.errors import Problem
from scheduler.io.reader import read_scenario, validate_input
from tests.workbook_generator import gen

runner = CliRunner()


Sheets = dict[str, list[list[object]]]


def shift_demand_sheets() -> Sheets:
    """Three days of a ward: early and late heads per day, no forecast at all."""
    sheets: Sheets = gen.base_sheets()
    sheets["Settings"][3] = ["days", 3, "Days in the horizon (1-62)"]
    sheets["Forecast"] = [sheets["Forecast"][0]]
    sheets["Contracts"] = [
        [
            *sheets["Contracts"][0],
            "max_shifts_per_template",
            "min_hours_horizon",
            "max_hours_horizon",
            "min_consecutive_days",
            "forbidden_successions",
        ],
        ["FT", "Full time", 0, 40, 5, 8, None, "DAY:3, LATE:2", 8, 24, 2, "LATE>DAY"],
        ["PT", "Part time", 0, 24, 4, 8, None, None, None, None, None, None],
    ]
    sheets["TimeOff"] = [sheets["TimeOff"][0]]
    for agent in sheets["Agents"][1:]:
        agent[-1] = None  # no wages: only the demand and the wishes are priced
    sheets["ShiftDemand"] = [
        ["date", "shift_id", "required", "under_weight", "over_weight"],
        *[[datetime(2026, 11, 9 + d), "DAY", 2, 100, 1] for d in range(3)],
        *[[datetime(2026, 11, 9 + d), "LATE", 1, None, None] for d in range(3)],
    ]
    sheets["ShiftRequests"] = [
        ["agent_id", "date", "shift_id", "wanted", "weight"],
        ["A001", datetime(2026, 11, 10), "DAY", "no", 3],
        ["A003", datetime(2026, 11, 11), "LATE", "yes", 2],
    ]
    return sheets


def _write(tmp_path: Path, sheets: Sheets) -> Path:
    path = tmp_path / "ward.xlsx"
    gen.write_workbook(path, sheets)
    return path


def _problems(tmp_path: Path, sheets: Sheets) -> list[Problem]:
    return validate_input(_write(tmp_path, sheets))


def _where(problems: list[Problem]) -> list[tuple[str | None, int | None, str | None]]:
    """(sheet, row, column name) of each problem; the reader adds the column letter."""
    return [(p.sheet, p.row, p.column and p.column.split(" (")[0]) for p in problems]


def test_shift_demand_sheets_and_contract_columns_read_to_the_domain(tmp_path: Path) -> None:
    sc = read_scenario(_write(tmp_path, shift_demand_sheets()))
    assert len(sc.forecast) == 0
    assert [(d.date, d.shift_id, d.required, d.under_weight) for d in sc.shift_demand][:2] == [
        (date(2026, 11, 9), "DAY", 2, 100),
        (date(2026, 11, 10), "DAY", 2, 100),
    ]
    assert sc.shift_demand[-1].over_weight == 1  # blank: the default
    assert [(r.agent_id, r.wanted, r.weight) for r in sc.shift_requests] == [
        ("A001", False, 3),
        ("A003", True, 2),
    ]
    full_time = sc.contract("FT")
    assert full_time.max_shifts_per_template == (("DAY", 3), ("LATE", 2))
    assert full_time.forbidden_successions == (("LATE", "DAY"),)
    assert (full_time.min_hours_horizon, full_time.max_hours_horizon) == (8, 24)
    assert full_time.min_consecutive_days == 2
    assert sc.contract("PT").forbidden_successions == ()


def test_a_workbook_without_forecast_solves_through_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    path = _write(tmp_path, shift_demand_sheets())
    args = ["solve", str(path), "-o", str(out), "--time-limit", "5", "--workers", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["ShiftCoverage"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("date", "shift_id", "required", "scheduled", "shortfall", "surplus")
    assert len(rows) == 1 + 6
    for _, _, required, scheduled, shortfall, surplus in rows[1:]:
        assert isinstance(required, int) and isinstance(scheduled, int)
        assert (shortfall, surplus) == (max(0, required - scheduled), max(0, scheduled - required))
    # Four people, at most one shift a day each: the demand of 3 a day can be met.
    assert sum(row[4] for row in rows[1:]) == 0  # type: ignore[misc]
    required = sum(row[2] for row in rows[1:])  # type: ignore[misc]
    beyond = sum(row[5] for row in rows[1:])  # type: ignore[misc]
    assert "understaffed agent-hours per queue" not in result.output
    header = "shift demand per template (heads required, missing, beyond):"
    lines = result.output.splitlines()
    below = lines[lines.index(header) + 1 :]
    printed = [line.split() for line in below if line.startswith("  ")]
    assert sum(int(fields[1]) for fields in printed) == required
    assert sum(int(fields[2]) for fields in printed) == 0
    assert sum(int(fields[3]) for fields in printed) == beyond


def test_an_empty_forecast_needs_shift_demand(tmp_path: Path) -> None:
    sheets = shift_demand_sheets()
    del sheets["ShiftDemand"]
    problems = _problems(tmp_path, sheets)
    assert [(p.sheet, p.row) for p in problems] == [("Forecast", 2)]
    assert "ShiftDemand" in problems[0].expected


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "expected"),
    [
        ("ShiftDemand", 2, "shift_id", "NIGHT", "shift_id defined in sheet Shifts"),
        ("ShiftDemand", 3, "date", datetime(2026, 11, 20), "inside the horizon"),
        ("ShiftDemand", 4, "required", -1, ">= 0"),
        ("ShiftDemand", 3, "date", datetime(2026, 11, 9), "one row per date and shift_id"),
        ("ShiftRequests", 2, "agent_id", "Z999", "agent_id defined in sheet Agents"),
        ("ShiftRequests", 3, "wanted", "maybe", "yes (wants to work the shift) or no"),
        ("ShiftRequests", 2, "weight", 0, "> 0"),
        ("Contracts", 2, "max_shifts_per_template", "DAY=3", "shift_id:count pairs"),
        ("Contracts", 2, "max_shifts_per_template", "DAY:3, EVE:1", "shift_id defined"),
        ("Contracts", 2, "forbidden_successions", "LATE>NIGHT", "shift_id defined"),
        ("Contracts", 2, "forbidden_successions", "LATE-DAY", "earlier>next shift_id pairs"),
    ],
)
def test_broken_shift_demand_cells_are_reported_where_they_are(
    tmp_path: Path, sheet: str, row: int, column: str, value: object, expected: str
) -> None:
    sheets = shift_demand_sheets()
    gen.set_cell(sheets, sheet, row, column, value)
    problems = _problems(tmp_path, sheets)
    assert _where(problems) == [(sheet, row, column)]
    assert expected in problems[0].expected


def test_templates_a_roster_cannot_tell_apart_are_reported(tmp_path: Path) -> None:
    sheets = shift_demand_sheets()
    gen.set_cell(sheets, "Shifts", 3, "earliest_start", time(9, 0))
    gen.set_cell(sheets, "Shifts", 3, "paid_hours", 8)
    gen.set_cell(sheets, "Shifts", 3, "meal_minutes", 60)
    gen.set_cell(sheets, "Shifts", 3, "start_step_minutes", 30)
    problems = _problems(tmp_path, sheets)
    assert _where(problems) == [("Shifts", 3, "earliest_start")]
    assert "start times no shift of DAY can also have" in problems[0].expected
