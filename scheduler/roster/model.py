"""The CP-SAT roster model: who works which shift, when pauses fall, which queue each works.

Per agent, one boolean per candidate shift carries the labor rules (see `rules.py`). Coverage is
counted per *skill group* (agents with the same set of queues): within a group, people are
interchangeable for coverage, so the group's headcount at work in each interval is split across
its queues by integer allocation variables, and each pause (meal or short break) of a shift
across its allowed starts by per-shift counts, so pauses are staggered against the requirement and
never counted as coverage. Each agent thus works
exactly one queue per interval and is never counted twice; `solve.py` turns the counts back into
named assignments.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.domain import Scenario
from scheduler.peak.terms import hire_terms
from scheduler.roster.options import ShiftOption, template_options
from scheduler.roster.rules import (
    RULES,
    SHIFT_FILTERS,
    AgentContext,
    Choice,
    Rule,
    RulePenalty,
    Span,
    agent_context,
)

# Shortfall is priced in increasing steps so that one interval three agents short costs more
# than three intervals one agent short: the solver spreads a shortage instead of leaving a hole.
SHORTFALL_STEPS: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 3), (4, 4), (8, 5))
OPEN_ENDED_MULTIPLIER = 6


def shortfall_multiplier(unit: int) -> int:
    """Price multiplier of the `unit`-th agent missing in one interval (1-based)."""
    reached = 0
    for size, multiplier in SHORTFALL_STEPS:
        reached += size
        if unit <= reached:
            return multiplier
    return OPEN_ENDED_MULTIPLIER


def shortfall_steps(required: int) -> list[tuple[int, int]]:
    """How many of `required` agents missing in one interval each price step holds, with its
    multiplier: the pieces of the stepped shortfall, in increasing price."""
    steps: list[tuple[int, int]] = []
    remaining = required
    for size, multiplier in (*SHORTFALL_STEPS, (required, OPEN_ENDED_MULTIPLIER)):
        if remaining <= 0:
            break
        steps.append((min(size, remaining), multiplier))
        remaining -= size
    return steps


def stepped_shortfall(short: int) -> int:
    """`short` agents missing in one interval, each counted at its step's multiplier."""
    return sum(shortfall_multiplier(unit) for unit in range(1, short + 1))


@dataclass(frozen=True)
class Unit:
    """Agents the model treats as one: a single person, or a pool of interchangeable people
    (same queues and same rules) whose variables count how many of them take each shift."""

    agent_ids: tuple[str, ...]
    ctx: AgentContext
    cost_per_hour: float

    @property
    def size(self) -> int:
        return len(self.agent_ids)


@dataclass(frozen=True)
class SkillGroup:
    queue_ids: tuple[str, ...]
    units: tuple[int, ...]
    size: int


@dataclass(frozen=True)
class Penalty:
    """A named objective term, so results can say what was violated, where and by how much."""

    name: str
    queue_id: str
    slot: int
    variable: cp_model.IntVar
    weight: int


@dataclass(frozen=True)
class DemandPenalty:
    """Shift-demand mode: people missing (`short`) or beyond (`surplus`) the heads wanted on
    one template on one day, each at the demand row's own weight."""

    name: str
    day: int
    shift_id: str
    variable: cp_model.IntVar
    weight: int


@dataclass
class RosterModel:
    scenario: Scenario
    required: dict[str, list[int]]
    units: list[Unit]
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    options: list[ShiftOption] = field(default_factory=list)
    shift_vars: list[list[tuple[int, cp_model.IntVar]]] = field(default_factory=list)
    groups: list[SkillGroup] = field(default_factory=list)
    # (group, option, pause number) -> (offset, how many of the group start the pause there)
    pause_counts: dict[tuple[int, int, int], list[tuple[int, cp_model.IntVar]]] = field(
        default_factory=dict
    )
    allocation: dict[tuple[int, str, int], cp_model.IntVar] = field(default_factory=dict)
    penalties: list[Penalty] = field(default_factory=list)
    soft_rules: list[RulePenalty] = field(default_factory=list)
    demand: list[DemandPenalty] = field(default_factory=list)

    def span(self, option_index: int) -> Span:
        return option_span(self.options[option_index], self.scenario.horizon.interval_minutes)


def option_span(option: ShiftOption, interval_minutes: int) -> Span:
    return Span(
        day=option.day,
        start=option.start_slot * interval_minutes,
        end=option.end_slot * interval_minutes,
        paid=option.paid_minutes,
        shift_id=option.shift_id,
    )


def single_units(scenario: Scenario) -> list[Unit]:
    return [
        Unit((agent.agent_id,), agent_context(scenario, agent), agent.cost_per_hour)
        for agent in scenario.agents
    ]


