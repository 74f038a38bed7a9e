"""The requirement table built from a tiny scenario: one Erlang C queue, one headcount queue."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import pytest

from scheduler.domain import Channel, ForecastPoint, Horizon, Queue, Scenario
from scheduler.staffing.erlang import agents_for_service_level
from scheduler.staffing.requirements import (
    RequirementRow,
    Requirements,
    apply_shrinkage,
    compute_requirements,
)

DAY = date(2024, 11, 11)


def _at(hour: int, minute: int = 0, day: int = 11) -> datetime:
    return datetime(2024, 11, day, hour, minute)


VOICE = Queue(
    queue_id="voice",
    name="Order hotline",
    channel=Channel.VOICE,
    service_level=0.8,
    answer_time_s=20,
    max_occupancy=1.0,
    shrinkage=0.3,
)
CHAT = Queue(
    queue_id="chat",
    name="Pre-sale chat",
    channel=Channel.CHAT,
    service_level=0.8,
    answer_time_s=60,
    max_occupancy=0.9,
    shrinkage=0.3,
)
IDLE = Queue(
    queue_id="email",
    name="After-sales email",
    channel=Channel.EMAIL,
    service_level=0.9,
    answer_time_s=3600,
    max_occupancy=1.0,
    shrinkage=0.0,
)


def _scenario(
    forecast: tuple[ForecastPoint, ...], interval_minutes: Literal[15, 30] = 30, days: int = 1
) -> Scenario:
    return Scenario(
        name="tiny",
        horizon=Horizon(start_date=DAY, days=days, interval_minutes=interval_minutes),
        queues=(VOICE, CHAT, IDLE),
        forecast=forecast,
        contracts=(),
        shifts=(),
        agents=(),
    )


FORECAST = (
    # Listed out of order on purpose: rows come back sorted by queue, then slot.
    ForecastPoint(queue_id="chat", interval_start=_at(10), required_agents=21),
    ForecastPoint(queue_id="voice", interval_start=_at(0), volume=100, aht_s=180),
    ForecastPoint(queue_id="voice", interval_start=_at(1), volume=0, aht_s=180),
    ForecastPoint(queue_id="chat", interval_start=_at(9, 30), required_agents=14),
    ForecastPoint(queue_id="chat", interval_start=_at(23, 30), required_agents=3 * 0.1 * 10),
    ForecastPoint(queue_id="chat", interval_start=_at(12), required_agents=2.2),
    ForecastPoint(queue_id="chat", interval_start=_at(13), required_agents=0),
)


@pytest.fixture(scope="module")
def requirements() -> Requirements:
    return compute_requirements(_scenario(FORECAST))


def _row(requirements: Requirements, queue_id: str, slot: int) -> RequirementRow:
    (row,) = [r for r in requirements.rows if r.queue_id == queue_id and r.slot == slot]
    return row


def test_curves_cover_the_horizon_with_zeros_elsewhere(requirements: Requirements) -> None:
    voice = requirements.curve("voice")
    chat = requirements.curve("chat")
    assert len(voice) == len(chat) == 48
    assert voice == [20] + [0] * 47
    expected_chat = [0] * 48
    expected_chat[19] = 20  # 09:30, 14 net
    expected_chat[20] = 30  # 10:00, 21 net
    expected_chat[24] = 5  # 12:00, 2.2 -> 3 net
    expected_chat[47] = 5  # 23:30, 3.0000000000000004 -> 3 net
    assert chat == expected_chat


def test_queue_without_forecast_has_a_zero_curve(requirements: Requirements) -> None:
    assert requirements.curve("email") == [0] * 48


def test_unknown_queue_curve_is_an_error(requirements: Requirements) -> None:
    with pytest.raises(KeyError, match="nosuch"):
        requirements.curve("nosuch")


def test_rows_are_ordered_by_queue_then_slot(requirements: Requirements) -> None:
    keys = [(row.queue_id, row.slot) for row in requirements.rows]
    assert keys == [
        ("voice", 0),
        ("voice", 2),
        ("chat", 19),
        ("chat", 20),
        ("chat", 24),
        ("chat", 26),
        ("chat", 47),
    ]


def test_erlang_c_row(requirements: Requirements) -> None:
    # 100 calls of 180 s in 30 minutes is 10 erlangs; 80/20 needs 14 agents (pyworkforce).
    row = _row(requirements, "voice", 0)
    assert row.method == "erlang_c"
    assert row.interval_start == _at(0)
    assert (row.volume, row.aht_s) == (100, 180)
    assert row.net_agents == 14
    assert row.required_agents == 20  # ceil(14 / 0.7), not 21 from float noise
    assert row.service_level == pytest.approx(0.88835, abs=1e-5)
    assert row.occupancy == pytest.approx(10 / 14)


def test_erlang_c_row_reports_workload_and_asa(requirements: Requirements) -> None:
    row = _row(requirements, "voice", 0)
    assert (row.agent_volume, row.workload, row.planned_workload) == (100, 10.0, 10.0)
    assert row.asa_s == pytest.approx(7.836, abs=1e-3)  # CRAN ErlangC README
    assert row.abandon_probability is None


def test_table_columns_match_the_rows(requirements: Requirements) -> None:
    table = requirements.table
    assert len(table) == len(requirements.rows)
    assert table.required_agents.tolist() == [row.required_agents for row in requirements.rows]
    assert requirements.net_curve("voice")[0] == 14


def test_zero_volume_needs_nobody(requirements: Requirements) -> None:
    row = _row(requirements, "voice", 2)
    assert (row.net_agents, row.required_agents) == (0, 0)
    assert row.service_level is None
    assert row.occupancy is None


def test_headcount_rows(requirements: Requirements) -> None:
    row = _row(requirements, "chat", 19)
    assert row.method == "headcount"
    assert (row.volume, row.aht_s, row.service_level, row.occupancy) == (None, None, None, None)
    assert (row.net_agents, row.required_agents) == (14, 20)

    def agents(slot: int) -> tuple[int, int]:
        row = _row(requirements, "chat", slot)
        return row.net_agents, row.required_agents

    assert agents(20) == (21, 30)  # 21 / 0.7 is 30.000000000000004 in floating point
    assert agents(24) == (3, 5)  # 2.2 agents round up
    assert agents(47) == (3, 5)  # 3.0000000000000004 agents do not
    assert agents(26) == (0, 0)


def test_interval_length_sets_the_load() -> None:
    # The same 100 calls in 15 minutes are 20 erlangs, and the occupancy cap applies.
    point = ForecastPoint(queue_id="chat", interval_start=_at(0, 15), volume=100, aht_s=180)
    requirements = compute_requirements(_scenario((point,), interval_minutes=15))
    (row,) = requirements.rows
    assert row.slot == 1
    assert row.net_agents == agents_for_service_level(20.0, 180, 0.8, 60, 0.9)
    assert 20.0 / row.net_agents <= 0.9
    assert len(requirements.curve("chat")) == 96


def test_second_day_slots_continue_the_axis() -> None:
    point = ForecastPoint(queue_id="chat", interval_start=_at(0, 30, day=12), required_agents=7)
    requirements = compute_requirements(_scenario((point,), days=2))
    assert requirements.curve("chat")[49] == 10
    assert len(requirements.curve("chat")) == 96


@pytest.mark.parametrize(
    ("point", "message"),
    [
        (ForecastPoint(queue_id="voice", interval_start=_at(0, 10), required_agents=1), "slot"),
        (
            ForecastPoint(queue_id="voice", interval_start=_at(0, day=12), required_agents=1),
            "inside the horizon",
        ),
        (ForecastPoint(queue_id="phone", interval_start=_at(0), required_agents=1), "unknown"),
    ],
    ids=["off-grid", "outside-horizon", "unknown-queue"],
)
def test_bad_forecast_points_are_rejected(point: ForecastPoint, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compute_requirements(_scenario((point,)))


def test_duplicate_forecast_points_are_rejected() -> None:
    point = ForecastPoint(queue_id="voice", interval_start=_at(3), required_agents=1)
    with pytest.raises(ValueError, match="twice"):
        compute_requirements(_scenario((point, point)))


@pytest.mark.parametrize(
    ("net", "shrinkage", "required"),
    [
        (14, 0.3, 20),
        (21, 0.3, 30),
        (42, 0.3, 60),
        (0, 0.3, 0),
        (10, 0.0, 10),
        (15, 0.25, 20),
        (1, 0.35, 2),
    ],
)
def test_apply_shrinkage(net: int, shrinkage: float, required: int) -> None:
    assert apply_shrinkage(net, shrinkage) == required


def test_apply_shrinkage_rejects_total_shrinkage() -> None:
    with pytest.raises(ValueError, match="shrinkage"):
        apply_shrinkage(3, 1.0)
