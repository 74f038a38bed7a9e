"""The requirement table: how many agents each queue needs in each slot of the horizon.

A forecast point gives volume (contacts arriving in the interval) and average handle time, or a
headcount directly. Bots first take the queue's ``bot_deflection`` share of the volume; the rest is
staffed by the queue's method (README, "Staffing methods"):

- ``erlang_c``: smallest N meeting the service level, the optional ASA target and the occupancy
  cap (M/M/N);
- ``erlang_a``: the same with callers hanging up after an exponential patience, and an optional
  abandonment target (M/M/N+M);
- ``chat``: Erlang C on k*N session slots, k the concurrency, aht_s a session's handle time;
- ``deferred``: work smoothed within its deadline (see ``deferred.py``), ceil(work / cap);
- ``productivity``: ceil(volume / (items_per_agent_hour * interval hours)).

A headcount point is taken as given (no bots, no method). Net agents are then grossed up for
shrinkage, the share of paid time not available for contacts: ``required = ceil(net / (1 - s))``.

The table is kept in columns (numpy arrays): Erlang C, the common case, is staffed for all rows
at once (``batch.py``), and ``rows`` builds the row objects only when someone reads them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from functools import cached_property, lru_cache, partial
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from scheduler.domain import Horizon, Queue, Scenario, StaffingMethod
from scheduler.errors import SchedulerError
from scheduler.staffing.batch import ErlangCInputs, erlang_c_batch
from scheduler.staffing.deferred import deadline_slots, deferred_service, plan_open_hours
from scheduler.staffing.erlang import erlang_a, erlang_a_agents

__all__ = [
    "ERLANG_C",
    "HEADCOUNT",
    "METHODS",
    "LateWork",
    "RequirementRow",
    "RequirementTable",
    "Requirements",
    "StaffingError",
    "apply_shrinkage",
    "compute_requirements",
    "method_label",
]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
_T = TypeVar("_T", bound=np.generic)

# Headcounts and shrinkage ratios arrive as floats: 21 / (1 - 0.3) evaluates to
# 30.000000000000004, and a headcount of 3 * 0.1 * 10 to 3.0000000000000004. Rounding up only
# past this margin keeps such noise from costing a whole agent.
_ROUNDING_MARGIN = 1e-9

ERLANG_C = StaffingMethod.ERLANG_C.value
HEADCOUNT = "headcount"
# Method names by the codes the table stores.
METHODS: tuple[str, ...] = (*(m.value for m in StaffingMethod), HEADCOUNT)
_CODE = {name: code for code, name in enumerate(METHODS)}


class StaffingError(SchedulerError, ValueError):
    """A forecast the staffing step cannot use; validated input never raises it."""


@dataclass(frozen=True)
class RequirementRow:
    """Staffing need of one queue in one slot; None where a figure does not apply.

    volume: contacts (or items) forecast; agent_volume: what is left for agents after bots.
    workload: agent-erlangs of work arriving, the agents that would be busy all interval
        (chat: session erlangs / concurrency; productivity: volume / items an agent handles in
        the interval). planned_workload: the work the plan handles in this slot; for deferred
        queues the smoothed work, for the others the same as workload.
    net_agents: agents needed on the queue before shrinkage (0 without workload);
    required_agents: ceil(net / (1 - shrinkage)), what the roster must cover.
    service_level: share answered within answer_time_s (deferred: share finished within the
        deadline); asa_s: mean wait over all contacts, seconds; abandon_probability: Erlang A's
        share of callers hanging up; occupancy: share of staffed time busy with work
        (chat: of the session slots).
    """

    queue_id: str
    slot: int
    interval_start: datetime
    method: str  # a StaffingMethod value, or "headcount" for a headcount given directly
    volume: float | None
    agent_volume: float | None
    aht_s: float | None
    workload: float | None
    planned_workload: float | None
    net_agents: int
    required_agents: int
    service_level: float | None
    asa_s: float | None
    abandon_probability: float | None
    occupancy: float | None


@dataclass(frozen=True)
class LateWork:
    """Deferred work that cannot be done within its deadline: it arrived at ``arrived`` while
    the queue was closed, and the queue stays closed until the deadline has passed. It is planned
    (late) in the first open interval, ``planned_at``; None when no open interval is left in the
    horizon, so that it is not planned at all. ``volume``: the items left for agents after bots.
    """

    queue_id: str
    arrived: datetime
    volume: float
    deadline_hours: float
    planned_at: datetime | None


def _late_warning(items: list[LateWork]) -> str:
    first, last = items[0], items[-1]
    volume = sum(item.volume for item in items)
    arrived = f"{first.arrived:%Y-%m-%d %H:%M}"
    if last is not first:
        arrived += f" to {last.arrived:%Y-%m-%d %H:%M}"
    where = (
        "no open interval is left in the horizon, so it is not planned"
        if first.planned_at is None
        else f"it is planned late, from the opening at {first.planned_at:%Y-%m-%d %H:%M}"
    )
    return (
        f"queue {first.queue_id}: {volume:,.1f} items arriving {arrived} while the queue is closed "
        f"cannot be handled within their {first.deadline_hours:g} h deadline; {where}"
    )


@dataclass(frozen=True, eq=False)
class RequirementTable:
    """The requirement rows as columns, one entry per row; NaN where a row holds None.

    ``queue`` indexes ``Requirements.queue_ids`` and ``method`` indexes ``METHODS``.
    """

    queue: Ints
    slot: Ints
    method: Ints
    volume: Floats
    agent_volume: Floats
    aht_s: Floats
    workload: Floats
    planned_workload: Floats
    net_agents: Ints
    required_agents: Ints
    service_level: Floats
    asa_s: Floats
    abandon_probability: Floats
    occupancy: Floats

    def __len__(self) -> int:
        return len(self.queue)

    def take(self, order: Ints) -> RequirementTable:
        return RequirementTable(**{f.name: getattr(self, f.name)[order] for f in fields(self)})

    @staticmethod
    def concat(parts: list[RequirementTable]) -> RequirementTable:
        return RequirementTable(
            **{
                f.name: np.concatenate([getattr(p, f.name) for p in parts])
                for f in fields(parts[0])
            }
        )


def _nan(count: int) -> Floats:
    return np.full(count, np.nan)


def _part(
    queue: Ints, slot: Ints, method: int, **columns: npt.NDArray[np.generic]
) -> RequirementTable:
    """A table of ``len(queue)`` rows of one method; columns not given are NaN."""
    count = len(queue)
    values: dict[str, object] = {"queue": queue, "slot": slot}
    values["method"] = np.full(count, method, dtype=np.int64)
    for f in fields(RequirementTable):
        if f.name not in values:
            given = columns.get(f.name)
            values[f.name] = _nan(count) if given is None else given
    # A stand-in of the right length and type until the shrinkage sets it.
    values.setdefault("required_agents", values["net_agents"])
    return RequirementTable(**values)  # type: ignore[arg-type]


_FLOAT_COLUMNS = (
    "volume",
    "agent_volume",
    "aht_s",
    "workload",
    "planned_workload",
    "service_level",
    "asa_s",
    "abandon_probability",
    "occupancy",
)


@dataclass(frozen=True, eq=False)
class Requirements:
    """Requirement rows of every queue, ordered by queue (as in the scenario) and slot."""

    table: RequirementTable
    horizon: Horizon
    queue_ids: tuple[str, ...]
    late_work: tuple[LateWork, ...] = ()  # deferred work closed hours keep from its deadline

    @property
    def warnings(self) -> tuple[str, ...]:
        """The late work in words, one line per queue and run of closed slots it arrived in."""
        runs: dict[tuple[str, datetime | None, float], list[LateWork]] = {}
        for item in self.late_work:
            runs.setdefault((item.queue_id, item.planned_at, item.deadline_hours), []).append(item)
        return tuple(_late_warning(items) for items in runs.values())

    @cached_property
    def rows(self) -> tuple[RequirementRow, ...]:
        t = self.table
        queue, slot, method = t.queue.tolist(), t.slot.tolist(), t.method.tolist()
        net, required = t.net_agents.tolist(), t.required_agents.tolist()
        floats = {
            name: [None if math.isnan(v) else v for v in getattr(t, name).tolist()]
            for name in _FLOAT_COLUMNS
        }
        return tuple(
            RequirementRow(
                queue_id=self.queue_ids[queue[i]],
                slot=slot[i],
                interval_start=self.horizon.slot_start(slot[i]),
                method=METHODS[method[i]],
                volume=floats["volume"][i],
                agent_volume=floats["agent_volume"][i],
                aht_s=floats["aht_s"][i],
                workload=floats["workload"][i],
                planned_workload=floats["planned_workload"][i],
                net_agents=net[i],
                required_agents=required[i],
                service_level=floats["service_level"][i],
                asa_s=floats["asa_s"][i],
                abandon_probability=floats["abandon_probability"][i],
                occupancy=floats["occupancy"][i],
            )
            for i in range(len(t))
        )

    def _index(self, queue_id: str) -> int:
        if queue_id not in self.queue_ids:
            raise KeyError(f"unknown queue {queue_id!r}; known queues: {', '.join(self.queue_ids)}")
        return self.queue_ids.index(queue_id)

    def rows_of(self, queue_id: str) -> Ints:
        """Positions in ``table`` of one queue's rows, in slot order."""
        return np.flatnonzero(self.table.queue == self._index(queue_id))

    def per_slot(self, queue_id: str, column: str, fill: float = np.nan) -> Floats:
        """One column of a queue over every slot of the horizon; ``fill`` where it has no row."""
        values = np.full(self.horizon.num_slots, fill)
        rows = self.rows_of(queue_id)
        values[self.table.slot[rows]] = getattr(self.table, column)[rows]
        return values

    def curve(self, queue_id: str) -> list[int]:
        """Required agents of one queue per slot of the horizon; 0 where nothing was forecast."""
        return [int(v) for v in self.per_slot(queue_id, "required_agents", 0)]

    def net_curve(self, queue_id: str) -> list[int]:
        """Agents needed on the queue before shrinkage, per slot of the horizon."""
        return [int(v) for v in self.per_slot(queue_id, "net_agents", 0)]


