"""Peak labor: the hiring plan from vendor offers and the standby reserve (issue 5)."""

from __future__ import annotations

from collections import Counter
from datetime import time
from pathlib import Path

import pytest

from scheduler.checks import check_roster
from scheduler.domain import (
    Forecast,
    ForecastPoint,
    HirePool,
    ReservePolicy,
    Scenario,
    Source,
    VendorOffer,
)
from scheduler.peak.hiring import HiringPlan, plan_hiring
from scheduler.peak.reserve import activate, plan_reserve, reserve_margin
from scheduler.pipeline import solve
from scheduler.result import Activity, ActivityKind, SolveResult
from scheduler.roster.solve import SolveParams
from scheduler.staffing import Alert, Delta
from tests import factories as f

FAST = SolveParams(time_limit_s=5, workers=2)


def with_headcount(sc: Scenario, levels: dict[str, int], start: int = 8, end: int = 16) -> Scenario:
    """`levels[q]` agents needed on queue q from `start` to `end` o'clock every day."""
    horizon = sc.horizon
    points = [
        ForecastPoint(
            queue_id=queue_id,
            interval_start=horizon.slot_start(slot),
            required_agents=level
            if start * per_hour <= slot % horizon.slots_per_day < end * per_hour
            else 0,
        )
        for queue_id, level in levels.items()
        for per_hour in [60 // horizon.interval_minutes]
        for slot in range(horizon.num_slots)
    ]
    return sc.model_copy(update={"forecast": Forecast.from_points(points)})


def offer(
    vendor: str,
    bundle: tuple[str, ...],
    rate: float,
    most: int,
    least: int = 0,
    **terms: object,
) -> VendorOffer:
    return VendorOffer.model_validate(
        {
            "vendor": vendor,
            "bundle": bundle,
            "contract_id": "C",
            "max_headcount": most,
            "min_headcount": least,
            "cost_per_hour": rate,
            **terms,
        }
    )


def peak(levels: dict[str, int], offers: tuple[VendorOffer, ...], employees: int = 1) -> Scenario:
    queues = tuple(f.queue(q) for q in levels)
    agents = tuple(f.agent(f"E{i}", tuple(levels), cost=20) for i in range(1, employees + 1))
    sc = with_headcount(f.scenario(queues=queues, agents=agents), levels)
    return sc.model_copy(update={"vendor_offers": offers})


def test_the_cheaper_bundle_wins_when_both_cover_the_same_gap() -> None:
    sc = peak({"Q": 3}, (offer("Dear", ("Q",), 40, 3), offer("Cheap", ("Q",), 25, 3)))
    plan = plan_hiring(sc, FAST)
    dear, cheap = plan.lines
    assert (dear.headcount, cheap.headcount) == (0, 2)
    assert cheap.hired == ("CHEAP-T001", "CHEAP-T002")
    assert cheap.cost == pytest.approx(2 * 8 * 25)
    assert cheap.understaffing_removed == pytest.approx(16)
    assert plan.understaffed_hours == 0
    assert plan.understaffed_without_temps == pytest.approx(16)
    # The hired temps are agents of the returned scenario, unhired slots are not.
    assert {a.agent_id for a in plan.scenario.agents} == {"E1", "CHEAP-T001", "CHEAP-T002"}
    assert not [v for v in check_roster(plan.scenario, plan.result.roster) if v.hard]


def test_the_cheaper_offer_works_the_longer_week_when_both_are_needed() -> None:
    offers = (offer("Dear", ("Q",), 40, 1), offer("Cheap", ("Q",), 25, 1))
    sc = f.scenario(days=3, agents=()).model_copy(update={"vendor_offers": offers})
    day_one = with_headcount(f.scenario(days=1, agents=()), {"Q": 2}).forecast
    rest = [p for p in with_headcount(sc, {"Q": 1}).forecast if p.interval_start.day != 9]
    sc = sc.model_copy(update={"forecast": Forecast.from_points((*day_one, *rest))})
    plan = plan_hiring(sc, FAST)
    dear, cheap = plan.lines
    assert (dear.headcount, cheap.headcount) == (1, 1)
    assert (dear.hours, cheap.hours) == (8, 24)
    assert plan.understaffed_hours == 0


def test_nothing_is_ordered_when_employees_cover_the_forecast() -> None:
    plan = plan_hiring(peak({"Q": 2}, (offer("A", ("Q",), 10, 3),), employees=2), FAST)
    assert plan.headcount == 0 and plan.cost == 0
    assert all(not a.agent_id.startswith("A-T") for a in plan.scenario.agents)


def test_the_vendor_maximum_caps_the_order_and_the_marginal_temp_still_pays() -> None:
    plan = plan_hiring(peak({"Q": 5}, (offer("A", ("Q",), 10, 2),)), FAST)
    (line,) = plan.lines
    assert line.headcount == 2
    assert plan.understaffed_hours == pytest.approx(2 * 8)
    # One more temp of the offer would fill one of the two missing agents for the 8 hours.
    assert line.marginal_hours == pytest.approx(8)
    assert line.marginal_cost == pytest.approx(80)


def test_a_vendor_minimum_is_ordered_in_full_when_it_pays() -> None:
    # One temp is needed, the vendor sells at least three; three still beat the shortfall.
    plan = plan_hiring(peak({"Q": 2}, (offer("A", ("Q",), 10, 5, least=3),)), FAST)
    (line,) = plan.lines
    assert line.headcount == 3
    assert not [v for v in check_roster(plan.scenario, plan.result.roster) if v.hard]


def test_without_time_to_re_solve_an_order_is_topped_up_to_the_minimum_when_that_pays() -> None:
    # No time is left for re-solves: the one temp the roster uses is worth far more than the
    # fixed costs of two idle ones, so the order is topped up instead of dropped.
    sc = peak({"Q": 2}, (offer("A", ("Q",), 10, 5, least=3, fixed_cost_per_hire=50),))
    (line,) = plan_hiring(sc, FAST, total_s=0.01).lines
    assert (line.headcount, line.hours) == (3, 8)
    assert line.cost == pytest.approx(8 * 10 + 3 * 50)


def test_a_vendor_minimum_is_declined_when_the_order_costs_more_than_it_saves() -> None:
    sc = peak({"Q": 2}, (offer("A", ("Q",), 200, 5, least=4),))
    sc = sc.model_copy(
        update={"weights": sc.weights.model_copy(update={"understaffing_per_agent_hour": 500})}
    )
    # One temp (8 h x 200 = 1,600) pays for 8 agent-hours (4,000 points); four do not.
    plan = plan_hiring(sc, FAST)
    assert plan.lines[0].headcount == 0


def temp_shifts(plan: HiringPlan) -> list[Activity]:
    temps = {agent_id for line in plan.lines for agent_id in line.hired}
    return [s for s in plan.result.roster.worked_shifts() if s.agent_id in temps]


def test_the_fixed_cost_per_hire_is_weighed_by_the_optimizer() -> None:
    # An hour of "Cheap" costs less, but its fixed cost makes one 8-hour temp dearer in all:
    # 8 x 25 + 500 = 700 against 8 x 30 = 240.
    offers = (offer("Cheap", ("Q",), 25, 2, fixed_cost_per_hire=500), offer("Dear", ("Q",), 30, 2))
    plan = plan_hiring(peak({"Q": 2}, offers), FAST)
    cheap, dear = plan.lines
    assert (cheap.headcount, dear.headcount) == (0, 1)
    assert plan.understaffed_hours == 0


def test_the_hiring_budget_caps_what_the_plan_spends() -> None:
    sc = peak({"Q": 4}, (offer("A", ("Q",), 10, 3, fixed_cost_per_hire=20),))
    free = plan_hiring(sc, FAST)
    assert free.cost == pytest.approx(3 * (8 * 10 + 20))  # three temps fill the gap
    budgeted = plan_hiring(sc.model_copy(update={"hiring_budget": 250}), FAST)
    assert budgeted.cost <= 250 < free.cost
    assert budgeted.headcount == 2
    assert budgeted.understaffed_hours == pytest.approx(8)


def test_nobody_works_before_the_ramp_up_ends() -> None:
    # A fixed cost per hire makes one temp working both days cheaper than two working one day
    # each; without it the two orders tie and either may come back.
    sc = peak({"Q": 2}, (offer("A", ("Q",), 10, 3, ramp_up_days=2, fixed_cost_per_hire=5),))
    sc = with_headcount(f.scenario(days=4, agents=sc.agents), {"Q": 2}).model_copy(
        update={"vendor_offers": sc.vendor_offers}
    )
    plan = plan_hiring(sc, FAST)
    first_day = sc.horizon.day_date(2)
    assert plan.headcount == 1
    assert sorted(s.day for s in temp_shifts(plan)) == [first_day, sc.horizon.day_date(3)]
    # The ramp-up is in the rules the roster is checked against.
    assert not [v for v in check_roster(plan.scenario, plan.result.roster) if v.hard]


def test_the_daily_cap_limits_the_offer_s_people_per_day() -> None:
    sc = peak({"Q": 4}, (offer("A", ("Q",), 10, 5, daily_cap=2),), employees=0)
    sc = with_headcount(f.scenario(days=2, agents=()), {"Q": 4}).model_copy(
        update={"vendor_offers": sc.vendor_offers}
    )
    plan = plan_hiring(sc, FAST)
    per_day = Counter(s.day for s in temp_shifts(plan))
    assert per_day == {sc.horizon.day_date(0): 2, sc.horizon.day_date(1): 2}
    assert plan.understaffed_hours == pytest.approx(2 * 2 * 8)


def test_reinforcement_works_inside_its_window_and_daily_hours() -> None:
    # Without the 4-hour cap LATE would cover the whole gap; without the window DAY would do.
    shifts = (
        f.template("DAY"),
        f.template("LATE", time(15), time(15)),
        f.template("EVE", time(19), time(19), paid=4),
    )
    contracts = (f.contract(), f.contract("LENT", min_shift_hours=4))
    lent = offer(
        "Billing dept",
        ("Q",),
        15,
        2,
        contract_id="LENT",
        source="reinforcement",
        max_hours_day=4,
        window_from=time(15),
        window_to=time(23),
    )
    sc = f.scenario(shifts=shifts, contracts=contracts, agents=())
    sc = with_headcount(sc, {"Q": 1}, start=15, end=23)
    sc = sc.model_copy(update={"vendor_offers": (lent,)})
    plan = plan_hiring(sc, FAST)
    (line,) = plan.lines
    assert line.hired == ("BILLING-DEPT-T001",)
    assert plan.scenario.agent("BILLING-DEPT-T001").source is Source.REINFORCEMENT
    (shift,) = temp_shifts(plan)
    assert (shift.start.hour, shift.end.hour) == (19, 23)
    assert plan.understaffed_hours == pytest.approx(4)
    assert not [v for v in check_roster(plan.scenario, plan.result.roster) if v.hard]


def reserve_scenario() -> tuple[Scenario, SolveResult]:
    sc = f.scenario(
        days=7,
        agents=tuple(f.agent(f"E{i}", cost=10 + i) for i in range(6)),
        contracts=(f.contract(max_hours=40, max_days=5),),
    )
    sc = with_headcount(sc, {"Q": 2})
    return sc, solve(sc, FAST)


def test_reserves_scale_with_the_margin() -> None:
    sc, result = reserve_scenario()
    sizes = []
    for margin in (0.0, 0.5, 1.0):
        plan = plan_reserve(sc, result, ReservePolicy(margin=margin))
        sizes.append((sum(map(sum, plan.needed.values())), len(plan.blocks)))
    assert sizes[0] == (0, 0)
    assert sizes[0] < sizes[1] < sizes[2]


def test_hires_under_a_daily_cap_never_stand_by() -> None:
    sc, result = reserve_scenario()
    everyone = plan_reserve(sc, result, ReservePolicy(margin=2.0))
    cheapest = everyone.blocks[0].agent_id
    pool = HirePool(agent_ids=(cheapest,), cost_per_hour=10, daily_cap=1)
    capped = sc.model_copy(update={"hire_pools": (pool,)})
    plan = plan_reserve(capped, result, ReservePolicy(margin=2.0))
    assert plan.blocks and cheapest not in {b.agent_id for b in plan.blocks}


def test_a_forecast_error_quantile_sets_the_margin() -> None:
    policy = ReservePolicy(forecast_error=0.15, quantile=0.9)
    assert reserve_margin(policy) == pytest.approx(0.1922, abs=1e-4)


def test_activating_every_standby_person_keeps_the_roster_legal() -> None:
    sc, result = reserve_scenario()
    plan = plan_reserve(sc, result, ReservePolicy(margin=2.0))
    assert plan.blocks
    standby = [a for a in plan.roster.activities if a.kind is ActivityKind.STANDBY]
    assert len(standby) == len(plan.blocks)
    # Standby is never coverage: the roster's worked shifts are the solver's.
    assert plan.roster.worked_shifts() == result.roster.worked_shifts()
    worked = activate(plan)
    assert not [v for v in check_roster(sc, worked) if v.hard]
    # Every block was for someone off that day, and each person is on call at most once a day.
    rostered = {(s.agent_id, s.day) for s in result.roster.worked_shifts()}
    keys = [(b.agent_id, b.date) for b in plan.blocks]
    assert not rostered & set(keys) and len(keys) == len(set(keys))


def test_activation_calls_everyone_at_emergency_in_order() -> None:
    sc, result = reserve_scenario()
    plan = plan_reserve(sc, result, ReservePolicy(margin=1.0))
    emergency = [s for s in plan.activation if s.alert is Alert.EMERGENCY]
    assert [s.order for s in emergency] == list(range(1, len(plan.blocks) + 1))
    assert all(s.call_by < s.block.start for s in emergency)
    assert all(s.quotient_after <= s.quotient_before for s in emergency)


def test_the_peak_sheets_follow_the_summary(tmp_path: Path) -> None:
    from dataclasses import replace

    from openpyxl import load_workbook

    from scheduler.peak.hiring import plan_hiring_what_ifs
    from scheduler.writers.peak_sheets import write_peak_workbook

    sc = peak({"Q": 3}, (offer("Dear", ("Q",), 40, 3), offer("Cheap", ("Q",), 25, 3)))
    plan = plan_hiring(sc, FAST)
    what_ifs = plan_hiring_what_ifs(sc, (Delta(0.5),), FAST)
    assert what_ifs[0].plan.headcount > plan.headcount
    reserve = plan_reserve(plan.scenario, plan.result, ReservePolicy(margin=1.0))
    result = replace(plan.result, roster=reserve.roster)
    path = tmp_path / "peak.xlsx"
    write_peak_workbook(
        path, result, plan.scenario, hiring=plan, what_ifs=what_ifs, reserve=reserve
    )
    book = load_workbook(path)
    assert book.sheetnames[:4] == ["Summary", "Hiring plan", "Reserve", "Activation plan"]
    hiring = book["Hiring plan"]
    assert [hiring.cell(5, c).value for c in (1, 2, 3)] == ["Dear", "Q", 0]
    assert [hiring.cell(6, c).value for c in (1, 2, 3)] == ["Cheap", "Q", 2]
    assert book["Reserve"].cell(5, 3).value == next(n for n in reserve.needed["Q"] if n)
    # One day, everyone works it: the need is listed, nobody is off to stand by.
    assert book["Reserve"].cell(5, 4).value == 0
    assert book["Activation plan"].max_row == 4
