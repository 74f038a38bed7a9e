"""Contact-center scale: seeded synthetic scenarios, solved by the engine users run.

    python bench/scale.py --agents 200 1000 --days 14 --time-limit 300 [--plain-max-agents 1000]
    python bench/scale.py --scenario samples/double11/double11.xlsx --time-limit 90

Each size is generated (seeded) in the real input format, written as an input workbook, read
back by the real reader and solved in a child process of its own, so that the peak memory
printed is that size's alone. Scenario: 8 queues (voice and chat, 1-3 skills per agent),
15-minute intervals, full-time and part-time contracts with rest, weekly hours, days and meals,
a little approved leave; volumes scaled so that the requirement is about 85% of the paid hours
the contracts allow.

Printed per size: model build seconds (requirements, candidate shifts, rule models), seconds to
the first legal roster, understaffed agent-hours at the end, a lower bound on understaffing
(computed in a process of its own, with its seconds), the gap, peak memory, and, at the same
time limit, the plain per-agent CP-SAT model (one boolean per agent and candidate shift, every
rule as a direct constraint). Then the same for stepped agent-hours short, the measure the
engine minimizes (each agent missing in an interval at its price step, `model.shortfall_steps`):
the roster's, and the bound of the same relaxation with that objective.

The lower bound is an LP relaxation over groups of interchangeable people (same queues, same
contract): how many of a group take each candidate shift (every template and start the contract
allows, on every day) and where each shift's pauses (meal, breaks) start inside that shift's own
window, both fractional; at most the group's members not on leave start a shift per day; the
group's paid hours and working days per week at most its members' contract maxima; each person
at work serves one of their queues at a time. It drops integrality, rest between shifts, minimum
hours, every optional contract rule and which person takes which shift, so it can only be lower
than the best roster's understaffing.
Written plainly, every shift would sit in each of the ~36 interval rows it covers. Instead,
per set of queues, a head count per slot follows a flow (heads[s] = heads[s-1] + starts - ends -
pauses starting + pauses ending), and the pauses of one template are matched to its shifts by
two running balances (see _family_meals): the same optimum as the plain form with a variable
per shift and pause offset (tests/test_scale_bound.py checks it), each variable in two or three
rows. (Earlier versions let a meal sit in any window of its template and day, a looser bound.)
Every variable is boxed by what one person can do at a time (heads at work, pauses starting,
shares of a queue at most the set's members), which every roster respects.
Shortfall and the split across queues are counted per interval, as the roster is judged;
--bound-block-minutes counts them per longer block instead (a block's total shortfall is never
more than the sum of its intervals', so blocks only loosen the bound).
Then a second bound, which keeps every person's rule book: a Lagrangian relaxation of coverage
alone, priced at the LP's coverage duals. Each person, alone, takes their most valuable legal
week when an interval worked on a queue is worth its price (the search's own exact week models,
greedy.WeekPricer, solved by CP-SAT; its proven bound on the week's value is used, so a week not
proven optimal still gives a valid bound), and each interval's shortfall is priced against its
steps. Any prices >= 0 give a valid bound; at the LP's duals it is at least the LP's optimum
(up to the duals' accuracy), higher where a person's rest, days off or own weekly hours bind
where the LP pooled them. The table prints the larger of the two and lists both below it.
--bound-method: highs-ipm (default) is HiGHS's interior point without crossover, whose optimum
is accurate to about 1e-8 relative (through highspy, not pywraplp, whose HiGHS row duals are
the rows' activities); glop-dual is GLOP's dual simplex (an exact vertex, but on
200 agents it had not finished after 14 CPU minutes, the interior point takes about 2); pdlp is a
first-order method (slower still here) whose approximate optimum is not itself a bound, so the
value reported is the Lagrangian one of its row duals over the variables' boxes, valid however
rough the duals.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from array import array
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(ROOT))

from ortools.linear_solver import pywraplp  # noqa: E402
from ortools.sat.python import cp_model  # noqa: E402

from scheduler.domain import Scenario  # noqa: E402
from scheduler.io.reader import read_scenario  # noqa: E402
from scheduler.io.schema import SHEETS  # noqa: E402
from scheduler.roster.greedy import WeekPricer  # noqa: E402
from scheduler.roster.model import (  # noqa: E402
    OPEN_ENDED_MULTIPLIER,
    build_model,
    shortfall_steps,
    single_units,
    stepped_shortfall,
)
from scheduler.roster.options import template_options  # noqa: E402
from scheduler.roster.solve import SolveParams, solve_roster  # noqa: E402
from scheduler.staffing.requirements import compute_requirements  # noqa: E402

START = date(2026, 11, 2)  # a Monday
QUEUES = 8
LOAD_SHARE = 0.85
BOUND_BLOCK_MINUTES = 15  # the bound's time blocks: per interval (see the module docstring)
# LP solver and settings per --bound-method; the module docstring says why the default.
BOUND_METHODS: dict[str, Callable[[], Any]] = {
    "glop-dual": lambda: _Lp("GLOP", "use_dual_simplex: true"),
    "highs-ipm": lambda: _HighsLp(),
    "pdlp": lambda: _Lp(
        "PDLP",
        "num_threads: 2 termination_criteria { simple_optimality_criteria {"
        " eps_optimal_absolute: 1e-4 eps_optimal_relative: 1e-4 } }",
    ),
}
BOUND_METHOD = "highs-ipm"
Row = dict[str, Any]


def generate(agents: int, days: int, seed: int, volume_scale: float = 1.0) -> dict[str, list[Row]]:
    """Rows per input sheet for a synthetic center of `agents` people."""
    rng = random.Random(seed)
    queues = [f"Q{i + 1}" for i in range(QUEUES)]
    people = _agents(rng, agents, queues)
    supply = sum(40 if p["contract_id"] == "FT" else 20 for p in people) * days / 7
    return {
        "Settings": [
            {"key": "scenario_name", "value": f"Synthetic {agents} agents"},
            {"key": "start_date", "value": START},
            {"key": "days", "value": days},
            {"key": "interval_minutes", "value": 15},
        ],
        "Queues": [
            {
                "queue_id": q,
                "name": f"Queue {q}",
                "channel": "voice" if i % 2 else "chat",
                "service_level": 0.8,
                "answer_time_s": 20 if i % 2 else 60,
                "max_occupancy": 0.88,
                "shrinkage": 0.1,
            }
            for i, q in enumerate(queues)
        ],
        "Forecast": _forecast(rng, queues, days, supply * volume_scale),
        "Contracts": [
            {
                "contract_id": "FT",
                "name": "Full time",
                "min_hours_week": 32,
                "max_hours_week": 40,
                "max_days_week": 5,
                "min_rest_hours": 11,
            },
            {
                "contract_id": "PT",
                "name": "Part time",
                "min_hours_week": 12,
                "max_hours_week": 20,
                "max_days_week": 5,
                "min_rest_hours": 11,
                "allowed_shifts": "SHORT",
            },
        ],
        "Shifts": [
            _eight("EARLY", clock(6), clock(8)),
            _eight("DAY", clock(8, 30), clock(11)),
            _eight("LATE", clock(12), clock(15)),
            _eight("NIGHT", clock(21), clock(23)),
            {
                "shift_id": "SHORT",
                "name": "Short 4h",
                "earliest_start": clock(8),
                "latest_start": clock(20),
                "start_step_minutes": 30,
                "paid_hours": 4,
                "meal_minutes": 0,
            },
        ],
        "Agents": people,
        "TimeOff": _leave(rng, people, days),
    }


def _eight(shift_id: str, earliest: clock, latest: clock) -> Row:
    return {
        "shift_id": shift_id,
        "name": f"{shift_id.title()} 8h",
        "earliest_start": earliest,
        "latest_start": latest,
        "start_step_minutes": 30,
        "paid_hours": 8,
        "meal_minutes": 60,
        "meal_after_min_hours": 3,
        "meal_after_max_hours": 5,
    }


def _agents(rng: random.Random, count: int, queues: list[str]) -> list[Row]:
    rows = []
    for i in range(count):
        width = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
        skills = rng.sample(queues, width)
        rows.append(
            {
                "agent_id": f"A{i + 1:05d}",
                "name": f"Agent {i + 1}",
                "team": f"Team {i % 20 + 1}",
                "source": "employee",
                "contract_id": "PT" if rng.random() < 0.15 else "FT",
                "skills": ", ".join(f"{q}:{rng.randint(2, 5)}" for q in skills),
                "cost_per_hour": rng.randint(30, 45),
            }
        )
    return rows


def _forecast(rng: random.Random, queues: list[str], days: int, supply: float) -> list[Row]:
    """Volumes with two daily peaks and a weekly rhythm, scaled to the supply of hours."""
    shape = [
        0.15 + max(0.0, 1 - abs(h - 11) / 5) + 0.8 * max(0.0, 1 - abs(h - 20) / 3)
        for h in (slot / 4 for slot in range(96))
    ]
    weights = [rng.uniform(0.6, 1.4) for _ in queues]
    total_shape = sum(shape) * days * sum(weights)
    per_unit = LOAD_SHARE * supply * 4 / total_shape  # agents per shape unit, 15-min slots
    rows = []
    for q, weight in zip(queues, weights, strict=True):
        aht = rng.choice((180, 240, 300, 420))
        for day in range(days):
            weekly = 1.15 if day % 7 in (0, 4) else 1.0
            for slot in range(96):
                agents_needed = shape[slot] * weight * weekly * per_unit * rng.uniform(0.95, 1.05)
                volume = agents_needed * 0.88 * 900 / aht  # erlangs at the occupancy cap
                rows.append(
                    {
                        "queue_id": q,
                        "interval_start": datetime.combine(START, clock())
                        + timedelta(days=day, minutes=15 * slot),
                        "volume": round(volume, 1),
                        "aht_s": aht,
                    }
                )
    return rows


def _leave(rng: random.Random, people: list[Row], days: int) -> list[Row]:
    rows = []
    for person in rng.sample(people, max(1, len(people) // 20)):
        first = rng.randrange(days)
        last = min(days - 1, first + rng.randrange(3))
        rows.append(
            {
                "agent_id": person["agent_id"],
                "first_day": START + timedelta(days=first),
                "last_day": START + timedelta(days=last),
                "reason": "annual leave",
            }
        )
    return rows


def write_input(rows: dict[str, list[Row]], path: Path) -> None:
    workbook = Workbook()
    for default in list(workbook.worksheets):
        workbook.remove(default)
    for sheet in SHEETS:
        if sheet.name not in rows:
            continue
        target = workbook.create_sheet(sheet.name)
        header = ["key", "value"] if sheet.key_value else [c.name for c in sheet.columns]
        target.append(header)
        for row in rows[sheet.name]:
            target.append([row.get(name) for name in header])
    workbook.save(path)


def lower_bound(
    scenario: Scenario,
    required: dict[str, list[int]],
    block_minutes: int = BOUND_BLOCK_MINUTES,
    method: str = BOUND_METHOD,
    stepped: bool = False,
) -> float:
    """Understaffed agent-hours no roster can beat (see the module docstring); `stepped`: the
    stepped agent-hours instead, each agent missing in an interval at its price step."""
    return relaxation(scenario, required, block_minutes, method, stepped)[0]


def relaxation(
    scenario: Scenario,
    required: dict[str, list[int]],
    block_minutes: int = BOUND_BLOCK_MINUTES,
    method: str = BOUND_METHOD,
    stepped: bool = False,
) -> tuple[float, dict[str, npt.NDArray[np.float64]]]:
    """The relaxation's optimum, and per queue and time block the dual of its coverage row:
    what one more agent there would save (0 where nothing is required)."""
    horizon = scenario.horizon
    block = _block_slots(scenario, block_minutes)
    if stepped and block > 1:
        # A block's stepped shortfall can exceed its intervals' sum: no longer a lower bound.
        raise ValueError("the stepped bound counts shortfall per interval only")
    lp = BOUND_METHODS[method]()
    covered: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for queues, groups in _lp_groups(scenario).items():
        size = sum(map(len, groups.values()))
        heads = _queue_set_heads(lp, scenario, groups, size)
        for b, at_block in _by_block(heads, block).items():
            if len(queues) == 1:
                covered[queues[0], b].extend(at_block)
                continue
            # People with several skills serve one queue at a time: their slots split.
            shares = [lp.var(size * len(at_block)) for _ in queues]
            lp.row(-lp.infinity, 0, [(z, 1.0) for z in shares] + [(w, -1.0) for w in at_block])
            for q, share in zip(queues, shares, strict=True):
                covered[q, b].append(share)
    objective: list[tuple[Any, float]] = []
    coverage_rows: dict[tuple[str, int], int] = {}
    for q, curve in required.items():
        for b in range(0, len(curve), block):
            need = sum(curve[b : b + block])
            if need <= 0:
                continue
            pieces = shortfall_steps(need) if stepped else [(need, 1)]
            shorts = [
                (lp.var(size), multiplier * horizon.slot_hours) for size, multiplier in pieces
            ]
            coverage_rows[q, b // block] = lp.row(
                need,
                lp.infinity,
                [(short, 1.0) for short, _ in shorts] + [(c, 1.0) for c in covered[q, b // block]],
            )
            objective.extend(shorts)
    value = lp.minimize(objective)
    duals = lp.duals()
    prices = {q: np.zeros(-(-len(curve) // block)) for q, curve in required.items()}
    for (q, b), row in coverage_rows.items():
        prices[q][b] = duals[row]
    return value, prices


def week_bound(
    scenario: Scenario,
    required: dict[str, list[int]],
    prices: dict[str, npt.NDArray[np.float64]],
    stepped: bool = False,
) -> float:
    """A Lagrangian bound that keeps every person's exact rule book: coverage is relaxed at
    `prices` (agent-hours saved per agent per interval, any prices >= 0 give a valid bound), so
    that each person alone takes their most valuable legal week (greedy.WeekPricer) and each
    interval's shortfall is priced against its steps. With the relaxation's duals as prices it
    is at least the relaxation's optimum (its groups may do anything their members' pooled
    hours allow; here each member keeps rest, days off, per-person weekly hours, ...) up to
    the duals' accuracy."""
    hours = scenario.horizon.slot_hours
    top = OPEN_ENDED_MULTIPLIER * hours if stepped else hours  # no shortfall costs more
    price = {q: np.clip(prices[q], 0.0, top) for q in required}
    value = 0.0
    for q, curve in required.items():
        for slot, need in enumerate(curve):
            if need <= 0:
                continue
            pieces = shortfall_steps(need) if stepped else [(need, 1)]
            here = float(price[q][slot])
            value += here * need + sum(size * min(0.0, m * hours - here) for size, m in pieces)
    options = [o for t in scenario.shifts for o in template_options(t, scenario.horizon)]
    pricer = WeekPricer(scenario, options)
    for agent in scenario.agents:
        queues = [price[q] for q in agent.queue_ids if q in price]
        if queues:
            value -= pricer.best_value(agent, np.max(np.stack(queues), axis=0))
    return value