# --- The forecast as columns ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Points:
    queue: Ints
    slot: Ints
    volume: Floats  # NaN: a headcount point
    aht_s: Floats  # NaN: not given (productivity)
    headcount: Floats  # NaN: a volume point
    ordered: bool  # by queue, then slot


def _points(scenario: Scenario, queue_index: dict[str, int]) -> _Points:
    horizon = scenario.horizon
    forecast = scenario.forecast
    if forecast.queues == tuple(queue_index)[: len(forecast.queues)]:
        queue = forecast.queue  # coded in the scenario's order: forecasts list queues that way
    else:
        # The forecast's codes translated to the scenario's queue order, -1 for unknown ids.
        code = np.array([queue_index.get(q, -1) for q in forecast.queues], dtype=np.int64)
        queue = code[forecast.queue]
    if len(queue) and queue.min() < 0:
        point = forecast[int(np.argmax(queue < 0))]
        raise StaffingError(
            f"forecast at {point.interval_start} names unknown queue {point.queue_id!r}"
        )
    # Microseconds from the horizon's start, in integers: exact, and faster than datetimes
    # (and floor division plus a product is several times faster than divmod).
    micro = forecast.interval_start.view(np.int64) - np.datetime64(horizon.start, "us").view(
        np.int64
    )
    slot_us = horizon.interval_minutes * 60_000_000
    slot = micro // slot_us
    if len(slot) and (
        slot.min() < 0 or slot.max() >= horizon.num_slots or np.any(slot * slot_us != micro)
    ):
        off = (slot * slot_us != micro) | (slot < 0) | (slot >= horizon.num_slots)
        point = forecast[int(np.argmax(off))]
        raise StaffingError(
            f"forecast of queue {point.queue_id!r} at {point.interval_start} is not the start "
            f"of a {horizon.interval_minutes}-minute slot inside the horizon"
        )
    keys = queue * horizon.num_slots
    keys += slot
    # Keys rising throughout (the usual order, by queue and slot) are distinct.
    ordered = len(keys) < 2 or bool(np.all(keys[1:] > keys[:-1]))
    if not ordered and np.bincount(keys).max() > 1:
        _, first = np.unique(keys, return_index=True)
        seen = np.zeros(len(keys), dtype=bool)
        seen[first] = True
        point = forecast[int(np.argmin(seen))]
        raise StaffingError(
            f"forecast of queue {point.queue_id!r} at {point.interval_start} is given twice"
        )
    points = _Points(
        queue=queue,
        slot=slot,
        volume=forecast.volume,
        aht_s=forecast.aht_s,
        headcount=forecast.required_agents,
        ordered=ordered,
    )
    return points


