"""The greedy search's array valuation of candidate shifts, against a direct count per shift,
and its kicks among people who share a queue."""

from __future__ import annotations

import random
from datetime import time

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import ShiftTemplate
from scheduler.roster.greedy import _OptionTable, _related
from scheduler.roster.options import ShiftOption, template_options

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
