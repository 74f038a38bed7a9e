"""Erlang C staffing for many intervals at once, with numpy, giving the scalar function's answers.

A two-week forecast of ten queues in 15-minute intervals is 13,440 rows. Staffing them one by one
costs O(N) interpreted Python steps per row; here each step of the same search runs for all rows
together:

1. the start per row, ``max(floor(load) + 1, fewest agents within the occupancy cap)``;
2. Erlang B at that start by its recursion, with the rows sorted by start so that step ``n``
   touches only the rows still climbing (a suffix of the sorted arrays);
3. the upward walk of ``agents_for_targets``, each row leaving once it meets its targets.

The arithmetic is the scalar code's, operation for operation, so the results agree bit for bit
except through ``exp``, where numpy's implementation may differ from ``math.exp`` in the last
bit. Rows where that could matter (a service level within 1e-12 of its target at some step) are
recomputed with the scalar functions, so the server counts always equal ``agents_for_targets``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scheduler.staffing.erlang import (
    agents_for_targets,
    average_speed_of_answer,
    erlang_c,
    service_level,
)

__all__ = ["ErlangCBatch", "ErlangCInputs", "erlang_c_batch"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

# A service level this close to its target may compare differently under numpy's exp.
_KNIFE_EDGE = 1e-12


@dataclass(frozen=True, eq=False)
class ErlangCInputs:
    """One entry per row. NaN in ``target`` or ``asa_target_s`` leaves that target out.

    ``granularity`` g asks for a multiple of g servers: chat staffs whole agents of g session
    slots each. The smallest multiple of g meeting the targets is g * ceil(N / g), N being the
    smallest count, because service level and ASA only improve with more servers.
    """

    load: Floats
    aht_s: Floats
    target: Floats
    answer_time_s: Floats
    max_occupancy: Floats
    asa_target_s: Floats
    granularity: Ints

    def __post_init__(self) -> None:
        count = len(self.load)
        arrays = (self.aht_s, self.target, self.answer_time_s, self.max_occupancy)
        if any(len(a) != count for a in (*arrays, self.asa_target_s, self.granularity)):
            raise ValueError("every input array must have one entry per row")
        _require(np.isfinite(self.load) & (self.load >= 0), "load", "a finite number >= 0")
        _require(np.isfinite(self.aht_s) & (self.aht_s > 0), "aht_s", "a finite number > 0")
        _require(
            np.isfinite(self.answer_time_s) & (self.answer_time_s >= 0),
            "answer_time_s",
            "a finite number >= 0",
        )
        _require(
            np.isnan(self.target) | ((self.target > 0) & (self.target < 1)), "target", "in (0, 1)"
        )
        _require((self.max_occupancy > 0) & (self.max_occupancy <= 1), "max_occupancy", "in (0, 1]")
        _require(
            np.isnan(self.asa_target_s)
            | (np.isfinite(self.asa_target_s) & (self.asa_target_s > 0)),
            "asa_target_s",
            "a finite number > 0",
        )
        _require(self.granularity >= 1, "granularity", ">= 1")


def _require(valid: npt.NDArray[np.bool_], name: str, words: str) -> None:
    bad = np.flatnonzero(~valid)
    if len(bad):
        raise ValueError(f"{name} must be {words}; row {int(bad[0])} is not")


@dataclass(frozen=True, eq=False)
class ErlangCBatch:
    """Per row: servers staffed and the Erlang C figures there (NaN where the load is 0)."""

    servers: Ints
    wait_probability: Floats
    service_level: Floats
    asa_s: Floats
    occupancy: Floats


def erlang_c_batch(inputs: ErlangCInputs) -> ErlangCBatch:
    """Smallest servers per row meeting that row's targets, as ``agents_for_targets`` finds them
    (rounded up to the row's granularity); 0 servers where the load is 0."""
    count = len(inputs.load)
    result = ErlangCBatch(
        servers=np.zeros(count, dtype=np.int64),
        wait_probability=np.full(count, np.nan),
        service_level=np.full(count, np.nan),
        asa_s=np.full(count, np.nan),
        occupancy=np.full(count, np.nan),
    )
    rows = np.flatnonzero(inputs.load > 0)
    if len(rows) == 0:
        return result
    load = inputs.load[rows]
    start = np.maximum(np.floor(load) + 1, _fewest_within_cap(load, inputs.max_occupancy[rows]))
    order = np.argsort(start)
    rows, start = rows[order], start[order].astype(np.int64)
    blocking = _erlang_b_at(inputs.load[rows], start)
    edgy = _walk(inputs, rows, start, blocking, result)
    for row in edgy:
        _scalar_row(inputs, int(row), result)
    busy = result.servers > 0
    np.divide(inputs.load, result.servers, out=result.occupancy, where=busy)
    np.minimum(result.occupancy, 1.0, out=result.occupancy, where=busy)
    return result


def _fewest_within_cap(load: Floats, max_occupancy: Floats) -> Floats:
    """Smallest n with load / n <= cap as evaluated in floating point (see erlang.py)."""
    n = np.maximum(1.0, np.ceil(load / max_occupancy))
    while True:
        lower = np.maximum(n - 1, 1.0)
        down = (n > 1) & (load / lower <= max_occupancy)
        if not down.any():
            break
        n[down] -= 1
    while True:
        up = load / n > max_occupancy
        if not up.any():
            break
        n[up] += 1
    return n


def _erlang_b_at(load: Floats, start: Ints) -> Floats:
    """Erlang B at each row's start; ``start`` is sorted, so step m updates a suffix."""
    blocking = np.ones(len(load))
    product = np.empty(len(load))
    denominator = np.empty(len(load))
    steps = np.arange(1, int(start[-1]) + 1)
    first_rows = np.searchsorted(start, steps, side="left")  # first row with start >= m
    for m, first in zip(steps.tolist(), first_rows.tolist(), strict=True):
        # blocking = load * blocking / (m + load * blocking), in place on the suffix
        b, ab, below = blocking[first:], product[first:], denominator[first:]
        np.multiply(load[first:], b, out=ab)
        np.add(ab, m, out=below)
        np.divide(ab, below, out=b)
    return blocking


def _walk(
    inputs: ErlangCInputs, rows: Ints, start: Ints, blocking: Floats, result: ErlangCBatch
) -> set[int]:
    """Walk every row upwards until it meets its targets; returns the rows on a knife edge."""
    edgy: set[int] = set()
    servers = start
    # The per-row constants in one array, so one indexing drops the rows that are done. A missing
    # target becomes a bound every value meets.
    packed = np.stack(
        [
            inputs.load[rows],
            inputs.aht_s[rows],
            np.nan_to_num(inputs.target[rows], nan=-np.inf),
            inputs.answer_time_s[rows],
            np.nan_to_num(inputs.asa_target_s[rows], nan=np.inf),
        ]
    )
    granularity = inputs.granularity[rows]
    whole = bool(np.all(granularity == 1))
    check_asa = bool(np.isfinite(packed[4]).any())
    while len(rows):
        load, aht, target, answer, asa_target = packed
        n = servers.astype(np.float64)
        gap = n - load
        wait = n * blocking / (n - load * (1.0 - blocking))
        level = 1.0 - wait * np.exp(-gap * answer / aht)
        met = level >= target
        near = np.abs(level - target) < _KNIFE_EDGE
        if near.any():
            edgy.update(rows[near].tolist())
        if check_asa:
            met &= wait * aht / gap <= asa_target
        if not whole:
            met &= servers % granularity == 0
        done = rows[met]
        result.servers[done] = servers[met]
        result.wait_probability[done] = wait[met]
        result.service_level[done] = level[met]
        result.asa_s[done] = wait[met] * aht[met] / gap[met]
        left = np.flatnonzero(~met)
        rows, servers, blocking = rows[left], servers[left] + 1, blocking[left]
        packed = np.take(packed, left, axis=1)  # twice as fast as packed[:, left]
        if not whole:
            granularity = granularity[left]
        load = packed[0]
        blocking = load * blocking / (servers + load * blocking)
    return edgy


def _optional(value: float) -> float | None:
    return None if math.isnan(value) else value


def _scalar_row(inputs: ErlangCInputs, row: int, result: ErlangCBatch) -> None:
    load = float(inputs.load[row])
    aht = float(inputs.aht_s[row])
    answer = float(inputs.answer_time_s[row])
    smallest = agents_for_targets(
        load,
        aht,
        target=_optional(float(inputs.target[row])),
        answer_time_s=answer,
        max_occupancy=float(inputs.max_occupancy[row]),
        asa_target_s=_optional(float(inputs.asa_target_s[row])),
    )
    size = int(inputs.granularity[row])
    servers = size * math.ceil(smallest / size)
    result.servers[row] = servers
    result.wait_probability[row] = erlang_c(servers, load)
    result.service_level[row] = service_level(servers, load, aht, answer)
    result.asa_s[row] = average_speed_of_answer(servers, load, aht)
