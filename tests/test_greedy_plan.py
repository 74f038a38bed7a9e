"""The greedy search's array valuation of candidate shifts, against a direct count per shift,
its running price and week objective, and its kicks among people who share a queue."""

from __future__ import annotations

import random
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from datetime import time
from time import perf_counter
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from scheduler.checks import check_roster
from scheduler.domain import ShiftTemplate
from scheduler.roster import greedy
from scheduler.roster.greedy import (
    _AgentModel,
    _Demand,
    _OptionTable,
    _partners,
    _Placement,
    _related,
    search_roster,
)
from scheduler.roster.model import stepped_shortfall
from scheduler.roster.options import ShiftOption, template_options
from scheduler.roster.rules import RulePenalty
from scheduler.roster.solve import roster_from_search

import factories as f

MEAL_SHIFT = f.template("LONG", time(6), time(14), step=30, paid=8, meal=60, meal_window=(3, 5))
BREAK_SHIFT = ShiftTemplate.model_validate(
    {
        **f.template("SHORT", time(8), time(20), step=15, paid=4).model_dump(),
        "break_minutes": 15,
        "break_every_hours": 2,
    }
)


def options_of_two_days() -> list[ShiftOption]:
    sc = f.scenario(days=2, interval=15, shifts=(MEAL_SHIFT, BREAK_SHIFT))
    return [o for t in sc.shifts for o in template_options(t, sc.horizon)]


def direct_plan(
    option: ShiftOption, gains: list[int], values: list[int]
) -> tuple[int, tuple[int, ...]]:
    """Each pause where it forgoes the least gain (earliest on a tie), then the shift's value."""
    offsets = tuple(
        min(pause.offsets, key=lambda o: sum(gains[s] for s in pause.at(option.start_slot, o)))
        for pause in option.pauses
    )
    paused = option.off_queue(offsets)
    worked = [s for s in range(option.start_slot, option.end_slot) if s not in paused]
    return sum(values[s] for s in worked), offsets


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_array_plan_matches_a_direct_count_per_shift(data: st.DataObject) -> None:
    options = options_of_two_days()
    length = max(o.end_slot for o in options)
    gains = data.draw(st.lists(st.integers(0, 6), min_size=length, max_size=length))
    values = data.draw(st.lists(st.integers(-5, 40), min_size=length, max_size=length))
    table = _OptionTable.of(options)
    planned, offsets = table.plan(np.array(gains), np.array(values))
    for index, option in enumerate(options):
        value, expected_offsets = direct_plan(option, gains, values)
        assert planned[index] == value
        assert tuple(offsets[index, : len(option.pauses)].tolist()) == expected_offsets


def test_wages_round_per_shift() -> None:
    options = options_of_two_days()
    wages = _OptionTable.of(options).wages(0.5)
    assert wages.tolist() == [round(0.5 * o.paid_minutes) for o in options]


def test_kicked_people_share_a_queue() -> None:
    rng = random.Random(3)
    people = [f.agent(f"A{i}", skills=(f"Q{i % 4}", f"Q{(i + 1) % 4}")) for i in range(12)]
    for _ in range(50):
        kicked = _related(rng, people, rng.randint(2, 6))
        shared = set.intersection(*(set(a.queue_ids) for a in kicked))
        assert len(kicked) >= 2 and shared


def test_week_objective_charges_a_penalty_on_a_shift_itself() -> None:
    model = cp_model.CpModel()
    early, late = model.new_bool_var("early"), model.new_bool_var("late")
    model.add(early + late <= 1)
    week = _AgentModel(model, [(0, early), (1, late)], [RulePenalty("premium", 0, early, 5)])
    week.set_objective([3, 2])  # early is worth 3 but costs 5 in premium: late wins
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    assert (solver.value(early), solver.value(late)) == (0, 1)
    assert solver.objective_value == 2


def test_running_price_matches_the_roster_placed() -> None:
    """The price the search keeps up to date move by move, against one recomputed from the
    roster it holds: stepped shortfall and surplus per queue and interval, plus wages."""
    sc = f.scenario(
        days=3,
        queues=(f.queue("Q1"), f.queue("Q2")),
        agents=tuple(
            f.agent(f"A{i}", skills=(("Q1",), ("Q2",), ("Q1", "Q2"))[i % 3], cost=10 + i)
            for i in range(7)
        ),
    )
    required = {
        "Q1": f.flat_requirement(sc, "Q1", 30, 8, 16),  # past the last step
        "Q2": f.flat_requirement(sc, "Q2", 2, 10, 20),
    }
    options = [o for t in sc.shifts for o in template_options(t, sc.horizon)]
    residual = {q: np.array(curve) for q, curve in required.items()}
    placement = _Placement(sc, options, residual, _Demand.of(sc))
    for agent in sc.agents:
        placement.place(agent)
    placed = Counter(pair for pairs in placement.search(False).queues.values() for pair in pairs)
    hours, weights = sc.horizon.slot_hours, sc.weights
    under = round(weights.understaffing_per_agent_hour * hours)
    over = round(weights.overstaffing_per_agent_hour * hours)
    coverage = sum(
        under * stepped_shortfall(need - placed[q, slot])
        if need >= placed[q, slot]
        else over * (placed[q, slot] - need)
        for q, curve in required.items()
        for slot, need in enumerate(curve)
    )
    wages = sum(
        round(
            weights.cost_per_currency_unit
            * sc.agent(agent_id).cost_per_hour
            / 60
            * options[index].paid_minutes
        )
        for agent_id, week in placement.weeks.items()
        for index in week
    )
    assert sum(placed.values()) > 0
    assert placement.price() == coverage + wages


