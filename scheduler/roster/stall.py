"""Stop a CP-SAT solve once it stops finding better solutions."""

from __future__ import annotations

import threading
import time

from ortools.sat.python import cp_model

STALL_POLL_SECONDS = 0.25
EARLY_STOP_SLACK_S = 0.5


class _LastSolution(cp_model.CpSolverSolutionCallback):
    """Remembers when CP-SAT last found a better roster, and whether one was good enough."""

    def __init__(self, good_enough: float | None) -> None:
        super().__init__()
        self.at: float | None = None
        self.good_enough = good_enough
        self.reached = False

    def on_solution_callback(self) -> None:
        self.at = time.perf_counter()
        if self.good_enough is not None and self.objective_value <= self.good_enough:
            self.reached = True
            self.stop_search()


def solve_until_stalled(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    stall_seconds: float,
    good_enough: float | None = None,
) -> tuple[cp_model.CpSolverStatus, bool]:
    """Solve, stopping early once no better roster has come for `stall_seconds`, or once one
    reaches the objective `good_enough`; returns the status and whether it stopped so. On a
    large instance the full model soon improves slower than re-solving parts of it (Curtois-Qu
    Instance13: after 36 s of the full model, each of the next 11 re-solved parts improved the
    roster by 3-30%)."""
    last = _LastSolution(good_enough)
    finished = threading.Event()
    stalled = threading.Event()

    def stop_when_stalled() -> None:
        while not finished.wait(STALL_POLL_SECONDS):
            if last.at is not None and time.perf_counter() - last.at > stall_seconds:
                stalled.set()
                solver.stop_search()
                return

    watcher = threading.Thread(target=stop_when_stalled, daemon=True)
    watcher.start()
    try:
        code = solver.solve(model, last)
    finally:
        finished.set()
        watcher.join()
    return code, stalled.is_set() or last.reached


def interrupted(
    code: cp_model.CpSolverStatus, solver: cp_model.CpSolver, seconds: float, stalled: bool = False
) -> bool:
    """Whether a solve given `seconds` was cut short by Ctrl-C: CP-SAT stops a search that has
    a solution early only when told to, by Ctrl-C or by the stall watch."""
    return (
        code == cp_model.FEASIBLE
        and not stalled
        and solver.wall_time < seconds - EARLY_STOP_SLACK_S
    )
