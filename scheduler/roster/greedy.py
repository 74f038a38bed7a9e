"""A legal roster fast: people placed one at a time where the gaps are worst, then re-placed.

Each person gets the legal week (the exact rule book, one agent at a time) that removes the most
priced shortfall left by everyone else, net of their wage. Specialists go first and the most
flexible people last, so that flexibility fills the gaps specialists leave. Then, while time
lasts, each person in turn is taken out and placed again against what the others now cover.
At first each week's value carries random noise that fades round by round (annealing), so
people also take weeks a little worse for the roster and the search gets out of rosters where
nobody can do better alone; then, with the best roster seen, a week never gets worse again.

Shortfall is priced with the optimizer's steps, so an interval four agents short pulls harder
than one that is one short; each pause of a shift (meal, short breaks) goes where it costs least
coverage.
"""

from __future__ import annotations

import itertools
import random
import time
from collections import deque
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from functools import cached_property
from math import ceil
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.sat.python import cp_model

from scheduler.domain import Agent, HirePool, Scenario
from scheduler.peak.terms import HireWeek, hire_week, pool_of
from scheduler.roster.model import (
    option_span,
    prices_intervals,
    shortfall_multiplier,
    stepped_shortfall,
)
from scheduler.roster.options import ShiftOption
from scheduler.roster.rules import (
    RULES,
    SHIFT_FILTERS,
    AgentContext,
    Choice,
    RulePenalty,
    agent_context,
)

AGENT_SECONDS = 1.0
# Step multiplier of the n-th agent missing in an interval, for n up to where the steps end.
_MULTIPLIERS = np.array([0, *(shortfall_multiplier(n) for n in range(1, 18))], dtype=np.int64)
# Stepped shortfall of n agents missing, for n up to where the steps end; linear beyond.
_STEPPED = np.array([stepped_shortfall(n) for n in range(len(_MULTIPLIERS))], dtype=np.int64)


@dataclass(frozen=True)
class Search:
    weeks: dict[str, list[int]]  # option indices per agent; an agent may be missing if cut off
    interrupted: bool  # Ctrl-C ended the search early; the weeks are the best so far
    pauses: dict[str, dict[int, tuple[int, ...]]]  # per agent: option -> each pause's offset
    queues: dict[str, list[tuple[str, int]]]  # per agent: (queue, slot) worked in the horizon


def greedy_roster(
    scenario: Scenario,
    required: dict[str, list[int]],
    options: list[ShiftOption],
    seconds: float = 0.0,
    seed: int = 0,
) -> dict[str, list[int]]:
    """Option indices per agent of the roster `search_roster` finds."""
    return search_roster(scenario, required, options, seconds, seed).weeks


def search_roster(
    scenario: Scenario,
    required: dict[str, list[int]],
    options: list[ShiftOption],
    seconds: float = 0.0,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    strict: bool = False,
    workers: int = 1,
) -> Search:
    """A legal roster: everyone placed, then improved for up to `seconds` after placing.
    `strict` makes `seconds` bound the placing too: whoever is not placed by then is left out
    (a start for CP-SAT, which places them itself, rather than a roster). With `workers` > 1,
    re-placing takes up to that many people who share no queue at a time and solves their
    weeks on as many threads: the result of placing them one after the other, so the search
    is as reproducible as on one (on 1,000 agents, 1.6 times the placements per second on 2
    cores; 3 threads there did no better).

    Against an interval requirement, rounds with fading noise come first (`_anneal`). Once
    nobody can improve alone, a few people at a time are taken out together and placed
    again in a random order (seeded); the change is kept when the roster's price drops.
    Ctrl-C ends the search with the best roster so far instead of losing it.
    """
    deadline = time.perf_counter() + seconds
    priced = prices_intervals(scenario, required)
    residual = {q: np.array(c, dtype=np.int64) for q, c in required.items()} if priced else {}
    placement = _Placement(scenario, options, residual, _Demand.of(scenario))
    placement.noise_rng = np.random.default_rng(seed)
    order = sorted(scenario.agents, key=lambda a: (len(a.skills), a.agent_id))
    helpers = _Helpers(ThreadPoolExecutor(workers - 1), workers - 1) if workers > 1 else None
    try:
        for agent in order:
            if strict and time.perf_counter() >= deadline:
                break
            placement.place(agent)
        if progress is not None:
            progress(f"first legal roster: {len(placement.weeks)} of {len(order)} agents placed")
        placed = [agent for agent in order if agent.agent_id in placement.weeks]
        _improve(placement, placed, deadline, random.Random(seed), helpers)
    except KeyboardInterrupt:
        if placement.checkpoint is not None:
            placement.restore(placement.checkpoint)
        return placement.search(interrupted=True)
    finally:
        if helpers is not None:
            helpers.pool.shutdown()
    return placement.search(interrupted=False)