def _three_queue_center() -> tuple[f.Scenario, dict[str, list[int]], list[ShiftOption]]:
    skills = (("Q1",), ("Q2", "Q3"), ("Q1",), ("Q3",), ("Q2",), ("Q1", "Q2"))
    sc = f.scenario(
        days=3,
        interval=15,
        queues=(f.queue("Q1"), f.queue("Q2"), f.queue("Q3")),
        shifts=(MEAL_SHIFT, BREAK_SHIFT),
        agents=tuple(f.agent(f"A{i}", skills=s, cost=10 + i) for i, s in enumerate(skills)),
    )
    required = {
        "Q1": f.flat_requirement(sc, "Q1", 3, 6, 16),
        "Q2": f.flat_requirement(sc, "Q2", 2, 9, 19),
        "Q3": f.flat_requirement(sc, "Q3", 1, 8, 12),
    }
    options = [o for t in sc.shifts for o in template_options(t, sc.horizon)]
    return sc, required, options


def test_placing_people_apart_matches_placing_them_one_after_the_other() -> None:
    sc, required, options = _three_queue_center()
    first, *group = (sc.agent(agent_id) for agent_id in ("A0", "A1", "A2"))
    placements = [
        _Placement(sc, options, {q: np.array(c) for q, c in required.items()}, _Demand.of(sc))
        for _ in range(2)
    ]
    for agent in (first, *group):
        placements[0].place(agent)
    placements[1].place(first)
    assert placements[1].can_place_apart(*group)  # Q2 and Q3 against Q1
    with ThreadPoolExecutor(max_workers=1) as helper:
        placements[1].place_apart(group, helper)
    one_by_one, together = (p.search(interrupted=False) for p in placements)
    assert together.weeks == one_by_one.weeks and together.weeks["A2"]
    assert together.pauses == one_by_one.pauses
    assert {a: sorted(q) for a, q in together.queues.items()} == {
        a: sorted(q) for a, q in one_by_one.queues.items()
    }
    assert placements[1].price() == placements[0].price()


def test_only_people_without_a_common_queue_are_placed_apart() -> None:
    sc, required, options = _three_queue_center()
    residual = {q: np.array(c) for q, c in required.items()}
    placement = _Placement(sc, options, residual, _Demand.of(sc))
    waiting = deque(sc.agent(a) for a in ("A2", "A3", "A1", "A5", "A4"))
    found = _partners(placement, [sc.agent("A0")], waiting, 2)
    # A2 and A5 share Q1 with A0, A1 shares Q3 with A3: A3 and A4 go beside A0.
    assert [a.agent_id for a in found] == ["A3", "A4"]
    assert [a.agent_id for a in waiting] == ["A2", "A1", "A5"]


def test_search_on_two_threads_is_legal_and_reproducible() -> None:
    sc, required, options = _three_queue_center()
    searches = [search_roster(sc, required, options, seconds=1, workers=2) for _ in range(2)]
    roster = roster_from_search(sc, options, searches[0])
    assert check_roster(sc, roster) == []
    assert searches[0].weeks == searches[1].weeks and any(searches[0].weeks.values())


def test_annealing_ends_on_the_best_roster_it_saw(monkeypatch: pytest.MonkeyPatch) -> None:
    sc, required, options = _three_queue_center()
    residual = {q: np.array(c) for q, c in required.items()}
    placement = _Placement(sc, options, residual, _Demand.of(sc))
    for agent in sc.agents:
        placement.place(agent)
    prices = [placement.price()]
    noises = []
    replace_round = greedy._replace_round

    def recorded(*args: Any) -> bool:
        noises.append(placement.noise)
        moved = replace_round(*args)
        if len(noises) == greedy.ANNEAL_ROUNDS:  # the last round leaves someone out
            placement.remove(sc.agents[0])
        prices.append(placement.price())
        return moved

    monkeypatch.setattr(greedy, "_replace_round", recorded)
    greedy._anneal(placement, list(sc.agents), perf_counter() + 30, None)
    assert len(noises) == greedy.ANNEAL_ROUNDS  # a small center: every round in time
    assert noises[0] > noises[-1] > 0 and placement.noise == 0
    assert len(set(prices)) > 1  # the noise moved people
    assert placement.price() == min(prices) < prices[-1]
    assert set(placement.weeks) == {agent.agent_id for agent in sc.agents}
    assert placement.checkpoint is None
