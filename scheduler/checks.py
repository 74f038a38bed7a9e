"""Check any roster, from the solver or edited by hand, against the rule book and the forecast."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from scheduler.domain import Agent, Horizon, Scenario
from scheduler.result import ActivityKind, CoverageRow, Roster, WorkedShift
from scheduler.roster.rules import RULES, Span, Violation, agent_context


def shift_span(horizon: Horizon, shift: WorkedShift) -> Span:
    def minutes(when: datetime) -> int:
        return round((when - horizon.start).total_seconds() / 60)

    return Span(
        day=(shift.day - horizon.start_date).days,
        start=minutes(shift.start),
        end=minutes(shift.end),
        paid=shift.paid_minutes,
    )


def check_roster(scenario: Scenario, roster: Roster) -> list[Violation]:
    """Every hard-rule violation, per agent, in rule-book order."""
    shifts = roster.shifts_by_agent()
    violations: list[Violation] = []
    for agent in scenario.agents:
        ctx = agent_context(scenario, agent)
        spans = [shift_span(scenario.horizon, s) for s in shifts.get(agent.agent_id, [])]
        for rule in RULES:
            violations.extend(rule.check(ctx, spans))
    return violations


def _primary_queue(agent: Agent) -> str:
    return max(agent.skills, key=lambda skill: skill.proficiency).queue_id


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
        queue_id = activity.queue_id or _primary_queue(agents[activity.agent_id])
        first = int((activity.start - horizon.start).total_seconds() // step)
        last = -int(-(activity.end - horizon.start).total_seconds() // step)
        for slot in range(max(first, 0), min(last, horizon.num_slots)):
            scheduled[queue_id, slot] += 1
    return [
        CoverageRow(queue_id, horizon.slot_start(slot), curve[slot], scheduled[queue_id, slot])
        for queue_id, curve in required.items()
        for slot in range(horizon.num_slots)
    ]
