"""Solve the roster model and turn its counts back into named, timed activities."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import partial

from ortools.sat.python import cp_model

from scheduler.domain import Horizon, Scenario
from scheduler.errors import InfeasibleError
from scheduler.result import Activity, ActivityKind, Roster, SolveStatus
from scheduler.roster.cover import CoverRepair
from scheduler.roster.feasibility import explain_infeasibility
from scheduler.roster.greedy import Search, search_roster
from scheduler.roster.lns import Incumbent, fixed_copy, improve, shift_indices
from scheduler.roster.model import RosterModel, build_model, prices_intervals, single_units
from scheduler.roster.options import ShiftOption, template_options
from scheduler.roster.stall import interrupted, solve_until_stalled


@dataclass(frozen=True)
class SolveParams:
    time_limit_s: float = 60.0
    seed: int = 0
    workers: int = 0  # 0 lets CP-SAT use every core
    log: Callable[[str], None] | None = None  # CP-SAT's own search log
    progress: Callable[[str], None] | None = None  # one line per finished phase


def apply_params(solver: cp_model.CpSolver, params: SolveParams) -> None:
    """The one place where settings reach CP-SAT."""
    solver.parameters.max_time_in_seconds = params.time_limit_s
    solver.parameters.random_seed = params.seed
    solver.parameters.num_workers = params.workers
    if params.log is not None:
        solver.parameters.log_search_progress = True
        solver.log_callback = params.log


@dataclass(frozen=True)
class RosterSolution:
    status: SolveStatus
    roster: Roster
    objective: float | None
    best_bound: float | None  # only when it bounds the per-person objective
    seconds: float
    interrupted: bool = False  # Ctrl-C cut the search short


def solve_roster(
    scenario: Scenario, required: dict[str, list[int]], params: SolveParams
) -> RosterSolution:
    """Find a legal roster covering `required` as well as possible within the time limit.

    1. Search: people are placed one at a time into their best legal week and re-placed until
       nobody can do better alone (`greedy.py`); every week obeys the exact rule book.
    2. Pricing: with those shifts fixed, CP-SAT places pauses (meals, breaks) and splits
       multi-skilled people across queues against the requirement.
    3. Polish: the full model (every shift free), started from that roster, improves it and
       bounds it in the remaining time; a small scenario is solved to proven optimality.
    Raise `InfeasibleError` with an explanation when hard rules conflict.
    """
    started = time.perf_counter()
    limit = params.time_limit_s
    with _keeping_ctrl_c():
        conflicts = explain_infeasibility(scenario)
    if conflicts:
        raise InfeasibleError(conflicts)
    options = [o for t in scenario.shifts for o in template_options(t, scenario.horizon)]
    if not prices_intervals(scenario, required):
        return _solve_shift_demand(scenario, required, options, params, started)
    small_enough = len(scenario.agents) * len(options) <= POLISH_MAX_CANDIDATES
    # Reading a large roster out of the model takes seconds of its own: kept back from the limit.
    finish = max(FINAL_SECONDS, EXTRACT_SECONDS_PER_AGENT * len(scenario.agents))
    share = SEARCH_SHARE if small_enough else LARGE_SEARCH_SHARE
    search_seconds = min(limit * share, limit - finish) - _since(started)
    search = search_roster(
        scenario,
        required,
        options,
        search_seconds,
        params.seed,
        partial(_report, params, started),
        workers=_threads(params),
    )
    shifts = search.weeks
    if search.interrupted:
        _report(params, started, "interrupted: finishing the best roster so far")
        limit = min(limit, _since(started) + INTERRUPTED_SECONDS)
    else:
        short = _search_shortfall_hours(scenario, required, search)
        _report(params, started, f"search ended: {short:,.1f} agent-hours short")
    polish_follows = small_enough and not search.interrupted
    price_until = started + (limit * PRICE_SHARE if polish_follows else limit - finish)
    # A first placement slower than its share must not starve the pricing: a roster a little
    # past the limit is worth more than none.
    price_until = max(price_until, time.perf_counter() + PRICE_FLOOR_SHARE * params.time_limit_s)
    priced = _price(scenario, required, shifts, {}, params, price_until, search=search)
    if priced is None:
        # CP-SAT found no better pauses and queues in time; the search's own are legal too.
        _report(params, started, "kept the search's own pauses and queues")
        roster = roster_from_search(scenario, options, search)
        return RosterSolution(
            SolveStatus.FEASIBLE, roster, None, None, _since(started), search.interrupted
        )
    _report(
        params,
        started,
        f"pauses and queues placed: {priced.shortfall_hours():,.1f} agent-hours short, "
        f"objective {priced.objective:,.0f}",
    )
    best, bound, status = priced, None, SolveStatus.FEASIBLE
    interrupted = search.interrupted or priced.interrupted
    if not interrupted and polish_follows and limit - _since(started) >= MIN_POLISH_SECONDS:
        everyone = frozenset(agent.agent_id for agent in scenario.agents)
        values = priced.values_by_name()
        polished = _price(
            scenario, required, shifts, values, params, started + limit - finish, everyone
        )
        if polished is not None:
            bound = polished.solver.best_objective_bound
            if polished.proven_optimal:
                status = SolveStatus.OPTIMAL
            if polished.objective <= best.objective:
                best = polished
            interrupted = polished.interrupted
            _report(
                params,
                started,
                f"polished: {best.shortfall_hours():,.1f} agent-hours short, "
                f"objective {best.objective:,.0f}, bound {bound:,.0f}",
            )
    roster = extract_roster(best.model, best.solver)
    return RosterSolution(status, roster, best.objective, bound, _since(started), interrupted)


def _solve_shift_demand(
    scenario: Scenario,
    required: dict[str, list[int]],
    options: list[ShiftOption],
    params: SolveParams,
    started: float,
) -> RosterSolution:
    """Shift-demand mode (no interval requirement): nothing to price per interval, meals and queues
    decide no coverage, so after the search the full model, started from the search's roster,
    runs until it stalls, and re-solving parts of the roster gets the rest of the time; a small
    model gets almost all the time, and when it stalls, first looks for a roster with fewer
    people missing (`cover.py`)."""
    limit = params.time_limit_s
    candidates = len(scenario.agents) * len(options)
    shares = _demand_shares(candidates, len(options))
    search_seconds = limit * shares.search - _since(started)
    report = partial(_report, params, started)
    search = search_roster(
        scenario, required, options, search_seconds, params.seed, report, strict=True
    )
    if search.interrupted:
        report("interrupted: keeping the search's roster")
        roster = roster_from_search(scenario, options, search)
        return RosterSolution(SolveStatus.FEASIBLE, roster, None, None, _since(started), True)
    roster_model = build_model(scenario, required, single_units(scenario))
    _hint_weeks(roster_model, search.weeks)
    deadline = started + limit
    first_until = started + limit * shares.full
    seconds = max(first_until - time.perf_counter(), MIN_SOLVE_SECONDS)
    solver = _shift_demand_solver(replace(params, time_limit_s=seconds), candidates)
    stall_seconds = max(MIN_STALL_SECONDS, shares.stall * limit)
    with _keeping_ctrl_c():
        code, stalled = solve_until_stalled(solver, roster_model.model, stall_seconds)
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(roster_model.model.validate())
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        report("CP-SAT found no roster in time: keeping the search's")
        roster = roster_from_search(scenario, options, search)
        # People the search had no time to place may miss their minimum hours.
        whole = len(search.weeks) == len(scenario.agents)
        status = SolveStatus.FEASIBLE if whole else SolveStatus.NO_SOLUTION
        return RosterSolution(status, roster, None, None, _since(started))
    bound = solver.best_objective_bound
    report(f"full model: objective {solver.objective_value:,.0f}, bound {bound:,.0f}")
    if stalled:
        report(f"full model: no better roster for {stall_seconds:.0f} s, on to re-solving parts")
    stopped_early = interrupted(code, solver, seconds, stalled)
    if code == cp_model.OPTIMAL or stopped_early:
        status = SolveStatus.OPTIMAL if code == cp_model.OPTIMAL else SolveStatus.FEASIBLE
        roster = extract_roster(roster_model, solver)
        return RosterSolution(
            status, roster, solver.objective_value, bound, _since(started), stopped_early
        )
    incumbent = Incumbent(list(solver.response_proto.solution), solver.objective_value)
    stopped = False
    with _keeping_ctrl_c():
        if stalled and shares.cover:
            repair = CoverRepair(
                roster_model,
                lambda seconds: _shift_demand_solver(
                    replace(params, time_limit_s=seconds), candidates
                ),
                report,
                max(MIN_STALL_SECONDS, COVER_STALL_SHARE * limit),
            )
            incumbent, stopped = repair.run(
                incumbent,
                min(time.perf_counter() + shares.cover * limit, first_until),
                first_until,
                stall_seconds,
            )
        if not stopped:
            incumbent = improve(
                roster_model,
                incumbent,
                deadline - FINAL_SECONDS,
                lambda seconds: _part_solver(
                    replace(params, time_limit_s=seconds, log=None), candidates
                ),
                params.seed,
                report,
                bound,
            )
    # One last solve with every shift fixed fills in the rest of the model for the roster.
    final = fixed_copy(roster_model.model, incumbent.values, set(), shift_indices(roster_model))
    solver = _solver(replace(params, time_limit_s=max(FINAL_SECONDS, MIN_SOLVE_SECONDS)))
    if solver.solve(final) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError("the roster found could not be read back from the model")
    status = SolveStatus.OPTIMAL if incumbent.objective <= bound else SolveStatus.FEASIBLE
    report(f"solved ({status}): objective {incumbent.objective:,.0f}, bound {bound:,.0f}")
    roster = extract_roster(roster_model, solver)
    return RosterSolution(status, roster, incumbent.objective, bound, _since(started), stopped)


def _demand_shares(candidates: int, options: int) -> DemandShares:
    """The time split for `candidates` (agents x candidate shifts), `options` per person."""
    small = candidates <= SMALL_DEMAND_CANDIDATES and options <= SMALL_DEMAND_OPTIONS
    return SMALL_DEMAND if small else DEMAND


def _shift_demand_solver(params: SolveParams, candidates: int) -> cp_model.CpSolver:
    """The solver of the full shift-demand model over `candidates` (agents x candidate shifts).
    Shift-demand covers are weak in the plain LP; its stronger linearization pays (measured on
    the Curtois-Qu nurse rostering instances). On two workers CP-SAT runs a single full-model
    search, by default the plain one; there, the search that keeps every linear constraint in
    its LP did better: in 60 s runs it reached the best known 1,716 on Instance4 and 1,143 on
    Instance5, against 1,721 and 1,145-1,148. Not on the largest: on Instance13 (60,480
    candidates) six seeded runs ended between 5,315 and 10,329 with it, seven between 5,390
    and 7,270 without."""
    solver = _solver(params)
    solver.parameters.linearization_level = 2
    if candidates <= MAX_LP_CANDIDATES:
        _max_lp_on_two_workers(solver, params)
    return solver


def _part_solver(params: SolveParams, candidates: int) -> cp_model.CpSolver:
    """The solver of one re-solved part of a shift-demand roster over `candidates` in all.
    On a small roster the covers' stronger linearization pays here too: in 60 s runs of seeds
    0-2 on Curtois-Qu Instance10 (5,600 candidates) the roster ended at 4,877, 4,651 and 4,756
    with it, 4,934, 4,771 and 4,864 without. On larger ones the parts then solve too slowly:
    Instance17 (7,168) ended at 7,715 against 7,025, Instance15 (11,340) 6,675 against 5,556.
    On a small roster, as for the full model, the search that keeps every linear constraint in
    its LP pays on two workers: on Instance7 a part freeing 6 of 20 people for the whole horizon
    ran out of its 2 s with a bound of 652 against the roster's 1,060 without it; with it, most
    parts of 8-9 people were solved to optimality in 0.1-0.7 s."""
    solver = _solver(params)
    if candidates <= STRONG_PART_MAX_CANDIDATES:
        solver.parameters.linearization_level = 2
        _max_lp_on_two_workers(solver, params)
    return solver


def _max_lp_on_two_workers(solver: cp_model.CpSolver, params: SolveParams) -> None:
    """On two workers CP-SAT runs a single full-model search: make it `max_lp`. More workers
    run CP-SAT's whole portfolio, `max_lp` among it, which is left as it is."""
    if _threads(params) == 2:
        solver.parameters.subsolvers.append("max_lp")


