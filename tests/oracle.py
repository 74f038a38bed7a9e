"""An independent roster checker for the tests, written apart from `scheduler.roster.rules`.

It reads the documented `Assignments` and `Coverage` sheets with openpyxl alone and recomputes
every hard rule and the coverage counts by brute force (minute by minute, day by day), so a bug
shared by the model and the project's checker still shows up here. It follows the rule book's
documented conventions, not its code: a shift belongs to its start day, weeks are 7-day blocks
from the first day, rules needing a whole week judge full weeks only, runs at the horizon's start
count from there, bounds are whole minutes.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from openpyxl import load_workbook

from scheduler.domain import Agent, Contract, Scenario, ShiftTemplate, Skill, VendorOffer
from scheduler.result import Roster
from scheduler.staffing.requirements import compute_requirements


@dataclass(frozen=True)
class Row:
    agent_id: str
    day: date
    activity: str
    start: datetime
    end: datetime
    queue_id: str | None


@dataclass(frozen=True)
class Breach:
    agent_id: str
    rule: str  # the rule book's name for it
    day: date  # the first day concerned
    text: str


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


def rows_of(roster: Roster) -> list[Row]:
    return [
        Row(a.agent_id, a.day, a.kind.value, a.start, a.end, a.queue_id) for a in roster.activities
    ]


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
    """Human-readable breaches of every hard rule."""
    return [b.text for b in breaches(scenario, rows)]


def breaches(scenario: Scenario, rows: list[Row]) -> list[Breach]:
    found: list[Breach] = []
    by_agent: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_agent[row.agent_id].append(row)
    for agent in scenario.agents:
        found.extend(_agent_breaches(scenario, agent.agent_id, by_agent.get(agent.agent_id, [])))
    unknown = set(by_agent) - {a.agent_id for a in scenario.agents}
    found.extend(
        Breach(a, "unknown_agent", by_agent[a][0].day, f"unknown agent {a}")
        for a in sorted(unknown)
    )
    return found


def runs(days: list[int]) -> list[tuple[int, int]]:
    """(first day, length) of each run of consecutive days."""
    found: list[tuple[int, int]] = []
    for day in sorted(set(days)):
        if found and found[-1][0] + found[-1][1] == day:
            found[-1] = (found[-1][0], found[-1][1] + 1)
        else:
            found.append((day, 1))
    return found


@dataclass(frozen=True)
class _Shift:
    index: int  # day number in the horizon
    day: date
    start: datetime
    end: datetime
    paid: float  # minutes
    pauses: tuple[tuple[str, datetime, datetime], ...] = ()  # meal and break rows


class _Agent:
    """One agent's shifts and contract, with the helpers the brute-force checks share."""

    def __init__(self, scenario: Scenario, agent_id: str, shifts: list[_Shift]) -> None:
        self.scenario = scenario
        self.agent_id = agent_id
        self.contract: Contract = scenario.contract(scenario.agent(agent_id).contract_id)
        self.shifts = shifts
        self.first = scenario.horizon.start_date
        self.days = scenario.horizon.days
        self.found: list[Breach] = []

    def breach(self, rule: str, index: int, text: str) -> None:
        day = self.first + timedelta(days=index)
        self.found.append(Breach(self.agent_id, rule, day, f"{self.agent_id} {day}: {text}"))

    def weeks(self) -> list[list[int]]:
        return [list(range(w, min(w + 7, self.days))) for w in range(0, self.days, 7)]

    def full_weeks(self) -> list[list[int]]:
        return [w for w in self.weeks() if len(w) == 7]

    def worked(self) -> set[int]:
        return {s.index for s in self.shifts}

    def in_night(self, moment: datetime) -> bool:
        low, high = self.contract.night_start, self.contract.night_end
        clock = moment.time()
        return low <= clock < high if low < high else clock >= low or clock < high

    def night_minutes(self, shift: _Shift) -> int:
        minutes = int((shift.end - shift.start).total_seconds() // 60)
        return sum(self.in_night(shift.start + timedelta(minutes=m)) for m in range(minutes))

    def is_night(self, shift: _Shift) -> bool:
        low, high = (
            datetime.combine(date(2000, 1, 1), t)
            for t in (self.contract.night_start, self.contract.night_end)
        )
        window = (high - low).total_seconds() / 60 % 1440 or 1440
        needed = min(round(self.contract.night_shift_min_hours * 60), window)
        return self.night_minutes(shift) >= needed

    def is_early(self, shift: _Shift) -> bool:
        return shift.start.time() < self.contract.early_start_before


def _agent_breaches(scenario: Scenario, agent_id: str, rows: list[Row]) -> list[Breach]:
    days: dict[date, list[Row]] = defaultdict(list)
    for row in rows:
        if row.activity != "standby":
            days[row.day].append(row)
    shifts = []
    for day, parts in sorted(days.items()):
        start, end = min(p.start for p in parts), max(p.end for p in parts)
        paid = sum((p.end - p.start).total_seconds() / 60 for p in parts if p.activity != "meal")
        covered = sum((p.end - p.start).total_seconds() for p in parts)
        index = (day - scenario.horizon.start_date).days
        if covered != (end - start).total_seconds():
            return [Breach(agent_id, "overlap", day, f"{agent_id} {day}: overlaps or gaps")]
        pauses = tuple(
            sorted((p.activity, p.start, p.end) for p in parts if p.activity in ("meal", "break"))
        )
        shifts.append(_Shift(index, day, start, end, paid, pauses))
    me = _Agent(scenario, agent_id, sorted(shifts, key=lambda s: s.start))
    for check in _CHECKS:
        check(me)
    return me.found


# --- The backbone's rules -----------------------------------------------------------------------


def _rest(me: _Agent) -> None:
    for earlier, later in itertools.pairwise(me.shifts):
        if (later.start - earlier.end).total_seconds() / 3600 < me.contract.min_rest_hours:
            me.breach("min_rest_between_shifts", later.index, "rest too short")


def _on_leave(scenario: Scenario, agent_id: str, day: date) -> bool:
    return any(
        t.agent_id == agent_id and t.first_day <= day <= t.last_day for t in scenario.time_off
    )


def _single_shifts(me: _Agent) -> None:
    for shift in me.shifts:
        if _on_leave(me.scenario, me.agent_id, shift.day):
            me.breach("no_work_on_leave", shift.index, "works on leave")
        if shift.start.date() != shift.day:
            me.breach("shift_start_day", shift.index, "shift does not start on its day")
        if not _fits_a_template(me, shift):
            me.breach("allowed_shift_templates", shift.index, "fits no allowed template")
        windows = _windows(me.scenario, me.agent_id, shift.day)
        if windows is not None and not any(
            datetime.combine(shift.day, lo) <= shift.start
            and shift.end <= _window_end(shift.day, lo, hi)
            for lo, hi in windows
        ):
            me.breach("within_availability", shift.index, "outside availability")


def _fits_a_template(me: _Agent, shift: _Shift) -> bool:
    return bool(_fitting_templates(me, shift))


def _fitting_templates(me: _Agent, shift: _Shift) -> list[ShiftTemplate]:
    allowed = [
        t
        for t in me.scenario.shifts
        if not me.contract.allowed_shifts or t.shift_id in me.contract.allowed_shifts
    ]
    minute = shift.start.hour * 60 + shift.start.minute
    fitting = []
    for t in allowed:
        earliest = t.earliest_start.hour * 60 + t.earliest_start.minute
        latest = t.latest_start.hour * 60 + t.latest_start.minute
        if (
            earliest <= minute <= latest
            and (minute - earliest) % t.start_step_minutes == 0
            and abs(shift.paid - t.paid_hours * 60) < 1e-6
            and (shift.end - shift.start).total_seconds() / 60 == t.paid_hours * 60 + t.meal_minutes
        ):
            fitting.append(t)
    return fitting


def _weekly_totals(me: _Agent) -> None:
    contract = me.contract
    for week in me.weeks():
        in_week = [s for s in me.shifts if s.index in week]
        hours = sum(s.paid for s in in_week) / 60
        if len(in_week) > contract.max_days_week:
            me.breach("max_days_per_week", week[0], f"{len(in_week)} days")
        if hours > contract.max_hours_week + 1e-9:
            me.breach("max_hours_per_week", week[0], f"{hours} h over the maximum")
        leave_days = sum(
            1 for d in week if _on_leave(me.scenario, me.agent_id, me.first + timedelta(days=d))
        )
        minimum = contract.min_hours_week * len(week) / 7
        minimum -= leave_days * contract.min_hours_week / contract.max_days_week
        if hours < minimum - 1 / 60:
            me.breach("min_hours_per_week", week[0], f"{hours} h under the minimum {minimum}")


def _one_shift_per_day(me: _Agent) -> None:
    """Rows are grouped per day, so two shifts on one day are one long day: nothing to count."""


# --- Contract rules -----------------------------------------------------------------------------


def _shift_bounds(me: _Agent) -> None:
    c = me.contract
    for s in me.shifts:
        length = (s.end - s.start).total_seconds() / 3600
        if c.min_shift_hours is not None and length < c.min_shift_hours:
            me.breach("min_shift_length", s.index, f"{length} h shift")
        if c.max_shift_hours is not None and length > c.max_shift_hours:
            me.breach("max_shift_length", s.index, f"{length} h shift")
        if c.max_paid_hours_day is not None and s.paid > round(c.max_paid_hours_day * 60):
            me.breach("max_paid_hours_per_day", s.index, f"{s.paid / 60} h paid")
        if c.max_overtime_day is not None and c.standard_hours_day is not None:
            overtime = s.paid - round(c.standard_hours_day * 60)
            if overtime > round(c.max_overtime_day * 60):
                me.breach("max_overtime_per_day", s.index, f"{overtime / 60} h overtime")
        if c.night_work == "banned" and me.night_minutes(s) > 0:
            me.breach("no_night_work", s.index, "works at night")


def _consecutive(me: _Agent) -> None:
    c = me.contract
    if c.max_consecutive_days is not None:
        for first, length in runs(sorted(me.worked())):
            if length > c.max_consecutive_days:
                me.breach("max_consecutive_working_days", first, f"{length} days in a row")
    if c.max_consecutive_nights is not None:
        nights = [s.index for s in me.shifts if me.is_night(s)]
        for first, length in runs(nights):
            if length > c.max_consecutive_nights:
                me.breach("max_consecutive_nights", first, f"{length} nights in a row")
    if c.min_consecutive_days_off is not None:
        worked = sorted(me.worked())
        for before, after in itertools.pairwise(worked):
            if 2 <= after - before <= c.min_consecutive_days_off:
                me.breach("min_consecutive_days_off", before + 1, "too few days off")


def _weekly_days_off(me: _Agent) -> None:
    c = me.contract
    for week in me.full_weeks():
        off = [d for d in week if d not in me.worked()]
        if c.min_days_off_week is not None and len(off) < c.min_days_off_week:
            me.breach("min_days_off_per_week", week[0], f"{len(off)} days off")
        longest = max((length for _, length in runs(off)), default=0)
        if c.consecutive_days_off_week is not None and longest < c.consecutive_days_off_week:
            me.breach("consecutive_days_off_per_week", week[0], f"{longest} consecutive off")


def _weekly_rest(me: _Agent) -> None:
    hours = me.contract.weekly_rest_hours
    if hours is None:
        return
    for week in me.full_weeks():
        begin = datetime.combine(me.first + timedelta(days=week[0]), time(0))
        busy = [False] * (7 * 1440)
        for s in me.shifts:
            first = int((s.start - begin).total_seconds() // 60)
            last = int((s.end - begin).total_seconds() // 60)
            for m in range(max(first, 0), min(last, 7 * 1440)):
                busy[m] = True
        longest = max(
            (len(list(group)) for free, group in itertools.groupby(busy) if not free), default=0
        )
        if longest < round(hours * 60):
            me.breach("weekly_rest", week[0], f"longest rest {longest / 60} h")


def _nights(me: _Agent) -> None:
    c = me.contract
    nights = {s.index for s in me.shifts if me.is_night(s)}
    if c.max_nights_week is not None:
        for week in me.weeks():
            count = len(nights.intersection(week))
            if count > c.max_nights_week:
                me.breach("max_nights_per_week", week[0], f"{count} nights")
    early = {s.index for s in me.shifts if me.is_early(s)}
    for day in sorted(nights):
        if day + 1 in early:
            if c.night_then_early == "forbidden":
                me.breach("no_night_then_early", day, "early shift after a night")
            elif c.night_then_early == "penalized":
                me.breach("avoid_night_then_early", day, "early shift after a night (soft)")


def _fixed(me: _Agent) -> None:
    """Each pinned shift is worked with exactly its start and end."""
    for fixed in me.scenario.fixed_shifts:
        if fixed.agent_id != me.agent_id:
            continue
        index = (fixed.date - me.first).days
        if not 0 <= index < me.days:
            continue
        start = datetime.combine(fixed.date, fixed.start)
        end = datetime.combine(fixed.date, fixed.end)
        if end <= start:
            end += timedelta(days=1)
        if not any(s.start == start and s.end == end for s in me.shifts):
            me.breach("fixed_shift", index, f"pinned {start:%H:%M}-{end:%H:%M} not worked")


def _start_spread(me: _Agent) -> None:
    """Latest minus earliest start (clock time of the start day) in each 7-day block."""
    limit = me.contract.max_start_spread_minutes
    if limit is None:
        return
    rule = "max_start_spread" if me.contract.start_spread == "hard" else "avoid_start_spread"
    for week in me.weeks():
        starts = [s.start.hour * 60 + s.start.minute for s in me.shifts if s.index in week]
        if starts and max(starts) - min(starts) > limit:
            me.breach(rule, week[0], f"starts spread {max(starts) - min(starts)} min")


def _demand_at(scenario: Scenario) -> dict[datetime, int]:
    """Agents required over all queues at each interval start."""
    if not scenario.forecast:
        return {}
    requirements = compute_requirements(scenario)
    at: dict[datetime, int] = defaultdict(int)
    for queue in scenario.queues:
        for slot, value in enumerate(requirements.curve(queue.queue_id)):
            at[scenario.horizon.slot_start(slot)] += value
    return at


def _fairness(me: _Agent) -> None:
    """Nights and weekends above ceil(demand / people): night demand per start day is the peak
    requirement during that day's night window, weekend demand the peak over its days."""
    c = me.contract
    if c.fair_nights_penalty is None and c.fair_weekends_penalty is None:
        return
    demand = _demand_at(me.scenario)
    step = timedelta(minutes=me.scenario.horizon.interval_minutes)

    def peak(low: datetime, high: datetime) -> int:
        found, moment = 0, low
        while moment < high:
            found = max(found, demand.get(moment, 0))
            moment += step
        return found

    def ceil_share(total: int, people: int) -> int:
        return -(-total // people) if people else total

    if c.fair_nights_penalty is not None:
        total = 0
        for index in range(me.days):
            low = datetime.combine(me.first + timedelta(days=index), c.night_start)
            high = datetime.combine(low.date(), c.night_end)
            if high <= low:
                high += timedelta(days=1)
            total += peak(low, high)
        people = sum(
            1
            for a in me.scenario.agents
            if me.scenario.contract(a.contract_id).night_work != "banned"
        )
        nights = sum(1 for s in me.shifts if me.is_night(s))
        if nights > ceil_share(total, people):
            me.breach("fair_share_nights", 0, f"{nights} nights (soft)")
    if c.fair_weekends_penalty is not None:
        saturdays: dict[date, list[int]] = defaultdict(list)
        for index in range(me.days):
            day = me.first + timedelta(days=index)
            if day.weekday() >= 5:
                saturdays[day - timedelta(days=day.weekday() - 5)].append(index)
        total = 0
        for indices in saturdays.values():
            low = datetime.combine(me.first + timedelta(days=indices[0]), time(0))
            high = datetime.combine(me.first + timedelta(days=indices[-1] + 1), time(0))
            total += peak(low, high)
        worked = sum(1 for ds in saturdays.values() if me.worked().intersection(ds))
        if worked > ceil_share(total, len(me.scenario.agents)):
            me.breach("fair_share_weekends", 0, f"{worked} weekends (soft)")


def _weekends(me: _Agent) -> None:
    limit = me.contract.max_weekends
    if limit is None:
        return
    worked: dict[date, list[int]] = defaultdict(list)  # Saturday's date -> days worked
    for s in me.shifts:
        if s.day.weekday() >= 5:
            worked[s.day - timedelta(days=s.day.weekday() - 5)].append(s.index)
    if len(worked) > limit:
        saturday = min(worked)
        first = max(0, (saturday - me.first).days)
        me.breach("max_working_weekends", first, f"{len(worked)} weekends")


def _months(me: _Agent) -> None:
    c = me.contract
    if c.max_hours_month is not None:
        totals: dict[tuple[int, int], float] = defaultdict(float)
        for s in me.shifts:
            totals[s.day.year, s.day.month] += s.paid
        for (year, month), minutes in totals.items():
            if minutes > round(c.max_hours_month * 60):
                first = max(0, (date(year, month, 1) - me.first).days)
                me.breach("max_hours_per_month", first, f"{minutes / 60} h in the month")
    if c.max_average_hours_week is not None:
        length = 7 * (c.reference_weeks or (me.days + 6) // 7)
        for block in range(0, me.days, length):
            days = range(block, min(block + length, me.days))
            total = sum(s.paid for s in me.shifts if s.index in days)
            if total > round(c.max_average_hours_week * 60 * len(days) / 7):
                me.breach("max_average_hours_per_week", block, f"{total / 60} h in the block")


def _overtime(me: _Agent) -> None:
    c = me.contract
    if c.max_overtime_month is None:
        return
    per_month: dict[tuple[int, int], tuple[int, float]] = {}
    for week in me.weeks():
        in_week = [s for s in me.shifts if s.index in week]
        daily = sum(max(0.0, s.paid - round((c.standard_hours_day or 24) * 60)) for s in in_week)
        weekly = 0.0
        if c.standard_hours_week is not None:
            weekly = sum(s.paid for s in in_week) - round(
                c.standard_hours_week * 60 * len(week) / 7
            )
        first = me.first + timedelta(days=week[0])
        key = (first.year, first.month)
        start, total = per_month.get(key, (week[0], 0.0))
        per_month[key] = (start, total + max(daily, weekly, 0.0))
    for start, total in per_month.values():
        if total > round(c.max_overtime_month * 60):
            me.breach("max_overtime_per_month", start, f"{total / 60} h overtime")


def _holidays(me: _Agent) -> None:
    if me.contract.holiday_work != "banned":
        return
    for shift in me.shifts:
        for holiday in me.scenario.holidays:
            midnight = datetime.combine(holiday.date, time(0))
            if shift.start < midnight + timedelta(days=1) and midnight < shift.end:
                me.breach("no_holiday_work", shift.index, f"works on the holiday {holiday.date}")


def _pause_starts(t: ShiftTemplate, interval: int) -> list[tuple[str, int, set[int]]]:
    """(kind, minutes, allowed start minutes into the shift) of each pause the README promises,
    by testing every grid minute of the shift against the documented windows."""
    span = round(t.paid_hours * 60) + t.meal_minutes
    grid = range(0, span + 1, interval)
    pauses: list[tuple[str, int, set[int]]] = []
    meal_stretch: set[int] = set()  # every minute from the meal's first start to its last end
    if t.meal_minutes >= interval:
        if t.meal_after_min_hours is None or t.meal_after_max_hours is None:
            slots = span // interval - t.meal_minutes // interval
            starts = {slots // 2 * interval}
        else:
            low, high = t.meal_after_min_hours * 60, t.meal_after_max_hours * 60
            starts = {m for m in grid if low <= m <= high}
        if starts:
            pauses.append(("meal", t.meal_minutes, starts))
            meal_stretch = set(range(min(starts), max(starts) + t.meal_minutes))
    if t.break_every_hours is None or t.break_minutes < interval:
        return pauses
    mark = t.break_every_hours * 60
    while mark < span:
        starts = {m for m in grid if abs(m - mark) <= 30}
        stretch = set(range(min(starts), max(starts) + t.break_minutes))
        if max(stretch) >= span:
            break
        if not stretch & meal_stretch:
            pauses.append(("break", t.break_minutes, starts))
        mark += t.break_every_hours * 60
    return pauses


def _pauses(me: _Agent) -> None:
    interval = me.scenario.horizon.interval_minutes
    for shift in me.shifts:
        templates = _fitting_templates(me, shift)
        recorded = [
            (
                kind,
                round((start - shift.start).total_seconds() / 60),
                round((end - start).total_seconds() / 60),
            )
            for kind, start, end in shift.pauses
        ]
        if templates and not any(
            _pauses_match(_pause_starts(t, interval), recorded) for t in templates
        ):
            me.breach("pauses_in_windows", shift.index, f"pauses {recorded} outside their windows")


def _minutes_between(low: datetime, high: datetime) -> int:
    return round((high - low).total_seconds() / 60)


def _pauses_match(
    expected: list[tuple[str, int, set[int]]], recorded: list[tuple[str, int, int]]
) -> bool:
    """Whether the recorded pauses are exactly the expected ones, each at an allowed start."""
    if len(expected) != len(recorded):
        return False
    return any(
        all(
            kind == want and length == size and start in allowed
            for (want, size, allowed), (kind, start, length) in zip(expected, order, strict=True)
        )
        for order in itertools.permutations(recorded)
    )


_CHECKS = (
    _single_shifts,
    _shift_bounds,
    _one_shift_per_day,
    _rest,
    _weekly_totals,
    _weekly_days_off,
    _consecutive,
    _weekly_rest,
    _nights,
    _weekends,
    _months,
    _overtime,
    _fixed,
    _start_spread,
    _fairness,
    _holidays,
    _pauses,
)


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


def premium_minutes(scenario: Scenario, rows: list[Row], agent_id: str) -> tuple[int, int, int]:
    """(weekday overtime, rest day, holiday) paid minutes of one agent, by the documented
    definitions: holiday work is all of a shift starting on a holiday; in each week the working
    days beyond standard_hours_week / standard_hours_day (prorated, rounded down), latest first,
    are rest days worked; the rest earn the weekday premium on the larger of their excess over
    the standard day and over the (prorated) standard week."""
    contract = scenario.contract(scenario.agent(agent_id).contract_id)
    holidays = {h.date for h in scenario.holidays}
    paid: dict[date, float] = defaultdict(float)
    for row in rows:
        if row.agent_id == agent_id and row.activity not in ("meal", "standby"):
            paid[row.day] += (row.end - row.start).total_seconds() / 60
    holiday = sum(minutes for day, minutes in paid.items() if day in holidays)
    weekday = rest_day = 0.0
    first = scenario.horizon.start_date
    for week_start in range(0, scenario.horizon.days, 7):
        length = min(7, scenario.horizon.days - week_start)
        days = [first + timedelta(days=week_start + k) for k in range(length)]
        worked = [paid[d] for d in days if d in paid and d not in holidays]
        day_std, week_std = contract.standard_hours_day, contract.standard_hours_week
        if day_std is not None and week_std is not None:
            allowed = int(week_std / day_std * length / 7 + 1e-9)
            while len(worked) > allowed:
                rest_day += worked.pop()
        daily = sum(max(0.0, m - round(day_std * 60)) for m in worked) if day_std else 0.0
        weekly = sum(worked) - round(week_std * 60 * length / 7) if week_std else 0.0
        weekday += max(daily, weekly, 0.0)
    return round(weekday), round(rest_day), round(holiday)


# --- Peak hiring: the hired people and their offers' terms ---------------------------------------


@dataclass(frozen=True)
class Order:
    """One line of the Hiring plan sheet, matched to the input's offer."""

    offer: VendorOffer
    temps: tuple[str, ...]
    cost: float  # as the sheet states it


def read_orders(path: Path, scenario: Scenario) -> list[Order]:
    """The Hiring plan's first table (the plan itself, not the what-ifs below it)."""
    sheet = load_workbook(path, read_only=True)["Hiring plan"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    header = [str(h) for h in rows[0]]
    at = {name: header.index(name) for name in header}
    offers = {(o.vendor, "+".join(o.bundle)): o for o in scenario.vendor_offers}
    orders = []
    for values in rows[1:]:
        if values[0] is None:
            break
        temps = tuple(t.strip() for t in str(values[at["temps"]] or "").split(",") if t.strip())
        offer = offers[values[at["vendor"]], values[at["bundle"]]]
        orders.append(Order(offer, temps, float(values[at["cost"]])))
    return orders


def with_hires(scenario: Scenario, orders: list[Order]) -> Scenario:
    """The input plus every hired person, on their offer's contract, rate and bundle."""
    hires = tuple(
        Agent(
            agent_id=temp,
            name=temp,
            source=order.offer.source,
            contract_id=order.offer.contract_id,
            skills=tuple(Skill(queue_id=q) for q in order.offer.bundle),
            cost_per_hour=order.offer.cost_per_hour,
        )
        for order in orders
        for temp in order.temps
    )
    return scenario.model_copy(update={"agents": scenario.agents + hires})


def order_breaches(scenario: Scenario, orders: list[Order], rows: list[Row]) -> list[str]:
    """Every offer term the hiring plan must keep, recomputed from the Assignments rows: head
    counts, ramp-up, window, hours per day, daily cap, costs and the budget."""
    found: list[str] = []
    first = scenario.horizon.start_date
    total = 0.0
    for order in orders:
        offer, ids = order.offer, set(order.temps)
        label = f"{offer.vendor} {'+'.join(offer.bundle)}"
        if ids and not offer.min_headcount <= len(ids) <= offer.max_headcount:
            found.append(
                f"{label}: {len(ids)} hired, outside {offer.min_headcount}-{offer.max_headcount}"
            )
        paid: dict[tuple[str, date], float] = defaultdict(float)
        spans: dict[tuple[str, date], list[Row]] = defaultdict(list)
        for row in rows:
            if row.agent_id in ids and row.activity in ("shift", "meal"):
                spans[row.agent_id, row.day].append(row)
                if row.activity == "shift":
                    paid[row.agent_id, row.day] += (row.end - row.start).total_seconds() / 3600
        for (agent_id, day), parts in spans.items():
            start, end = min(p.start for p in parts), max(p.end for p in parts)
            if (day - first).days < offer.ramp_up_days:
                found.append(f"{agent_id} {day}: works during the ramp-up")
            if offer.max_hours_day is not None and paid[agent_id, day] > offer.max_hours_day:
                found.append(f"{agent_id} {day}: {paid[agent_id, day]} h over the daily cap")
            if offer.window_from is not None and offer.window_to is not None:
                low = datetime.combine(day, offer.window_from)
                if not low <= start or not end <= _window_end(
                    day, offer.window_from, offer.window_to
                ):
                    found.append(f"{agent_id} {day}: {start:%H:%M}-{end:%H:%M} outside window")
        per_day = defaultdict(int)
        for _, day in spans:
            per_day[day] += 1
        if offer.daily_cap is not None:
            found += [
                f"{label} {d}: {n} at work" for d, n in per_day.items() if n > offer.daily_cap
            ]
        cost = sum(paid.values()) * offer.cost_per_hour + offer.fixed_cost_per_hire * len(ids)
        if abs(cost - order.cost) > 0.01:
            found.append(f"{label}: costs {cost:.2f}, the sheet says {order.cost:.2f}")
        total += cost
    if scenario.hiring_budget is not None and total > scenario.hiring_budget + 1e-6:
        found.append(f"the plan spends {total:.2f}, over the budget {scenario.hiring_budget}")
    return found
