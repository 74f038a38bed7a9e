"""Properties of the staffing searches and models (hypothesis): the smallest N is the smallest,
ASA obeys Little's law, the numpy batch equals the scalar search, and smoothing deferred work
meets every deadline with the lowest possible peak. (Erlang A against Erlang C, and Erlang A
tending to Erlang C as patience grows, are properties in test_erlang.py.)"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.staffing.batch import ErlangCInputs, erlang_c_batch
from scheduler.staffing.deferred import (
    deferred_service,
    plan_open_hours,
    smooth_deferred,
    taut_string,
)
from scheduler.staffing.erlang import (
    agents_for_targets,
    average_speed_of_answer,
    erlang_a,
    erlang_a_agents,
    erlang_c,
    service_level,
)

loads = st.floats(min_value=0.01, max_value=300.0, allow_nan=False)
ahts = st.floats(min_value=20.0, max_value=900.0, allow_nan=False)
answers = st.floats(min_value=0.0, max_value=120.0, allow_nan=False)
targets = st.floats(min_value=0.05, max_value=0.98, allow_nan=False)
caps = st.floats(min_value=0.5, max_value=1.0, allow_nan=False)


@given(
    load=loads,
    aht=ahts,
    answer=answers,
    target=st.none() | targets,
    cap=caps,
    asa=st.none() | st.floats(0.5, 120),
)
@settings(max_examples=150, deadline=None)
def test_erlang_c_agents_are_the_fewest_meeting_every_target(
    load: float, aht: float, answer: float, target: float | None, cap: float, asa: float | None
) -> None:
    n = agents_for_targets(
        load, aht, target=target, answer_time_s=answer, max_occupancy=cap, asa_target_s=asa
    )

    def meets(servers: int) -> bool:
        return (
            servers > load
            and load / servers <= cap
            and (target is None or service_level(servers, load, aht, answer) >= target)
            and (asa is None or average_speed_of_answer(servers, load, aht) <= asa)
        )

    assert meets(n)
    assert not meets(n - 1)


def _erlang_c_queue_length(servers: int, load: float) -> float:
    """Mean queue length of M/M/N from its birth-death chain, truncated far into the tail."""
    weights = [1.0]
    for k in range(1, servers + 4000):
        weights.append(weights[-1] * load / min(k, servers))
        if k > servers and weights[-1] < 1e-18 * sum(weights):
            break
    total = sum(weights)
    return sum((k - servers) * w for k, w in enumerate(weights) if k > servers) / total


@given(servers=st.integers(1, 60), spare=st.floats(0.3, 0.95), aht=ahts)
@settings(max_examples=60, deadline=None)
def test_erlang_c_asa_follows_littles_law(servers: int, spare: float, aht: float) -> None:
    load = servers * spare
    arrival_rate = load / aht
    queue_length = _erlang_c_queue_length(servers, load)
    assert average_speed_of_answer(servers, load, aht) == pytest.approx(
        queue_length / arrival_rate, rel=1e-6, abs=1e-9
    )


@given(
    rate=st.floats(0.001, 0.5),
    aht=st.floats(30.0, 600.0),
    patience=st.floats(5.0, 1200.0),
    answer=answers,
    target=st.none() | targets,
    abandon=st.none() | st.floats(0.005, 0.5),
    cap=caps,
)
@settings(max_examples=60, deadline=None)
def test_erlang_a_agents_are_the_fewest_meeting_every_target(
    rate: float,
    aht: float,
    patience: float,
    answer: float,
    target: float | None,
    abandon: float | None,
    cap: float,
) -> None:
    n = erlang_a_agents(
        rate,
        aht,
        patience,
        target=target,
        answer_time_s=answer,
        max_occupancy=cap,
        abandon_target=abandon,
    )

    def meets(servers: int) -> bool:
        m = erlang_a(servers, rate, aht, patience, answer)
        return (
            servers >= 1
            and (target is None or m.service_level >= target)
            and (abandon is None or m.abandon_probability <= abandon)
            and m.occupancy <= cap
        )

    assert meets(n)
    assert not meets(n - 1)


@given(
    rows=st.lists(
        st.tuples(
            st.floats(0.0, 250.0) | st.just(0.0),
            ahts,
            st.just(math.nan) | targets,
            answers,
            caps,
            st.just(math.nan) | st.floats(1.0, 60.0),
            st.integers(1, 4),
        ),
        min_size=1,
        max_size=40,
    )
)
@settings(max_examples=60, deadline=None)
def test_numpy_batch_equals_the_scalar_search(
    rows: list[tuple[float, float, float, float, float, float, int]],
) -> None:
    columns = list(zip(*rows, strict=True))
    inputs = ErlangCInputs(
        *(np.array(column, dtype=float) for column in columns[:6]),
        granularity=np.array(columns[6], dtype=np.int64),
    )
    batch = erlang_c_batch(inputs)
    for index, (load, aht, target, answer, cap, asa, size) in enumerate(rows):
        smallest = agents_for_targets(
            load,
            aht,
            target=None if math.isnan(target) else target,
            answer_time_s=answer,
            max_occupancy=cap,
            asa_target_s=None if math.isnan(asa) else asa,
        )
        assert batch.servers[index] == size * math.ceil(smallest / size)
        if smallest:
            servers = int(batch.servers[index])
            assert batch.wait_probability[index] == pytest.approx(erlang_c(servers, load))


def test_batch_rejects_bad_rows() -> None:
    good = np.array([1.0])
    with pytest.raises(ValueError, match="target"):
        erlang_c_batch(
            ErlangCInputs(
                good, good * 180, good * 1.5, good, good, good * np.nan, np.ones(1, np.int64)
            )
        )


# --- Deferred work ---------------------------------------------------------------------------

works = st.lists(st.floats(0.0, 50.0) | st.just(0.0), min_size=1, max_size=40)


@given(work=works, deadline=st.integers(1, 12))
@settings(max_examples=150, deadline=None)
def test_smoothing_meets_every_deadline_with_the_lowest_peak(
    work: list[float], deadline: int
) -> None:
    planned = smooth_deferred(work, deadline)
    n = len(work)
    arrived = [sum(work[:k]) for k in range(n + 1)]
    due = [arrived[max(0, k - deadline + 1)] for k in range(n)] + [arrived[n]]
    done = 0.0
    for k, amount in enumerate(planned, start=1):
        assert amount >= -1e-9
        done += amount
        assert due[k] - 1e-7 <= done <= arrived[k] + 1e-7  # never late, never ahead of arrivals
    # No plan can have a lower peak: between i and j it must do due[j] - arrived[i].
    bound = max(
        ((due[j] - arrived[i]) / (j - i) for i in range(n) for j in range(i + 1, n + 1)),
        default=0.0,
    )
    assert max(planned) == pytest.approx(bound, rel=1e-9, abs=1e-9)
    assert max(planned) <= max(work) + 1e-9  # smoothing never raises the peak


@given(work=works, deadline=st.integers(1, 12))
@settings(max_examples=60, deadline=None)
def test_the_smoothed_plan_finishes_everything_in_time(work: list[float], deadline: int) -> None:
    planned = smooth_deferred(work, deadline)
    shares = deferred_service(work, [p + 1e-9 for p in planned], deadline)
    assert all(share is None or share == pytest.approx(1.0) for share in shares)


@given(
    work=works,
    deadline=st.integers(1, 12),
    is_open=st.lists(st.booleans(), min_size=40, max_size=40),
)
@settings(max_examples=150, deadline=None)
def test_closed_hours_plan_work_only_when_open_and_lose_none(
    work: list[float], deadline: int, is_open: list[bool]
) -> None:
    is_open = is_open[: len(work)]
    planned, carries = plan_open_hours(work, deadline, is_open)
    assert all(amount == 0 for amount, open_ in zip(planned, is_open, strict=True) if not open_)
    late = {carry.arrived for carry in carries}
    unplanned = sum(carry.work for carry in carries if carry.first_open is None)
    assert sum(planned) == pytest.approx(sum(work) - unplanned, abs=1e-7)
    for carry in carries:  # reported only when no open slot lies inside the deadline
        window = is_open[carry.arrived : carry.arrived + deadline]
        assert carry.work > 0 and not any(window)
        rest = is_open[carry.arrived :]
        assert carry.first_open == (carry.arrived + rest.index(True) if True in rest else None)
    # Everything not reported late is finished within its deadline.
    shares = deferred_service(work, [p + 1e-9 for p in planned], deadline)
    for slot, share in enumerate(shares):
        if share is not None and slot not in late:
            assert share == pytest.approx(1.0), f"slot {slot} late"


def test_taut_string_rejects_crossing_bounds() -> None:
    with pytest.raises(ValueError, match="lower bound"):
        taut_string([0.0, 2.0, 3.0], [0.0, 1.0, 3.0])


def test_batch_stays_exact_for_tens_of_thousands_of_agents() -> None:
    load = np.array([25_000.0, 10_000.0, 12.5, 0.0])
    ones = np.ones(len(load))
    batch = erlang_c_batch(
        ErlangCInputs(
            load,
            ones * 180,
            ones * 0.8,
            ones * 20,
            ones * 0.95,
            ones * np.nan,
            np.ones(len(load), dtype=np.int64),
        )
    )
    expected = [
        agents_for_targets(value, 180, target=0.8, answer_time_s=20, max_occupancy=0.95)
        for value in load
    ]
    assert batch.servers.tolist() == expected
    assert np.all(np.isfinite(batch.service_level[:3]))


def test_large_mixed_batch_equals_the_scalar_search_row_by_row() -> None:
    # Enough rows that the walk cuts its arrays down to the rows still walking, with idle rows,
    # chat granularity, missing targets and ASA targets mixed in; the figures are the scalar
    # functions' at the servers found.
    rng = np.random.default_rng(7)
    count = 3000
    load = rng.uniform(0, 400, count) ** rng.uniform(0.3, 1.0, count)
    load[rng.random(count) < 0.05] = 0.0
    inputs = ErlangCInputs(
        load=load,
        aht_s=rng.uniform(10, 600, count),
        target=np.where(rng.random(count) < 0.2, np.nan, rng.uniform(0.05, 0.99, count)),
        answer_time_s=rng.uniform(0, 90, count),
        max_occupancy=rng.uniform(0.6, 1.0, count),
        asa_target_s=np.where(rng.random(count) < 0.7, np.nan, rng.uniform(0.5, 40, count)),
        granularity=rng.integers(1, 4, count),
    )
    batch = erlang_c_batch(inputs)
    for row in range(count):
        target, asa = float(inputs.target[row]), float(inputs.asa_target_s[row])
        smallest = agents_for_targets(
            float(load[row]),
            float(inputs.aht_s[row]),
            target=None if math.isnan(target) else target,
            answer_time_s=float(inputs.answer_time_s[row]),
            max_occupancy=float(inputs.max_occupancy[row]),
            asa_target_s=None if math.isnan(asa) else asa,
        )
        size = int(inputs.granularity[row])
        servers = int(batch.servers[row])
        assert servers == size * math.ceil(smallest / size)
        if servers == 0:
            assert math.isnan(batch.service_level[row]) and math.isnan(batch.occupancy[row])
            continue
        args = (servers, float(load[row]))
        assert batch.wait_probability[row] == erlang_c(*args)
        assert batch.asa_s[row] == average_speed_of_answer(*args, float(inputs.aht_s[row]))
        level = service_level(*args, float(inputs.aht_s[row]), float(inputs.answer_time_s[row]))
        assert batch.service_level[row] == pytest.approx(level, rel=1e-15, abs=1e-15)
        assert batch.occupancy[row] == min(1.0, float(load[row]) / servers)
