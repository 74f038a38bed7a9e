"""The service the scheduled staff is expected to give: per queue and slot, by the queue's method.

The roster's Coverage sheet counts agents on each queue; this turns those counts back into the
figures a manager steers by (service level, ASA, abandonment, occupancy), with the same models
that sized the requirement. Shrinkage (unplanned absence, meetings) still takes its share of the
scheduled agents: ``available = floor(scheduled * (1 - shrinkage))``, so that a count equal to
the requirement gives back at least the net agents the requirement was built from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from scheduler.domain import Queue, Scenario, StaffingMethod
from scheduler.staffing.deferred import deadline_slots, deferred_service
from scheduler.staffing.erlang import (
    average_speed_of_answer,
    erlang_a,
    occupancy,
    service_level,
)
from scheduler.staffing.requirements import HEADCOUNT, METHODS, Requirements

__all__ = ["AchievedService", "achieved_service", "available_agents"]

# ceil(net / (1 - s)) * (1 - s) may come out as net - 1e-15; see requirements._ROUNDING_MARGIN.
_ROUNDING_MARGIN = 1e-9


def available_agents(scheduled: int, shrinkage: float) -> int:
    """Agents left on the queue after shrinkage: floor(scheduled * (1 - shrinkage))."""
    if scheduled < 0:
        raise ValueError(f"scheduled agents must be >= 0, got {scheduled}")
    return max(0, math.floor(scheduled * (1.0 - shrinkage) + _ROUNDING_MARGIN))


@dataclass(frozen=True)
class AchievedService:
    """Expected service of one queue in one slot with the agents scheduled on it.

    ``available`` is the scheduled count after shrinkage. The figures are None where they do not
    apply: no workload in the slot, a headcount given directly (no workload to judge against),
    abandonment outside Erlang A, ASA for deferred and productivity work, service level for
    productivity work. For deferred work ``service_level`` is the share of the work arriving in
    this slot finished within the deadline, handled first in, first out.
    """

    queue_id: str
    slot: int
    interval_start: datetime
    method: str
    scheduled: int
    available: int
    workload: float | None
    service_level: float | None
    asa_s: float | None
    abandon_probability: float | None
    occupancy: float | None


def achieved_service(
    scenario: Scenario, requirements: Requirements, scheduled: Mapping[str, Sequence[int]]
) -> dict[str, list[AchievedService]]:
    """For every queue in ``scheduled`` (agents on the queue per slot of the horizon), the
    expected service in each slot: ``result[queue_id][slot]``."""
    horizon = requirements.horizon
    result = {}
    for queue_id, counts in scheduled.items():
        if len(counts) != horizon.num_slots:
            raise ValueError(
                f"scheduled agents of queue {queue_id!r} need one count per slot "
                f"({horizon.num_slots}), got {len(counts)}"
            )
        queue = scenario.queue(queue_id) if queue_id in requirements.queue_ids else None
        if queue is None:
            raise KeyError(f"unknown queue {queue_id!r}")
        result[queue_id] = _queue_service(queue, requirements, [int(c) for c in counts])
    return result


def _queue_service(
    queue: Queue, requirements: Requirements, scheduled: list[int]
) -> list[AchievedService]:
    queue_id = queue.queue_id
    horizon = requirements.horizon
    available = [available_agents(count, queue.shrinkage) for count in scheduled]
    method_codes = requirements.per_slot(queue_id, "method", -1)
    volume = requirements.per_slot(queue_id, "agent_volume")
    aht = requirements.per_slot(queue_id, "aht_s")
    workload = requirements.per_slot(queue_id, "workload")
    deferred = _deferred_levels(queue, requirements, available)
    interval_s = horizon.interval_minutes * 60.0
    rows = []
    for slot in range(horizon.num_slots):
        code = int(method_codes[slot])
        method = queue.staffing_method.value if code < 0 else METHODS[code]
        figures: tuple[float | None, float | None, float | None, float | None] = (
            None,
            None,
            None,
            None,
        )
        load = workload[slot]
        if method == StaffingMethod.DEFERRED:
            figures = deferred[slot]
        elif method != HEADCOUNT and not math.isnan(load) and load > 0:
            figures = _figures(queue, available[slot], volume[slot], aht[slot], load, interval_s)
        rows.append(
            AchievedService(
                queue_id=queue_id,
                slot=slot,
                interval_start=horizon.slot_start(slot),
                method=method,
                scheduled=scheduled[slot],
                available=available[slot],
                workload=None if math.isnan(load) else float(load),
                service_level=figures[0],
                asa_s=figures[1],
                abandon_probability=figures[2],
                occupancy=figures[3],
            )
        )
    return rows


def _figures(
    queue: Queue, agents: int, volume: float, aht: float, workload: float, interval_s: float
) -> tuple[float | None, float | None, float | None, float | None]:
    """(service level, ASA, abandonment, occupancy) of one slot with ``agents`` available."""
    method = queue.staffing_method
    if method is StaffingMethod.PRODUCTIVITY:
        busy = 1.0 if agents == 0 else min(1.0, workload / agents)
        return None, None, None, busy
    if method is StaffingMethod.ERLANG_A:
        assert queue.patience_s is not None
        m = erlang_a(agents, volume / interval_s, aht, queue.patience_s, queue.answer_time_s)
        return m.service_level, m.asa_s, m.abandon_probability, m.occupancy
    # Erlang C; chat as Erlang C on concurrency * agents session slots.
    slots = agents * (queue.concurrency or 1)
    load = volume * aht / interval_s
    return (
        service_level(slots, load, aht, queue.answer_time_s),
        average_speed_of_answer(slots, load, aht),
        None,
        occupancy(slots, load),
    )


def _deferred_levels(
    queue: Queue, requirements: Requirements, available: list[int]
) -> list[tuple[float | None, float | None, float | None, float | None]]:
    """Per slot: share finished within the deadline, first in first out, and occupancy."""
    horizon = requirements.horizon
    empty: tuple[float | None, float | None, float | None, float | None] = (None,) * 4
    if queue.staffing_method is not StaffingMethod.DEFERRED:
        return [empty] * horizon.num_slots
    assert queue.deadline_hours is not None
    deadline = deadline_slots(queue.deadline_hours, horizon.interval_minutes)
    work = np.nan_to_num(requirements.per_slot(queue.queue_id, "workload", 0.0)).tolist()
    capacity = [agents * queue.max_occupancy for agents in available]
    levels = deferred_service(work, capacity, deadline)
    done = _work_done(work, capacity)
    return [
        (level, None, None, None if agents == 0 else min(1.0, handled / agents))
        for level, handled, agents in zip(levels, done, available, strict=True)
    ]


def _work_done(work: list[float], capacity: list[float]) -> list[float]:
    """Work handled in each slot, first in first out, never more than has arrived."""
    backlog = 0.0
    done = []
    for arriving, can_do in zip(work, capacity, strict=True):
        backlog += arriving
        handled = min(backlog, max(0.0, can_do))
        backlog -= handled
        done.append(handled)
    return done
