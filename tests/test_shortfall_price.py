"""The stepped shortfall price: the model's pieces, filled cheapest first, cost what the search
and the benchmarks count for the same number of agents missing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scheduler.roster.model import shortfall_steps, stepped_shortfall


@given(required=st.integers(1, 60), data=st.data())
def test_filled_pieces_cost_the_stepped_shortfall(required: int, data: st.DataObject) -> None:
    pieces = shortfall_steps(required)
    assert sum(size for size, _ in pieces) == required
    short = data.draw(st.integers(0, required))
    left, price = short, 0
    for size, multiplier in pieces:  # the solver fills the cheapest pieces first
        used = min(size, left)
        price += used * multiplier
        left -= used
    assert price == stepped_shortfall(short)


def test_each_further_agent_missing_costs_at_least_as_much() -> None:
    prices = [stepped_shortfall(n + 1) - stepped_shortfall(n) for n in range(40)]
    assert prices == sorted(prices)
    assert prices[0] == 1 < prices[-1]
