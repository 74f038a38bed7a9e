"""An independent roster checker for the tests, written apart from `scheduler.roster.rules`.

It reads the documented `Assignments` and `Coverage` sheets with openpyxl alone and recomputes
every hard rule and the coverage counts by brute force, so a bug shared by the model and the
project's checker still shows up here.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from scheduler.domain import Scenario


@dataclass(frozen=True)
class Row:
    agent_id: str
    day: date
    activity: str
    start: datetime
    end: datetime
    queue_id: str | None


def read_rows(path: Path) -> list[Row]:
    sheet = load_workbook(path, read_only=True)["Assignments"]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    at = {name: header.index(name) for name in header}
    result = []
    for values in rows:
        day = values[at["date"]]
        result.append(
            Row(
                agent_id=str(values[at["agent_id"]]),
                day=day.date() if isinstance(day, datetime) else day,
                activity=str(values[at["activity"]]),
                start=values[at["start"]],
                end=values[at["end"]],
                queue_id=values[at["queue_id"]] or None,
            )
        )
    return result


def read_coverage(path: Path) -> dict[tuple[str, datetime], tuple[int, int]]:
    sheet = load_workbook(path, read_only=True)["Coverage"]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    at = {name: header.index(name) for name in header}
    return {
        (v[at["queue_id"]], v[at["interval_start"]]): (v[at["required"]], v[at["scheduled"]])
        for v in rows
    }


def recount_coverage(scenario: Scenario, rows: list[Row]) -> dict[tuple[str, datetime], int]:
    """Agents on each queue at each interval start, by walking every interval of the horizon."""
    step = timedelta(minutes=scenario.horizon.interval_minutes)
    starts = [scenario.horizon.slot_start(s) for s in range(scenario.horizon.num_slots)]
    counts: dict[tuple[str, datetime], int] = defaultdict(int)
    for row in rows:
        if row.activity != "shift":
            continue
        assert row.queue_id is not None, "the solver always names the queue worked"
        for moment in starts:
            if row.start <= moment and moment + step <= row.end:
                counts[row.queue_id, moment] += 1
    return counts


def violations(scenario: Scenario, rows: list[Row]) -> list[str]:
    """Human-readable breaches of every hard rule of the backbone."""
    found: list[str] = []
    by_agent: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_agent[row.agent_id].append(row)
    for agent in scenario.agents:
        found.extend(_agent_violations(scenario, agent.agent_id, by_agent.get(agent.agent_id, [])))
    unknown = set(by_agent) - {a.agent_id for a in scenario.agents}
    found.extend(f"unknown agent {a}" for a in sorted(unknown))
    return found


def _agent_violations(scenario: Scenario, agent_id: str, rows: list[Row]) -> list[str]:
    agent = scenario.agent(agent_id)
    contract = scenario.contract(agent.contract_id)
    days: dict[date, list[Row]] = defaultdict(list)
    for row in rows:
        days[row.day].append(row)
    shifts = []
    for day, parts in sorted(days.items()):
        start, end = min(p.start for p in parts), max(p.end for p in parts)
        paid = sum((p.end - p.start).total_seconds() / 3600 for p in parts if p.activity != "meal")
        covered = sum((p.end - p.start).total_seconds() for p in parts)
        if covered != (end - start).total_seconds():
            return [f"{agent_id} {day}: activities overlap or leave gaps"]
        shifts.append((day, start, end, paid))
    found = []
    for (_, _, end, _), (day, start, _, _) in itertools.pairwise(shifts):
        if (start - end).total_seconds() / 3600 < contract.min_rest_hours:
            found.append(f"{agent_id} {day}: rest under {contract.min_rest_hours} h")
    for day, start, end, paid in shifts:
        found.extend(_shift_violations(scenario, agent_id, day, start, end, paid))
    first = scenario.horizon.start_date
    for week in range(scenario.horizon.num_weeks):
        in_week = [s for s in shifts if (s[0] - first).days // 7 == week]
        hours = sum(s[3] for s in in_week)
        if len(in_week) > contract.max_days_week:
            found.append(f"{agent_id} week {week}: {len(in_week)} days")
        if hours > contract.max_hours_week + 1e-9:
            found.append(f"{agent_id} week {week}: {hours} h over the maximum")
        week_days = min(7, scenario.horizon.days - 7 * week)
        leave_days = sum(
            1
            for d in range(7 * week, 7 * week + week_days)
            if _on_leave(scenario, agent_id, first + timedelta(days=d))
        )
        minimum = contract.min_hours_week * week_days / 7
        minimum -= leave_days * contract.min_hours_week / contract.max_days_week
        if hours < minimum - 1 / 60:
            found.append(f"{agent_id} week {week}: {hours} h under the minimum {minimum}")
    return found


def _on_leave(scenario: Scenario, agent_id: str, day: date) -> bool:
    return any(
        t.agent_id == agent_id and t.first_day <= day <= t.last_day for t in scenario.time_off
    )


def _shift_violations(
    scenario: Scenario, agent_id: str, day: date, start: datetime, end: datetime, paid: float
) -> list[str]:
    found = []
    if _on_leave(scenario, agent_id, day):
        found.append(f"{agent_id} {day}: works on leave")
    if start.date() != day:
        found.append(f"{agent_id} {day}: shift does not start on its day")
    contract = scenario.contract(scenario.agent(agent_id).contract_id)
    allowed = [
        t
        for t in scenario.shifts
        if not contract.allowed_shifts or t.shift_id in contract.allowed_shifts
    ]
    start_minute = start.hour * 60 + start.minute
    fits = any(
        t.earliest_start.hour * 60 + t.earliest_start.minute
        <= start_minute
        <= t.latest_start.hour * 60 + t.latest_start.minute
        and (start_minute - t.earliest_start.hour * 60 - t.earliest_start.minute)
        % t.start_step_minutes
        == 0
        and abs(paid - t.paid_hours) < 1e-9
        and (end - start).total_seconds() / 60 == t.paid_hours * 60 + t.meal_minutes
        for t in allowed
    )
    if not fits:
        found.append(f"{agent_id} {day}: shift {start:%H:%M}-{end:%H:%M} fits no allowed template")
    windows = _windows(scenario, agent_id, day)
    if windows is not None and not any(
        datetime.combine(day, lo) <= start and end <= _window_end(day, lo, hi) for lo, hi in windows
    ):
        found.append(f"{agent_id} {day}: outside availability")
    return found


def _windows(scenario: Scenario, agent_id: str, day: date) -> list[tuple[object, object]] | None:
    rows = [a for a in scenario.availability if a.agent_id == agent_id]
    if not rows:
        return None
    weekday = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][day.weekday()]
    dated = [(a.available_from, a.available_to) for a in rows if a.day == day]
    return dated or [(a.available_from, a.available_to) for a in rows if a.day == weekday]


def _window_end(day: date, low: object, high: object) -> datetime:
    end = datetime.combine(day, high)  # type: ignore[arg-type]
    return end if high > low else end + timedelta(days=1)  # type: ignore[operator]
