"""Candidate shifts: every (template, day, start) a shift could take, on the slot axis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from scheduler.domain import BREAK_TOLERANCE_MINUTES, Horizon, ShiftTemplate
from scheduler.result import ActivityKind


@dataclass(frozen=True)
class PauseWindow:
    """Where one pause of a shift may start: minutes from the shift's start, on the grid."""

    kind: ActivityKind  # MEAL (unpaid) or BREAK (paid)
    minutes: int
    earliest: int
    latest: int

    def admits(self, offset: int, minutes: int) -> bool:
        """Whether a pause of `minutes` starting `offset` minutes into the shift is this one."""
        return minutes == self.minutes and self.earliest <= offset <= self.latest


def pause_windows(template: ShiftTemplate, interval: int) -> tuple[PauseWindow, ...]:
    """The template's pauses in shift order: its meal, and a break around each mark
    (`break_every_hours` apart from the start) whose window lies inside the shift and clear of
    the meal's window; where a mark falls in the meal's window the meal serves as that break.
    Windows never overlap, so each pause can be placed on its own."""
    meal = _meal_window(template, interval)
    breaks = _break_windows(template, interval, meal)
    return tuple(sorted([*([meal] if meal else []), *breaks], key=lambda w: w.earliest))


def _meal_window(template: ShiftTemplate, interval: int) -> PauseWindow | None:
    if template.meal_minutes < interval:
        return None
    low, high = template.meal_after_min_hours, template.meal_after_max_hours
    if low is None or high is None:
        # No window: the middle of the shift, on the grid.
        middle = (template.span_minutes // interval - template.meal_minutes // interval) // 2
        return PauseWindow(
            ActivityKind.MEAL, template.meal_minutes, middle * interval, middle * interval
        )
    earliest = -(-round(low * 60) // interval) * interval
    latest = round(high * 60) // interval * interval
    if earliest > latest:
        return None  # no grid start inside the window
    return PauseWindow(ActivityKind.MEAL, template.meal_minutes, earliest, latest)


def _break_windows(
    template: ShiftTemplate, interval: int, meal: PauseWindow | None
) -> list[PauseWindow]:
    if template.break_every_hours is None or template.break_minutes < interval:
        return []
    every = round(template.break_every_hours * 60)
    length = template.break_minutes
    windows = []
    for mark in range(every, template.span_minutes, every):
        earliest = -(-(mark - BREAK_TOLERANCE_MINUTES) // interval) * interval
        latest = (mark + BREAK_TOLERANCE_MINUTES) // interval * interval
        if latest + length > template.span_minutes:
            break
        if (
            meal is not None
            and earliest < meal.latest + meal.minutes
            and meal.earliest < latest + length
        ):
            continue
        windows.append(PauseWindow(ActivityKind.BREAK, length, earliest, latest))
    return windows


@dataclass(frozen=True)
class Pause:
    """One pause of a shift option, in slots: its length and the offsets from the shift's start
    at which it may begin; the optimizer picks one offset per working agent, so that pauses are
    staggered against the requirement."""

    kind: ActivityKind
    slots: int
    offsets: tuple[int, ...]

    def at(self, start_slot: int, offset: int) -> range:
        return range(start_slot + offset, start_slot + offset + self.slots)


@dataclass(frozen=True)
class ShiftOption:
    """One concrete shift: a template started at one slot of one day, with its pauses."""

    shift_id: str
    day: int
    start_slot: int
    span_slots: int
    paid_minutes: int
    pauses: tuple[Pause, ...]

    @property
    def end_slot(self) -> int:
        return self.start_slot + self.span_slots

    @property
    def meal(self) -> Pause | None:
        return next((p for p in self.pauses if p.kind is ActivityKind.MEAL), None)

    @property
    def meal_slots(self) -> int:
        return 0 if self.meal is None else self.meal.slots

    @property
    def meal_offsets(self) -> tuple[int, ...]:
        return () if self.meal is None else self.meal.offsets

    def covers(self, slot: int) -> bool:
        return self.start_slot <= slot < self.end_slot

    def earliest_pauses(self) -> tuple[int, ...]:
        """Each pause at its earliest allowed start (offsets in slots)."""
        return tuple(pause.offsets[0] for pause in self.pauses)

    def off_queue(self, offsets: tuple[int, ...]) -> set[int]:
        """Slots spent in pauses when they start at `offsets` (one per pause)."""
        return {
            slot
            for pause, offset in zip(self.pauses, offsets, strict=True)
            for slot in pause.at(self.start_slot, offset)
        }

    def working_slots(self, num_slots: int) -> tuple[int, ...]:
        """Slots at work inside the first `num_slots`, every pause at its earliest start."""
        paused = self.off_queue(self.earliest_pauses())
        return tuple(
            slot
            for slot in range(self.start_slot, self.end_slot)
            if slot not in paused and slot < num_slots
        )


def minutes_of_day(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def shift_pauses(template: ShiftTemplate, interval: int) -> tuple[Pause, ...]:
    return tuple(
        Pause(
            window.kind,
            window.minutes // interval,
            tuple(range(window.earliest // interval, window.latest // interval + 1)),
        )
        for window in pause_windows(template, interval)
    )


def template_options(template: ShiftTemplate, horizon: Horizon) -> list[ShiftOption]:
    """All starts of `template` on every day of the horizon."""
    interval = horizon.interval_minutes
    pauses = shift_pauses(template, interval)
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
            pauses=pauses,
        )
        for day in range(horizon.days)
        for start in starts
    ]
