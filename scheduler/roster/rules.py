"""The labor rule book: each rule both constrains the CP-SAT model and checks a finished roster.

A rule sees one agent at a time through `AgentContext` and their shifts as `Span`s (minutes on
the horizon's continuous axis), whether those shifts are solver candidates or read back from a
workbook. The model side and the check side evaluate the same predicate or the same weekly sum,
which is what keeps the optimizer and the HR checker from ever disagreeing.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from scheduler.domain import WEEKDAYS, Agent, Contract, Scenario, ShiftTemplate
from scheduler.roster.options import minutes_of_day

DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class Span:
    """A shift as rules see it: start and end in minutes from the horizon's first midnight."""

    day: int
    start: int
    end: int
    paid: int

    @property
    def start_of_day(self) -> int:
        return self.start - self.day * DAY_MINUTES


@dataclass(frozen=True)
class Violation:
    rule: str
    agent_id: str
    day: date
    limit: str
    actual: str
    detail: str

    def __str__(self) -> str:
        return (
            f"{self.agent_id} {self.day.isoformat()}: {self.rule}: {self.detail} "
            f"(limit {self.limit}, actual {self.actual})"
        )


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

    @property
    def days(self) -> int:
        return self.scenario.horizon.days

    def date(self, day: int) -> date:
        return self.scenario.horizon.day_date(day)

    def weeks(self) -> list[range]:
        horizon = self.scenario.horizon
        return [horizon.days_in_week(week) for week in range(horizon.num_weeks)]


Choice = tuple[Span, cp_model.IntVar]


class Rule(ABC):
    name: str
    title: str

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


class ShiftFilterRule(Rule):
    """A rule about single shifts: candidates failing it are never created in the model."""

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
            Violation(self.name, ctx.agent.agent_id, ctx.date(span.day), *self.explain(ctx, span))
            for span in spans
            if not self.admits(ctx, span)
        ]


def clock(minutes: int) -> str:
    days, minute_of_day = divmod(minutes, DAY_MINUTES)
    text = f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"
    return text if days == 0 else f"{text}+{days}"


class NoWorkOnLeave(ShiftFilterRule):
    name = "no_work_on_leave"
    title = "No shift on a day of approved time off"

    def admits(self, ctx: AgentContext, span: Span) -> bool:
        return span.day not in ctx.leave_days

    def explain(self, ctx: AgentContext, span: Span) -> tuple[str, str, str]:
        return "no shift", "a shift", "shift on a day of approved time off"


class WithinAvailability(ShiftFilterRule):
    name = "within_availability"
    title = "Shifts lie inside the agent's availability window"

    def admits(self, ctx: AgentContext, span: Span) -> bool:
        windows = ctx.windows[span.day]
        if windows is None:
            return True
        start = span.start_of_day
        end = start + span.end - span.start
        return any(low <= start and end <= high for low, high in windows)

    def explain(self, ctx: AgentContext, span: Span) -> tuple[str, str, str]:
        windows = ctx.windows[span.day] or ()
        end = span.start_of_day + span.end - span.start
        return (
            " or ".join(f"{clock(low)}-{clock(high)}" for low, high in windows) or "none",
            f"{clock(span.start_of_day)}-{clock(end)}",
            "shift outside the agent's availability",
        )


class AllowedShiftTemplates(ShiftFilterRule):
    name = "allowed_shift_templates"
    title = "Shifts follow a template the contract allows"

    def admits(self, ctx: AgentContext, span: Span) -> bool:
        return any(_fits_template(template, span) for template in ctx.templates)

    def explain(self, ctx: AgentContext, span: Span) -> tuple[str, str, str]:
        allowed = ", ".join(t.shift_id for t in ctx.templates)
        actual = f"{clock(span.start_of_day)} for {(span.end - span.start) / 60:g} h"
        return allowed, actual, "shift matches no template allowed by the contract"


