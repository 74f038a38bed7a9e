"""The standby reserve: how many extra agents an upper forecast needs, and who stands by for it.

- Sizing: per queue and interval, ``max(0, required(forecast x (1 + margin)) - scheduled)``, the
  agents the roster lacks if volume beats the forecast by the policy's margin (or by the quantile
  of a normal forecast error). Requirements come from ``scheduler.staffing`` as for the roster.
- Assignment: day by day, each eligible person who does not work that day (cheapest first) gets
  at most one standby block: a shift of an allowed template, the start covering the most need
  left on one of their queues. A block is kept only when the person's week stays legal under
  every hard rule of the rule book *with all their standby blocks worked*, so activating every
  standby person at once still passes ``check_roster``. Standby never counts as coverage.
- Activation by crisis quotient (``scheduler.staffing.crisis``) under the upper forecast: at
  "activate reserves" the blocks in intervals whose quotient reaches that level are called, most
  restored coverage first; at "emergency" every block is called. "Watch" calls nobody.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import NormalDist

from scheduler.checks import shift_span
from scheduler.domain import Agent, ReservePolicy, Scenario
from scheduler.result import Activity, ActivityKind, Roster, SolveResult
from scheduler.roster.model import option_span
from scheduler.roster.options import ShiftOption, template_options
from scheduler.roster.rules import RULES, Span, agent_context
from scheduler.staffing import (
    Alert,
    AlertLevels,
    CrisisQuotient,
    Delta,
    compute_requirements,
    crisis_quotients,
    scale_forecast,
)

__all__ = [
    "ActivationStep",
    "ReservePlan",
    "StandbyBlock",
    "activate",
    "plan_reserve",
    "reserve_margin",
]


@dataclass(frozen=True)
class StandbyBlock:
    """One person on call for one queue, as a shift they would work if called in."""

    agent_id: str
    queue_id: str
    option: ShiftOption
    date: date  # the day the block starts on
    start: datetime
    end: datetime
    meal_start: datetime | None  # where the meal goes if activated
    meal_end: datetime | None
    slots: tuple[int, ...]  # slots at work if activated
    restores_hours: float  # agent-hours of the upper-forecast gap it fills
    standby_cost: float  # on-call pay: hours x cost_per_hour x standby_pay_share

    @property
    def day(self) -> int:
        return self.option.day


@dataclass(frozen=True)
class ActivationStep:
    alert: Alert
    order: int  # call-in order within the alert level, 1 first
    block: StandbyBlock
    call_by: datetime  # block start minus the policy's lead time
    quotient_before: float  # worst crisis quotient in the block, upper forecast, without it
    quotient_after: float  # the same with every reserve called in


@dataclass(frozen=True)
class ReservePlan:
    policy: ReservePolicy
    margin: float
    needed: dict[str, list[int]]  # per queue and slot: extra agents under the upper forecast
    blocks: tuple[StandbyBlock, ...]
    activation: tuple[ActivationStep, ...]
    roster: Roster  # the roster with the standby blocks added as standby activities

    def assigned(self) -> dict[str, list[int]]:
        """Standby agents per queue and slot (not coverage: only if activated)."""
        counts = {queue_id: [0] * len(curve) for queue_id, curve in self.needed.items()}
        for block in self.blocks:
            for slot in block.slots:
                counts[block.queue_id][slot] += 1
        return counts

    @property
    def standby_cost(self) -> float:
        return sum(block.standby_cost for block in self.blocks)


def reserve_margin(policy: ReservePolicy) -> float:
    """The volume margin of the upper scenario: the quantile of the forecast error if given."""
    if policy.forecast_error is not None and policy.quantile is not None:
        return max(0.0, NormalDist().inv_cdf(policy.quantile) * policy.forecast_error)
    return policy.margin


def _scheduled(scenario: Scenario, result: SolveResult) -> dict[str, list[int]]:
    counts = {q.queue_id: [0] * scenario.horizon.num_slots for q in scenario.queues}
    for row in result.coverage:
        slot = scenario.horizon.slot_of(row.interval_start)
        if slot is not None and row.queue_id in counts:
            counts[row.queue_id][slot] = row.scheduled
    return counts


def plan_reserve(
    scenario: Scenario, result: SolveResult, policy: ReservePolicy | None = None
) -> ReservePlan:
    """Size, assign and order the standby reserve for a solved roster."""
    policy = policy or scenario.reserve_policy or ReservePolicy()
    margin = reserve_margin(policy)
    upper = scale_forecast(scenario, Delta(margin))
    requirements = compute_requirements(upper)
    scheduled = _scheduled(scenario, result)
    needed = {
        q: [max(0, r - s) for r, s in zip(requirements.curve(q), scheduled[q], strict=True)]
        for q in scheduled
    }
    blocks = _assign(scenario, result.roster, policy, {q: list(c) for q, c in needed.items()})
    standby = [Activity(b.agent_id, b.date, ActivityKind.STANDBY, b.start, b.end) for b in blocks]
    plan = ReservePlan(
        policy, margin, needed, tuple(blocks), (), Roster(result.roster.activities + tuple(standby))
    )
    levels = AlertLevels(policy.watch, policy.reserves, policy.emergency)
    quotients = crisis_quotients(upper, requirements, scheduled, plan.assigned(), levels)
    activation = _activation(blocks, quotients, levels, policy)
    return ReservePlan(policy, margin, needed, tuple(blocks), activation, plan.roster)


def _assign(
    scenario: Scenario, roster: Roster, policy: ReservePolicy, need: dict[str, list[int]]
) -> list[StandbyBlock]:
    """Standby blocks day by day, cheapest eligible people first; `need` is used up."""
    horizon = scenario.horizon
    options = [o for t in scenario.shifts for o in template_options(t, horizon)]
    by_day: dict[int, list[ShiftOption]] = defaultdict(list)
    for option in options:
        by_day[option.day].append(option)
    spans: dict[str, list[Span]] = defaultdict(list)
    for shift in roster.worked_shifts():
        spans[shift.agent_id].append(shift_span(horizon, shift))
    # A hire whose offer caps its people per day never stands by: calling them in could break
    # the cap, which is no rule of the rule book that the block is checked against.
    capped = {a for pool in scenario.hire_pools if pool.daily_cap for a in pool.agent_ids}
    people = sorted(
        (a for a in scenario.agents if a.source in policy.sources and a.agent_id not in capped),
        key=lambda a: (a.cost_per_hour, a.agent_id),
    )
    blocks = []
    for day in range(horizon.days):
        if not any(need[q][s] for q in need for s in _day_slots(scenario, day)):
            continue
        for agent in people:
            if any(span.day == day for span in spans[agent.agent_id]):
                continue  # works that day: not a standby candidate
            block = _best_block(scenario, agent, by_day[day], spans[agent.agent_id], need, policy)
            if block is not None:
                blocks.append(block)
                spans[agent.agent_id].append(option_span(block.option, horizon.interval_minutes))
                for slot in block.slots:
                    need[block.queue_id][slot] = max(0, need[block.queue_id][slot] - 1)
    return blocks


def _day_slots(scenario: Scenario, day: int) -> range:
    per_day = scenario.horizon.slots_per_day
    return range(day * per_day, min((day + 2) * per_day, scenario.horizon.num_slots))


def _best_block(
    scenario: Scenario,
    agent: Agent,
    options: list[ShiftOption],
    spans: list[Span],
    need: dict[str, list[int]],
    policy: ReservePolicy,
) -> StandbyBlock | None:
    """The legal block of one day filling the most need on one of the agent's queues."""
    num_slots = scenario.horizon.num_slots
    ranked = []
    for option in options:
        slots = option.working_slots(num_slots)
        for queue_id in agent.queue_ids:
            if queue_id in need:
                value = sum(1 for slot in slots if need[queue_id][slot] > 0)
                if value:
                    ranked.append((-value, option.start_slot, queue_id, option, slots))
    ranked.sort(key=lambda r: r[:3])
    ctx = agent_context(scenario, agent)
    tried: set[tuple[str, int, int]] = set()
    for negative, _, queue_id, option, slots in ranked:
        key = (option.shift_id, option.start_slot, option.span_slots)
        if key in tried:
            continue
        tried.add(key)
        trial = sorted(
            [*spans, option_span(option, scenario.horizon.interval_minutes)], key=lambda s: s.start
        )
        if any(v.hard for rule in RULES for v in rule.check(ctx, trial)):
            continue
        return _block(scenario, agent, queue_id, option, slots, -negative, policy)
    return None


