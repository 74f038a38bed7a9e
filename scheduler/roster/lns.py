"""Large neighbourhood search over the full roster model, for shift-demand scenarios.

Late in a solve on two cores the full model improves slowly. Re-solving small parts of the roster
exactly (a few people over the whole horizon, everyone over a few days, or half the people over
more days) while everything else keeps its incumbent shifts still finds gains: each part is
small enough for CP-SAT to solve to optimality, and the incumbent is the complete hint, so a
re-solve never returns anything worse. Windows of days are placed around days short of people.
The part's size adapts: it grows while parts are solved to optimality quickly and shrinks when
they time out. Which kind of part comes next adapts too: kinds that found better rosters lately
are drawn more often (in one 60 s run on Curtois-Qu Instance11, 5 of the 8 gains came from
windows of days and 2 from people, while parts were drawn in turn).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.roster.model import RosterModel
from scheduler.roster.stall import interrupted

PART_SECONDS = 2.0  # time limit of one part's re-solve
FIRST_AGENTS = 3  # people freed together at first
FIRST_DAYS = 3  # days freed together (for everyone) at first
# How a part's outcome scores its kind: a better roster, an equal one, no answer in time.
SCORE_BETTER, SCORE_EQUAL, SCORE_NONE = 4.0, 1.0, 0.0
REACTION = 0.2  # weight of the latest outcome in a kind's running score
MIN_WEIGHT = 0.25  # no kind is ever dropped: what pays changes as the roster improves


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
    bound: float = 0,
) -> Incumbent:
    """Re-solve random parts of the roster until `deadline` (a perf_counter time) or until the
    roster reaches `bound`, a lower bound on the objective; return the best assignment.
    `solver_for(seconds)` gives a configured solver with that time limit."""
    rng = random.Random(seed)
    shift_vars = shift_indices(roster_model)
    days = [[roster_model.options[i].day for i, _ in unit] for unit in roster_model.shift_vars]
    horizon_days = roster_model.scenario.horizon.days
    units = range(len(shift_vars))
    sizes = {"agents": FIRST_AGENTS, "days": FIRST_DAYS, "half the people over days": FIRST_DAYS}
    limits = {"agents": len(shift_vars), "days": horizon_days}
    limits["half the people over days"] = horizon_days
    kinds = list(sizes)
    weights = dict.fromkeys(kinds, SCORE_EQUAL)
    rounds = improved = 0
    while time.perf_counter() < deadline - 0.2 and incumbent.objective > bound:
        # Each kind once first, then drawn by how well it did lately.
        kind = kinds[rounds] if rounds < len(kinds) else _draw(rng, weights)
        rounds += 1
        size = min(sizes[kind], limits[kind])
        if kind == "agents":
            freed = set(rng.sample(units, size))
            free = {i for u in freed for i in shift_vars[u]}
        else:
            freed = set(units) if kind == "days" else set(rng.sample(units, (len(units) + 1) // 2))
            window = _window(rng, size, horizon_days, _short_days(roster_model, incumbent.values))
            free = {
                index
                for unit in freed
                for index, day in zip(shift_vars[unit], days[unit], strict=True)
                if day in window
            }
        seconds = min(PART_SECONDS, deadline - time.perf_counter())
        if seconds <= 0.1:
            break
        solver = solver_for(seconds)
        code = solver.solve(fixed_copy(roster_model.model, incumbent.values, free, shift_vars))
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            _score(weights, kind, SCORE_NONE)
            continue
        if interrupted(code, solver, seconds):
            break
        better = solver.objective_value < incumbent.objective
        # Equal rosters are taken too: moving sideways lets later parts find new gains.
        incumbent = Incumbent(list(solver.response_proto.solution), solver.objective_value)
        _score(weights, kind, SCORE_BETTER if better else SCORE_EQUAL)
        if better:
            improved += 1
            if progress is not None:
                progress(f"re-solved {size} {kind}: objective {incumbent.objective:,.0f}")
        fast = code == cp_model.OPTIMAL and solver.wall_time < seconds / 2
        sizes[kind] = max(1, sizes[kind] + (1 if fast else -1 if code != cp_model.OPTIMAL else 0))
    if progress is not None:
        progress(f"neighbourhood search: {rounds} parts re-solved, {improved} improvements")
    return incumbent


def _draw(rng: random.Random, weights: dict[str, float]) -> str:
    kinds = list(weights)
    return rng.choices(kinds, [max(MIN_WEIGHT, weights[k]) for k in kinds])[0]


def _score(weights: dict[str, float], kind: str, outcome: float) -> None:
    weights[kind] = (1 - REACTION) * weights[kind] + REACTION * outcome


def _short_days(roster_model: RosterModel, values: list[int]) -> list[int]:
    """Days where some shift lacks people in the assignment `values`."""
    return sorted(
        {
            penalty.day
            for penalty in roster_model.demand
            if penalty.name == "understaffing" and values[penalty.variable.index] > 0
        }
    )


def _window(rng: random.Random, size: int, horizon_days: int, short_days: list[int]) -> range:
    """`size` days in a row, around a day short of people when there is one: the gains are
    there."""
    if short_days:
        first = rng.choice(short_days) - rng.randrange(size)
    else:
        first = rng.randrange(horizon_days - size + 1)
    first = min(max(first, 0), horizon_days - size)
    return range(first, first + size)


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
    hint_all(part, values)
    return part


def hint_all(model: cp_model.CpModel, values: list[int]) -> None:
    """Hint every variable with `values`: a complete hint is CP-SAT's first solution at once."""
    hint = model.proto.solution_hint
    hint.vars.clear()
    hint.values.clear()
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)
