"""The requirement table: how many agents each queue needs in each slot of the horizon.

A forecast point gives either volume and average handle time, staffed with Erlang C against the
queue's service-level target and occupancy cap, or a headcount directly. Either way the net
agents are then grossed up for shrinkage, the share of paid time not available for contacts:
``required = ceil(net / (1 - shrinkage))``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from scheduler.domain import ForecastPoint, Horizon, Queue, Scenario
from scheduler.staffing.erlang import agents_for_service_level, occupancy, service_level

__all__ = ["RequirementRow", "Requirements", "apply_shrinkage", "compute_requirements"]

# Headcounts and shrinkage ratios arrive as floats: 21 / (1 - 0.3) evaluates to
# 30.000000000000004, and a headcount of 3 * 0.1 * 10 to 3.0000000000000004. Rounding up only
# past this margin keeps such noise from costing a whole agent.
_ROUNDING_MARGIN = 1e-9

ERLANG_C = "erlang_c"
HEADCOUNT = "headcount"


@dataclass(frozen=True)
class RequirementRow:
    """Staffing need of one queue in one slot.

    ``service_level`` and ``occupancy`` are the Erlang C expectations at ``net_agents``; they are
    None for headcount rows and for intervals without calls, where they are undefined.
    """

    queue_id: str
    slot: int
    interval_start: datetime
    method: str  # "erlang_c" or "headcount"
    volume: float | None
    aht_s: float | None
    net_agents: int  # agents needed on the queue before shrinkage (0 when no workload)
    required_agents: int  # ceil(net / (1 - shrinkage)), what the roster must cover
    service_level: float | None
    occupancy: float | None


@dataclass(frozen=True)
class Requirements:
    """Requirement rows of every queue, ordered by queue (as in the scenario) and slot."""

    rows: tuple[RequirementRow, ...]
    horizon: Horizon
    queue_ids: tuple[str, ...]

    def curve(self, queue_id: str) -> list[int]:
        """Required agents of one queue per slot of the horizon; 0 where nothing was forecast."""
        if queue_id not in self.queue_ids:
            raise KeyError(f"unknown queue {queue_id!r}; known queues: {', '.join(self.queue_ids)}")
        values = [0] * self.horizon.num_slots
        for row in self.rows:
            if row.queue_id == queue_id:
                values[row.slot] = row.required_agents
        return values


def compute_requirements(scenario: Scenario) -> Requirements:
    """Net and required agents for every forecast point of the scenario.

    Raises ValueError when a point names an unknown queue, starts off the slot grid or outside
    the horizon, or repeats a (queue, slot) pair; validated input never does.
    """
    horizon = scenario.horizon
    queues = {queue.queue_id: queue for queue in scenario.queues}
    order = {queue_id: index for index, queue_id in enumerate(queues)}
    interval_s = horizon.interval_minutes * 60
    rows: list[RequirementRow] = []
    seen: set[tuple[str, int]] = set()
    for point in scenario.forecast:
        queue = queues.get(point.queue_id)
        if queue is None:
            raise ValueError(
                f"forecast at {point.interval_start} names unknown queue {point.queue_id!r}"
            )
        slot = horizon.slot_of(point.interval_start)
        if slot is None:
            raise ValueError(
                f"forecast of queue {point.queue_id!r} at {point.interval_start} is not the start "
                f"of a {horizon.interval_minutes}-minute slot inside the horizon"
            )
        if (point.queue_id, slot) in seen:
            raise ValueError(
                f"forecast of queue {point.queue_id!r} at {point.interval_start} is given twice"
            )
        seen.add((point.queue_id, slot))
        rows.append(_row(point, queue, slot, interval_s))
    rows.sort(key=lambda row: (order[row.queue_id], row.slot))
    return Requirements(rows=tuple(rows), horizon=horizon, queue_ids=tuple(queues))


def _row(point: ForecastPoint, queue: Queue, slot: int, interval_s: int) -> RequirementRow:
    if point.required_agents is not None:
        net = math.ceil(point.required_agents - _ROUNDING_MARGIN)
        return RequirementRow(
            queue_id=queue.queue_id,
            slot=slot,
            interval_start=point.interval_start,
            method=HEADCOUNT,
            volume=None,
            aht_s=None,
            net_agents=net,
            required_agents=apply_shrinkage(net, queue.shrinkage),
            service_level=None,
            occupancy=None,
        )
    if point.volume is None or point.aht_s is None:
        raise ValueError(
            f"forecast of queue {queue.queue_id!r} at {point.interval_start} needs volume and "
            "aht_s, or required_agents"
        )
    load = point.volume * point.aht_s / interval_s
    net = agents_for_service_level(
        load, point.aht_s, queue.service_level, queue.answer_time_s, queue.max_occupancy
    )
    busy = load > 0
    return RequirementRow(
        queue_id=queue.queue_id,
        slot=slot,
        interval_start=point.interval_start,
        method=ERLANG_C,
        volume=point.volume,
        aht_s=point.aht_s,
        net_agents=net,
        required_agents=apply_shrinkage(net, queue.shrinkage),
        service_level=(
            service_level(net, load, point.aht_s, queue.answer_time_s) if busy else None
        ),
        occupancy=occupancy(net, load) if busy else None,
    )


def apply_shrinkage(net_agents: int, shrinkage: float) -> int:
    """Agents to roster so that ``net_agents`` remain after ``shrinkage``: ceil(net / (1 - s))."""
    if not 0 <= shrinkage < 1:
        raise ValueError(f"shrinkage must be in [0, 1), got {shrinkage!r}")
    return max(0, math.ceil(net_agents / (1.0 - shrinkage) - _ROUNDING_MARGIN))
