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
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from scheduler.checks import coverage_rows
from scheduler.domain import (
    WEEKDAYS,
    Agent,
    Availability,
    Contract,
    HirePool,
    Scenario,
    Skill,
    Source,
    TimeOff,
    VendorOffer,
)
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
                name=f"{offer.vendor} {_PERSON[offer.source]} {number} ({offer.bundle_label})",
                team=offer.vendor,
                source=offer.source,
                vendor=offer.vendor,  # who fills the slot: agency, department or platform
                contract_id=offer.contract_id,
                skills=tuple(
                    Skill(queue_id=q, proficiency=offer.proficiency) for q in offer.bundle
                ),
                cost_per_hour=offer.cost_per_hour,
            )
            slots.append(Slot(agent, index, rank))
    return _with_agents(scenario, [slot.agent for slot in slots]), slots


_PERSON = {Source.VENDOR: "temp", Source.REINFORCEMENT: "helper", Source.CROWD: "crowd agent"}


def _with_agents(scenario: Scenario, extra: Iterable[Agent]) -> Scenario:
    return scenario.model_copy(update={"agents": scenario.agents + tuple(extra)})


def _usable_shifts(scenario: Scenario, contract: Contract) -> list[float]:
    """Paid hours of the templates the contract lets a person work (length bounds included)."""
    allowed = set(contract.allowed_shifts)
    low, high = (contract.min_shift_hours or 0) * 60, (contract.max_shift_hours or 24) * 60
    cap = contract.max_paid_hours_day or 24
    return [
        t.paid_hours
        for t in scenario.shifts
        if (not allowed or t.shift_id in allowed)
        and low <= t.span_minutes <= high
        and t.paid_hours <= cap
    ]


def _must_work(scenario: Scenario, contract: Contract) -> Contract:
    """The contract with a weekly minimum of its shortest allowed shift: the slot must work."""
    shortest = min(_usable_shifts(scenario, contract))
    minimum = min(max(contract.min_hours_week, shortest), contract.max_hours_week)
    return contract.model_copy(
        update={"contract_id": contract.contract_id + _MUST_WORK, "min_hours_week": minimum}
    )


def _capped(contract: Contract, hours: float | None) -> Contract:
    """The contract with the offer's daily hours cap per person, if tighter than its own."""
    if hours is None or (contract.max_paid_hours_day or 24) <= hours:
        return contract
    return contract.model_copy(
        update={"contract_id": f"{contract.contract_id}~{hours:g}h", "max_paid_hours_day": hours}
    )


def _usable(scenario: Scenario, offer: VendorOffer) -> bool:
    """Whether a person of the offer can work at all: a shift fits after the ramp-up."""
    contract = _capped(scenario.contract(offer.contract_id), offer.max_hours_day)
    return offer.ramp_up_days < scenario.horizon.days and bool(_usable_shifts(scenario, contract))


def _offer_rules(
    scenario: Scenario, offer: VendorOffer, agent_id: str
) -> tuple[list[TimeOff], list[Availability]]:
    """The offer's ramp-up as days off from the horizon's start, its window as availability."""
    horizon = scenario.horizon
    ramp = min(offer.ramp_up_days, horizon.days)
    time_off = []
    if ramp:
        last = horizon.day_date(ramp - 1)
        time_off.append(
            TimeOff(
                agent_id=agent_id,
                first_day=horizon.start_date,
                last_day=last,
                reason=RAMP_UP_REASON,
            )
        )
    windows = []
    if offer.window_from is not None and offer.window_to is not None:
        windows = [
            Availability(
                agent_id=agent_id,
                day=weekday,
                available_from=offer.window_from,
                available_to=offer.window_to,
            )
            for weekday in WEEKDAYS
        ]
    return time_off, windows


RAMP_UP_REASON = "ramp-up (training)"


