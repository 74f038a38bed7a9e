"""Deferred work (email, tickets, work orders): smoothing within the deadline, never past it.

Work is measured in agent-slots: ``work[t]`` is the work arriving in slot ``t``, in agents that
would be busy the whole slot (volume * aht_s / interval_s). Work arriving in slot ``t`` may be
handled in slots ``t .. t + d - 1`` (``d`` = the deadline in whole slots, rounded down, so it is
done within ``d`` slots of its slot's start and so within the deadline of every item); work whose
deadline lies past the horizon is due by the horizon's end. Fluid model: work is available in
the slot it arrives in and handled first in, first out.

With ``X_k`` the work done in slots before ``k``, a plan is feasible exactly when, for every k,

    due_k = work arriving in slots <= k - d  <=  X_k  <=  arrived_k = work arriving in slots < k

(first in, first out finishes the earliest deadlines first, and deadlines follow arrivals, so
meeting the cumulative bound meets every deadline; doing more than has arrived is impossible).
Among all feasible plans we take the taut string: the shortest path of ``X`` between the two
cumulative curves. It has the lowest possible peak, ``max (due_j - arrived_i) / (j - i)``, and
among plans with that peak it is the flattest (it minimises every convex function of the
per-slot work, as in optimal smoothing of buffered video). It is computed by the funnel
algorithm: extend a straight line from the last bend while some slope keeps it between the
curves; when none does, the line bends at the point of the curve that closed the funnel.

Opening hours (``plan_open_hours``): work is planned only in open slots. Work arriving while the
queue is closed waits for the next open slot; it is due in the last open slot inside its
deadline. When the deadline passes before the queue opens again, the work cannot be done in
time: it is carried to the first open slot anyway (due there) and reported as a ``LateCarry``;
work arriving after the horizon's last open slot is reported with no slot to go to. The same
taut string then runs on the open slots alone, with these arrival and due bounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

import numpy as np
import numpy.typing as npt

__all__ = [
    "LateCarry",
    "deadline_slots",
    "deferred_service",
    "plan_open_hours",
    "smooth_deferred",
    "taut_string",
]


def deadline_slots(deadline_hours: float, interval_minutes: int) -> int:
    """Whole slots within the deadline, rounded down so work is never planned late."""
    slots = int(deadline_hours * 60 // interval_minutes)
    if slots < 1:
        raise ValueError(
            f"a deadline of {deadline_hours:g} h is shorter than one {interval_minutes}-minute slot"
        )
    return slots


def _bounds(work: Sequence[float], deadline: int) -> tuple[list[float], list[float]]:
    """(due_k, arrived_k) for k = 0..n, as in the module docstring."""
    if any(not (w >= 0) for w in work):  # also rejects NaN
        raise ValueError("work must be >= 0 in every slot")
    arrived = [0.0, *accumulate(work)]
    n = len(work)
    due = [arrived[max(0, k - deadline + 1)] for k in range(n)] + [arrived[n]]
    return due, arrived


def smooth_deferred(work: Sequence[float], deadline: int) -> list[float]:
    """Work to plan in each slot of a queue open throughout: the taut string between due and
    arrived work."""
    planned, _ = plan_open_hours(work, deadline, [True] * len(work))
    return planned


@dataclass(frozen=True)
class LateCarry:
    """Work arriving in slot ``arrived`` while the queue is closed, whose deadline passes before
    the queue opens again: planned from slot ``first_open`` (late), or nowhere when None (no
    open slot is left in the horizon). ``work`` in agent-slots, as the plan's input."""

    arrived: int
    first_open: int | None
    work: float


def plan_open_hours(
    work: Sequence[float], deadline: int, is_open: Sequence[bool]
) -> tuple[list[float], list[LateCarry]]:
    """Work to plan in each slot (0 where closed), and the work that cannot be done in time."""
    if deadline < 1:
        raise ValueError(f"deadline must be at least one slot, got {deadline}")
    if len(is_open) != len(work):
        raise ValueError("work and is_open need one entry per slot")
    amounts = np.array(work, dtype=np.float64)
    if not np.all(amounts >= 0):  # also rejects NaN
        raise ValueError("work must be >= 0 in every slot")
    open_slots = np.flatnonzero(np.array(is_open, dtype=bool))
    slots = np.arange(len(amounts))
    # In positions among the open slots: the first where the work can start, the last inside
    # its deadline (the last open slot when the deadline lies past the horizon).
    first = np.searchsorted(open_slots, slots, side="left")
    last = np.searchsorted(open_slots, slots + deadline - 1, side="right") - 1
    late = (last < first) & (amounts > 0)
    carries = [
        LateCarry(t, int(open_slots[first[t]]) if first[t] < len(open_slots) else None, w)
        for t, w in zip(np.flatnonzero(late).tolist(), amounts[late].tolist(), strict=True)
    ]
    plannable = first < len(open_slots)
    if not plannable.any():
        return [0.0] * len(amounts), carries
    planned = taut_string(
        *_open_bounds(amounts[plannable], first[plannable], last[plannable], len(open_slots))
    )
    result = np.zeros(len(amounts))
    result[open_slots] = planned
    return result.tolist(), carries


