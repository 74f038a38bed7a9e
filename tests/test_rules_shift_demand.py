"""Shift-demand rules: for every roster of one agent on a short horizon, the model accepts it
exactly when the checker finds no violation, horizon edges included; and the model's objective
equals the shift-demand benchmark's objective (cover and requests) computed independently."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import time, timedelta

import pytest
from ortools.sat.python import cp_model

from scheduler.checks import check_roster, shift_coverage_rows
from scheduler.domain import Contract, Scenario, ShiftDemand, ShiftRequest, Weights
from scheduler.pipeline import solve
from scheduler.result import Roster, WorkedShift
from scheduler.roster.greedy import search_roster
from scheduler.roster.model import build_model, option_span, single_units
from scheduler.roster.options import template_options
from scheduler.roster.rules import RULES, SHIFT_FILTERS, Choice, Rule, agent_context
from scheduler.roster.solve import SolveParams, extract_roster

import factories as f

DAY = f.template("D", time(8), time(8), paid=8)
NIGHT = f.template("N", time(20), time(20), paid=10)
DAYS = 5  # Monday to Friday: every pattern of off / D / N is 3^5 = 243 rosters


def _scenario(contract: Contract, requests: tuple[ShiftRequest, ...] = ()) -> Scenario:
    return Scenario.model_validate(
        {
            **f.scenario(days=DAYS, shifts=(DAY, NIGHT), contracts=(contract,)).model_dump(),
            "shift_requests": requests,
        }
    )


def _nsp_contract(**rules: object) -> Contract:
    return f.contract(rest=0, max_hours=168, max_days=7, **rules)


def _rule(name: str) -> Rule:
    return next(rule for rule in RULES if rule.name == name)


def _worked(pattern: tuple[str, ...]) -> list[WorkedShift]:
    shifts = []
    for day, shift_id in enumerate(pattern):
        if shift_id == "D":
            shifts.append(f.worked(day, (8, 0), 8))
        elif shift_id == "N":
            shifts.append(f.worked(day, (20, 0), 10))
    return shifts


def _model_accepts(sc: Scenario, rule: Rule, pattern: tuple[str, ...]) -> bool:
    """Whether `rule`'s constraints admit the roster, every shift variable fixed to it."""
    ctx = agent_context(sc, sc.agents[0])
    model = cp_model.CpModel()
    choices: list[Choice] = []
    for template in sc.shifts:
        for option in template_options(template, sc.horizon):
            span = option_span(option, sc.horizon.interval_minutes)
            if all(flt.admits(ctx, span) for flt in SHIFT_FILTERS):
                var = model.new_bool_var(f"x{len(choices)}")
                model.add(var == int(pattern[option.day] == option.shift_id))
                choices.append((span, var))
    rule.constrain(ctx, choices, model)
    return cp_model.CpSolver().solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _checker_accepts(sc: Scenario, rule: Rule, pattern: tuple[str, ...]) -> bool:
    roster = f.roster_of(_worked(pattern))
    return not [v for v in check_roster(sc, roster) if v.rule == rule.name]


