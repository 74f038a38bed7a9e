"""A first legal roster in seconds: people placed one at a time where the gaps are worst.

Each person gets the legal week (the exact rule book, one agent at a time) that removes the most
priced shortfall left by the people placed before them, net of their wage. Specialists go first
and the most flexible people last, so that flexibility fills the gaps specialists leave. The
result seeds the optimizer, which would otherwise spend much of its time finding any legal
roster at all (weekly minimum hours make a random start illegal).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ortools.sat.python import cp_model

from scheduler.domain import Agent, Scenario
from scheduler.roster.model import option_span, shortfall_multiplier
from scheduler.roster.options import ShiftOption
from scheduler.roster.rules import RULES, SHIFT_FILTERS, Choice, agent_context

AGENT_SECONDS = 1.0


def greedy_roster(
    scenario: Scenario, required: dict[str, list[int]], options: list[ShiftOption]
) -> dict[str, list[int]]:
    """Option indices per agent: a legal roster, good enough to start the search from."""
    residual = {queue_id: list(curve) for queue_id, curve in required.items()}
    roster: dict[str, list[int]] = {}
    for agent in sorted(scenario.agents, key=_flexibility):
        chosen = _best_week(scenario, agent, options, partial(_gain, residual, agent))
        roster[agent.agent_id] = chosen
        for index in chosen:
            for slot in _working_slots(options[index], scenario.horizon.num_slots):
                _take(residual, agent, slot)
    return roster


def _flexibility(agent: Agent) -> tuple[int, str]:
    return len(agent.skills), agent.agent_id


def _unit_value(scenario: Scenario) -> tuple[int, int]:
    hours = scenario.horizon.slot_hours
    weights = scenario.weights
    return (
        round(weights.understaffing_per_agent_hour * hours),
        round(weights.overstaffing_per_agent_hour * hours),
    )


def _gain(residual: dict[str, list[int]], agent: Agent, slot: int) -> int:
    """Shortfall units this agent would remove in `slot`, priced by the next unit's step."""
    best = 0
    for queue_id in agent.queue_ids:
        short = residual.get(queue_id, [])[slot] if slot < len(residual.get(queue_id, [])) else 0
        if short > 0:
            best = max(best, shortfall_multiplier(short))
    return best


def _take(residual: dict[str, list[int]], agent: Agent, slot: int) -> None:
    queues = [q for q in agent.queue_ids if q in residual and slot < len(residual[q])]
    if queues:
        worst = max(queues, key=lambda q: residual[q][slot])
        residual[worst][slot] -= 1


def _working_slots(option: ShiftOption, num_slots: int) -> list[int]:
    """Slots at work, taking the meal at its earliest allowed offset (the optimizer moves it)."""
    meal = range(0)
    if option.meal_offsets:
        first = option.start_slot + option.meal_offsets[0]
        meal = range(first, first + option.meal_slots)
    return [s for s in range(option.start_slot, min(option.end_slot, num_slots)) if s not in meal]


def _best_week(
    scenario: Scenario,
    agent: Agent,
    options: list[ShiftOption],
    gain: Callable[[int], int],
) -> list[int]:
    ctx = agent_context(scenario, agent)
    interval = scenario.horizon.interval_minutes
    under, over = _unit_value(scenario)
    wage_per_minute = scenario.weights.cost_per_currency_unit * agent.cost_per_hour / 60
    model = cp_model.CpModel()
    choices: list[Choice] = []
    values = []
    for index, option in enumerate(options):
        span = option_span(option, interval)
        if not all(f.admits(ctx, span) for f in SHIFT_FILTERS):
            continue
        var = model.new_bool_var(f"works[{index}]")
        choices.append((span, var))
        slots = _working_slots(option, scenario.horizon.num_slots)
        value = sum(under * g if (g := gain(s)) else -over for s in slots)
        values.append((index, var, value - round(wage_per_minute * option.paid_minutes)))
    for rule in RULES:
        rule.constrain(ctx, choices, model)
    model.maximize(sum(value * var for _, var, value in values))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = AGENT_SECONDS
    solver.parameters.num_workers = 1
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return []
    return [index for index, var, _ in values if solver.value(var)]
