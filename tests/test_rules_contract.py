"""Each contract rule binds the solver in a tiny scenario, and its near miss (one step looser, or
the same pattern just inside the horizon's edge) shows the rule is what bound.

Every solved roster is also re-checked by the project's checker and by the independent oracle.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from scheduler.checks import check_roster
from scheduler.domain import Scenario
from scheduler.result import WorkedShift
from scheduler.roster.solve import SolveParams, solve_roster

import factories as f
import oracle

PARAMS = SolveParams(time_limit_s=10, workers=2)
DAY = f.template("DAY", time(8), time(8), paid=8)


def solve(sc: Scenario, required: dict[str, list[int]] | None = None) -> list[WorkedShift]:
    roster = solve_roster(sc, required or all_day(sc), PARAMS).roster
    assert [str(v) for v in check_roster(sc, roster) if v.hard] == []
    assert oracle.violations(sc, oracle.rows_of(roster)) == []
    return roster.worked_shifts()


def all_day(sc: Scenario, level: int = 1) -> dict[str, list[int]]:
    return {"Q": f.flat_requirement(sc, "Q", level, 0, 24)}


def weekly(days: int = 7, start: date = f.START, **rules: object) -> Scenario:
    """One agent who may work every day of the horizon, limited only by `rules`."""
    contract = f.contract(max_days=7, max_hours=100, **rules)
    return f.scenario(days=days, start=start, contracts=(contract,), shifts=(DAY,))


def worked_days(shifts: list[WorkedShift]) -> list[int]:
    return [(s.day - shifts[0].day).days + (shifts[0].day - f.START).days for s in shifts]


# --- Single shifts ------------------------------------------------------------------------------


@pytest.mark.parametrize(("minimum", "paid"), [(6, [8.0]), (4, [4.0])])
def test_min_shift_length(minimum: float, paid: list[float]) -> None:
    # The 4 h shift is cheaper; only the minimum length keeps it out (4 h exactly is allowed).
    shifts = (f.template("SHORT", time(8), time(8), paid=4), DAY)
    sc = f.scenario(
        shifts=shifts,
        agents=(f.agent("A1", cost=10),),
        contracts=(f.contract(min_shift_hours=minimum),),
    )
    assert [s.paid_hours for s in solve(sc, {"Q": f.flat_requirement(sc, "Q", 1, 8, 12)})] == paid


@pytest.mark.parametrize(("maximum", "span"), [(8.5, 6), (9, 9)])
def test_max_shift_length_counts_the_meal(maximum: float, span: int) -> None:
    long = f.template("LONG", time(8), time(8), paid=8, meal=60)  # 08:00-17:00, 9 h long
    short = f.template("SHORT", time(8), time(8), paid=6)
    sc = f.scenario(shifts=(long, short), contracts=(f.contract(max_shift_hours=maximum),))
    [shift] = solve(sc, {"Q": f.flat_requirement(sc, "Q", 1, 8, 17)})
    assert (shift.end - shift.start).total_seconds() / 3600 == span


@pytest.mark.parametrize(("maximum", "paid"), [(8, 8.0), (10, 10.0)])
def test_max_paid_hours_per_day(maximum: float, paid: float) -> None:
    shifts = (f.template("TEN", time(8), time(8), paid=10), DAY)
    sc = f.scenario(shifts=shifts, contracts=(f.contract(max_paid_hours_day=maximum),))
    [shift] = solve(sc, {"Q": f.flat_requirement(sc, "Q", 1, 8, 18)})
    assert shift.paid_hours == paid


@pytest.mark.parametrize(("cap", "paid"), [(1, 9.0), (2, 10.0)])
def test_max_overtime_per_day_beyond_the_standard_day(cap: float, paid: float) -> None:
    shifts = (
        f.template("TEN", time(8), time(8), paid=10),
        f.template("NINE", time(8), time(8), paid=9),
    )
    contract = f.contract(standard_hours_day=8, max_overtime_day=cap)
    sc = f.scenario(shifts=shifts, contracts=(contract,))
    [shift] = solve(sc, {"Q": f.flat_requirement(sc, "Q", 1, 8, 18)})
    assert shift.paid_hours == paid


@pytest.mark.parametrize(
    ("rules", "start_hour"),
    [
        ({"night_work": "banned"}, 14),  # ending at 22:00 sharp touches no night minute
        ({"night_work": "allowed"}, 15),
        ({"night_work": "banned", "night_start": time(23)}, 15),  # the window is configurable
    ],
)
def test_night_work_banned(rules: dict[str, object], start_hour: int) -> None:
    shifts = (f.template("EVE", time(14), time(14)), f.template("LATE", time(15), time(15)))
    sc = f.scenario(shifts=shifts, contracts=(f.contract(**rules),))
    [shift] = solve(sc, {"Q": f.flat_requirement(sc, "Q", 1, 15, 23)})
    assert shift.start.hour == start_hour


# --- Runs of days -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "expected"), [(3, [0, 1, 2, 4, 5, 6, 8, 9]), (10, list(range(10)))]
)
def test_max_consecutive_working_days(limit: int, expected: list[int]) -> None:
    shifts = solve(weekly(days=10, max_consecutive_days=limit))
    assert len(shifts) == len(expected)
    runs = oracle.runs([(s.day - f.START).days for s in shifts])
    assert max(length for _, length in runs) == min(limit, 10)


@pytest.mark.parametrize(("minimum", "expected"), [(2, 4), (1, 6)])
def test_min_consecutive_days_off(minimum: int, expected: int) -> None:
    # Runs of at most two working days; single days off between them only when allowed.
    sc = weekly(days=8, max_consecutive_days=2, min_consecutive_days_off=minimum)
    assert len(solve(sc)) == expected


@pytest.mark.parametrize(("days_off", "expected"), [(2, 8), (None, 10)])
def test_min_days_off_per_week_judges_full_weeks_only(days_off: int | None, expected: int) -> None:
    # Ten days: the three days of the short last week may all be worked.
    assert len(solve(weekly(days=10, min_days_off_week=days_off))) == expected


@pytest.mark.parametrize(("run", "expected"), [(2, 7), (None, 9)])
def test_consecutive_days_off_in_each_full_week(run: int | None, expected: int) -> None:
    shifts = solve(weekly(days=9, consecutive_days_off_week=run))
    assert len(shifts) == expected
    if run is not None:
        off = sorted(set(range(7)) - {(s.day - f.START).days for s in shifts})
        assert off[1] - off[0] == 1  # the two days off of the full week are consecutive


@pytest.mark.parametrize(("hours", "expected"), [(40, 6), (41, 5)])
def test_weekly_rest_is_measured_between_shift_times(hours: float, expected: int) -> None:
    # One day off between 08:00-16:00 shifts rests 40 h exactly; 41 h needs a second day.
    assert len(solve(weekly(weekly_rest_hours=hours))) == expected


# --- Nights -------------------------------------------------------------------------------------

NIGHT = f.template("NIGHT", time(22), time(22), paid=8)  # 22:00-06:00


def night_scenario(days: int = 7, **rules: object) -> Scenario:
    contract = f.contract(max_days=7, max_hours=100, rest=0, **rules)
    return f.scenario(days=days, contracts=(contract,), shifts=(NIGHT,))


@pytest.mark.parametrize(("limit", "expected"), [(2, 2 + 1), (None, 7 + 1)])
def test_max_nights_per_week(limit: int | None, expected: int) -> None:
    # Eight days: the short last week (one day) has its own allowance.
    assert len(solve(night_scenario(days=8, max_nights_week=limit))) == expected


@pytest.mark.parametrize(("limit", "expected"), [(2, 5), (3, 6)])
def test_max_consecutive_nights(limit: int, expected: int) -> None:
    # 7 days: NN.NN.N (limit 2) or NNN.NNN (limit 3).
    assert len(solve(night_scenario(max_consecutive_nights=limit))) == expected


def test_a_short_evening_is_not_a_night_shift() -> None:
    # 16:00-00:00 works 2 h in the night window, under the 3 h that make a night shift.
    evening = f.template("EVE", time(16), time(16), paid=8)
    contract = f.contract(max_days=7, max_hours=100, max_nights_week=0)
    sc = f.scenario(days=7, contracts=(contract,), shifts=(evening,))
    assert len(solve(sc)) == 7


@pytest.mark.parametrize(("succession", "expected"), [("forbidden", 1), ("allowed", 2)])
def test_no_early_shift_after_a_night_shift(succession: str, expected: int) -> None:
    late_night = f.template("LN", time(20), time(20), paid=8)  # 20:00-04:00, 6 h of night
    early = f.template("EARLY", time(6), time(6), paid=8)
    contract = f.contract(rest=0, night_then_early=succession)
    sc = f.scenario(days=2, shifts=(late_night, early), contracts=(contract,))
    required = [0] * sc.horizon.num_slots
    required[40:48] = [1] * 8  # day 0, 20:00-24:00
    required[48 + 12 : 48 + 28] = [1] * 16  # day 1, 06:00-14:00
    assert len(solve(sc, {"Q": required})) == expected


# --- Weekends, months and averages --------------------------------------------------------------


@pytest.mark.parametrize(("limit", "expected"), [(1, 12), (2, 14)])
def test_max_working_weekends(limit: int, expected: int) -> None:
    assert len(solve(weekly(days=14, max_weekends=limit))) == expected


def test_weekends_cut_by_the_horizon_count_as_weekends() -> None:
    # Sunday 15 Nov to Saturday 21 Nov: a lone Sunday and a lone Saturday, two weekends.
    shifts = solve(weekly(days=7, start=date(2026, 11, 15), max_weekends=1))
    assert len(shifts) == 6
    assert sum(s.day.weekday() >= 5 for s in shifts) == 1


@pytest.mark.parametrize(("cap", "expected"), [(16, 4), (24, 6)])
def test_max_hours_per_month_splits_at_the_month_end(cap: float, expected: int) -> None:
    # Friday 27 Nov to Thursday 3 Dec: four November days and three December days.
    shifts = solve(weekly(days=7, start=date(2026, 11, 27), max_hours_month=cap))
    assert len(shifts) == expected
    assert sum(s.day.month == 12 for s in shifts) == min(3, expected // 2)


@pytest.mark.parametrize(("reference_weeks", "expected"), [(None, 5), (1, 4)])
def test_max_average_hours_per_week(reference_weeks: int | None, expected: int) -> None:
    # 20 h a week on average: 40 h over two weeks (five shifts), or 20 h each week (two each).
    sc = weekly(days=14, max_average_hours_week=20, reference_weeks=reference_weeks)
    assert len(solve(sc)) == expected


@pytest.mark.parametrize(("cap", "expected"), [(10, 5), (None, 7)])
def test_max_overtime_per_month(cap: float | None, expected: int) -> None:
    # 10 h shifts: n shifts make max(2n daily, 10n - 40 weekly) overtime hours.
    ten = f.template("TEN", time(8), time(8), paid=10)
    rules = {"standard_hours_day": 8, "standard_hours_week": 40, "max_overtime_month": cap}
    contract = f.contract(max_days=7, max_hours=100, **rules)
    sc = f.scenario(days=7, contracts=(contract,), shifts=(ten,))
    assert len(solve(sc)) == expected


# --- Pools: the pooled plan respects the rules, then each person does ---------------------------


@pytest.mark.parametrize(
    "rules",
    [
        {"max_consecutive_days": 2, "min_consecutive_days_off": 2},
        {"weekly_rest_hours": 41, "max_weekends": 1},
        {"consecutive_days_off_week": 2, "min_days_off_week": 3},
        {"standard_hours_day": 8, "standard_hours_week": 24, "max_overtime_month": 8},
        {"max_hours_month": 30, "max_average_hours_week": 35},
    ],
    ids=["runs", "rest-weekends", "days-off", "overtime", "month-average"],
)
def test_pooled_agents_each_get_a_legal_week(rules: dict[str, object]) -> None:
    contract = f.contract(max_days=7, max_hours=100, **rules)
    agents = tuple(f.agent(f"A{i}") for i in range(3))
    sc = f.scenario(
        days=10, start=date(2026, 11, 25), contracts=(contract,), shifts=(DAY,), agents=agents
    )
    shifts = solve(sc, all_day(sc, level=3))
    assert len({s.agent_id for s in shifts}) == 3


@pytest.mark.parametrize(("early_start", "cost"), [(7, 250), (8, 0)])
def test_the_penalty_hook_prices_each_night_followed_by_an_early_shift(
    early_start: int, cost: int
) -> None:
    # The objective lives in model.py; the soft rule hands it named terms through `penalties`.
    from ortools.sat.python import cp_model

    from scheduler.roster.rules import AvoidNightThenEarly, Span, agent_context

    contract = f.contract(night_then_early="penalized", night_then_early_penalty=250)
    sc = f.scenario(days=2, contracts=(contract,))
    model = cp_model.CpModel()
    night = (Span(0, 22 * 60, 30 * 60, 480), model.new_bool_var("night"))
    early = (
        Span(1, 24 * 60 + early_start * 60, 32 * 60 + early_start * 60, 480),
        model.new_bool_var("e"),
    )
    model.add(night[1] == 1)
    model.add(early[1] == 1)
    terms = AvoidNightThenEarly().penalties(agent_context(sc, sc.agents[0]), [night, early], model)
    model.minimize(sum(term.weight * term.variable for term in terms))
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    assert solver.objective_value == cost
    assert all(term.rule == "avoid_night_then_early" and term.day == 0 for term in terms)