def _improve(
    placement: _Placement,
    order: list[Agent],
    deadline: float,
    rng: random.Random,
    helpers: _Helpers | None,
) -> None:
    if placement.residual:
        _anneal(placement, order, deadline, helpers)
    _replace_until_stable(placement, order, deadline, helpers)
    price = placement.price()
    patience = max(STALE_TRIALS, 2 * len(order))
    stale = 0
    while time.perf_counter() < deadline and len(order) > 1 and stale < patience:
        placement.checkpoint = placement.snapshot()
        kicked = _related(rng, order, rng.randint(2, KICK_AT_MOST))
        for agent in kicked:
            placement.remove(agent)
        for agent in kicked:
            placement.place(agent)
        _replace_until_stable(placement, kicked, deadline, helpers)
        new_price = placement.price()
        if new_price < price:
            price, stale = new_price, 0
        else:
            placement.restore(placement.checkpoint)
            stale += 1
        placement.checkpoint = None


KICK_AT_MOST = 8
# Annealing: at most this many rounds, within this share of the time left after placing; the
# noise starts at this many first-step prices of one interval short (its standard deviation)
# and falls to none. On the 1,000-agent synthetic center (2 workers), 60 s of search ended at a
# price of 16,823,150 without noise and 16,721,456 with; with the noise fading by time alone,
# starting at 0.6 / 1.2 / 2 / 4 prices it ended at 16,737,902 / 16,731,876 / 16,720,544 /
# 16,757,058. The full 300 s solve ended 13,915.0 and 13,922.0 stepped agent-hours short
# (seeds 0 and 1) against 14,041.5 without.
ANNEAL_ROUNDS = 50
ANNEAL_SHARE = 0.7
ANNEAL_NOISE = 2.0


def _anneal(
    placement: _Placement, order: list[Agent], deadline: float, helpers: _Helpers | None
) -> None:
    """Rounds of re-placement in which each week's value carries random noise (seeded), less
    with every round, so that people also take weeks a little worse for the roster: single
    moves alone soon stall where no one person can do better, and the noise walks the search
    out of there. The roster of lowest price seen stays (and is what Ctrl-C keeps)."""
    start = time.perf_counter()
    until = start + ANNEAL_SHARE * (deadline - start)
    if until <= start:
        return
    best_price = placement.price()
    placement.checkpoint = placement.snapshot()
    for number in range(ANNEAL_ROUNDS):
        cooled = max(number / ANNEAL_ROUNDS, (time.perf_counter() - start) / (until - start))
        if cooled >= 1:
            break
        placement.noise = ANNEAL_NOISE * placement.under_points() * (1 - cooled)
        _replace_round(placement, order, until, helpers)
        price = placement.price()
        if price < best_price:
            best_price, placement.checkpoint = price, placement.snapshot()
    placement.noise = 0.0
    placement.restore(placement.checkpoint)
    placement.checkpoint = None


def _related(rng: random.Random, order: list[Agent], count: int) -> list[Agent]:
    """`count` people who share a queue (drawn at random), so that a kick can trade coverage
    between them; in a large center, people drawn from everyone rarely meet on any queue."""
    queue_id = rng.choice(rng.choice(order).queue_ids)
    sharing = [agent for agent in order if queue_id in agent.queue_ids]
    return rng.sample(sharing, min(len(sharing), count))


STALE_TRIALS = 50  # fruitless kicks in a row (at least; twice the headcount) before stopping


def _replace_until_stable(
    placement: _Placement,
    agents: list[Agent],
    deadline: float,
    helpers: _Helpers | None = None,
) -> None:
    """Re-place each agent against the others until a whole round changes nothing.

    On a large center that never happens before the deadline: on the 1,000-agent synthetic
    center 150-300 people per round still move, mostly to weeks of equal value, so no kicks
    follow. That is the better use of the time there: from 60 s to 240 s, rounds lowered the
    price by 21,900 points; kicks instead (each settled once a round no longer lowered the
    price) by 2,800, 18 of 1,303 kicks improving."""
    while time.perf_counter() < deadline and _replace_round(placement, agents, deadline, helpers):
        pass


