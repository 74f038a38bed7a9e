"""Turn a pool's planned shift counts into a legal week for each of its people.

The pooled model plans how many of a pool take each shift under pool-wide sums, a relaxation of
each person's rules. Here every person's rules hold exactly (the same rule book, one agent at a
time), and the people's shifts match the planned counts as closely as those rules allow.
"""

from __future__ import annotations

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
) -> dict[str, list[int]]:
    """Option indices per agent of `pool`, as close to `counts` (option -> people) as legal."""
    model = cp_model.CpModel()
    allowed = [
        index
        for index, option in enumerate(options)
        if all(f.admits(pool.ctx, option_span(option, interval_minutes)) for f in SHIFT_FILTERS)
    ]
    works = {
        agent_id: {index: model.new_bool_var(f"works[{agent_id},{index}]") for index in allowed}
        for agent_id in pool.agent_ids
    }
    for variables in works.values():
        choices: list[Choice] = [
            (option_span(options[index], interval_minutes), var) for index, var in variables.items()
        ]
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
        return {}
    return {
        agent_id: [index for index, var in variables.items() if solver.value(var)]
        for agent_id, variables in works.items()
    }
