"""Each hard rule binds in a tiny scenario, and its near miss shows the rule is what bound."""

from __future__ import annotations

from datetime import date, time

import pytest

from scheduler.checks import check_roster, coverage_rows
from scheduler.domain import Availability, Scenario, TimeOff
from scheduler.result import Roster, WorkedShift
from scheduler.roster.solve import SolveParams, solve_roster

import factories as f

PARAMS = SolveParams(time_limit_s=20, workers=2)


def solve(sc: Scenario, required: dict[str, list[int]]) -> list[WorkedShift]:
    roster = solve_roster(sc, required, PARAMS).roster
    assert check_roster(sc, roster) == []
    return roster.worked_shifts()


def all_day_demand(sc: Scenario, level: int = 1) -> dict[str, list[int]]:
    return {"Q": f.flat_requirement(sc, "Q", level, 0, 24)}


@pytest.mark.parametrize(("rest", "expected_shifts"), [(11, 1), (8, 2)])
def test_min_rest_between_a_late_and_an_early_shift(rest: float, expected_shifts: int) -> None:
    late = f.template("LATE", time(14), time(14), paid=8)
    early = f.template("EARLY", time(6), time(6), paid=8)
    sc = f.scenario(days=2, shifts=(late, early), contracts=(f.contract(rest=rest),))
    required = [0] * sc.horizon.num_slots
    for slot in range(28, 44):  # day 1, 14:00-22:00
        required[slot] = 1
    for slot in range(48 + 12, 48 + 28):  # day 2, 06:00-14:00
        required[slot] = 1
    # The 22:00 -> 06:00 turnaround leaves 8 h of rest.
    assert len(solve(sc, {"Q": required})) == expected_shifts


@pytest.mark.parametrize(("max_days", "expected"), [(5, 5), (7, 7)])
def test_max_days_per_week(max_days: int, expected: int) -> None:
    sc = f.scenario(days=7, contracts=(f.contract(max_days=max_days, max_hours=60),))
    assert len(solve(sc, all_day_demand(sc))) == expected


@pytest.mark.parametrize(("max_hours", "expected"), [(24, 3), (40, 5)])
def test_max_hours_per_week(max_hours: float, expected: int) -> None:
    sc = f.scenario(days=7, contracts=(f.contract(max_hours=max_hours),))
    assert len(solve(sc, all_day_demand(sc))) == expected


@pytest.mark.parametrize(("min_hours", "expected"), [(16, 2), (0, 0)])
def test_min_hours_per_week_schedules_even_without_demand(min_hours: float, expected: int) -> None:
    sc = f.scenario(days=7, contracts=(f.contract(min_hours=min_hours),))
    assert len(solve(sc, {"Q": [0] * sc.horizon.num_slots})) == expected


def test_min_hours_are_prorated_and_credited_for_leave() -> None:
    # 40 h / 5 days: each day of leave credits 8 h, so two days of leave leave 24 h to work.
    leave = TimeOff(agent_id="A1", first_day=f.START, last_day=date(2026, 11, 10))
    sc = f.scenario(days=7, contracts=(f.contract(min_hours=40),), time_off=(leave,))
    assert len(solve(sc, {"Q": [0] * sc.horizon.num_slots})) == 3


def test_no_shift_on_a_day_of_leave() -> None:
    leave = TimeOff(agent_id="A1", first_day=f.START, last_day=f.START)
    sc = f.scenario(days=2, contracts=(f.contract(rest=0),), time_off=(leave,))
    shifts = solve(sc, all_day_demand(sc))
    assert [s.day for s in shifts] == [date(2026, 11, 10)]  # near miss: the next day is worked


def test_shifts_lie_inside_availability() -> None:
    morning = f.template("M", time(8), time(8), paid=4)
    afternoon = f.template("A", time(13), time(13), paid=4)
    window = Availability(agent_id="A1", day="mon", available_from=time(12), available_to=time(22))
    sc = f.scenario(shifts=(morning, afternoon), availability=(window,))
    required = f.flat_requirement(sc, "Q", 1, 8, 12)  # demand only where the agent may not work
    required[26:34] = [1] * 8  # and a little inside the window, 13:00-17:00
    shifts = solve(sc, {"Q": required})
    assert [(s.start.hour, s.end.hour) for s in shifts] == [(13, 17)]


def test_agent_with_availability_rows_is_off_on_unlisted_days() -> None:
    window = Availability(agent_id="A1", day="tue", available_from=time(0), available_to=time(0))
    sc = f.scenario(days=2, contracts=(f.contract(rest=0),), availability=(window,))
    shifts = solve(sc, all_day_demand(sc))
    assert [s.day.strftime("%a") for s in shifts] == ["Tue"]


def test_contract_allows_only_its_templates() -> None:
    day = f.template("DAY", time(8), time(8), paid=8)
    short = f.template("SHORT", time(8), time(8), paid=4)
    sc = f.scenario(shifts=(day, short), contracts=(f.contract(allowed=("SHORT",)),))
    shifts = solve(sc, all_day_demand(sc))
    assert [s.paid_hours for s in shifts] == [4]


def test_one_shift_per_day_even_with_zero_rest() -> None:
    morning = f.template("M", time(6), time(6), paid=4)
    evening = f.template("E", time(16), time(16), paid=4)
    sc = f.scenario(shifts=(morning, evening), contracts=(f.contract(rest=0),))
    assert len(solve(sc, all_day_demand(sc))) == 1