def skill_groups(scenario: Scenario, units: list[Unit]) -> list[SkillGroup]:
    queues_of = {agent.agent_id: tuple(sorted(agent.queue_ids)) for agent in scenario.agents}
    members: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        members[queues_of[unit.agent_ids[0]]].append(index)
    return [
        SkillGroup(queues, tuple(indices), sum(units[i].size for i in indices))
        for queues, indices in sorted(members.items())
    ]


def prices_intervals(scenario: Scenario, required: dict[str, list[int]]) -> bool:
    """Whether coverage is priced per interval: always, except in shift-demand-only scenarios
    (shift demand, no forecast, no requirement given), where pricing intervals would only
    charge overstaffing for every hour worked."""
    if scenario.forecast or not scenario.shift_demand:
        return True
    return any(any(curve) for curve in required.values())


def build_model(
    scenario: Scenario,
    required: dict[str, list[int]],
    units: list[Unit],
    rules: tuple[Rule, ...] = RULES,
    fixed: dict[str, list[int]] | None = None,
) -> RosterModel:
    """The model over `units`. Agents in `fixed` (single units only) keep exactly the shifts
    given there (option indices), leaving only their pauses and queue split to decide."""
    roster = RosterModel(scenario=scenario, required=required, units=units)
    for template in scenario.shifts:
        roster.options.extend(template_options(template, scenario.horizon))
    for index, unit in enumerate(units):
        given = None if fixed is None else fixed.get(unit.agent_ids[0])
        roster.shift_vars.append(_add_unit(roster, index, unit, rules, given))
    roster.soft_rules.extend(_hiring(roster))
    roster.groups = skill_groups(scenario, units)
    if prices_intervals(scenario, required):
        working = {g: _working_expressions(roster, g) for g in range(len(roster.groups))}
        coverage = _allocate_to_queues(roster, working)
        _price_coverage(roster, coverage)
    _price_shift_demand(roster)
    _set_objective(roster)
    return roster


def _add_unit(
    roster: RosterModel,
    index: int,
    unit: Unit,
    rules: tuple[Rule, ...],
    given: list[int] | None,
) -> list[tuple[int, cp_model.IntVar]]:
    interval = roster.scenario.horizon.interval_minutes
    candidates = range(len(roster.options)) if given is None else given
    allowed = [
        option_index
        for option_index in candidates
        if all(
            f.admits(unit.ctx, option_span(roster.options[option_index], interval))
            for f in SHIFT_FILTERS
        )
    ]
    low = 0 if given is None else unit.size
    variables = [
        (
            option_index,
            roster.model.new_int_var(low, unit.size, f"works[u{index},{option_index}]"),
        )
        for option_index in allowed
    ]
    choices: list[Choice] = [(roster.span(option_index), var) for option_index, var in variables]
    for rule in rules:
        rule.constrain(unit.ctx, choices, roster.model, unit.size)
        roster.soft_rules.extend(rule.penalties(unit.ctx, choices, roster.model, unit.size))
    return variables


def _hiring(roster: RosterModel) -> list[RulePenalty]:
    """Peak hiring (scheduler.peak.terms): fixed cost per hire, daily caps, the budget."""
    if not roster.scenario.hire_pools:
        return []
    shifts = {
        unit.agent_ids[0]: [
            (roster.options[i].day, roster.options[i].paid_minutes, var) for i, var in variables
        ]
        for unit, variables in zip(roster.units, roster.shift_vars, strict=True)
        if unit.size == 1
    }
    return hire_terms(roster.model, roster.scenario, shifts)


Expression = cp_model.LinearExprT


def _working_expressions(roster: RosterModel, group: int) -> dict[int, list[Expression]]:
    """Per slot, terms whose sum is the group's headcount at work (pauses excluded)."""
    takers: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for unit in roster.groups[group].units:
        for index, var in roster.shift_vars[unit]:
            takers[index].append(var)
    terms: dict[int, list[Expression]] = defaultdict(list)
    size = roster.groups[group].size
    for index, literals in takers.items():
        option = roster.options[index]
        count = roster.model.new_int_var(0, size, f"count[g{group},{index}]")
        roster.model.add(count == sum(literals))
        for slot in range(option.start_slot, option.end_slot):
            terms[slot].append(count)
        for number, pause in enumerate(option.pauses):
            for offset, pausing in _pause_split(roster, (group, index, number), count, size):
                for slot in pause.at(option.start_slot, offset):
                    terms[slot].append(-pausing)
    return terms


