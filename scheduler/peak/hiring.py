"""The peak hiring plan: how many temps to order per vendor and skill bundle, with their shifts.

The plan is a scenario transformation, so the roster optimizer itself decides who is worth hiring:

1. every vendor offer becomes up to `max_headcount` candidate slots (`VENDOR-A-T001`, ...),
   agents with the offer's bundle, contract and rate, added to a copy of the scenario;
2. the ordinary pipeline solves it: a slot is placed only where its shifts remove more priced
   understaffing than they cost, so the cheaper of two bundles covering one gap wins;
3. a slot that got shifts is *hired*. Vendor minimums: an offer ordered below its minimum is
   solved again twice, once with exactly the minimum (a contract variant that must work) and
   once without the offer, and the cheaper objective wins; whatever still breaks a minimum
   after `MIN_ROUNDS` rounds is dropped from the roster, so minimums always hold.

Understaffing removed by an offer is counted from the final roster with that offer's temps taken
out and everyone else kept as they are (no re-solve). The marginal value of one more temp is the
best legal week of one extra slot against the shortfall left (the greedy's own per-person
placement, net of wage), so it costs no re-solve either. Fixed costs per hire are part of the
plan's cost, not of the optimizer's choice.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from scheduler.checks import coverage_rows
from scheduler.domain import Agent, Contract, Scenario, Skill, Source, VendorOffer
from scheduler.pipeline import solve
from scheduler.result import CoverageRow, Roster, SolveResult
from scheduler.roster.greedy import greedy_roster
from scheduler.roster.options import template_options
from scheduler.roster.solve import SolveParams
from scheduler.staffing import Delta, compute_requirements, scale_forecast

__all__ = [
    "HiringPlan",
    "OfferLine",
    "WhatIfPlan",
    "expand_offers",
    "plan_hiring",
    "plan_hiring_what_ifs",
]

MIN_ROUNDS = 3
_MUST_WORK = "~min"  # suffix of the contract variant a vendor-minimum slot works under


@dataclass(frozen=True)
class Slot:
    """A candidate temp: which offer it belongs to and its place in that offer (0-based)."""

    agent: Agent
    offer_index: int
    rank: int


@dataclass(frozen=True)
class OfferLine:
    """One line of the hiring plan: what is ordered from one offer and what it buys."""

    offer: VendorOffer
    hired: tuple[str, ...]  # slot ids with shifts, e.g. VENDOR-A-T001
    hours: float  # paid hours of those temps
    cost: float  # hours x rate + fixed cost per hire
    understaffing_removed: float  # agent-hours short the plan would have without them
    marginal_hours: float  # agent-hours short one more temp of this offer would remove
    marginal_cost: float  # what that extra temp's best week costs

    @property
    def headcount(self) -> int:
        return len(self.hired)


@dataclass(frozen=True)
class HiringPlan:
    scenario: Scenario  # employees plus the hired temps only
    result: SolveResult  # the roster with the hired temps
    lines: tuple[OfferLine, ...]
    understaffed_hours: float  # agent-hours short with the plan
    understaffed_without_temps: float  # the same roster without any temp

    @property
    def cost(self) -> float:
        return sum(line.cost for line in self.lines)

    @property
    def headcount(self) -> int:
        return sum(line.headcount for line in self.lines)


@dataclass(frozen=True)
class WhatIfPlan:
    label: str
    plan: HiringPlan


def slot_prefix(vendor: str) -> str:
    """`Vendor A` -> `VENDOR-A`: slot ids are upper case, words joined by dashes."""
    return re.sub(r"[^A-Z0-9]+", "-", vendor.upper()).strip("-") or "VENDOR"


def expand_offers(scenario: Scenario) -> tuple[Scenario, list[Slot]]:
    """The scenario with every offer's candidate slots added, and those slots."""
    taken = {agent.agent_id for agent in scenario.agents}
    numbers: dict[str, int] = {}
    slots = []
    for index, offer in enumerate(scenario.vendor_offers):
        prefix = slot_prefix(offer.vendor)
        for rank in range(offer.max_headcount):
            number = numbers.get(prefix, 0)
            while True:  # skip ids the Agents sheet already uses
                number += 1
                agent_id = f"{prefix}-T{number:03d}"
                if agent_id not in taken:
                    break
            numbers[prefix] = number
            taken.add(agent_id)
            agent = Agent(
                agent_id=agent_id,
                name=f"{offer.vendor} temp {number} ({offer.bundle_label})",
                team=offer.vendor,
                source=Source.VENDOR,
                vendor=offer.vendor,
                contract_id=offer.contract_id,
                skills=tuple(
                    Skill(queue_id=q, proficiency=offer.proficiency) for q in offer.bundle
                ),
                cost_per_hour=offer.cost_per_hour,
            )
            slots.append(Slot(agent, index, rank))
    return _with_agents(scenario, [slot.agent for slot in slots]), slots


