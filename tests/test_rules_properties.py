"""Properties tying the rule book's three uses together, on random small scenarios:

1. the checker and the independent oracle agree on random rosters, legal or not;
2. whatever the solver returns, the checker finds no hard violation in it;
3. the pooled constraints are a relaxation: legal weeks of several people, summed into counts,
   satisfy every rule's pool-wide form.

Examples are few and tiny, and derandomized so CI sees the same cases every run.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from scheduler.checks import check_roster
from scheduler.domain import Contract, Scenario, ShiftTemplate
from scheduler.presets import Preset
from scheduler.result import WorkedShift
from scheduler.roster.model import option_span
from scheduler.roster.options import template_options
from scheduler.roster.rules import RULES, SHIFT_FILTERS, Choice, agent_context
from scheduler.roster.solve import SolveParams, solve_roster

import factories as f
import oracle

MENU = (
    f.template("EARLY", time(6), time(6), paid=8),
    f.template("DAY", time(8), time(10), step=60, paid=8, meal=60, meal_window=(3, 5)),
    f.template("LATE", time(14), time(15), step=60, paid=8),
    f.template("NIGHT", time(22), time(22), paid=8),
    f.template("SHORT", time(10), time(12), step=120, paid=4),
    f.template("TEN", time(8), time(8), paid=10),
)
PROPERTY = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def maybe(values: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.none(), values)


@st.composite
def contracts(draw: st.DrawFn) -> Contract:
    rules: dict[str, object] = {
        "preset": draw(st.sampled_from([p.value for p in Preset])),  # blank rules take its values
        "min_shift_hours": draw(maybe(st.sampled_from([4, 6, 8]))),
        "max_shift_hours": draw(maybe(st.sampled_from([8, 9, 10]))),
        "max_paid_hours_day": draw(maybe(st.sampled_from([6, 8, 10]))),
        "max_consecutive_days": draw(maybe(st.integers(1, 5))),
        "min_consecutive_days_off": draw(maybe(st.integers(2, 3))),
        "min_days_off_week": draw(maybe(st.integers(1, 3))),
        "consecutive_days_off_week": draw(maybe(st.integers(1, 3))),
        "weekly_rest_hours": draw(maybe(st.sampled_from([24, 35, 48, 60]))),
        "night_start": draw(st.sampled_from([time(22), time(23), time(0)])),
        "night_end": draw(st.sampled_from([time(6), time(5)])),
        "night_work": draw(st.sampled_from(["allowed", "banned"])),
        "max_nights_week": draw(maybe(st.integers(0, 3))),
        "max_consecutive_nights": draw(maybe(st.integers(1, 3))),
        "early_start_before": draw(st.sampled_from([time(7), time(8), time(9)])),
        "night_then_early": draw(st.sampled_from(["allowed", "forbidden", "penalized"])),
        "max_weekends": draw(maybe(st.integers(0, 2))),
        "max_hours_month": draw(maybe(st.sampled_from([16, 30, 60]))),
        "max_average_hours_week": draw(maybe(st.sampled_from([16, 30, 40]))),
        "reference_weeks": draw(maybe(st.just(1))),
        "standard_hours_day": draw(maybe(st.just(8))),
        "standard_hours_week": draw(maybe(st.sampled_from([24, 40]))),
    }
    if rules["standard_hours_day"] is not None:
        rules["max_overtime_day"] = draw(maybe(st.sampled_from([0, 1, 2])))
    if rules["standard_hours_day"] is not None or rules["standard_hours_week"] is not None:
        rules["max_overtime_month"] = draw(maybe(st.sampled_from([0, 4, 10])))
    if (rules["min_shift_hours"] or 0) > (rules["max_shift_hours"] or 24):
        rules["min_shift_hours"] = None
    rest = draw(st.sampled_from([0, 8, 11]))
    days = draw(st.integers(1, 7))
    return f.contract(max_days=days, max_hours=60, rest=rest, **rules)


@st.composite
def scenarios(draw: st.DrawFn, max_days: int = 10, max_agents: int = 2) -> Scenario:
    templates = draw(
        st.lists(st.sampled_from(MENU), min_size=1, max_size=4, unique_by=lambda t: t.shift_id)
    )
    start = date(2026, 11, 25) + timedelta(days=draw(st.integers(0, 8)))  # weekends, month end
    agents = tuple(f.agent(f"A{i}") for i in range(draw(st.integers(1, max_agents))))
    return f.scenario(
        days=draw(st.integers(1, max_days)),
        start=start,
        contracts=(draw(contracts()),),
        shifts=tuple(templates),
        agents=agents,
    )


@st.composite
def random_shifts(draw: st.DrawFn, sc: Scenario) -> list[WorkedShift]:
    """Shifts from any template (allowed or not), on random days, for each agent."""
    shifts = []
    for agent in sc.agents:
        for day in range(sc.horizon.days):
            if not draw(st.booleans()):
                continue
            template: ShiftTemplate = draw(st.sampled_from(MENU))
            hours = template.span_minutes / 60
            usual = st.just(template.earliest_start.hour)
            start = (draw(st.one_of(usual, st.integers(0, 23))), 0)  # sometimes off-template
            shift = f.worked(day, start, hours, template.paid_hours, origin=sc.horizon.start_date)
            shifts.append(
                WorkedShift(agent.agent_id, shift.day, shift.start, shift.end, shift.paid_minutes)
            )
    return shifts


@settings(PROPERTY, max_examples=60)
@given(data=st.data())
def test_checker_agrees_with_the_oracle_on_random_rosters(data: st.DataObject) -> None:
    sc = data.draw(scenarios(max_days=15))
    roster = f.roster_of(data.draw(random_shifts(sc)))
    found = sorted((v.agent_id, v.rule, v.day) for v in check_roster(sc, roster))
    expected = sorted(
        (b.agent_id, b.rule, b.day) for b in oracle.breaches(sc, oracle.rows_of(roster))
    )
    assert found == expected


def _demand(sc: Scenario, level: int) -> dict[str, list[int]]:
    return {"Q": f.flat_requirement(sc, "Q", level, 6, 24)}


@settings(PROPERTY, max_examples=8)
@given(sc=scenarios(max_days=8), level=st.integers(1, 2))
def test_solved_rosters_break_no_hard_rule(sc: Scenario, level: int) -> None:
    roster = solve_roster(sc, _demand(sc, level), SolveParams(time_limit_s=5, workers=1)).roster
    assert [str(v) for v in check_roster(sc, roster) if v.hard] == []
    assert [
        b for b in oracle.breaches(sc, oracle.rows_of(roster)) if not b.rule.startswith("avoid")
    ] == []


@pytest.mark.slow
@settings(PROPERTY, max_examples=12)
@given(sc=scenarios(max_days=15, max_agents=4), level=st.integers(1, 3))
def test_solved_rosters_break_no_hard_rule_on_larger_scenarios(sc: Scenario, level: int) -> None:
    roster = solve_roster(sc, _demand(sc, level), SolveParams(time_limit_s=3, workers=2)).roster
    assert [str(v) for v in check_roster(sc, roster) if v.hard] == []


def _legal_week(sc: Scenario, seed: int) -> list[int]:
    """Option indices of one legal (random-objective) week for the scenario's first agent."""
    ctx = agent_context(sc, sc.agents[0])
    options = [o for t in sc.shifts for o in template_options(t, sc.horizon)]
    model = cp_model.CpModel()
    variables = {}
    for index, option in enumerate(options):
        span = option_span(option, sc.horizon.interval_minutes)
        if all(rule.admits(ctx, span) for rule in SHIFT_FILTERS):
            variables[index] = (span, model.new_bool_var(f"x{index}"))
    choices: list[Choice] = list(variables.values())
    for rule in RULES:
        rule.constrain(ctx, choices, model)
    weights = [(index * 7919 + seed * 104729) % 11 - 3 for index in variables]
    model.maximize(sum(w * var for w, (_, var) in zip(weights, variables.values(), strict=True)))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return [index for index, (_, var) in variables.items() if solver.value(var)]


@settings(PROPERTY, max_examples=25)
@given(sc=scenarios(max_days=14, max_agents=1), people=st.integers(2, 4))
def test_pooled_rules_are_a_relaxation_of_the_individual_ones(sc: Scenario, people: int) -> None:
    weeks = [_legal_week(sc, seed) for seed in range(people)]
    counts = {index: sum(index in week for week in weeks) for week in weeks for index in week}
    ctx = agent_context(sc, sc.agents[0])
    options = [o for t in sc.shifts for o in template_options(t, sc.horizon)]
    model = cp_model.CpModel()
    choices: list[Choice] = []
    for index, option in enumerate(options):
        count = counts.get(index, 0)
        choices.append(
            (
                option_span(option, sc.horizon.interval_minutes),
                model.new_int_var(count, count, f"n{index}"),
            )
        )
    for rule in RULES:
        rule.constrain(ctx, choices, model, size=people)
        rule.penalties(ctx, choices, model, size=people)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