def _hint_weeks(roster_model: RosterModel, weeks: dict[str, list[int]]) -> None:
    """Hint every shift variable and the shift-demand gaps with the search's roster."""
    model = roster_model.model
    heads: Counter[tuple[int, str]] = Counter()
    for unit, variables in zip(roster_model.units, roster_model.shift_vars, strict=True):
        chosen = set(weeks.get(unit.agent_ids[0], ()))
        for index, var in variables:
            model.add_hint(var, int(index in chosen))
            if index in chosen:
                option = roster_model.options[index]
                heads[option.day, option.shift_id] += 1
    horizon = roster_model.scenario.horizon
    required = {
        (day, d.shift_id): d.required
        for d in roster_model.scenario.shift_demand
        if (day := horizon.day_index(d.date)) is not None
    }
    for penalty in roster_model.demand:
        gap = required[penalty.day, penalty.shift_id] - heads[penalty.day, penalty.shift_id]
        model.add_hint(penalty.variable, max(0, gap if penalty.name == "understaffing" else -gap))


def _search_shortfall_hours(
    scenario: Scenario, required: dict[str, list[int]], search: Search
) -> float:
    covered = Counter(pair for placed in search.queues.values() for pair in placed)
    short = sum(
        max(0, need - covered[queue_id, slot])
        for queue_id, curve in required.items()
        for slot, need in enumerate(curve)
    )
    return short * scenario.horizon.slot_hours