# --- Staffing by method ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    scenario: Scenario
    points: _Points
    methods: Ints  # per queue, its method code
    interval_s: float

    def queue(self, index: int) -> Queue:
        return self.scenario.queues[index]

    @cached_property
    def by_volume(self) -> npt.NDArray[np.bool_] | None:
        """Which points give a volume (the others a headcount); None when all do."""
        headcount = np.isnan(self.points.headcount)
        return None if headcount.all() else ~np.isnan(self.points.volume)

    def rows(self, queues: npt.NDArray[np.bool_], by_volume: bool) -> Ints:
        """Points of the chosen queues (a flag per queue) giving a volume, or a headcount."""
        count = len(self.points.queue)
        if not queues.any() or (not by_volume and self.by_volume is None):
            return np.zeros(0, dtype=np.int64)
        if queues.all() and by_volume and self.by_volume is None:
            return np.arange(count)  # the common case: take() then skips gathering
        chosen = queues[self.points.queue]
        if self.by_volume is not None:
            chosen &= self.by_volume if by_volume else ~self.by_volume
        return np.flatnonzero(chosen)

    def of_method(self, method: StaffingMethod) -> npt.NDArray[np.bool_]:
        """Which queues are staffed by ``method``."""
        chosen: npt.NDArray[np.bool_] = self.methods == _CODE[method.value]
        return chosen

    def queue_values(self, rows: Ints, get: Callable[[Queue], float | None]) -> Floats:
        """A queue parameter for each point in ``rows``; NaN where it is None (read-only)."""
        values = [get(q) for q in self.scenario.queues]
        per_queue = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        return self.spread(per_queue, rows, shared=len(set(values)) == 1)

    def spread(self, per_queue: npt.NDArray[_T], rows: Ints, shared: bool) -> npt.NDArray[_T]:
        """Per-queue values for each point in ``rows``. A value ``shared`` by every queue is
        broadcast, read-only, rather than copied to every row: fresh arrays cost page faults."""
        if shared:
            return np.broadcast_to(per_queue[0], (len(rows),))
        return per_queue.take(self.take(self.points.queue, rows))

    def take(self, values: npt.NDArray[_T], rows: Ints) -> npt.NDArray[_T]:
        """``values[rows]``, or ``values`` itself when ``rows`` (sorted, distinct) are all."""
        return values if len(rows) == len(values) else values[rows]

    def agent_volume(self, rows: Ints) -> Floats:
        """The volume bots leave for agents."""
        volume = self.take(self.points.volume, rows)
        if not any(q.bot_deflection for q in self.scenario.queues):
            return volume  # volume * (1 - 0) is volume, bit for bit
        deflection = self.queue_values(rows, lambda q: q.bot_deflection)
        return volume * (1.0 - deflection)


