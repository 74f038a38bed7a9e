"""Staffing science: workload per queue and interval -> agents, and back to expected service.

The public API, re-exported here:

- ``compute_requirements(scenario) -> Requirements``: agents per queue and slot by each queue's
  method (Erlang C, Erlang A, chat, deferred, productivity), before and after shrinkage, with the
  expected service level, ASA, abandonment and occupancy; ``Requirements.curve(queue_id)`` is the
  headcount curve the roster chases; ``Requirements.late_work`` / ``warnings`` name deferred
  work that closed hours keep from its deadline.
- ``achieved_service(scenario, requirements, scheduled)``: the service the scheduled agents are
  expected to give, per queue and slot.
- ``crisis_quotients(scenario, requirements, scheduled, reserves, levels)``: workload over
  capacity per queue and slot, with configurable alert levels.
- ``what_if(scenario, deltas)``: requirements under volume x (1 + d) and AHT x (1 + e).
- ``erlang``: the queueing formulas themselves.
"""

from scheduler.staffing.crisis import (
    Alert,
    AlertLevels,
    CrisisQuotient,
    crisis_quotient,
    crisis_quotients,
)
from scheduler.staffing.requirements import (
    LateWork,
    RequirementRow,
    Requirements,
    RequirementTable,
    StaffingError,
    apply_shrinkage,
    compute_requirements,
)
from scheduler.staffing.service import AchievedService, achieved_service, available_agents
from scheduler.staffing.whatif import Delta, WhatIf, parse_deltas, scale_forecast, what_if

__all__ = [
    "AchievedService",
    "Alert",
    "AlertLevels",
    "CrisisQuotient",
    "Delta",
    "LateWork",
    "RequirementRow",
    "RequirementTable",
    "Requirements",
    "StaffingError",
    "WhatIf",
    "achieved_service",
    "apply_shrinkage",
    "available_agents",
    "compute_requirements",
    "crisis_quotient",
    "crisis_quotients",
    "parse_deltas",
    "scale_forecast",
    "what_if",
]
