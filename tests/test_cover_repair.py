"""Cover repair: out of a shift-demand roster stuck with more people missing than needed, into
one missing fewer, solved for the whole objective within that shortfall; never into a worse one."""

from __future__ import annotations

import time
from datetime import time as clock
from datetime import timedelta

from ortools.sat.python import cp_model

from scheduler.domain import Scenario, ShiftDemand, ShiftRequest
from scheduler.roster.cover import CoverRepair, shortfall_of
from scheduler.roster.lns import Incumbent, fixed_copy, shift_indices
from scheduler.roster.model import RosterModel, build_model, single_units

import factories as f

DAY = f.template("D", clock(8), clock(8), paid=8)
UNDER_WEIGHT = 6
REFUSAL_WEIGHT = 10


def _scenario(under_weight: int = UNDER_WEIGHT) -> Scenario:
    """Three people wanted each of two days, two people to roster, who would both rather not
    work day 0."""
    base = f.scenario(
        days=2,
        shifts=(DAY,),
        contracts=(f.contract(rest=0, max_hours=168, max_days=7),),
        agents=(f.agent("A1"), f.agent("A2")),
    )
    demand = [
        ShiftDemand(
            date=f.START + timedelta(days=day),
            shift_id="D",
            required=3,
            under_weight=under_weight,
            over_weight=1,
        )
        for day in range(2)
    ]
    refusals = [
        ShiftRequest(agent_id=who, date=f.START, shift_id="D", wanted=False, weight=REFUSAL_WEIGHT)
        for who in ("A1", "A2")
    ]
    return Scenario.model_validate(
        {**base.model_dump(), "shift_demand": demand, "shift_requests": refusals}
    )


def _model(under_weight: int = UNDER_WEIGHT) -> RosterModel:
    sc = _scenario(under_weight)
    return build_model(sc, {}, single_units(sc))


def _solver(seconds: float = 10) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = seconds
    return solver


def _roster(roster_model: RosterModel, works_day_0: bool) -> Incumbent:
    """Both people on day 1; on day 0 too when `works_day_0`."""
    chosen = {o for o in roster_model.options if works_day_0 or o.day == 1}
    model = roster_model.model.clone()
    for unit in roster_model.shift_vars:
        for index, var in unit:
            model.add(var == int(roster_model.options[index] in chosen))
    solver = _solver()
    assert solver.solve(model) == cp_model.OPTIMAL
    return Incumbent(list(solver.response_proto.solution), solver.objective_value)


def _repair(roster_model: RosterModel, incumbent: Incumbent) -> tuple[Incumbent, list[str]]:
    said: list[str] = []
    repair = CoverRepair(roster_model, _solver, said.append, cover_stall_seconds=2)
    now = time.perf_counter()
    repaired, stopped = repair.run(incumbent, now + 10, now + 20, stall_seconds=2)
    assert not stopped
    return repaired, said


def test_the_shortfall_is_the_weighted_people_missing() -> None:
    roster_model = _model()
    shortfall = shortfall_of(roster_model)
    assert shortfall.step == UNDER_WEIGHT
    assert shortfall.value(_roster(roster_model, works_day_0=False).values) == 4 * UNDER_WEIGHT
    assert shortfall.value(_roster(roster_model, works_day_0=True).values) == 2 * UNDER_WEIGHT


def test_a_roster_missing_more_than_needed_is_repaired_when_cover_outweighs_requests() -> None:
    """Refusals cost 10 each; a person missing 30: both should work day 0 after all."""
    roster_model = _model(under_weight=30)
    stuck = _roster(roster_model, works_day_0=False)
    assert stuck.objective == 4 * 30

    repaired, said = _repair(roster_model, stuck)

    assert repaired.objective == 2 * 30 + 2 * REFUSAL_WEIGHT
    assert shortfall_of(roster_model).value(repaired.values) == 2 * 30
    assert "cover repair: a roster missing 60 instead of 120" in said
    # The repaired assignment is a solution of the uncapped model, with that objective.
    check = _solver()
    fixed = fixed_copy(roster_model.model, repaired.values, set(), shift_indices(roster_model))
    assert check.solve(fixed) == cp_model.OPTIMAL
    assert check.objective_value == repaired.objective


def test_a_repair_that_would_cost_more_in_requests_keeps_the_roster() -> None:
    """A person missing costs 6: the roster refusing nobody is the best one, though it misses
    more people; the repair finds the better-covered roster and rejects it."""
    roster_model = _model()
    best = _roster(roster_model, works_day_0=False)

    kept, said = _repair(roster_model, best)

    assert kept == best
    assert "cover repair: a roster missing 12 instead of 24" in said


def test_no_repair_is_claimed_where_no_roster_misses_fewer() -> None:
    roster_model = _model()
    covered = _roster(roster_model, works_day_0=True)

    kept, said = _repair(roster_model, covered)

    assert kept == covered
    assert said == ["cover repair: no roster found missing less than 12"]
