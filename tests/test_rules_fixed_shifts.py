"""Pinned shifts (FixedShifts sheet): the solver works them exactly, the checker and the oracle
flag a pinned shift missing or moved, infeasible pins are explained, the reader locates pins
that match no shift template."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from scheduler.checks import check_roster
from scheduler.domain import Scenario, TimeOff
from scheduler.errors import InputError
from scheduler.io.reader import read_scenario, validate_input
from scheduler.roster.feasibility import explain_infeasibility
from scheduler.roster.solve import SolveParams, solve_roster
from tests.workbook_generator import gen

import factories as f
import oracle

PARAMS = SolveParams(time_limit_s=10, workers=2)
# Starts 08:00 to 22:00 every 2 h, 8 h paid: the late start is a night shift crossing midnight.
ANY = f.template("ANY", time(8), time(22), step=120, paid=8)


def solve(sc: Scenario, required: dict[str, list[int]]) -> list[tuple[int, str, str]]:
    roster = solve_roster(sc, required, PARAMS).roster
    assert [str(v) for v in check_roster(sc, roster) if v.hard] == []
    assert oracle.violations(sc, oracle.rows_of(roster)) == []
    return [
        ((s.day - f.START).days, f"{s.start:%H:%M}", f"{s.end:%H:%M}")
        for s in roster.worked_shifts()
    ]


def afternoons(sc: Scenario) -> dict[str, list[int]]:
    return {"Q": f.flat_requirement(sc, "Q", 1, 14, 22)}


@pytest.mark.parametrize(
    ("pins", "expected"),
    [
        ((), [(0, "14:00", "22:00"), (1, "14:00", "22:00"), (2, "14:00", "22:00")]),  # no pin
        # The first and the last day of the horizon, the last one crossing its end.
        (
            (f.pin(0, time(8), time(16)), f.pin(2, time(22), time(6))),
            [(0, "08:00", "16:00"), (1, "14:00", "22:00"), (2, "22:00", "06:00")],
        ),
    ],
)
def test_pinned_shifts_are_worked_exactly(
    pins: tuple[Any, ...], expected: list[tuple[int, str, str]]
) -> None:
    contract = f.contract(max_days=3, rest=11)
    sc = f.scenario(days=3, shifts=(ANY,), contracts=(contract,), fixed_shifts=pins)
    assert solve(sc, afternoons(sc)) == expected


def test_a_pin_outranks_coverage_and_wages() -> None:
    # Nothing is required and the agent costs money: without the pin nobody works.
    contract = f.contract()
    sc = f.scenario(
        days=2,
        shifts=(ANY,),
        contracts=(contract,),
        agents=(f.agent("A1", cost=50),),
        fixed_shifts=(f.pin(1, time(10), time(18)),),
    )
    assert solve(sc, {"Q": [0] * sc.horizon.num_slots}) == [(1, "10:00", "18:00")]


# --- The checker and the oracle --------------------------------------------------------------


@pytest.mark.parametrize(
    ("shifts", "actual", "detail"),
    [
        ([], "no shift", "pinned shift not worked"),
        ([f.worked(2, (20, 0), 8)], "20:00-04:00+1", "pinned shift moved"),
    ],
)
def test_check_flags_a_missing_or_moved_pin(shifts: list[Any], actual: str, detail: str) -> None:
    sc = f.scenario(days=3, shifts=(ANY,), fixed_shifts=(f.pin(2, time(22), time(6)),))
    roster = f.roster_of(shifts)
    [violation] = [v for v in check_roster(sc, roster) if v.rule == "fixed_shift"]
    assert (violation.day, violation.limit, violation.actual) == (
        date(2026, 11, 11),
        "22:00-06:00+1",
        actual,
    )
    assert violation.detail == detail and violation.hard
    assert [b.rule for b in oracle.breaches(sc, oracle.rows_of(roster))] == ["fixed_shift"]


def test_check_accepts_the_pinned_shift_at_the_horizon_end() -> None:
    sc = f.scenario(days=3, shifts=(ANY,), fixed_shifts=(f.pin(2, time(22), time(6)),))
    roster = f.roster_of([f.worked(2, (22, 0), 8)])
    assert check_roster(sc, roster) == []
    assert oracle.breaches(sc, oracle.rows_of(roster)) == []


# --- Infeasibility explained -----------------------------------------------------------------


def test_pinned_shift_on_a_day_of_leave_is_named() -> None:
    leave = TimeOff(agent_id="A1", first_day=date(2026, 11, 10), last_day=date(2026, 11, 10))
    sc = f.scenario(
        days=3, shifts=(ANY,), time_off=(leave,), fixed_shifts=(f.pin(1, time(8), time(16)),)
    )
    [message] = explain_infeasibility(sc)
    assert message == (
        "A1 (Agent A1, contract C): the pinned shift 2026-11-10 08:00-16:00 (FixedShifts) "
        "cannot be worked because of: no_work_on_leave (time off on 2026-11-10). Relax it, "
        "or move or remove the pinned shift."
    )


def test_pinned_shifts_too_close_for_the_rest_rule_are_named_together() -> None:
    # A night to 06:00 then a 10:00 start: 4 h of rest where 11 h are needed. Each pin alone
    # is fine, so both are named.
    pins = (f.pin(0, time(22), time(6)), f.pin(1, time(10), time(18)))
    sc = f.scenario(days=2, shifts=(ANY,), fixed_shifts=pins)
    [message] = explain_infeasibility(sc)
    assert (
        "the pinned shifts 2026-11-09 22:00-06:00+1, 2026-11-10 10:00-18:00 (FixedShifts) "
        "cannot all be worked because of: min_rest_between_shifts (min_rest_hours 11)"
    ) in message


def test_pinned_shift_of_a_template_the_contract_does_not_allow() -> None:
    other = f.template("OTHER", time(8), time(8), paid=8)
    sc = f.scenario(
        days=2,
        shifts=(ANY, other),
        contracts=(f.contract(allowed=("OTHER",)),),
        fixed_shifts=(f.pin(0, time(12), time(20)),),
    )
    [message] = explain_infeasibility(sc)
    assert "2026-11-09 12:00-20:00" in message
    assert "allowed_shift_templates (allowed shifts OTHER)" in message


# --- Reading the FixedShifts sheet -----------------------------------------------------------


def _with_pins(tmp_path: Path, *rows: list[object]) -> Path:
    sheets = gen.base_sheets()
    sheets["FixedShifts"] = [["agent_id", "date", "start", "end"], *rows]
    path = tmp_path / "input.xlsx"
    gen.write_workbook(path, sheets)
    return path


def test_fixed_shifts_sheet_is_read(tmp_path: Path) -> None:
    path = _with_pins(tmp_path, ["A001", datetime(2026, 11, 9), time(9), time(18)])
    [pin] = read_scenario(path).fixed_shifts
    assert (pin.agent_id, pin.date, pin.start, pin.end) == (
        "A001",
        date(2026, 11, 9),
        time(9),
        time(18),
    )


def test_a_pin_matching_no_template_is_located(tmp_path: Path) -> None:
    path = _with_pins(
        tmp_path,
        ["A001", datetime(2026, 11, 9), time(9), time(17)],  # DAY lasts 9 h, meal included
        ["A002", datetime(2026, 11, 10), time(8), time(17)],  # after the one-day horizon
        ["NOBODY", datetime(2026, 11, 9), time(8), time(17)],
    )
    problems = {(p.row, p.column): p for p in validate_input(path)}
    assert set(problems) == {(2, "start (C)"), (3, "date (B)"), (4, "agent_id (A)")}
    assert "DAY: 08:00-10:00 every 30 min for 9 h" in problems[2, "start (C)"].expected
    assert "inside the horizon" in problems[3, "date (B)"].expected
    with pytest.raises(InputError):
        read_scenario(path)