def _replace_round(
    placement: _Placement, agents: list[Agent], deadline: float, helpers: _Helpers | None
) -> bool:
    """Re-place each agent once against the others (up to the deadline); whether any moved."""
    changed = False
    waiting = deque(agents)
    while waiting and time.perf_counter() < deadline:
        first = waiting.popleft()
        group = [first]
        if helpers is not None:
            group += _partners(placement, group, waiting, helpers.count)
        before = [placement.weeks[agent.agent_id] for agent in group]
        for agent in group:
            placement.remove(agent)
        if helpers is None or len(group) == 1:
            placement.place(first)
        else:
            placement.place_apart(group, helpers.pool)
        changed = changed or before != [placement.weeks[agent.agent_id] for agent in group]
    return changed


@dataclass(frozen=True)
class _Helpers:
    """Threads that solve the weeks of people placed beside the one placed on the main thread."""

    pool: ThreadPoolExecutor
    count: int


PARTNER_LOOKAHEAD = 16  # how far down the round to look for someone to place beside


def _partners(
    placement: _Placement, group: list[Agent], waiting: deque[Agent], count: int
) -> list[Agent]:
    """Up to `count` of the next people due who can be placed at the same time as `group`
    and each other (taken off `waiting`)."""
    found: list[Agent] = []
    for agent in list(itertools.islice(waiting, PARTNER_LOOKAHEAD)):
        if all(placement.can_place_apart(other, agent) for other in group + found):
            waiting.remove(agent)
            found.append(agent)
            if len(found) == count:
                break
    return found


@dataclass
class _Demand:
    """Shift-demand mode: heads still missing per (day, template), negative when beyond, and the
    points per head missing and per head beyond."""

    left: dict[tuple[int, str], int]
    weights: dict[tuple[int, str], tuple[int, int]]

    @staticmethod
    def of(scenario: Scenario) -> _Demand:
        left, weights = {}, {}
        for demand in scenario.shift_demand:
            day = scenario.horizon.day_index(demand.date)
            if day is not None:
                left[day, demand.shift_id] = demand.required
                weights[day, demand.shift_id] = (
                    round(demand.under_weight),
                    round(demand.over_weight),
                )
        return _Demand(left, weights)

    def value(self, option: ShiftOption) -> int:
        """Points one more person on `option` saves (negative: costs)."""
        key = (option.day, option.shift_id)
        if key not in self.weights:
            return 0
        under, over = self.weights[key]
        return under if self.left[key] > 0 else -over

    def take(self, option: ShiftOption, heads: int) -> None:
        key = (option.day, option.shift_id)
        if key in self.left:
            self.left[key] -= heads

    def price(self) -> int:
        return sum(
            self.weights[key][0] * left if left > 0 else -self.weights[key][1] * left
            for key, left in self.left.items()
        )


_Taken = dict[str, npt.NDArray[np.int64]]  # one person's worked slots per queue


@dataclass(frozen=True)
class _Offer:
    """One placement's terms: per candidate shift its net value, per option each pause's
    offset, and per option the wage points."""

    net: list[int]
    offsets: npt.NDArray[np.int64]
    wages: npt.NDArray[np.int64]


@dataclass(frozen=True)
class _Snapshot:
    residual: dict[str, npt.NDArray[np.int64]]
    demand_left: dict[tuple[int, str], int]
    weeks: dict[str, list[int]]
    taken: dict[str, _Taken]
    pauses: dict[str, dict[int, tuple[int, ...]]]
    week_cost: dict[str, int]


@dataclass
class _AgentModel:
    """One person's week under the rule book; only the objective changes between placements."""

    model: cp_model.CpModel
    shifts: list[tuple[int, cp_model.IntVar]]
    soft: list[RulePenalty]  # the soft rules' terms, charged against the week's value
    hire: HireWeek | None = None  # a candidate hire's terms (scheduler.peak.terms)

    @cached_property
    def option_indices(self) -> npt.NDArray[np.int64]:
        return np.array([index for index, _ in self.shifts], dtype=np.int64)

    def set_objective(self, shift_values: list[int], soft: bool = True) -> None:
        """Maximize the shifts' values less the soft rules' points (`soft`). Written into the
        proto directly: building it as an expression took a fifth of each placement."""
        coeffs: dict[int, int] = {}
        for (_, var), value in zip(self.shifts, shift_values, strict=True):
            coeffs[var.index] = value
        for penalty in self.soft if soft else []:
            index = penalty.variable.index
            coeffs[index] = coeffs.get(index, 0) - penalty.weight
        self.model.proto.clear_objective()
        objective = self.model.proto.objective
        objective.vars.extend(list(coeffs))
        objective.coeffs.extend([-value for value in coeffs.values()])  # CP-SAT minimizes
        objective.scaling_factor = -1.0