def _report(params: SolveParams, started: float, message: str) -> None:
    if params.progress is not None:
        params.progress(f"  {_since(started):6.1f} s  {message}")


@contextmanager
def _keeping_ctrl_c() -> Iterator[None]:
    """CP-SAT catches Ctrl-C during a solve (and stops gracefully) but leaves the default,
    process-killing handler behind; put the caller's back so Ctrl-C can end the search later."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    try:
        yield
    finally:
        if previous is not None:  # None: a handler not set from Python, nothing to put back
            signal.signal(signal.SIGINT, previous)


def _threads(params: SolveParams) -> int:
    """How many threads a solve may use (`workers` 0: every core)."""
    return params.workers or os.cpu_count() or 1


def _solver(params: SolveParams) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    apply_params(solver, params)
    return solver


@dataclass(frozen=True)
class Priced:
    """A roster solved in full: shifts, pauses and queue split, with its objective."""

    model: RosterModel
    solver: cp_model.CpSolver
    proven_optimal: bool
    interrupted: bool  # stopped early by Ctrl-C (CP-SAT catches it and keeps its best)

    @property
    def objective(self) -> float:
        return float(self.solver.objective_value)

    def shortfall_hours(self) -> float:
        units = sum(
            self.solver.value(p.variable) for p in self.model.penalties if p.name == "understaffing"
        )
        return units * self.model.scenario.horizon.slot_hours

    def values_by_name(self) -> dict[str, int]:
        """Every variable's value by name: a complete hint for a model over the same agents,
        which CP-SAT takes as its first solution at once (a partial hint may be lost)."""
        solution = self.solver.response_proto.solution
        return {var.name: solution[i] for i, var in enumerate(self.model.model.proto.variables)}


SEARCH_SHARE = 0.5  # of the time limit, at most, for placing and re-placing people
# Too large to polish, the search is what improves the roster: on 1,000 agents, 150 s of
# CP-SAT pricing after the search removed 2 of 4,828 agent-hours short.
LARGE_SEARCH_SHARE = 0.8
EXTRACT_SECONDS_PER_AGENT = 0.005  # measured: 22 s for 5,000 agents, 2 s for 1,000


@dataclass(frozen=True)
class DemandShares:
    """How shift-demand mode splits its time limit."""

    search: float  # placing and re-placing people one at a time
    cover: float  # at most, once the full model stalls, for fewer people missing (0: never)
    full: float  # up to the end of the full model's solve; re-solving parts gets the rest
    stall: float  # this long without a better roster also ends the full model's solve


# The more people the search places, the better the full model's first roster (Curtois-Qu
# Instance13: 0 of 120 people placed in 5% of 60 s, 107 in 25%); on such large instances the
# full model soon improves slower than re-solving parts of it.
DEMAND = DemandShares(search=0.25, cover=0, full=0.7, stall=0.05)
# A small model is best left to CP-SAT whole: on the Curtois-Qu instances of up to ~4,000
# candidate shifts (3, 4, 5, 7, 9) the full model alone for 60 s matched or beat the split.
# Yet the full model can get stuck: Instance9 (max_lp on two workers) ended at 542-545 in three
# 60 s runs; handing over to re-solving parts after 20% of the limit without a better roster
# ended at 442. Stalled one covered shift short, it may stay there: a model pricing only the
# people missing (at most 30% of the limit) found the better cover 3 s after the stall on
# Instance5 (1,243 -> 1,150 at the end of the 60 s run), and from scratch within 3-18 s on
# Instances 5 and 9 (seeds 0-2). Started from the stalled roster instead, it found the better
# cover once on Instance9 (547 -> 444) but not in 6 s on two Instance5 runs stuck at 1,2xx.
SMALL_DEMAND = DemandShares(search=0.02, cover=0.3, full=0.95, stall=0.2)
# Ends the search for fewer people missing: without one found, it cost the re-solved parts
# 2-12 s in the runs above.
COVER_STALL_SHARE = 0.1
SMALL_DEMAND_CANDIDATES = 10_000  # agents x candidate shifts
# What the search's share buys is a first roster with everyone in it, and placing a person
# costs more the more candidate shifts each has: on Instance15 (252 per person) and Instance17
# (224) nobody is placed in 2% of 60 s, and with the small shares they ended at 6,783-7,084 and
# 8,613-9,118 against 5,169-5,265 and 7,704-7,805 (seeds 0-1). Instance10 (140) and Instance11
# (168) place everyone in about a second; with the small shares they ended at 4,636-4,750 and
# 3,456-3,572 (seeds 0-2), against 4,953-5,136 and 3,564 with the split (seed 0).
SMALL_DEMAND_OPTIONS = 200  # candidate shifts per person
MAX_LP_CANDIDATES = 20_000  # above, the full shift-demand model keeps CP-SAT's default search
STRONG_PART_MAX_CANDIDATES = 6_000  # above, re-solved parts keep CP-SAT's default linearization
MIN_STALL_SECONDS = 2.0
FINAL_SECONDS = 1.5  # kept back to read the roster out of the model and finish on time
PRICE_SHARE = 0.7  # of the time limit, up to the end of placing pauses and queues
MIN_POLISH_SECONDS = 2.0
# Above this many candidate shifts (agents x shifts) merely building the full model overruns the
# time limit, and CP-SAT cannot improve on the search's roster in the time left anyway.
POLISH_MAX_CANDIDATES = 200_000
INTERRUPTED_SECONDS = 10.0  # after Ctrl-C, to place pauses and queues for the roster so far
PRICE_FLOOR_SHARE = 0.15  # of the time limit, the least the pricing gets
MIN_SOLVE_SECONDS = 0.5  # even past the deadline: a roster slightly late beats none


def _price(
    scenario: Scenario,
    required: dict[str, list[int]],
    shifts: dict[str, list[int]],
    values: dict[str, int],
    params: SolveParams,
    deadline: float,
    loose: frozenset[str] = frozenset(),
    search: Search | None = None,
) -> Priced | None:
    """Solve pauses and queues for `shifts` by `deadline` (a perf_counter time), starting from
    the `search`'s own when given; agents in `loose` may change their shifts too."""
    fixed = {agent_id: s for agent_id, s in shifts.items() if agent_id not in loose}
    roster_model = build_model(scenario, required, single_units(scenario), fixed=fixed)
    if search is not None:
        _hint_from_search(roster_model, search, required)
    for index, var in enumerate(roster_model.model.proto.variables):
        if values:
            # A variable missing from `values` is a shift nobody took there, or a count of it.
            hinted = values.get(var.name, 0)
            roster_model.model.add_hint(
                roster_model.model.get_int_var_from_proto_index(index), hinted
            )
    seconds = max(deadline - time.perf_counter(), MIN_SOLVE_SECONDS)
    solver = _solver(replace(params, time_limit_s=seconds))
    with _keeping_ctrl_c():
        code = solver.solve(roster_model.model)
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(roster_model.model.validate())
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    stopped_early = interrupted(code, solver, seconds)
    return Priced(roster_model, solver, code == cp_model.OPTIMAL, stopped_early)


