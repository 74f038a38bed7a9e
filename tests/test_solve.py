"""Solver settings, determinism and the time limit."""

from __future__ import annotations

import time
from collections import Counter
from datetime import time as clock

from ortools.sat.python import cp_model

from scheduler.checks import check_roster, coverage_rows
from scheduler.roster.greedy import search_roster
from scheduler.roster.options import template_options
from scheduler.roster.solve import (
    DEMAND,
    MAX_LP_CANDIDATES,
    SMALL_DEMAND,
    SMALL_DEMAND_CANDIDATES,
    SMALL_DEMAND_OPTIONS,
    STRONG_PART_MAX_CANDIDATES,
    SolveParams,
    _demand_shares,
    _part_solver,
    _shift_demand_solver,
    apply_params,
    roster_from_search,
    solve_roster,
)

import factories as f


def test_settings_reach_cp_sat() -> None:
    solver = cp_model.CpSolver()
    apply_params(solver, SolveParams(time_limit_s=12.5, seed=7, workers=3))
    assert solver.parameters.max_time_in_seconds == 12.5
    assert solver.parameters.random_seed == 7
    assert solver.parameters.num_workers == 3


def test_shift_demand_solver_searches_with_max_lp_on_two_workers() -> None:
    two = _shift_demand_solver(SolveParams(time_limit_s=9, seed=4, workers=2), 1_000).parameters
    assert (two.max_time_in_seconds, two.random_seed, two.num_workers) == (9, 4, 2)
    assert two.linearization_level == 2
    assert list(two.subsolvers) == ["max_lp"]
    # More workers run CP-SAT's whole portfolio, max_lp among them: left as it is.
    assert list(_shift_demand_solver(SolveParams(workers=8), 1_000).parameters.subsolvers) == []
    huge = _shift_demand_solver(SolveParams(workers=2), MAX_LP_CANDIDATES + 1).parameters
    assert list(huge.subsolvers) == []
    assert huge.linearization_level == 2


def test_part_solver_keeps_strong_linearization_and_max_lp_on_small_rosters_only() -> None:
    small = _part_solver(SolveParams(time_limit_s=3, seed=5, workers=2), 1_000).parameters
    assert (small.max_time_in_seconds, small.random_seed, small.num_workers) == (3, 5, 2)
    assert small.linearization_level == 2
    assert list(small.subsolvers) == ["max_lp"]
    assert list(_part_solver(SolveParams(workers=8), 1_000).parameters.subsolvers) == []
    large = _part_solver(SolveParams(workers=2), STRONG_PART_MAX_CANDIDATES + 1).parameters
    assert large.linearization_level == cp_model.CpSolver().parameters.linearization_level
    assert large.linearization_level < 2
    assert list(large.subsolvers) == []


def test_shift_demand_leaves_the_search_time_only_where_placing_people_is_slow() -> None:
    # Few candidate shifts per person: the search places everyone at once, CP-SAT gets the rest.
    assert _demand_shares(40 * 140, 140) is SMALL_DEMAND
    assert _demand_shares(SMALL_DEMAND_CANDIDATES + 1, 100) is DEMAND
    # Many per person (a long horizon): the search needs its share to place everyone.
    assert _demand_shares(10 * (SMALL_DEMAND_OPTIONS + 1), SMALL_DEMAND_OPTIONS + 1) is DEMAND
    assert DEMAND.search > SMALL_DEMAND.search


def _busy_week() -> tuple[f.Scenario, dict[str, list[int]]]:
    shifts = (
        f.template("E", clock(6), clock(9), step=30, paid=8, meal=60, meal_window=(3, 5)),
        f.template("L", clock(12), clock(15), step=30, paid=8, meal=60, meal_window=(3, 5)),
    )
    agents = tuple(f.agent(f"A{i}", ("Q", "R") if i % 3 == 0 else ("Q",)) for i in range(6))
    sc = f.scenario(
        days=4,
        shifts=shifts,
        agents=agents,
        queues=(f.queue("Q"), f.queue("R")),
        contracts=(f.contract(min_hours=24),),
    )
    required = {
        "Q": f.flat_requirement(sc, "Q", 5, 7, 22),
        "R": f.flat_requirement(sc, "R", 2, 9, 18),
    }
    return sc, required


def test_same_seed_and_one_worker_give_the_same_roster() -> None:
    sc, required = _busy_week()
    params = SolveParams(time_limit_s=30, seed=3, workers=1)
    first = solve_roster(sc, required, params)
    second = solve_roster(sc, required, params)
    assert first.status == "optimal"  # finished before the limit, so timing cannot matter
    assert first.roster.activities == second.roster.activities
    assert first.objective == second.objective


def test_time_limit_is_honoured() -> None:
    sc, required = _busy_week()
    started = time.perf_counter()
    solution = solve_roster(sc, required, SolveParams(time_limit_s=3, workers=2))
    assert time.perf_counter() - started < 3 + 1.5
    assert solution.roster.activities


def test_soft_rule_steers_the_solver() -> None:
    # A night shift then an early one the next morning is legal here but penalized; with
    # demand for both and a second agent free, the solver gives the pair to two people, even
    # though the second costs more (without the penalty the cheaper one would take both).
    night = f.template("N", clock(22), clock(22), paid=8)
    early = f.template("E", clock(7), clock(7), paid=8)
    penalized = f.contract(rest=0).model_copy(
        update={"night_then_early_penalty": 10_000, "night_then_early": "penalized"}
    )
    sc = f.scenario(
        days=2, shifts=(night, early), contracts=(penalized,), agents=(f.agent("A1"), f.agent("A2"))
    )
    required = [0] * sc.horizon.num_slots
    required[44:48] = [1] * 4  # 22:00-24:00 on the first day
    required[48 + 14 : 48 + 18] = [1] * 4  # 07:00-09:00 on the second
    solution = solve_roster(sc, {"Q": required}, SolveParams(time_limit_s=10, workers=2))
    workers = {a.agent_id for a in solution.roster.activities}
    assert workers == {"A1", "A2"}


def test_search_roster_alone_is_legal_and_covers_what_it_placed() -> None:
    sc, required = _busy_week()
    options = [o for t in sc.shifts for o in template_options(t, sc.horizon)]
    search = search_roster(sc, required, options, seconds=2)
    roster = roster_from_search(sc, options, search)
    assert check_roster(sc, roster) == []
    placed = Counter(pair for pairs in search.queues.values() for pair in pairs)
    for row in coverage_rows(sc, required, roster):
        slot = sc.horizon.slot_of(row.interval_start)
        assert row.scheduled == placed[row.queue_id, slot]
    assert sum(placed.values()) > 0