def _with_agents(scenario: Scenario, extra: Iterable[Agent]) -> Scenario:
    return scenario.model_copy(update={"agents": scenario.agents + tuple(extra)})


def _must_work(scenario: Scenario, contract: Contract) -> Contract:
    """The contract with a weekly minimum of its shortest allowed shift: the slot must work."""
    allowed = set(contract.allowed_shifts)
    shortest = min(t.paid_hours for t in scenario.shifts if not allowed or t.shift_id in allowed)
    minimum = min(max(contract.min_hours_week, shortest), contract.max_hours_week)
    return contract.model_copy(
        update={"contract_id": contract.contract_id + _MUST_WORK, "min_hours_week": minimum}
    )


def _candidate_scenario(
    base: Scenario, slots: list[Slot], allowed: dict[int, int], forced: dict[int, int]
) -> tuple[Scenario, list[Slot]]:
    """Slots per offer: the first `forced[i]` must work, up to `allowed[i]` in all.

    Each slot is priced at its rate plus the dearest staff rate, so a temp never looks cheaper
    than an hour of someone already on staff: temps are ordered for gaps, never to displace
    staff. The premium is the same for every offer, so the cheaper offer still wins.
    """
    premium = max((agent.cost_per_hour for agent in base.agents), default=0.0)
    chosen, contracts = [], {c.contract_id: c for c in base.contracts}
    for slot in slots:
        if slot.rank >= allowed.get(slot.offer_index, 0):
            continue
        agent = slot.agent.model_copy(update={"cost_per_hour": slot.agent.cost_per_hour + premium})
        if slot.rank < forced.get(slot.offer_index, 0):
            variant = _must_work(base, base.contract(agent.contract_id))
            contracts.setdefault(variant.contract_id, variant)
            agent = agent.model_copy(update={"contract_id": variant.contract_id})
        chosen.append(Slot(agent, slot.offer_index, slot.rank))
    scenario = _with_agents(base, (slot.agent for slot in chosen))
    scenario = scenario.model_copy(update={"contracts": tuple(contracts.values())})
    return scenario, chosen


def _hired(result: SolveResult, slots: list[Slot]) -> dict[int, list[Slot]]:
    working = {shift.agent_id for shift in result.roster.worked_shifts()}
    hired: dict[int, list[Slot]] = {}
    for slot in slots:
        if slot.agent.agent_id in working:
            hired.setdefault(slot.offer_index, []).append(slot)
    return hired


def _short(result: SolveResult) -> float:
    return sum(result.understaffed_agent_hours().values())


def _price(scenario: Scenario, result: SolveResult, hired: dict[int, list[Slot]]) -> float:
    """The objective plus fixed costs per hire, to compare rosters with different orders."""
    fixed = sum(scenario.vendor_offers[i].fixed_cost_per_hire * len(s) for i, s in hired.items())
    objective = result.objective if result.objective is not None else float("inf")
    return objective + scenario.weights.cost_per_currency_unit * fixed


def _below_minimum(scenario: Scenario, hired: dict[int, list[Slot]]) -> set[int]:
    offers = scenario.vendor_offers
    return {i for i, s in hired.items() if 0 < len(s) < offers[i].min_headcount}


def plan_hiring(scenario: Scenario, params: SolveParams | None = None) -> HiringPlan:
    """Order temps from the scenario's vendor offers and roster them with everyone else."""
    params = params or SolveParams()
    base = scenario.model_copy(update={"vendor_offers": ()})
    _, slots = expand_offers(scenario)
    offers = scenario.vendor_offers
    allowed = {i: offer.max_headcount for i, offer in enumerate(offers)}
    forced: dict[int, int] = {}
    current, chosen = _candidate_scenario(base, slots, allowed, forced)
    result = _solve(current, chosen, params)
    hired = _hired(result, chosen)
    for _ in range(MIN_ROUNDS):
        short = _below_minimum(scenario, hired)
        if not short:
            break
        # Either order the minimum or nothing from each offer below it; the cheaper roster wins.
        trials = []
        for keep in (True, False):
            trial_allowed = {
                **allowed,
                **{i: offers[i].min_headcount if keep else 0 for i in short},
            }
            trial_forced = {**forced, **{i: offers[i].min_headcount for i in short if keep}}
            trial, trial_slots = _candidate_scenario(base, slots, trial_allowed, trial_forced)
            trial_result = _solve(trial, trial_slots, params)
            trial_hired = _hired(trial_result, trial_slots)
            price = _price(scenario, trial_result, trial_hired)
            trials.append((price, trial_allowed, trial_forced, trial_result, trial_slots))
        _, allowed, forced, result, chosen = min(trials, key=lambda t: t[0])
        hired = _hired(result, chosen)
    return _finish(scenario, base, result, chosen, _hired(result, chosen))


