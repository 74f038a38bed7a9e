"""Expected service with the scheduled staff, crisis quotients with alert levels, and what-ifs."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from scheduler.domain import Channel, ForecastPoint, Horizon, Queue, Scenario
from scheduler.staffing import (
    Alert,
    AlertLevels,
    Delta,
    achieved_service,
    available_agents,
    compute_requirements,
    crisis_quotient,
    crisis_quotients,
    parse_deltas,
    scale_forecast,
    what_if,
)
from scheduler.staffing.erlang import erlang_a, service_level

SLOTS = 48


def _queue(queue_id: str, **fields: Any) -> Queue:
    values: dict[str, Any] = {
        "queue_id": queue_id,
        "name": queue_id,
        "channel": Channel.VOICE,
        "service_level": 0.8,
        "answer_time_s": 20,
        "max_occupancy": 0.9,
        "shrinkage": 0.3,
    }
    return Queue.model_validate(values | fields)


def _at(slot: int) -> datetime:
    return datetime(2026, 11, 11) + timedelta(minutes=30 * slot)


QUEUES = (
    _queue("VOICE"),
    _queue("ABANDON", method="erlang_a", patience_s=180),
    _queue("CHAT", channel=Channel.CHAT, concurrency=2, answer_time_s=60),
    _queue("MAIL", channel=Channel.EMAIL, method="deferred", deadline_hours=2, shrinkage=0.0),
    _queue("BOT", method="productivity", items_per_agent_hour=120, shrinkage=0.0),
    _queue("HEAD", shrinkage=0.0),
)


def _forecast() -> tuple[ForecastPoint, ...]:
    points = []
    for slot in range(16, 24):
        volume = 60 + 10 * slot
        for queue_id in ("VOICE", "ABANDON", "CHAT", "MAIL"):
            points.append(
                ForecastPoint(queue_id=queue_id, interval_start=_at(slot), volume=volume, aht_s=240)
            )
        points.append(ForecastPoint(queue_id="BOT", interval_start=_at(slot), volume=volume))
        points.append(ForecastPoint(queue_id="HEAD", interval_start=_at(slot), required_agents=4))
    return tuple(points)


SCENARIO = Scenario(
    name="service",
    horizon=Horizon(start_date=date(2026, 11, 11), days=1, interval_minutes=30),
    queues=QUEUES,
    forecast=_forecast(),
    contracts=(),
    shifts=(),
    agents=(),
)
REQUIREMENTS = compute_requirements(SCENARIO)
AS_REQUIRED = {q.queue_id: REQUIREMENTS.curve(q.queue_id) for q in QUEUES}


# --- Achieved service ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheduled", "shrinkage", "available"),
    [(20, 0.3, 14), (0, 0.3, 0), (7, 0.0, 7), (10, 0.25, 7)],
)
def test_available_agents_after_shrinkage(scheduled: int, shrinkage: float, available: int) -> None:
    assert available_agents(scheduled, shrinkage) == available


def test_staffing_as_required_meets_every_target() -> None:
    achieved = achieved_service(SCENARIO, REQUIREMENTS, AS_REQUIRED)
    for row in REQUIREMENTS.rows:
        got = achieved[row.queue_id][row.slot]
        assert got.scheduled == row.required_agents
        assert got.available >= row.net_agents
        if row.method in ("erlang_c", "chat", "erlang_a"):
            assert got.service_level is not None and got.service_level >= 0.8
        if row.method == "deferred" and row.workload:
            assert got.service_level == pytest.approx(1.0)
        if row.method == "headcount":
            assert got.service_level is None


def test_fewer_agents_give_less_service() -> None:
    short = {q: [max(0, n - 3) for n in curve] for q, curve in AS_REQUIRED.items()}
    achieved = achieved_service(SCENARIO, REQUIREMENTS, short)
    full = achieved_service(SCENARIO, REQUIREMENTS, AS_REQUIRED)
    for queue_id in ("VOICE", "ABANDON", "CHAT"):
        for slot in range(16, 24):
            lower, higher = achieved[queue_id][slot], full[queue_id][slot]
            assert lower.service_level is not None and higher.service_level is not None
            assert lower.service_level < higher.service_level


def test_achieved_figures_come_from_the_queue_model() -> None:
    scheduled = {"VOICE": [20] * SLOTS, "ABANDON": [20] * SLOTS, "CHAT": [10] * SLOTS}
    achieved = achieved_service(SCENARIO, REQUIREMENTS, scheduled)
    load = 220 * 240 / 1800  # slot 16
    voice, abandon, chat = (achieved[q][16] for q in ("VOICE", "ABANDON", "CHAT"))
    assert voice.available == 14
    assert voice.service_level == pytest.approx(service_level(14, load, 240, 20))
    metrics = erlang_a(14, 220 / 1800, 240, 180, 20)
    assert abandon.abandon_probability == pytest.approx(metrics.abandon_probability)
    assert chat.service_level == pytest.approx(service_level(2 * 7, load, 240, 60))
    assert voice.abandon_probability is None
    quiet = achieved["VOICE"][3]
    assert (quiet.workload, quiet.service_level, quiet.occupancy) == (None, None, None)


def test_deferred_work_without_staff_is_late() -> None:
    achieved = achieved_service(SCENARIO, REQUIREMENTS, {"MAIL": [0] * SLOTS})
    assert [achieved["MAIL"][slot].service_level for slot in (16, 23)] == [0.0, 0.0]


def test_achieved_service_checks_its_input() -> None:
    with pytest.raises(ValueError, match="one count per slot"):
        achieved_service(SCENARIO, REQUIREMENTS, {"VOICE": [1, 2]})
    with pytest.raises(KeyError, match="SMS"):
        achieved_service(SCENARIO, REQUIREMENTS, {"SMS": [0] * SLOTS})


# --- Crisis quotient -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quotient", "alert"),
    [
        (0.0, Alert.NORMAL),
        (0.99, Alert.NORMAL),
        (1.0, Alert.WATCH),
        (1.19, Alert.WATCH),
        (1.2, Alert.RESERVES),
        (1.5, Alert.EMERGENCY),
        (math.inf, Alert.EMERGENCY),
    ],
)
def test_default_alert_levels(quotient: float, alert: Alert) -> None:
    assert AlertLevels().classify(quotient) is alert


def test_alert_levels_are_configurable_and_checked() -> None:
    assert AlertLevels(watch=0.9, reserves=1.0, emergency=1.1).classify(0.95) is Alert.WATCH
    with pytest.raises(ValueError, match="watch <= reserves <= emergency"):
        AlertLevels(watch=1.3, reserves=1.2)


def test_crisis_quotient_edges() -> None:
    assert crisis_quotient(0.0, 0.0) == 0.0
    assert crisis_quotient(3.0, 0.0) == math.inf
    assert crisis_quotient(3.0, 2.0) == 1.5


def test_crisis_quotient_is_workload_over_capacity_with_and_without_reserves() -> None:
    scheduled = {"VOICE": [10] * SLOTS, "BOT": [2] * SLOTS, "HEAD": [2] * SLOTS}
    reserves = {"VOICE": [10] * SLOTS}
    quotients = crisis_quotients(SCENARIO, REQUIREMENTS, scheduled, reserves)
    voice = quotients["VOICE"][16]
    workload = 220 * 240 / 1800  # 29.33 agent-erlangs
    assert voice.capacity == pytest.approx(7 * 0.9)  # 10 scheduled, 30% shrinkage, 90% cap
    assert voice.quotient == pytest.approx(workload / (7 * 0.9))
    assert voice.alert is Alert.EMERGENCY
    assert voice.capacity_with_reserves == pytest.approx(14 * 0.9)
    assert voice.alert_with_reserves is Alert.EMERGENCY  # 2.33: still short
    bot = quotients["BOT"][16]
    assert bot.quotient == pytest.approx((220 / 60) / 2)  # items over what 2 agents handle
    head = quotients["HEAD"][16]
    assert (head.workload, head.capacity, head.alert) == (4.0, 2.0, Alert.EMERGENCY)
    assert quotients["VOICE"][0].alert is Alert.NORMAL  # no work at night


def test_staffing_as_required_keeps_the_quotient_at_most_one() -> None:
    # Not for Erlang A: its requirement counts on callers hanging up, so it may staff below the
    # offered workload, and CQ above 1 then says the plan relies on abandonment.
    quotients = crisis_quotients(SCENARIO, REQUIREMENTS, AS_REQUIRED)
    for queue_id in ("VOICE", "CHAT", "MAIL", "BOT", "HEAD"):
        assert all(q.quotient <= 1.0 + 1e-9 for q in quotients[queue_id]), queue_id


# --- What-if -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "deltas"),
    [
        ("0.2,0.5", (Delta(0.2), Delta(0.5))),
        ("20%, 50%", (Delta(0.2), Delta(0.5))),
        ("0.2:0.1", (Delta(0.2, 0.1),)),
        ("-0.1", (Delta(-0.1),)),
    ],
)
def test_parse_deltas(text: str, deltas: tuple[Delta, ...]) -> None:
    assert parse_deltas(text) == deltas


@pytest.mark.parametrize("text", ["lots", "0.2,,0.5", "-1", "0.2:x"])
def test_parse_deltas_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_deltas(text)


def test_delta_labels() -> None:
    assert Delta(0.2).label == "+20% volume"
    assert Delta(0.5, 0.1).label == "+50% volume, +10% AHT"


def test_zero_delta_changes_nothing() -> None:
    (same,) = what_if(SCENARIO, [Delta()])
    for queue in QUEUES:
        assert same.requirements.curve(queue.queue_id) == REQUIREMENTS.curve(queue.queue_id)


def test_more_volume_and_handle_time_never_need_fewer_agents() -> None:
    plus20, plus50 = what_if(SCENARIO, parse_deltas("0.2,0.5:0.1"))
    for queue in QUEUES:
        base = REQUIREMENTS.curve(queue.queue_id)
        more = plus20.requirements.curve(queue.queue_id)
        most = plus50.requirements.curve(queue.queue_id)
        if queue.queue_id != "MAIL":  # smoothing may move deferred work between slots
            assert all(b <= m <= t for b, m, t in zip(base, more, most, strict=True))
        assert sum(base) < sum(most)


def test_scale_forecast_scales_volume_handle_time_and_headcount() -> None:
    scaled = scale_forecast(SCENARIO, Delta(0.5, 0.1))
    before = {(p.queue_id, p.interval_start): p for p in SCENARIO.forecast}
    for point in scaled.forecast:
        original = before[(point.queue_id, point.interval_start)]
        if original.required_agents is not None:
            assert point.required_agents == pytest.approx(original.required_agents * 1.65)
        else:
            assert point.volume == pytest.approx((original.volume or 0) * 1.5)
            if original.aht_s is not None:
                assert point.aht_s == pytest.approx(original.aht_s * 1.1)