class _Lp:
    """A thin layer over pywraplp that adds rows coefficient by coefficient (building the
    expressions with Python operators costs more than solving) and, for a Lagrangian bound,
    keeps the matrix. Every variable has a finite box: real rosters
    respect each box, and a finite box is what lets any duals give a valid bound."""

    def __init__(self, solver_id: str, parameters: str) -> None:
        self.solver = pywraplp.Solver.CreateSolver(solver_id)
        self.lagrangian = solver_id == "PDLP"  # a first-order method's optimum is approximate
        self.parameters = parameters
        self.infinity = self.solver.infinity()
        self.row_of = array("l")
        self.column_of = array("l")
        self.coefficients = array("d")

    def var(self, upper: float) -> Any:
        return self.solver.NumVar(0, upper, "")

    def row(self, lower: float, upper: float, terms: list[tuple[Any, float]]) -> int:
        constraint = self.solver.Constraint(lower, upper)
        for var, coefficient in terms:
            constraint.SetCoefficient(var, coefficient)
        if self.lagrangian:
            index = constraint.index()
            self.row_of.extend(index for _ in terms)
            self.column_of.extend(var.index() for var, _ in terms)
            self.coefficients.extend(coefficient for _, coefficient in terms)
        return int(constraint.index())

    def minimize(self, terms: list[tuple[Any, float]]) -> float:
        objective = self.solver.Objective()
        for var, coefficient in terms:
            objective.SetCoefficient(var, coefficient)
        objective.SetMinimization()
        self.solver.SetSolverSpecificParametersAsString(self.parameters)
        status = self.solver.Solve()
        if self.lagrangian and status in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            return self._lagrangian_bound()
        if status != pywraplp.Solver.OPTIMAL:
            return float("nan")
        return float(objective.Value())

    def duals(self) -> npt.NDArray[np.float64]:
        return np.array([row.dual_value() for row in self.solver.constraints()])

    def _lagrangian_bound(self) -> float:
        """min over the boxes of c.x - y.(Ax - row bound) for the solver's row duals y: by weak
        duality no point of the LP, so no roster, goes below it, however rough y is. A dual of
        the wrong sign for its row (possible for an inexact y) is taken as 0."""
        rows, columns = self.solver.constraints(), self.solver.variables()
        lower = np.array([r.lb() for r in rows])
        upper = np.array([r.ub() for r in rows])
        duals = np.array([r.dual_value() for r in rows])
        duals = np.where(np.isinf(lower), np.minimum(duals, 0), duals)
        duals = np.where(np.isinf(upper), np.maximum(duals, 0), duals)
        row_part = np.where(duals > 0, duals * np.where(np.isinf(lower), 0, lower), 0) + np.where(
            duals < 0, duals * np.where(np.isinf(upper), 0, upper), 0
        )
        objective = self.solver.Objective()
        cost = np.array([objective.GetCoefficient(v) for v in columns])
        row_of = np.frombuffer(self.row_of, np.int64)
        column_of = np.frombuffer(self.column_of, np.int64)
        reduced = cost - np.bincount(
            column_of, np.frombuffer(self.coefficients) * duals[row_of], len(columns)
        )
        low = np.array([v.lb() for v in columns])
        high = np.array([v.ub() for v in columns])
        return float(row_part.sum() + np.minimum(reduced * low, reduced * high).sum())