def _block(
    scenario: Scenario,
    agent: Agent,
    queue_id: str,
    option: ShiftOption,
    slots: tuple[int, ...],
    value: int,
    policy: ReservePolicy,
) -> StandbyBlock:
    horizon = scenario.horizon
    meal_start = meal_end = None
    if option.meal_offsets and option.meal_slots:
        meal_start = horizon.slot_start(option.start_slot + option.meal_offsets[0])
        meal_end = meal_start + timedelta(minutes=option.meal_slots * horizon.interval_minutes)
    hours = option.paid_minutes / 60
    return StandbyBlock(
        agent_id=agent.agent_id,
        queue_id=queue_id,
        option=option,
        date=horizon.day_date(option.day),
        start=horizon.slot_start(option.start_slot),
        end=horizon.slot_start(option.end_slot),
        meal_start=meal_start,
        meal_end=meal_end,
        slots=slots,
        restores_hours=value * horizon.slot_hours,
        standby_cost=hours * agent.cost_per_hour * policy.standby_pay_share,
    )


def _activation(
    blocks: list[StandbyBlock],
    quotients: dict[str, list[CrisisQuotient]],
    levels: AlertLevels,
    policy: ReservePolicy,
) -> tuple[ActivationStep, ...]:
    """Who is called at "activate reserves" (blocks where the upper forecast reaches it) and at
    "emergency" (everyone), most coverage restored first."""
    lead = timedelta(minutes=policy.lead_time_minutes)

    def worst(block: StandbyBlock, with_reserves: bool) -> float:
        rows = quotients[block.queue_id]
        values = [
            rows[s].quotient_with_reserves if with_reserves else rows[s].quotient
            for s in block.slots
        ]
        return max(values, default=0.0)

    ordered = sorted(blocks, key=lambda b: (-b.restores_hours, b.start, b.agent_id))
    steps = []
    for alert, threshold in ((Alert.RESERVES, levels.reserves), (Alert.EMERGENCY, 0.0)):
        called = [b for b in ordered if worst(b, False) >= threshold]
        steps += [
            ActivationStep(alert, order, b, b.start - lead, worst(b, False), worst(b, True))
            for order, b in enumerate(called, start=1)
        ]
    return tuple(steps)


def activate(plan: ReservePlan) -> Roster:
    """The roster with every standby block worked as a shift (meal where planned)."""
    activities = [a for a in plan.roster.activities if a.kind is not ActivityKind.STANDBY]
    for block in plan.blocks:
        day = block.date
        if block.meal_start is None or block.meal_end is None:
            activities.append(
                Activity(
                    block.agent_id, day, ActivityKind.SHIFT, block.start, block.end, block.queue_id
                )
            )
            continue
        activities += [
            Activity(
                block.agent_id,
                day,
                ActivityKind.SHIFT,
                block.start,
                block.meal_start,
                block.queue_id,
            ),
            Activity(block.agent_id, day, ActivityKind.MEAL, block.meal_start, block.meal_end),
            Activity(
                block.agent_id, day, ActivityKind.SHIFT, block.meal_end, block.end, block.queue_id
            ),
        ]
    return Roster(tuple(activities))