def _open_bounds(
    work: npt.NDArray[np.float64],
    first: npt.NDArray[np.intp],
    last: npt.NDArray[np.intp],
    count: int,
) -> tuple[list[float], list[float]]:
    """(due_k, arrived_k) for k = 0..count over the ``count`` open slots, ``first`` and ``last``
    in positions among them; late work is due where it can first be done."""
    arrived = np.concatenate(([0.0], np.cumsum(np.bincount(first, work, minlength=count))))
    due = np.concatenate(
        ([0.0], np.cumsum(np.bincount(np.maximum(first, last), work, minlength=count)))
    )
    # Both sum the same work in different groupings: rounding may part them by an ulp.
    np.minimum(due, arrived, out=due)
    due[-1] = arrived[-1]
    return due.tolist(), arrived.tolist()


def taut_string(lower: Sequence[float], upper: Sequence[float]) -> list[float]:
    """Slopes of the shortest path from (0, lower[0]) to (n, lower[n]) with
    ``lower[k] <= X_k <= upper[k]`` at every k; needs lower <= upper, equal at both ends."""
    n = len(lower) - 1
    if len(upper) != n + 1 or lower[0] != upper[0] or lower[n] != upper[n]:
        raise ValueError("the bounds must have the same length and meet at both ends")
    if any(low > high for low, high in zip(lower, upper, strict=True)):
        raise ValueError("the lower bound must not exceed the upper bound")
    slopes = [0.0] * n
    origin, height = 0, float(lower[0])
    while origin < n:
        end, end_height = _next_bend(lower, upper, origin, height)
        slope = (end_height - height) / (end - origin)
        slopes[origin:end] = [slope] * (end - origin)
        origin, height = end, end_height
    return slopes


def _next_bend(
    lower: Sequence[float], upper: Sequence[float], origin: int, height: float
) -> tuple[int, float]:
    """Where the string from (origin, height) first touches a bound it must bend around."""
    low_slope, high_slope = -float("inf"), float("inf")
    low_at = high_at = origin
    for k in range(origin + 1, len(lower)):
        run = k - origin
        to_low = (lower[k] - height) / run
        to_high = (upper[k] - height) / run
        if to_low > high_slope:  # must climb above the upper bound's tightest point: bend there
            return high_at, float(upper[high_at])
        if to_high < low_slope:  # must drop below the lower bound's tightest point: bend there
            return low_at, float(lower[low_at])
        if to_high <= high_slope:
            high_slope, high_at = to_high, k
        if to_low >= low_slope:
            low_slope, low_at = to_low, k
    return len(lower) - 1, float(lower[-1])


def deferred_service(
    work: Sequence[float], capacity: Sequence[float], deadline: int
) -> list[float | None]:
    """Share of each slot's arriving work finished within its deadline, given the work agents
    can do per slot (agent-slots), handled first in, first out; None for slots without work.

    The work done before slot k is ``X_{k+1} = min(X_k + capacity_k, arrived_{k+1})``.
    """
    if len(capacity) != len(work):
        raise ValueError("work and capacity need one entry per slot")
    _, arrived = _bounds(work, deadline)
    n = len(work)
    done = [0.0]
    for k in range(n):
        done.append(min(done[k] + max(0.0, capacity[k]), arrived[k + 1]))
    shares: list[float | None] = []
    for t in range(n):
        # The slot's work as the cumulative sums hold it, so that rounding in them cancels.
        amount = arrived[t + 1] - arrived[t]
        if amount <= 0:
            shares.append(None)
            continue
        last = min(n, t + deadline)  # handled in slots t .. last - 1
        finished = min(amount, max(0.0, done[last] - arrived[t]))
        shares.append(finished / amount)
    return shares