def _hint_from_search(
    roster_model: RosterModel, search: Search, required: dict[str, list[int]]
) -> None:
    """Hint the pause split, queue split and coverage terms with the search's own roster, so
    CP-SAT starts from it instead of hunting for a first solution in a large model."""
    model = roster_model.model
    group_of = {
        agent_id: g
        for g in range(len(roster_model.groups))
        for agent_id in _group_agents(roster_model, g)
    }
    pausing = Counter(
        (group_of[agent_id], index, number, offset)
        for agent_id, pauses in search.pauses.items()
        for index, offsets in pauses.items()
        for number, offset in enumerate(offsets)
    )
    for (g, index, number), split in roster_model.pause_counts.items():
        for offset, var in split:
            model.add_hint(var, pausing[g, index, number, offset])
    working = Counter(
        (group_of[agent_id], queue_id, slot)
        for agent_id, placed in search.queues.items()
        for queue_id, slot in placed
    )
    for (g, queue_id, slot), var in roster_model.allocation.items():
        model.add_hint(var, working[g, queue_id, slot])
    covered = Counter(pair for placed in search.queues.values() for pair in placed)
    short_left: dict[tuple[str, int], int] = {}
    for penalty in roster_model.penalties:
        key = (penalty.queue_id, penalty.slot)
        gap = required[penalty.queue_id][penalty.slot] - covered[key]
        if penalty.name == "overstaffing":
            model.add_hint(penalty.variable, max(0, -gap))
            continue
        left = short_left.setdefault(key, max(0, gap))
        step = min(left, list(model.proto.variables[penalty.variable.index].domain)[-1])
        model.add_hint(penalty.variable, step)
        short_left[key] = left - step