def _candidate_scenario(
    base: Scenario,
    offers: tuple[VendorOffer, ...],
    slots: list[Slot],
    allowed: dict[int, int],
    forced: dict[int, int],
) -> tuple[Scenario, list[Slot]]:
    """Slots per offer: the first `forced[i]` must work, up to `allowed[i]` in all, each under
    the offer's terms (rules for ramp-up, window and hours per day; a pool for the rest).

    Each slot is priced at its rate plus the dearest staff rate, so a temp never looks cheaper
    than an hour of someone already on staff: temps are ordered for gaps, never to displace
    staff. The premium is the same for every offer, so the cheaper offer still wins.
    """
    premium = max((agent.cost_per_hour for agent in base.agents), default=0.0)
    chosen, contracts = [], {c.contract_id: c for c in base.contracts}
    time_off, availability = list(base.time_off), list(base.availability)
    members: dict[int, list[str]] = defaultdict(list)
    for slot in slots:
        offer = offers[slot.offer_index]
        if slot.rank >= allowed.get(slot.offer_index, 0) or not _usable(base, offer):
            continue
        agent = slot.agent.model_copy(update={"cost_per_hour": slot.agent.cost_per_hour + premium})
        contract = _capped(base.contract(agent.contract_id), offer.max_hours_day)
        if slot.rank < forced.get(slot.offer_index, 0):
            contract = _must_work(base, contract)
        contracts.setdefault(contract.contract_id, contract)
        agent = agent.model_copy(update={"contract_id": contract.contract_id})
        leave, windows = _offer_rules(base, offer, agent.agent_id)
        time_off += leave
        availability += windows
        members[slot.offer_index].append(agent.agent_id)
        chosen.append(Slot(agent, slot.offer_index, slot.rank))
    pools = tuple(
        HirePool(
            agent_ids=tuple(ids),
            cost_per_hour=offers[index].cost_per_hour,
            fixed_cost_per_hire=offers[index].fixed_cost_per_hire,
            daily_cap=offers[index].daily_cap,
        )
        for index, ids in members.items()
    )
    scenario = _with_agents(base, (slot.agent for slot in chosen)).model_copy(
        update={
            "contracts": tuple(contracts.values()),
            "time_off": tuple(time_off),
            "availability": tuple(availability),
            "hire_pools": pools,
        }
    )
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


def _price(result: SolveResult) -> float:
    """The objective, fixed costs per hire included, to compare rosters with different orders."""
    return result.objective if result.objective is not None else float("inf")


def _below_minimum(scenario: Scenario, hired: dict[int, list[Slot]]) -> set[int]:
    offers = scenario.vendor_offers
    return {i for i, s in hired.items() if 0 < len(s) < offers[i].min_headcount}


FIRST_SHARE = 0.7  # of a total time limit, for the first solve; minimum re-solves share the rest
MIN_SOLVE_SECONDS = 2.0


@dataclass
class _Clock:
    """Time limits per solve: `params`' own, or shares of what is left of `total_s`."""

    params: SolveParams
    total_s: float | None
    started: float = field(default_factory=time.perf_counter)

    def share(self, fraction: float) -> SolveParams:
        if self.total_s is None:
            return self.params
        return replace(self.params, time_limit_s=max(MIN_SOLVE_SECONDS, self.left() * fraction))

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def left(self) -> float:
        if self.total_s is None:
            return float("inf")
        return self.total_s - self.elapsed()


def plan_hiring(
    scenario: Scenario, params: SolveParams | None = None, total_s: float | None = None
) -> HiringPlan:
    """Order temps from the scenario's offers and roster them with everyone else.

    Each solve gets `params.time_limit_s`; with `total_s` the plan, re-solves for vendor
    minimums included, shares that many seconds instead (re-solves are skipped when too little
    is left, and `_settle_minimums` then settles the offers still below their minimum)."""
    clock = _Clock(params or SolveParams(), total_s)
    base = scenario.model_copy(update={"vendor_offers": ()})
    _, slots = expand_offers(scenario)
    offers = scenario.vendor_offers
    allowed = {i: offer.max_headcount for i, offer in enumerate(offers)}
    forced: dict[int, int] = {}
    current, chosen = _candidate_scenario(base, offers, slots, allowed, forced)
    result = _solve(current, offers, chosen, clock.share(FIRST_SHARE))
    first_solve_s = clock.elapsed()
    hired = _hired(result, chosen)
    for _ in range(MIN_ROUNDS):
        short = _below_minimum(scenario, hired)
        # A round is two solves, each about as long as the first at least; after Ctrl-C, none.
        if not short or clock.left() < first_solve_s or result.interrupted:
            break
        # Either order the minimum or nothing from each offer below it; the cheaper roster wins.
        trials = []
        for keep, share in ((True, 0.5), (False, 1.0)):
            trial_allowed = {
                **allowed,
                **{i: offers[i].min_headcount if keep else 0 for i in short},
            }
            trial_forced = {**forced, **{i: offers[i].min_headcount for i in short if keep}}
            trial, trial_slots = _candidate_scenario(
                base, offers, slots, trial_allowed, trial_forced
            )
            trial_result = _solve(trial, offers, trial_slots, clock.share(share))
            price = _price(trial_result)
            trials.append((price, trial_allowed, trial_forced, trial_result, trial_slots, trial))
        _, allowed, forced, result, chosen, current = min(trials, key=lambda t: t[0])
        hired = _hired(result, chosen)
    return _finish(scenario, current, result, chosen, _hired(result, chosen))