def _fits_template(template: ShiftTemplate, span: Span) -> bool:
    offset = span.start_of_day - minutes_of_day(template.earliest_start)
    return (
        offset >= 0
        and span.start_of_day <= minutes_of_day(template.latest_start)
        and offset % template.start_step_minutes == 0
        and span.end - span.start == template.span_minutes
        and span.paid == template.paid_minutes
    )


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
        for day in range(ctx.days):
            model.add(sum(var for span, var in choices if span.day == day) <= size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        per_day = Counter(span.day for span in spans)
        return [
            Violation(
                self.name,
                ctx.agent.agent_id,
                ctx.date(day),
                "1",
                str(count),
                f"{count} shifts start on the same day",
            )
            for day, count in sorted(per_day.items())
            if count > 1
        ]


class MinRestBetweenShifts(Rule):
    name = "min_rest_between_shifts"
    title = "Minimum rest between the end of one shift and the start of the next"

    def too_close(self, ctx: AgentContext, earlier: Span, later: Span) -> bool:
        return later.start - earlier.end < round(ctx.contract.min_rest_hours * 60)

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        by_day: dict[int, list[Choice]] = {}
        for choice in choices:
            by_day.setdefault(choice[0].day, []).append(choice)
        for span, literal in choices:
            for day in range(span.day + 1, ctx.days):
                clashing = [
                    lit for other, lit in by_day.get(day, []) if self.too_close(ctx, span, other)
                ]
                if not clashing and day * DAY_MINUTES > span.end + ctx.contract.min_rest_hours * 60:
                    break
                if clashing:
                    # At most one shift per day, so this linear form forbids every clashing pair.
                    model.add(literal + sum(clashing) <= size)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        ordered = sorted(spans, key=lambda s: s.start)
        return [
            Violation(
                self.name,
                ctx.agent.agent_id,
                ctx.date(later.day),
                f"{ctx.contract.min_rest_hours:g} h",
                f"{(later.start - earlier.end) / 60:g} h",
                f"rest from {clock(earlier.end)} day {earlier.day + 1} to "
                f"{clock(later.start)} day {later.day + 1} is too short",
            )
            for earlier, later in itertools.pairwise(ordered)
            if self.too_close(ctx, earlier, later)
        ]


class WeeklyLimit(Rule):
    """A bound on a per-week total; weeks are 7-day blocks from the horizon's first day."""

    at_most: bool

    @abstractmethod
    def contribution(self, span: Span) -> int: ...

    @abstractmethod
    def bound(self, ctx: AgentContext, week: range) -> int: ...

    @abstractmethod
    def unit(self, value: int) -> str: ...

    def holds(self, total: int, bound: int) -> bool:
        return total <= bound if self.at_most else total >= bound

    def constrain(
        self,
        ctx: AgentContext,
        choices: Sequence[Choice],
        model: cp_model.CpModel,
        size: int = 1,
    ) -> None:
        for week in ctx.weeks():
            terms = [self.contribution(s) * lit for s, lit in choices if s.day in week]
            bound = self.bound(ctx, week) * size
            if self.at_most:
                model.add(sum(terms) <= bound)
            else:
                model.add(sum(terms) >= bound)

    def check(self, ctx: AgentContext, spans: Sequence[Span]) -> list[Violation]:
        violations = []
        for week in ctx.weeks():
            total = sum(self.contribution(s) for s in spans if s.day in week)
            bound = self.bound(ctx, week)
            if not self.holds(total, bound):
                violations.append(
                    Violation(
                        self.name,
                        ctx.agent.agent_id,
                        ctx.date(week[0]),
                        self.unit(bound),
                        self.unit(total),
                        f"{self.title.lower()} in the week from {ctx.date(week[0]).isoformat()}",
                    )
                )
        return violations


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g} h"


class MaxDaysPerWeek(WeeklyLimit):
    name = "max_days_per_week"
    title = "Working days per week at most"
    at_most = True

    def contribution(self, span: Span) -> int:
        return 1

    def bound(self, ctx: AgentContext, week: range) -> int:
        return ctx.contract.max_days_week

    def unit(self, value: int) -> str:
        return f"{value} days"


class MaxHoursPerWeek(WeeklyLimit):
    name = "max_hours_per_week"
    title = "Paid hours per week at most"
    at_most = True

    def contribution(self, span: Span) -> int:
        return span.paid

    def bound(self, ctx: AgentContext, week: range) -> int:
        return round(ctx.contract.max_hours_week * 60)

    def unit(self, value: int) -> str:
        return _hours(value)


class MinHoursPerWeek(WeeklyLimit):
    """Contracted minimum, prorated for a short last week and credited for approved leave."""

    name = "min_hours_per_week"
    title = "Paid hours per week at least"
    at_most = False

    def contribution(self, span: Span) -> int:
        return span.paid

    def bound(self, ctx: AgentContext, week: range) -> int:
        prorated = ctx.contract.min_hours_week * 60 * len(week) / 7
        leave = sum(1 for day in week if day in ctx.leave_days)
        credit = ctx.contract.leave_credit_hours * 60 * leave
        return max(0, round(prorated - credit))

    def unit(self, value: int) -> str:
        return _hours(value)


SHIFT_FILTERS: tuple[ShiftFilterRule, ...] = (
    NoWorkOnLeave(),
    WithinAvailability(),
    AllowedShiftTemplates(),
)
RULES: tuple[Rule, ...] = (
    *SHIFT_FILTERS,
    OneShiftPerDay(),
    MinRestBetweenShifts(),
    MaxDaysPerWeek(),
    MaxHoursPerWeek(),
    MinHoursPerWeek(),
)


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
    )


def _windows_on(scenario: Scenario, agent: Agent, day: int) -> tuple[tuple[int, int], ...] | None:
    when = scenario.horizon.day_date(day)
    rows = [a for a in scenario.availability if a.agent_id == agent.agent_id]
    dated = [a for a in rows if a.day == when]
    weekday = [a for a in rows if a.day == WEEKDAYS[when.weekday()]]
    chosen = dated or weekday
    if not chosen:
        return None if not rows else ()
    return tuple(a.window_minutes() for a in chosen)
