"""Erlang C staffing for many intervals at once, with numpy, giving the scalar function's answers.

A two-week forecast of ten queues in 15-minute intervals is 13,440 rows. Staffing them one by one
costs O(N) interpreted Python steps per row; here each step of the same search runs for all rows
together:

1. the start per row, ``max(floor(load) + 1, fewest agents within the occupancy cap)``;
2. Erlang B at that start by its recursion, with the rows sorted by start so that step ``n``
   touches only the rows still climbing (a suffix of the sorted arrays; the last few rows climb
   on in plain Python, where three ufunc calls per step would cost more);
3. the upward walk of ``agents_for_targets``, each row leaving once it meets its targets.

Erlang B, the wait probability, ASA and the figures returned follow the scalar code's
arithmetic operation for operation, so they agree bit for bit except through ``exp``, where
numpy's implementation may differ from ``math.exp`` in the last bit. The walk's service-level
test carries the exponential from step to step (a few ulps off the scalar value). Rows where
either could matter (a service level within 1e-12 of its target at some step) are recomputed
with the scalar functions, so the server counts always equal ``agents_for_targets``.
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
    if not valid.all():
        raise ValueError(f"{name} must be {words}; row {int(np.argmin(valid))} is not")


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
    # Fresh arrays of this size cost page faults, which is most of the time of a naive version:
    # the rows keep their order (only Erlang B's recursion sorts them), and rows without load go
    # through the same steps (at one server, where Erlang B is 0) and are blanked afterwards
    # rather than gathered out and scattered back.
    load = inputs.load
    if len(load) == 0:
        nothing = np.empty(0)
        return ErlangCBatch(np.zeros(0, dtype=np.int64), nothing, nothing, nothing, nothing)
    start = np.floor(load)
    start += 1
    np.maximum(start, _fewest_within_cap(load, inputs.max_occupancy), out=start)
    order = _order(start)
    # Three buffers serve Erlang B's recursion, then the walk's first steps, then the figures.
    scratch = np.empty(len(load)), np.empty(len(load)), np.empty(len(load))
    blocking = np.empty(len(load))
    blocking[order] = _erlang_b_at(load[order], start[order], scratch)
    result, edgy = _walk(inputs, start, blocking, scratch)
    idle = load == 0
    if idle.any():
        result.servers[idle] = 0
        for figures in (result.wait_probability, result.service_level, result.asa_s):
            figures[idle] = np.nan
        edgy &= ~idle
    for row in np.flatnonzero(edgy).tolist():
        _scalar_row(inputs, row, result)
    busy = result.servers > 0
    np.divide(load, result.servers, out=result.occupancy, where=busy)
    np.minimum(result.occupancy, 1.0, out=result.occupancy, where=busy)
    return result


def _order(start: Floats) -> Ints:
    """The rows by start; ties in any order (every row is computed on its own)."""
    if float(start.max()) < 2**16:
        # A stable sort of 16-bit integers is a radix sort: linear, unlike a float sort.
        return np.argsort(start.astype(np.uint16), kind="stable")
    return np.argsort(start)


def _fewest_within_cap(load: Floats, max_occupancy: Floats) -> Floats:
    """Smallest n with load / n <= cap as evaluated in floating point (see erlang.py)."""
    # In place on two buffers: every fresh array of this size costs page faults.
    n = np.divide(load, max_occupancy)
    np.ceil(n, out=n)
    np.maximum(n, 1.0, out=n)
    # ceil(load / cap) is off by one at most where the division rounds; fix those rows only.
    ratio = np.subtract(n, 1.0)
    np.maximum(ratio, 1.0, out=ratio)
    np.divide(load, ratio, out=ratio)
    wrong = (n > 1) & (ratio <= max_occupancy)
    np.divide(load, n, out=ratio)
    wrong |= ratio > max_occupancy
    off = np.flatnonzero(wrong)
    if len(off):
        n[off] = _fewest_within_cap_rows(load[off], max_occupancy[off], n[off])
    return n


def _fewest_within_cap_rows(load: Floats, max_occupancy: Floats, n: Floats) -> Floats:
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


# Below this many rows still climbing, Erlang B's recursion continues row by row in Python:
# three ufunc calls per step then cost more than three float operations per row.
_FEW_ROWS = 16


def _erlang_b_at(load: Floats, start: Floats, scratch: tuple[Floats, Floats, Floats]) -> Floats:
    """Erlang B at each row's start (whole numbers), in ``scratch[2]``; ``start`` is sorted, so
    step m updates a suffix. The other two scratch buffers hold intermediate products."""
    count = len(load)
    product, denominator, blocking = scratch
    blocking.fill(1.0)
    # Steps 1..top run on whole suffixes; after them, fewer than _FEW_ROWS rows climb on.
    top = int(start[max(0, count - _FEW_ROWS)])
    # The first row with start >= m, for every step m; it changes only where some row ends.
    first_rows = np.searchsorted(start, np.arange(1, top + 1), side="left").tolist()
    # Each step is three ufunc calls on a short suffix, so their overhead counts: outputs are
    # positional and m a 0-d array (a Python number is converted anew on every call).
    steps = [np.array(float(m)) for m in range(1, top + 1)]
    multiply, add, divide = np.multiply, np.add, np.divide
    suffix = -1
    a = b = ab = below = blocking
    for m, first in zip(steps, first_rows, strict=True):
        if first != suffix:
            suffix = first
            a, b, ab, below = load[first:], blocking[first:], product[first:], denominator[first:]
        # blocking = load * blocking / (m + load * blocking), in place on the suffix
        multiply(a, b, ab)
        add(ab, m, below)
        divide(ab, below, b)
    _climb_rows(load, start, blocking, top)
    return blocking


def _climb_rows(load: Floats, start: Floats, blocking: Floats, done: int) -> None:
    """Continue the recursion from step ``done + 1`` to each row's start, one row at a time;
    the same float operations as erlang.py's loop."""
    first = int(np.searchsorted(start, done + 1, side="left"))
    ends = start[first:].astype(np.int64).tolist()
    values = blocking[first:].tolist()
    for offset, (a, end) in enumerate(zip(load[first:].tolist(), ends, strict=True)):
        b = values[offset]
        for m in range(done + 1, end + 1):
            b = a * b / (m + a * b)
        values[offset] = b
    blocking[first:] = values


