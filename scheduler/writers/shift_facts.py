"""What a person reads off a shift: its start family, its clock label, night and weekend.

Derived from start and end times only, so a hand-edited roster read back from `Assignments` is
described exactly like one from the solver.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from openpyxl.styles import PatternFill

from scheduler.result import WorkedShift

# Night work as labour law usually counts it: at least 3 hours between 22:00 and 06:00.
NIGHT_START = time(22)
NIGHT_END = time(6)
NIGHT_MIN_HOURS = 3.0


@dataclass(frozen=True)
class Family:
    """A shift start family: the first start hour belonging to it and its shade."""

    index: int  # into Labels.families
    first_hour: int
    fill: PatternFill


# Ordered by first start hour; a start belongs to the last family whose first_hour it reaches,
# and starts before the first family wrap around to the last (night).
FAMILIES = (
    Family(0, 4, PatternFill("solid", fgColor="FFF2CC")),
    Family(1, 8, PatternFill("solid", fgColor="E2EFDA")),
    Family(2, 12, PatternFill("solid", fgColor="DDEBF7")),
    Family(3, 18, PatternFill("solid", fgColor="D9D2E9")),
)


def family_of(start: time) -> Family:
    chosen = FAMILIES[-1]
    for family in FAMILIES:
        if start.hour >= family.first_hour:
            chosen = family
    return chosen


def family_bounds(family: Family) -> tuple[str, str]:
    """The start hours of a family as clock text, e.g. ('04:00', '08:00')."""
    following = FAMILIES[(family.index + 1) % len(FAMILIES)]
    return f"{family.first_hour:02d}:00", f"{following.first_hour:02d}:00"


def span_label(start: datetime, end: datetime, day: date) -> str:
    """'08:00-17:00'; an end on a later day gets '+1', except midnight, which reads '24:00'."""
    return f"{clock(start, day)}-{clock(end, day, is_end=True)}"


def clock(moment: datetime, day: date, *, is_end: bool = False) -> str:
    offset = (moment.date() - day).days
    if is_end and offset == 1 and moment.time() == time(0):
        return "24:00"
    text = f"{moment.hour:02d}:{moment.minute:02d}"
    return text if offset == 0 else f"{text}{offset:+d}"


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def night_hours(start: datetime, end: datetime) -> float:
    """Hours of [start, end) between 22:00 and 06:00, across as many nights as it touches."""
    total = timedelta()
    night = datetime.combine(start.date() - timedelta(days=1), NIGHT_START)
    while night < end:
        morning = datetime.combine(night.date() + timedelta(days=1), NIGHT_END)
        overlap = min(end, morning) - max(start, night)
        if overlap > timedelta():
            total += overlap
        night += timedelta(days=1)
    return total.total_seconds() / 3600


def is_night(shift: WorkedShift) -> bool:
    return night_hours(shift.start, shift.end) >= NIGHT_MIN_HOURS
