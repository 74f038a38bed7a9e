"""The labor rule book: each rule both constrains the CP-SAT model and checks a finished roster.

A rule sees one agent at a time through `AgentContext` and their shifts as `Span`s (minutes on
the horizon's continuous axis), whether those shifts are solver candidates or read back from a
workbook. The model side and the check side evaluate the same predicate or the same sum, which is
what keeps the optimizer and the HR checker from ever disagreeing.

Conventions every rule shares (HR should know them):

- A shift belongs to the day it starts on: its paid hours, its "working day", its weekend.
- Weeks are 7-day blocks from the horizon's first day; months are calendar months.
- What happened before the horizon is unknown, so a rule about runs (consecutive days, days
  off between working stretches) only judges runs it sees whole or from the horizon's start, and
  a rule needing a whole week (weekly rest, days off per week) only judges full 7-day weeks.
- A rule whose contract value is blank (and not set by the contract's preset) is off.

For a pool of interchangeable agents (`size` > 1) the variables count people and every rule adds
a pool-wide relaxation: any legal individual weeks, summed, satisfy it. Each rule says how.
"""

from __future__ import annotations

import bisect
import itertools
import weakref
from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from scheduler.domain import WEEKDAYS, Agent, Contract, Scenario, ShiftRequest, ShiftTemplate
from scheduler.result import ActivityKind
from scheduler.roster.options import PauseWindow, minutes_of_day, pause_windows
from scheduler.staffing.requirements import compute_requirements

DAY_MINUTES = 24 * 60
WEEK_DAYS = 7


RecordedPause = tuple[ActivityKind, int, int]


@dataclass(frozen=True)
class Span:
    """A shift as rules see it: start and end in minutes from the horizon's first midnight."""

    day: int
    start: int
    end: int
    paid: int
    # Meals and breaks as (kind, start, end) on the same axis. None when not recorded: a solver
    # candidate (the options place its pauses) or a roster read from the Roster grid.
    pauses: tuple[RecordedPause, ...] | None = None
    shift_id: str = ""  # the template it was planned from; "" when read back from times alone

    @property
    def start_of_day(self) -> int:
        return self.start - self.day * DAY_MINUTES

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Violation:
    """One breach found in a roster: who, when (a day or a range of days), which rule, by how
    much. Soft rules (`hard` False) report preferences the roster did not meet."""

    rule: str
    agent_id: str
    day: date
    limit: str
    actual: str
    detail: str
    last_day: date | None = None
    hard: bool = True

    @property
    def dates(self) -> str:
        if self.last_day is None or self.last_day == self.day:
            return self.day.isoformat()
        return f"{self.day.isoformat()}..{self.last_day.isoformat()}"

    def __str__(self) -> str:
        return (
            f"{self.agent_id} {self.dates}: {self.rule}: {self.detail} "
            f"(limit {self.limit}, actual {self.actual})"
        )


@dataclass(frozen=True)
class RulePenalty:
    """A soft rule's objective term: `weight` points per unit of `variable` on `day`."""

    rule: str
    day: int
    variable: cp_model.IntVar
    weight: int


@dataclass(frozen=True)
class AgentContext:
    """Everything the rules need to know about one agent, resolved once."""

    scenario: Scenario
    agent: Agent
    contract: Contract
    leave_days: frozenset[int]
    windows: tuple[
        tuple[tuple[int, int], ...] | None, ...
    ]  # per day: [from, to) minutes; None = any
    templates: tuple[ShiftTemplate, ...]  # the templates this contract may use
    pinned: tuple[tuple[int, int, int], ...] = ()  # fixed shifts: (day, start, end) in minutes
    requests: tuple[tuple[int, ShiftRequest], ...] = ()  # shift wishes inside the horizon, by day

    @property
    def days(self) -> int:
        return self.scenario.horizon.days

    def date(self, day: int) -> date:
        return self.scenario.horizon.day_date(day)

    def weeks(self) -> list[range]:
        horizon = self.scenario.horizon
        return [horizon.days_in_week(week) for week in range(horizon.num_weeks)]

    def full_weeks(self) -> list[range]:
        return [week for week in self.weeks() if len(week) == WEEK_DAYS]

    def months(self) -> list[range]:
        """The horizon's days grouped by calendar month."""
        starts = [day for day in range(self.days) if day == 0 or self.date(day).day == 1]
        return [range(a, b) for a, b in itertools.pairwise([*starts, self.days])]


Choice = tuple[Span, cp_model.IntVar]


def _by_day(
    choices: Iterable[Choice], keep: Callable[[Span], bool] = lambda _: True
) -> dict[int, list[cp_model.IntVar]]:
    days: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for span, var in choices:
        if keep(span):
            days[span.day].append(var)
    return days


_DAY_TOTALS: weakref.WeakKeyDictionary[cp_model.CpModel, dict[tuple[int, ...], cp_model.IntVar]]
_DAY_TOTALS = weakref.WeakKeyDictionary()


def _day_totals(
    choices: Iterable[Choice],
    model: cp_model.CpModel,
    keep: Callable[[Span], bool] = lambda _: True,
) -> dict[int, list[cp_model.IntVar]]:
    """Like `_by_day`, but each day's shifts summed into one variable, shared by every rule
    that asks for the same shifts of the same day. Rules over runs and windows of days repeat
    each day in many constraints: with a day's dozen shift types spelled out each time, the
    model of a 120-person, 28-day instance held almost a million terms."""
    totals = _DAY_TOTALS.setdefault(model, {})
    days: dict[int, list[cp_model.IntVar]] = {}
    for day, variables in _by_day(choices, keep).items():
        if len(variables) == 1:
            days[day] = variables
            continue
        key = tuple(sorted(v.index for v in variables))
        if key not in totals:
            most = sum(list(model.proto.variables[v.index].domain)[-1] for v in variables)
            totals[key] = model.new_int_var(0, most, f"day_total[{variables[0].name}]")
            model.add(totals[key] == sum(variables))
        days[day] = [totals[key]]
    return days


def clock(minutes: int) -> str:
    days, minute_of_day = divmod(minutes, DAY_MINUTES)
    text = f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"
    return text if days == 0 else f"{text}+{days}"


def _hours(minutes: float) -> str:
    return f"{minutes / 60:g} h"


def _minutes(hours: float) -> int:
    return round(hours * 60)