def _solve(scenario: Scenario, chosen: list[Slot], params: SolveParams) -> SolveResult:
    """The pipeline's roster, then every temp's week handed to a cheaper idle slot that can
    work it: the search places people in id order, so two offers covering the same gap may
    both be used; the same shifts under a cheaper rate are the same coverage for less."""
    result = solve(scenario, params)
    working = {shift.agent_id for shift in result.roster.worked_shifts()}
    idle = [slot.agent for slot in chosen if slot.agent.agent_id not in working]
    busy = [slot.agent for slot in chosen if slot.agent.agent_id in working]
    paid: dict[str, float] = defaultdict(float)
    for shift in result.roster.worked_shifts():
        paid[shift.agent_id] += shift.paid_hours
    renamed: dict[str, str] = {}
    saved = 0.0
    for agent in sorted(busy, key=lambda a: (-a.cost_per_hour, a.agent_id)):
        cheaper = [
            other
            for other in idle
            if other.cost_per_hour < agent.cost_per_hour
            and other.contract_id == agent.contract_id  # same rules: the week stays legal
            and set(agent.queue_ids) <= set(other.queue_ids)
        ]
        if not cheaper:
            continue
        best = min(cheaper, key=lambda a: (a.cost_per_hour, a.agent_id))
        idle.remove(best)
        renamed[agent.agent_id] = best.agent_id
        saved += (agent.cost_per_hour - best.cost_per_hour) * paid[agent.agent_id]
    renamed, saved = _longest_weeks_to_cheapest(chosen, paid, renamed, saved)
    if not renamed:
        return result
    activities = tuple(
        replace(a, agent_id=renamed.get(a.agent_id, a.agent_id)) for a in result.roster.activities
    )
    objective = result.objective
    if objective is not None:
        objective -= scenario.weights.cost_per_currency_unit * saved
    return replace(result, roster=Roster(activities), objective=objective)


def _longest_weeks_to_cheapest(
    chosen: list[Slot], paid: dict[str, float], renamed: dict[str, str], saved: float
) -> tuple[dict[str, str], float]:
    """Among slots with one contract and one bundle, the weeks with the most hours go to the
    cheapest slots: swapping whole weeks between such slots keeps every week legal."""
    weeks = {renamed.get(agent_id, agent_id): agent_id for agent_id in paid}  # holder -> week
    groups: dict[tuple[str, frozenset[str]], list[Agent]] = defaultdict(list)
    for slot in chosen:
        groups[slot.agent.contract_id, frozenset(slot.agent.queue_ids)].append(slot.agent)
    result = dict(renamed)
    for agents in groups.values():
        held = [weeks[a.agent_id] for a in agents if a.agent_id in weeks]
        if not held:
            continue
        before = sum(
            a.cost_per_hour * paid[weeks[a.agent_id]] for a in agents if a.agent_id in weeks
        )
        cheapest = sorted(agents, key=lambda a: (a.cost_per_hour, a.agent_id))
        longest = sorted(held, key=lambda week: (-paid[week], week))
        for agent, week in zip(cheapest, longest, strict=False):
            result[week] = agent.agent_id
        after = sum(a.cost_per_hour * paid[w] for a, w in zip(cheapest, longest, strict=False))
        saved += before - after
    return {week: holder for week, holder in result.items() if week != holder}, saved


def _finish(
    scenario: Scenario,
    base: Scenario,
    result: SolveResult,
    chosen: list[Slot],
    hired: dict[int, list[Slot]],
) -> HiringPlan:
    """Drop slots without shifts and orders still below a minimum; count what each offer buys."""
    for index in _below_minimum(scenario, hired):
        del hired[index]
    keep = {slot.agent.agent_id for slots in hired.values() for slot in slots}
    temps = {slot.agent.agent_id for slot in chosen}
    roster = _without(result.roster, temps - keep)
    hired_agents = [
        slot.agent.model_copy(update={"cost_per_hour": scenario.vendor_offers[i].cost_per_hour})
        for i, slots in hired.items()
        for slot in slots
    ]
    # Hired temps keep the contract they were solved under, a minimum variant included.
    used = {agent.contract_id for agent in hired_agents}
    variants = tuple(c for c in _candidate_contracts(base, chosen) if c.contract_id in used)
    final = _with_agents(base, hired_agents).model_copy(
        update={"contracts": base.contracts + variants}
    )
    required = _required(final)
    coverage = tuple(coverage_rows(final, required, roster))
    final_result = _rebuilt(result, roster, coverage)
    without_temps = _short_of(final, required, _without(roster, keep))
    lines = tuple(
        _line(final, required, roster, offer, hired.get(index, []))
        for index, offer in enumerate(scenario.vendor_offers)
    )
    return HiringPlan(final, final_result, lines, _short(final_result), without_temps)