def _since(started: float) -> float:
    return time.perf_counter() - started


def extract_roster(roster_model: RosterModel, solver: cp_model.CpSolver) -> Roster:
    chosen = {
        unit.agent_ids[0]: [index for index, var in variables if solver.value(var)]
        for unit, variables in zip(roster_model.units, roster_model.shift_vars, strict=True)
    }
    pauses = _assign_pauses(roster_model, solver, chosen)
    queue_at = _assign_queues(roster_model, chosen, pauses, solver)
    horizon = roster_model.scenario.horizon
    activities: list[Activity] = []
    for agent_id, indices in chosen.items():
        for index in indices:
            option = roster_model.options[index]
            offsets = pauses[agent_id, index]
            activities.extend(_shift_activities(horizon, option, agent_id, offsets, queue_at))
    activities.sort(key=lambda a: (a.agent_id, a.start))
    return Roster(tuple(activities))


def roster_from_search(scenario: Scenario, options: list[ShiftOption], search: Search) -> Roster:
    """The search's own roster: its pauses and queues, as placed; used when CP-SAT found none."""
    best_queue = {agent.agent_id: agent.primary_queue_id for agent in scenario.agents}
    activities: list[Activity] = []
    for agent_id, week in search.weeks.items():
        queue_at = {(agent_id, slot): queue_id for queue_id, slot in search.queues[agent_id]}
        for index in week:
            option = options[index]
            for slot in range(option.start_slot, option.end_slot):
                # Past the horizon nothing was placed: stay on the last queue worked.
                queue_at.setdefault(
                    (agent_id, slot), queue_at.get((agent_id, slot - 1), best_queue[agent_id])
                )
            offsets = search.pauses.get(agent_id, {}).get(index, option.earliest_pauses())
            activities.extend(
                _shift_activities(scenario.horizon, option, agent_id, offsets, queue_at)
            )
    activities.sort(key=lambda a: (a.agent_id, a.start))
    return Roster(tuple(activities))


