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
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

__all__ = ["deadline_slots", "deferred_service", "smooth_deferred", "taut_string"]


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
    """Work to plan in each slot: the taut string between due and arrived work."""
    if deadline < 1:
        raise ValueError(f"deadline must be at least one slot, got {deadline}")
    due, arrived = _bounds(work, deadline)
    return taut_string(due, arrived)


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
