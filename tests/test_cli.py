"""The command line end to end: exit codes, key output lines, and an independent re-check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.io.reader import read_scenario
from scheduler.staffing.requirements import compute_requirements

import oracle

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.xlsx"
runner = CliRunner()


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("solve") / "roster.xlsx"
    args = ["solve", str(TINY), "-o", str(out), "--time-limit", "20", "--seed", "0"]
    result = runner.invoke(app, [*args, "--workers", "2"])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_solve_prints_the_summary(solved: tuple[Path, str]) -> None:
    _, output = solved
    for line in ("status:", "agents rostered:", "paid hours:", "understaffed agent-hours"):
        assert line in output


def test_independent_oracle_agrees_with_the_workbook(solved: tuple[Path, str]) -> None:
    out, _ = solved
    scenario = read_scenario(TINY)
    rows = oracle.read_rows(out)
    assert rows, "the tiny scenario has demand, so someone works"
    assert oracle.violations(scenario, rows) == []
    recount = oracle.recount_coverage(scenario, rows)
    sheet = oracle.read_coverage(out)
    requirements = compute_requirements(scenario)
    for (queue_id, moment), (required, scheduled) in sheet.items():
        assert scheduled == recount.get((queue_id, moment), 0)
        slot = scenario.horizon.slot_of(moment)
        assert slot is not None
        assert required == requirements.curve(queue_id)[slot]
    assert len(sheet) == len(scenario.queues) * scenario.horizon.num_slots


def test_check_accepts_the_solver_roster(solved: tuple[Path, str]) -> None:
    out, _ = solved
    result = runner.invoke(app, ["check", str(out), "--rules", str(TINY)])
    assert result.exit_code == 0, result.output
    assert "compliant" in result.output


def test_check_flags_a_hand_edited_roster(solved: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = solved
    edited = tmp_path / "edited.xlsx"
    workbook = load_workbook(out)
    sheet = workbook["Assignments"]
    header = [cell.value for cell in sheet[1]]
    agent_column = header.index("agent_id") + 1
    sheet.cell(row=2, column=agent_column).value = "NOBODY-KNOWN"
    start = sheet.cell(row=3, column=header.index("start") + 1)
    start.value = start.value.replace(minute=10)
    workbook.save(edited)
    result = runner.invoke(app, ["check", str(edited), "--rules", str(TINY)])
    assert result.exit_code == 2, result.output
    assert "violation" in result.output


def test_solve_refuses_to_overwrite_without_force(solved: tuple[Path, str], tmp_path: Path) -> None:
    existing = tmp_path / "roster.xlsx"
    existing.write_bytes(b"keep me")
    args = ["solve", str(TINY), "-o", str(existing), "--time-limit", "5"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "already exists" in result.output and "--force" in result.output
    assert existing.read_bytes() == b"keep me"
    forced = runner.invoke(app, [*args, "--force", "--workers", "2"])
    assert forced.exit_code == 0, forced.output
    assert load_workbook(existing).sheetnames[0] == "Summary"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.xlsx"]  # no temp files left


def test_solve_never_overwrites_its_input(tmp_path: Path) -> None:
    copy = tmp_path / "input.xlsx"
    shutil.copy(TINY, copy)
    result = runner.invoke(app, ["solve", str(copy), "-o", str(copy), "--force"])
    assert result.exit_code == 1
    assert "overwrite the input" in result.output
    assert copy.read_bytes() == TINY.read_bytes()


def test_validate_clean_input() -> None:
    result = runner.invoke(app, ["validate", str(TINY)])
    assert result.exit_code == 0
    assert "OK" in result.output


def test_validate_reports_located_problems_without_traceback() -> None:
    broken = DATA / "broken" / "UnknownSkill.xlsx"
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 1
    assert "sheet Agents" in result.output and "row" in result.output
    assert "Traceback" not in result.output


def test_validate_missing_file() -> None:
    result = runner.invoke(app, ["validate", "no/such/input.xlsx"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_template_written_then_protected(tmp_path: Path) -> None:
    target = tmp_path / "input.xlsx"
    assert runner.invoke(app, ["template", str(target)]).exit_code == 0
    again = runner.invoke(app, ["template", str(target)])
    assert again.exit_code == 1 and "already exists" in again.output
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 1  # blank: data missing


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("scheduler ")