def _solve(
    scenario: Scenario, offers: tuple[VendorOffer, ...], chosen: list[Slot], params: SolveParams
) -> SolveResult:
    """The pipeline's roster, then every temp's week handed to a cheaper idle slot that can
    work it: the search places people in id order, so two offers covering the same gap may
    both be used; the same shifts under a cheaper rate are the same coverage for less. Only
    slots under the same terms swap (`_swap_key`), so every rule, cap and budget still holds."""
    result = solve(scenario, params)
    working = {shift.agent_id for shift in result.roster.worked_shifts()}
    idle = [slot for slot in chosen if slot.agent.agent_id not in working]
    busy = [slot for slot in chosen if slot.agent.agent_id in working]
    offer_of = {slot.agent.agent_id: offers[slot.offer_index] for slot in chosen}
    paid: dict[str, float] = defaultdict(float)
    for shift in result.roster.worked_shifts():
        paid[shift.agent_id] += shift.paid_hours
    renamed: dict[str, str] = {}
    saved = 0.0
    for slot in sorted(busy, key=lambda s: (-s.agent.cost_per_hour, s.agent.agent_id)):
        agent = slot.agent
        cheaper = [
            other
            for other in idle
            if other.agent.cost_per_hour < agent.cost_per_hour
            and _swap_key(offer_of[other.agent.agent_id], other.agent)
            == _swap_key(offer_of[agent.agent_id], agent)
            and set(agent.queue_ids) <= set(other.agent.queue_ids)
        ]
        if not cheaper:
            continue
        best = min(cheaper, key=lambda s: (s.agent.cost_per_hour, s.agent.agent_id))
        idle.remove(best)
        renamed[agent.agent_id] = best.agent.agent_id
        saved += (agent.cost_per_hour - best.agent.cost_per_hour) * paid[agent.agent_id]
    renamed, saved = _longest_weeks_to_cheapest(chosen, offer_of, paid, renamed, saved)
    if not renamed:
        return result
    activities = tuple(
        replace(a, agent_id=renamed.get(a.agent_id, a.agent_id)) for a in result.roster.activities
    )
    objective = result.objective
    if objective is not None:
        objective -= scenario.weights.cost_per_currency_unit * saved
    return replace(result, roster=Roster(activities), objective=objective)


def _swap_key(offer: VendorOffer, agent: Agent) -> tuple[object, ...] | None:
    """Slots whose weeks may change hands: one contract, ramp-up and window (the week stays
    legal), one fixed cost (the hire's price moves with the week) and no daily cap (a week
    moved to another offer could break its cap). A cheaper rate only lowers the spend, so the
    budget holds."""
    if offer.daily_cap is not None:
        return None
    return (
        agent.contract_id,
        offer.fixed_cost_per_hire,
        offer.ramp_up_days,
        offer.window_from,
        offer.window_to,
    )