def _headcount_part(context: _Context, rows: Ints) -> RequirementTable:
    net = np.ceil(context.points.headcount[rows] - _ROUNDING_MARGIN).astype(np.int64)
    p = context.points
    return _part(p.queue[rows], p.slot[rows], _CODE[HEADCOUNT], net_agents=np.maximum(net, 0))


def _erlang_c_part(context: _Context, rows: Ints, method: StaffingMethod) -> RequirementTable:
    """Erlang C, and chat as Erlang C on concurrency * N session slots."""
    p = context.points
    volume = context.agent_volume(rows)
    aht = context.take(p.aht_s, rows)
    load = volume * aht
    load /= context.interval_s
    per_queue = np.array([q.concurrency or 1 for q in context.scenario.queues], dtype=np.int64)
    concurrency = context.spread(per_queue, rows, shared=bool(np.all(per_queue == per_queue[0])))
    batch = erlang_c_batch(
        ErlangCInputs(
            load=load,
            aht_s=aht,
            target=context.queue_values(rows, lambda q: q.service_level),
            answer_time_s=context.queue_values(rows, lambda q: q.answer_time_s),
            max_occupancy=context.queue_values(rows, lambda q: q.max_occupancy),
            asa_target_s=context.queue_values(rows, lambda q: q.asa_target_s),
            granularity=concurrency,
        )
    )
    single = bool(np.all(concurrency == 1))  # x / 1 and x // 1 are x: skip them
    workload = load if single else load / concurrency
    return _part(
        context.take(p.queue, rows),
        context.take(p.slot, rows),
        _CODE[method.value],
        volume=context.take(p.volume, rows),
        agent_volume=volume,
        aht_s=aht,
        workload=workload,
        planned_workload=workload,
        net_agents=batch.servers if single else batch.servers // concurrency,
        service_level=batch.service_level,
        asa_s=batch.asa_s,
        occupancy=batch.occupancy,
    )


