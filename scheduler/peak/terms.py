"""Hiring terms inside the roster optimizer: fixed cost per hire, daily caps and the budget.

`scheduler.peak.hiring` turns offers into candidate people and `Scenario.hire_pools`; these
functions put the pools' terms into both optimizer phases so that the choice of whom to hire
weighs them exactly:

- the CP-SAT model (`hire_terms`): per candidate a `hired` boolean at least each of their shift
  variables, priced at the fixed cost; per pool and day the shifts starting that day at most
  the daily cap; wages at the offers' own rates plus fixed costs within the budget;
- the greedy's one-person week model (`HireWeek`): the same `hired` boolean and price, and the
  cap and budget left by everyone else placed so far, set before each placement.

A daily cap counts shifts starting on a day; one shift per day (a hard rule) makes that people.
Money is counted in cents, costs rounded up and the budget down, so the rounding never lets a
plan spend more than its budget.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import HirePool, Scenario
from scheduler.roster.rules import RulePenalty

__all__ = ["HireWeek", "hire_terms", "hire_week", "pool_of", "spend"]

CENTS = 100
HIRE_RULE = "fixed_cost_per_hire"

# (day the shift starts on, its paid minutes, its variable)
TakenShift = tuple[int, int, cp_model.IntVar]


def pool_of(scenario: Scenario, agent_id: str) -> HirePool | None:
    return next((p for p in scenario.hire_pools if agent_id in p.agent_ids), None)


def _cents(pool: HirePool, paid_minutes: int) -> int:
    return math.ceil(pool.cost_per_hour * paid_minutes / 60 * CENTS - 1e-9)


def _fixed_points(scenario: Scenario, pool: HirePool) -> int:
    return round(scenario.weights.cost_per_currency_unit * pool.fixed_cost_per_hire)


def spend(pool: HirePool, paid_minutes: Sequence[int]) -> float:
    """Money one candidate's shifts cost: hours at the offer's rate plus the fixed cost."""
    if not paid_minutes:
        return 0.0
    return pool.fixed_cost_per_hire + pool.cost_per_hour * sum(paid_minutes) / 60


def hire_terms(
    model: cp_model.CpModel, scenario: Scenario, shifts: Mapping[str, Sequence[TakenShift]]
) -> list[RulePenalty]:
    """Constrain the candidates' `shifts` by their pools; the fixed costs as objective terms
    (priced like a soft rule's points)."""
    objective: list[RulePenalty] = []
    budget: list[cp_model.LinearExprT] = []
    for index, pool in enumerate(scenario.hire_pools):
        per_day: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for agent_id in pool.agent_ids:
            taken = shifts.get(agent_id, ())
            if not taken:
                continue
            hired = model.new_bool_var(f"hired[{agent_id}]")
            for day, paid, var in taken:
                model.add(var <= hired)
                per_day[day].append(var)
                budget.append(_cents(pool, paid) * var)
            budget.append(math.ceil(pool.fixed_cost_per_hire * CENTS) * hired)
            objective.append(RulePenalty(HIRE_RULE, 0, hired, _fixed_points(scenario, pool)))
        if pool.daily_cap is not None:
            for day, variables in per_day.items():
                model.add(sum(variables) <= pool.daily_cap).with_name(f"cap[p{index},{day}]")
    if scenario.hiring_budget is not None and budget:
        model.add(sum(budget) <= math.floor(scenario.hiring_budget * CENTS))
    return objective


@dataclass(frozen=True)
class HireWeek:
    """One candidate's hiring terms in the greedy's week model; `bound` before each solve."""

    pool: HirePool
    penalty: RulePenalty  # the fixed cost, charged like a soft rule's points
    open_days: dict[int, cp_model.IntVar]  # 1: the pool's daily cap leaves room that day
    money: cp_model.IntVar | None  # the candidate's spend in cents, bounded by the budget left

    def bound(
        self,
        scenario: Scenario,
        agent_id: str,
        weeks: Mapping[str, Sequence[tuple[int, int]]],
    ) -> None:
        """Fit the week into what the others placed leave: `weeks` holds (day, paid minutes)
        per shift of every placed candidate."""
        if self.pool.daily_cap is not None:
            used: dict[int, int] = defaultdict(int)
            for other in self.pool.agent_ids:
                if other != agent_id:
                    for day, _ in weeks.get(other, ()):
                        used[day] += 1
            for day, var in self.open_days.items():
                _set_upper(var, 1 if used[day] < self.pool.daily_cap else 0)
        if self.money is not None and scenario.hiring_budget is not None:
            others = sum(
                spend(pool, [paid for _, paid in weeks.get(other, ())])
                for pool in scenario.hire_pools
                for other in pool.agent_ids
                if other != agent_id
            )
            left = math.floor((scenario.hiring_budget - others) * CENTS + 1e-6)
            _set_upper(self.money, max(0, left))


def _set_upper(var: cp_model.IntVar, upper: int) -> None:
    """A new upper bound on a variable of a model that is solved again and again."""
    domain = var.proto.domain
    domain[len(domain) - 1] = max(domain[0], upper)


def hire_week(
    model: cp_model.CpModel, scenario: Scenario, pool: HirePool, shifts: Sequence[TakenShift]
) -> HireWeek:
    """Add the candidate's hiring terms to their own week model (never shared with others)."""
    hired = model.new_bool_var("hired")
    open_days: dict[int, cp_model.IntVar] = {}
    cents: list[cp_model.LinearExprT] = [math.ceil(pool.fixed_cost_per_hire * CENTS) * hired]
    for day, paid, var in shifts:
        model.add(var <= hired)
        cents.append(_cents(pool, paid) * var)
        if pool.daily_cap is not None:
            if day not in open_days:
                open_days[day] = model.new_bool_var(f"open[{day}]")
            model.add(var <= open_days[day])
    money = None
    if scenario.hiring_budget is not None:
        ceiling = math.ceil(scenario.hiring_budget * CENTS)
        money = model.new_int_var(0, ceiling, "money")
        model.add(money >= sum(cents))
    penalty = RulePenalty(HIRE_RULE, 0, hired, _fixed_points(scenario, pool))
    return HireWeek(pool, penalty, open_days, money)