def _walk(
    inputs: ErlangCInputs,
    start: Floats,
    blocking: Floats,
    scratch: tuple[Floats, Floats, Floats],
) -> tuple[ErlangCBatch, npt.NDArray[np.bool_]]:
    """Walk every row upwards from its start until it meets its targets, then compute the
    figures at the servers found; also which rows came within _KNIFE_EDGE of their service
    level target at some step. ``start`` and ``blocking`` (Erlang B there) are overwritten;
    ``scratch`` serves the first steps, then holds the wait probabilities and ASAs returned.

    The walk only decides where to stop. Erlang B and the wait probability follow the scalar
    code's arithmetic exactly (the ASA target compares them exactly too), but the service level
    is tested as ``wait * decay**(n - load) <= 1 - target`` with the exponential carried from
    step to step by one multiplication (decay = exp(-answer / aht)) instead of one exp per step;
    that differs from the scalar arithmetic by a few ulps, far inside _KNIFE_EDGE, and the
    rows that close to their target are recomputed by the scalar search anyway.

    Fresh arrays of this size cost page faults, so every step works in place on buffers made
    once, on all rows, those done included (their answers are set aside), until the rows still
    walking are a quarter or fewer; only then are the arrays cut down to them.
    """
    load = inputs.load
    count = len(load)
    edgy = np.zeros(count, dtype=bool)
    found_servers = np.empty(count)
    found_blocking = np.empty(count)
    whole = bool(np.all(inputs.granularity == 1))
    asa_target = inputs.asa_target_s
    check_asa = not bool(np.isnan(asa_target).all())
    all_aht = inputs.aht_s
    all_answer = inputs.answer_time_s
    # The wait probability each row may have at most; a missing target is one every value meets.
    allowed = np.subtract(1.0, inputs.target)
    if np.isnan(allowed).any():
        allowed = np.nan_to_num(allowed, nan=np.inf)
    if check_asa:
        asa_target = np.nan_to_num(asa_target, nan=np.inf)
    size = load if whole else inputs.granularity.astype(np.float64)
    decay = np.divide(all_answer, all_aht)
    np.negative(decay, out=decay)
    fall = np.subtract(start, load)  # exp(-(n - load) * answer / aht), as the walk starts
    fall *= decay
    np.exp(fall, out=fall)
    np.exp(decay, out=decay)
    aht = all_aht
    n, b = start, blocking
    at: Ints | None = None  # positions of the rows in the arrays, once some were dropped
    while True:
        length = len(n)
        walking = np.ones(length, dtype=bool)
        if at is None:
            wait, late, work = scratch
        else:
            wait, late, work = np.empty(length), np.empty(length), np.empty(length)
        met, near = np.empty(length, dtype=bool), np.empty(length, dtype=bool)
        while True:
            # wait = n * b / (n - load * (1 - b)), as erlang.py computes it
            np.multiply(n, b, out=wait)
            np.subtract(1.0, b, out=work)
            work *= load
            np.subtract(n, work, out=work)
            wait /= work
            # the share answered late, 1 - service level
            np.multiply(wait, fall, out=late)
            np.less_equal(late, allowed, out=met)
            late -= allowed
            np.less(np.abs(late, out=late), _KNIFE_EDGE, out=near)
            near &= walking
            if at is None:
                edgy |= near
            elif near.any():
                edgy[at[near]] = True
            if check_asa:  # wait * aht / (n - load) <= asa_target
                np.subtract(n, load, out=work)
                np.multiply(wait, aht, out=late)
                late /= work
                met &= late <= asa_target
            if not whole:
                met &= np.fmod(n, size) == 0
            met &= walking
            if at is None:  # a masked copy is much cheaper than gathering and scattering
                # putmask: several times faster than copyto(where=) on scattered masks
                np.putmask(found_servers, met, n)
                np.putmask(found_blocking, met, b)
            else:
                done = at[met]
                found_servers[done] = n[met]
                found_blocking[done] = b[met]
            walking ^= met
            still = int(np.count_nonzero(walking))
            if still == 0:
                break
            # One more agent: b = load * b / (n + load * b), for every row.
            n += 1.0
            np.multiply(load, b, out=work)
            np.add(n, work, out=wait)
            np.divide(work, wait, out=b)
            fall *= decay
            if 4 * still <= length:
                break
        if still == 0:
            break
        at = np.flatnonzero(walking) if at is None else at[walking]
        load, aht, allowed, n, b, fall, decay = (
            x[walking] for x in (load, aht, allowed, n, b, fall, decay)
        )
        if check_asa:
            asa_target = asa_target[walking]
        if not whole:
            size = size[walking]

    # The figures at the servers found, with the scalar code's arithmetic, in found_blocking and
    # the scratch buffers rather than fresh arrays.
    n, b, load = found_servers, found_blocking, inputs.load
    wait, asa, gap = scratch
    np.subtract(n, load, out=gap)
    np.multiply(n, b, out=wait)
    np.subtract(1.0, b, out=b)
    b *= load
    np.subtract(n, b, out=b)
    wait /= b
    level = np.multiply(gap, all_answer, out=b)
    level /= all_aht
    np.negative(level, out=level)
    np.exp(level, out=level)
    level *= wait
    np.subtract(1.0, level, out=level)
    np.multiply(wait, all_aht, out=asa)
    asa /= gap
    result = ErlangCBatch(
        servers=n.astype(np.int64),
        wait_probability=wait,
        service_level=level,
        asa_s=asa,
        occupancy=np.full(count, np.nan),
    )
    return result, edgy


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