@dataclass
class _Placement:
    scenario: Scenario
    options: list[ShiftOption]
    residual: dict[str, npt.NDArray[np.int64]]  # agents still missing per queue and slot
    demand: _Demand
    weeks: dict[str, list[int]] = field(default_factory=dict)
    taken: dict[str, _Taken] = field(default_factory=dict)
    pauses: dict[str, dict[int, tuple[int, ...]]] = field(default_factory=dict)
    models: dict[tuple[int, str], _AgentModel] = field(default_factory=dict)  # (thread, agent)
    shared: dict[tuple[int, Hashable], _AgentModel] = field(default_factory=dict)
    week_cost: dict[str, int] = field(default_factory=dict)  # wage and soft-rule points
    checkpoint: _Snapshot | None = None  # the roster to go back to (kick or annealing)
    noise: float = 0.0  # standard deviation of the noise on each week's value, in points
    noise_rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))
    _table: _OptionTable = field(init=False)

    def __post_init__(self) -> None:
        self._table = _OptionTable.of(self.options)

    def place(self, agent: Agent) -> list[int]:
        offer = self._offer(agent)
        week, soft_points = self._best_week(agent, offer.net)
        return self._settle(agent, offer, week, soft_points)

    def place_apart(self, group: list[Agent], pool: ThreadPoolExecutor) -> None:
        """Place people who share no queue at once, all but the first solved on the helper
        threads (CP-SAT lets go of the GIL while it solves). None sees the others' weeks, and
        need not: each one's value counts only their own queues' gaps."""
        offers = [self._offer(agent) for agent in group]
        solving = [
            pool.submit(self._best_week, agent, offer.net, thread)
            for thread, (agent, offer) in enumerate(zip(group, offers, strict=True))
            if thread
        ]
        self._settle(group[0], offers[0], *self._best_week(group[0], offers[0].net))
        for agent, offer, solved in zip(group[1:], offers[1:], solving, strict=True):
            self._settle(agent, offer, *solved.result())

    def can_place_apart(self, first: Agent, second: Agent) -> bool:
        """Whether the two can be placed at once with the same result as one after the other:
        no queue in common, no shift demand (counted across everyone), no hire's terms (which
        weigh everyone's weeks)."""
        return (
            not self.demand.weights
            and not set(first.queue_ids) & set(second.queue_ids)
            and self._model(first).hire is None
            and self._model(second).hire is None
        )

    def _offer(self, agent: Agent) -> _Offer:
        gains = self._gains(agent)
        values, offsets = self._table.plan(gains, self._slot_values(gains))
        wages = self._table.wages(self._wage_points(agent))
        candidates = self._model(agent).option_indices
        net = (values[candidates] - wages[candidates]).tolist()
        if self.demand.weights:
            net = [
                v + self.demand.value(self.options[i]) for v, i in zip(net, candidates, strict=True)
            ]
        if self.noise:
            noise = self.noise_rng.normal(0.0, self.noise, len(net))
            net = np.rint(np.add(net, noise)).astype(np.int64).tolist()
        return _Offer(net, offsets, wages)

    def _settle(self, agent: Agent, offer: _Offer, week: list[int], soft_points: int) -> list[int]:
        self.pauses[agent.agent_id] = {
            index: tuple(offer.offsets[index, : len(self.options[index].pauses)].tolist())
            for index in week
        }
        for index in week:
            self.demand.take(self.options[index], 1)
        self.weeks[agent.agent_id] = week
        self.taken[agent.agent_id] = self._take_worst_queues(agent, week)
        self.week_cost[agent.agent_id] = soft_points + int(offer.wages[week].sum())
        return week

    def _take_worst_queues(self, agent: Agent, week: list[int]) -> _Taken:
        """Put the agent, in each slot worked of the `week`'s shifts within the horizon, on
        their most understaffed queue (the first listed on a tie); return the slots per queue."""
        queue_ids = [q for q in agent.queue_ids if q in self.residual]
        if not queue_ids or not week:
            return {}
        slots = np.concatenate([self._worked_slots(agent, index) for index in week])
        curves = [self.residual[q] for q in queue_ids]
        worst = np.argmax(np.stack([curve[slots] for curve in curves]), axis=0)
        taken = {}
        for row, (queue_id, curve) in enumerate(zip(queue_ids, curves, strict=True)):
            taken[queue_id] = slots[worst == row]
            np.subtract.at(curve, taken[queue_id], 1)
        return taken

    def _worked_slots(self, agent: Agent, index: int) -> npt.NDArray[np.int64]:
        """The slots of shift `index` within the horizon not spent in its pauses."""
        option = self.options[index]
        end = min(option.end_slot, self.scenario.horizon.num_slots)
        paused = option.off_queue(self.pauses[agent.agent_id][index])
        return np.array([s for s in range(option.start_slot, end) if s not in paused], np.int64)

    def under_points(self) -> int:
        """The price of one agent missing for one interval (the first step)."""
        hours = self.scenario.horizon.slot_hours
        return round(self.scenario.weights.understaffing_per_agent_hour * hours)

    def price(self) -> int:
        """The objective's coverage, wage and soft-rule terms for the roster as it stands."""
        hours = self.scenario.horizon.slot_hours
        under = self.under_points()
        over = round(self.scenario.weights.overstaffing_per_agent_hour * hours)
        coverage = 0
        for curve in self.residual.values():
            within = np.minimum(np.maximum(curve, 0), len(_STEPPED) - 1)
            beyond = np.maximum(curve - within, 0)
            coverage += under * int(_STEPPED[within].sum() + _MULTIPLIERS[-1] * beyond.sum())
            coverage += over * int(np.maximum(-curve, 0).sum())
        costs = sum(self.week_cost[agent_id] for agent_id in self.weeks)
        return coverage + self.demand.price() + costs

    def snapshot(self) -> _Snapshot:
        return _Snapshot(
            {q: curve.copy() for q, curve in self.residual.items()},
            dict(self.demand.left),
            dict(self.weeks),
            dict(self.taken),
            dict(self.pauses),
            dict(self.week_cost),
        )

    def restore(self, saved: _Snapshot) -> None:
        self.residual, self.weeks = saved.residual, saved.weeks
        self.demand.left = dict(saved.demand_left)
        self.taken, self.pauses = saved.taken, saved.pauses
        self.week_cost = saved.week_cost

    def search(self, interrupted: bool) -> Search:
        queues = {
            agent_id: [(q, slot) for q, slots in taken.items() for slot in slots.tolist()]
            for agent_id, taken in self.taken.items()
        }
        return Search(dict(self.weeks), interrupted, dict(self.pauses), queues)

    def remove(self, agent: Agent) -> None:
        for queue_id, slots in self.taken.pop(agent.agent_id, {}).items():
            np.add.at(self.residual[queue_id], slots, 1)
        for index in self.weeks.pop(agent.agent_id, []):
            self.demand.take(self.options[index], -1)
        self.pauses.pop(agent.agent_id, None)

    def _gains(self, agent: Agent) -> npt.NDArray[np.int64]:
        """Per slot, the step multiplier of the shortfall unit this agent would remove there
        on their most understaffed queue (0: none); past the horizon nothing is counted, so
        nothing is gained there."""
        horizon = self.scenario.horizon
        gains = np.zeros(horizon.num_slots + 2 * horizon.slots_per_day, dtype=np.int64)
        queues = [self.residual[q] for q in agent.queue_ids if q in self.residual]
        if queues:
            worst = np.max(np.stack(queues), axis=0)
            gains[: horizon.num_slots] = _MULTIPLIERS[np.clip(worst, 0, len(_MULTIPLIERS) - 1)]
        return gains

    def _slot_values(self, gains: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Points one more person at work in each slot saves (negative: the surplus costs)."""
        if not self.residual:
            return np.zeros_like(gains)
        hours = self.scenario.horizon.slot_hours
        weights = self.scenario.weights
        under = round(weights.understaffing_per_agent_hour * hours)
        over = round(weights.overstaffing_per_agent_hour * hours)
        values = np.where(gains > 0, under * gains, -over)
        values[self.scenario.horizon.num_slots :] = 0
        return values

    def _wage_points(self, agent: Agent) -> float:
        """Wage points per paid minute of this agent."""
        return self.scenario.weights.cost_per_currency_unit * agent.cost_per_hour / 60

    def _model(self, agent: Agent, thread: int = 0) -> _AgentModel:
        """People under identical rules share one model: only its objective differs per use.
        Each helper thread solving weeks at once (`thread` > 0) has models of its own."""
        mine = (thread, agent.agent_id)
        if mine not in self.models:
            ctx = agent_context(self.scenario, agent)
            pool = pool_of(self.scenario, agent.agent_id)
            if pool is not None:
                self.models[mine] = _hire_model(ctx, self.options, pool)
                return self.models[mine]
            key = _rules_key(ctx)
            shared = self.shared.get((thread, key)) if key is not None else None
            if shared is None:
                shared = _week_model(ctx, self.options)
                if key is not None:
                    self.shared[thread, key] = shared
            self.models[mine] = shared
        return self.models[mine]

    def _best_week(
        self, agent: Agent, shift_values: list[int], thread: int = 0
    ) -> tuple[list[int], int]:
        """The week of greatest value (`shift_values` per candidate shift of the agent's
        model) less soft-rule points, and those points; no shifts if none is legal."""
        week = self._model(agent, thread)
        if week.hire is not None:
            placed = {
                agent_id: [(self.options[i].day, self.options[i].paid_minutes) for i in indices]
                for agent_id, indices in self.weeks.items()
            }
            week.hire.bound(self.scenario, agent.agent_id, placed)
        week.set_objective(shift_values)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = AGENT_SECONDS
        solver.parameters.num_workers = 1
        # Solved thousands of times, a week is small: a light presolve halves each solve
        # (measured on the 200-agent synthetic center: 4.8 s -> 3.0 s to place all).
        solver.parameters.max_presolve_iterations = 1
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.symmetry_level = 0
        if self.residual:
            # A contact-center week (many candidate shifts, few rules over them) is faster
            # still without presolve and with every constraint in the LP from the start:
            # placing the 1,000 agents of the synthetic center took CP-SAT 5.9 s so, against
            # 9.8 s. Not a shift-demand week, with more rules over fewer shifts: on the
            # Curtois-Qu Instance13 the same 120 weeks took 26.8 s so, against 7.7 s.
            solver.parameters.cp_model_presolve = False
            solver.parameters.add_lp_constraints_lazily = False
        # Let Ctrl-C reach Python (and end the search) instead of ending one person's solve.
        solver.parameters.catch_sigint_signal = False
        if solver.solve(week.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [], 0
        solution = list(solver.response_proto.solution)
        soft_points = sum(p.weight * solution[p.variable.index] for p in week.soft)
        return [index for index, var in week.shifts if solution[var.index]], soft_points


class WeekPricer:
    """A person's most valuable legal week when each slot they work (pauses excluded) is worth a
    given amount: the per-person subproblem of a bound that relaxes coverage and keeps every
    rule (bench/scale.py). The weeks are the exact rule-book models the search places people
    with, so a bound built on them holds for every roster the engine or the checker accepts;
    soft rules and wages are left out, since they only lower a week's value."""

    # Values are scaled to integers for CP-SAT and rounded up: the result never falls short.
    SCALE = 1_000_000

    def __init__(self, scenario: Scenario, options: list[ShiftOption]) -> None:
        self.scenario = scenario
        self.options = options
        self.table = _OptionTable.of(options)
        self.models: dict[Hashable, _AgentModel] = {}

    def best_value(self, agent: Agent, slot_values: npt.NDArray[np.float64]) -> float:
        """An upper bound (exact when CP-SAT proves its week optimal) on the value of the
        agent's best legal week; `slot_values` per slot of the horizon, each pause placed where
        it forgoes the least."""
        horizon = self.scenario.horizon
        values = np.zeros(horizon.num_slots + 2 * horizon.slots_per_day)
        values[: horizon.num_slots] = slot_values
        worth, _ = self.table.plan(values, values)
        week = self._model(agent)
        week.set_objective(
            [ceil(float(worth[index]) * self.SCALE) for index, _ in week.shifts], soft=False
        )
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = 10 * AGENT_SECONDS
        code = solver.solve(week.model)
        if code == cp_model.INFEASIBLE:
            return 0.0  # nobody can be rostered under these rules: they add nothing
        return solver.best_objective_bound / self.SCALE  # set_objective maximizes

    def _model(self, agent: Agent) -> _AgentModel:
        ctx = agent_context(self.scenario, agent)
        key = _rules_key(ctx)
        if key is None:
            return _week_model(ctx, self.options)
        if key not in self.models:
            self.models[key] = _week_model(ctx, self.options)
        return self.models[key]


@dataclass(frozen=True)
class _PauseFamily:
    """Options sharing one pause layout (one template): their indices and start slots, and per
    pause its length and allowed offsets."""

    indices: npt.NDArray[np.int64]
    starts: npt.NDArray[np.int64]
    pauses: tuple[tuple[int, npt.NDArray[np.int64]], ...]


@dataclass(frozen=True)
class _OptionTable:
    """Every candidate shift as arrays, so that one placement values them all at once."""

    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    paid_minutes: npt.NDArray[np.int64]
    families: tuple[_PauseFamily, ...]

    @staticmethod
    def of(options: list[ShiftOption]) -> _OptionTable:
        layouts: dict[tuple[tuple[int, tuple[int, ...]], ...], list[int]] = {}
        for index, option in enumerate(options):
            layout = tuple((pause.slots, pause.offsets) for pause in option.pauses)
            layouts.setdefault(layout, []).append(index)
        starts = np.array([o.start_slot for o in options], dtype=np.int64)
        families = tuple(
            _PauseFamily(
                np.array(indices, dtype=np.int64),
                starts[indices],
                tuple((length, np.array(offsets, dtype=np.int64)) for length, offsets in layout),
            )
            for layout, indices in layouts.items()
        )
        return _OptionTable(
            starts,
            np.array([o.end_slot for o in options], dtype=np.int64),
            np.array([o.paid_minutes for o in options], dtype=np.int64),
            families,
        )

    def plan(
        self, gains: npt.NDArray[Any], slot_values: npt.NDArray[Any]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64]]:
        """Per option, the value of working it and each pause's offset, every pause placed
        where it forgoes the least gain (pause windows never overlap, so each is chosen on its
        own; the earliest offset wins a tie)."""
        gained = np.concatenate(([0], np.cumsum(gains)))
        valued = np.concatenate(([0], np.cumsum(slot_values)))
        values = valued[self.ends] - valued[self.starts]
        widest = max((len(f.pauses) for f in self.families), default=0)
        offsets = np.zeros((len(self.starts), widest), dtype=np.int64)
        for family in self.families:
            for number, (length, allowed) in enumerate(family.pauses):
                first = family.starts[:, None] + allowed[None, :]
                best = allowed[np.argmin(gained[first + length] - gained[first], axis=1)]
                begin = family.starts + best
                values[family.indices] -= valued[begin + length] - valued[begin]
                offsets[family.indices, number] = best
        return values, offsets

    def wages(self, points_per_minute: float) -> npt.NDArray[np.int64]:
        return np.round(points_per_minute * self.paid_minutes).astype(np.int64)


