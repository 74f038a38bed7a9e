"""Queueing formulas that turn offered load into agents: Erlang B, Erlang C and Erlang A.

Units: every time is in seconds. ``load`` is the offered load in erlangs,
``A = calls * aht_s / interval_s`` (equivalently ``arrival_rate_per_s * aht_s``); ``servers`` is
the number of agents ``N``.

- Erlang B (M/M/N/N, blocked calls lost): ``B(N, A)`` from the recursion
  ``B(0) = 1, B(n) = A*B(n-1) / (n + A*B(n-1))``. Every step stays in [0, 1], so it neither
  overflows nor loses precision for tens of thousands of servers, unlike ``A**N / N!``.
- Erlang C (M/M/N, infinite patience): probability of waiting ``C = N*B / (N - A*(1 - B))`` for
  ``N > A``; ``C = 1`` when ``N <= A`` because the queue then grows without bound.
  Service level ``SL = 1 - C*exp(-(N - A)*t/aht)``, the share of calls answered within ``t``;
  average speed of answer over all calls ``ASA = C*aht/(N - A)``; occupancy ``min(1, A/N)``.
- Erlang A (M/M/N+M, exponential patience with mean ``patience_s``): see ``erlang_a``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "ErlangAMetrics",
    "agents_for_service_level",
    "agents_for_targets",
    "average_speed_of_answer",
    "erlang_a",
    "erlang_a_agents",
    "erlang_b",
    "erlang_c",
    "occupancy",
    "service_level",
]

# Queue states the Erlang A sum may visit before we refuse; the sum needs about
# (arrival_rate - servers/aht) * patience states when understaffed, so only absurd inputs hit it.
_MAX_QUEUE_STATES = 2_000_000
# Truncate the Erlang A queue sum once the rest is provably below this share of what we have.
_TAIL_TOLERANCE = 1e-17
# math.exp overflows above ~709.78; beyond this a ratio is treated as infinite.
_MAX_EXP = 700.0


def _servers(servers: int) -> int:
    # operator.index accepts numpy integers from pandas columns but refuses 2.5 and "3".
    if isinstance(servers, bool):
        raise TypeError(f"servers must be an int, got {servers!r}")
    count = operator.index(servers)
    if count < 0:
        raise ValueError(f"servers must be >= 0, got {count}")
    return count


def _check_nonnegative(name: str, value: float) -> None:
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")


def _check_positive(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")


def erlang_b(servers: int, load: float) -> float:
    """Blocking probability of an M/M/N/N loss system with ``servers`` and ``load`` erlangs."""
    servers = _servers(servers)
    _check_nonnegative("load", load)
    return _erlang_b(servers, load)


def _erlang_b(servers: int, load: float) -> float:
    blocking = 1.0
    for n in range(1, servers + 1):
        blocking = load * blocking / (n + load * blocking)
    return blocking


def _erlang_c_from_b(servers: int, load: float, blocking: float) -> float:
    # Shared by erlang_c and agents_for_service_level so both give bit-identical answers.
    return servers * blocking / (servers - load * (1.0 - blocking))


def _service_level_from_c(
    servers: int, load: float, wait_probability: float, aht_s: float, answer_time_s: float
) -> float:
    return 1.0 - wait_probability * math.exp(-(servers - load) * answer_time_s / aht_s)


def erlang_c(servers: int, load: float) -> float:
    """Probability that a call waits (M/M/N); 1.0 when ``servers <= load`` (unstable queue)."""
    servers = _servers(servers)
    _check_nonnegative("load", load)
    if servers <= load:
        return 1.0
    return _erlang_c_from_b(servers, load, _erlang_b(servers, load))


def service_level(servers: int, load: float, aht_s: float, answer_time_s: float) -> float:
    """Share of calls answered within ``answer_time_s`` (Erlang C); 0 when ``servers <= load``."""
    servers = _servers(servers)
    _check_nonnegative("load", load)
    _check_positive("aht_s", aht_s)
    _check_nonnegative("answer_time_s", answer_time_s)
    if servers <= load:
        return 0.0
    wait = _erlang_c_from_b(servers, load, _erlang_b(servers, load))
    return _service_level_from_c(servers, load, wait, aht_s, answer_time_s)


def average_speed_of_answer(servers: int, load: float, aht_s: float) -> float:
    """Mean wait in seconds over all calls, waiting or not (Erlang C).

    Infinite when ``servers <= load``, where the queue grows without bound.
    """
    servers = _servers(servers)
    _check_nonnegative("load", load)
    _check_positive("aht_s", aht_s)
    if servers <= load:
        return math.inf
    wait = _erlang_c_from_b(servers, load, _erlang_b(servers, load))
    return wait * aht_s / (servers - load)


def occupancy(servers: int, load: float) -> float:
    """Share of agent time spent handling calls, ``min(1, load / servers)``.

    With no agents it is 0 when there is no load and 1 otherwise (the limit of ``load / N``).
    """
    servers = _servers(servers)
    _check_nonnegative("load", load)
    if servers == 0:
        return 0.0 if load == 0 else 1.0
    return min(1.0, load / servers)


def _min_agents_for_occupancy(load: float, max_occupancy: float) -> int:
    # The division below can round either way, so settle on the exact smallest n with
    # load / n <= max_occupancy as evaluated in floating point, the same test callers can repeat.
    n = max(1, math.ceil(load / max_occupancy))
    while n > 1 and load / (n - 1) <= max_occupancy:
        n -= 1
    while load / n > max_occupancy:
        n += 1
    return n


def agents_for_service_level(
    load: float,
    aht_s: float,
    target: float,
    answer_time_s: float,
    max_occupancy: float = 1.0,
) -> int:
    """Smallest number of agents meeting an Erlang C service-level target and an occupancy cap.

    Returns the smallest ``N`` with ``service_level(N, load, aht_s, answer_time_s) >= target`` and
    ``load / N <= max_occupancy``, or 0 when ``load == 0``. The target must lie strictly between 0
    and 1: a positive target implies ``N > load``, since ``service_level`` is 0 for an unstable
    queue, and a target of 1 is never reached.

    Both tests are exact floating-point comparisons with no tolerance, so the answer is the one a
    caller re-checking with ``service_level`` and ``load / N`` would agree with. A level that falls
    short of the target by rounding error alone therefore counts as missed; the service level is
    continuous in the inputs, so that only ever costs a single agent on a knife-edge input.

    The search starts at the largest lower bound (``floor(load) + 1``, below which the queue is
    unstable, and the occupancy cap) and walks upwards, advancing Erlang B by one recursion step per
    agent, so it costs O(N) in total.
    """
    return agents_for_targets(
        load, aht_s, target=target, answer_time_s=answer_time_s, max_occupancy=max_occupancy
    )


def _check_targets(
    target: float | None, max_occupancy: float, asa_target_s: float | None = None
) -> None:
    if target is not None and not (0 < target < 1):
        raise ValueError(f"target must be in (0, 1), got {target!r}")
    if not (0 < max_occupancy <= 1):
        raise ValueError(f"max_occupancy must be in (0, 1], got {max_occupancy!r}")
    if asa_target_s is not None:
        _check_positive("asa_target_s", asa_target_s)


def agents_for_targets(
    load: float,
    aht_s: float,
    *,
    target: float | None,
    answer_time_s: float,
    max_occupancy: float = 1.0,
    asa_target_s: float | None = None,
) -> int:
    """Smallest number of agents meeting every Erlang C target given; 0 when ``load == 0``.

    The targets are a service level (``target`` of calls answered within ``answer_time_s``), an
    average speed of answer of at most ``asa_target_s`` seconds, and the occupancy cap; a target
    of None is not required. Without any, the answer is the smallest stable staffing within
    the cap. The comparisons are exact, as in ``agents_for_service_level``; both service level
    and ASA improve with every added agent, so walking upwards finds the smallest.
    """
    _check_nonnegative("load", load)
    _check_positive("aht_s", aht_s)
    _check_nonnegative("answer_time_s", answer_time_s)
    _check_targets(target, max_occupancy, asa_target_s)
    if load == 0:
        return 0
    n = max(math.floor(load) + 1, _min_agents_for_occupancy(load, max_occupancy))
    blocking = _erlang_b(n, load)
    while True:
        wait = _erlang_c_from_b(n, load, blocking)
        level_met = target is None or (
            _service_level_from_c(n, load, wait, aht_s, answer_time_s) >= target
        )
        # The same expression as average_speed_of_answer, so a re-check agrees bit for bit.
        asa_met = asa_target_s is None or wait * aht_s / (n - load) <= asa_target_s
        if level_met and asa_met:
            return n
        n += 1
        blocking = load * blocking / (n + load * blocking)


@dataclass(frozen=True)
class ErlangAMetrics:
    """Steady-state performance of an M/M/N+M queue (Erlang A).

    wait_probability: share of arrivals that find every agent busy and queue.
    abandon_probability: share of arrivals that hang up before being answered.
    service_level: share of all arrivals answered within the answer time (abandoned calls count
        as not answered, whenever they hang up).
    asa_s: mean time in queue over all arrivals, in seconds, counting the time abandoning callers
        spent waiting and zero for calls answered at once.
    occupancy: served load / N, where served load = arrival rate * (1 - abandon_probability) * aht.
    """

    wait_probability: float
    abandon_probability: float
    service_level: float
    asa_s: float
    occupancy: float


def erlang_a(
    servers: int,
    arrival_rate_per_s: float,
    aht_s: float,
    patience_s: float,
    answer_time_s: float,
) -> ErlangAMetrics:
    """Erlang A (M/M/N+M): Poisson arrivals, exponential handling and exponential patience.

    The number of calls in the system is a birth-death chain with birth rate ``lam`` and death
    rate ``min(k, N)*mu + max(k - N, 0)*theta`` (``mu = 1/aht_s``, ``theta = 1/patience_s``). Below
    ``N`` the stationary weights relative to state ``N`` sum to ``1/B(N, A)`` (Erlang B, no
    factorials); above ``N`` the weight of ``j`` queued calls is
    ``r_j = prod_{i=1..j} y/(x + i)`` with ``x = N*mu/theta`` and ``y = lam/theta``. The ``r_j`` are
    summed in log space with a running maximum, so they may be astronomically large (far fewer
    agents than the offered load) without overflow, and the sum stops once a geometric bound on
    the rest is negligible. The cost is O(N + number of queue states that matter).

    From the chain: the waiting probability is the stationary mass at ``k >= N`` (arrivals see
    time averages); the abandonment probability is ``theta * E[queue] / lam`` (abandonment flow
    over arrival flow); ASA is ``E[queue] / lam`` (Little's law on the queue, so it averages over
    all arrivals, including the time abandoning callers waited).

    Service level: an arrival that finds ``j`` calls queued ahead leaves the queue at rate
    ``N*mu + i*theta`` while ``i`` are ahead, and abandons itself at rate ``theta``. It is served
    with probability ``x/(x + j + 1)`` and, given that, its wait is a sum of exponentials with
    rates ``theta*(x + 1 + i)``, ``i = 0..j``, whose distribution function at ``t`` is the
    regularised incomplete beta ``I_p(j + 1, x + 1)`` with ``p = 1 - exp(-theta*t)``, i.e. one
    minus a negative-binomial distribution function that we accumulate term by term alongside
    ``r_j``.
    """
    servers = _servers(servers)
    _check_nonnegative("arrival_rate_per_s", arrival_rate_per_s)
    _check_positive("aht_s", aht_s)
    _check_positive("patience_s", patience_s)
    _check_nonnegative("answer_time_s", answer_time_s)
    lam = arrival_rate_per_s
    if lam == 0:
        return ErlangAMetrics(0.0, 0.0, 1.0, 0.0, 0.0)
    load = lam * aht_s
    theta = 1.0 / patience_s
    blocking = _erlang_b(servers, load)
    if blocking == 0.0:
        # So many agents that the chance of finding them all busy underflows: nobody waits.
        return ErlangAMetrics(0.0, 0.0, 1.0, 0.0, min(1.0, load / servers))

    x = servers * patience_s / aht_s
    y = lam * patience_s
    if y - x > _MAX_QUEUE_STATES:
        raise ValueError(
            f"Erlang A with {servers} agents for {load:.6g} erlangs and patience {patience_s} s "
            f"needs about {y - x:.3g} queue states; the queue is too long to evaluate"
        )
    queue_weight, mean_queued, answered_in_time = _queue_sums(x, y, theta * answer_time_s)

    # wait = W / ((1 - B)/B + W), with W = exp(log_w) carried in log space.
    log_w, scaled_w = queue_weight
    if blocking == 1.0:
        wait = 1.0
    else:
        exponent = math.log1p(-blocking) - math.log(blocking) - log_w - math.log(scaled_w)
        wait = 0.0 if exponent > _MAX_EXP else 1.0 / (1.0 + math.exp(exponent))

    mean_queue = wait * mean_queued
    abandon = min(1.0, theta * mean_queue / lam)
    served_load = lam * (1.0 - abandon) * aht_s
    return ErlangAMetrics(
        wait_probability=wait,
        abandon_probability=abandon,
        service_level=min(1.0, (1.0 - wait) + wait * answered_in_time),
        asa_s=mean_queue / lam,
        occupancy=0.0 if servers == 0 else min(1.0, served_load / servers),
    )


def _queue_sums(x: float, y: float, theta_t: float) -> tuple[tuple[float, float], float, float]:
    """Sums over the queue length ``j`` of the Erlang A chain, given all agents are busy.

    Returns ``((log_max, scaled), mean_queued, answered_in_time)``: the total weight
    ``sum r_j = exp(log_max) * scaled``, the mean queue length and the share answered within the
    answer time, both conditional on an arrival finding all agents busy.
    """
    log_y = math.log(y)
    p = -math.expm1(-theta_t)
    log_p = math.log(p) if p > 0 else -math.inf
    # Negative-binomial(x + 1, p) distribution function at j, built from log terms because its
    # first term (1 - p)**(x + 1) = exp(-(x + 1)*theta*t) underflows for large N*t/aht.
    log_term = -(x + 1.0) * theta_t
    cdf = math.exp(log_term)

    log_max = 0.0  # log r_0
    total = 1.0  # sum r_j / exp(log_max)
    queued = 0.0  # sum j * r_j / exp(log_max)
    answered = x / (x + 1.0) * max(0.0, 1.0 - cdf)  # sum r_j * P(answered in time | j) / ...
    log_r = 0.0
    j = 0
    while True:
        j += 1
        if j > _MAX_QUEUE_STATES:
            raise ValueError("Erlang A queue sum did not converge; patience or load is extreme")
        log_r += log_y - math.log(x + j)
        log_term += math.log((x + j) / j) + log_p
        cdf += math.exp(log_term)
        if log_r > log_max:
            scale = math.exp(log_max - log_r)
            total *= scale
            queued *= scale
            answered *= scale
            log_max = log_r
        r = math.exp(log_r - log_max)
        total += r
        queued += j * r
        answered += r * x / (x + j + 1.0) * max(0.0, 1.0 - cdf)
        ratio = y / (x + j + 1.0)
        if ratio < 1.0:
            # Later terms shrink at least geometrically by `ratio`; bound what is left of the
            # j-weighted sum, which dominates the other two.
            rest = r * ratio / (1.0 - ratio) * (j + 1.0 / (1.0 - ratio))
            if rest <= _TAIL_TOLERANCE * total:
                break
    return (log_max, total), queued / total, answered / total


def erlang_a_agents(
    arrival_rate_per_s: float,
    aht_s: float,
    patience_s: float,
    *,
    target: float | None,
    answer_time_s: float,
    max_occupancy: float = 1.0,
    abandon_target: float | None = None,
    asa_target_s: float | None = None,
) -> int:
    """Smallest number of agents meeting every Erlang A target given; 0 without arrivals.

    Targets: service level ``target`` within ``answer_time_s`` (abandoned calls count as not
    answered), abandonment probability at most ``abandon_target``, ASA (``ErlangAMetrics.asa_s``)
    at most ``asa_target_s``, and occupancy (served load per agent) at most ``max_occupancy``;
    None leaves a target out. At least one agent is staffed whenever calls arrive.

    Each metric improves as agents are added, so the targets hold from some N on. The search
    starts at the Erlang C answer for the same targets (abandonment usually lets Erlang A need a
    little less, and short patience a little more), gallops away from it by doubling steps and
    finishes by bisection, so it evaluates Erlang A O(log N) times. The agent count one below
    the answer was evaluated and failed, or is zero.
    """
    _check_nonnegative("arrival_rate_per_s", arrival_rate_per_s)
    _check_positive("aht_s", aht_s)
    _check_positive("patience_s", patience_s)
    _check_nonnegative("answer_time_s", answer_time_s)
    _check_targets(target, max_occupancy, asa_target_s)
    if abandon_target is not None and not (0 < abandon_target < 1):
        raise ValueError(f"abandon_target must be in (0, 1), got {abandon_target!r}")
    if arrival_rate_per_s == 0:
        return 0

    def meets(servers: int) -> bool:
        metrics = erlang_a(servers, arrival_rate_per_s, aht_s, patience_s, answer_time_s)
        return (
            (target is None or metrics.service_level >= target)
            and (abandon_target is None or metrics.abandon_probability <= abandon_target)
            and (asa_target_s is None or metrics.asa_s <= asa_target_s)
            and metrics.occupancy <= max_occupancy
        )

    start = agents_for_targets(
        arrival_rate_per_s * aht_s,
        aht_s,
        target=target,
        answer_time_s=answer_time_s,
        max_occupancy=max_occupancy,
        asa_target_s=asa_target_s,
    )
    return _smallest_meeting(meets, max(1, start))


def _smallest_meeting(meets: Callable[[int], bool], start: int) -> int:
    """Smallest n >= 1 with ``meets(n)``, for a ``meets`` that holds from some n on."""
    step = 1
    if meets(start):
        failing, passing = start - 1, start
        while failing >= 1 and meets(failing):
            passing = failing
            step *= 2
            failing = max(0, passing - step)
    else:
        failing, passing = start, start + 1
        while not meets(passing):
            failing = passing
            step *= 2
            passing = failing + step
    # Invariant: meets(passing), and failing is 0 or was evaluated and failed.
    while passing - failing > 1:
        middle = (failing + passing) // 2
        if meets(middle):
            passing = middle
        else:
            failing = middle
    return passing
