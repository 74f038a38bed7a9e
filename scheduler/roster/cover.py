"""Cover repair, for shift-demand rosters: out of a roster stuck one covered shift short.

Solving the whole objective, CP-SAT on two cores can settle on a roster one person short of
the best cover and spend the rest of its time trading requests around it (Curtois-Qu Instance9:
5 shifts uncovered where 4 can be, in one of three 60 s runs). A model that prices only the
people missing, blind to the requests, finds a roster missing fewer far faster when there is
one. The whole objective is then solved again from that roster, the shortfall capped at what
it found, and the better of the two rosters is kept. The cap only guides this one solve: what
runs after it works on the uncapped model again, which may trade a person missing for
requests granted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from math import gcd

from ortools.sat.python import cp_model

from scheduler.roster.lns import Incumbent, hint_all
from scheduler.roster.model import RosterModel
from scheduler.roster.stall import interrupted, solve_until_stalled

SolverFor = Callable[[float], cp_model.CpSolver]  # a configured solver for so many seconds


@dataclass(frozen=True)
class Shortfall:
    """The weighted people-missing term of a shift-demand roster model."""

    terms: tuple[tuple[int, int], ...]  # (proto index of a shortfall variable, its weight)

    @property
    def step(self) -> int:
        """The least amount by which two weighted shortfalls can differ."""
        return reduce(gcd, (weight for _, weight in self.terms), 0)

    def value(self, values: list[int]) -> int:
        """The weighted shortfall of a full assignment (one value per model variable)."""
        return sum(weight * values[index] for index, weight in self.terms)

    def _expression(self, model: cp_model.CpModel) -> cp_model.LinearExprT:
        return sum(
            weight * model.get_int_var_from_proto_index(index) for index, weight in self.terms
        )

    def only_objective(self, model: cp_model.CpModel) -> cp_model.CpModel:
        """A copy of `model` minimizing the shortfall alone."""
        cover = model.clone()
        cover.proto.clear_objective()
        cover.minimize(self._expression(cover))
        return cover

    def capped(self, model: cp_model.CpModel, cap: int) -> cp_model.CpModel:
        """A copy of `model` whose shortfall may not exceed `cap`; the objective is kept."""
        capped = model.clone()
        capped.add(self._expression(capped) <= cap)
        return capped


def shortfall_of(roster_model: RosterModel) -> Shortfall:
    terms = tuple(
        (penalty.variable.index, penalty.weight)
        for penalty in roster_model.demand
        if penalty.name == "understaffing" and penalty.weight > 0
    )
    return Shortfall(terms)


@dataclass(frozen=True)
class CoverRepair:
    """Look for a roster with fewer people missing than a stalled one, then solve the whole
    objective from it within that shortfall."""

    roster_model: RosterModel
    solver_for: SolverFor
    report: Callable[[str], None]
    cover_stall_seconds: float  # ends the search for fewer people missing, once it found some

    def run(
        self, incumbent: Incumbent, cover_until: float, full_until: float, stall_seconds: float
    ) -> tuple[Incumbent, bool]:
        """The better of `incumbent` and the repaired roster, and whether Ctrl-C cut the repair
        short. The search for fewer people missing ends at `cover_until` (perf_counter time),
        the whole objective's at `full_until` or once no better roster has come for
        `stall_seconds`."""
        shortfall = shortfall_of(self.roster_model)
        missing = shortfall.value(incumbent.values)
        if missing == 0:
            return incumbent, False
        model = self.roster_model.model
        # Not started from the stalled roster: from there CP-SAT found no better cover in 6 s
        # in two Curtois-Qu Instance5 runs, where from the search's roster it took 3-9 s.
        cover = shortfall.only_objective(model)
        found, stopped = self._solve(
            cover, cover_until, self.cover_stall_seconds, missing - shortfall.step
        )
        fewer = missing if found is None else shortfall.value(found.values)
        if found is None or stopped or fewer >= missing:
            why = "interrupted" if stopped else f"no roster found missing less than {missing:,}"
            self.report(f"cover repair: {why}")
            return incumbent, stopped
        self.report(f"cover repair: a roster missing {fewer:,} instead of {missing:,}")
        capped = shortfall.capped(model, fewer)
        hint_all(capped, found.values)
        repaired, stopped = self._solve(capped, full_until, stall_seconds)
        if repaired is None or repaired.objective >= incumbent.objective:
            return incumbent, stopped
        self.report(f"cover repair: objective {repaired.objective:,.0f}")
        return repaired, stopped

    def _solve(
        self,
        model: cp_model.CpModel,
        until: float,
        stall_seconds: float,
        good_enough: float | None = None,
    ) -> tuple[Incumbent | None, bool]:
        """The best roster of `model` found by `until` (or the first reaching `good_enough`),
        and whether Ctrl-C cut it short."""
        seconds = until - time.perf_counter()
        if seconds <= 0:
            return None, False
        solver = self.solver_for(seconds)
        code, stalled = solve_until_stalled(solver, model, stall_seconds, good_enough)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, False
        found = Incumbent(list(solver.response_proto.solution), solver.objective_value)
        return found, interrupted(code, solver, seconds, stalled)
