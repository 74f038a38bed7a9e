"""Meals and short breaks: placed by the optimizer inside their windows, staggered against the
requirement, never counted as coverage, paid (breaks) or unpaid (meals), and checked on finished
rosters by the rule book and the independent oracle alike."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from scheduler.checks import check_roster, coverage_rows
from scheduler.cli import app
from scheduler.domain import Scenario, ShiftTemplate
from scheduler.io.reader import read_scenario
from scheduler.result import Activity, ActivityKind, Roster
from scheduler.roster.options import pause_windows
from scheduler.roster.solve import SolveParams, solve_roster
from tests.workbook_generator import gen

import factories as f
import oracle

PARAMS = SolveParams(time_limit_s=10, workers=2)


def with_breaks(template: ShiftTemplate, minutes: int = 15, every: float = 2) -> ShiftTemplate:
    fields = {**template.model_dump(), "break_minutes": minutes, "break_every_hours": every}
    return ShiftTemplate.model_validate(fields)


# 08:00-12:00 paid, one 15-minute break around 10:00 (starting 09:30 to 10:30).
FOUR = with_breaks(f.template("FOUR", time(8), time(8), paid=4))


def four_agents() -> Scenario:
    agents = tuple(f.agent(f"A{i}") for i in range(1, 5))
    return f.scenario(interval=15, shifts=(FOUR,), agents=agents)


def slot(sc: Scenario, hour: int, minute: int = 0) -> int:
    return (hour * 60 + minute) // sc.horizon.interval_minutes


def breaks_of(roster: Roster) -> list[Activity]:
    return [a for a in roster.activities if a.kind is ActivityKind.BREAK]


def test_breaks_are_staggered_into_the_dips_of_the_requirement() -> None:
    sc = four_agents()
    curve = f.flat_requirement(sc, "Q", 4, 8, 12)
    dips = [slot(sc, 9, 30), slot(sc, 9, 45), slot(sc, 10, 15), slot(sc, 10, 30)]
    for dip in dips:
        curve[dip] = 3
    roster = solve_roster(sc, {"Q": curve}, PARAMS).roster
    breaks = breaks_of(roster)
    assert sorted(b.agent_id for b in breaks) == ["A1", "A2", "A3", "A4"]
    assert sorted(sc.horizon.slot_of(b.start) for b in breaks) == dips
    assert all(b.minutes == 15 for b in breaks)
    rows = coverage_rows(sc, {"Q": curve}, roster)
    assert [r.scheduled for r in rows] == [max(need, 0) for need in curve]
    assert check_roster(sc, roster) == []
    assert oracle.violations(sc, oracle.rows_of(roster)) == []


def test_a_break_is_not_coverage_and_stays_paid() -> None:
    # One agent, needed all morning: the break leaves a 15-minute hole, yet 4 h are paid.
    sc = f.scenario(interval=15, shifts=(FOUR,))
    curve = f.flat_requirement(sc, "Q", 1, 8, 12)
    result = solve_roster(sc, {"Q": curve}, PARAMS)
    [pause] = breaks_of(result.roster)
    rows = coverage_rows(sc, {"Q": curve}, result.roster)
    short = [r.interval_start for r in rows if r.shortfall]
    assert short == [pause.start]
    [shift] = result.roster.worked_shifts()
    assert shift.paid_minutes == 4 * 60


def test_meal_and_breaks_each_fall_in_their_own_window() -> None:
    # 9 h span, meal 60 min 3-5 h in: marks at 2 h and 8 h get breaks, 4 h and 6 h meet the meal.
    day = with_breaks(f.template("DAY", time(8), time(8), paid=8, meal=60, meal_window=(3, 5)))
    windows = pause_windows(day, 15)
    assert [(w.kind, w.earliest, w.latest) for w in windows] == [
        (ActivityKind.BREAK, 90, 150),
        (ActivityKind.MEAL, 180, 300),
        (ActivityKind.BREAK, 450, 510),
    ]
    agents = tuple(f.agent(f"A{i}") for i in range(1, 4))
    sc = f.scenario(interval=15, shifts=(day,), agents=agents)
    roster = solve_roster(sc, {"Q": f.flat_requirement(sc, "Q", 3, 8, 17)}, PARAMS).roster
    kinds = Counter((a.agent_id, a.kind) for a in roster.activities)
    for agent in agents:
        assert kinds[agent.agent_id, ActivityKind.BREAK] == 2
        assert kinds[agent.agent_id, ActivityKind.MEAL] == 1
    assert check_roster(sc, roster) == []
    assert oracle.violations(sc, oracle.rows_of(roster)) == []


def moved(roster: Roster, agent_id: str, minutes: int) -> Roster:
    """The roster with the agent's break moved by `minutes`, the work rows around it adjusted."""
    activities = list(roster.activities)
    [index] = [
        i
        for i, a in enumerate(activities)
        if a.agent_id == agent_id and a.kind is ActivityKind.BREAK
    ]
    pause = activities[index]
    shift = timedelta(minutes=minutes)
    new_start, new_end = pause.start + shift, pause.end + shift
    rest = [a for i, a in enumerate(activities) if a.agent_id == agent_id and i != index]
    others = [a for a in activities if a.agent_id != agent_id]
    first, last = min(a.start for a in rest), max(a.end for a in rest)
    work = [
        Activity(agent_id, pause.day, ActivityKind.SHIFT, first, new_start, "Q"),
        Activity(agent_id, pause.day, ActivityKind.BREAK, new_start, new_end),
        Activity(agent_id, pause.day, ActivityKind.SHIFT, new_end, last, "Q"),
    ]
    return Roster(tuple(others + work))