def test_checker_flags_what_the_solver_avoids() -> None:
    shifts = (f.template("LATE", time(14), time(14)), f.template("EARLY", time(6), time(6)))
    sc = f.scenario(
        days=2, shifts=shifts, contracts=(f.contract(rest=11, max_days=1, max_hours=10),)
    )
    late = WorkedShift("A1", f.START, f.dt(0, 14), f.dt(0, 22), 480)
    early = WorkedShift("A1", date(2026, 11, 10), f.dt(1, 6), f.dt(1, 14), 480)
    roster = f.roster_of([late, early])
    rules = sorted(v.rule for v in check_roster(sc, roster))
    assert rules == ["max_days_per_week", "max_hours_per_week", "min_rest_between_shifts"]
    assert check_roster(sc, f.roster_of([late])) == []


def test_shortage_is_spread_rather_than_left_as_a_hole() -> None:
    short = f.template("S", time(8), time(12), paid=4)
    sc = f.scenario(shifts=(short,), agents=(f.agent("A1"), f.agent("A2")))
    shifts = solve(sc, {"Q": f.flat_requirement(sc, "Q", 2, 8, 16)})
    assert sorted(s.start.hour for s in shifts) == [8, 12]


def test_multi_skilled_agent_is_split_never_counted_twice() -> None:
    day = f.template("D", time(8), time(8), paid=8)
    sc = f.scenario(
        shifts=(day,), queues=(f.queue("Q"), f.queue("R")), agents=(f.agent("A1", ("Q", "R")),)
    )
    required = {
        "Q": f.flat_requirement(sc, "Q", 1, 8, 12),
        "R": f.flat_requirement(sc, "R", 1, 12, 16),
    }
    roster = solve_roster(sc, required, PARAMS).roster
    rows = coverage_rows(sc, required, roster)
    assert sum(r.shortfall for r in rows) == 0
    per_slot: dict[object, int] = {}
    for row in rows:
        per_slot[row.interval_start] = per_slot.get(row.interval_start, 0) + row.scheduled
    assert max(per_slot.values()) == 1


def test_meals_are_staggered_against_demand() -> None:
    day = f.template("D", time(8), time(8), paid=8, meal=60, meal_window=(3, 5))
    sc = f.scenario(shifts=(day,), agents=(f.agent("A1"), f.agent("A2")))
    required = {"Q": f.flat_requirement(sc, "Q", 1, 8, 17)}
    roster = solve_roster(sc, required, PARAMS).roster
    rows = coverage_rows(sc, required, roster)
    assert sum(r.shortfall for r in rows) == 0  # someone is always there while the other eats
    meals = sorted(a.start for a in roster.activities if a.kind == "meal")
    assert len(meals) == 2 and meals[0] != meals[1]


def test_night_shift_crosses_midnight_and_stops_at_the_horizon_edge() -> None:
    night = f.template("N", time(22), time(22), paid=8, meal=60)
    sc = f.scenario(days=2, shifts=(night,), contracts=(f.contract(rest=11),))
    required = {"Q": [1] * sc.horizon.num_slots}
    roster = solve_roster(sc, required, PARAMS).roster
    shifts = roster.worked_shifts()
    assert [(s.start, s.end) for s in shifts] == [
        (f.dt(0, 22), f.dt(1, 7)),
        (f.dt(1, 22), f.dt(2, 7)),
    ]
    rows = coverage_rows(sc, required, roster)
    assert len(rows) == sc.horizon.num_slots  # nothing past the horizon is reported
    at = {r.interval_start: r.scheduled for r in rows}
    assert at[f.dt(1, 2)] == 1 - sum(
        1 for a in roster.activities if a.kind == "meal" and a.start <= f.dt(1, 2) < a.end
    )


def test_golden_objective_of_a_hand_checkable_day() -> None:
    # Need 2 agents 08-12 and 1 agent 12-16; three agents with 4 h shifts at 10/h cover it exactly,
    # so the optimum is the wage bill alone: 3 shifts x 4 h x 10 = 120 points.
    short = f.template("S", time(8), time(12), paid=4)
    sc = f.scenario(shifts=(short,), agents=tuple(f.agent(f"A{i}", cost=10) for i in range(3)))
    required = f.flat_requirement(sc, "Q", 2, 8, 12)
    required[24:32] = [1] * 8
    solution = solve_roster(sc, {"Q": required}, PARAMS)
    assert solution.status == "optimal"
    assert solution.objective == 120 and solution.best_bound == 120


def test_golden_objective_when_short_staffed() -> None:
    # Two agents for the same day: one 4 h gap of one agent (8 slots x 500) plus 2 x 40 wages.
    short = f.template("S", time(8), time(12), paid=4)
    sc = f.scenario(shifts=(short,), agents=tuple(f.agent(f"A{i}", cost=10) for i in range(2)))
    required = f.flat_requirement(sc, "Q", 2, 8, 12)
    required[24:32] = [1] * 8
    solution = solve_roster(sc, {"Q": required}, PARAMS)
    assert solution.status == "optimal" and solution.objective == 8 * 500 + 80


def test_unused_roster_is_trivially_compliant() -> None:
    sc = f.scenario()
    assert check_roster(sc, Roster(())) == []
