"""Crisis quotient: workload over the capacity of the staff scheduled, with alert levels.

    CQ = workload / capacity

per queue and slot (DOMAIN.md, "Measuring risk"). Both sides are in agent-erlangs:

- workload: the work the requirement plans for the slot (``planned_workload``: arriving work, or
  for deferred queues the smoothed work due by the plan; chat counts session erlangs divided by
  the concurrency; productivity volume over what one agent handles in the slot). For a headcount
  given directly, that headcount stands for the workload.
- capacity: the scheduled agents left after shrinkage (``available_agents``) times the queue's
  occupancy cap, the share of time an agent can sustainably work; productivity rates and
  headcounts already include the slack, so there capacity is the available agents.

CQ below 1 means the staff keeps up within its occupancy cap. An Erlang A requirement counts on
callers hanging up and may sit above 1: the plan then relies on abandonment. ``reserves``
(standby agents who can be called in) give a second quotient with them added. Without workload
CQ is 0; with workload and no capacity it is infinite, which classifies as an emergency.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from scheduler.domain import Queue, Scenario, StaffingMethod
from scheduler.staffing.requirements import HEADCOUNT, METHODS, Requirements
from scheduler.staffing.service import available_agents

__all__ = ["Alert", "AlertLevels", "CrisisQuotient", "crisis_quotient", "crisis_quotients"]


class Alert(StrEnum):
    NORMAL = "normal"
    WATCH = "watch"
    RESERVES = "activate reserves"
    EMERGENCY = "emergency"


@dataclass(frozen=True)
class AlertLevels:
    """Where each alert starts: CQ < watch is normal; watch <= CQ < reserves is watch; then
    activate reserves; emergency from ``emergency`` on. Defaults: 1.0, 1.2, 1.5."""

    watch: float = 1.0
    reserves: float = 1.2
    emergency: float = 1.5

    def __post_init__(self) -> None:
        if not (0 < self.watch <= self.reserves <= self.emergency < math.inf):
            raise ValueError(
                "alert levels must be finite and 0 < watch <= reserves <= emergency, got "
                f"{self.watch}, {self.reserves}, {self.emergency}"
            )

    def classify(self, quotient: float) -> Alert:
        if quotient >= self.emergency:
            return Alert.EMERGENCY
        if quotient >= self.reserves:
            return Alert.RESERVES
        if quotient >= self.watch:
            return Alert.WATCH
        return Alert.NORMAL


@dataclass(frozen=True)
class CrisisQuotient:
    """CQ of one queue in one slot, without and with the reserves."""

    queue_id: str
    slot: int
    interval_start: datetime
    workload: float
    capacity: float
    quotient: float
    alert: Alert
    capacity_with_reserves: float
    quotient_with_reserves: float
    alert_with_reserves: Alert


def crisis_quotient(workload: float, capacity: float) -> float:
    """workload / capacity; 0 without workload, infinite with workload and no capacity."""
    if workload < 0 or capacity < 0:
        raise ValueError("workload and capacity must be >= 0")
    if workload == 0:
        return 0.0
    return math.inf if capacity == 0 else workload / capacity


def crisis_quotients(
    scenario: Scenario,
    requirements: Requirements,
    scheduled: Mapping[str, Sequence[int]],
    reserves: Mapping[str, Sequence[int]] | None = None,
    levels: AlertLevels | None = None,
) -> dict[str, list[CrisisQuotient]]:
    """CQ per slot for every queue in ``scheduled`` (agents on the queue per slot), optionally
    with ``reserves`` per queue and slot; ``result[queue_id][slot]``."""
    levels = levels or AlertLevels()
    reserves = reserves or {}
    horizon = requirements.horizon
    result = {}
    for queue_id, counts in scheduled.items():
        extra = reserves.get(queue_id, [0] * horizon.num_slots)
        if len(counts) != horizon.num_slots or len(extra) != horizon.num_slots:
            raise ValueError(
                f"queue {queue_id!r}: scheduled agents and reserves need one count per slot "
                f"({horizon.num_slots})"
            )
        queue = scenario.queue(queue_id)
        workload = _workload(queue, requirements)
        rows = []
        for slot in range(horizon.num_slots):
            capacity = _capacity(queue, workload[slot][1], int(counts[slot]))
            backed = _capacity(queue, workload[slot][1], int(counts[slot]) + int(extra[slot]))
            quotient = crisis_quotient(workload[slot][0], capacity)
            with_reserves = crisis_quotient(workload[slot][0], backed)
            rows.append(
                CrisisQuotient(
                    queue_id=queue_id,
                    slot=slot,
                    interval_start=horizon.slot_start(slot),
                    workload=workload[slot][0],
                    capacity=capacity,
                    quotient=quotient,
                    alert=levels.classify(quotient),
                    capacity_with_reserves=backed,
                    quotient_with_reserves=with_reserves,
                    alert_with_reserves=levels.classify(with_reserves),
                )
            )
        result[queue_id] = rows
    return result


def _workload(queue: Queue, requirements: Requirements) -> list[tuple[float, str]]:
    """(workload, method) per slot; a headcount row's workload is its net headcount."""
    planned = requirements.per_slot(queue.queue_id, "planned_workload", 0.0)
    net = requirements.per_slot(queue.queue_id, "net_agents", 0.0)
    codes = requirements.per_slot(queue.queue_id, "method", -1)
    result = []
    for work, agents, code in zip(planned.tolist(), net.tolist(), codes.tolist(), strict=True):
        method = queue.staffing_method.value if code < 0 else METHODS[int(code)]
        if method == HEADCOUNT:
            result.append((float(agents), method))
        else:
            result.append((0.0 if math.isnan(work) else float(work), method))
    return result


def _capacity(queue: Queue, method: str, scheduled: int) -> float:
    available = available_agents(scheduled, queue.shrinkage)
    if method in (HEADCOUNT, StaffingMethod.PRODUCTIVITY.value):
        return float(available)
    return available * queue.max_occupancy
