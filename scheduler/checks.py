"""Check any roster, from the solver or edited by hand, against the rule book and the forecast."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from scheduler.domain import Horizon, Scenario
from scheduler.result import ActivityKind, CoverageRow, HeadcountGap, Roster, WorkedShift
from scheduler.roster.rules import (
    RULES,
    Span,
    Violation,
    agent_context,
    is_night_shift,
    overtime_categories,
    template_of,
    weekends,
    weekly_overtime,
)


def shift_span(horizon: Horizon, shift: WorkedShift) -> Span:
    def minutes(when: datetime) -> int:
        return round((when - horizon.start).total_seconds() / 60)

    pauses = None
    if shift.pauses is not None:
        pauses = tuple((kind, minutes(start), minutes(end)) for kind, start, end in shift.pauses)
    return Span(
        day=(shift.day - horizon.start_date).days,
        start=minutes(shift.start),
        end=minutes(shift.end),
        paid=shift.paid_minutes,
        pauses=pauses,
    )


def check_roster(scenario: Scenario, roster: Roster) -> list[Violation]:
    """Every violation, per agent in rule-book order (soft rules' ones have `hard` False),
    then the rostered people the rules do not know, whom no rule can vouch for."""
    shifts = roster.shifts_by_agent()
    violations: list[Violation] = []
    for agent in scenario.agents:
        ctx = agent_context(scenario, agent)
        spans = [shift_span(scenario.horizon, s) for s in shifts.get(agent.agent_id, [])]
        for rule in RULES:
            violations.extend(rule.check(ctx, spans))
    known = {agent.agent_id for agent in scenario.agents}
    for agent_id in sorted(set(shifts) - known):
        first = shifts[agent_id][0]
        violations.append(
            Violation(
                "unknown_agent",
                agent_id,
                first.day,
                "an agent_id of the Agents sheet",
                agent_id,
                "agent not in the rules workbook, so no rule can be checked",
            )
        )
    return violations


@dataclass(frozen=True)
class AgentHours:
    """One agent's totals for HR, counted by the same definitions the rules use."""

    agent_id: str
    contract_id: str
    shifts: int
    paid_hours: float
    overtime_hours: float  # beyond the contract's standard day/week; 0 without a standard
    night_shifts: int
    weekends_worked: int
    weekly_hours: tuple[float, ...]
    # Premium hours by category (PRC Labor Law Art. 44, rules.overtime_categories) and their pay.
    weekday_overtime_hours: float = 0
    rest_day_hours: float = 0
    holiday_hours: float = 0
    overtime_pay: float = 0  # premium hours x their multipliers x cost_per_hour
    premium_cost: float = 0  # the part of overtime_pay above the base wage of those hours


def hours_summary(scenario: Scenario, roster: Roster) -> list[AgentHours]:
    shifts = roster.shifts_by_agent()
    summary = []
    for agent in scenario.agents:
        ctx = agent_context(scenario, agent)
        spans = [shift_span(scenario.horizon, s) for s in shifts.get(agent.agent_id, [])]
        days = {span.day for span in spans}
        premium = overtime_categories(ctx, spans)
        summary.append(
            AgentHours(
                agent_id=agent.agent_id,
                contract_id=agent.contract_id,
                shifts=len(spans),
                paid_hours=sum(span.paid for span in spans) / 60,
                overtime_hours=sum(weekly_overtime(ctx, spans, week) for week in ctx.weeks()) / 60,
                night_shifts=sum(is_night_shift(ctx, span) for span in spans),
                weekends_worked=sum(1 for weekend in weekends(ctx) if days.intersection(weekend)),
                weekly_hours=tuple(
                    sum(span.paid for span in spans if span.day in week) / 60
                    for week in ctx.weeks()
                ),
                weekday_overtime_hours=premium.weekday / 60,
                rest_day_hours=premium.rest_day / 60,
                holiday_hours=premium.holiday / 60,
                overtime_pay=premium.pay_per_hour_of_cost(ctx.contract) * agent.cost_per_hour,
                premium_cost=premium.extra_per_hour_of_cost(ctx.contract) * agent.cost_per_hour,
            )
        )
    return summary


def coverage_rows(
    scenario: Scenario, required: dict[str, list[int]], roster: Roster
) -> list[CoverageRow]:
    """Agents on each queue per interval, counted from the roster's activities alone.

    Work rows without a queue count towards the agent's most proficient skill.
    """
    horizon = scenario.horizon
    agents = {agent.agent_id: agent for agent in scenario.agents}
    scheduled: Counter[tuple[str, int]] = Counter()
    step = horizon.interval_minutes * 60
    for activity in roster.activities:
        if activity.kind is not ActivityKind.SHIFT:
            continue
        queue_id = activity.queue_id or agents[activity.agent_id].primary_queue_id
        first = int((activity.start - horizon.start).total_seconds() // step)
        last = -int(-(activity.end - horizon.start).total_seconds() // step)
        for slot in range(max(first, 0), min(last, horizon.num_slots)):
            scheduled[queue_id, slot] += 1
    return [
        CoverageRow(queue_id, horizon.slot_start(slot), curve[slot], scheduled[queue_id, slot])
        for queue_id, curve in required.items()
        for slot in range(horizon.num_slots)
    ]


@dataclass(frozen=True)
class ShiftCoverageRow(HeadcountGap):
    """Shift-demand mode: people on one template on one day against the heads wanted."""

    date: date
    shift_id: str
    required: int
    scheduled: int


def shift_coverage_rows(scenario: Scenario, roster: Roster) -> list[ShiftCoverageRow]:
    """Per ShiftDemand row, the people whose shift of that template starts on that date, counted
    from the roster's times alone (so a hand-edited roster counts too)."""
    scheduled: Counter[tuple[date, str | None]] = Counter()
    for shift in roster.worked_shifts():
        scheduled[shift.day, template_of(scenario, shift_span(scenario.horizon, shift))] += 1
    return [
        ShiftCoverageRow(d.date, d.shift_id, d.required, scheduled[d.date, d.shift_id])
        for d in sorted(scenario.shift_demand, key=lambda d: (d.date, d.shift_id))
    ]
