"""Independent evaluator of a nurse rostering benchmark solution (Curtois & Qu 2014 format).

    python bench/nsp_eval.py INSTANCE.txt SOLUTION.csv

Reads the instance and a CSV of rows `employee,day,shift` (one per worked day, header first) and
recomputes, from the CSV alone, the ten hard constraints of the benchmark and the objective
(cover cost + request cost). It is written against the benchmark's own definitions, with their
edge assumptions, and imports nothing from `scheduler` nor from the plain model, so neither
solver can agree with it by sharing a mistake.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nsp_instance import Instance, NspFormatError, Staff, read_instance

HEADER = ("employee", "day", "shift")
Assignment = tuple[str, int, str]  # (employee, day, shift_id)


@dataclass(frozen=True)
class Violation:
    rule: int  # the hard constraint's number in the benchmark (1..10)
    employee: str
    detail: str

    def __str__(self) -> str:
        return f"hard {self.rule} ({RULES[self.rule]}), {self.employee}: {self.detail}"


RULES = {
    1: "one shift per day",
    2: "shift rotation",
    3: "maximum shifts of a type",
    4: "maximum total minutes",
    5: "minimum total minutes",
    6: "maximum consecutive shifts",
    7: "minimum consecutive shifts",
    8: "minimum consecutive days off",
    9: "maximum weekends",
    10: "days off",
}


@dataclass(frozen=True)
class Evaluation:
    cover_cost: int
    request_cost: int
    violations: tuple[Violation, ...]

    @property
    def objective(self) -> int:
        return self.cover_cost + self.request_cost


def read_solution(path: Path, instance: Instance) -> list[Assignment]:
    """Rows of a solution CSV; an unknown employee, shift or day is an error naming the row."""
    staff_ids = {s.staff_id for s in instance.staff}
    shift_ids = {s.shift_id for s in instance.shifts}
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    if not rows or tuple(cell.strip() for cell in rows[0]) != HEADER:
        raise NspFormatError(f"{path}, row 1: expected the header {','.join(HEADER)}")
    assignments = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(HEADER):
            raise NspFormatError(f"{path}, row {number}: expected 3 fields, got {len(row)}")
        employee, day_text, shift_id = (cell.strip() for cell in row)
        if employee not in staff_ids:
            raise NspFormatError(f"{path}, row {number}: unknown employee {employee!r}")
        if shift_id not in shift_ids:
            raise NspFormatError(f"{path}, row {number}: unknown shift {shift_id!r}")
        if not day_text.isdigit() or int(day_text) >= instance.days:
            raise NspFormatError(
                f"{path}, row {number}: expected a day 0..{instance.days - 1}, got {day_text!r}"
            )
        assignments.append((employee, int(day_text), shift_id))
    return assignments


def evaluate(instance: Instance, assignments: Iterable[Assignment]) -> Evaluation:
    """Hard violations and objective of a solution given as (employee, day, shift) rows."""
    rows = list(assignments)
    by_employee: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for employee, day, shift_id in rows:
        by_employee[employee].append((day, shift_id))
    violations = [
        violation
        for staff in instance.staff
        for violation in _employee_violations(instance, staff, by_employee[staff.staff_id])
    ]
    return Evaluation(_cover_cost(instance, rows), _request_cost(instance, rows), tuple(violations))


def _employee_violations(
    instance: Instance, staff: Staff, worked: Sequence[tuple[int, str]]
) -> list[Violation]:
    found: list[Violation] = []

    def fail(rule: int, detail: str) -> None:
        found.append(Violation(rule, staff.staff_id, detail))

    per_day: dict[int, list[str]] = defaultdict(list)
    for day, shift_id in worked:
        per_day[day].append(shift_id)
    for day, shifts in sorted(per_day.items()):
        if len(shifts) > 1:
            fail(1, f"day {day} has {len(shifts)} shifts ({', '.join(shifts)})")
    # From here on a day counts as worked once, with its first shift, so that one double-booked
    # day is reported once (rule 1) rather than again by every rule that counts days.
    shift_on = {day: shifts[0] for day, shifts in per_day.items()}
    on = [day in shift_on for day in range(instance.days)]
    for day in range(instance.days - 1):
        today, tomorrow = shift_on.get(day), shift_on.get(day + 1)
        if today is not None and tomorrow is not None and tomorrow in _followers(instance, today):
            fail(2, f"{tomorrow} on day {day + 1} follows {today} on day {day}")
    counts = Counter(shift_on.values())
    for shift_id, most in staff.max_shifts:
        if counts[shift_id] > most:
            fail(3, f"{counts[shift_id]} shifts {shift_id}, at most {most}")
    minutes = sum(instance.shift(s).minutes for s in shift_on.values())
    if minutes > staff.max_minutes:
        fail(4, f"{minutes} minutes, at most {staff.max_minutes}")
    if minutes < staff.min_minutes:
        fail(5, f"{minutes} minutes, at least {staff.min_minutes}")
    for first, last in _blocks(on, True):
        if last - first + 1 > staff.max_consecutive:
            fail(
                6,
                f"days {first}-{last}: {last - first + 1} shifts in a row, "
                f"at most {staff.max_consecutive}",
            )
    for first, last, length, rule, limit, what in _short_blocks(instance, staff, on):
        fail(rule, f"days {first}-{last}: {length} {what} in a row, at least {limit}")
    worked_weekends = [w for w in instance.weekends if any(on[d] for d in w)]
    if len(worked_weekends) > staff.max_weekends:
        fail(9, f"{len(worked_weekends)} weekends worked, at most {staff.max_weekends}")
    for day in sorted(instance.days_off_of(staff.staff_id)):
        if on[day]:
            fail(10, f"works day {day}, a day off")
    return found


def _followers(instance: Instance, shift_id: str) -> tuple[str, ...]:
    return instance.shift(shift_id).forbidden_next


def _short_blocks(
    instance: Instance, staff: Staff, on: list[bool]
) -> Iterable[tuple[int, int, int, int, int, str]]:
    """Worked blocks shorter than MinConsecutiveShifts (rule 7) and off blocks shorter than
    MinConsecutiveDaysOff (rule 8). A block touching day 0 or the last day is exempt: the
    benchmark assumes it continues into the previous or next period."""
    for value, rule, limit, what in (
        (True, 7, staff.min_consecutive, "shifts"),
        (False, 8, staff.min_consecutive_off, "days off"),
    ):
        for first, last in _blocks(on, value):
            length = last - first + 1
            if first > 0 and last < instance.days - 1 and length < limit:
                yield first, last, length, rule, limit, what


def _blocks(on: list[bool], value: bool) -> list[tuple[int, int]]:
    """Maximal runs (first day, last day) where on[day] == value."""
    blocks = []
    start: int | None = None
    for day, flag in enumerate([*on, not value]):
        if flag == value and start is None:
            start = day
        elif flag != value and start is not None:
            blocks.append((start, day - 1))
            start = None
    return blocks


def _cover_cost(instance: Instance, rows: Sequence[Assignment]) -> int:
    working = Counter((day, shift_id) for _, day, shift_id in rows)
    return sum(
        line.under_weight * max(0, line.required - working[line.day, line.shift_id])
        + line.over_weight * max(0, working[line.day, line.shift_id] - line.required)
        for line in instance.cover
    )


def _request_cost(instance: Instance, rows: Sequence[Assignment]) -> int:
    worked = set(rows)
    missed_on = sum(
        r.weight for r in instance.on_requests if (r.staff_id, r.day, r.shift_id) not in worked
    )
    granted_off = sum(
        r.weight for r in instance.off_requests if (r.staff_id, r.day, r.shift_id) in worked
    )
    return missed_on + granted_off


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate a nurse rostering solution CSV.")
    parser.add_argument("instance", type=Path)
    parser.add_argument("solution", type=Path)
    args = parser.parse_args(argv)
    try:
        instance = read_instance(args.instance)
        result = evaluate(instance, read_solution(args.solution, instance))
    except (NspFormatError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for violation in result.violations:
        print(violation)
    print(
        f"{instance.name}: objective {result.objective} (cover {result.cover_cost} + requests "
        f"{result.request_cost}), {len(result.violations)} hard violation(s)"
    )
    return 1 if result.violations else 0


if __name__ == "__main__":
    sys.exit(main())