PATTERNS = list(itertools.product(("-", "D", "N"), repeat=DAYS))
CASES = {
    "max_shifts_per_template": _nsp_contract(max_shifts_per_template=(("D", 2), ("N", 0))),
    "max_hours_per_horizon": _nsp_contract(max_hours_horizon=26),
    "min_hours_per_horizon": _nsp_contract(min_hours_horizon=26),
    "min_consecutive_working_days": _nsp_contract(min_consecutive_days=3),
    "forbidden_successions": _nsp_contract(forbidden_successions=(("N", "D"),)),
    # The existing run rules, with the edge semantics shift-demand users expect.
    "max_consecutive_working_days": _nsp_contract(max_consecutive_days=2),
    "min_consecutive_days_off": _nsp_contract(min_consecutive_days_off=2),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_model_and_checker_agree_on_every_roster(name: str) -> None:
    sc = _scenario(CASES[name])
    rule = _rule(name)
    verdicts = Counter()
    for pattern in PATTERNS:
        accepted = _model_accepts(sc, rule, pattern)
        assert accepted == _checker_accepts(sc, rule, pattern), pattern
        verdicts[accepted] += 1
    assert verdicts[True] and verdicts[False]  # the rule binds, and not everywhere


@pytest.mark.parametrize(
    ("pattern", "legal"),
    [
        (("D", "-", "D", "D", "D"), True),  # a short run on the first day continues the past
        (("D", "D", "D", "-", "N"), True),  # ... and on the last day, the next period
        (("-", "D", "-", "-", "-"), False),  # one day alone inside the horizon
        (("-", "D", "D", "-", "-"), False),
        (("-", "D", "D", "D", "-"), True),
    ],
)
def test_min_consecutive_days_exempts_runs_at_the_edges(
    pattern: tuple[str, ...], legal: bool
) -> None:
    sc = _scenario(CASES["min_consecutive_working_days"])
    assert _checker_accepts(sc, _rule("min_consecutive_working_days"), pattern) == legal


def test_forbidden_succession_is_judged_only_inside_the_horizon() -> None:
    sc = _scenario(CASES["forbidden_successions"])
    rule = _rule("forbidden_successions")
    assert _checker_accepts(sc, rule, ("D", "-", "-", "-", "N"))  # no day after the last
    assert _checker_accepts(sc, rule, ("D", "N", "N", "-", "D"))  # N then N is allowed
    assert not _checker_accepts(sc, rule, ("-", "-", "N", "D", "-"))


def test_off_blocks_touching_the_edges_are_exempt_from_min_days_off() -> None:
    sc = _scenario(CASES["min_consecutive_days_off"])
    rule = _rule("min_consecutive_days_off")
    assert _checker_accepts(sc, rule, ("-", "D", "D", "D", "-"))
    assert not _checker_accepts(sc, rule, ("D", "-", "D", "D", "D"))


def test_max_consecutive_counts_only_days_inside_the_horizon() -> None:
    sc = _scenario(CASES["max_consecutive_working_days"])
    rule = _rule("max_consecutive_working_days")
    assert _checker_accepts(sc, rule, ("D", "D", "-", "D", "D"))
    assert not _checker_accepts(sc, rule, ("-", "-", "D", "D", "D"))


def test_a_weekend_counts_once_whether_saturday_sunday_or_both_are_worked() -> None:
    weekend = f.contract(rest=0, max_hours=168, max_days=7, max_weekends=1)
    sc = f.scenario(days=14, shifts=(DAY,), contracts=(weekend,))
    saturday_and_sunday = [f.worked(5, (8, 0), 8), f.worked(6, (8, 0), 8)]
    assert not check_roster(sc, f.roster_of(saturday_and_sunday))
    two_weekends = [f.worked(6, (8, 0), 8), f.worked(12, (8, 0), 8)]
    assert [v.rule for v in check_roster(sc, f.roster_of(two_weekends))] == ["max_working_weekends"]


# --- Requests and the objective ------------------------------------------------------------------


def _request(day: int, shift_id: str, wanted: bool, weight: float) -> ShiftRequest:
    return ShiftRequest(
        agent_id="A1",
        date=f.START + timedelta(days=day),
        shift_id=shift_id,
        wanted=wanted,
        weight=weight,
    )


REQUESTS = (
    _request(0, "D", True, 3),
    _request(1, "N", False, 2),
    _request(2, "D", True, 1),
    _request(4, "N", True, 2),
)


def test_request_penalties_equal_the_weights_of_the_requests_not_granted() -> None:
    sc = _scenario(_nsp_contract(), REQUESTS)
    ctx = agent_context(sc, sc.agents[0])
    rule = _rule("shift_requests")
    for pattern in PATTERNS:
        model = cp_model.CpModel()
        choices: list[Choice] = []
        for template in sc.shifts:
            for option in template_options(template, sc.horizon):
                var = model.new_bool_var("x")
                model.add(var == int(pattern[option.day] == option.shift_id))
                choices.append((option_span(option, sc.horizon.interval_minutes), var))
        terms = rule.penalties(ctx, choices, model)
        model.minimize(sum(p.weight * p.variable for p in terms))
        solver = cp_model.CpSolver()
        assert solver.solve(model) == cp_model.OPTIMAL
        missed = rule.check(ctx, [span for span, var in choices if solver.value(var)])
        assert all(not v.hard for v in missed)
        not_granted = [r for r in REQUESTS if _not_granted(r, pattern)]
        assert solver.objective_value == sum(r.weight for r in not_granted)
        assert len(missed) == len(not_granted)


def _not_granted(request: ShiftRequest, pattern: tuple[str, ...]) -> bool:
    works = pattern[(request.date - f.START).days] == request.shift_id
    return works != request.wanted


def _benchmark_objective(sc: Scenario, roster: Roster) -> int:
    """Cover and request penalties as the shift-demand benchmark defines them, from the times of
    the roster alone (templates here differ by start time)."""
    starts = {(t.earliest_start.hour, t.earliest_start.minute): t.shift_id for t in sc.shifts}
    taken = {
        (s.agent_id, s.day): starts[s.start.hour, s.start.minute] for s in roster.worked_shifts()
    }
    heads = Counter((day, shift_id) for (_, day), shift_id in taken.items())
    total = 0
    for demand in sc.shift_demand:
        n = heads[demand.date, demand.shift_id]
        if n < demand.required:
            total += round(demand.under_weight) * (demand.required - n)
        else:
            total += round(demand.over_weight) * (n - demand.required)
    for request in sc.shift_requests:
        granted = (
            taken.get((request.agent_id, request.date)) == request.shift_id
        ) == request.wanted
        total += 0 if granted else round(request.weight)
    return total


def _tiny_shift_demand() -> Scenario:
    agents = (f.agent("A1"), f.agent("A2"), f.agent("A3"))
    contract = _nsp_contract(
        max_shifts_per_template=(("N", 2),),
        min_consecutive_days=2,
        max_consecutive_days=3,
        forbidden_successions=(("N", "D"),),
        max_hours_horizon=40,
        min_hours_horizon=16,
    )
    base = f.scenario(days=4, shifts=(DAY, NIGHT), contracts=(contract,), agents=agents)
    demand = [
        ShiftDemand(date=f.START + timedelta(days=day), shift_id=shift_id, required=need)
        for day in range(4)
        for shift_id, need in (("D", 2), ("N", 1))
    ]
    requests = [
        ShiftRequest(agent_id="A1", date=f.START, shift_id="D", wanted=False, weight=3),
        ShiftRequest(
            agent_id="A2", date=f.START + timedelta(days=2), shift_id="N", wanted=True, weight=2
        ),
        ShiftRequest(
            agent_id="A3", date=f.START + timedelta(days=1), shift_id="D", wanted=True, weight=1
        ),
    ]
    return Scenario.model_validate(
        {**base.model_dump(), "shift_demand": demand, "shift_requests": requests}
    )


def test_model_objective_equals_the_benchmark_objective() -> None:
    sc = _tiny_shift_demand()
    roster_model = build_model(sc, {"Q": [0] * sc.horizon.num_slots}, single_units(sc))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(roster_model.model) == cp_model.OPTIMAL
    roster = extract_roster(roster_model, solver)
    assert solver.objective_value == _benchmark_objective(sc, roster)
    assert solver.objective_value > 0  # demand and rules conflict: both terms are exercised


def test_pipeline_solves_shift_demand_only_to_a_legal_optimal_roster() -> None:
    sc = _tiny_shift_demand()
    result = solve(sc, SolveParams(time_limit_s=10, workers=1))
    assert result.status == "optimal"
    assert [v for v in check_roster(sc, result.roster) if v.hard] == []
    assert result.objective == _benchmark_objective(sc, result.roster)
    rows = shift_coverage_rows(sc, result.roster)
    assert len(rows) == len(sc.shift_demand)
    heads = Counter((s.day, s.start.hour) for s in result.roster.worked_shifts())
    assert [r.scheduled for r in rows] == [
        heads[r.date, 8 if r.shift_id == "D" else 20] for r in rows
    ]


def test_the_search_honours_each_persons_own_requests_under_a_shared_contract() -> None:
    """People on one contract share a week model in the search; their wishes must not."""
    contract = _nsp_contract(max_shifts_per_template=(("D", 1),))
    base = f.scenario(
        days=2,
        shifts=(DAY,),
        contracts=(contract,),
        agents=(f.agent("A1"), f.agent("A2")),
        weights=Weights(overstaffing_per_agent_hour=0),
    )
    wishes = [
        ShiftRequest(
            agent_id=who, date=f.START + timedelta(days=day), shift_id="D", wanted=True, weight=5
        )
        for who, day in (("A1", 0), ("A2", 1))
    ]
    sc = Scenario.model_validate({**base.model_dump(), "shift_requests": wishes})
    options = template_options(DAY, sc.horizon)
    search = search_roster(sc, {"Q": [0] * sc.horizon.num_slots}, options)
    assert {who: [options[i].day for i in week] for who, week in search.weeks.items()} == {
        "A1": [0],
        "A2": [1],
    }