class _HighsLp:
    """The same interface over HiGHS's own Python API: its interior point, with row duals
    (through pywraplp, HiGHS hands back row activities where the duals should be)."""

    infinity = highspy.kHighsInf

    def __init__(self) -> None:
        self.upper = array("d")
        self.row_lower = array("d")
        self.row_upper = array("d")
        self.row_starts = array("q", [0])
        self.columns = array("q")
        self.coefficients = array("d")
        self.row_duals: npt.NDArray[np.float64] = np.zeros(0)

    def var(self, upper: float) -> int:
        self.upper.append(upper)
        return len(self.upper) - 1

    def row(self, lower: float, upper: float, terms: list[tuple[Any, float]]) -> int:
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        self.columns.extend(column for column, _ in terms)
        self.coefficients.extend(coefficient for _, coefficient in terms)
        self.row_starts.append(len(self.columns))
        return len(self.row_lower) - 1

    def minimize(self, terms: list[tuple[Any, float]]) -> float:
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(self.upper), len(self.row_lower)
        cost = np.zeros(len(self.upper))
        for column, coefficient in terms:
            cost[column] += coefficient
        lp.col_cost_ = cost
        lp.col_lower_ = np.zeros(len(self.upper))
        lp.col_upper_ = np.frombuffer(self.upper)
        lp.row_lower_ = np.frombuffer(self.row_lower)
        lp.row_upper_ = np.frombuffer(self.row_upper)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.frombuffer(self.row_starts, np.int64)
        lp.a_matrix_.index_ = np.frombuffer(self.columns, np.int64)
        lp.a_matrix_.value_ = np.frombuffer(self.coefficients)
        highs = highspy.Highs()  # type: ignore[no-untyped-call]
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("solver", "ipm")
        highs.setOptionValue("run_crossover", "off")
        highs.passModel(lp)
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return float("nan")
        self.row_duals = np.array(highs.getSolution().row_dual)
        return float(highs.getInfo().objective_function_value)

    def duals(self) -> npt.NDArray[np.float64]:
        return self.row_duals


