"""Explain, in words, why no legal roster exists, before the big model is ever built.

Coverage is soft, so only an agent's own hard rules can clash, and they can only clash with a
lower bound (the weekly minimum hours). Each agent is therefore checked on a tiny model of their
own; for an agent that fails, every other rule is dropped in turn to find which ones stand in the
way, and the message names the agent, the week, the hours needed and possible, and those rules.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.domain import Scenario
from scheduler.roster.model import option_span
from scheduler.roster.options import ShiftOption, template_options
from scheduler.roster.rules import (
    RULES,
    SHIFT_FILTERS,
    AgentContext,
    MinHoursPerWeek,
    Rule,
    agent_context,
)

_MINIMUM = MinHoursPerWeek()


def explain_infeasibility(scenario: Scenario) -> list[str]:
    options = [o for t in scenario.shifts for o in template_options(t, scenario.horizon)]
    verdicts: dict[tuple[object, ...], list[str]] = {}
    conflicts: list[str] = []
    for agent in scenario.agents:
        ctx = agent_context(scenario, agent)
        key = (ctx.contract, ctx.leave_days, ctx.windows, ctx.templates)
        if key not in verdicts:
            verdicts[key] = _diagnose(ctx, options)
        agent_label = f"{agent.agent_id} ({agent.name}, contract {agent.contract_id})"
        conflicts.extend(f"{agent_label}: {reason}" for reason in verdicts[key])
    return conflicts


def _diagnose(ctx: AgentContext, options: list[ShiftOption]) -> list[str]:
    if _best_paid_minutes(ctx, options, RULES, week=None) is not None:
        return []
    base = [rule for rule in RULES if rule.name != _MINIMUM.name]
    others = [rule for rule in base if rule.name != "one_shift_per_day"]
    reasons = []
    for week in ctx.weeks():
        needed = _MINIMUM.bound(ctx, week)
        possible = _best_paid_minutes(ctx, options, tuple(base), week) or 0
        if possible >= needed:
            continue
        blockers = [
            rule
            for rule in others
            if (
                _best_paid_minutes(ctx, options, tuple(r for r in base if r is not rule), week) or 0
            )
            > possible
        ]
        reasons.append(_sentence(ctx, week, needed, possible, blockers))
    return reasons or ["the weekly minimums cannot all hold together with the other rules"]


def _sentence(
    ctx: AgentContext, week: range, needed: int, possible: int, blockers: list[Rule]
) -> str:
    causes = "; ".join(_cause(ctx, rule) for rule in blockers) or "the shift templates available"
    advice = "Relax one of these" if len(blockers) > 1 else "Relax it"
    return (
        f"needs at least {needed / 60:g} paid hours in the week from "
        f"{ctx.date(week[0]).isoformat()} (min_hours_per_week), but at most {possible / 60:g} h "
        f"fit because of: {causes}. {advice}, or lower min_hours_week."
    )


def _cause(ctx: AgentContext, rule: Rule) -> str:
    contract = ctx.contract
    details = {
        "no_work_on_leave": "time off on "
        + ", ".join(ctx.date(d).isoformat() for d in sorted(ctx.leave_days)),
        "within_availability": "the availability windows",
        "allowed_shift_templates": "allowed shifts "
        + (", ".join(t.shift_id for t in ctx.templates) or "none"),
        "min_rest_between_shifts": f"min_rest_hours {contract.min_rest_hours:g}",
        "max_days_per_week": f"max_days_week {contract.max_days_week}",
        "max_hours_per_week": f"max_hours_week {contract.max_hours_week:g}",
    }
    return f"{rule.name} ({details.get(rule.name, rule.title)})"


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
