"""Small scenarios built in Python for solver and rule tests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal

from scheduler.domain import (
    Agent,
    Availability,
    Contract,
    FixedShift,
    Holiday,
    Horizon,
    Queue,
    Scenario,
    ShiftTemplate,
    Skill,
    TimeOff,
    Weights,
)
from scheduler.result import Activity, ActivityKind, Roster, WorkedShift

START = date(2026, 11, 9)  # a Monday


def queue(queue_id: str = "Q") -> Queue:
    return Queue(
        queue_id=queue_id,
        name=queue_id,
        channel="chat",
        service_level=0.8,
        answer_time_s=20,
        max_occupancy=0.9,
        shrinkage=0.0,
    )


def contract(
    contract_id: str = "C",
    *,
    min_hours: float = 0,
    max_hours: float = 40,
    max_days: int = 5,
    rest: float = 11,
    allowed: tuple[str, ...] = (),
    **rules: object,
) -> Contract:
    """A contract; `rules` sets the optional labor-rule fields (preset, max_weekends, ...)."""
    return Contract.model_validate(
        {
            "contract_id": contract_id,
            "name": contract_id,
            "min_hours_week": min_hours,
            "max_hours_week": max_hours,
            "max_days_week": max_days,
            "min_rest_hours": rest,
            "allowed_shifts": allowed,
            **rules,
        }
    )


def template(
    shift_id: str = "S",
    earliest: time = time(8),
    latest: time = time(8),
    step: int = 60,
    paid: float = 8,
    meal: int = 0,
    meal_window: tuple[float, float] | None = None,
) -> ShiftTemplate:
    return ShiftTemplate(
        shift_id=shift_id,
        name=shift_id,
        earliest_start=earliest,
        latest_start=latest,
        start_step_minutes=step,
        paid_hours=paid,
        meal_minutes=meal,
        meal_after_min_hours=meal_window[0] if meal_window else None,
        meal_after_max_hours=meal_window[1] if meal_window else None,
    )


def agent(
    agent_id: str,
    skills: tuple[str, ...] = ("Q",),
    contract_id: str = "C",
    cost: float = 0,
    proficiency: int = 3,
) -> Agent:
    return Agent(
        agent_id=agent_id,
        name=f"Agent {agent_id}",
        contract_id=contract_id,
        skills=tuple(Skill(queue_id=q, proficiency=proficiency) for q in skills),
        cost_per_hour=cost,
    )


def scenario(
    *,
    days: int = 1,
    start: date = START,
    interval: Literal[15, 30] = 30,
    queues: tuple[Queue, ...] = (queue(),),
    contracts: tuple[Contract, ...] = (contract(),),
    shifts: tuple[ShiftTemplate, ...] = (template(),),
    agents: tuple[Agent, ...] = (agent("A1"),),
    time_off: tuple[TimeOff, ...] = (),
    availability: tuple[Availability, ...] = (),
    weights: Weights | None = None,
    fixed_shifts: tuple[FixedShift, ...] = (),
    holidays: tuple[Holiday, ...] = (),
) -> Scenario:
    return Scenario(
        name="test",
        horizon=Horizon(start_date=start, days=days, interval_minutes=interval),
        queues=queues,
        forecast=(),
        contracts=contracts,
        shifts=shifts,
        agents=agents,
        time_off=time_off,
        availability=availability,
        weights=weights or Weights(),
        fixed_shifts=fixed_shifts,
        holidays=holidays,
    )


def pin(day: int, start: time, end: time, agent_id: str = "A1") -> FixedShift:
    """Agent `agent_id` pinned to start..end on the day `day` days after START."""
    return FixedShift(agent_id=agent_id, date=START + timedelta(days=day), start=start, end=end)


def flat_requirement(
    sc: Scenario, queue_id: str, level: int, start_hour: int, end_hour: int
) -> list[int]:
    """`level` agents needed from start_hour to end_hour on every day, zero otherwise."""
    per_hour = 60 // sc.horizon.interval_minutes
    curve = [0] * sc.horizon.num_slots
    for day in range(sc.horizon.days):
        base = day * sc.horizon.slots_per_day
        for slot in range(base + start_hour * per_hour, base + end_hour * per_hour):
            curve[slot] = level
    return curve


def dt(day: int, hour: int, minute: int = 0) -> datetime:
    """A time on the test horizon: `day` days after START."""
    return datetime.combine(START, time(0)) + timedelta(days=day, hours=hour, minutes=minute)


def worked(
    day: int,
    start: tuple[int, int],
    hours: float,
    paid: float | None = None,
    origin: date = START,
) -> WorkedShift:
    """Agent A1's shift `day` days after `origin`, from `start` (hour, minute), `hours` long."""
    begin = datetime.combine(origin, time(0)) + timedelta(
        days=day, hours=start[0], minutes=start[1]
    )
    end = begin + timedelta(hours=hours)
    return WorkedShift("A1", begin.date(), begin, end, round((paid or hours) * 60))


def roster_of(shifts: list[WorkedShift]) -> Roster:
    """A roster with plain work rows per shift, as a supervisor might type it; unpaid time
    (span minus paid minutes) becomes a meal in the middle of the shift."""
    activities: list[Activity] = []
    for s in shifts:
        meal = round((s.end - s.start).total_seconds() / 60) - s.paid_minutes
        if meal <= 0:
            activities.append(Activity(s.agent_id, s.day, ActivityKind.SHIFT, s.start, s.end))
            continue
        middle = s.start + timedelta(minutes=s.paid_minutes // 2)
        after = middle + timedelta(minutes=meal)
        activities += [
            Activity(s.agent_id, s.day, ActivityKind.SHIFT, s.start, middle),
            Activity(s.agent_id, s.day, ActivityKind.MEAL, middle, after),
            Activity(s.agent_id, s.day, ActivityKind.SHIFT, after, s.end),
        ]
    return Roster(tuple(activities))