def _group_agents(roster_model: RosterModel, group: int) -> list[str]:
    return [
        agent_id
        for unit in roster_model.groups[group].units
        for agent_id in roster_model.units[unit].agent_ids
    ]


def _takers(
    roster_model: RosterModel, chosen: dict[str, list[int]], group: int
) -> dict[int, list[str]]:
    takers: dict[int, list[str]] = defaultdict(list)
    for agent_id in _group_agents(roster_model, group):
        for index in chosen[agent_id]:
            takers[index].append(agent_id)
    return takers


def _assign_pauses(
    roster_model: RosterModel, solver: cp_model.CpSolver, chosen: dict[str, list[int]]
) -> dict[tuple[str, int], tuple[int, ...]]:
    """Each pause's start offset per (agent, option), honouring the solver's per-offset counts."""
    starts: dict[tuple[str, int], list[int]] = {}
    for group in range(len(roster_model.groups)):
        for index, agent_ids in _takers(roster_model, chosen, group).items():
            pauses = roster_model.options[index].pauses
            for agent_id in agent_ids:
                starts[agent_id, index] = [pause.offsets[0] for pause in pauses]
            for number in range(len(pauses)):
                split = roster_model.pause_counts.get((group, index, number), [])
                # Rotate who starts first from one pause to the next, so the same person is
                # not always the one pausing earliest.
                ordered = sorted(agent_ids)
                queue = iter(ordered[number % len(ordered) :] + ordered[: number % len(ordered)])
                for offset, var in split:
                    for _ in range(solver.value(var)):
                        starts[next(queue), index][number] = offset
    return {key: tuple(offsets) for key, offsets in starts.items()}


