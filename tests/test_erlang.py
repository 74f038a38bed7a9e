"""Erlang B, C and A: published figures, properties, and an independent check of Erlang A."""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scheduler.staffing.erlang import (
    ErlangAMetrics,
    agents_for_service_level,
    average_speed_of_answer,
    erlang_a,
    erlang_b,
    erlang_c,
    occupancy,
    service_level,
)
from scheduler.staffing.requirements import apply_shrinkage

CASES_FILE = Path(__file__).parent / "data" / "erlang_cases.csv"

AGENTS_FOR_SL = re.compile(
    r"agents_for_sl_(?P<target>[0-9.]+)"
    r"(?:_shrinkage_(?P<shrinkage>[0-9.]+))?"
    r"(?:_max_occupancy_(?P<max_occupancy>[0-9.]+))?"
)
BLOCKING = re.compile(r"blocking_at_load_(?P<load>[0-9.]+)")
ERLANG_A_FIELDS = {
    "wait_probability",
    "abandon_probability",
    "service_level",
    "asa_s",
    "occupancy",
}


def _load_cases() -> list[dict[str, str]]:
    with CASES_FILE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


CASES = _load_cases()


def _number(row: dict[str, str], column: str) -> float:
    text = row[column].strip()
    if not text:
        raise AssertionError(f"case {row['case']} needs a value in column {column}")
    return float(text)


def _agents(row: dict[str, str]) -> int:
    value = _number(row, "agents")
    assert value.is_integer(), f"case {row['case']}: agents must be whole"
    return int(value)


def _erlang_c_quantity(row: dict[str, str]) -> float:
    quantity = row["quantity"]
    aht = _number(row, "aht_s")
    load = _number(row, "calls") * aht / _number(row, "interval_s")
    answer = _number(row, "target_answer_s")
    if match := AGENTS_FOR_SL.fullmatch(quantity):
        max_occupancy = float(match["max_occupancy"] or 1.0)
        net = agents_for_service_level(load, aht, float(match["target"]), answer, max_occupancy)
        return float(apply_shrinkage(net, float(match["shrinkage"] or 0.0)))
    agents = _agents(row)
    if quantity == "service_level":
        return service_level(agents, load, aht, answer)
    if quantity == "wait_probability":
        return erlang_c(agents, load)
    if quantity == "asa_s":
        return average_speed_of_answer(agents, load, aht)
    if quantity == "occupancy":
        return occupancy(agents, load)
    raise AssertionError(f"case {row['case']}: unknown Erlang C quantity {quantity!r}")


def _erlang_a_quantity(row: dict[str, str]) -> float:
    quantity = row["quantity"]
    if quantity not in ERLANG_A_FIELDS:
        raise AssertionError(f"case {row['case']}: unknown Erlang A quantity {quantity!r}")
    metrics = erlang_a(
        _agents(row),
        _number(row, "calls") / _number(row, "interval_s"),
        _number(row, "aht_s"),
        _number(row, "patience_s"),
        _number(row, "target_answer_s"),
    )
    value: float = getattr(metrics, quantity)
    return value


def _erlang_b_quantity(row: dict[str, str]) -> float:
    match = BLOCKING.fullmatch(row["quantity"])
    if match is None:
        raise AssertionError(f"case {row['case']}: unknown Erlang B quantity {row['quantity']!r}")
    return erlang_b(_agents(row), float(match["load"]))


COMPUTE = {
    "erlang_b": _erlang_b_quantity,
    "erlang_c": _erlang_c_quantity,
    "erlang_a": _erlang_a_quantity,
}


def test_reference_file_has_cases() -> None:
    assert len(CASES) >= 20
    assert {row["model"] for row in CASES} == set(COMPUTE)


@pytest.mark.parametrize("row", CASES, ids=[row["case"] for row in CASES])
def test_published_figure(row: dict[str, str]) -> None:
    actual = COMPUTE[row["model"]](row)
    expected = float(row["expected"])
    tolerance = float(row["tolerance"])
    assert abs(actual - expected) <= tolerance + 1e-12, (
        f"{row['case']} {row['quantity']}: got {actual!r}, expected {expected} +- {tolerance} "
        f"({row['source']})"
    )


