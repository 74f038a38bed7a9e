"""Large neighbourhood search over the full roster model, for shift-demand scenarios.

With only two cores CP-SAT's own search spends much of its time on a weak LP bound. Re-solving
small parts of the roster exactly (a few people over the whole horizon, or everyone over a few
days) while everything else keeps its incumbent shifts improves rosters much faster: each part
is small enough for CP-SAT to solve to optimality, and the incumbent is the complete hint, so a
re-solve never returns anything worse. The part's size adapts: it grows while parts are solved
to optimality quickly and shrinks when they time out.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.roster.model import RosterModel

PART_SECONDS = 2.0  # time limit of one part's re-solve
FIRST_AGENTS = 3  # people freed together at first
FIRST_DAYS = 3  # days freed together (for everyone) at first


@dataclass
class Incumbent:
    """The best full assignment so far: one value per model variable, and its objective."""

    values: list[int]
    objective: float


def improve(
    roster_model: RosterModel,
    incumbent: Incumbent,
    deadline: float,
    solver_for: Callable[[float], cp_model.CpSolver],
    seed: int,
    progress: Callable[[str], None] | None = None,
) -> Incumbent:
    """Re-solve random parts of the roster until `deadline` (a perf_counter time); return the
    best assignment. `solver_for(seconds)` gives a configured solver with that time limit."""
    rng = random.Random(seed)
    shift_vars = shift_indices(roster_model)
    days = [[roster_model.options[i].day for i, _ in unit] for unit in roster_model.shift_vars]
    horizon_days = roster_model.scenario.horizon.days
    sizes = {"agents": FIRST_AGENTS, "days": FIRST_DAYS}
    limits = {"agents": len(shift_vars), "days": horizon_days}
    rounds = improved = 0
    while time.perf_counter() < deadline - 0.2 and incumbent.objective > 0:
        kind = "agents" if rounds % 2 == 0 else "days"
        rounds += 1
        size = min(sizes[kind], limits[kind])
        if kind == "agents":
            freed_units = set(rng.sample(range(len(shift_vars)), size))
            free = {i for u in freed_units for i in shift_vars[u]}
        else:
            first = rng.randrange(horizon_days - size + 1)
            window = range(first, first + size)
            free = {
                index
                for unit, indices in enumerate(shift_vars)
                for index, day in zip(indices, days[unit], strict=True)
                if day in window
            }
        seconds = min(PART_SECONDS, deadline - time.perf_counter())
        if seconds <= 0.1:
            break
        solver = solver_for(seconds)
        code = solver.solve(fixed_copy(roster_model.model, incumbent.values, free, shift_vars))
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        if code == cp_model.FEASIBLE and solver.wall_time < seconds - 0.5:
            break  # CP-SAT stops a part early only on Ctrl-C
        better = solver.objective_value < incumbent.objective
        # Equal rosters are taken too: moving sideways lets later parts find new gains.
        incumbent = Incumbent(list(solver.response_proto.solution), solver.objective_value)
        if better:
            improved += 1
            if progress is not None:
                progress(f"re-solved {size} {kind}: objective {incumbent.objective:,.0f}")
        fast = code == cp_model.OPTIMAL and solver.wall_time < seconds / 2
        sizes[kind] = max(1, sizes[kind] + (1 if fast else -1 if code != cp_model.OPTIMAL else 0))
    if progress is not None:
        progress(f"neighbourhood search: {rounds} parts re-solved, {improved} improvements")
    return incumbent


def shift_indices(roster_model: RosterModel) -> list[list[int]]:
    """Per unit, the proto indices of its shift variables."""
    return [[var.index for _, var in unit] for unit in roster_model.shift_vars]


def fixed_copy(
    model: cp_model.CpModel,
    values: list[int],
    free: set[int],
    shift_vars: list[list[int]],
) -> cp_model.CpModel:
    """A copy of `model` hinted with `values`, the shift variables not in `free` fixed to them."""
    part = model.clone()
    proto = part.proto
    for indices in shift_vars:
        for index in indices:
            if index not in free:
                domain = proto.variables[index].domain
                domain.clear()
                domain.extend([values[index], values[index]])
    proto.solution_hint.vars.clear()
    proto.solution_hint.values.clear()
    proto.solution_hint.vars.extend(range(len(values)))
    proto.solution_hint.values.extend(values)
    return part
