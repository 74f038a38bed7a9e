"""The whole job in one call: forecast -> requirements -> roster -> coverage."""

from __future__ import annotations

from scheduler.checks import coverage_rows
from scheduler.domain import Scenario
from scheduler.result import SolveResult
from scheduler.roster.solve import SolveParams, solve_roster
from scheduler.staffing.requirements import compute_requirements


def solve(scenario: Scenario, params: SolveParams | None = None) -> SolveResult:
    """Forecast to roster: requirements, model, solve, coverage."""
    params = params or SolveParams()
    requirements = compute_requirements(scenario)
    required = {q.queue_id: requirements.curve(q.queue_id) for q in scenario.queues}
    solution = solve_roster(scenario, required, params)
    return SolveResult(
        scenario_name=scenario.name,
        status=solution.status,
        objective=solution.objective,
        best_bound=solution.best_bound,
        wall_seconds=solution.seconds,
        interval_minutes=scenario.horizon.interval_minutes,
        roster=solution.roster,
        coverage=tuple(coverage_rows(scenario, required, solution.roster)),
        interrupted=solution.interrupted,
    )