# ---------------------------------------------------------------- Erlang B and C, edge cases


def test_erlang_b_boundaries() -> None:
    assert erlang_b(0, 5.0) == 1.0
    assert erlang_b(3, 0.0) == 0.0
    assert erlang_b(1, 1.0) == pytest.approx(0.5)


def test_erlang_c_is_one_when_unstable() -> None:
    assert erlang_c(10, 10.0) == 1.0
    assert erlang_c(5, 7.5) == 1.0
    assert service_level(10, 10.0, 180, 20) == 0.0
    assert average_speed_of_answer(10, 10.0, 180) == math.inf


def test_no_load_needs_no_agents() -> None:
    assert agents_for_service_level(0.0, 180, 0.8, 20) == 0
    assert erlang_c(3, 0.0) == 0.0
    assert service_level(1, 0.0, 180, 20) == 1.0
    assert average_speed_of_answer(1, 0.0, 180) == 0.0
    assert occupancy(0, 0.0) == 0.0
    assert occupancy(0, 2.0) == 1.0


def test_occupancy_cap_is_compared_exactly() -> None:
    # 7 / 10 is exactly the double nearest 0.7, so 10 agents meet a 70% cap at 7 erlangs.
    assert agents_for_service_level(7.0, 180, 0.05, 20, max_occupancy=0.7) == 10


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: erlang_b(-1, 1.0), "servers"),
        (lambda: erlang_c(2, -0.5), "load"),
        (lambda: erlang_c(2, math.nan), "load"),
        (lambda: service_level(2, 1.0, 0.0, 20), "aht_s"),
        (lambda: service_level(2, 1.0, 180, -1), "answer_time_s"),
        (lambda: agents_for_service_level(5.0, 180, 1.0, 20), "target"),
        (lambda: agents_for_service_level(5.0, 180, 0.0, 20), "target"),
        (lambda: agents_for_service_level(5.0, 180, 0.8, 20, 0.0), "max_occupancy"),
        (lambda: erlang_a(2, 0.1, 180, 0.0, 20), "patience_s"),
        (lambda: erlang_a(2, 0.1, 180, math.inf, 20), "patience_s"),
    ],
)
def test_rejects_bad_input(call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(ValueError, match=message):
        call()


def test_servers_must_be_an_int() -> None:
    with pytest.raises(TypeError):
        erlang_b(2.5, 1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        erlang_c(True, 1.0)


def test_numpy_integers_are_servers_too() -> None:
    numpy = pytest.importorskip("numpy")
    assert erlang_c(numpy.int64(14), 10.0) == erlang_c(14, 10.0)


@pytest.mark.parametrize(
    ("servers", "load"),
    [
        (20_000, 5_000.0),
        (20_000, 19_900.0),
        (20_000, 25_000.0),
        (9_100, 9_000.0),
        (25_000, 24_990.5),
    ],
)
def test_large_systems_stay_finite(servers: int, load: float) -> None:
    blocking = erlang_b(servers, load)
    wait = erlang_c(servers, load)
    level = service_level(servers, load, 180, 20)
    asa = average_speed_of_answer(servers, load, 180)
    for value in (blocking, wait, level):
        assert math.isfinite(value)
        assert 0.0 <= value <= 1.0
    assert asa >= 0 and (math.isfinite(asa) or servers <= load)
    if servers > load:
        assert wait >= blocking  # callers wait at least as often as Erlang B blocks them


def test_large_load_has_meaningful_values() -> None:
    assert 0.1 < erlang_c(9_100, 9_000.0) < 0.3
    assert 0.99 < service_level(9_100, 9_000.0, 180, 20) < 1.0
    assert agents_for_service_level(9_000.0, 180, 0.8, 20) < 9_100
    metrics = erlang_a(9_100, 9_000.0 / 180, 180, 300, 20)
    assert 0.0 < metrics.wait_probability < 0.3
    assert 0.99 < metrics.service_level < 1.0
    # 1,000 agents short at 9,000 erlangs: one call in nine must be abandoned, all agents busy.
    short = erlang_a(8_000, 9_000.0 / 180, 180, 300, 20)
    assert short.abandon_probability == pytest.approx(1 / 9, rel=1e-9)
    assert short.occupancy == pytest.approx(1.0)
    assert short.asa_s == pytest.approx(300 / 9, rel=1e-9)


# ---------------------------------------------------------------- Erlang C properties

loads = st.floats(min_value=0.05, max_value=500.0, allow_nan=False)
ahts = st.floats(min_value=5.0, max_value=3_600.0, allow_nan=False)
answer_times = st.floats(min_value=0.0, max_value=600.0, allow_nan=False)


@given(load=loads, extra=st.integers(min_value=-5, max_value=80), aht=ahts, answer=answer_times)
def test_service_level_does_not_fall_with_more_agents(
    load: float, extra: int, aht: float, answer: float
) -> None:
    servers = max(0, math.floor(load) + extra)
    lower = service_level(servers, load, aht, answer)
    upper = service_level(servers + 1, load, aht, answer)
    assert 0.0 <= lower <= upper <= 1.0
    if servers > load and lower < 0.999:
        assert upper > lower


@given(load=loads, extra=st.integers(min_value=1, max_value=80), aht=ahts)
def test_asa_is_positive_and_falls_with_more_agents(load: float, extra: int, aht: float) -> None:
    servers = math.floor(load) + extra
    asa = average_speed_of_answer(servers, load, aht)
    assert 0.0 <= average_speed_of_answer(servers + 1, load, aht) <= asa < math.inf
    assert average_speed_of_answer(math.floor(load), load, aht) == math.inf


@given(
    load=st.floats(min_value=0.01, max_value=600.0, allow_nan=False),
    aht=ahts,
    target=st.floats(min_value=1e-6, max_value=0.995, allow_nan=False),
    answer=answer_times,
    max_occupancy=st.floats(min_value=0.3, max_value=1.0, allow_nan=False),
)
@example(load=10.0, aht=180.0, target=0.8, answer=20.0, max_occupancy=0.7)
@example(load=7.0, aht=180.0, target=1e-6, answer=20.0, max_occupancy=0.7)
@example(load=1.0, aht=5.0, target=1e-6, answer=0.0, max_occupancy=1.0)
def test_agents_for_service_level_is_the_smallest(
    load: float, aht: float, target: float, answer: float, max_occupancy: float
) -> None:
    servers = agents_for_service_level(load, aht, target, answer, max_occupancy)
    assert service_level(servers, load, aht, answer) >= target
    assert load / servers <= max_occupancy
    fewer = servers - 1
    assert (
        fewer == 0
        or service_level(fewer, load, aht, answer) < target
        or load / fewer > max_occupancy
    )


def test_agents_for_service_level_is_fast() -> None:
    # 13,440 intervals is four weeks of 15-minute slots for five queues.
    import random
    import time

    rng = random.Random(7)
    loads_drawn = [rng.uniform(1.0, 300.0) for _ in range(13_440)]
    started = time.perf_counter()
    for load in loads_drawn:
        agents_for_service_level(load, 180.0, 0.8, 20.0, 0.9)
    assert time.perf_counter() - started < 3.0  # ~0.25 s on a laptop; loose for slow CI


# ---------------------------------------------------------------- Erlang A


def _reference_chain(
    servers: int, rate: float, aht: float, patience: float
) -> tuple[list[float], int]:
    """Stationary distribution of the M/M/N+M chain by brute force, truncated far in the tail."""
    mu, theta = 1.0 / aht, 1.0 / patience
    top = servers + int(rate * patience + 12 * math.sqrt(rate * patience + 1) + 60)
    logs = [0.0]
    for k in range(1, top + 1):
        death = min(k, servers) * mu + max(k - servers, 0) * theta
        logs.append(logs[-1] + math.log(rate) - math.log(death))
    peak = max(logs)
    weights = [math.exp(value - peak) for value in logs]
    total = sum(weights)
    return [w / total for w in weights], top


def _answered_within(
    servers: int, aht: float, patience: float, answer: float, top: int
) -> list[float]:
    """P(answered within `answer` | j calls ahead) for j = 0..top, by uniformization.

    The tagged call advances at rate N*mu + i*theta with i calls ahead and gives up at theta.
    """
    mu, theta = 1.0 / aht, 1.0 / patience
    rates = [servers * mu + i * theta for i in range(top + 1)]
    uniform = rates[-1] + theta
    poisson = uniform * answer
    # a[i] = P(answered within m uniformized steps | i ahead)
    a = [0.0] * (top + 1)
    weight = math.exp(-poisson)
    result = [0.0] * (top + 1)
    steps = int(poisson + 12 * math.sqrt(poisson + 1) + 30)
    for m in range(1, steps + 1):
        a = [
            (rates[i] * (1.0 if i == 0 else a[i - 1]) + (uniform - rates[i] - theta) * a[i])
            / uniform
            for i in range(top + 1)
        ]
        weight *= poisson / m
        result = [r + weight * v for r, v in zip(result, a, strict=True)]
    # The Poisson weights after `steps` are negligible and a[i] <= 1.
    return result


erlang_a_inputs = {
    "servers": st.integers(min_value=0, max_value=12),
    "load": st.floats(min_value=0.2, max_value=15.0, allow_nan=False),
    "aht": st.floats(min_value=60.0, max_value=300.0, allow_nan=False),
    "patience": st.floats(min_value=60.0, max_value=600.0, allow_nan=False),
    "answer": st.floats(min_value=0.0, max_value=40.0, allow_nan=False),
}


@settings(max_examples=30, deadline=None)
@given(**erlang_a_inputs)
@example(servers=14, load=10.0, aht=180.0, patience=300.0, answer=20.0)
@example(servers=3, load=9.5, aht=100.0, patience=450.0, answer=0.0)
def test_erlang_a_matches_brute_force_chain(
    servers: int, load: float, aht: float, patience: float, answer: float
) -> None:
    rate = load / aht
    metrics = erlang_a(servers, rate, aht, patience, answer)
    probabilities, top = _reference_chain(servers, rate, aht, patience)
    queued = [max(k - servers, 0) for k in range(top + 1)]
    mean_queue = sum(p * q for p, q in zip(probabilities, queued, strict=True))
    busy = sum(p * min(k, servers) for k, p in enumerate(probabilities))
    wait = sum(probabilities[servers:])

    assert metrics.wait_probability == pytest.approx(wait, rel=1e-9, abs=1e-12)
    # Little's law on the queue: mean queue length = arrival rate * mean wait over all arrivals.
    assert metrics.asa_s * rate == pytest.approx(mean_queue, rel=1e-9, abs=1e-12)
    # Abandonment flow theta * E[queue] over arrival flow.
    assert metrics.abandon_probability == pytest.approx(
        mean_queue / patience / rate, rel=1e-9, abs=1e-12
    )
    # Flow balance: the served load equals the mean number of busy agents.
    assert metrics.occupancy * servers == pytest.approx(busy, rel=1e-9, abs=1e-12)

    answered = _answered_within(servers, aht, patience, answer, top - servers)
    level = sum(probabilities[:servers]) + sum(
        p * answered[j] for j, p in enumerate(probabilities[servers:])
    )
    assert metrics.service_level == pytest.approx(level, rel=1e-8, abs=1e-10)


@given(
    servers=st.integers(min_value=0, max_value=400),
    load=st.floats(min_value=0.1, max_value=400.0, allow_nan=False),
    aht=ahts,
    patience=st.floats(min_value=1.0, max_value=7_200.0, allow_nan=False),
    answer=answer_times,
)
@settings(deadline=None)
def test_erlang_a_metrics_are_probabilities(
    servers: int, load: float, aht: float, patience: float, answer: float
) -> None:
    metrics = erlang_a(servers, load / aht, aht, patience, answer)
    for value in (
        metrics.wait_probability,
        metrics.abandon_probability,
        metrics.service_level,
        metrics.occupancy,
    ):
        assert math.isfinite(value)
        assert 0.0 <= value <= 1.0
    assert 0.0 <= metrics.asa_s < math.inf
    assert metrics.abandon_probability <= metrics.wait_probability + 1e-12
    assert metrics.service_level <= 1.0 - metrics.abandon_probability + 1e-12


@given(
    servers=st.integers(min_value=0, max_value=300),
    load=st.floats(min_value=0.1, max_value=300.0, allow_nan=False),
    aht=ahts,
    patience=st.floats(min_value=1.0, max_value=7_200.0, allow_nan=False),
    answer=answer_times,
)
@settings(deadline=None)
def test_erlang_a_service_level_against_erlang_c(
    servers: int, load: float, aht: float, patience: float, answer: float
) -> None:
    """Abandonment shortens the queue, but a caller who hangs up is not answered.

    Offered waits under Erlang A are stochastically shorter than waits under Erlang C, so the only
    way Erlang A can fall behind is through callers who give up within the answer time, and those
    are at most wait_probability * P(patience <= answer time). When agents do not exceed the load,
    Erlang C has no service at all and Erlang A always does at least as well.
    """
    metrics = erlang_a(servers, load / aht, aht, patience, answer)
    erlang_c_level = service_level(servers, load, aht, answer)
    early_hang_ups = metrics.wait_probability * -math.expm1(-answer / patience)
    assert metrics.service_level >= erlang_c_level - early_hang_ups - 1e-9
    if servers <= load:
        assert metrics.service_level >= erlang_c_level


def test_erlang_a_service_level_can_trail_erlang_c() -> None:
    # Why the property above is not simply SL(A) >= SL(C): with 100 spare agents at 9,000
    # erlangs, Erlang C waits are about a second, while under Erlang A a few callers hang up in
    # those seconds and count as not answered in 20 s.
    metrics = erlang_a(9_100, 9_000.0 / 180, 180, 300, 20)
    assert metrics.service_level < service_level(9_100, 9_000.0, 180, 20)


@given(
    load=st.floats(min_value=0.2, max_value=200.0, allow_nan=False),
    spare=st.floats(min_value=1.0, max_value=30.0, allow_nan=False),
    aht=st.floats(min_value=30.0, max_value=600.0, allow_nan=False),
    answer=st.floats(min_value=0.0, max_value=120.0, allow_nan=False),
)
@settings(max_examples=50, deadline=None)
@example(load=181.0, spare=1.0, aht=30.0, answer=39.0)
def test_erlang_a_approaches_erlang_c_with_endless_patience(
    load: float, spare: float, aht: float, answer: float
) -> None:
    servers = math.ceil(load + spare)
    # The gap shrinks like 1/patience but grows with the queue, which is longest at one spare agent
    # and 200 erlangs: there patience = 1e6 * aht still leaves a gap of 1e-4 in the service level.
    patience = aht * 1e9
    metrics = erlang_a(servers, load / aht, aht, patience, answer)
    assert metrics.wait_probability == pytest.approx(erlang_c(servers, load), abs=1e-5)
    assert metrics.service_level == pytest.approx(
        service_level(servers, load, aht, answer), abs=1e-5
    )
    assert metrics.asa_s == pytest.approx(
        average_speed_of_answer(servers, load, aht), rel=1e-5, abs=1e-9
    )
    assert metrics.occupancy == pytest.approx(occupancy(servers, load), abs=1e-5)
    assert metrics.abandon_probability < 1e-6


def test_erlang_a_edge_cases() -> None:
    assert erlang_a(3, 0.0, 180, 300, 20) == ErlangAMetrics(0.0, 0.0, 1.0, 0.0, 0.0)
    # Without agents every caller waits out their patience and hangs up.
    nobody = erlang_a(0, 0.05, 180, 300, 20)
    assert nobody.wait_probability == 1.0
    assert nobody.abandon_probability == pytest.approx(1.0)
    assert nobody.service_level == 0.0
    assert nobody.asa_s == pytest.approx(300.0)
    assert nobody.occupancy == 0.0
    # Answer time 0: only calls that find a free agent count.
    instant = erlang_a(14, 100 / 1800, 180, 300, 0)
    assert instant.service_level == pytest.approx(1 - instant.wait_probability)
    # Answer time far beyond patience: everyone who does not hang up is answered in time.
    patient = erlang_a(14, 100 / 1800, 180, 300, 1e6)
    assert patient.service_level == pytest.approx(1 - patient.abandon_probability)
    # So many agents that waiting is impossible in floating point.
    idle = erlang_a(5_000, 0.01, 180, 300, 20)
    assert (idle.wait_probability, idle.abandon_probability) == (0.0, 0.0)
    assert (idle.service_level, idle.asa_s) == (1.0, 0.0)
    assert idle.occupancy == pytest.approx(1.8 / 5_000)
