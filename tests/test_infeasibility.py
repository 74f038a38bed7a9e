"""When hard rules cannot all hold, the user is told who, when and which rules, in words."""

from __future__ import annotations

from datetime import date, time

import pytest

from scheduler.domain import Availability, TimeOff
from scheduler.errors import InfeasibleError
from scheduler.roster.feasibility import explain_infeasibility
from scheduler.roster.solve import SolveParams, solve_roster

import factories as f


def test_weekly_minimum_beyond_what_max_days_allow() -> None:
    # 40 h in at most 4 shifts of 8 h cannot be met.
    sc = f.scenario(days=7, contracts=(f.contract(min_hours=40, max_hours=40, max_days=4),))
    [message] = explain_infeasibility(sc)
    assert message.startswith("A1 (Agent A1, contract C): needs at least 40 paid hours")
    assert "at most 32 h" in message
    assert "max_days_per_week (max_days_week 4)" in message


def test_leave_and_availability_together_leave_too_few_days() -> None:
    # Available on Monday and Tuesday only, on leave on Tuesday: one 8 h shift, 16 h needed.
    leave = TimeOff(agent_id="A1", first_day=date(2026, 11, 10), last_day=date(2026, 11, 10))
    windows = tuple(
        Availability(agent_id="A1", day=day, available_from=time(0), available_to=time(0))
        for day in ("mon", "tue")
    )
    sc = f.scenario(
        days=7,
        contracts=(f.contract(min_hours=30, max_days=5),),
        time_off=(leave,),
        availability=windows,
    )
    [message] = explain_infeasibility(sc)
    assert "needs at least 24 paid hours" in message and "at most 8 h" in message
    assert "no_work_on_leave (time off on 2026-11-10)" in message
    assert "within_availability" in message


def test_availability_too_narrow_for_the_contract() -> None:
    window = Availability(agent_id="A1", day="mon", available_from=time(8), available_to=time(20))
    sc = f.scenario(days=7, contracts=(f.contract(min_hours=16),), availability=(window,))
    [message] = explain_infeasibility(sc)
    assert "at most 8 h" in message and "within_availability" in message


def test_contract_allowing_no_usable_template() -> None:
    sc = f.scenario(days=7, contracts=(f.contract(min_hours=8, rest=11, allowed=("NONE",)),))
    [message] = explain_infeasibility(sc)
    assert "allowed_shift_templates (allowed shifts none)" in message


def test_only_the_conflicting_agents_are_named() -> None:
    tight = f.contract("TIGHT", min_hours=48, max_hours=48, max_days=5)
    sc = f.scenario(
        days=7,
        contracts=(f.contract(), tight),
        agents=(
            f.agent("A1"),
            f.agent("B2", contract_id="TIGHT"),
            f.agent("B3", contract_id="TIGHT"),
        ),
    )
    messages = explain_infeasibility(sc)
    assert [m.split(" ")[0] for m in messages] == ["B2", "B3"]
    assert "max_days_per_week" in messages[0]


def test_solver_raises_with_the_explanation() -> None:
    sc = f.scenario(days=7, contracts=(f.contract(min_hours=48, max_hours=48, max_days=5),))
    with pytest.raises(InfeasibleError) as caught:
        solve_roster(sc, {"Q": [0] * sc.horizon.num_slots}, SolveParams(time_limit_s=5))
    assert "A1" in caught.value.conflicts[0]


def test_feasible_scenario_has_no_explanation() -> None:
    sc = f.scenario(days=7, contracts=(f.contract(min_hours=40, max_hours=40, max_days=5),))
    assert explain_infeasibility(sc) == []


# --- The contract rules as causes -----------------------------------------------------------


def test_night_work_banned_with_only_night_shifts() -> None:
    night = f.template("N", time(22), time(22), paid=8)
    sc = f.scenario(
        days=7, shifts=(night,), contracts=(f.contract(min_hours=16, night_work="banned"),)
    )
    [message] = explain_infeasibility(sc)
    assert "needs at least 16 paid hours" in message and "at most 0 h" in message
    assert "no_night_work (night_work banned, night window 22:00-06:00). Relax it" in message


def test_two_rules_that_each_forbid_the_only_template_are_named_together() -> None:
    # An intern (8 h a day, no overtime) offered only 10 h shifts: dropping either cap alone
    # still leaves the other, so both are named, to be relaxed together.
    ten = f.template("TEN", time(8), time(8), paid=10)
    contract = f.contract(min_hours=20, preset="prc-intern")
    [message] = explain_infeasibility(f.scenario(days=7, shifts=(ten,), contracts=(contract,)))
    assert (
        "max_paid_hours_per_day (max_paid_hours_day 8) together with max_overtime_per_month "
        "(max_overtime_month 0 over standard_hours_day 8 and standard_hours_week 40). Relax both"
    ) in message


def test_weekly_rest_leaves_too_few_working_days() -> None:
    # 100 h of continuous rest leave 68 h of the week: three 08:00-16:00 shifts at most.
    sc = f.scenario(days=7, contracts=(f.contract(min_hours=32, weekly_rest_hours=100),))
    [message] = explain_infeasibility(sc)
    assert "needs at least 32 paid hours" in message and "at most 24 h" in message
    assert "weekly_rest (weekly_rest_hours 100)" in message


def test_overtime_cap_below_what_the_minimum_needs() -> None:
    contract = f.contract(
        min_hours=40, max_hours=48, max_days=6, standard_hours_week=32, max_overtime_month=4
    )
    [message] = explain_infeasibility(f.scenario(days=7, contracts=(contract,)))
    assert "at most 32 h" in message  # 4 overtime hours do not make a fifth 8 h shift
    assert "max_overtime_per_month (max_overtime_month 4 over standard_hours_week 32)" in message


def test_a_monthly_cap_is_named_when_weeks_fit_alone_but_not_together() -> None:
    sc = f.scenario(days=14, contracts=(f.contract(min_hours=16, max_hours_month=24),))
    [message] = explain_infeasibility(sc)
    assert message.endswith(
        "the weekly minimums (min_hours_week 16) fit each week alone but not all weeks together "
        "because of: max_hours_per_month (max_hours_month 24). Relax it, or lower min_hours_week."
    )


def test_consecutive_days_across_the_week_boundary() -> None:
    # Six 8 h days a week with at most three in a row fit a week only as WWW.WWW, which ends
    # and starts with three working days: two such weeks in a row make a run of six.
    contract = f.contract(min_hours=48, max_hours=48, max_days=6, max_consecutive_days=3)
    [message] = explain_infeasibility(f.scenario(days=14, contracts=(contract,)))
    assert "fit each week alone but not all weeks together" in message
    assert "because of: max_consecutive_working_days (max_consecutive_days 3). Relax it" in message
