"""Rules over runs of days read each day's shifts through one shared sum, not spelled out anew."""

from __future__ import annotations

from datetime import time

from ortools.sat.python import cp_model

from scheduler.roster.model import option_span
from scheduler.roster.options import template_options
from scheduler.roster.rules import RULES, agent_context

import factories as f

DAYS = 14
MENU = (
    f.template("EARLY", time(6), time(8), step=60),
    f.template("LATE", time(14), time(15), step=60),
)


def _one_agent_model() -> tuple[cp_model.CpModel, list[cp_model.IntVar]]:
    contract = f.contract(
        max_consecutive_days=4,
        min_consecutive_days_off=2,
        min_consecutive_days=2,
        max_weekends=1,
        max_days=6,
        max_hours=48,
    )
    scenario = f.scenario(days=DAYS, contracts=(contract,), shifts=MENU)
    ctx = agent_context(scenario, scenario.agents[0])
    options = [o for t in scenario.shifts for o in template_options(t, scenario.horizon)]
    model = cp_model.CpModel()
    choices = [
        (option_span(o, scenario.horizon.interval_minutes), model.new_bool_var(f"x{i}"))
        for i, o in enumerate(options)
    ]
    for rule in RULES:
        if rule.hard:
            rule.constrain(ctx, choices, model)
    return model, [var for _, var in choices]


def test_each_day_is_summed_once_for_all_rules_that_read_it() -> None:
    model, _ = _one_agent_model()
    names = [v.name for v in model.proto.variables if v.name.startswith("day_total")]
    assert len(names) == DAYS  # one per day, though four rules read every day
    assert len(set(names)) == DAYS


def test_day_totals_take_the_value_of_the_day_s_shifts() -> None:
    model, shifts = _one_agent_model()
    model.maximize(sum(shifts))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.OPTIMAL
    totals = [
        model.get_int_var_from_proto_index(i)
        for i, v in enumerate(model.proto.variables)
        if v.name.startswith("day_total")
    ]
    # At most one shift a day: each total is 0 or 1 and together they count the shifts worked.
    worked = sum(solver.value(s) for s in shifts)
    assert worked > 0
    assert sum(solver.value(t) for t in totals) == worked
    assert all(solver.value(t) in (0, 1) for t in totals)