@lru_cache(maxsize=65_536)
def _erlang_a_row(rate: float, aht: float, queue: Queue) -> tuple[int, float, float, float, float]:
    # Erlang A costs O(log N) evaluations of O(N) each; forecasts repeat their values at night.
    assert queue.patience_s is not None  # the Queue model requires it for erlang_a
    agents = erlang_a_agents(
        rate,
        aht,
        queue.patience_s,
        target=queue.service_level,
        answer_time_s=queue.answer_time_s,
        max_occupancy=queue.max_occupancy,
        abandon_target=queue.abandon_target,
        asa_target_s=queue.asa_target_s,
    )
    if agents == 0:
        return 0, np.nan, np.nan, np.nan, np.nan
    m = erlang_a(agents, rate, aht, queue.patience_s, queue.answer_time_s)
    return agents, m.service_level, m.asa_s, m.abandon_probability, m.occupancy


def _erlang_a_part(context: _Context, rows: Ints) -> RequirementTable:
    p = context.points
    volume = context.agent_volume(rows)
    aht = p.aht_s[rows]
    results = [
        _erlang_a_row(float(v) / context.interval_s, float(a), context.queue(int(q)))
        for v, a, q in zip(volume, aht, p.queue[rows], strict=True)
    ]
    columns = list(zip(*results, strict=True)) if results else [()] * 5
    workload = volume * aht / context.interval_s
    return _part(
        p.queue[rows],
        p.slot[rows],
        _CODE[StaffingMethod.ERLANG_A.value],
        volume=p.volume[rows],
        agent_volume=volume,
        aht_s=aht,
        workload=workload,
        planned_workload=workload,
        net_agents=np.array(columns[0], dtype=np.int64),
        service_level=np.array(columns[1], dtype=float),
        asa_s=np.array(columns[2], dtype=float),
        abandon_probability=np.array(columns[3], dtype=float),
        occupancy=np.array(columns[4], dtype=float),
    )


def _productivity_part(context: _Context, rows: Ints) -> RequirementTable:
    """ceil(volume / items per agent and interval); the rate already includes the slack an agent
    needs, so the occupancy cap does not apply again."""
    p = context.points
    volume = context.agent_volume(rows)
    per_interval = context.queue_values(rows, lambda q: q.items_per_agent_hour)
    workload = volume / (per_interval * context.interval_s / 3600)
    net = np.maximum(np.ceil(workload - _ROUNDING_MARGIN), 0).astype(np.int64)
    occupancy = np.divide(workload, net, out=_nan(len(rows)), where=net > 0)
    return _part(
        p.queue[rows],
        p.slot[rows],
        _CODE[StaffingMethod.PRODUCTIVITY.value],
        volume=p.volume[rows],
        agent_volume=volume,
        aht_s=p.aht_s[rows],
        workload=workload,
        planned_workload=workload,
        net_agents=net,
        occupancy=np.minimum(occupancy, 1.0),
    )


