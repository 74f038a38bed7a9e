"""Writing stays fast at the size of the Double-11 sample: 150 agents, 7 days, 48 intervals."""

from __future__ import annotations

import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from scheduler.domain import (
    Agent,
    Contract,
    Horizon,
    Queue,
    Scenario,
    ShiftTemplate,
    Skill,
    Source,
)
from scheduler.result import Activity, ActivityKind, CoverageRow, Roster, SolveResult, SolveStatus
from scheduler.writers.roster_workbook import write_roster_workbook
from scheduler.writers.vendor_workbooks import write_vendor_workbooks

pytestmark = pytest.mark.slow

START = date(2026, 11, 8)
QUEUES = ("PRE", "POST", "VOICE", "TICKET")
# Generous: about 5 s on a busy two-core machine; this guards against a blow-up, not a second.
BUDGET_S = 20


def big_scenario() -> Scenario:
    queue = {"service_level": 0.8, "answer_time_s": 20, "max_occupancy": 0.9, "shrinkage": 0.2}
    agents = tuple(
        Agent(
            agent_id=f"P{i:03d}",
            name=f"Person {i}",
            team=f"Team {i % 6}",
            source=Source.VENDOR if i % 5 == 0 else Source.EMPLOYEE,
            vendor=f"Vendor {i % 3}" if i % 5 == 0 else "",
            contract_id="FT",
            skills=(Skill(queue_id=QUEUES[i % 4]), Skill(queue_id=QUEUES[(i + 1) % 4])),
            cost_per_hour=30,
        )
        for i in range(150)
    )
    return Scenario(
        name="Speed",
        horizon=Horizon(start_date=START, days=7, interval_minutes=30),
        queues=tuple(Queue(queue_id=q, name=q, channel="voice", **queue) for q in QUEUES),
        forecast=(),
        contracts=(
            Contract(
                contract_id="FT",
                name="FT",
                min_hours_week=0,
                max_hours_week=40,
                max_days_week=5,
                min_rest_hours=11,
            ),
        ),
        shifts=(
            ShiftTemplate(
                shift_id="S",
                name="S",
                earliest_start=time(0),
                latest_start=time(23),
                start_step_minutes=30,
                paid_hours=8,
                meal_minutes=60,
            ),
        ),
        agents=agents,
    )


def working_day(agent: Agent, day: date, start: datetime) -> list[Activity]:
    """Four hours on one queue, an hour's meal, four hours on another."""

    def span(kind: ActivityKind, first: int, last: int, queue: str | None) -> Activity:
        begin, end = start + timedelta(hours=first), start + timedelta(hours=last)
        return Activity(agent.agent_id, day, kind, begin, end, queue)

    first_queue, second_queue = agent.queue_ids
    return [
        span(ActivityKind.SHIFT, 0, 4, first_queue),
        span(ActivityKind.MEAL, 4, 5, None),
        span(ActivityKind.SHIFT, 5, 9, second_queue),
    ]


def big_result(scenario: Scenario) -> SolveResult:
    activities: list[Activity] = []
    for i, agent in enumerate(scenario.agents):
        for day_index in range(7):
            if (i + day_index) % 7 >= 5:
                continue  # two days off a week
            day = START + timedelta(days=day_index)
            start = datetime.combine(day, time(0)) + timedelta(minutes=30 * ((i * 7) % 40))
            activities += working_day(agent, day, start)
    coverage = tuple(
        CoverageRow(q, datetime.combine(START, time(0)) + timedelta(minutes=30 * s), 5, 4)
        for q in QUEUES
        for s in range(7 * 48)
    )
    roster = Roster(tuple(activities))
    return SolveResult("Speed", SolveStatus.FEASIBLE, 1.0, 0.5, 60.0, 30, roster, coverage)


def test_the_sample_sized_workbooks_write_within_budget(tmp_path: Path) -> None:
    scenario = big_scenario()
    result = big_result(scenario)
    began = clock.perf_counter()
    write_roster_workbook(result, scenario, tmp_path / "roster.xlsx")
    written = write_vendor_workbooks(result.roster, scenario, tmp_path / "vendors")
    elapsed = clock.perf_counter() - began
    assert len(written) == 3
    assert elapsed < BUDGET_S, f"writing took {elapsed:.1f} s"
