"""Turn a pool's planned shift counts into a legal week for each of its people.

The pooled model plans how many of a pool take each shift under pool-wide sums, a relaxation of
each person's rules. Here every person's rules hold exactly (the same rule book, one agent at a
time), and the people's shifts match the planned counts as closely as those rules allow.
"""

from __future__ import annotations

from collections.abc import Iterable

from ortools.sat.python import cp_model

from scheduler.roster.model import Unit, option_span
from scheduler.roster.options import ShiftOption
from scheduler.roster.rules import RULES, SHIFT_FILTERS, Choice


def disaggregate(
    pool: Unit,
    counts: dict[int, int],
    options: list[ShiftOption],
    interval_minutes: int,
    time_limit_s: float,
) -> tuple[dict[str, list[int]], bool] | None:
    """Option indices per agent of `pool`, as close to `counts` (option -> people) as legal,
    and whether they match the counts exactly; None when no split was found in time.

    The planned shifts alone usually suffice and make a small model; only when they cannot give
    everyone a legal week are all the pool's shifts considered.
    """
    split = _split(pool, counts, options, counts, interval_minutes, time_limit_s)
    if split is None:
        split = _split(pool, counts, options, range(len(options)), interval_minutes, time_limit_s)
    return split


def _split(
    pool: Unit,
    counts: dict[int, int],
    options: list[ShiftOption],
    candidates: Iterable[int],
    interval_minutes: int,
    time_limit_s: float,
) -> tuple[dict[str, list[int]], bool] | None:
    model = cp_model.CpModel()
    spans = {index: option_span(options[index], interval_minutes) for index in candidates}
    allowed = [
        i for i, span in spans.items() if all(f.admits(pool.ctx, span) for f in SHIFT_FILTERS)
    ]
    works = {
        agent_id: {index: model.new_bool_var(f"works[{agent_id},{index}]") for index in allowed}
        for agent_id in pool.agent_ids
    }
    for variables in works.values():
        choices: list[Choice] = [(spans[index], var) for index, var in variables.items()]
        for rule in RULES:
            rule.constrain(pool.ctx, choices, model)
    misses = []
    for index in allowed:
        taken = sum(variables[index] for variables in works.values())
        miss = model.new_int_var(0, pool.size, f"miss[{index}]")
        model.add(miss >= taken - counts.get(index, 0))
        model.add(miss >= counts.get(index, 0) - taken)
        misses.append(options[index].span_slots * miss)
    model.minimize(sum(misses))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    shifts = {
        agent_id: [index for index, var in variables.items() if solver.value(var)]
        for agent_id, variables in works.items()
    }
    return shifts, solver.objective_value == 0