def _assign_queues(
    roster_model: RosterModel,
    chosen: dict[str, list[int]],
    pauses: dict[tuple[str, int], tuple[int, ...]],
    solver: cp_model.CpSolver,
) -> dict[tuple[str, int], str]:
    """Queue per (agent, slot), filling each queue's allocated count from the solver."""
    proficiency = {
        (agent.agent_id, skill.queue_id): skill.proficiency
        for agent in roster_model.scenario.agents
        for skill in agent.skills
    }
    queue_at: dict[tuple[str, int], str] = {}
    for g, group in enumerate(roster_model.groups):
        agent_ids = _group_agents(roster_model, g)
        at_work = _at_work_by_slot(roster_model, chosen, pauses, agent_ids)
        for slot in sorted(at_work):
            quota = _quota(roster_model, solver, g, slot, len(at_work[slot]))
            placed = _fill(at_work[slot], slot, group.queue_ids, quota, queue_at, proficiency)
            for agent_id, queue_id in placed:
                queue_at[agent_id, slot] = queue_id
    return queue_at


def _quota(
    roster_model: RosterModel, solver: cp_model.CpSolver, group: int, slot: int, at_work: int
) -> dict[str, int]:
    queue_ids = roster_model.groups[group].queue_ids
    if len(queue_ids) == 1:
        return {queue_ids[0]: at_work}
    if (group, queue_ids[0], slot) not in roster_model.allocation:
        # Past the horizon, or nothing priced per interval: people stay where they were.
        return {}
    return {q: solver.value(roster_model.allocation[group, q, slot]) for q in queue_ids}


