"""Explain, in words, why no legal roster exists, before the big model is ever built.

Coverage is soft, so only an agent's own hard rules can clash, and they can only clash with a
lower bound (the weekly minimum hours). Each agent is therefore checked on a tiny model of their
own; for an agent that fails, every other rule is dropped in turn to find which ones stand in the
way, and the message names the agent, the week, the hours needed and possible, and those rules
with the contract values that set them.

A week is diagnosed on its own first. When every week could reach its minimum alone but not all
of them together (rules spanning weeks: consecutive days, monthly hours, weekends, overtime), the
rules whose removal makes the whole horizon feasible are named instead.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from functools import partial

from ortools.sat.python import cp_model

from scheduler.domain import Scenario
from scheduler.roster.model import option_span
from scheduler.roster.options import ShiftOption, template_options
from scheduler.roster.rules import (
    HARD_RULES,
    SHIFT_FILTERS,
    AgentContext,
    FixedShifts,
    MinHoursPerWeek,
    Rule,
    agent_context,
    pin_words,
)

_MINIMUM = MinHoursPerWeek()
_PINS = FixedShifts()
# Never the answer on their own: without them the minimum is met by stacking shifts in one day.
_STRUCTURAL = ("one_shift_per_day",)


def explain_infeasibility(scenario: Scenario) -> list[str]:
    options = [o for t in scenario.shifts for o in template_options(t, scenario.horizon)]
    verdicts: dict[tuple[object, ...], list[str]] = {}
    conflicts: list[str] = []
    for agent in scenario.agents:
        ctx = agent_context(scenario, agent)
        key = (ctx.contract, ctx.leave_days, ctx.windows, ctx.templates, ctx.pinned)
        if key not in verdicts:
            verdicts[key] = _diagnose(ctx, options)
        agent_label = f"{agent.agent_id} ({agent.name}, contract {agent.contract_id})"
        conflicts.extend(f"{agent_label}: {reason}" for reason in verdicts[key])
    return conflicts


def _diagnose(ctx: AgentContext, options: list[ShiftOption]) -> list[str]:
    if _best_paid_minutes(ctx, options, HARD_RULES, week=None) is not None:
        return []
    base = tuple(rule for rule in HARD_RULES if rule.name != _MINIMUM.name)
    others = [rule for rule in base if rule.name not in _STRUCTURAL and rule.applies(ctx)]
    if ctx.pinned and _best_paid_minutes(ctx, options, base, week=None) is None:
        return _pin_conflicts(ctx, options, base)
    reasons = []
    for week in ctx.weeks():
        needed = _MINIMUM.bound(ctx, week)
        possible = _best_paid_minutes(ctx, options, base, week) or 0
        if possible >= needed:
            continue
        helps = partial(_fits_more, ctx, options, base, week, possible)
        reasons.append(_sentence(ctx, week, needed, possible, _blockers(others, helps)))
    return reasons or [_joint_sentence(ctx, options, others)]


def _pin_conflicts(
    ctx: AgentContext, options: list[ShiftOption], base: tuple[Rule, ...]
) -> list[str]:
    """Pinned shifts that cannot be worked, each alone if it fails alone, else all together,
    with the rules whose removal lets them be worked."""
    others = [
        r for r in base if r.name not in _STRUCTURAL and r.name != _PINS.name and r.applies(ctx)
    ]

    def feasible(pinned: AgentContext, dropped: tuple[Rule, ...]) -> bool:
        return _best_paid_minutes(pinned, options, _without(base, *dropped), None) is not None

    failing: list[tuple[tuple[int, int, int], ...]] = [
        (pin,) for pin in ctx.pinned if not feasible(dataclasses.replace(ctx, pinned=(pin,)), ())
    ] or [ctx.pinned]
    reasons = []
    for pins in failing:
        pinned = dataclasses.replace(ctx, pinned=pins)
        blockers = _blockers(others, partial(feasible, pinned))
        what = (
            f"the pinned shift {pin_words(ctx, pins[0])} (FixedShifts) cannot be worked"
            if len(pins) == 1
            else "the pinned shifts "
            + ", ".join(pin_words(ctx, pin) for pin in pins)
            + " (FixedShifts) cannot all be worked"
        )
        causes = _causes(pinned, blockers) or "the shift templates available"
        reasons.append(
            f"{what} because of: {causes}. {_advice(blockers)}, or move or remove the pinned shift."
        )
    return reasons


def _fits_more(
    ctx: AgentContext,
    options: list[ShiftOption],
    rules: tuple[Rule, ...],
    week: range,
    possible: int,
    dropped: tuple[Rule, ...],
) -> bool:
    """Whether more than `possible` paid minutes fit in `week` once `dropped` are dropped."""
    return (_best_paid_minutes(ctx, options, _without(rules, *dropped), week) or 0) > possible


def _blockers(
    rules: list[Rule], helps: Callable[[tuple[Rule, ...]], bool]
) -> list[tuple[Rule, ...]]:
    """The rules whose removal helps, one at a time; failing that, the pairs of rules that help
    only together (each alone would still block, like a daily cap and a zero overtime cap)."""
    singles: list[tuple[Rule, ...]] = [(rule,) for rule in rules if helps((rule,))]
    if singles:
        return singles
    return [pair for pair in itertools.combinations(rules, 2) if helps(pair)]


def _without(rules: tuple[Rule, ...], *dropped: Rule) -> tuple[Rule, ...]:
    return tuple(rule for rule in rules if rule not in dropped)


def _sentence(
    ctx: AgentContext, week: range, needed: int, possible: int, blockers: list[tuple[Rule, ...]]
) -> str:
    causes = _causes(ctx, blockers) or "the shift templates available"
    return (
        f"needs at least {needed / 60:g} paid hours in the week from "
        f"{ctx.date(week[0]).isoformat()} (min_hours_per_week), but at most {possible / 60:g} h "
        f"fit because of: {causes}. {_advice(blockers)}, or lower min_hours_week."
    )


def _causes(ctx: AgentContext, blockers: list[tuple[Rule, ...]]) -> str:
    return "; ".join(" together with ".join(_cause(ctx, r) for r in group) for group in blockers)


def _advice(blockers: list[tuple[Rule, ...]]) -> str:
    if len(blockers) > 1:
        return "Relax one of these"
    return "Relax both" if blockers and len(blockers[0]) > 1 else "Relax it"


def _joint_sentence(ctx: AgentContext, options: list[ShiftOption], others: list[Rule]) -> str:
    """Each week's minimum fits alone, not all together: name the rules spanning weeks."""

    def helps(dropped: tuple[Rule, ...]) -> bool:
        return _best_paid_minutes(ctx, options, _without(HARD_RULES, *dropped), None) is not None

    blockers = _blockers(others, helps)
    minimum = f"min_hours_week {ctx.contract.min_hours_week:g}"
    if not blockers:
        return (
            f"the weekly minimums ({minimum}) cannot all hold together with the other rules; "
            "lower min_hours_week."
        )
    return (
        f"the weekly minimums ({minimum}) fit each week alone but not all weeks together "
        f"because of: {_causes(ctx, blockers)}. {_advice(blockers)}, or lower min_hours_week."
    )


def _cause(ctx: AgentContext, rule: Rule) -> str:
    return f"{rule.name} ({rule.setting(ctx)})"


def _best_paid_minutes(
    ctx: AgentContext, options: list[ShiftOption], rules: tuple[Rule, ...], week: range | None
) -> int | None:
    """Most paid minutes the agent can work in `week` under `rules`; None when infeasible.

    With `week` None, only feasibility is asked and any value is returned.
    """
    interval = ctx.scenario.horizon.interval_minutes
    filters = [f for f in SHIFT_FILTERS if f in rules]
    spans = [option_span(option, interval) for option in options]
    spans = [s for s in spans if all(f.admits(ctx, s) for f in filters)]
    model = cp_model.CpModel()
    choices = [(span, model.new_bool_var(f"works[{i}]")) for i, span in enumerate(spans)]
    for rule in rules:
        rule.constrain(ctx, choices, model)
    if week is not None:
        model.maximize(sum(span.paid * lit for span, lit in choices if span.day in week))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return round(solver.objective_value) if week is not None else 0