class Rule(ABC):
    name: str
    title: str
    hard: bool = True
    field: str | None = None  # the Contracts column holding this rule's value, if just one

    def applies(self, ctx: AgentContext) -> bool:
        """Whether the agent's contract sets this rule at all."""
        return self.field is None or getattr(ctx.contract, self.field) is not None

    def setting(self, ctx: AgentContext) -> str:
        """The contract values this rule reads, in the words of the Contracts sheet."""
        if self.field is None:
            return self.title
        value = getattr(ctx.contract, self.field)
        return f"{self.field} {value:g}" if isinstance(value, float) else f"{self.field} {value}"

    @abstractmethod
    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        """Add this rule; `choices` pairs each candidate shift with its variable.

        For one agent (`size` 1) the variables are booleans and the constraints exact. For a
        pool of `size` interchangeable agents each variable counts how many take that shift,
        and the constraints become pool-wide sums: a relaxation used to plan counts fast.
        """

    @abstractmethod
    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        """Violations of this rule in one agent's actual shifts."""

    def penalties(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> list[RulePenalty]:
        """Objective terms of a soft rule (none for hard rules).

        For a pool the penalty variables lower-bound the sum of its people's penalties, so the
        pooled objective stays a relaxation.
        """
        return []

    def _violation(
        self, ctx: AgentContext, first: int, last: int, limit: str, actual: str, detail: str
    ) -> Violation:
        return Violation(
            self.name,
            ctx.agent.agent_id,
            ctx.date(first),
            limit,
            actual,
            detail,
            last_day=ctx.date(last) if last != first else None,
            hard=self.hard,
        )


# --- Rules about single shifts ------------------------------------------------------------------


class SoftRule(Rule):
    """A rule that forbids nothing: it only prices what it dislikes through `penalties`."""

    hard = False

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        """Nothing is forbidden; see `penalties`."""


class ShiftFilterRule(Rule):
    """A rule about single shifts: candidates failing it are never created in the model.

    Exact for a pool too: every legal week of every person uses admitted shifts only.
    """

    @abstractmethod
    def admits(self, ctx: AgentContext, span: Span) -> bool: ...

    @abstractmethod
    def explain(self, ctx: AgentContext, span: Span) -> tuple[str, str, str]:
        """(limit, actual, detail) for a shift this rule does not admit."""

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        for span, literal in choices:
            if not self.admits(ctx, span):
                model.add(literal == 0)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        return [
            self._violation(ctx, span.day, span.day, *self.explain(ctx, span))
            for span in spans
            if not self.admits(ctx, span)
        ]


class NoWorkOnLeave(ShiftFilterRule):
    name = "no_work_on_leave"
    title = "No shift on a day of approved time off"

    def setting(self, ctx: AgentContext) -> str:
        days = ", ".join(ctx.date(d).isoformat() for d in sorted(ctx.leave_days))
        return f"time off on {days}"

    def admits(self, ctx: AgentContext, span: Span) -> bool:
        return span.day not in ctx.leave_days

    def explain(self, ctx: AgentContext, span: Span) -> tuple[str, str, str]:
        return "no shift", "a shift", "shift on a day of approved time off"


class WithinAvailability(ShiftFilterRule):
    name = "within_availability"
    title = "Shifts lie inside the agent's availability window"

    def setting(self, ctx: AgentContext) -> str:
        return "the availability windows"

    def admits(self, ctx: AgentContext, span: Span) -> bool:
        windows = ctx.windows[span.day]
        if windows is None:
            return True
        start = span.start_of_day
        end = start + span.length
        return any(low <= start and end <= high for low, high in windows)

    def explain(self, ctx: AgentContext, span: Span) -> tuple[str, str, str]:
        windows = ctx.windows[span.day] or ()
        end = span.start_of_day + span.length
        return (
            " or ".join(f"{clock(low)}-{clock(high)}" for low, high in windows) or "none",
            f"{clock(span.start_of_day)}-{clock(end)}",
            "shift outside the agent's availability",
        )


class AllowedShiftTemplates(ShiftFilterRule):
    name = "allowed_shift_templates"
    title = "Shifts follow a template the contract allows"

    def setting(self, ctx: AgentContext) -> str:
        return "allowed shifts " + (", ".join(t.shift_id for t in ctx.templates) or "none")

    def admits(self, ctx: AgentContext, span: Span) -> bool:
        return any(fits_template(template, span) for template in ctx.templates)

    def explain(self, ctx: AgentContext, span: Span) -> tuple[str, str, str]:
        allowed = ", ".join(t.shift_id for t in ctx.templates)
        actual = f"{clock(span.start_of_day)} for {span.length / 60:g} h"
        return allowed, actual, "shift matches no template allowed by the contract"


def shift_id_of(ctx: AgentContext, span: Span) -> str | None:
    return template_of(ctx.scenario, span)


def template_of(scenario: Scenario, span: Span) -> str | None:
    """The template a shift is one of: as planned, else the Shifts-sheet template its times fit
    (unambiguous when shift-level rules are used, see `Scenario`), else None."""
    if span.shift_id:
        return span.shift_id
    fitting = (t.shift_id for t in scenario.shifts if fits_template(t, span))
    return next(fitting, None)


def fits_template(template: ShiftTemplate, span: Span) -> bool:
    """Whether the shift is one of the template's: a start it allows, its length and paid time."""
    offset = span.start_of_day - minutes_of_day(template.earliest_start)
    return (
        offset >= 0
        and span.start_of_day <= minutes_of_day(template.latest_start)
        and offset % template.start_step_minutes == 0
        and span.length == template.span_minutes
        and span.paid == template.paid_minutes
    )


class BoundedShiftValue(ShiftFilterRule):
    """A per-shift quantity (length, paid time, overtime) bounded by a contract value."""

    field: str
    at_most: bool = True

    @abstractmethod
    def value(self, ctx: AgentContext, span: Span) -> int: ...

    def bound(self, ctx: AgentContext) -> int | None:
        hours = getattr(ctx.contract, self.field)
        return None if hours is None else _minutes(hours)

    def admits(self, ctx: AgentContext, span: Span) -> bool:
        bound = self.bound(ctx)
        if bound is None:
            return True
        value = self.value(ctx, span)
        return value <= bound if self.at_most else value >= bound

    def explain(self, ctx: AgentContext, span: Span) -> tuple[str, str, str]:
        bound = self.bound(ctx) or 0
        return _hours(bound), _hours(self.value(ctx, span)), self.title.lower()


class MinShiftLength(BoundedShiftValue):
    name = "min_shift_length"
    title = "Shift length (start to end, meal included) at least"
    field = "min_shift_hours"
    at_most = False

    def value(self, ctx: AgentContext, span: Span) -> int:
        return span.length


class MaxShiftLength(BoundedShiftValue):
    name = "max_shift_length"
    title = "Shift length (start to end, meal included) at most"
    field = "max_shift_hours"

    def value(self, ctx: AgentContext, span: Span) -> int:
        return span.length


class MaxPaidHoursPerDay(BoundedShiftValue):
    """Per working day; one shift per day (a hard rule) makes that the shift's paid time."""

    name = "max_paid_hours_per_day"
    title = "Paid hours per day at most"
    field = "max_paid_hours_day"

    def value(self, ctx: AgentContext, span: Span) -> int:
        return span.paid


def daily_overtime(ctx: AgentContext, span: Span) -> int:
    """Paid minutes of a shift beyond the contract's standard day (0 without one)."""
    standard = ctx.contract.standard_hours_day
    return 0 if standard is None else max(0, span.paid - _minutes(standard))


class MaxOvertimePerDay(BoundedShiftValue):
    name = "max_overtime_per_day"
    title = "Overtime per day (paid hours beyond standard_hours_day) at most"
    field = "max_overtime_day"

    def value(self, ctx: AgentContext, span: Span) -> int:
        return daily_overtime(ctx, span)


def night_minutes(ctx: AgentContext, span: Span) -> int:
    """Minutes of the shift inside the contract's night window (e.g. 22:00-06:00)."""
    low = minutes_of_day(ctx.contract.night_start)
    high = minutes_of_day(ctx.contract.night_end)
    if high <= low:
        high += DAY_MINUTES
    total = 0
    # Windows of the previous day reach into this day's early hours; long shifts reach further.
    for day in range(span.day - 1, span.day + span.length // DAY_MINUTES + 2):
        start, end = day * DAY_MINUTES + low, day * DAY_MINUTES + high
        total += max(0, min(end, span.end) - max(start, span.start))
    return total


def night_window_minutes(ctx: AgentContext) -> int:
    low = minutes_of_day(ctx.contract.night_start)
    high = minutes_of_day(ctx.contract.night_end)
    return high - low if high > low else high + DAY_MINUTES - low


def is_night_shift(ctx: AgentContext, span: Span) -> bool:
    """A night shift works at least `night_shift_min_hours` in the night window (EU style: 3 h),
    or the whole window when it is shorter than that."""
    needed = min(_minutes(ctx.contract.night_shift_min_hours), night_window_minutes(ctx))
    return night_minutes(ctx, span) >= needed


def is_early_shift(ctx: AgentContext, span: Span) -> bool:
    return span.start_of_day < minutes_of_day(ctx.contract.early_start_before)


def _window_text(ctx: AgentContext) -> str:
    return f"{ctx.contract.night_start:%H:%M}-{ctx.contract.night_end:%H:%M}"


class NoNightWork(ShiftFilterRule):
    name = "no_night_work"
    title = "No work in the night window (night_work banned)"

    def applies(self, ctx: AgentContext) -> bool:
        return ctx.contract.night_work == "banned"

    def setting(self, ctx: AgentContext) -> str:
        return f"night_work banned, night window {_window_text(ctx)}"

    def admits(self, ctx: AgentContext, span: Span) -> bool:
        return not self.applies(ctx) or night_minutes(ctx, span) == 0

    def explain(self, ctx: AgentContext, span: Span) -> tuple[str, str, str]:
        return (
            f"0 h in {_window_text(ctx)}",
            _hours(night_minutes(ctx, span)),
            "night work is banned for this contract",
        )


def _holiday_names(ctx: AgentContext) -> dict[int, str]:
    """Public holidays by day index from the horizon's start (outside it too: a shift on the
    horizon's last day may run into the next day)."""
    start = ctx.scenario.horizon.start_date
    return {
        (holiday.date - start).days: holiday.name or holiday.date.isoformat()
        for holiday in ctx.scenario.holidays
    }


def holidays_touched(ctx: AgentContext, span: Span) -> list[str]:
    """Names of the public holidays on which any minute of the shift falls."""
    first, last = span.start // DAY_MINUTES, (span.end - 1) // DAY_MINUTES
    names = _holiday_names(ctx)
    return [names[day] for day in range(first, last + 1) if day in names]


class NoHolidayWork(ShiftFilterRule):
    """With holiday_work banned no minute of a shift falls on a Holidays date, wherever the
    shift starts: the ban is on working that day (e.g. PRC student interns, Internship
    Provisions 2016 Art. 16), unlike the holiday premium, which follows the start day."""

    name = "no_holiday_work"
    title = "No work on a public holiday (holiday_work banned)"

    def applies(self, ctx: AgentContext) -> bool:
        return ctx.contract.holiday_work == "banned"

    def setting(self, ctx: AgentContext) -> str:
        holidays = ", ".join(h.date.isoformat() for h in ctx.scenario.holidays) or "none"
        return f"holiday_work banned, holidays {holidays}"

    def admits(self, ctx: AgentContext, span: Span) -> bool:
        return not self.applies(ctx) or not holidays_touched(ctx, span)

    def explain(self, ctx: AgentContext, span: Span) -> tuple[str, str, str]:
        return (
            "no work on a public holiday",
            "a shift on " + ", ".join(holidays_touched(ctx, span)),
            "work on a public holiday is banned for this contract",
        )


# --- Meals and short breaks --------------------------------------------------------------------


def _pause_words(kind: ActivityKind, start: int, end: int) -> str:
    return f"{kind.value} {clock(start)}-{clock(end)}"


class PausesInWindows(Rule):
    """Each meal and short break of a shift starts inside its window, at its length
    (`options.pause_windows`: the meal window; within 30 minutes of each break mark).

    A shift recorded with no pause rows at all in the Assignments sheet misses them all. A roster
    read from the Roster grid records no pauses (`Span.pauses` None): this rule cannot judge it.
    """

    name = "pauses_in_windows"
    title = "Meals and short breaks start inside their windows"

    def applies(self, ctx: AgentContext) -> bool:
        interval = ctx.scenario.horizon.interval_minutes
        return any(pause_windows(t, interval) for t in ctx.templates)

    def setting(self, ctx: AgentContext) -> str:
        interval = ctx.scenario.horizon.interval_minutes
        return "; ".join(
            f"{t.shift_id}: " + ", ".join(_window_words(w) for w in pause_windows(t, interval))
            for t in ctx.templates
            if pause_windows(t, interval)
        )

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        """Nothing to add: candidate shifts offer each pause only the starts inside its window
        (`options.shift_pauses`), and the model places every pause of every shift worked."""

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        interval = ctx.scenario.horizon.interval_minutes
        found = []
        for span in spans:
            fitting = [t for t in ctx.templates if fits_template(t, span)]
            if span.pauses is None or not fitting:
                continue  # unrecorded pauses; a shift of no template is another rule's breach
            misses = [self._misses(ctx, span, pause_windows(t, interval)) for t in fitting]
            if all(misses):
                found.extend(misses[0])
        return found

    def _misses(
        self, ctx: AgentContext, span: Span, windows: Sequence[PauseWindow]
    ) -> list[Violation]:
        """Windows without their pause, each beside the pauses of its kind that matched none,
        then the pauses left over that match no window."""
        unused = sorted(span.pauses or (), key=lambda p: p[1])
        missed = []
        for window in windows:
            hit = next(
                (
                    p
                    for p in unused
                    if p[0] is window.kind and window.admits(p[1] - span.start, p[2] - p[1])
                ),
                None,
            )
            if hit is None:
                missed.append(window)
            else:
                unused.remove(hit)
        found = []
        for window in missed:
            astray = [p for p in unused if p[0] is window.kind][:1]
            unused = [p for p in unused if p not in astray]
            actual = ", ".join(self._at(span, p) for p in astray) or f"no {window.kind.value}"
            detail = f"{window.kind.value} {'outside its window' if astray else 'missing'}"
            limit = _window_words(window, span.start_of_day)
            found.append(self._violation(ctx, span.day, span.day, limit, actual, detail))
        for pause in unused:
            detail = f"{pause[0].value} matches no window of the shift"
            actual = self._at(span, pause)
            found.append(self._violation(ctx, span.day, span.day, "none", actual, detail))
        return found

    @staticmethod
    def _at(span: Span, pause: RecordedPause) -> str:
        offset = span.start_of_day - span.start
        return _pause_words(pause[0], pause[1] + offset, pause[2] + offset)


def _window_words(window: PauseWindow, shift_start: int | None = None) -> str:
    """E.g. "break 15 min starting 10:30-11:30", or "+1:30-2:30 h" without a shift start."""
    if shift_start is None:
        low, high = window.earliest / 60, window.latest / 60
        when = f"+{low:g}-{high:g} h"
    else:
        when = f"{clock(shift_start + window.earliest)}-{clock(shift_start + window.latest)}"
    return f"{window.kind.value} {window.minutes} min starting {when}"


# --- Fixed (pinned) shifts ---------------------------------------------------------------------


def pin_words(ctx: AgentContext, pin: tuple[int, int, int]) -> str:
    day, start, end = pin
    midnight = day * DAY_MINUTES
    return f"{ctx.date(day).isoformat()} {clock(start - midnight)}-{clock(end - midnight)}"


class FixedShifts(Rule):
    """Each pinned shift (FixedShifts sheet) is worked exactly: that start and that end on that
    day. A pinned shift no candidate matches (its day is on leave, outside the availability, a
    template the contract does not allow, ...) makes the agent's week infeasible, which the
    feasibility explanation names. For a pool, at least one person works each pinned shift of
    the pool's representative: a relaxation as long as pools group people with the same pins.
    """

    name = "fixed_shift"
    title = "Pinned shifts are worked exactly as pinned"

    def applies(self, ctx: AgentContext) -> bool:
        return bool(ctx.pinned)

    def setting(self, ctx: AgentContext) -> str:
        return "pinned " + ", ".join(pin_words(ctx, pin) for pin in ctx.pinned)

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        for day, start, end in ctx.pinned:
            matching = [
                var
                for span, var in choices
                if span.day == day and span.start == start and span.end == end
            ]
            if matching:
                model.add(sum(matching) >= 1)
            else:
                model.add(model.new_constant(0) >= 1)  # no legal candidate: infeasible

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        found = []
        for pin in ctx.pinned:
            day, start, end = pin
            if any(s.day == day and s.start == start and s.end == end for s in spans):
                continue
            actual = [
                f"{clock(s.start_of_day)}-{clock(s.start_of_day + s.length)}"
                for s in spans
                if s.day == day
            ]
            detail = "pinned shift " + ("moved" if actual else "not worked")
            limit = pin_words(ctx, pin).split(" ", 1)[1]
            found.append(
                self._violation(ctx, day, day, limit, " and ".join(actual) or "no shift", detail)
            )
        return found


# --- Rules between shifts -----------------------------------------------------------------------


class OneShiftPerDay(Rule):
    name = "one_shift_per_day"
    title = "At most one shift starts on each day"

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        for variables in _by_day(choices).values():
            model.add(sum(variables) <= size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        per_day = Counter(span.day for span in spans)
        return [
            self._violation(ctx, day, day, "1", str(count), f"{count} shifts start on the same day")
            for day, count in sorted(per_day.items())
            if count > 1
        ]


class MinRestBetweenShifts(Rule):
    name = "min_rest_between_shifts"
    title = "Minimum rest between the end of one shift and the start of the next"
    field = "min_rest_hours"

    def too_close(self, ctx: AgentContext, earlier: Span, later: Span) -> bool:
        return later.start - earlier.end < _minutes(ctx.contract.min_rest_hours)

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        rest = _minutes(ctx.contract.min_rest_hours)
        ordered = sorted(choices, key=lambda c: c[0].start)
        starts = [span.start for span, _ in ordered]
        for span, literal in choices:
            # Later shifts start on a later day; those starting before the rest is over clash.
            low = bisect.bisect_left(starts, (span.day + 1) * DAY_MINUTES)
            high = bisect.bisect_left(starts, span.end + rest)
            clashing = _by_day(c for c in ordered[low:high] if c[0].day > span.day)
            for variables in clashing.values():
                # At most one shift per day, so this linear form forbids every clashing pair.
                model.add(literal + sum(variables) <= size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        ordered = sorted(spans, key=lambda s: s.start)
        return [
            self._violation(
                ctx,
                later.day,
                later.day,
                f"{ctx.contract.min_rest_hours:g} h",
                f"{(later.start - earlier.end) / 60:g} h",
                f"rest from {clock(earlier.end)} day {earlier.day + 1} to "
                f"{clock(later.start)} day {later.day + 1} is too short",
            )
            for earlier, later in itertools.pairwise(ordered)
            if self.too_close(ctx, earlier, later)
        ]


class NightThenEarly(Rule):
    """A night shift on one day followed by an early shift (starting before
    `early_start_before`) on the next day, days counted by shift start."""

    def setting(self, ctx: AgentContext) -> str:
        return (
            f"night_then_early {ctx.contract.night_then_early}, early_start_before "
            f"{ctx.contract.early_start_before:%H:%M}"
        )

    def _pair_sums(
        self, ctx: AgentContext, choices: Sequence[Choice], model: cp_model.CpModel
    ) -> Iterable[tuple[int, list[cp_model.IntVar]]]:
        nights = _day_totals(choices, model, lambda s: is_night_shift(ctx, s))
        earlies = _day_totals(choices, model, lambda s: is_early_shift(ctx, s))
        for day in range(ctx.days - 1):
            if nights.get(day) and earlies.get(day + 1):
                yield day, nights[day] + earlies[day + 1]

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        if not self.applies(ctx):
            return []
        nights = {s.day: s for s in spans if is_night_shift(ctx, s)}
        return [
            self._violation(
                ctx,
                night.day,
                early.day,
                f"no shift starting before {ctx.contract.early_start_before:%H:%M}",
                f"{clock(early.start_of_day)}",
                f"night shift from {clock(night.start_of_day)} for {night.length / 60:g} h "
                "followed by an early shift the next day",
            )
            for early in spans
            if is_early_shift(ctx, early) and (night := nights.get(early.day - 1)) is not None
        ]


class NoNightThenEarly(NightThenEarly):
    """Pooled: per pair of days, nights plus next-day earlies <= size (each person adds <= 1)."""

    name = "no_night_then_early"
    title = "No early shift the day after a night shift"

    def applies(self, ctx: AgentContext) -> bool:
        return ctx.contract.night_then_early == "forbidden"

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        if self.applies(ctx):
            for _, variables in self._pair_sums(ctx, choices, model):
                model.add(sum(variables) <= size)


class AvoidNightThenEarly(SoftRule, NightThenEarly):
    """Soft: each night followed by an early shift costs `night_then_early_penalty` points."""

    name = "avoid_night_then_early"
    title = "Avoid an early shift the day after a night shift"

    def applies(self, ctx: AgentContext) -> bool:
        return ctx.contract.night_then_early == "penalized"

    def penalties(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> list[RulePenalty]:
        # Per person a pair costs max(0, night + early - 1); summed over a pool that is at least
        # nights + earlies - size, so the pooled variable is a valid lower bound.
        if not self.applies(ctx):
            return []
        weight = round(ctx.contract.night_then_early_penalty)
        found = []
        for day, variables in self._pair_sums(ctx, choices, model):
            excess = model.new_int_var(0, size, f"night_then_early[{ctx.agent.agent_id},{day}]")
            model.add(excess >= sum(variables) - size)
            found.append(RulePenalty(self.name, day, excess, weight))
        return found


# --- Runs of days -------------------------------------------------------------------------------


def _runs(days: Iterable[int]) -> list[tuple[int, int]]:
    """Maximal runs of consecutive day numbers, as (first, last)."""
    runs: list[tuple[int, int]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


class MaxConsecutive(Rule):
    """At most `limit` consecutive days with a counted shift. Any `limit` + 1 consecutive days
    hold at most `limit` counted shifts (times `size` for a pool, a sum of per-person bounds)."""

    field: str
    noun: str

    @abstractmethod
    def counts(self, ctx: AgentContext, span: Span) -> bool: ...

    def limit(self, ctx: AgentContext) -> int | None:
        value: int | None = getattr(ctx.contract, self.field)
        return value

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        limit = self.limit(ctx)
        if limit is None:
            return
        counted = _day_totals(choices, model, lambda s: self.counts(ctx, s))
        for first in range(ctx.days - limit):
            window = [v for day in range(first, first + limit + 1) for v in counted.get(day, [])]
            if window:
                model.add(sum(window) <= limit * size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        limit = self.limit(ctx)
        if limit is None:
            return []
        runs = _runs(s.day for s in spans if self.counts(ctx, s))
        return [
            self._violation(
                ctx,
                first,
                last,
                f"{limit} {self.noun}",
                f"{last - first + 1} {self.noun}",
                f"{last - first + 1} consecutive {self.noun}",
            )
            for first, last in runs
            if last - first + 1 > limit
        ]


class MaxConsecutiveWorkingDays(MaxConsecutive):
    name = "max_consecutive_working_days"
    title = "Consecutive working days at most"
    field = "max_consecutive_days"
    noun = "working days"

    def counts(self, ctx: AgentContext, span: Span) -> bool:
        return True


class MaxConsecutiveNights(MaxConsecutive):
    name = "max_consecutive_nights"
    title = "Consecutive night shifts at most"
    field = "max_consecutive_nights"
    noun = "nights"

    def counts(self, ctx: AgentContext, span: Span) -> bool:
        return is_night_shift(ctx, span)


class MinConsecutiveDaysOff(Rule):
    """Every stretch of days off between two working days lasts at least N days.

    For each shorter gap of k days (1 <= k < N) and each start day d:
    works(d) - works(d+1) - ... - works(d+k) + works(d+k+1) <= 1 forbids working d and d+k+1
    with all days between off. Each person's left side is <= 1, so a pool's sum is <= size.
    """

    name = "min_consecutive_days_off"
    title = "Days off between working stretches at least"
    field = "min_consecutive_days_off"

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        needed = ctx.contract.min_consecutive_days_off
        if needed is None:
            return
        works = _day_totals(choices, model)
        for gap in range(1, needed):
            for day in range(ctx.days - gap - 1):
                before, after = works.get(day, []), works.get(day + gap + 1, [])
                if before and after:
                    between = [v for d in range(day + 1, day + gap + 1) for v in works.get(d, [])]
                    model.add(sum(before) - sum(between) + sum(after) <= size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        needed = ctx.contract.min_consecutive_days_off
        if needed is None:
            return []
        worked = sorted({s.day for s in spans})
        return [
            self._violation(
                ctx,
                before + 1,
                after - 1,
                f"{needed} days off",
                f"{after - before - 1} days off",
                f"only {after - before - 1} day(s) off between two working days",
            )
            for before, after in itertools.pairwise(worked)
            if 1 < after - before <= needed
        ]


# --- A free stretch in every full week ----------------------------------------------------------


class FreeStretchPerWeek(Rule):
    """Each full week holds a stretch free of work of a given length.

    A free stretch, pushed as early as it goes, starts at the week's start or where a shift ends,
    so those are the only candidates. One variable per candidate counts the people resting there
    (a boolean for one agent); together they count everyone (>= size), and per candidate and day
    the shifts blocking it number at most the people not resting there (one shift per day each).
    For one agent this is exact; for a pool, any legal weeks satisfy it.
    """

    @abstractmethod
    def length(self, ctx: AgentContext) -> int:
        """Minutes the free stretch lasts."""

    @abstractmethod
    def candidates(self, week: range, length: int, spans: Iterable[Span]) -> list[int]:
        """Start minutes of the candidate stretches."""

    @abstractmethod
    def blocks(self, start: int, length: int, span: Span) -> bool:
        """Whether working `span` breaks the stretch of `length` from `start`."""

    @abstractmethod
    def shortfall(self, ctx: AgentContext, week: range, spans: Sequence[Span]) -> tuple[str, str]:
        """(limit, actual) words for a week without a free stretch."""

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        if not self.applies(ctx):
            return
        length = self.length(ctx)
        for week in ctx.full_weeks():
            # A shift lasts at most 24 h, so only the day before the week can reach into it.
            nearby = sorted(
                (c for c in choices if week[0] - 1 <= c[0].day <= week[-1]),
                key=lambda c: c[0].start,
            )
            starts = [span.start for span, _ in nearby]
            rests = []
            for start in self.candidates(week, length, (s for s, _ in nearby)):
                resting = model.new_int_var(0, size, f"{self.name}[{ctx.agent.agent_id},{start}]")
                rests.append(resting)
                # Only shifts starting from a day before the stretch to its end can block it.
                low = bisect.bisect_left(starts, start - DAY_MINUTES)
                high = bisect.bisect_left(starts, start + length)
                blocking = _by_day(c for c in nearby[low:high] if self.blocks(start, length, c[0]))
                for variables in blocking.values():
                    model.add(sum(variables) <= size - resting)
            model.add(sum(rests) >= size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        if not self.applies(ctx):
            return []
        length = self.length(ctx)
        found = []
        for week in ctx.full_weeks():
            starts = self.candidates(week, length, spans)
            if not any(not any(self.blocks(t, length, s) for s in spans) for t in starts):
                limit, actual = self.shortfall(ctx, week, spans)
                detail = f"{self.title.lower()} in the week from {ctx.date(week[0]).isoformat()}"
                found.append(self._violation(ctx, week[0], week[-1], limit, actual, detail))
        return found


def _free_minutes(lo: int, hi: int, spans: Iterable[Span]) -> int:
    """The longest stretch of [lo, hi) that no span overlaps."""
    longest, free_from = 0, lo
    for span in sorted(spans, key=lambda s: s.start):
        if span.end <= free_from or span.start >= hi:
            continue
        longest = max(longest, span.start - free_from)
        free_from = max(free_from, span.end)
    return max(longest, hi - free_from)


class WeeklyRest(FreeStretchPerWeek):
    """Continuous rest inside each full week, measured between shift times (EU style: 24 h plus
    the 11 h daily rest = 35 h). Rest before the horizon's first week is not counted."""

    name = "weekly_rest"
    title = "Continuous weekly rest at least"
    field = "weekly_rest_hours"

    def length(self, ctx: AgentContext) -> int:
        return _minutes(ctx.contract.weekly_rest_hours or 0)

    def candidates(self, week: range, length: int, spans: Iterable[Span]) -> list[int]:
        low, high = week[0] * DAY_MINUTES, (week[-1] + 1) * DAY_MINUTES
        latest = high - length
        ends = {s.end for s in spans if low < s.end <= latest}
        return sorted({low, *ends}) if latest >= low else []

    def blocks(self, start: int, length: int, span: Span) -> bool:
        return span.start < start + length and span.end > start

    def shortfall(self, ctx: AgentContext, week: range, spans: Sequence[Span]) -> tuple[str, str]:
        low, high = week[0] * DAY_MINUTES, (week[-1] + 1) * DAY_MINUTES
        return _hours(self.length(ctx)), _hours(_free_minutes(low, high, spans))


class ConsecutiveDaysOffPerWeek(FreeStretchPerWeek):
    """Each full week holds N consecutive days on which no shift starts."""

    name = "consecutive_days_off_per_week"
    title = "Consecutive days off in each week at least"
    field = "consecutive_days_off_week"

    def length(self, ctx: AgentContext) -> int:
        return (ctx.contract.consecutive_days_off_week or 0) * DAY_MINUTES

    def candidates(self, week: range, length: int, spans: Iterable[Span]) -> list[int]:
        last_start = week[-1] + 1 - length // DAY_MINUTES
        return [day * DAY_MINUTES for day in range(week[0], last_start + 1)]

    def blocks(self, start: int, length: int, span: Span) -> bool:
        # Days off count shift starts, not hours: a night shift ending on the morning of a
        # day off does not cost it.
        return start <= span.day * DAY_MINUTES < start + length

    def shortfall(self, ctx: AgentContext, week: range, spans: Sequence[Span]) -> tuple[str, str]:
        off = [day for day in week if all(s.day != day for s in spans)]
        longest = max((last - first + 1 for first, last in _runs(off)), default=0)
        needed = ctx.contract.consecutive_days_off_week
        return f"{needed} days", f"{longest} days"


# --- Totals over periods ------------------------------------------------------------------------


class PeriodLimit(Rule):
    """A bound on a total over periods of days (weeks by default). For a pool the bound is
    multiplied by its size: the sum of the people's totals is bounded by the sum of bounds."""

    at_most: bool = True

    @abstractmethod
    def contribution(self, ctx: AgentContext, span: Span) -> int: ...

    @abstractmethod
    def bound(self, ctx: AgentContext, period: range) -> int | None:
        """The bound for `period`, None when the contract sets none."""

    @abstractmethod
    def unit(self, value: int) -> str: ...

    def periods(self, ctx: AgentContext) -> list[range]:
        return ctx.weeks()

    def period_words(self, ctx: AgentContext, period: range) -> str:
        return f"in the week from {ctx.date(period[0]).isoformat()}"

    def holds(self, total: int, bound: int) -> bool:
        return total <= bound if self.at_most else total >= bound

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        for period in self.periods(ctx):
            bound = self.bound(ctx, period)
            if bound is None:
                continue
            terms = [self.contribution(ctx, s) * lit for s, lit in choices if s.day in period]
            if self.at_most:
                model.add(sum(terms) <= bound * size)
            else:
                model.add(sum(terms) >= bound * size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        violations = []
        for period in self.periods(ctx):
            bound = self.bound(ctx, period)
            if bound is None:
                continue
            total = sum(self.contribution(ctx, s) for s in spans if s.day in period)
            if not self.holds(total, bound):
                detail = f"{self.title.lower()} {self.period_words(ctx, period)}"
                violations.append(
                    self._violation(
                        ctx, period[0], period[-1], self.unit(bound), self.unit(total), detail
                    )
                )
        return violations


class MaxDaysPerWeek(PeriodLimit):
    name = "max_days_per_week"
    title = "Working days per week at most"
    field = "max_days_week"

    def contribution(self, ctx: AgentContext, span: Span) -> int:
        return 1

    def bound(self, ctx: AgentContext, period: range) -> int:
        return ctx.contract.max_days_week

    def unit(self, value: int) -> str:
        return f"{value} days"


class MinDaysOffPerWeek(PeriodLimit):
    """Days without a shift start in each full week, as a bound on the days worked."""

    name = "min_days_off_per_week"
    title = "Working days per week at most (days off per week at least)"
    field = "min_days_off_week"

    def periods(self, ctx: AgentContext) -> list[range]:
        return ctx.full_weeks()

    def contribution(self, ctx: AgentContext, span: Span) -> int:
        return 1

    def bound(self, ctx: AgentContext, period: range) -> int | None:
        off = ctx.contract.min_days_off_week
        return None if off is None else len(period) - off

    def unit(self, value: int) -> str:
        return f"{value} days worked"


class MaxHoursPerWeek(PeriodLimit):
    name = "max_hours_per_week"
    title = "Paid hours per week at most"
    field = "max_hours_week"

    def contribution(self, ctx: AgentContext, span: Span) -> int:
        return span.paid

    def bound(self, ctx: AgentContext, period: range) -> int:
        return _minutes(ctx.contract.max_hours_week)

    def unit(self, value: int) -> str:
        return _hours(value)


class MinHoursPerWeek(PeriodLimit):
    """Contracted minimum, prorated for a short last week and credited for approved leave."""

    name = "min_hours_per_week"
    title = "Paid hours per week at least"
    field = "min_hours_week"
    at_most = False

    def contribution(self, ctx: AgentContext, span: Span) -> int:
        return span.paid

    def bound(self, ctx: AgentContext, period: range) -> int:
        prorated = ctx.contract.min_hours_week * 60 * len(period) / WEEK_DAYS
        leave = sum(1 for day in period if day in ctx.leave_days)
        credit = ctx.contract.leave_credit_hours * 60 * leave
        return max(0, round(prorated - credit))

    def unit(self, value: int) -> str:
        return _hours(value)


class MaxNightsPerWeek(PeriodLimit):
    name = "max_nights_per_week"
    title = "Night shifts per week at most"
    field = "max_nights_week"

    def contribution(self, ctx: AgentContext, span: Span) -> int:
        return int(is_night_shift(ctx, span))

    def bound(self, ctx: AgentContext, period: range) -> int | None:
        return ctx.contract.max_nights_week

    def unit(self, value: int) -> str:
        return f"{value} nights"


class MaxHoursPerMonth(PeriodLimit):
    """Paid hours of the shifts starting in each calendar month; a month only partly inside
    the horizon is bounded on that part (hours worked before the horizon are unknown)."""

    name = "max_hours_per_month"
    title = "Paid hours per month at most"
    field = "max_hours_month"

    def periods(self, ctx: AgentContext) -> list[range]:
        return ctx.months()

    def period_words(self, ctx: AgentContext, period: range) -> str:
        return f"in {ctx.date(period[0]):%Y-%m}"

    def contribution(self, ctx: AgentContext, span: Span) -> int:
        return span.paid

    def bound(self, ctx: AgentContext, period: range) -> int | None:
        hours = ctx.contract.max_hours_month
        return None if hours is None else _minutes(hours)

    def unit(self, value: int) -> str:
        return _hours(value)


class MaxAverageHoursPerWeek(PeriodLimit):
    """Average paid hours per week over each reference period (comprehensive working hours, EU
    48 h): blocks of `reference_weeks` weeks, or the whole horizon when that is blank."""

    name = "max_average_hours_per_week"
    title = "Average paid hours per week at most"
    field = "max_average_hours_week"

    def setting(self, ctx: AgentContext) -> str:
        weeks = ctx.contract.reference_weeks
        period = "the horizon" if weeks is None else f"{weeks} weeks"
        return f"max_average_hours_week {ctx.contract.max_average_hours_week:g} over {period}"

    def periods(self, ctx: AgentContext) -> list[range]:
        length = WEEK_DAYS * (ctx.contract.reference_weeks or ctx.scenario.horizon.num_weeks)
        return [range(first, min(first + length, ctx.days)) for first in range(0, ctx.days, length)]

    def period_words(self, ctx: AgentContext, period: range) -> str:
        return (
            f"over the {len(period)} days from {ctx.date(period[0]).isoformat()} "
            f"(limit = average x {len(period)}/7)"
        )

    def contribution(self, ctx: AgentContext, span: Span) -> int:
        return span.paid

    def bound(self, ctx: AgentContext, period: range) -> int | None:
        average = ctx.contract.max_average_hours_week
        return None if average is None else round(average * 60 * len(period) / WEEK_DAYS)

    def unit(self, value: int) -> str:
        return _hours(value)


# --- Weekends and overtime ----------------------------------------------------------------------


def weekends(ctx: AgentContext) -> list[list[int]]:
    """The horizon's Saturdays and Sundays, grouped per weekend (a weekend cut by the horizon's
    edge keeps the day inside it)."""
    groups: dict[int, list[int]] = defaultdict(list)
    for day in range(ctx.days):
        when = ctx.date(day)
        if when.weekday() >= 5:
            groups[when.toordinal() - when.weekday()].append(day)
    return list(groups.values())


class MaxWorkingWeekends(Rule):
    """A weekend is worked when a shift starts on its Saturday or Sunday.

    One indicator per weekend, at least each day's shifts; a pool's indicator counts at least the
    people working that weekend's busier day, a lower bound of the people working it.
    """

    name = "max_working_weekends"
    title = "Working weekends in the horizon at most"
    field = "max_weekends"

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        limit = ctx.contract.max_weekends
        if limit is None:
            return
        works = _day_totals(choices, model)
        worked = []
        for days in weekends(ctx):
            flag = model.new_int_var(0, size, f"weekend[{ctx.agent.agent_id},{days[0]}]")
            for day in days:
                if works.get(day):
                    model.add(flag >= sum(works[day]))
            worked.append(flag)
        model.add(sum(worked) <= limit * size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        limit = ctx.contract.max_weekends
        if limit is None:
            return []
        days = {s.day for s in spans}
        worked = [w for w in weekends(ctx) if days.intersection(w)]
        if len(worked) <= limit:
            return []
        listed = ", ".join(ctx.date(w[0]).isoformat() for w in worked)
        return [
            self._violation(
                ctx,
                worked[0][0],
                worked[-1][-1],
                f"{limit} weekends",
                f"{len(worked)} weekends",
                f"works the weekends of {listed}",
            )
        ]


def weekly_overtime(ctx: AgentContext, spans: Iterable[Span], week: range) -> int:
    """Overtime minutes of a week: paid time beyond the standard day, summed over its shifts, or
    beyond the standard week (prorated for a short week), whichever is more.

    Counting both ways and taking the larger never counts an hour twice: daily overtime hours
    are part of the week's hours.
    """
    in_week = [s for s in spans if s.day in week]
    daily = sum(daily_overtime(ctx, s) for s in in_week)
    standard = ctx.contract.standard_hours_week
    if standard is None:
        return daily
    beyond = sum(s.paid for s in in_week) - round(standard * 60 * len(week) / WEEK_DAYS)
    return max(daily, beyond)


def overtime_months(ctx: AgentContext) -> list[list[range]]:
    """Weeks grouped by the month their first day falls in: a week's overtime counts there."""
    groups: dict[tuple[int, int], list[range]] = defaultdict(list)
    for week in ctx.weeks():
        first = ctx.date(week[0])
        groups[first.year, first.month].append(week)
    return list(groups.values())


class MaxOvertimePerMonth(Rule):
    """Overtime (see `weekly_overtime`) summed over the weeks starting in each month.

    Per week an overtime variable is at least the daily excess and at least the hours beyond the
    standard week: exact for one agent, and for a pool the sum of the people's maxima is at least
    the maximum of their sums, so the pooled variables stay below the true total.
    """

    name = "max_overtime_per_month"
    title = "Overtime per month at most"
    field = "max_overtime_month"

    def setting(self, ctx: AgentContext) -> str:
        contract = ctx.contract
        standards = [
            f"{name} {value:g}"
            for name, value in (
                ("standard_hours_day", contract.standard_hours_day),
                ("standard_hours_week", contract.standard_hours_week),
            )
            if value is not None
        ]
        return f"max_overtime_month {contract.max_overtime_month:g} over {' and '.join(standards)}"

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        cap = ctx.contract.max_overtime_month
        if cap is None:
            return
        standard = ctx.contract.standard_hours_week
        for weeks in overtime_months(ctx):
            overtime = []
            for week in weeks:
                in_week = [(s, v) for s, v in choices if s.day in week]
                extra = model.new_int_var(
                    0, size * WEEK_DAYS * DAY_MINUTES, f"overtime[{ctx.agent.agent_id},{week[0]}]"
                )
                model.add(extra >= sum(daily_overtime(ctx, s) * v for s, v in in_week))
                if standard is not None:
                    weekly = round(standard * 60 * len(week) / WEEK_DAYS)
                    model.add(extra >= sum(s.paid * v for s, v in in_week) - weekly * size)
                overtime.append(extra)
            model.add(sum(overtime) <= _minutes(cap) * size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        cap = ctx.contract.max_overtime_month
        if cap is None:
            return []
        found = []
        for weeks in overtime_months(ctx):
            total = sum(weekly_overtime(ctx, spans, week) for week in weeks)
            if total > _minutes(cap):
                month = f"{ctx.date(weeks[0][0]):%Y-%m}"
                detail = f"overtime in the weeks starting in {month}"
                found.append(
                    self._violation(
                        ctx,
                        weeks[0][0],
                        weeks[-1][-1],
                        _hours(_minutes(cap)),
                        _hours(total),
                        detail,
                    )
                )
        return found


# --- Start-time consistency --------------------------------------------------------------------


class StartTimeSpread(Rule):
    """Within each week (short last week included) the latest shift start minus the earliest,
    as clock times of their days, stays within `max_start_spread_minutes`. A shift starting
    00:30 starts at 00:30 of its own day: a 23:00 start and a 00:30 start are 22.5 h apart.

    Per week two variables bound the starts worked (`lo` <= start <= `hi` for each shift
    worked) and `hi - lo` is limited: exact for one agent. A pool's people may start at
    different times, so nothing pool-wide follows: the pooled relaxation adds nothing.
    """

    name = "max_start_spread"
    title = "Spread of shift start times within a week at most"
    field = "max_start_spread_minutes"

    def applies(self, ctx: AgentContext) -> bool:
        return ctx.contract.max_start_spread_minutes is not None and (
            ctx.contract.start_spread == ("hard" if self.hard else "soft")
        )

    def setting(self, ctx: AgentContext) -> str:
        c = ctx.contract
        return f"max_start_spread_minutes {c.max_start_spread_minutes} ({c.start_spread})"

    def _spreads(
        self, ctx: AgentContext, choices: Sequence[Choice], model: cp_model.CpModel
    ) -> Iterable[tuple[range, cp_model.IntVar]]:
        """Per week with shifts: the variable spread of the starts worked (one agent)."""
        for week in ctx.weeks():
            in_week = [(s, v) for s, v in choices if s.day in week]
            starts = {s.start_of_day for s, _ in in_week}
            if len(starts) < 2:
                continue
            tag = f"{ctx.agent.agent_id},{week[0]}"
            low = model.new_int_var(min(starts), max(starts), f"start_lo[{tag}]")
            high = model.new_int_var(min(starts), max(starts), f"start_hi[{tag}]")
            for span, var in in_week:
                model.add(low <= span.start_of_day).only_enforce_if(var)
                model.add(high >= span.start_of_day).only_enforce_if(var)
            spread = model.new_int_var(0, DAY_MINUTES, f"start_spread[{tag}]")
            model.add(spread >= high - low)
            yield week, spread

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        limit = ctx.contract.max_start_spread_minutes
        if size != 1 or limit is None or not self.applies(ctx):
            return
        for _, spread in self._spreads(ctx, choices, model):
            model.add(spread <= limit)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        limit = ctx.contract.max_start_spread_minutes
        if limit is None or not self.applies(ctx):
            return []
        found = []
        for week in ctx.weeks():
            in_week = sorted((s for s in spans if s.day in week), key=lambda s: s.start_of_day)
            if len(in_week) < 2:
                continue
            first, last = in_week[0], in_week[-1]
            spread = last.start_of_day - first.start_of_day
            if spread > limit:
                detail = (
                    f"starts from {clock(first.start_of_day)} ({ctx.date(first.day).isoformat()}) "
                    f"to {clock(last.start_of_day)} ({ctx.date(last.day).isoformat()}) in the "
                    f"week from {ctx.date(week[0]).isoformat()}"
                )
                found.append(
                    self._violation(ctx, week[0], week[-1], f"{limit} min", f"{spread} min", detail)
                )
        return found


class SoftStartTimeSpread(SoftRule, StartTimeSpread):
    """Soft: each minute of a week's start spread beyond the limit costs
    `start_spread_penalty` points (one agent; a pool gets no term, a valid lower bound)."""

    name = "avoid_start_spread"
    title = "Spread of shift start times within a week (soft) at most"

    def penalties(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> list[RulePenalty]:
        limit = ctx.contract.max_start_spread_minutes
        weight = round(ctx.contract.start_spread_penalty)
        if size != 1 or limit is None or weight <= 0 or not self.applies(ctx):
            return []
        found = []
        for week, spread in self._spreads(ctx, choices, model):
            excess = model.new_int_var(
                0, DAY_MINUTES, f"start_excess[{ctx.agent.agent_id},{week[0]}]"
            )
            model.add(excess >= spread - limit)
            found.append(RulePenalty(self.name, week[0], excess, weight))
        return found


# --- Fairness of nights and weekends (soft) -----------------------------------------------------


@dataclass(frozen=True)
class FairShare:
    """A per-person target: ceil(demand / people)."""

    demand: int
    people: int

    @property
    def target(self) -> int:
        return -(-self.demand // self.people) if self.people else self.demand


_DEMAND_CACHE: dict[int, tuple[Scenario, list[int]]] = {}


def total_requirement(scenario: Scenario) -> list[int]:
    """Agents required per slot over all queues, from the scenario's forecast (cached per
    scenario object; a scenario without a forecast requires nobody)."""
    cached = _DEMAND_CACHE.get(id(scenario))
    if cached is not None and cached[0] is scenario:
        return cached[1]
    total = [0] * scenario.horizon.num_slots
    if scenario.forecast:
        requirements = compute_requirements(scenario)
        for queue in scenario.queues:
            total = [a + b for a, b in zip(total, requirements.curve(queue.queue_id), strict=True)]
    if len(_DEMAND_CACHE) > 8:
        _DEMAND_CACHE.clear()
    _DEMAND_CACHE[id(scenario)] = (scenario, total)
    return total


def _peak(scenario: Scenario, total: list[int], low: int, high: int) -> int:
    """Most agents required at once in [low, high) minutes, clipped to the horizon."""
    step = scenario.horizon.interval_minutes
    slots = range(max(low, 0) // step, min(-(-high // step), len(total)))
    return max((total[slot] for slot in slots), default=0)


def fair_nights(ctx: AgentContext) -> FairShare:
    """Night shifts per person: demand = per day, the most agents required at once in the
    night window starting that day (a lower bound of the night shifts needed); people = every
    agent whose contract does not ban night work."""
    total = total_requirement(ctx.scenario)
    low = minutes_of_day(ctx.contract.night_start)
    length = night_window_minutes(ctx)
    demand = sum(
        _peak(ctx.scenario, total, day * DAY_MINUTES + low, day * DAY_MINUTES + low + length)
        for day in range(ctx.days)
    )
    contracts = ctx.scenario.contracts_by_id()
    people = sum(1 for a in ctx.scenario.agents if contracts[a.contract_id].night_work != "banned")
    return FairShare(demand, people)


def fair_weekends(ctx: AgentContext) -> FairShare:
    """Weekends worked per person: demand = per weekend, the most agents required at once on
    its Saturday or Sunday; people = every agent."""
    total = total_requirement(ctx.scenario)
    demand = sum(
        _peak(ctx.scenario, total, days[0] * DAY_MINUTES, (days[-1] + 1) * DAY_MINUTES)
        for days in weekends(ctx)
    )
    return FairShare(demand, len(ctx.scenario.agents))


class FairShareRule(SoftRule):
    """Soft: each counted item (night shift, weekend worked) above the person's fair share of
    the center's demand costs the contract's penalty.

    The fair share ceil(demand / people) is computed from the scenario alone (its forecast and
    headcount), never from the roster, so the solver and the checker agree and every person's
    target is known before the search places anyone. Limits: the demand is a lower bound (the
    peak headcount, not the shifts needed to cover it), it pools all queues and skills, and it
    ignores leave and availability; people on one contract get the same target, so the
    penalty spreads nights and weekends evenly among them. For a pool the excess variable is at
    least the pool's total minus size x target, below the sum of the people's excesses.
    """

    @abstractmethod
    def share(self, ctx: AgentContext) -> FairShare: ...

    @abstractmethod
    def counted(
        self, ctx: AgentContext, choices: Sequence[Choice], model: cp_model.CpModel, size: int
    ) -> list[cp_model.LinearExprT]: ...

    @abstractmethod
    def count(self, ctx: AgentContext, spans: Sequence[Span]) -> int: ...

    noun: str

    def setting(self, ctx: AgentContext) -> str:
        share = self.share(ctx)
        value = getattr(ctx.contract, str(self.field))
        return (
            f"{self.field} {value:g}, fair share {share.target} {self.noun} "
            f"(demand {share.demand} / {share.people} people)"
        )

    def penalties(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> list[RulePenalty]:
        weight = getattr(ctx.contract, str(self.field))
        if weight is None or round(weight) <= 0:
            return []
        terms = self.counted(ctx, choices, model, size)
        if not terms:
            return []
        target = self.share(ctx).target
        excess = model.new_int_var(0, size * ctx.days, f"{self.name}[{ctx.agent.agent_id}]")
        model.add(excess >= sum(terms) - target * size)
        return [RulePenalty(self.name, 0, excess, round(weight))]

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        if not self.applies(ctx):
            return []
        share, count = self.share(ctx), self.count(ctx, spans)
        if count <= share.target:
            return []
        detail = f"{self.noun} above the fair share ceil({share.demand} / {share.people} people)"
        return [
            self._violation(
                ctx, 0, ctx.days - 1, f"{share.target} {self.noun}", f"{count} {self.noun}", detail
            )
        ]


class FairNights(FairShareRule):
    name = "fair_share_nights"
    title = "Night shifts at most the fair share (soft)"
    field = "fair_nights_penalty"
    noun = "nights"

    def share(self, ctx: AgentContext) -> FairShare:
        return fair_nights(ctx)

    def counted(
        self, ctx: AgentContext, choices: Sequence[Choice], model: cp_model.CpModel, size: int
    ) -> list[cp_model.LinearExprT]:
        return [var for span, var in choices if is_night_shift(ctx, span)]

    def count(self, ctx: AgentContext, spans: Sequence[Span]) -> int:
        return sum(1 for span in spans if is_night_shift(ctx, span))


class FairWeekends(FairShareRule):
    name = "fair_share_weekends"
    title = "Weekends worked at most the fair share (soft)"
    field = "fair_weekends_penalty"
    noun = "weekends"

    def share(self, ctx: AgentContext) -> FairShare:
        return fair_weekends(ctx)

    def counted(
        self, ctx: AgentContext, choices: Sequence[Choice], model: cp_model.CpModel, size: int
    ) -> list[cp_model.LinearExprT]:
        works = _day_totals(choices, model)
        flags: list[cp_model.LinearExprT] = []
        for days in weekends(ctx):
            if not any(works.get(day) for day in days):
                continue
            flag = model.new_int_var(0, size, f"fair_weekend[{ctx.agent.agent_id},{days[0]}]")
            for day in days:
                if works.get(day):
                    model.add(flag >= sum(works[day]))
            flags.append(flag)
        return flags

    def count(self, ctx: AgentContext, spans: Sequence[Span]) -> int:
        days = {span.day for span in spans}
        return sum(1 for w in weekends(ctx) if days.intersection(w))


# --- Overtime premiums (a cost, not a limit) -----------------------------------------------------


@dataclass(frozen=True)
class OvertimeMinutes:
    """Paid minutes earning each premium (PRC Labor Law Art. 44), see `overtime_categories`."""

    weekday: int = 0
    rest_day: int = 0
    holiday: int = 0

    def pay_per_hour_of_cost(self, contract: Contract) -> float:
        """Premium hours times their multipliers: times the hourly cost, the overtime pay."""
        return (
            self.weekday * contract.overtime_premium_weekday
            + self.rest_day * contract.overtime_premium_rest_day
            + self.holiday * contract.overtime_premium_holiday
        ) / 60

    def extra_per_hour_of_cost(self, contract: Contract) -> float:
        """The part of that pay above the base wage (multiplier minus one)."""
        return (
            self.pay_per_hour_of_cost(contract) - (self.weekday + self.rest_day + self.holiday) / 60
        )


def holiday_days(ctx: AgentContext) -> frozenset[int]:
    dates = {holiday.date for holiday in ctx.scenario.holidays}
    return frozenset(day for day in range(ctx.days) if ctx.date(day) in dates)


def standard_days(ctx: AgentContext, week: range) -> int | None:
    """Working days of a standard week (standard week / standard day, e.g. 40 / 8 = 5),
    prorated and rounded down for a short week; None without both standards."""
    day, week_hours = ctx.contract.standard_hours_day, ctx.contract.standard_hours_week
    if day is None or week_hours is None:
        return None
    return int(week_hours / day * len(week) / WEEK_DAYS + 1e-9)


def overtime_categories(ctx: AgentContext, spans: Iterable[Span]) -> OvertimeMinutes:
    """Paid minutes by premium, never counting a minute twice:

    - holiday: every paid minute of a shift starting on a public holiday (Holidays sheet);
    - rest day: in each week, the shifts beyond the standard working days (`standard_days`),
      in date order, holidays left out: the 6th day of a 5-day week is a rest day worked, all
      its paid time at the rest-day premium;
    - weekday: the remaining shifts' overtime (`weekly_overtime`: beyond the standard day, or
      beyond the standard week, whichever is more).
    Without standard hours only holiday work earns a premium.
    """
    holidays = holiday_days(ctx)
    spans = sorted(spans, key=lambda s: s.start)
    holiday = sum(s.paid for s in spans if s.day in holidays)
    weekday = rest_day = 0
    for week in ctx.weeks():
        ordinary = [s for s in spans if s.day in week and s.day not in holidays]
        allowed = standard_days(ctx, week)
        if allowed is not None:
            rest_day += sum(s.paid for s in ordinary[allowed:])
            ordinary = ordinary[:allowed]
        weekday += weekly_overtime(ctx, ordinary, week)
    return OvertimeMinutes(weekday, rest_day, holiday)


class OvertimePremiums(SoftRule):
    """Not a limit: the premium part of overtime pay as a wage term of the objective, so the
    solver avoids costly holiday and overtime hours like any wage (`check` finds nothing).

    Holiday work is priced exactly, per shift. All other overtime is priced at the weekday
    premium on `weekly_overtime` of the non-holiday shifts, a lower bound of the weekday plus
    rest-day premiums of `overtime_categories` (a rest day worked is priced as weekday overtime
    here, the HR report prices it fully). Overtime is priced per started quarter hour.
    """

    name = "overtime_premiums"
    title = "Overtime and holiday premiums in the wage cost"

    def _rate(self, ctx: AgentContext) -> float:
        return ctx.scenario.weights.cost_per_currency_unit * ctx.agent.cost_per_hour

    def applies(self, ctx: AgentContext) -> bool:
        return self._rate(ctx) > 0

    def setting(self, ctx: AgentContext) -> str:
        c = ctx.contract
        return (
            f"overtime_premium_weekday {c.overtime_premium_weekday:g}, overtime_premium_rest_day "
            f"{c.overtime_premium_rest_day:g}, overtime_premium_holiday "
            f"{c.overtime_premium_holiday:g}"
        )

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        return []

    def penalties(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> list[RulePenalty]:
        rate = self._rate(ctx)
        if rate <= 0:
            return []
        found = []
        holidays = holiday_days(ctx)
        extra = ctx.contract.overtime_premium_holiday - 1
        for span, var in choices:
            weight = round(rate * extra * span.paid / 60)
            if span.day in holidays and weight > 0:
                found.append(RulePenalty(self.name, span.day, var, weight))
        quarter = round(rate * (ctx.contract.overtime_premium_weekday - 1) / 4)
        standard = ctx.contract.standard_hours_week
        if quarter <= 0 or (standard is None and ctx.contract.standard_hours_day is None):
            return found
        for week in ctx.weeks():
            in_week = [(s, v) for s, v in choices if s.day in week and s.day not in holidays]
            if not in_week:
                continue
            quarters = model.new_int_var(
                0, size * WEEK_DAYS * DAY_MINUTES // 15, f"premium[{ctx.agent.agent_id},{week[0]}]"
            )
            model.add(15 * quarters >= sum(daily_overtime(ctx, s) * v for s, v in in_week))
            if standard is not None:
                weekly = round(standard * 60 * len(week) / WEEK_DAYS)
                model.add(15 * quarters >= sum(s.paid * v for s, v in in_week) - weekly * size)
            found.append(RulePenalty(self.name, week[0], quarters, quarter))
        return found


# --- Shift-demand planning: per-template limits, horizon totals, runs, successions, requests ----


def _by_shift_and_day(
    ctx: AgentContext, choices: Iterable[Choice]
) -> dict[tuple[str | None, int], list[cp_model.IntVar]]:
    found: dict[tuple[str | None, int], list[cp_model.IntVar]] = defaultdict(list)
    for span, var in choices:
        found[shift_id_of(ctx, span), span.day].append(var)
    return found


class MaxShiftsPerTemplate(Rule):
    """At most N shifts of a template over the horizon (0: the person never works it). A pool's
    sum is bounded by N x size."""

    name = "max_shifts_per_template"
    title = "Shifts of one template in the horizon at most"
    field = "max_shifts_per_template"

    def applies(self, ctx: AgentContext) -> bool:
        return bool(ctx.contract.max_shifts_per_template)

    def setting(self, ctx: AgentContext) -> str:
        limits = ", ".join(f"{sid} {most}" for sid, most in ctx.contract.max_shifts_per_template)
        return f"{self.field} {limits}"

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        for shift_id, most in ctx.contract.max_shifts_per_template:
            taking = [var for span, var in choices if shift_id_of(ctx, span) == shift_id]
            if taking:
                model.add(sum(taking) <= most * size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        found = []
        for shift_id, most in ctx.contract.max_shifts_per_template:
            days = sorted(s.day for s in spans if shift_id_of(ctx, s) == shift_id)
            if len(days) > most:
                found.append(
                    self._violation(
                        ctx,
                        days[0],
                        days[-1],
                        f"{most} {shift_id} shifts",
                        f"{len(days)} {shift_id} shifts",
                        f"{len(days)} shifts of template {shift_id} in the horizon",
                    )
                )
        return found


class HorizonHours(PeriodLimit):
    """Paid hours over the whole horizon (shift-demand contracts state totals, not weeks)."""

    def periods(self, ctx: AgentContext) -> list[range]:
        return [range(ctx.days)]

    def period_words(self, ctx: AgentContext, period: range) -> str:
        return "over the horizon"

    def contribution(self, ctx: AgentContext, span: Span) -> int:
        return span.paid

    def bound(self, ctx: AgentContext, period: range) -> int | None:
        hours: float | None = getattr(ctx.contract, str(self.field))
        return None if hours is None else _minutes(hours)

    def unit(self, value: int) -> str:
        return _hours(value)


class MaxHoursPerHorizon(HorizonHours):
    name = "max_hours_per_horizon"
    title = "Paid hours over the horizon at most"
    field = "max_hours_horizon"


class MinHoursPerHorizon(HorizonHours):
    """No leave credit here: a contract stating a horizon total already plans around leave."""

    name = "min_hours_per_horizon"
    title = "Paid hours over the horizon at least"
    field = "min_hours_horizon"
    at_most = False


class MinConsecutiveWorkingDays(Rule):
    """Every run of working days lasts at least N days, except a run starting on the horizon's
    first day or ending on its last: it continues a run of the period before or after.

    For each shorter run of k days (1 <= k < N) strictly inside the horizon, starting on day d:
    -works(d-1) + works(d) + ... + works(d+k-1) - works(d+k) <= k - 1 forbids exactly that run.
    Each person's left side is at most k - 1 whenever their run is legal, so a pool's sum is at
    most (k - 1) x size.
    """

    name = "min_consecutive_working_days"
    title = "Consecutive working days at least"
    field = "min_consecutive_days"

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        needed = ctx.contract.min_consecutive_days
        if needed is None:
            return
        works = _day_totals(choices, model)
        for length in range(1, needed):
            for first in range(1, ctx.days - length):
                run = [v for d in range(first, first + length) for v in works.get(d, [])]
                if all(works.get(d) for d in range(first, first + length)):
                    edges = works.get(first - 1, []) + works.get(first + length, [])
                    model.add(sum(run) - sum(edges) <= (length - 1) * size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        needed = ctx.contract.min_consecutive_days
        if needed is None:
            return []
        return [
            self._violation(
                ctx,
                first,
                last,
                f"{needed} working days",
                f"{last - first + 1} working days",
                f"only {last - first + 1} working day(s) in a row",
            )
            for first, last in _runs(s.day for s in spans)
            if first > 0 and last < ctx.days - 1 and last - first + 1 < needed
        ]


class ForbiddenSuccessions(Rule):
    """Shift `b` may not be worked the day after shift `a` for each forbidden (a, b) pair; only
    pairs of days inside the horizon are judged (the days around it are taken as days off).

    Per shift `a` on day d: works(a, d) + sum of works(b, d+1) <= 1, at most one shift a day
    making this exact; each person's left side is at most 1, so a pool's is at most size.
    """

    name = "forbidden_successions"
    title = "Shift successions from one day to the next that are forbidden"
    field = "forbidden_successions"

    def applies(self, ctx: AgentContext) -> bool:
        return bool(ctx.contract.forbidden_successions)

    def setting(self, ctx: AgentContext) -> str:
        pairs = ", ".join(f"{a}>{b}" for a, b in ctx.contract.forbidden_successions)
        return f"{self.field} {pairs}"

    def _followers(self, ctx: AgentContext) -> dict[str, set[str]]:
        followers: dict[str, set[str]] = defaultdict(set)
        for earlier, later in ctx.contract.forbidden_successions:
            followers[earlier].add(later)
        return followers

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        taking = _by_shift_and_day(ctx, choices)
        for earlier, later in self._followers(ctx).items():
            for day in range(ctx.days - 1):
                before = taking.get((earlier, day), [])
                after = [v for shift_id in later for v in taking.get((shift_id, day + 1), [])]
                if before and after:
                    model.add(sum(before) + sum(after) <= size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        followers = self._followers(ctx)
        on_day = {s.day: shift_id_of(ctx, s) for s in spans}
        found = []
        for day, earlier in sorted(on_day.items()):
            later = on_day.get(day + 1)
            if earlier is not None and later is not None and later in followers.get(earlier, ()):
                found.append(
                    self._violation(
                        ctx,
                        day,
                        day + 1,
                        f"no {later} after {earlier}",
                        f"{earlier} then {later}",
                        f"shift {later} the day after shift {earlier}",
                    )
                )
        return found


class ShiftRequests(SoftRule):
    """Soft: a shift on/off request not granted costs its weight in points. For a pool (people
    with requests are not interchangeable) nothing is charged, a lower bound of the cost."""

    name = "shift_requests"
    title = "Shift on/off requests granted (soft)"

    def applies(self, ctx: AgentContext) -> bool:
        return bool(ctx.requests)

    def setting(self, ctx: AgentContext) -> str:
        return f"{len(ctx.requests)} shift requests"

    def penalties(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> list[RulePenalty]:
        if size != 1:
            return []
        taking = _by_shift_and_day(ctx, choices)
        found = []
        for day, request in ctx.requests:
            weight = round(request.weight)
            candidates = taking.get((request.shift_id, day), [])
            if weight <= 0 or (not request.wanted and not candidates):
                continue  # an unwanted shift the person cannot take anyway costs nothing
            takes = sum(candidates)
            missed = model.new_bool_var(f"{self.name}[{ctx.agent.agent_id},{day}]")
            # At most one shift a day, so `takes` is 0 or 1 and these are exact.
            model.add(missed == (1 - takes if request.wanted else takes))
            found.append(RulePenalty(self.name, day, missed, weight))
        return found

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        worked = Counter((span.day, shift_id_of(ctx, span)) for span in spans)
        found = []
        for day, request in ctx.requests:
            taken = worked[day, request.shift_id] > 0
            if taken != request.wanted:
                wish = "works" if request.wanted else "is off"
                found.append(
                    self._violation(
                        ctx,
                        day,
                        day,
                        f"{wish} {request.shift_id} (weight {request.weight:g})",
                        "works it" if taken else "does not work it",
                        f"request that the agent {wish} shift {request.shift_id} not granted",
                    )
                )
        return found


SHIFT_FILTERS: tuple[ShiftFilterRule, ...] = (
    NoWorkOnLeave(),
    WithinAvailability(),
    AllowedShiftTemplates(),
    MinShiftLength(),
    MaxShiftLength(),
    MaxPaidHoursPerDay(),
    MaxOvertimePerDay(),
    NoNightWork(),
    NoHolidayWork(),
)
RULES: tuple[Rule, ...] = (
    *SHIFT_FILTERS,
    OneShiftPerDay(),
    FixedShifts(),
    MinRestBetweenShifts(),
    MaxDaysPerWeek(),
    MaxHoursPerWeek(),
    MinHoursPerWeek(),
    MinDaysOffPerWeek(),
    MaxConsecutiveWorkingDays(),
    MinConsecutiveDaysOff(),
    ConsecutiveDaysOffPerWeek(),
    WeeklyRest(),
    MaxNightsPerWeek(),
    MaxConsecutiveNights(),
    NoNightThenEarly(),
    MaxWorkingWeekends(),
    MaxHoursPerMonth(),
    MaxAverageHoursPerWeek(),
    MaxOvertimePerMonth(),
    StartTimeSpread(),
    PausesInWindows(),
    MaxShiftsPerTemplate(),
    MaxHoursPerHorizon(),
    MinHoursPerHorizon(),
    MinConsecutiveWorkingDays(),
    ForbiddenSuccessions(),
    AvoidNightThenEarly(),  # soft rules last
    SoftStartTimeSpread(),
    FairNights(),
    FairWeekends(),
    OvertimePremiums(),
    ShiftRequests(),
)
HARD_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.hard)


def agent_context(scenario: Scenario, agent: Agent) -> AgentContext:
    horizon = scenario.horizon
    contract = scenario.contract(agent.contract_id)
    leave_days = frozenset(
        day
        for day in range(horizon.days)
        for leave in scenario.time_off
        if leave.agent_id == agent.agent_id and leave.covers(horizon.day_date(day))
    )
    allowed = set(contract.allowed_shifts)
    templates = tuple(t for t in scenario.shifts if not allowed or t.shift_id in allowed)
    return AgentContext(
        scenario=scenario,
        agent=agent,
        contract=contract,
        leave_days=leave_days,
        windows=tuple(_windows_on(scenario, agent, day) for day in range(horizon.days)),
        templates=templates,
        pinned=_pins_of(scenario, agent),
        requests=tuple(
            (day, request)
            for request in scenario.shift_requests
            if request.agent_id == agent.agent_id
            and (day := horizon.day_index(request.date)) is not None
        ),
    )


def _pins_of(scenario: Scenario, agent: Agent) -> tuple[tuple[int, int, int], ...]:
    """The agent's pinned shifts inside the horizon as (day, start, end) minutes."""
    pins = []
    for fixed in scenario.fixed_shifts:
        day = scenario.horizon.day_index(fixed.date)
        if fixed.agent_id == agent.agent_id and day is not None:
            start, end = fixed.span_minutes()
            pins.append((day, day * DAY_MINUTES + start, day * DAY_MINUTES + end))
    return tuple(sorted(pins))


def _windows_on(scenario: Scenario, agent: Agent, day: int) -> tuple[tuple[int, int], ...] | None:
    when = scenario.horizon.day_date(day)
    rows = [a for a in scenario.availability if a.agent_id == agent.agent_id]
    dated = [a for a in rows if a.day == when]
    weekday = [a for a in rows if a.day == WEEKDAYS[when.weekday()]]
    chosen = dated or weekday
    if not chosen:
        return None if not rows else ()
    return tuple(a.window_minutes() for a in chosen)