def _longest_weeks_to_cheapest(
    chosen: list[Slot],
    offer_of: dict[str, VendorOffer],
    paid: dict[str, float],
    renamed: dict[str, str],
    saved: float,
) -> tuple[dict[str, str], float]:
    """Among slots with one contract and one bundle, the weeks with the most hours go to the
    cheapest slots: swapping whole weeks between such slots keeps every week legal."""
    weeks = {renamed.get(agent_id, agent_id): agent_id for agent_id in paid}  # holder -> week
    groups: dict[tuple[object, ...], list[Agent]] = defaultdict(list)
    for slot in chosen:
        key = _swap_key(offer_of[slot.agent.agent_id], slot.agent)
        if key is not None:
            groups[(*key, frozenset(slot.agent.queue_ids))].append(slot.agent)
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
    solved: Scenario,
    result: SolveResult,
    chosen: list[Slot],
    hired: dict[int, list[Slot]],
) -> HiringPlan:
    """Drop slots without shifts, settle orders still below a minimum; count what each offer
    buys. Hired people keep the rules they were solved under (contract variant, ramp-up,
    window)."""
    _settle_minimums(scenario, solved, result, chosen, hired)
    keep = {slot.agent.agent_id for slots in hired.values() for slot in slots}
    temps = {slot.agent.agent_id for slot in chosen}
    dropped = temps - keep
    roster = _without(result.roster, dropped)
    rates = {
        slot.agent.agent_id: scenario.vendor_offers[i].cost_per_hour
        for i, slots in hired.items()
        for slot in slots
    }
    agents = tuple(
        a.model_copy(update={"cost_per_hour": rates[a.agent_id]}) if a.agent_id in rates else a
        for a in solved.agents
        if a.agent_id not in dropped
    )
    pools = tuple(
        pool.model_copy(update={"agent_ids": ids})
        for pool in solved.hire_pools
        if (ids := tuple(a for a in pool.agent_ids if a in keep))
    )
    final = solved.model_copy(
        update={
            "agents": agents,
            "time_off": tuple(t for t in solved.time_off if t.agent_id not in dropped),
            "availability": tuple(a for a in solved.availability if a.agent_id not in dropped),
            "hire_pools": pools,
        }
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


def _settle_minimums(
    scenario: Scenario,
    solved: Scenario,
    result: SolveResult,
    chosen: list[Slot],
    hired: dict[int, list[Slot]],
) -> None:
    """An order below its vendor's minimum once the re-solves are over (or out of time) is
    either dropped, losing the coverage its people give, or topped up to the minimum with idle
    slots, paying their fixed costs only: whichever the objective prices lower (and the budget
    allows)."""
    weights = scenario.weights
    required = _required(solved)
    roster = result.roster
    short = _short_of(solved, required, roster)
    for index in sorted(_below_minimum(scenario, hired)):
        offer = scenario.vendor_offers[index]
        ids = {slot.agent.agent_id for slot in hired[index]}
        lost = _short_of(solved, required, _without(roster, ids)) - short
        spent = _spent(scenario, roster, {index: hired[index]})
        drop = weights.understaffing_per_agent_hour * lost - weights.cost_per_currency_unit * spent
        missing = offer.min_headcount - len(ids)
        idle = [s for s in chosen if s.offer_index == index and s.agent.agent_id not in ids]
        extra = offer.fixed_cost_per_hire * missing
        affordable = (
            scenario.hiring_budget is None
            or _spent(scenario, roster, hired) + extra <= scenario.hiring_budget
        )
        if len(idle) >= missing and weights.cost_per_currency_unit * extra < drop and affordable:
            hired[index] = hired[index] + idle[:missing]
        else:
            del hired[index]


def _spent(scenario: Scenario, roster: Roster, hired: dict[int, list[Slot]]) -> float:
    """What the order costs: hours at each offer's rate plus fixed costs per hire."""
    total = 0.0
    for index, slots in hired.items():
        offer = scenario.vendor_offers[index]
        ids = {slot.agent.agent_id for slot in slots}
        paid = sum(s.paid_hours for s in roster.worked_shifts() if s.agent_id in ids)
        total += paid * offer.cost_per_hour + offer.fixed_cost_per_hire * len(ids)
    return total


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
    # One candidate of the offer alone, under its terms; the budget is the plan's business.
    bare = scenario.model_copy(update={"agents": (), "hiring_budget": None})
    _, slots = expand_offers(bare.model_copy(update={"vendor_offers": (offer,)}))
    lone, chosen = _candidate_scenario(bare, (offer,), slots[:1], {0: 1}, {})
    if not chosen:
        return 0.0, 0.0
    agent = chosen[0].agent
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
    return removed * horizon.slot_hours, paid * offer.cost_per_hour + offer.fixed_cost_per_hire


def plan_hiring_what_ifs(
    scenario: Scenario,
    deltas: Iterable[Delta],
    params: SolveParams | None = None,
    total_s: float | None = None,
) -> tuple[WhatIfPlan, ...]:
    """The plan again under each forecast change, e.g. volume +20% and +50%; `total_s` as for
    `plan_hiring`, per plan."""
    return tuple(
        WhatIfPlan(delta.label, plan_hiring(scale_forecast(scenario, delta), params, total_s))
        for delta in deltas
    )