def _pause_split(
    roster: RosterModel, key: tuple[int, int, int], count: cp_model.IntVar, size: int
) -> list[tuple[int, Expression]]:
    """How many of the `count` people on the shift start pause `key[2]` at each allowed offset;
    pauses never overlap by construction (`options.pause_windows`), so each splits on its own."""
    group, index, number = key
    offsets = roster.options[index].pauses[number].offsets
    if len(offsets) == 1:
        return [(offsets[0], count)]
    split = [
        (offset, roster.model.new_int_var(0, size, f"pauses[g{group},{index},{number},+{offset}]"))
        for offset in offsets
    ]
    roster.model.add(sum(var for _, var in split) == count)
    roster.pause_counts[key] = split
    return [(offset, var) for offset, var in split]


def _allocate_to_queues(
    roster: RosterModel, working: dict[int, dict[int, list[Expression]]]
) -> dict[tuple[str, int], list[Expression]]:
    num_slots = roster.scenario.horizon.num_slots
    coverage: dict[tuple[str, int], list[Expression]] = defaultdict(list)
    for g, group in enumerate(roster.groups):
        for slot, terms in working[g].items():
            if slot >= num_slots:
                continue
            if len(group.queue_ids) == 1:
                coverage[group.queue_ids[0], slot].extend(terms)
                continue
            shares = []
            for queue_id in group.queue_ids:
                share = roster.model.new_int_var(0, group.size, f"alloc[g{g},{queue_id},{slot}]")
                roster.allocation[g, queue_id, slot] = share
                coverage[queue_id, slot].append(share)
                shares.append(share)
            roster.model.add(sum(shares) == sum(terms))
    return coverage


def _price_coverage(roster: RosterModel, coverage: dict[tuple[str, int], list[Expression]]) -> None:
    weights = roster.scenario.weights
    hours = roster.scenario.horizon.slot_hours
    under = round(weights.understaffing_per_agent_hour * hours)
    over = round(weights.overstaffing_per_agent_hour * hours)
    headcount = len(roster.scenario.agents)
    for queue_id, curve in roster.required.items():
        for slot, required in enumerate(curve):
            scheduled = sum(coverage.get((queue_id, slot), []))
            if required > 0:
                _add_shortfall(roster, queue_id, slot, required, scheduled, under)
            if over > 0 and coverage.get((queue_id, slot)):
                surplus = roster.model.new_int_var(0, headcount, f"surplus[{queue_id},{slot}]")
                roster.model.add(surplus >= scheduled - required)
                roster.penalties.append(Penalty("overstaffing", queue_id, slot, surplus, over))


def _add_shortfall(
    roster: RosterModel,
    queue_id: str,
    slot: int,
    required: int,
    scheduled: Expression,
    weight: int,
) -> None:
    steps: list[cp_model.IntVar] = []
    for size, multiplier in shortfall_steps(required):
        step = roster.model.new_int_var(0, size, f"short[{queue_id},{slot},{len(steps)}]")
        roster.penalties.append(Penalty("understaffing", queue_id, slot, step, weight * multiplier))
        steps.append(step)
    roster.model.add(sum(steps) >= required - scheduled)


def _price_shift_demand(roster: RosterModel) -> None:
    """Heads on template s on day d: everyone taking a shift of s that starts on d."""
    horizon = roster.scenario.horizon
    takers: dict[tuple[int, str], list[cp_model.IntVar]] = defaultdict(list)
    for variables in roster.shift_vars:
        for index, var in variables:
            option = roster.options[index]
            takers[option.day, option.shift_id].append(var)
    headcount = sum(unit.size for unit in roster.units)
    for demand in roster.scenario.shift_demand:
        day = horizon.day_index(demand.date)
        if day is None:
            continue
        label = f"{demand.shift_id},{day}"
        short = roster.model.new_int_var(0, demand.required, f"demand_short[{label}]")
        surplus = roster.model.new_int_var(0, headcount, f"demand_surplus[{label}]")
        # Exact with both weights positive: the objective keeps one of the two at zero.
        roster.model.add(sum(takers[day, demand.shift_id]) + short - surplus == demand.required)
        roster.demand.append(
            DemandPenalty("understaffing", day, demand.shift_id, short, round(demand.under_weight))
        )
        roster.demand.append(
            DemandPenalty("overstaffing", day, demand.shift_id, surplus, round(demand.over_weight))
        )


def _set_objective(roster: RosterModel) -> None:
    cost_weight = roster.scenario.weights.cost_per_currency_unit
    wage_terms = []
    for unit, variables in zip(roster.units, roster.shift_vars, strict=True):
        for index, var in variables:
            cost = round(cost_weight * unit.cost_per_hour * roster.options[index].paid_minutes / 60)
            if cost:
                wage_terms.append(cost * var)
    coverage_terms = [p.weight * p.variable for p in roster.penalties]
    soft_terms = [p.weight * p.variable for p in roster.soft_rules]
    demand_terms = [p.weight * p.variable for p in roster.demand if p.weight]
    roster.model.minimize(
        sum(coverage_terms) + sum(demand_terms) + sum(soft_terms) + sum(wage_terms)
    )