def _deferred_part(
    context: _Context, queue_index: int
) -> tuple[RequirementTable, tuple[LateWork, ...]]:
    """One deferred queue over the whole horizon: its work smoothed within the deadline over the
    open slots. Rows are the slots with a forecast point or planned work; a headcount point adds
    its agents. Also the work closed hours keep from being done in time."""
    queue = context.queue(queue_index)
    horizon = context.scenario.horizon
    assert queue.deadline_hours is not None  # the Queue model requires it for deferred
    deadline = deadline_slots(queue.deadline_hours, horizon.interval_minutes)
    p = context.points
    mine = np.flatnonzero(p.queue == queue_index)
    volume_rows = mine[~np.isnan(p.volume[mine])]
    n = horizon.num_slots
    columns = {name: _nan(n) for name in ("volume", "agent_volume", "aht_s")}
    columns["volume"][p.slot[volume_rows]] = p.volume[volume_rows]
    columns["agent_volume"][p.slot[volume_rows]] = context.agent_volume(volume_rows)
    columns["aht_s"][p.slot[volume_rows]] = p.aht_s[volume_rows]
    work = np.nan_to_num(columns["agent_volume"] * columns["aht_s"] / context.interval_s)
    planned_list, carries = plan_open_hours(
        work.tolist(), deadline, _open_slots(queue, horizon).tolist()
    )
    planned = np.array(planned_list)
    net = np.maximum(np.ceil(planned / queue.max_occupancy - _ROUNDING_MARGIN), 0)
    head_rows = mine[np.isnan(p.volume[mine])]
    net[p.slot[head_rows]] += np.ceil(p.headcount[head_rows] - _ROUNDING_MARGIN)
    capacity = np.ceil(planned / queue.max_occupancy - _ROUNDING_MARGIN) * queue.max_occupancy
    finished = deferred_service(work.tolist(), capacity.tolist(), deadline)
    has_row = np.zeros(n, dtype=bool)
    has_row[p.slot[mine]] = True
    slots = np.flatnonzero(has_row | (planned > 0))
    occupancy = np.divide(planned, net, out=_nan(n), where=net > 0)
    table = _part(
        np.full(len(slots), queue_index, dtype=np.int64),
        slots.astype(np.int64),
        _CODE[StaffingMethod.DEFERRED.value],
        **{name: values[slots] for name, values in columns.items()},
        workload=work[slots],
        planned_workload=planned[slots],
        net_agents=net[slots].astype(np.int64),
        service_level=np.array([np.nan if s is None else s for s in finished])[slots],
        occupancy=np.minimum(occupancy, 1.0)[slots],
    )
    late = tuple(
        LateWork(
            queue_id=queue.queue_id,
            arrived=horizon.slot_start(carry.arrived),
            volume=float(columns["agent_volume"][carry.arrived]),
            deadline_hours=queue.deadline_hours,
            planned_at=None if carry.first_open is None else horizon.slot_start(carry.first_open),
        )
        for carry in carries
    )
    return table, late


def _open_slots(queue: Queue, horizon: Horizon) -> npt.NDArray[np.bool_]:
    """Whether the queue is open in each slot of the horizon (at the slot's start)."""
    interval = horizon.interval_minutes
    day = np.array([queue.is_open(minute) for minute in range(0, 24 * 60, interval)])
    return np.tile(day, horizon.days)


def method_label(requirements: Requirements, queue: Queue) -> str:
    """The queue's staffing method, or "headcount" when its forecast gave agents throughout."""
    codes = set(requirements.table.method[requirements.rows_of(queue.queue_id)].tolist())
    return HEADCOUNT if codes == {_CODE[HEADCOUNT]} else queue.staffing_method.value


