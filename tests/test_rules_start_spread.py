"""Start-time consistency: the spread of shift starts within each week, hard or soft."""

from __future__ import annotations

from datetime import time

import pytest

from scheduler.checks import check_roster
from scheduler.domain import Availability, Scenario
from scheduler.roster.feasibility import explain_infeasibility
from scheduler.roster.solve import SolveParams, solve_roster

import factories as f
import oracle

PARAMS = SolveParams(time_limit_s=10, workers=2)
FLEX = f.template("FLEX", time(8), time(14), step=60, paid=8)


def starts(sc: Scenario, required: list[int], soft: bool = False) -> dict[int, int]:
    """Start hour per day of the solved roster, checked by the checker and the oracle."""
    roster = solve_roster(sc, {"Q": required}, PARAMS).roster
    assert [str(v) for v in check_roster(sc, roster) if v.hard] == []
    rules = {b.rule for b in oracle.breaches(sc, oracle.rows_of(roster))}
    assert rules <= ({"avoid_start_spread"} if soft else set())
    return {(s.day - f.START).days: s.start.hour for s in roster.worked_shifts()}


def wanted(sc: Scenario, hours: dict[int, int]) -> list[int]:
    """One agent wanted for 8 h from hours[day] on each day given."""
    per_day = sc.horizon.slots_per_day
    curve = [0] * sc.horizon.num_slots
    for day, hour in hours.items():
        first = day * per_day + hour * 2
        curve[first : first + 16] = [1] * 16
    return curve


def spread_scenario(days: int, limit: int, **rules: object) -> Scenario:
    contract = f.contract(max_days=7, max_hours=100, max_start_spread_minutes=limit, **rules)
    return f.scenario(days=days, shifts=(FLEX,), contracts=(contract,))


@pytest.mark.parametrize(("limit", "spread"), [(120, 2), (360, 6)])
def test_hard_spread_binds(limit: int, spread: int) -> None:
    sc = spread_scenario(2, limit)
    found = starts(sc, wanted(sc, {0: 8, 1: 14}))
    assert max(found.values()) - min(found.values()) == spread


def test_the_spread_is_judged_per_week_also_the_short_last_one() -> None:
    # Days 5 and 6 end the first week, day 7 is a short week alone: only it may start late.
    sc = spread_scenario(8, 0)
    assert starts(sc, wanted(sc, {5: 8, 6: 8, 7: 14})) == {5: 8, 6: 8, 7: 14}
    # Near miss: day 6 in the same week as day 5 must start with it.
    found = starts(sc, wanted(sc, {5: 8, 6: 14}))
    assert found[5] == found[6]


@pytest.mark.parametrize(("penalty", "spread"), [(100, 0), (1, 6)])
def test_soft_spread_costs_points_per_minute(penalty: float, spread: int) -> None:
    # Moving day 1 to 14:00 covers 12 more slots (6000 points): worth 360 minutes at 1 point,
    # not at 100.
    sc = spread_scenario(2, 0, start_spread="soft", start_spread_penalty=penalty)
    found = starts(sc, wanted(sc, {0: 8, 1: 14}), soft=True)
    assert len(found) == 2 and max(found.values()) - min(found.values()) == spread


@pytest.mark.parametrize(
    ("hard", "rule"), [(True, "max_start_spread"), (False, "avoid_start_spread")]
)
def test_check_reports_the_spread_like_the_oracle(hard: bool, rule: str) -> None:
    sc = spread_scenario(8, 60, start_spread="hard" if hard else "soft")
    shifts = [f.worked(0, (8, 0), 8), f.worked(6, (10, 0), 8), f.worked(7, (14, 0), 8)]
    roster = f.roster_of(shifts)
    [violation] = [v for v in check_roster(sc, roster) if v.rule == rule]
    assert (violation.limit, violation.actual, violation.hard) == ("60 min", "120 min", hard)
    assert "from 08:00 (2026-11-09) to 10:00 (2026-11-15)" in violation.detail
    assert [(b.rule, b.day) for b in oracle.breaches(sc, oracle.rows_of(roster))] == [
        (rule, f.START)
    ]


def test_spread_against_availability_is_explained() -> None:
    # Mornings on Monday, afternoons on Tuesday; 16 h needed with starts at most 1 h apart.
    windows = (
        Availability(agent_id="A1", day="mon", available_from=time(8), available_to=time(16)),
        Availability(agent_id="A1", day="tue", available_from=time(14), available_to=time(22)),
    )
    contract = f.contract(min_hours=16, max_start_spread_minutes=60)
    sc = f.scenario(days=7, shifts=(FLEX,), contracts=(contract,), availability=windows)
    [message] = explain_infeasibility(sc)
    assert "needs at least 16 paid hours" in message and "at most 8 h" in message
    assert "max_start_spread (max_start_spread_minutes 60 (hard))" in message
