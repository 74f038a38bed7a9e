"""The oracle's offer checks find what they are meant to find (a checker that cannot fail proves
nothing): hand-made rows that break each term of an order."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from scheduler.domain import VendorOffer
from tests import factories as f

import oracle

DAY0 = datetime.combine(f.START, time())


def order(temps: tuple[str, ...], cost: float, **terms: object) -> oracle.Order:
    offer = VendorOffer.model_validate(
        {
            "vendor": "V",
            "bundle": ("Q",),
            "contract_id": "C",
            "max_headcount": 3,
            "cost_per_hour": 10,
            **terms,
        }
    )
    return oracle.Order(offer, temps, cost)


def shift(agent_id: str, day: int, start: int, end: int) -> oracle.Row:
    first = DAY0.replace(day=DAY0.day + day)
    return oracle.Row(
        agent_id,
        first.date(),
        "shift",
        first.replace(hour=start),
        first.replace(hour=end),
        "Q",
    )


def test_a_plan_keeping_every_term_passes() -> None:
    sc = f.scenario(days=3)
    rows = [shift("V-T001", 1, 18, 22), shift("V-T002", 2, 18, 22)]
    terms = {"ramp_up_days": 1, "daily_cap": 1, "max_hours_day": 4}
    placed = order(("V-T001", "V-T002"), 80, window_from=time(17), window_to=time(23), **terms)
    assert oracle.order_breaches(sc, [placed], rows) == []


@pytest.mark.parametrize(
    ("terms", "rows", "cost", "found"),
    [
        ({"ramp_up_days": 2}, [shift("V-T001", 1, 8, 16)], 80, "during the ramp-up"),
        ({"daily_cap": 1}, [shift("V-T001", 0, 8, 16), shift("V-T002", 0, 8, 16)], 160, "2 at"),
        ({"max_hours_day": 4}, [shift("V-T001", 0, 8, 16)], 80, "over the daily cap"),
        (
            {"window_from": time(17), "window_to": time(23)},
            [shift("V-T001", 0, 16, 20)],
            40,
            "outside window",
        ),
        ({}, [shift("V-T001", 0, 8, 16)], 50, "the sheet says 50.00"),
        ({"min_headcount": 2}, [shift("V-T001", 0, 8, 16)], 80, "outside 2-3"),
    ],
    ids=["RampUp", "DailyCap", "HoursPerDay", "Window", "Cost", "Minimum"],
)
def test_each_broken_term_is_found(
    terms: dict[str, object], rows: list[oracle.Row], cost: float, found: str
) -> None:
    temps = tuple(sorted({row.agent_id for row in rows}))
    breaches = oracle.order_breaches(f.scenario(days=3), [order(temps, cost, **terms)], rows)
    assert any(found in text for text in breaches), breaches


def test_spending_over_the_budget_is_found() -> None:
    sc = f.scenario(days=1).model_copy(update={"hiring_budget": 70})
    breaches = oracle.order_breaches(sc, [order(("V-T001",), 80)], [shift("V-T001", 0, 8, 16)])
    assert breaches == ["the plan spends 80.00, over the budget 70"]