def _rules_key(ctx: AgentContext) -> Hashable | None:
    """What makes one person's rules differ from another's; None if it cannot be compared."""
    key = tuple(getattr(ctx, f.name) for f in fields(ctx) if f.name not in ("agent", "scenario"))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _hire_model(ctx: AgentContext, options: list[ShiftOption], pool: HirePool) -> _AgentModel:
    """A candidate hire's own week model: the rule book plus the pool's terms."""
    week = _week_model(ctx, options)
    shifts = [(options[i].day, options[i].paid_minutes, var) for i, var in week.shifts]
    week.hire = hire_week(week.model, ctx.scenario, pool, shifts)
    week.soft.append(week.hire.penalty)
    return week


def _week_model(ctx: AgentContext, options: list[ShiftOption]) -> _AgentModel:
    interval = ctx.scenario.horizon.interval_minutes
    model = cp_model.CpModel()
    choices: list[Choice] = []
    shifts = []
    for index, option in enumerate(options):
        span = option_span(option, interval)
        if all(f.admits(ctx, span) for f in SHIFT_FILTERS):
            var = model.new_bool_var(f"works[{index}]")
            choices.append((span, var))
            shifts.append((index, var))
    soft = []
    for rule in RULES:
        rule.constrain(ctx, choices, model)
        soft.extend(rule.penalties(ctx, choices, model))
    return _AgentModel(model, shifts, soft)