@pytest.fixture(scope="module")
def solved() -> tuple[Scenario, Roster]:
    sc = four_agents()
    return sc, solve_roster(sc, {"Q": f.flat_requirement(sc, "Q", 3, 8, 12)}, PARAMS).roster


def test_checker_and_oracle_flag_a_break_moved_out_of_its_window(
    solved: tuple[Scenario, Roster],
) -> None:
    sc, roster = solved
    start = next(a.start for a in breaks_of(roster) if a.agent_id == "A2")
    late = moved(
        roster, "A2", round((datetime.combine(start.date(), time(11)) - start).seconds / 60)
    )
    [violation] = check_roster(sc, late)
    assert (violation.rule, violation.agent_id, violation.day) == (
        "pauses_in_windows",
        "A2",
        f.START,
    )
    assert violation.limit == "break 15 min starting 09:30-10:30"
    assert violation.actual == "break 11:00-11:15"
    assert [b.rule for b in oracle.breaches(sc, oracle.rows_of(late))] == ["pauses_in_windows"]


def test_a_break_moved_inside_its_window_passes(solved: tuple[Scenario, Roster]) -> None:
    sc, roster = solved
    start = next(a.start for a in breaks_of(roster) if a.agent_id == "A2")
    target = datetime.combine(start.date(), time(10, 30) if start.hour < 10 else time(9, 30))
    inside = moved(roster, "A2", round((target - start).total_seconds() / 60))
    assert check_roster(sc, inside) == []
    assert oracle.breaches(sc, oracle.rows_of(inside)) == []


def test_a_shift_without_its_break_row_misses_it(solved: tuple[Scenario, Roster]) -> None:
    sc, roster = solved
    plain = [a for a in roster.activities if a.agent_id != "A1"]
    plain.append(Activity("A1", f.START, ActivityKind.SHIFT, f.dt(0, 8), f.dt(0, 12), "Q"))
    [violation] = check_roster(sc, Roster(tuple(plain)))
    assert (violation.detail, violation.actual) == ("break missing", "no break")
    assert [b.rule for b in oracle.breaches(sc, oracle.rows_of(Roster(tuple(plain))))] == [
        "pauses_in_windows"
    ]
    # The same shifts from a source that records no pauses (the Roster grid) are not judged.
    assert check_roster(sc, replace(Roster(tuple(plain)), pauses_recorded=False)) == []


def test_break_windows_that_would_overlap_are_refused() -> None:
    with pytest.raises(ValueError, match=r"break_every_hours must be at least 1\.25 h"):
        with_breaks(f.template(), minutes=15, every=1)
    with_breaks(f.template(), minutes=15, every=1.25)  # windows touch, never overlap
    lone = {**f.template().model_dump(), "break_minutes": 15}
    with pytest.raises(ValueError, match="break_minutes and break_every_hours together"):
        ShiftTemplate.model_validate(lone)


def _tiny_with_breaks(path: Path) -> None:
    """The tiny test workbook on 15-minute intervals, its DAY shift with 15-minute breaks."""
    sheets = gen.base_sheets()
    gen.set_cell(sheets, "Settings", 5, "value", 15)
    gen._new_column("Shifts", "break_minutes", 2, 15)(sheets)
    gen._new_column("Shifts", "break_every_hours", 2, 2)(sheets)
    gen.write_workbook(path, sheets)


def test_a_break_moved_by_hand_in_the_assignments_sheet_is_reported(tmp_path: Path) -> None:
    rules, out = tmp_path / "input.xlsx", tmp_path / "roster.xlsx"
    _tiny_with_breaks(rules)
    solve = ["solve", str(rules), "-o", str(out), "--time-limit", "5", "--workers", "2"]
    assert CliRunner().invoke(app, solve).exit_code == 0
    check = ["check", str(out), "--rules", str(rules)]
    assert CliRunner().invoke(app, check).exit_code == 0
    book = load_workbook(out)
    sheet = book["Assignments"]
    at = {cell.value: cell.column - 1 for cell in sheet[1]}
    rows = list(sheet.iter_rows(min_row=2))
    pause = next(r for r in rows if r[at["activity"]].value == "break")
    agent_id = pause[at["agent_id"]].value
    first = min(
        (r for r in rows if r[at["agent_id"]].value == agent_id),
        key=lambda r: r[at["start"]].value,
    )
    # The break becomes work, and the shift's first 15 minutes become the break.
    pause[at["activity"]].value = "shift"
    pause[at["queue_id"]].value = first[at["queue_id"]].value
    opening = first[at["start"]].value
    first[at["start"]].value = opening + timedelta(minutes=15)
    moved = [cell.value for cell in first]
    moved[at["activity"]], moved[at["queue_id"]] = "break", None
    moved[at["start"]], moved[at["end"]] = opening, opening + timedelta(minutes=15)
    sheet.append(moved)
    book.save(out)
    result = CliRunner().invoke(app, check)
    assert result.exit_code == 2, result.output
    assert "pauses_in_windows" in result.output and f"break {opening:%H:%M}-" in result.output
    scenario = read_scenario(rules)
    [breach] = oracle.breaches(scenario, oracle.read_rows(out))
    assert (breach.rule, breach.agent_id) == ("pauses_in_windows", agent_id)


def test_a_scenario_refuses_breaks_shorter_than_its_intervals() -> None:
    with pytest.raises(ValueError, match="break_minutes 15 is not a multiple of the 30-minute"):
        f.scenario(interval=30, shifts=(FOUR,))
