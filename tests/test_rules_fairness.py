"""Fairness (soft): nights and weekends above the fair share ceil(demand / people) cost points,
so comparable people share them; the fair share comes from the scenario's forecast."""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta

import pytest

from scheduler.checks import check_roster
from scheduler.domain import Forecast, ForecastPoint, Scenario
from scheduler.roster.rules import agent_context, fair_nights, fair_weekends
from scheduler.roster.solve import SolveParams, solve_roster
from scheduler.staffing.requirements import compute_requirements

import factories as f
import oracle

PARAMS = SolveParams(time_limit_s=10, workers=2)
NIGHT = f.template("NIGHT", time(22), time(22), paid=8)
DAY = f.template("DAY", time(8), time(8), paid=8)


def with_demand(sc: Scenario, hours: list[tuple[int, int, int]]) -> Scenario:
    """`sc` with a headcount forecast of one agent on queue Q for (day of the horizon, from
    hour, hours), cut at the horizon's end."""
    points = []
    end = sc.horizon.start + timedelta(days=sc.horizon.days)
    for day, hour, length in hours:
        start = sc.horizon.start + timedelta(days=day, hours=hour)
        for k in range(length * 2):
            moment = start + timedelta(minutes=30 * k)
            if moment < end:
                points.append(ForecastPoint(queue_id="Q", interval_start=moment, required_agents=1))
    return sc.model_copy(update={"forecast": Forecast.from_points(points)})


def solve(sc: Scenario) -> tuple[Counter[str], set[str]]:
    """Shifts per agent of the solved roster, and the oracle's soft findings."""
    required = {q.queue_id: compute_requirements(sc).curve(q.queue_id) for q in sc.queues}
    roster = solve_roster(sc, required, PARAMS).roster
    assert [str(v) for v in check_roster(sc, roster) if v.hard] == []
    rules = {b.rule for b in oracle.breaches(sc, oracle.rows_of(roster))}
    soft = {v.rule for v in check_roster(sc, roster) if not v.hard}
    assert soft == rules  # the checker's warnings are the oracle's findings
    return Counter(s.agent_id for s in roster.worked_shifts()), soft


def nights_scenario(penalty: float) -> Scenario:
    # Four nights, the last one crossing the horizon's end; A1 is cheaper than A2.
    contract = f.contract(max_days=7, fair_nights_penalty=penalty)
    sc = f.scenario(
        days=4,
        shifts=(NIGHT,),
        contracts=(contract,),
        agents=(f.agent("A1", cost=0), f.agent("A2", cost=10)),
    )
    return with_demand(sc, [(day, 22, 8) for day in range(4)])


def test_fair_share_of_nights_counts_the_night_cut_by_the_horizon() -> None:
    sc = nights_scenario(1000)
    share = fair_nights(agent_context(sc, sc.agents[0]))
    assert (share.demand, share.people, share.target) == (4, 2, 2)


@pytest.mark.parametrize(
    ("penalty", "expected", "warned"), [(1000, 2, set()), (1, 4, {"fair_share_nights"})]
)
def test_nights_are_shared_when_the_penalty_outweighs_the_wage(
    penalty: float, expected: int, warned: set[str]
) -> None:
    # 80 a night more for A2; 1000 points a night above the share of 2 outweighs it, 1 not.
    shifts, soft = solve(nights_scenario(penalty))
    assert shifts["A1"] == expected and shifts["A1"] + shifts["A2"] == 4
    assert soft == warned


def weekends_scenario(penalty: float, start: date = f.START, days: int = 14) -> Scenario:
    contract = f.contract(max_days=7, fair_weekends_penalty=penalty)
    sc = f.scenario(
        days=days,
        start=start,
        shifts=(DAY,),
        contracts=(contract,),
        agents=(f.agent("A1", cost=0), f.agent("A2", cost=10)),
    )
    saturdays = [d for d in range(days) if (start + timedelta(days=d)).weekday() == 5]
    return with_demand(sc, [(d, 8, 8) for d in saturdays])


@pytest.mark.parametrize(("penalty", "expected"), [(1000, 1), (1, 2)])
def test_weekends_are_shared(penalty: float, expected: int) -> None:
    shifts, _ = solve(weekends_scenario(penalty))
    assert shifts["A1"] == expected and shifts["A1"] + shifts["A2"] == 2


def test_a_weekend_cut_by_the_horizon_is_a_weekend() -> None:
    # Sunday 15 Nov to Saturday 21 Nov: the lone Saturday at the end carries the demand.
    sc = weekends_scenario(1000, start=date(2026, 11, 15), days=7)
    share = fair_weekends(agent_context(sc, sc.agents[0]))
    assert (share.demand, share.people, share.target) == (1, 2, 1)
    roster = f.roster_of(
        [
            f.worked(0, (8, 0), 8, origin=date(2026, 11, 15)),
            f.worked(6, (8, 0), 8, origin=date(2026, 11, 15)),
        ]
    )
    [warning] = [v for v in check_roster(sc, roster) if v.rule == "fair_share_weekends"]
    assert (warning.limit, warning.actual, warning.hard) == ("1 weekends", "2 weekends", False)
    assert [b.rule for b in oracle.breaches(sc, oracle.rows_of(roster))] == ["fair_share_weekends"]


def test_without_a_forecast_the_share_is_zero() -> None:
    sc = f.scenario(days=2, contracts=(f.contract(fair_nights_penalty=5),))
    assert fair_nights(agent_context(sc, sc.agents[0])).target == 0
