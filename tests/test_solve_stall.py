"""The full model's solve in shift-demand mode gives way to re-solving parts once it stalls."""

from __future__ import annotations

import random

from ortools.sat.python import cp_model

from scheduler.roster.stall import solve_until_stalled


def hard_subset_sum() -> cp_model.CpModel:
    """Easy to satisfy, slow to prove optimal: solutions keep coming long after the first."""
    rng = random.Random(7)
    model = cp_model.CpModel()
    picks = [model.new_bool_var(f"x{i}") for i in range(300)]
    sizes = [rng.randint(100_000, 999_999) for _ in picks]
    model.add(sum(s * x for s, x in zip(sizes, picks, strict=True)) >= sum(sizes) // 3)
    model.minimize(sum((s + rng.randint(0, 50)) * x for s, x in zip(sizes, picks, strict=True)))
    return model


def test_a_stalled_solve_stops_long_before_its_time_limit() -> None:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 60
    solver.parameters.num_workers = 2
    code, stalled = solve_until_stalled(solver, hard_subset_sum(), stall_seconds=0.5)
    assert code == cp_model.FEASIBLE
    assert stalled
    assert solver.wall_time < 30


def test_a_solve_that_finishes_is_not_called_stalled() -> None:
    model = cp_model.CpModel()
    x = model.new_int_var(0, 10, "x")
    model.minimize(x)
    code, stalled = solve_until_stalled(cp_model.CpSolver(), model, stall_seconds=5)
    assert code == cp_model.OPTIMAL
    assert not stalled


def test_a_solve_stops_at_the_first_roster_good_enough() -> None:
    model = hard_subset_sum()
    first = cp_model.CpSolver()
    first.parameters.num_workers = 1
    first.parameters.stop_after_first_solution = True
    assert first.solve(model) == cp_model.FEASIBLE
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 60
    solver.parameters.num_workers = 2
    code, stopped = solve_until_stalled(
        solver, model, stall_seconds=30, good_enough=first.objective_value
    )
    assert code == cp_model.FEASIBLE
    assert stopped  # on purpose, not by Ctrl-C
    assert solver.objective_value <= first.objective_value
    assert solver.wall_time < 30
