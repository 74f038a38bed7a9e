"""Candidate shifts: every (template, day, start) a shift could take, on the slot axis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from scheduler.domain import Horizon, ShiftTemplate


@dataclass(frozen=True)
class ShiftOption:
    """One concrete shift: a template started at one slot of one day.

    `meal_offsets` lists the slots, relative to the start, at which the meal may begin; the
    optimizer picks one per working agent so that meals are staggered.
    """

    shift_id: str
    day: int
    start_slot: int
    span_slots: int
    paid_minutes: int
    meal_slots: int
    meal_offsets: tuple[int, ...]

    @property
    def end_slot(self) -> int:
        return self.start_slot + self.span_slots

    def covers(self, slot: int) -> bool:
        return self.start_slot <= slot < self.end_slot

    def working_slots(self, num_slots: int) -> tuple[int, ...]:
        """Slots at work inside the first `num_slots`, the meal at its earliest allowed start."""
        meal = range(0)
        if self.meal_offsets:
            meal = range(self.meal_offsets[0], self.meal_offsets[0] + self.meal_slots)
        return tuple(
            self.start_slot + offset
            for offset in range(self.span_slots)
            if offset not in meal and self.start_slot + offset < num_slots
        )


def minutes_of_day(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def _meal_offsets(template: ShiftTemplate, interval: int) -> tuple[int, ...]:
    meal_slots = template.meal_minutes // interval
    span_slots = template.span_minutes // interval
    if meal_slots == 0:
        return ()
    if template.meal_after_min_hours is None or template.meal_after_max_hours is None:
        return ((span_slots - meal_slots) // 2,)
    first = -(-round(template.meal_after_min_hours * 60) // interval)
    last = round(template.meal_after_max_hours * 60) // interval
    return tuple(range(first, last + 1))


def template_options(template: ShiftTemplate, horizon: Horizon) -> list[ShiftOption]:
    """All starts of `template` on every day of the horizon."""
    interval = horizon.interval_minutes
    offsets = _meal_offsets(template, interval)
    starts = range(
        minutes_of_day(template.earliest_start),
        minutes_of_day(template.latest_start) + 1,
        template.start_step_minutes,
    )
    return [
        ShiftOption(
            shift_id=template.shift_id,
            day=day,
            start_slot=day * horizon.slots_per_day + start // interval,
            span_slots=template.span_minutes // interval,
            paid_minutes=template.paid_minutes,
            meal_slots=template.meal_minutes // interval,
            meal_offsets=offsets,
        )
        for day in range(horizon.days)
        for start in starts
    ]
