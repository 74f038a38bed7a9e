"""The plain CP-SAT model of a nurse rostering benchmark instance, the yardstick for our engine.

One boolean per employee, day and shift type; every hard constraint of the benchmark is written
directly on those booleans and the objective is the benchmark's own. Nothing clever: this is the
model anyone would write from the format description in an afternoon.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from nsp_instance import Instance, Staff
from ortools.sat.python import cp_model

Assignment = tuple[str, int, str]  # (employee, day, shift_id)


@dataclass(frozen=True)
class PlainResult:
    assignments: tuple[Assignment, ...]  # empty when no solution was found
    status: str  # CP-SAT's status name
    objective: int | None  # CP-SAT's own objective value
    bound: float | None
    seconds: float


class _Plain:
    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.model = cp_model.CpModel()
        self.x = {
            (e.staff_id, d, s.shift_id): self.model.new_bool_var(
                f"x[{e.staff_id},{d},{s.shift_id}]"
            )
            for e in instance.staff
            for d in range(instance.days)
            for s in instance.shifts
        }
        # works[e, d] = 1 iff e works some shift on day d.
        self.works: dict[tuple[str, int], cp_model.IntVar] = {}

    def build(self) -> None:
        for staff in self.instance.staff:
            self._employee(staff)
        self.model.minimize(self._requests() + self._cover())

    def _employee(self, staff: Staff) -> None:
        instance, x, model, e = self.instance, self.x, self.model, staff.staff_id
        days = range(instance.days)
        for d in days:
            self.works[e, d] = model.new_bool_var(f"works[{e},{d}]")
            day_shifts = [x[e, d, s.shift_id] for s in instance.shifts]
            model.add(_total(day_shifts) == self.works[e, d])  # 1. one shift per day at most
        works = [self.works[e, d] for d in days]
        for d in days[:-1]:  # 2. rotation; nothing is assumed beyond the horizon
            for shift in instance.shifts:
                for follower in shift.forbidden_next:
                    model.add(x[e, d, shift.shift_id] + x[e, d + 1, follower] <= 1)
        for shift_id, most in staff.max_shifts:  # 3. shifts of each type
            model.add(_total([x[e, d, shift_id] for d in days]) <= most)
        minutes = cp_model.LinearExpr.weighted_sum(
            [x[e, d, s.shift_id] for d in days for s in instance.shifts],
            [s.minutes for _ in days for s in instance.shifts],
        )
        model.add(minutes <= staff.max_minutes)  # 4.
        model.add(minutes >= staff.min_minutes)  # 5.
        limit = staff.max_consecutive  # 6. any limit + 1 consecutive days hold a day off
        for first in range(instance.days - limit):
            model.add(_total(works[first : first + limit + 1]) <= limit)
        self._no_short_blocks(works, staff.min_consecutive, worked=True)  # 7.
        self._no_short_blocks(works, staff.min_consecutive_off, worked=False)  # 8.
        weekend_flags = []  # 9. a weekend is worked if its Saturday or Sunday is
        for weekend in instance.weekends:
            flag = model.new_bool_var(f"weekend[{e},{weekend[0]}]")
            for d in weekend:
                model.add(flag >= works[d])
            weekend_flags.append(flag)
        model.add(_total(weekend_flags) <= staff.max_weekends)
        for d in instance.days_off_of(e):  # 10. days off
            model.add(works[d] == 0)

    def _no_short_blocks(self, works: list[cp_model.IntVar], shortest: int, worked: bool) -> None:
        """Forbid a block of `length` < `shortest` worked (or off) days with a day of the other
        kind on both sides. Blocks touching the horizon's edge are exempt (the benchmark assumes
        they continue into the neighbouring periods), so both neighbours must exist.

        Worked block: not (off, on x length, off), i.e. -w[b] + sum(inside) - w[a] <= length - 1.
        Off block: not (on, off x length, on), i.e. w[b] - sum(inside) + w[a] <= 1."""
        last = len(works) - 1
        sign = 1 if worked else -1
        for length in range(1, shortest):
            for first in range(1, last - length + 1):
                inside = _total(works[first : first + length])
                edges = works[first - 1] + works[first + length]
                self.model.add(sign * (inside - edges) <= (length - 1 if worked else 1))

    def _requests(self) -> cp_model.LinearExpr:
        """Missed on-requests plus granted off-requests, weighted."""
        on, off = self.instance.on_requests, self.instance.off_requests
        missed = sum(r.weight for r in on) - cp_model.LinearExpr.weighted_sum(
            [self.x[r.staff_id, r.day, r.shift_id] for r in on], [r.weight for r in on]
        )
        granted = cp_model.LinearExpr.weighted_sum(
            [self.x[r.staff_id, r.day, r.shift_id] for r in off], [r.weight for r in off]
        )
        return missed + granted

    def _cover(self) -> cp_model.LinearExpr:
        terms = []
        people = len(self.instance.staff)
        for line in self.instance.cover:
            working = _total(
                [self.x[e.staff_id, line.day, line.shift_id] for e in self.instance.staff]
            )
            under = self.model.new_int_var(0, line.required, f"under[{line.day},{line.shift_id}]")
            over = self.model.new_int_var(0, people, f"over[{line.day},{line.shift_id}]")
            self.model.add(working + under - over == line.required)
            terms.append(line.under_weight * under + line.over_weight * over)
        return cp_model.LinearExpr.sum(terms)


def _total(variables: Sequence[cp_model.IntVar]) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.sum(variables)


def solve_plain(instance: Instance, time_limit_s: float, workers: int, seed: int) -> PlainResult:
    """Build and solve the plain model within the time limit (model building included)."""
    started = time.perf_counter()
    plain = _Plain(instance)
    plain.build()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit_s - (time.perf_counter() - started))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(plain.model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assignments = tuple(key for key, var in plain.x.items() if found and solver.value(var))
    return PlainResult(
        assignments=assignments,
        status=solver.status_name(status),
        objective=round(solver.objective_value) if found else None,
        bound=solver.best_objective_bound if found else None,
        seconds=time.perf_counter() - started,
    )