def _candidate_contracts(base: Scenario, chosen: list[Slot]) -> tuple[Contract, ...]:
    """The must-work variants the chosen slots were solved under, once each."""
    variants = {
        slot.agent.contract_id: _must_work(
            base, base.contract(slot.agent.contract_id.removesuffix(_MUST_WORK))
        )
        for slot in chosen
        if slot.agent.contract_id.endswith(_MUST_WORK)
    }
    return tuple(variants.values())


def _required(scenario: Scenario) -> dict[str, list[int]]:
    requirements = compute_requirements(scenario)
    return {q.queue_id: requirements.curve(q.queue_id) for q in scenario.queues}


def _without(roster: Roster, agent_ids: set[str]) -> Roster:
    return Roster(tuple(a for a in roster.activities if a.agent_id not in agent_ids))


def _rebuilt(result: SolveResult, roster: Roster, coverage: tuple[CoverageRow, ...]) -> SolveResult:
    return replace(result, roster=roster, coverage=coverage)


def _short_of(scenario: Scenario, required: dict[str, list[int]], roster: Roster) -> float:
    hours = scenario.horizon.slot_hours
    return sum(row.shortfall for row in coverage_rows(scenario, required, roster)) * hours


def _line(
    scenario: Scenario,
    required: dict[str, list[int]],
    roster: Roster,
    offer: VendorOffer,
    hired: list[Slot],
) -> OfferLine:
    ids = {slot.agent.agent_id for slot in hired}
    paid = sum(s.paid_hours for s in roster.worked_shifts() if s.agent_id in ids)
    removed = _short_of(scenario, required, _without(roster, ids)) - _short_of(
        scenario, required, roster
    )
    marginal_hours, marginal_cost = _marginal(scenario, required, roster, offer)
    return OfferLine(
        offer=offer,
        hired=tuple(sorted(ids)),
        hours=paid,
        cost=paid * offer.cost_per_hour + offer.fixed_cost_per_hire * len(ids),
        understaffing_removed=removed,
        marginal_hours=marginal_hours,
        marginal_cost=marginal_cost,
    )


def _marginal(
    scenario: Scenario, required: dict[str, list[int]], roster: Roster, offer: VendorOffer
) -> tuple[float, float]:
    """Agent-hours short one more temp of `offer` removes, and its cost: its best legal week
    against the shortfall the roster leaves, placed by the search's own per-person step."""
    horizon = scenario.horizon
    residual = {queue_id: [0] * horizon.num_slots for queue_id in required}
    for row in coverage_rows(scenario, required, roster):
        slot = horizon.slot_of(row.interval_start)
        if slot is not None:
            residual[row.queue_id][slot] = row.shortfall
    lone, slots = expand_offers(
        scenario.model_copy(update={"vendor_offers": (offer,), "agents": ()})
    )
    agent = slots[0].agent
    lone = lone.model_copy(update={"agents": (agent,)})
    options = [o for t in lone.shifts for o in template_options(t, horizon)]
    week = [options[i] for i in greedy_roster(lone, residual, options).get(agent.agent_id, [])]
    removed = sum(
        1
        for option in week
        for slot in option.working_slots(horizon.num_slots)
        if any(residual[q][slot] > 0 for q in offer.bundle if q in residual)
    )
    if removed == 0:
        return 0.0, 0.0  # a week that fills no gap would not be ordered
    paid = sum(option.paid_minutes for option in week) / 60
    fixed = offer.fixed_cost_per_hire if week else 0.0
    return removed * horizon.slot_hours, paid * offer.cost_per_hour + fixed


def plan_hiring_what_ifs(
    scenario: Scenario, deltas: Iterable[Delta], params: SolveParams | None = None
) -> tuple[WhatIfPlan, ...]:
    """The plan again under each forecast change, e.g. volume +20% and +50%."""
    return tuple(
        WhatIfPlan(delta.label, plan_hiring(scale_forecast(scenario, delta), params))
        for delta in deltas
    )
