"""Re-solving parts of a shift-demand roster (`lns.improve`) never loses ground and finds gains."""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

from ortools.sat.python import cp_model

from scheduler.roster.lns import (
    SCORE_BETTER,
    SCORE_EQUAL,
    SCORE_NONE,
    Incumbent,
    _draw,
    _score,
    fixed_copy,
    improve,
    shift_indices,
)
from scheduler.roster.model import build_model, single_units

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import nsp
from nsp_instance import read_instance

INSTANCE1 = Path(__file__).parent / "data" / "nsp" / "Instance1.txt"


def _solver(seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    return solver


def test_improve_starts_from_a_first_roster_and_ends_legal_and_better() -> None:
    scenario = nsp.to_scenario(read_instance(INSTANCE1))
    roster_model = build_model(scenario, {}, single_units(scenario))
    first = _solver(10)
    first.parameters.stop_after_first_solution = True
    assert first.solve(roster_model.model) in (cp_model.FEASIBLE, cp_model.OPTIMAL)
    start = Incumbent(list(first.response_proto.solution), first.objective_value)

    better = improve(roster_model, start, time.perf_counter() + 4, _solver, seed=0)

    assert better.objective < start.objective
    # The assignment it returns is a solution of the whole model, with that objective.
    shifts = shift_indices(roster_model)
    check = _solver(5)
    fixed = fixed_copy(roster_model.model, better.values, set(), shifts)
    assert check.solve(fixed) in (cp_model.FEASIBLE, cp_model.OPTIMAL)
    assert check.objective_value == better.objective


def test_a_kind_of_part_that_finds_gains_is_drawn_more_often_yet_none_is_dropped() -> None:
    weights = dict.fromkeys(["agents", "days", "half"], SCORE_EQUAL)
    for _ in range(10):
        _score(weights, "days", SCORE_BETTER)
        _score(weights, "agents", SCORE_NONE)
    rng = random.Random(0)
    drawn = Counter(_draw(rng, weights) for _ in range(3000))
    assert drawn["days"] > 2 * drawn["half"] > 2 * drawn["agents"] > 0
