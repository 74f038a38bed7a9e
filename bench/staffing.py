"""Staffing throughput: our requirement computation against pyworkforce's Erlang C, same rows.

    pip install pyworkforce          # only for this benchmark; not a dependency of scheduler
    python bench/staffing.py [--seed 11] [--repeat 20]

The rows: 10 Erlang C queues x 14 days x 96 fifteen-minute intervals = 13,440 forecast rows,
seeded. Volumes follow an intraday curve with a sales-day peak and +-10% noise; the handle time
varies +-5% per interval, as forecast handle times do, so hardly two rows share a load and no
cache can help either side. Service targets, answer times and occupancy caps differ per queue.

Printed: the machine and its load average; rows per second of ``compute_requirements`` (the
whole table from the validated scenario, whose forecast the domain holds as columns,
``domain.Forecast``, as the reader hands it over: matching the forecast's queues to the
scenario's, placing every interval start on the slot grid, checking for repeated intervals and
missing handle times, staffing, shrinkage, opening hours) and of its Erlang C core alone
(``erlang_c_batch`` on the same rows as arrays); for reference, the untimed time to build the
forecast columns from 13,440 ``ForecastPoint`` objects, the reader's step before the scenario;
rows per second of ``pyworkforce.queuing.ErlangC(...).required_positions`` on every row with
calls (it rejects zero volume); both speed ratios; and whether the agent counts before
shrinkage are identical on every row where both apply, with the first differences if any.
Timings are the best of --repeat runs (pyworkforce: of at most 3), after a warm-up run, all in
one process.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import platform
import random
import sys
import time
from datetime import date, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout without installing the package
    sys.path.insert(0, str(ROOT))

from scheduler.domain import (  # noqa: E402
    Channel,
    Forecast,
    ForecastPoint,
    Horizon,
    Queue,
    Scenario,
)
from scheduler.staffing.batch import ErlangCInputs, erlang_c_batch  # noqa: E402
from scheduler.staffing.requirements import Requirements, compute_requirements  # noqa: E402

DAYS = 14
INTERVAL_MINUTES = 15
PEAK_DAY = 10  # the sale day, 2026-11-11 when the horizon starts on 2026-11-01
# (calls per 15 minutes at an ordinary day's peak, mean handle time s, target, answer s, cap)
QUEUES = (
    (12, 420, 0.8, 20, 0.85),
    (25, 300, 0.8, 20, 0.85),
    (40, 240, 0.9, 30, 0.9),
    (60, 180, 0.8, 20, 0.85),
    (90, 360, 0.8, 60, 0.9),
    (130, 200, 0.85, 20, 0.85),
    (180, 280, 0.8, 30, 0.9),
    (250, 150, 0.9, 15, 0.85),
    (330, 240, 0.8, 20, 0.88),
    (420, 300, 0.8, 20, 0.9),
)


def intraday(hour: float) -> float:
    """Relative volume by hour of day: quiet at night, peaks late morning and evening."""
    morning = math.exp(-(((hour - 11) / 3.0) ** 2))
    evening = 0.9 * math.exp(-(((hour - 20.5) / 2.5) ** 2))
    return 0.04 + morning + evening


def day_factor(day: int) -> float:
    return 3.0 if day == PEAK_DAY else 1.0 + 0.12 * max(0, day - 5)


def scenario(seed: int) -> Scenario:
    rng = random.Random(seed)
    start = date(2026, 11, 1)
    queues = tuple(
        Queue(
            queue_id=f"Q{index:02d}",
            name=f"Queue {index}",
            channel=Channel.VOICE,
            service_level=target,
            answer_time_s=answer,
            max_occupancy=cap,
            shrinkage=0.3,
        )
        for index, (_, _, target, answer, cap) in enumerate(QUEUES)
    )
    forecast = []
    for queue, (peak, aht, *_) in zip(queues, QUEUES, strict=True):
        for slot in range(DAYS * 24 * 60 // INTERVAL_MINUTES):
            day, minute = divmod(slot * INTERVAL_MINUTES, 24 * 60)
            expected = peak * day_factor(day) * intraday(minute / 60)
            forecast.append(
                ForecastPoint(
                    queue_id=queue.queue_id,
                    interval_start=datetime(2026, 11, 1)
                    + timedelta(minutes=INTERVAL_MINUTES * slot),
                    volume=max(0, round(expected * rng.uniform(0.9, 1.1))),
                    aht_s=round(aht * rng.uniform(0.95, 1.05), 1),
                )
            )
    return Scenario(
        name="bench",
        horizon=Horizon(start_date=start, days=DAYS, interval_minutes=INTERVAL_MINUTES),
        queues=queues,
        forecast=tuple(forecast),
        contracts=(),
        shifts=(),
        agents=(),
    )


def machine() -> str:
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    loadavg = Path("/proc/loadavg")
    # Other jobs on the machine slow both sides, and not by the same factor: say how busy it was.
    busy = f"; load average {' '.join(loadavg.read_text().split()[:3])}" if loadavg.exists() else ""
    return (
        f"machine: {os.cpu_count()} cores, {model}; Python {platform.python_version()}, "
        f"numpy {np.__version__}, pyworkforce {metadata.version('pyworkforce')}{busy}"
    )


def best_seconds(run: Any, repeat: int) -> float:
    run()  # warm-up: first calls pay for lazy imports and allocations
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        timings.append(time.perf_counter() - began)
    return min(timings)


def core_inputs(bench: Scenario) -> ErlangCInputs:
    """The Erlang C core's inputs for the same rows, as compute_requirements builds them."""
    queues = {queue.queue_id: queue for queue in bench.queues}
    interval_s = INTERVAL_MINUTES * 60.0

    def column(get: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
        return np.array([float(get(point, queues[point.queue_id])) for point in bench.forecast])

    volume = column(lambda p, q: p.volume)
    aht = column(lambda p, q: p.aht_s)
    return ErlangCInputs(
        load=volume * aht / interval_s,
        aht_s=aht,
        target=column(lambda p, q: q.service_level),
        answer_time_s=column(lambda p, q: q.answer_time_s),
        max_occupancy=column(lambda p, q: q.max_occupancy),
        asa_target_s=np.full(len(volume), np.nan),
        granularity=np.ones(len(volume), dtype=np.int64),
    )


# One pyworkforce call's arguments: (queue_id, slot) and the ErlangC and required_positions ones.
Call = tuple[tuple[str, int], dict[str, float], dict[str, float]]


def pyworkforce_calls(bench: Scenario) -> list[Call]:
    """The arguments for every row with calls, prepared outside the timed loop."""
    queues = {queue.queue_id: queue for queue in bench.queues}
    calls = []
    for point in bench.forecast:
        if not point.volume or point.aht_s is None:
            continue  # pyworkforce raises on zero transactions
        queue = queues[point.queue_id]
        slot = bench.horizon.slot_of(point.interval_start)
        assert slot is not None
        # Any unit works for pyworkforce as long as all times share it: seconds here.
        model = {
            "transactions": point.volume,
            "aht": point.aht_s,
            "asa": queue.answer_time_s,
            "interval": INTERVAL_MINUTES * 60,
        }
        target = {"service_level": queue.service_level, "max_occupancy": queue.max_occupancy}
        calls.append(((point.queue_id, slot), model, target))
    return calls


def pyworkforce_counts(calls: list[Call], erlang_c: Any) -> dict[tuple[str, int], int]:
    return {
        key: int(erlang_c(**model).required_positions(**target)["raw_positions"])
        for key, model, target in calls
    }


def compare(ours: Requirements, theirs: dict[tuple[str, int], int]) -> list[str]:
    differences = []
    for row in ours.rows:
        expected = theirs.get((row.queue_id, row.slot))
        if expected is not None and expected != row.net_agents:
            differences.append(
                f"{row.queue_id} {row.interval_start:%Y-%m-%d %H:%M} volume {row.volume:g} "
                f"aht {row.aht_s:g}: ours {row.net_agents}, pyworkforce {expected}"
            )
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    try:
        # Imported by name: it is no dependency of scheduler, so type checkers may not see it.
        erlang_c = importlib.import_module("pyworkforce.queuing").ErlangC
    except ImportError:
        print(
            "pyworkforce is not installed; install it for this benchmark: pip install pyworkforce"
        )
        return 0

    print(machine())
    bench = scenario(args.seed)
    rows = len(bench.forecast)
    per_day = 24 * 60 // INTERVAL_MINUTES
    print(f"rows: {rows:,} ({len(bench.queues)} queues x {DAYS} days x {per_day} intervals)")

    points = tuple(bench.forecast)
    build_s = best_seconds(lambda: Forecast.from_points(points), min(args.repeat, 3))
    ours_s = best_seconds(lambda: compute_requirements(bench), args.repeat)
    inputs = core_inputs(bench)
    core_s = best_seconds(lambda: erlang_c_batch(inputs), args.repeat)
    requirements = compute_requirements(bench)
    calls = pyworkforce_calls(bench)
    theirs = pyworkforce_counts(calls, erlang_c)
    # Best of fewer runs: one takes about as long as all of ours together.
    theirs_s = best_seconds(lambda: pyworkforce_counts(calls, erlang_c), min(args.repeat, 3))

    ours_rate, core_rate, theirs_rate = rows / ours_s, rows / core_s, len(theirs) / theirs_s
    print(f"scheduler compute_requirements: {ours_rate:12,.0f} rows/s ({ours_s * 1000:.1f} ms)")
    print(f"scheduler Erlang C core:        {core_rate:12,.0f} rows/s ({core_s * 1000:.1f} ms)")
    print(f"(not timed above: forecast columns from {rows:,} points, {build_s * 1000:.1f} ms)")
    print(
        f"pyworkforce required_positions: {theirs_rate:12,.0f} rows/s ({theirs_s * 1000:.1f} ms, "
        f"{len(theirs):,} rows with calls)"
    )
    print(f"speed ratio, compute_requirements / pyworkforce: {ours_rate / theirs_rate:,.0f}x")
    print(f"speed ratio, Erlang C core / pyworkforce:        {core_rate / theirs_rate:,.0f}x")
    differences = compare(requirements, theirs)
    verdict = "identical" if not differences else f"{len(differences)} differ"
    print(f"agent counts on the {len(theirs):,} rows where both apply: {verdict}")
    for line in differences[:10]:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
