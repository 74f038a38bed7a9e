"""What a solve produces: the roster as activities, coverage against requirement, headline figures.

`Activity` rows are exactly the documented `Assignments` sheet; everything else (the human
roster grid, coverage, compliance checks) is derived from them, so a hand-edited roster read back
from that sheet is as good as one from the solver.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class ActivityKind(StrEnum):
    SHIFT = "shift"  # paid work, on `queue_id` when given
    MEAL = "meal"  # unpaid
    BREAK = "break"  # paid, off the queue
    STANDBY = "standby"  # on call, not coverage


_PAUSE_KINDS = (ActivityKind.MEAL, ActivityKind.BREAK)


@dataclass(frozen=True)
class Activity:
    agent_id: str
    day: date  # the day the shift started on
    kind: ActivityKind
    start: datetime
    end: datetime
    queue_id: str | None = None

    @property
    def minutes(self) -> int:
        return round((self.end - self.start).total_seconds() / 60)


@dataclass(frozen=True)
class WorkedShift:
    """One agent's working day seen whole: from first to last activity, meals included."""

    agent_id: str
    day: date
    start: datetime
    end: datetime
    paid_minutes: int
    # Its meals and breaks as (kind, start, end); None when the roster does not record pauses.
    pauses: tuple[tuple[ActivityKind, datetime, datetime], ...] | None = None

    @property
    def paid_hours(self) -> float:
        return self.paid_minutes / 60


@dataclass(frozen=True)
class Roster:
    activities: tuple[Activity, ...]
    # False when read from a source without meal and break rows (the human Roster grid), so the
    # pause rule cannot judge them; README "Checking a roster".
    pauses_recorded: bool = True

    def worked_shifts(self) -> list[WorkedShift]:
        """Group activities per agent and day into shifts, sorted by agent then start."""
        groups: dict[tuple[str, date], list[Activity]] = defaultdict(list)
        for activity in self.activities:
            if activity.kind is not ActivityKind.STANDBY:
                groups[activity.agent_id, activity.day].append(activity)
        shifts = [
            WorkedShift(
                agent_id=agent_id,
                day=day,
                start=min(a.start for a in parts),
                end=max(a.end for a in parts),
                paid_minutes=sum(a.minutes for a in parts if a.kind is not ActivityKind.MEAL),
                pauses=self._pauses(parts) if self.pauses_recorded else None,
            )
            for (agent_id, day), parts in groups.items()
        ]
        return sorted(shifts, key=lambda s: (s.agent_id, s.start))

    @staticmethod
    def _pauses(parts: list[Activity]) -> tuple[tuple[ActivityKind, datetime, datetime], ...]:
        return tuple(
            sorted(
                ((a.kind, a.start, a.end) for a in parts if a.kind in _PAUSE_KINDS),
                key=lambda p: p[1],
            )
        )

    def shifts_by_agent(self) -> dict[str, list[WorkedShift]]:
        by_agent: dict[str, list[WorkedShift]] = defaultdict(list)
        for shift in self.worked_shifts():
            by_agent[shift.agent_id].append(shift)
        return dict(by_agent)


class HeadcountGap:
    """Heads missing and beyond, for rows that compare `scheduled` with `required`."""

    required: int
    scheduled: int

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.scheduled)

    @property
    def surplus(self) -> int:
        return max(0, self.scheduled - self.required)


@dataclass(frozen=True)
class CoverageRow(HeadcountGap):
    queue_id: str
    interval_start: datetime
    required: int
    scheduled: int


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"  # proven best under the objective
    FEASIBLE = "feasible"  # legal roster, not proven best (time limit)
    NO_SOLUTION = "no solution"  # time limit hit before any legal roster was found


@dataclass(frozen=True)
class SolveResult:
    scenario_name: str
    status: SolveStatus
    objective: float | None
    best_bound: float | None
    wall_seconds: float
    interval_minutes: int
    roster: Roster
    coverage: tuple[CoverageRow, ...]
    interrupted: bool = False  # Ctrl-C cut the search short; the roster is the best so far

    def understaffed_agent_hours(self) -> dict[str, float]:
        hours: dict[str, float] = defaultdict(float)
        for row in self.coverage:
            hours[row.queue_id] += row.shortfall * self.interval_minutes / 60
        return dict(hours)

    def overstaffed_agent_hours(self) -> dict[str, float]:
        hours: dict[str, float] = defaultdict(float)
        for row in self.coverage:
            hours[row.queue_id] += row.surplus * self.interval_minutes / 60
        return dict(hours)

    def paid_hours(self) -> float:
        return sum(s.paid_hours for s in self.roster.worked_shifts())

    def agents_rostered(self) -> int:
        return len({s.agent_id for s in self.roster.worked_shifts()})