def _fill(
    agent_ids: list[str],
    slot: int,
    queue_ids: tuple[str, ...],
    quota: dict[str, int],
    queue_at: dict[tuple[str, int], str],
    proficiency: dict[tuple[str, str], int],
) -> list[tuple[str, str]]:
    """Keep people on the queue they worked in the previous interval while its quota lasts (fewer
    switches for the agent), then give each queue its most proficient free people."""
    remaining = dict(quota)
    placed: list[tuple[str, str]] = []
    free: list[str] = []
    for agent_id in sorted(agent_ids):
        previous = queue_at.get((agent_id, slot - 1))
        if previous is not None and (not quota or remaining.get(previous, 0) > 0):
            remaining[previous] = remaining.get(previous, 0) - 1
            placed.append((agent_id, previous))
        else:
            free.append(agent_id)
    if not quota:
        best = {a: max(queue_ids, key=lambda q: proficiency[a, q]) for a in free}
        return placed + list(best.items())
    for queue_id in queue_ids:
        free.sort(key=lambda a: -proficiency[a, queue_id])
        placed.extend((agent_id, queue_id) for agent_id in free[: remaining[queue_id]])
        free = free[remaining[queue_id] :]
    return placed


def _at_work_by_slot(
    roster_model: RosterModel,
    chosen: dict[str, list[int]],
    pauses: dict[tuple[str, int], tuple[int, ...]],
    agent_ids: list[str],
) -> dict[int, list[str]]:
    at_work: dict[int, list[str]] = defaultdict(list)
    for agent_id in agent_ids:
        for index in chosen[agent_id]:
            option = roster_model.options[index]
            paused = option.off_queue(pauses[agent_id, index])
            for slot in range(option.start_slot, option.end_slot):
                if slot not in paused:
                    at_work[slot].append(agent_id)
    return at_work


def _shift_activities(
    horizon: Horizon,
    option: ShiftOption,
    agent_id: str,
    offsets: tuple[int, ...],
    queue_at: dict[tuple[str, int], str],
) -> list[Activity]:
    """Consecutive slots of the same pause, or at work on the same queue, become one row."""
    pause_at = {
        slot: number
        for number, (pause, offset) in enumerate(zip(option.pauses, offsets, strict=True))
        for slot in pause.at(option.start_slot, offset)
    }
    day = horizon.day_date(option.day)
    activities: list[Activity] = []
    previous: tuple[int | None, str | None] | None = None
    for slot in range(option.start_slot, option.end_slot):
        number = pause_at.get(slot)
        kind = ActivityKind.SHIFT if number is None else option.pauses[number].kind
        queue_id = queue_at.get((agent_id, slot)) if number is None else None
        start = horizon.slot_start(slot)
        end = start + timedelta(minutes=horizon.interval_minutes)
        if previous == (number, queue_id):
            activities[-1] = replace(activities[-1], end=end)
        else:
            activities.append(Activity(agent_id, day, kind, start, end, queue_id))
        previous = (number, queue_id)
    return activities