def compute_requirements(scenario: Scenario) -> Requirements:
    """Net and required agents for every forecast point of the scenario, by queue method.

    Raises StaffingError (a ValueError) when a point names an unknown queue, starts off the slot
    grid or outside the horizon, repeats a (queue, slot) pair, or lacks aht_s on a queue that
    is not staffed by productivity; validated input never does.
    """
    horizon = scenario.horizon
    queue_ids = tuple(q.queue_id for q in scenario.queues)
    queue_index = {queue_id: index for index, queue_id in enumerate(queue_ids)}
    points = _points(scenario, queue_index)
    methods = np.array([_CODE[q.staffing_method.value] for q in scenario.queues], dtype=np.int64)
    context = _Context(scenario, points, methods, horizon.interval_minutes * 60.0)
    _check_handle_times(context)
    deferred = context.of_method(StaffingMethod.DEFERRED)
    by_method: tuple[tuple[Ints, Callable[[_Context, Ints], RequirementTable]], ...] = (
        (context.rows(~deferred, by_volume=False), _headcount_part),
        *(
            (
                context.rows(context.of_method(method), by_volume=True),
                partial(_erlang_c_part, method=method),
            )
            for method in (StaffingMethod.ERLANG_C, StaffingMethod.CHAT)
        ),
        (context.rows(context.of_method(StaffingMethod.ERLANG_A), by_volume=True), _erlang_a_part),
        (
            context.rows(context.of_method(StaffingMethod.PRODUCTIVITY), by_volume=True),
            _productivity_part,
        ),
    )
    parts = [build(context, rows) for rows, build in by_method if len(rows)]
    late: list[LateWork] = []
    for index in np.flatnonzero(deferred).tolist():
        part, carried = _deferred_part(context, index)
        parts.append(part)
        late.extend(carried)
    parts = [part for part in parts if len(part)]
    if not parts:
        parts = [_headcount_part(context, np.zeros(0, dtype=np.int64))]
    table = parts[0] if len(parts) == 1 else RequirementTable.concat(parts)
    table = _with_shrinkage(table, scenario)
    table = _closed_to_zero(table, scenario)
    # By queue, then slot: (queue, slot) pairs are distinct, so one key orders them as
    # lexsort((slot, queue)) would. One part keeps the points' order (its rows are ascending
    # positions, or one deferred queue's slots), so it is ordered when the points are.
    if len(parts) > 1 or not points.ordered:
        key = table.queue * horizon.num_slots + table.slot
        if np.any(key[1:] < key[:-1]):
            table = table.take(np.argsort(key, kind="stable"))
    return Requirements(table=table, horizon=horizon, queue_ids=queue_ids, late_work=tuple(late))


def _check_handle_times(context: _Context) -> None:
    p = context.points
    missing = np.isnan(p.aht_s)
    if not missing.any():
        return  # the common case, checked in one pass
    missing &= ~np.isnan(p.volume)
    missing &= ~context.of_method(StaffingMethod.PRODUCTIVITY)[p.queue]
    if missing.any():
        point = context.scenario.forecast[int(np.argmax(missing))]
        raise StaffingError(
            f"forecast of queue {point.queue_id!r} at {point.interval_start} needs aht_s: only "
            "productivity queues are staffed from volume alone"
        )


def _closed_to_zero(table: RequirementTable, scenario: Scenario) -> RequirementTable:
    """No agent is required while a queue is closed (its `opens`/`closes`), so none is
    credited there either: the roster's coverage counts only against requirements."""
    closed = np.zeros(len(table), dtype=bool)
    for index, queue in enumerate(scenario.queues):
        if queue.opens is None and queue.closes is None:
            continue
        shut = ~_open_slots(queue, scenario.horizon)
        closed |= (table.queue == index) & shut[table.slot]
    if not closed.any():
        return table
    return replace(
        table,
        net_agents=np.where(closed, 0, table.net_agents),
        required_agents=np.where(closed, 0, table.required_agents),
    )


def _with_shrinkage(table: RequirementTable, scenario: Scenario) -> RequirementTable:
    shrinkage = np.array([q.shrinkage for q in scenario.queues])
    return replace(table, required_agents=_shrink(table.net_agents, shrinkage, table.queue))


def _shrink(net: Ints, shrinkage: Floats, queue: Ints) -> Ints:
    """apply_shrinkage for every row, ``shrinkage`` given per queue and ``queue`` per row."""
    if np.any((shrinkage < 0) | (shrinkage >= 1)):
        raise StaffingError("shrinkage must be in [0, 1)")
    # ceil(net / (1 - s) - margin), at least 0; 1 - s once per queue, then in place per row.
    remaining = np.subtract(1.0, shrinkage)
    gross: Floats
    if len(remaining) and np.all(remaining == remaining[0]):
        gross = np.divide(net, remaining[0])  # the same for every queue: no gather
    else:
        gross = np.divide(net, remaining.take(queue))
    gross -= _ROUNDING_MARGIN
    np.ceil(gross, out=gross)
    np.maximum(gross, 0, out=gross)
    return gross.astype(np.int64)


def apply_shrinkage(net_agents: int, shrinkage: float) -> int:
    """Agents to roster so that ``net_agents`` remain after ``shrinkage``: ceil(net / (1 - s))."""
    if not 0 <= shrinkage < 1:
        raise ValueError(f"shrinkage must be in [0, 1), got {shrinkage!r}")
    return max(0, math.ceil(net_agents / (1.0 - shrinkage) - _ROUNDING_MARGIN))
