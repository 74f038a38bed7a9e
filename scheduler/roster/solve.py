"""Solve the roster model and turn its counts back into named, timed activities."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from ortools.sat.python import cp_model

from scheduler.domain import Scenario
from scheduler.errors import InfeasibleError
from scheduler.result import Activity, ActivityKind, Roster, SolveStatus
from scheduler.roster.disaggregate import disaggregate
from scheduler.roster.feasibility import explain_infeasibility
from scheduler.roster.model import RosterModel, build_model, pooled_units, single_units


@dataclass(frozen=True)
class SolveParams:
    time_limit_s: float = 60.0
    seed: int = 0
    workers: int = 0  # 0 lets CP-SAT use every core
    log: Callable[[str], None] | None = None


def apply_params(solver: cp_model.CpSolver, params: SolveParams) -> None:
    """The one place where settings reach CP-SAT."""
    solver.parameters.max_time_in_seconds = params.time_limit_s
    solver.parameters.random_seed = params.seed
    solver.parameters.num_workers = params.workers
    if params.log is not None:
        solver.parameters.log_search_progress = True
        solver.log_callback = params.log


_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.UNKNOWN: SolveStatus.NO_SOLUTION,
}


def solve_roster(
    scenario: Scenario, required: dict[str, list[int]], params: SolveParams
) -> tuple[SolveStatus, Roster, float | None, float | None, float]:
    """Return status, roster, objective, bound and wall seconds; raise when rules conflict.

    Two phases share the time limit. A pooled model, where interchangeable people are counted
    rather than named, plans shift counts fast; each pool's plan is split into legal weeks for
    its people; that roster seeds the exact per-person model, which improves it in the rest of
    the time. Only the per-person model's solution is returned.
    """
    conflicts = explain_infeasibility(scenario)
    if conflicts:
        raise InfeasibleError(conflicts)
    started = time.perf_counter()
    hint = _plan_with_pools(scenario, required, params)
    roster_model = build_model(scenario, required, single_units(scenario))
    for unit, variables in zip(roster_model.units, roster_model.shift_vars, strict=True):
        hinted = set(hint.get(unit.agent_ids[0], []))
        for index, var in variables:
            roster_model.model.add_hint(var, int(index in hinted))
    remaining = params.time_limit_s - (time.perf_counter() - started)
    solver = _solver(replace(params, time_limit_s=max(remaining, 1.0)))
    code = solver.solve(roster_model.model)
    seconds = time.perf_counter() - started
    if code == cp_model.INFEASIBLE:
        raise InfeasibleError(["the hard rules conflict in a way the per-agent check missed"])
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(roster_model.model.validate())
    status = _STATUS[code]
    if status is SolveStatus.NO_SOLUTION:
        return status, Roster(()), None, None, seconds
    roster = extract_roster(roster_model, solver)
    return status, roster, solver.objective_value, solver.best_objective_bound, seconds


POOL_SHARE = 0.5


def _solver(params: SolveParams) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    apply_params(solver, params)
    return solver


def _plan_with_pools(
    scenario: Scenario, required: dict[str, list[int]], params: SolveParams
) -> dict[str, list[int]]:
    """A good first roster from the pooled model: option indices per agent (may be partial)."""
    pooled = build_model(scenario, required, pooled_units(scenario))
    solver = _solver(replace(params, time_limit_s=params.time_limit_s * POOL_SHARE))
    if solver.solve(pooled.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}
    interval = scenario.horizon.interval_minutes
    plan: dict[str, list[int]] = {}
    for unit, variables in zip(pooled.units, pooled.shift_vars, strict=True):
        counts = {index: solver.value(var) for index, var in variables if solver.value(var)}
        if unit.size == 1:
            plan[unit.agent_ids[0]] = list(counts)
        else:
            plan.update(disaggregate(unit, counts, pooled.options, interval, time_limit_s=5))
    return plan


def extract_roster(roster_model: RosterModel, solver: cp_model.CpSolver) -> Roster:
    chosen = {
        unit.agent_ids[0]: [index for index, var in variables if solver.value(var)]
        for unit, variables in zip(roster_model.units, roster_model.shift_vars, strict=True)
    }
    meal_start = _assign_meals(roster_model, solver, chosen)
    queue_at = _assign_queues(roster_model, solver, chosen, meal_start)
    activities: list[Activity] = []
    for agent_id, indices in chosen.items():
        for index in indices:
            meal = meal_start.get((agent_id, index))
            activities.extend(_shift_activities(roster_model, agent_id, index, meal, queue_at))
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


def _assign_meals(
    roster_model: RosterModel, solver: cp_model.CpSolver, chosen: dict[str, list[int]]
) -> dict[tuple[str, int], int]:
    """Meal start slot offset per (agent, option), honouring the solver's per-offset counts."""
    meal_start: dict[tuple[str, int], int] = {}
    for group in range(len(roster_model.groups)):
        for index, agent_ids in _takers(roster_model, chosen, group).items():
            offsets = roster_model.options[index].meal_offsets
            split = roster_model.meal_counts.get((group, index))
            if split is None:
                for agent_id in agent_ids:
                    if offsets:
                        meal_start[agent_id, index] = offsets[0]
                continue
            queue = iter(sorted(agent_ids))
            for offset, var in split:
                for _ in range(solver.value(var)):
                    meal_start[next(queue), index] = offset
    return meal_start


def _assign_queues(
    roster_model: RosterModel,
    solver: cp_model.CpSolver,
    chosen: dict[str, list[int]],
    meal_start: dict[tuple[str, int], int],
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
        at_work = _at_work_by_slot(roster_model, chosen, meal_start, agent_ids)
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
    if slot >= roster_model.scenario.horizon.num_slots:
        return {}  # past the horizon nothing is counted: people stay where they were
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
    meal_start: dict[tuple[str, int], int],
    agent_ids: list[str],
) -> dict[int, list[str]]:
    at_work: dict[int, list[str]] = defaultdict(list)
    for agent_id in agent_ids:
        for index in chosen[agent_id]:
            option = roster_model.options[index]
            meal = _meal_slots(
                option.start_slot, option.meal_slots, meal_start.get((agent_id, index))
            )
            for slot in range(option.start_slot, option.end_slot):
                if slot not in meal:
                    at_work[slot].append(agent_id)
    return at_work


def _meal_slots(start_slot: int, length: int, offset: int | None) -> range:
    if offset is None:
        return range(0)
    return range(start_slot + offset, start_slot + offset + length)


def _shift_activities(
    roster_model: RosterModel,
    agent_id: str,
    index: int,
    meal_offset: int | None,
    queue_at: dict[tuple[str, int], str],
) -> list[Activity]:
    """Consecutive slots with the same activity and queue become one row."""
    horizon = roster_model.scenario.horizon
    option = roster_model.options[index]
    meal = _meal_slots(option.start_slot, option.meal_slots, meal_offset)
    day = horizon.day_date(option.day)
    activities: list[Activity] = []
    for slot in range(option.start_slot, option.end_slot):
        kind = ActivityKind.MEAL if slot in meal else ActivityKind.SHIFT
        queue_id = None if kind is ActivityKind.MEAL else queue_at.get((agent_id, slot))
        start = horizon.slot_start(slot)
        end = start + timedelta(minutes=horizon.interval_minutes)
        last = activities[-1] if activities else None
        if last is not None and last.kind is kind and last.queue_id == queue_id:
            activities[-1] = Activity(agent_id, day, kind, last.start, end, queue_id)
        else:
            activities.append(Activity(agent_id, day, kind, start, end, queue_id))
    return activities