def _block_slots(scenario: Scenario, block_minutes: int) -> int:
    """Intervals per time block of the bound."""
    return max(1, block_minutes // scenario.horizon.interval_minutes)


def _by_block(heads: list[Any], block: int) -> dict[int, list[Any]]:
    """The head-count variables of each block of `block` slots."""
    return {b: heads[b * block : (b + 1) * block] for b in range(-(-len(heads) // block))}


def _lp_groups(scenario: Scenario) -> dict[tuple[str, ...], dict[str, list[Any]]]:
    """People interchangeable for the bound, per set of queues: per contract, its members."""
    groups: dict[tuple[str, ...], dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for agent in scenario.agents:
        groups[tuple(sorted(agent.queue_ids))][agent.contract_id].append(agent)
    return groups


def _queue_set_heads(
    lp: _Lp, scenario: Scenario, groups: dict[str, list[Any]], size: int
) -> list[Any]:
    """Per slot, a variable for the head count at work of everyone with one set of queues.

    Rather than summing every shift and pause that covers a slot (about 36 terms per shift),
    the head count follows a flow: heads[s] = heads[s - 1] + shifts starting at s - shifts
    ending at s - pauses starting at s + pauses ending at s, so each shift and pause touches
    two rows. Same head counts, same optimum, a tenth of the nonzeros."""
    horizon = scenario.horizon
    changes: list[list[tuple[Any, float]]] = [[] for _ in range(horizon.num_slots)]
    families: dict[tuple[str, int], list[tuple[Any, Any]]] = defaultdict(list)
    for contract_id, members in groups.items():
        contract = scenario.contract(contract_id)
        for option, taken in _group_shifts(lp, scenario, contract, members):
            _change(changes, option.start_slot, taken, 1.0)
            _change(changes, option.end_slot, taken, -1.0)
            for index in range(len(option.pauses)):
                families[option.shift_id, index].append((option, taken))
    for (_, index), family in families.items():
        _family_meals(lp, index, family, changes, size)
    heads: list[Any] = []
    for at_slot in changes:
        count = lp.var(size)
        previous = [(heads[-1], -1.0)] if heads else []
        lp.row(0, 0, [(count, 1.0), *previous, *((v, -c) for v, c in at_slot)])
        heads.append(count)
    return heads


def _change(changes: list[list[tuple[Any, float]]], slot: int, var: Any, sign: float) -> None:
    """Record a change of head count at `slot`; those after the horizon never count."""
    if slot < len(changes):
        changes[slot].append((var, sign))


def _family_meals(
    lp: _Lp,
    index: int,
    family: list[tuple[Any, Any]],
    changes: list[list[tuple[Any, float]]],
    size: int,
) -> None:
    """Where pause `index` (a meal or a break) of one template's shifts starts, each shift's
    pause inside its own window.

    Every shift of a template has the same window relative to its start, so windows open and
    close in the same order. Then fractional pauses can be matched to the shifts, each inside
    its window, exactly when, at every slot t, the pauses started up to t are at most the shifts
    whose window has opened by t and at least those whose window has closed by t (serve the
    shifts in the order their windows open: with windows in the same order of closing, a shift
    left unserved at its window's close is only possible if the second count fails). Two running
    balances with bounds >= 0 express both counts, with one variable per pause start slot
    instead of one per shift and offset."""
    opens: dict[int, list[Any]] = defaultdict(list)
    closes: dict[int, list[Any]] = defaultdict(list)
    starts: set[int] = set()
    for option, taken in family:
        offsets = option.pauses[index].offsets
        opens[option.start_slot + offsets[0]].append(taken)
        closes[option.start_slot + offsets[-1]].append(taken)
        starts.update(option.start_slot + offset for offset in offsets)
    length = family[0][0].pauses[index].slots
    waiting: list[tuple[Any, float]] = []  # shifts whose window opened, pause not yet started
    ahead: list[tuple[Any, float]] = []  # pauses started beyond the shifts whose window closed
    for slot in sorted(starts):
        pause, now_waiting, now_ahead = lp.var(size), lp.var(size), lp.var(size)
        lp.row(
            0, 0, [(now_waiting, 1.0), *waiting, (pause, 1.0), *((x, -1.0) for x in opens[slot])]
        )
        lp.row(0, 0, [(now_ahead, 1.0), *ahead, (pause, -1.0), *((x, 1.0) for x in closes[slot])])
        waiting, ahead = [(now_waiting, -1.0)], [(now_ahead, -1.0)]
        _change(changes, slot, pause, -1.0)
        _change(changes, slot + length, pause, 1.0)


def _group_shifts(
    lp: _Lp, scenario: Scenario, contract: Any, members: list[Any]
) -> list[tuple[Any, Any]]:
    """How many of the group take each candidate shift (fractional), under the group's daily
    headcount and weekly hours and days: (option, variable) pairs."""
    horizon = scenario.horizon
    allowed = set(contract.allowed_shifts) or {t.shift_id for t in scenario.shifts}
    options = [
        o for t in scenario.shifts if t.shift_id in allowed for o in template_options(t, horizon)
    ]
    on_leave = {
        (leave.agent_id, day)
        for leave in scenario.time_off
        for day in range(horizon.days)
        if leave.covers(horizon.day_date(day))
    }
    chosen = [(option, lp.var(len(members))) for option in options]
    per_day: dict[int, list[tuple[Any, Any]]] = defaultdict(list)
    for option, taken in chosen:
        per_day[option.day].append((option, taken))
    for day, shifts in per_day.items():
        present = sum(1 for a in members if (a.agent_id, day) not in on_leave)
        lp.row(-lp.infinity, present, [(x, 1.0) for _, x in shifts])
    for week in range(horizon.num_weeks):
        shifts = [s for day in horizon.days_in_week(week) for s in per_day[day]]
        hours = [(x, o.paid_minutes / 60) for o, x in shifts]
        lp.row(-lp.infinity, contract.max_hours_week * len(members), hours)
        lp.row(-lp.infinity, contract.max_days_week * len(members), [(x, 1.0) for _, x in shifts])
    return chosen


def calibrated_input(agents: int, days: int, seed: int, workdir: Path) -> Path:
    """The input workbook, volumes rescaled once so the requirement is LOAD_SHARE of supply
    (Erlang C and shrinkage add to the raw workload, so the first guess runs high)."""
    path = workdir / f"scale_{agents}.xlsx"
    write_input(generate(agents, days, seed), path)
    scenario = read_scenario(path)
    supply_h = sum(scenario.contract(a.contract_id).max_hours_week for a in scenario.agents)
    scale = LOAD_SHARE * supply_h * days / 7 / _required_hours(scenario)
    write_input(generate(agents, days, seed, scale), path)
    return path


def _required_hours(scenario: Scenario) -> float:
    requirements = compute_requirements(scenario)
    total = sum(sum(requirements.curve(q.queue_id)) for q in scenario.queues)
    return total * scenario.horizon.slot_hours


def _required(scenario: Scenario) -> dict[str, list[int]]:
    requirements = compute_requirements(scenario)
    return {q.queue_id: requirements.curve(q.queue_id) for q in scenario.queues}


def run_ours(path: Path, seed: int, time_limit: float, workers: int) -> dict[str, Any]:
    started = time.perf_counter()
    scenario = read_scenario(path)
    required = _required(scenario)
    marks: dict[str, float] = {"read": time.perf_counter() - started}
    solve_started = time.perf_counter()

    def mark(line: str) -> None:
        phase = line.split("  ")[-1].split(":")[0].strip()
        marks.setdefault(phase, time.perf_counter() - solve_started)

    params = SolveParams(time_limit_s=time_limit, seed=seed, workers=workers, progress=mark)
    solution = solve_roster(scenario, required, params)
    understaffed_h, stepped_h = _understaffed(scenario, required, solution.roster)
    return {
        "read_s": marks["read"],
        "first_roster_s": marks.get("first legal roster", float("nan")),
        "solve_s": solution.seconds,
        "understaffed_h": understaffed_h,
        "stepped_h": stepped_h,
        "required_h": sum(map(sum, required.values())) * scenario.horizon.slot_hours,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_bound(path: Path, block_minutes: int, method: str) -> dict[str, Any]:
    """Both measures' bounds: the relaxation's optimum, then the per-person Lagrangian bound at
    its duals (per interval only); the larger holds."""
    scenario = read_scenario(path)
    required = _required(scenario)
    found: dict[str, Any] = {}
    per_interval = _block_slots(scenario, block_minutes) == 1
    for name, stepped in (("", False), ("stepped_", True)):
        if stepped and not per_interval:  # the stepped bound needs intervals
            break
        started = time.perf_counter()
        value, prices = relaxation(scenario, required, block_minutes, method, stepped)
        found[f"{name}lp_h"] = value
        found[f"{name}weeks_h"] = (
            week_bound(scenario, required, prices, stepped) if per_interval else float("nan")
        )
        found[f"{name}bound_h"] = max(value, found[f"{name}weeks_h"])
        found[f"{name}bound_s"] = time.perf_counter() - started
    return found


def run_plain(path: Path, time_limit: float, workers: int) -> dict[str, Any]:
    scenario = read_scenario(path)
    return {
        "plain_h": _plain(scenario, _required(scenario), time_limit, workers),
        "plain_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _understaffed(
    scenario: Scenario, required: dict[str, list[int]], roster: Any
) -> tuple[float, float]:
    """A roster's understaffed agent-hours, plain and stepped (each agent missing in an
    interval at its price step, as the engine's objective counts it)."""
    from scheduler.checks import coverage_rows

    shortfalls = [row.shortfall for row in coverage_rows(scenario, required, roster)]
    hours = scenario.horizon.slot_hours
    return sum(shortfalls) * hours, sum(map(stepped_shortfall, shortfalls)) * hours


def _plain(scenario: Scenario, required: dict[str, list[int]], limit: float, workers: int) -> float:
    """The plain per-agent CP-SAT model, every shift free, no seed; nan when no roster found."""
    model = build_model(scenario, required, single_units(scenario))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = workers
    if solver.solve(model.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return float("nan")
    units = sum(solver.value(p.variable) for p in model.penalties if p.name == "understaffing")
    return units * scenario.horizon.slot_hours


def machine() -> str:
    cpu = "unknown CPU"
    for line in (
        Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []
    ):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} cores, {cpu}; Python {platform.python_version()}"


def _child(args: argparse.Namespace, path: Path, which: str) -> dict[str, Any] | None:
    """Run one engine on one input in a fresh process, so peak memory is that run's alone."""
    command = [
        sys.executable,
        __file__,
        "--one",
        which,
        "--input",
        str(path),
        "--time-limit",
        str(args.time_limit),
        "--workers",
        str(args.workers),
        "--seed",
        str(args.seed),
        "--bound-block-minutes",
        str(args.bound_block_minutes),
        "--bound-method",
        args.bound_method,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"{which} failed on {path.name}: {done.stderr.strip().splitlines()[-1:]}")
        return None
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _gap(ours: float, bound: float) -> float:
    return 100 * (ours - bound) / max(bound, 1e-9)


def _fmt(value: Any, digits: int = 1) -> str:
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--time-limit", type=float, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--plain-max-agents",
        type=int,
        default=1000,
        help="skip the plain model above this size (its memory grows fast)",
    )
    parser.add_argument(
        "--scenario",
        type=Path,
        nargs="+",
        default=[],
        help="input workbooks to measure instead of synthetic centers (e.g. the sample)",
    )
    parser.add_argument(
        "--bound-block-minutes",
        type=int,
        default=BOUND_BLOCK_MINUTES,
        help="time blocks of the lower bound's LP (larger: looser and smaller)",
    )
    parser.add_argument(
        "--bound-method",
        choices=sorted(BOUND_METHODS),
        default=BOUND_METHOD,
        help="which LP solver computes the lower bound (see the module docstring)",
    )
    parser.add_argument("--one", choices=("ours", "plain", "bound"), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one == "ours":
        print(json.dumps(run_ours(args.input, args.seed, args.time_limit, args.workers)))
        return 0
    if args.one == "plain":
        print(json.dumps(run_plain(args.input, args.time_limit, args.workers)))
        return 0
    if args.one == "bound":
        print(json.dumps(run_bound(args.input, args.bound_block_minutes, args.bound_method)))
        return 0
    print(f"machine: {machine()}; load {Path('/proc/loadavg').read_text().split()[:3]}")
    what = (
        ", ".join(str(p) for p in args.scenario)
        if args.scenario
        else f"synthetic: {args.days} days, 15-minute intervals, {QUEUES} queues"
    )
    print(f"{what}; time limit {args.time_limit:g} s, {args.workers} workers, seed {args.seed}")
    print(f"lower bound: {args.bound_method}, shortfall per {args.bound_block_minutes} minutes")
    print(
        f"{'agents':>7} {'read s':>7} {'first s':>8} {'solve s':>8} {'required h':>11} "
        f"{'ours h':>8} {'bound h':>8} {'bound s':>8} {'gap %':>6} {'peak MB':>8} "
        f"{'plain h':>8} {'plain MB':>8} {'ours st':>8} {'st bound':>8} {'st s':>6} "
        f"{'st gap%':>7}"
    )
    bounds: list[tuple[int, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory() as workdir:
        inputs = [(len(read_scenario(p).agents), p) for p in args.scenario] or [
            (agents, calibrated_input(agents, args.days, args.seed, Path(workdir)))
            for agents in args.agents
        ]
        for agents, path in inputs:
            ours = _child(args, path, "ours")
            if ours is None:
                continue
            plain: dict[str, Any] = {"plain_h": "skipped", "plain_mb": "-"}
            if agents <= args.plain_max_agents:
                plain = _child(args, path, "plain") or {"plain_h": "failed", "plain_mb": "-"}
            found = _child(args, path, "bound") or {}
            bound = found.get("bound_h", float("nan"))
            stepped = found.get("stepped_bound_h", float("nan"))
            bounds.append((agents, found))
            print(
                f"{agents:>7} {ours['read_s']:>7.1f} {ours['first_roster_s']:>8.1f} "
                f"{ours['solve_s']:>8.1f} {ours['required_h']:>11.1f} "
                f"{ours['understaffed_h']:>8.1f} {bound:>8.1f} {found.get('bound_s', 0):>8.1f} "
                f"{_gap(ours['understaffed_h'], bound):>6.1f} "
                f"{ours['peak_mb']:>8.0f} {_fmt(plain['plain_h']):>8} "
                f"{_fmt(plain['plain_mb'], 0):>8} {ours['stepped_h']:>8.1f} {stepped:>8.1f} "
                f"{found.get('stepped_bound_s', 0):>6.1f} {_gap(ours['stepped_h'], stepped):>7.1f}",
                flush=True,
            )
    print("gap % = (ours - bound) / bound; plain = the plain per-agent CP-SAT model at the same")
    print("limit and workers (nan: no roster found); MB = peak resident memory of that process;")
    print("st = stepped agent-hours short, the engine's own measure (each agent missing in an")
    print("interval at its price step: the 1st x1, the 2nd x2, the 3rd-4th x3, ...), with its")
    print("bound: the same relaxation minimizing that measure. Each bound is the larger of the")
    print("relaxation's optimum (LP) and the per-person Lagrangian bound at its duals (weeks):")
    for agents, found in bounds:
        print(
            f"{agents:>7} agents: plain LP {found.get('lp_h', float('nan')):.1f}, weeks "
            f"{found.get('weeks_h', float('nan')):.1f}; stepped LP "
            f"{found.get('stepped_lp_h', float('nan')):.1f}, weeks "
            f"{found.get('stepped_weeks_h', float('nan')):.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
