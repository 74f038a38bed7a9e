"""Each staffing method on hand-checkable figures: productivity, chat, Erlang A, deferred work,
bot deflection and the ASA target, as compute_requirements applies them per queue."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from scheduler.domain import Channel, ForecastPoint, Horizon, Queue, Scenario, StaffingMethod
from scheduler.staffing import (
    LateWork,
    RequirementRow,
    Requirements,
    StaffingError,
    compute_requirements,
)
from scheduler.staffing.erlang import (
    agents_for_service_level,
    agents_for_targets,
    average_speed_of_answer,
    erlang_a,
    erlang_a_agents,
    service_level,
)

DAY = date(2026, 11, 11)
SLOT_S = 1800  # 30-minute intervals


def _at(slot: int) -> datetime:
    return datetime(2026, 11, 11) + timedelta(minutes=30 * slot)


def _queue(**fields: Any) -> Queue:
    values: dict[str, Any] = {
        "queue_id": "Q",
        "name": "Queue",
        "channel": Channel.VOICE,
        "service_level": 0.8,
        "answer_time_s": 20,
        "max_occupancy": 1.0,
        "shrinkage": 0.0,
    }
    return Queue.model_validate(values | fields)


def _scenario(queue: Queue, *points: ForecastPoint) -> Scenario:
    return Scenario(
        name="methods",
        horizon=Horizon(start_date=DAY, days=1, interval_minutes=30),
        queues=(queue,),
        forecast=points,
        contracts=(),
        shifts=(),
        agents=(),
    )


def _point(slot: int, volume: float, aht: float | None = 180) -> ForecastPoint:
    return ForecastPoint(queue_id="Q", interval_start=_at(slot), volume=volume, aht_s=aht)


def _rows(queue: Queue, *points: ForecastPoint) -> dict[int, RequirementRow]:
    return {row.slot: row for row in compute_requirements(_scenario(queue, *points)).rows}


# --- Defaults keep the existing behaviour --------------------------------------------------------


def test_blank_method_is_chat_for_chat_and_erlang_c_otherwise() -> None:
    assert _queue(channel=Channel.CHAT).staffing_method is StaffingMethod.CHAT
    for channel in (Channel.VOICE, Channel.EMAIL, Channel.OTHER):
        assert _queue(channel=channel).staffing_method is StaffingMethod.ERLANG_C


def test_chat_without_concurrency_is_erlang_c_on_the_handle_time() -> None:
    chat = _rows(_queue(channel=Channel.CHAT), _point(0, 100))[0]
    voice = _rows(_queue(), _point(0, 100))[0]
    assert (chat.method, voice.method) == ("chat", "erlang_c")
    assert chat.net_agents == voice.net_agents == 14  # 10 erlangs at 80/20
    assert chat.service_level == voice.service_level


# --- Productivity --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("volume", "agents"), [(180, 1), (181, 2), (720, 4), (721, 5), (0, 0), (0.5, 1)]
)
def test_productivity_is_the_ceiling_of_volume_over_capacity(volume: float, agents: int) -> None:
    # 360 questions per agent-hour is 180 per 30-minute interval.
    queue = _queue(method="productivity", items_per_agent_hour=360)
    row = _rows(queue, _point(0, volume, aht=None))[0]
    assert row.method == "productivity"
    assert row.net_agents == agents
    assert row.workload == pytest.approx(volume / 180)
    assert row.aht_s is None and row.service_level is None


def test_productivity_ignores_the_occupancy_cap_and_applies_shrinkage() -> None:
    queue = _queue(
        method="productivity", items_per_agent_hour=360, max_occupancy=0.5, shrinkage=0.2
    )
    row = _rows(queue, _point(0, 720, aht=None))[0]
    assert (row.net_agents, row.required_agents) == (4, 5)
    assert row.occupancy == 1.0


# --- Chat with concurrency -----------------------------------------------------------------------


@pytest.mark.parametrize("concurrency", [1, 2, 3, 4])
def test_chat_staffs_concurrency_times_agents_session_slots(concurrency: int) -> None:
    queue = _queue(channel=Channel.CHAT, concurrency=concurrency, answer_time_s=60)
    row = _rows(queue, _point(0, 400, aht=360))[0]  # 80 session erlangs
    slots = agents_for_service_level(80.0, 360, 0.8, 60)
    assert row.net_agents == math.ceil(slots / concurrency)
    assert row.workload == pytest.approx(80 / concurrency)
    assert row.service_level == pytest.approx(
        service_level(concurrency * row.net_agents, 80.0, 360, 60)
    )
    # One agent fewer leaves too few session slots.
    assert service_level(concurrency * (row.net_agents - 1), 80.0, 360, 60) < 0.8


def test_three_sessions_per_agent_need_about_a_third_of_the_agents() -> None:
    solo = _rows(_queue(channel=Channel.CHAT), _point(0, 400, aht=360))[0]
    triple = _rows(_queue(channel=Channel.CHAT, concurrency=3), _point(0, 400, aht=360))[0]
    assert triple.net_agents == math.ceil(solo.net_agents / 3)


# --- Erlang A ------------------------------------------------------------------------------------


def test_erlang_a_row_is_the_smallest_meeting_its_targets() -> None:
    queue = _queue(method="erlang_a", patience_s=120, abandon_target=0.03)
    row = _rows(queue, _point(0, 600))[0]  # 60 erlangs
    rate = 600 / SLOT_S
    assert row.method == "erlang_a"
    assert row.net_agents == erlang_a_agents(
        rate, 180, 120, target=0.8, answer_time_s=20, abandon_target=0.03
    )
    metrics = erlang_a(row.net_agents, rate, 180, 120, 20)
    assert metrics.service_level >= 0.8 and metrics.abandon_probability <= 0.03
    assert (row.service_level, row.abandon_probability) == (
        metrics.service_level,
        metrics.abandon_probability,
    )
    fewer = erlang_a(row.net_agents - 1, rate, 180, 120, 20)
    assert fewer.service_level < 0.8 or fewer.abandon_probability > 0.03


def test_a_tight_abandonment_target_costs_agents() -> None:
    loose = _rows(_queue(method="erlang_a", patience_s=120), _point(0, 600))[0]
    tight = _rows(_queue(method="erlang_a", patience_s=120, abandon_target=0.001), _point(0, 600))
    assert tight[0].net_agents > loose.net_agents
    assert tight[0].abandon_probability is not None and tight[0].abandon_probability <= 0.001


# --- ASA target and bots -------------------------------------------------------------------------


def test_an_asa_target_adds_agents_until_it_holds() -> None:
    plain = _rows(_queue(), _point(0, 100))[0]
    strict = _rows(_queue(asa_target_s=2), _point(0, 100))[0]
    assert strict.net_agents == agents_for_targets(
        10.0, 180, target=0.8, answer_time_s=20, asa_target_s=2
    )
    assert strict.net_agents > plain.net_agents
    assert strict.asa_s is not None and strict.asa_s <= 2
    assert average_speed_of_answer(strict.net_agents - 1, 10.0, 180) > 2


def test_bots_take_their_share_before_agents() -> None:
    row = _rows(_queue(bot_deflection=0.4), _point(0, 100))[0]
    assert (row.volume, row.agent_volume) == (100, pytest.approx(60))
    assert row.net_agents == agents_for_service_level(6.0, 180, 0.8, 20)
    everything = _rows(_queue(bot_deflection=1), _point(0, 100))[0]
    assert everything.net_agents == 0


# --- Deferred work -------------------------------------------------------------------------------


def _deferred(deadline_hours: float, *points: ForecastPoint) -> list[RequirementRow]:
    queue = _queue(channel=Channel.EMAIL, method="deferred", deadline_hours=deadline_hours)
    return list(compute_requirements(_scenario(queue, *points)).rows)


def test_deferred_work_is_spread_over_its_deadline() -> None:
    # 480 emails of 300 s at 08:00 are 80 agent-slots of work; a 4-hour deadline gives 8 slots.
    rows = _deferred(4, _point(16, 480, aht=300))
    assert [row.slot for row in rows] == list(range(16, 24))
    assert [row.planned_workload for row in rows] == [pytest.approx(10.0)] * 8
    assert [row.net_agents for row in rows] == [10] * 8
    assert rows[0].workload == pytest.approx(80.0) and rows[1].workload == 0
    assert rows[0].service_level == 1.0


def test_deferred_work_is_never_planned_late_and_smoothing_lowers_the_peak() -> None:
    volumes = [0, 0, 300, 20, 0, 0, 500, 10, 0, 0, 0, 40]
    points = [_point(slot, volume, aht=360) for slot, volume in enumerate(volumes)]
    smoothed = _deferred(3, *points)  # 3 hours: work of slot t is due by the end of t + 5
    unsmoothed = _deferred(0.5, *points)  # one slot: work is done where it arrives
    assert max(r.net_agents for r in smoothed) < max(r.net_agents for r in unsmoothed)
    work = [v * 360 / SLOT_S for v in volumes] + [0.0] * 36
    capacity = [0.0] * 48
    for row in smoothed:
        capacity[row.slot] = row.net_agents * 1.0  # occupancy cap 1
    done = 0.0
    for slot in range(48):
        done += capacity[slot]
        due = sum(work[: max(0, slot - 4)])  # work from slots <= slot - 5 is due by now
        assert done >= due - 1e-9, f"late at slot {slot}"
    assert sum(r.planned_workload or 0 for r in smoothed) == pytest.approx(sum(work))


def test_deferred_work_near_the_horizon_end_is_done_inside_it() -> None:
    rows = _deferred(24, _point(46, 90, aht=600))  # 30 agent-slots in the last hour
    assert [row.slot for row in rows] == [46, 47]
    assert sum(row.planned_workload or 0 for row in rows) == pytest.approx(30.0)


def test_a_headcount_on_a_deferred_queue_adds_to_the_plan() -> None:
    head = ForecastPoint(queue_id="Q", interval_start=_at(17), required_agents=2)
    rows = {row.slot: row for row in _deferred(1, _point(16, 60, aht=1800), head)}
    assert rows[16].net_agents == 30 and rows[17].net_agents == 32  # 60 slots of work, 2 slots


def _closed_until_eight(deadline_hours: float, *points: ForecastPoint) -> Requirements:
    """A deferred queue open 08:00-20:00 on the one day of the horizon."""
    queue = _queue(
        channel=Channel.EMAIL,
        method="deferred",
        deadline_hours=deadline_hours,
        opens=time(8),
        closes=time(20),
    )
    return compute_requirements(_scenario(queue, *points))


def test_work_arriving_while_closed_is_done_once_the_queue_opens_within_its_deadline() -> None:
    # 120 emails of 600 s at 06:00 are 40 agent-slots; due by 09:59, so 08:00-09:30 carry them.
    needed = _closed_until_eight(4, _point(12, 120, aht=600))
    rows = {row.slot: row for row in needed.rows}
    assert sum(row.planned_workload or 0 for row in rows.values()) == pytest.approx(40.0)
    assert [rows[slot].net_agents for slot in range(16, 20)] == [10] * 4
    assert all(row.net_agents == 0 for row in rows.values() if row.slot < 16)
    assert rows[12].service_level == pytest.approx(1.0)  # all of it finished in time
    assert needed.late_work == () and needed.warnings == ()


def test_work_whose_deadline_passes_while_closed_is_carried_to_the_opening_and_reported() -> None:
    # 60 emails at 02:00 with a 1-hour deadline: the queue opens only at 08:00.
    needed = _closed_until_eight(1, _point(4, 60, aht=600), _point(18, 30, aht=600))
    rows = {row.slot: row for row in needed.rows}
    assert rows[16].planned_workload == pytest.approx(20.0)  # all of it, at the opening
    assert rows[16].net_agents == 20
    assert rows[4].net_agents == 0 and rows[4].service_level == 0.0  # none of it in time
    assert needed.late_work == (
        LateWork(queue_id="Q", arrived=_at(4), volume=60.0, deadline_hours=1, planned_at=_at(16)),
    )
    (warning,) = needed.warnings
    assert "queue Q" in warning and "60.0 items" in warning and "2026-11-11 02:00" in warning
    assert "2026-11-11 08:00" in warning
    total = sum(row.planned_workload or 0 for row in needed.rows)
    assert total == pytest.approx(20.0 + 10.0)  # nothing dropped; 09:00's work is on time


def test_work_after_the_last_opening_of_the_horizon_is_reported_as_not_planned() -> None:
    needed = _closed_until_eight(1, _point(44, 30, aht=600))  # 22:00, closed to the end
    assert all(row.net_agents == 0 for row in needed.rows)
    (late,) = needed.late_work
    assert late.arrived == _at(44) and late.planned_at is None and late.volume == 30.0
    assert "not planned" in needed.warnings[0]


# --- Bad forecasts through the Python API --------------------------------------------------------


def test_volume_without_handle_time_needs_a_productivity_queue() -> None:
    with pytest.raises(StaffingError, match="needs aht_s"):
        compute_requirements(_scenario(_queue(), _point(0, 10, aht=None)))
