"""`scheduler check` as HR uses it: hand-edited sheets, cells to look at, exit codes, the report.

The rules come from a CSV folder using the optional Contracts columns (a preset, an override);
rosters are typed here the way supervisors type them, so no solve is needed.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from scheduler.cli import app

runner = CliRunner()
MON = date(2026, 11, 9)
TUE = date(2026, 11, 10)

RULES = {
    "Settings": [
        ["key", "value"],
        ["scenario_name", "check"],
        ["start_date", "2026-11-09"],
        ["days", "7"],
        ["interval_minutes", "30"],
    ],
    "Queues": [
        [
            "queue_id",
            "name",
            "channel",
            "service_level",
            "answer_time_s",
            "max_occupancy",
            "shrinkage",
        ],
        ["Q", "Queue", "chat", "0.8", "20", "0.9", "0"],
    ],
    "Forecast": [["queue_id", "interval_start", "required_agents"], ["Q", "2026-11-09 09:00", "1"]],
    "Contracts": [
        [
            "contract_id",
            "name",
            "min_hours_week",
            "max_hours_week",
            "max_days_week",
            "min_rest_hours",
            "preset",
            "max_consecutive_days",
        ],
        ["FT", "Full time", "0", "40", "5", "11", "PRC-Standard", "6"],
        ["INT", "Intern", "0", "40", "5", "11", "prc-intern", ""],
    ],
    "Shifts": [
        [
            "shift_id",
            "name",
            "earliest_start",
            "latest_start",
            "start_step_minutes",
            "paid_hours",
            "meal_minutes",
        ],
        ["DAY", "Day", "08:00", "10:00", "60", "8", "60"],
        ["NIGHT", "Night", "22:00", "22:00", "60", "8", "0"],
    ],
    "Agents": [
        ["agent_id", "name", "contract_id", "skills"],
        ["A1", "Li Na", "FT", "Q"],
        ["I1", "Wang Fang", "INT", "Q"],
    ],
}


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    for sheet, rows in RULES.items():
        with (folder / f"{sheet}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def assignments(ws: Worksheet) -> None:
    """Reordered and extra columns, a blank row, times typed as text three ways."""
    ws.append(["note", "start", "end", "activity", "agent_id", "queue_id", "date"])
    ws.append(["typed by hand", "9:00", "13:00", "shift", "A1", "Q", MON])
    ws.append([None, "14:00", "18:00", "Shift", "A1", None, MON])
    ws.append([None, "13:00-14:00", None, "meal", "A1", None, MON])
    ws.append([])
    ws.append(
        [None, datetime(2026, 11, 10, 22), datetime(2026, 11, 11, 6), "shift", "I1", "Q", TUE]
    )


def grid(ws: Worksheet, cells: dict[tuple[str, int], str]) -> None:
    """The human roster: a title, the header in row 2, totals and a legend below."""
    ws.append(["Roster - check"])
    days = [f"{d} {n:02d} Nov" for d, n in zip(("Mon", "Tue", "Wed"), (9, 10, 11), strict=True)]
    ws.append(["Agent ID", "Name", *days, "Paid hours"])
    for agent, name in (("A1", "Li Na"), ("I1", "Wang Fang")):
        ws.append([agent, name, *(cells.get((agent, i), "OFF") for i in range(3)), 8])
    ws.append([None, "Agents working", 1, 1, 0])
    ws.append([None, "Legend: OFF day off, +1 ends the next day"])


def workbook(
    path: Path, *, with_assignments: bool = True, cells: dict[tuple[str, int], str] | None = None
) -> Path:
    book = Workbook()
    first = book.active
    assert isinstance(first, Worksheet)
    first.title = "Roster"
    grid(first, cells or {("A1", 0): "9:00-18:00", ("I1", 1): "22:00-06:00+1"})
    if with_assignments:
        assignments(book.create_sheet("Assignments"))
    book.save(path)
    return path


def check(*args: str | Path) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["check", *map(str, args)])
    return result.exit_code, result.output.splitlines()


def test_hand_edited_assignments_read_and_each_violation_names_its_cell(
    rules: Path, tmp_path: Path
) -> None:
    code, lines = check(workbook(tmp_path / "r.xlsx"), "--rules", rules)
    assert code == 2
    assert lines[0].startswith("Assignments!G6: I1 2026-11-10: no_night_work:")
    assert lines[-1] == "1 violation(s) in sheet Assignments"


def test_the_roster_grid_when_asked_or_when_it_is_the_only_sheet(
    rules: Path, tmp_path: Path
) -> None:
    asked = check(workbook(tmp_path / "both.xlsx"), "--rules", rules, "--sheet", "roster")
    alone = check(workbook(tmp_path / "grid.xlsx", with_assignments=False), "--rules", rules)
    for code, lines in (asked, alone):
        assert code == 2
        assert lines[0].startswith("Roster!D4: I1 2026-11-10: no_night_work:")


def test_a_compliant_grid_exits_zero(rules: Path, tmp_path: Path) -> None:
    cells = {("A1", 0): "09:00-18:00", ("A1", 1): "8:00-17:00", ("I1", 2): "10:00-19:00 LEAVE?"}
    path = workbook(tmp_path / "ok.xlsx", with_assignments=False, cells=cells)
    code, lines = check(path, "--rules", rules)
    assert (code, lines) == (0, ["compliant: no rule violations in sheet Roster"])


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({("A1", 0): "9-18"}, "row 3, column C: got '9-18'; expected a time range with minutes"),
        ({("A1", 0): "8:00-12:00, 13:00-17:00"}, "expected one time range per day"),
        ({("A1", 0): "9:00-9:00"}, "expected a shift shorter than 24 hours"),
    ],
)
def test_ambiguous_cells_are_rejected_with_their_cell(
    rules: Path, tmp_path: Path, cells: dict[tuple[str, int], str], expected: str
) -> None:
    path = workbook(tmp_path / "bad.xlsx", with_assignments=False, cells=cells)
    code, lines = check(path, "--rules", rules)
    assert code == 1
    assert any(expected in line and "sheet Roster" in line for line in lines), lines


def test_a_day_header_outside_the_horizon_and_a_repeated_agent_are_rejected(
    rules: Path, tmp_path: Path
) -> None:
    book = Workbook()
    ws = book.active
    assert isinstance(ws, Worksheet)
    ws.title = "Roster"
    ws.append(["Agent ID", "Mon 16 Nov", "Mon 09 Nov"])
    ws.append(["A1", "OFF", "9:00-18:00"])
    ws.append(["A1", "OFF", "OFF"])
    book.save(tmp_path / "bad.xlsx")
    code, lines = check(tmp_path / "bad.xlsx", "--rules", rules)
    assert code == 1
    text = "\n".join(lines)
    assert "row 1, column B: got 'Mon 16 Nov'" in text and "not a day of the horizon" in text
    assert "row 3, column A: got 'A1'; expected each agent on one row" in text


def test_unreadable_roster_and_missing_sheets_exit_one(rules: Path, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"not a workbook")
    assert check(garbage, "--rules", rules)[0] == 1
    book = Workbook()
    book.save(tmp_path / "empty.xlsx")
    code, lines = check(tmp_path / "empty.xlsx", "--rules", rules)
    assert code == 1 and "a sheet named Assignments or Roster" in "\n".join(lines)
    assert "Traceback" not in "\n".join(lines)


def test_report_lists_violations_with_links_and_hours(rules: Path, tmp_path: Path) -> None:
    roster = workbook(tmp_path / "r.xlsx")
    report = tmp_path / "out" / "report.xlsx"
    code, lines = check(roster, "--rules", rules, "--report", report)
    assert code == 2 and f"wrote {report}" in lines
    book = load_workbook(report)
    assert book.sheetnames == ["Summary", "Violations", "Hours", "Rules"]
    assert book["Summary"]["B1"].value == "NOT COMPLIANT"
    violations = book["Violations"]
    header = [c.value for c in violations[1]]
    row = dict(zip(header, [c.value for c in violations[2]], strict=True))
    assert (row["agent_id"], row["rule"], row["severity"], row["cell"]) == (
        "I1",
        "no_night_work",
        "hard",
        "Assignments!G6",
    )
    link = violations.cell(row=2, column=len(header)).hyperlink
    assert link is not None and link.target == "../r.xlsx#'Assignments'!G6"
    hours = {r[0]: r for r in book["Hours"].iter_rows(min_row=2, values_only=True)}
    assert hours["A1"][5] == 8 and hours["I1"][7] == 1  # paid hours; night shifts
    sources = [
        r[4] for r in book["Rules"].iter_rows(min_row=2, values_only=True) if r[2] == "night_work"
    ]
    assert any("preset prc-intern" in str(s) for s in sources)


def test_report_is_never_overwritten_without_force(rules: Path, tmp_path: Path) -> None:
    roster = workbook(tmp_path / "r.xlsx")
    report = tmp_path / "report.xlsx"
    report.write_bytes(b"keep me")
    code, lines = check(roster, "--rules", rules, "--report", report)
    assert code == 1 and "already exists" in "\n".join(lines)
    assert report.read_bytes() == b"keep me"
    assert check(roster, "--rules", rules, "--report", report, "--force")[0] == 2
    assert load_workbook(report).sheetnames[0] == "Summary"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx", "report.xlsx", "rules"]
    code, lines = check(roster, "--rules", rules, "--report", roster, "--force")
    assert code == 1 and "would overwrite an input" in "\n".join(lines)


def test_a_grid_edited_instead_of_assignments_is_pointed_out(rules: Path, tmp_path: Path) -> None:
    cells = {("A1", 0): "9:00-18:00", ("A1", 1): "9:00-18:00", ("I1", 1): "22:00-06:00+1"}
    path = workbook(tmp_path / "r.xlsx", cells=cells)
    code, lines = check(path, "--rules", rules)
    assert code == 2  # Assignments were checked ...
    assert (
        "warning: sheet Roster shows other shifts than sheet Assignments at Roster!D3; "
        "Assignments was checked, pass --sheet Roster to check the grid instead"
    ) in lines
