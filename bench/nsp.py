"""Public rostering benchmark: Curtois & Qu (2014) nurse rostering instances, solved by our engine.

    python bench/nsp.py PATH... --time-limit 60 --out-dir DIR [--workers N] [--seed S]
                        [--best-known CSV] [--solvers ours plain]

Each instance file (schedulingbenchmarks.org format, see tests/data/nsp/README.md) is read,
converted into the project's own domain model (a Scenario in shift-demand mode) and solved by
`scheduler.pipeline.solve`, the engine users run. Its roster is written as `DIR/<instance>.csv`
(rows `employee,day,shift`), read back and judged by `nsp_eval.py`, an evaluator that imports
nothing from `scheduler`. Beside it, in the same run and at the same time limit and workers,
the plain CP-SAT model (`nsp_plain.py`, one boolean per employee, day and shift) goes the same
way through `DIR/<instance>.plain.csv` and the evaluator.

Printed: the machine, then per instance both objectives, the best published objective, each
gap in %, ours / plain as a ratio, seconds, hard violations (must be 0) and each objective split
into cover cost + request cost. Exit status 1 when a solution breaks a hard constraint or ours is
worse than plain on some instance.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from datetime import time as clock
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(ROOT))

from nsp_eval import HEADER, Evaluation, evaluate, read_solution  # noqa: E402
from nsp_instance import Instance, NspFormatError, Staff, read_instance  # noqa: E402
from nsp_plain import solve_plain  # noqa: E402
from pydantic import ValidationError  # noqa: E402

from scheduler.atomic import write_atomically  # noqa: E402
from scheduler.domain import (  # noqa: E402
    Agent,
    Channel,
    Contract,
    Horizon,
    Queue,
    Scenario,
    ShiftDemand,
    ShiftRequest,
    ShiftTemplate,
    Skill,
    TimeOff,
    Weights,
)
from scheduler.errors import SchedulerError  # noqa: E402
from scheduler.pipeline import solve  # noqa: E402
from scheduler.result import Roster  # noqa: E402
from scheduler.roster.solve import SolveParams  # noqa: E402

START = date(2024, 1, 1)  # a Monday: day 0 of every instance is a Monday
INTERVAL_MINUTES = 30
FIRST_START_MINUTES = 6 * 60  # shifts start from 06:00 on, so none reaches the next day's first
QUEUE_ID = "WARD"
Assignment = tuple[str, int, str]  # (employee, day, shift_id)


# --- Conversion into the domain model ---


def shift_starts(instance: Instance) -> dict[str, int]:
    """Start minute of each shift type: one fixed start per type, distinct among types of the
    same length so that a rostered (start, length) names its type. Starting at 06:00 in 30-minute
    steps keeps every shift clear of the next day's earliest start, so no rule beyond the
    benchmark's (rest, overlap, nights) can bite."""
    starts: dict[str, int] = {}
    seen_lengths: dict[int, int] = {}
    for shift in instance.shifts:
        if shift.minutes % INTERVAL_MINUTES:
            raise NspFormatError(
                f"{instance.name}: shift {shift.shift_id} lasts {shift.minutes} minutes; "
                f"the conversion needs a multiple of {INTERVAL_MINUTES}"
            )
        rank = seen_lengths.get(shift.minutes, 0)
        seen_lengths[shift.minutes] = rank + 1
        starts[shift.shift_id] = FIRST_START_MINUTES + rank * INTERVAL_MINUTES
        if starts[shift.shift_id] + shift.minutes > 24 * 60 + FIRST_START_MINUTES:
            raise NspFormatError(
                f"{instance.name}: too many shift types of {shift.minutes} minutes to give each a "
                "start of its own without overlapping the next day"
            )
    return starts


def to_scenario(instance: Instance) -> Scenario:
    """The instance as a Scenario: one queue, no forecast, demand in heads per shift and day."""
    starts = shift_starts(instance)
    horizon = Horizon(start_date=START, days=instance.days, interval_minutes=INTERVAL_MINUTES)
    contracts = _contracts(instance)
    return Scenario(
        name=instance.name,
        horizon=horizon,
        queues=(
            Queue(
                queue_id=QUEUE_ID,
                name="Ward",
                channel=Channel.OTHER,
                service_level=0.8,
                answer_time_s=20,
                max_occupancy=0.85,
                shrinkage=0,
            ),
        ),
        forecast=(),
        contracts=tuple(contracts.values()),
        shifts=tuple(
            ShiftTemplate(
                shift_id=s.shift_id,
                name=s.shift_id,
                earliest_start=_clock(starts[s.shift_id]),
                latest_start=_clock(starts[s.shift_id]),
                start_step_minutes=INTERVAL_MINUTES,
                paid_hours=s.minutes / 60,
                meal_minutes=0,
            )
            for s in instance.shifts
        ),
        agents=tuple(
            Agent(
                agent_id=s.staff_id,
                name=s.staff_id,
                contract_id=contracts[_limits(s)].contract_id,
                skills=(Skill(queue_id=QUEUE_ID),),
            )
            for s in instance.staff
        ),
        time_off=tuple(
            TimeOff(agent_id=who, first_day=horizon.day_date(d), last_day=horizon.day_date(d))
            for who, days in instance.days_off
            for d in days
        ),
        weights=Weights(
            understaffing_per_agent_hour=0, overstaffing_per_agent_hour=0, cost_per_currency_unit=0
        ),
        shift_demand=tuple(
            ShiftDemand(
                date=horizon.day_date(c.day),
                shift_id=c.shift_id,
                required=c.required,
                under_weight=c.under_weight,
                over_weight=c.over_weight,
            )
            for c in instance.cover
        ),
        shift_requests=tuple(
            ShiftRequest(
                agent_id=r.staff_id,
                date=horizon.day_date(r.day),
                shift_id=r.shift_id,
                wanted=wanted,
                weight=r.weight,
            )
            for wanted, requests in ((True, instance.on_requests), (False, instance.off_requests))
            for r in requests
        ),
    )


Limits = tuple[object, ...]


def _limits(staff: Staff) -> Limits:
    """Everything of an employee's line but the ID: employees with equal limits share a contract."""
    return (
        staff.max_shifts,
        staff.max_minutes,
        staff.min_minutes,
        staff.max_consecutive,
        staff.min_consecutive,
        staff.min_consecutive_off,
        staff.max_weekends,
    )


def _contracts(instance: Instance) -> dict[Limits, Contract]:
    contracts: dict[Limits, Contract] = {}
    for staff in instance.staff:
        key = _limits(staff)
        if key not in contracts:
            contract_id = f"C{len(contracts) + 1}"
            contracts[key] = _contract(instance, staff, contract_id)
    return contracts


def _contract(instance: Instance, staff: Staff, contract_id: str) -> Contract:
    """The employee's limits as contract rules; a limit that cannot bind within the horizon is
    left off (our rules bound some values, e.g. max_weekends <= 9, that the file may exceed)."""
    if staff.max_minutes == 0 or staff.max_consecutive == 0:
        raise NspFormatError(
            f"{instance.name}: employee {staff.staff_id} may never work; the conversion needs "
            "MaxTotalMinutes and MaxConsecutiveShifts above 0"
        )
    if staff.min_consecutive_off > 7:
        raise NspFormatError(
            f"{instance.name}: employee {staff.staff_id} needs {staff.min_consecutive_off} "
            "consecutive days off; our contracts go up to 7"
        )
    successions = tuple(
        (shift.shift_id, follower) for shift in instance.shifts for follower in shift.forbidden_next
    )
    return Contract(
        contract_id=contract_id,
        name=f"{instance.name} limits of {staff.staff_id}",
        min_hours_week=0,
        max_hours_week=168,
        max_days_week=7,
        min_rest_hours=0,
        allowed_shifts=tuple(s for s, most in staff.max_shifts if most > 0),
        max_shifts_per_template=staff.max_shifts,
        min_hours_horizon=staff.min_minutes / 60,
        max_hours_horizon=staff.max_minutes / 60,
        max_consecutive_days=staff.max_consecutive
        if staff.max_consecutive < instance.days
        else None,
        min_consecutive_days=staff.min_consecutive if staff.min_consecutive > 1 else None,
        min_consecutive_days_off=(
            staff.min_consecutive_off if staff.min_consecutive_off > 1 else None
        ),
        max_weekends=(staff.max_weekends if staff.max_weekends < len(instance.weekends) else None),
        forbidden_successions=successions,
    )


def _clock(minutes: int) -> clock:
    return clock(minutes // 60, minutes % 60)


def roster_assignments(instance: Instance, horizon: Horizon, roster: Roster) -> list[Assignment]:
    """(employee, day, shift) of each worked shift; the type is the one with that start and
    length. A shift matching no type (the engine never makes one) is an error."""
    starts = shift_starts(instance)
    by_shape = {(starts[s.shift_id], s.minutes): s.shift_id for s in instance.shifts}
    rows = []
    for worked in roster.worked_shifts():
        day = horizon.day_index(worked.day)
        start = round((worked.start - horizon.start).total_seconds() / 60) - 24 * 60 * (day or 0)
        shift_id = by_shape.get((start, worked.paid_minutes))
        if day is None or shift_id is None:
            raise RuntimeError(
                f"{instance.name}: the engine rostered {worked.agent_id} on {worked.day} from "
                f"{worked.start:%H:%M} for {worked.paid_minutes} minutes, no shift type of the file"
            )
        rows.append((worked.agent_id, day, shift_id))
    return rows


# --- Running both solvers ---


@dataclass(frozen=True)
class Run:
    """One solver on one instance, judged by the evaluator from its CSV."""

    seconds: float
    evaluation: Evaluation | None  # None: no solution found in time
    note: str = ""


def run_ours(instance: Instance, params: SolveParams, csv_path: Path) -> Run:
    started = time.perf_counter()
    try:
        scenario = to_scenario(instance)
    except (NspFormatError, ValidationError) as error:  # e.g. a horizon beyond our 62 days
        return _unsolved(csv_path, 0.0, "cannot convert: " + " ".join(str(error).split()))
    try:
        result = solve(scenario, params)
    except SchedulerError as error:  # e.g. the engine proves the rules conflict
        return _unsolved(csv_path, time.perf_counter() - started, str(error).splitlines()[0])
    seconds = time.perf_counter() - started
    rows = roster_assignments(instance, scenario.horizon, result.roster)
    return _judged(instance, rows, csv_path, seconds, str(result.status))


def run_plain(instance: Instance, params: SolveParams, csv_path: Path) -> Run:
    result = solve_plain(instance, params.time_limit_s, params.workers, params.seed)
    if result.objective is None:
        return _unsolved(csv_path, result.seconds, result.status.lower())
    return _judged(instance, result.assignments, csv_path, result.seconds, result.status.lower())


def _unsolved(path: Path, seconds: float, note: str) -> Run:
    """No solution: a CSV left by an earlier run must not pass for this run's."""
    path.unlink(missing_ok=True)
    return Run(seconds, None, note)


def _judged(
    instance: Instance, rows: Iterable[Assignment], path: Path, seconds: float, note: str
) -> Run:
    write_solution(path, instance, rows)
    return Run(seconds, evaluate(instance, read_solution(path, instance)), note)


def write_solution(path: Path, instance: Instance, rows: Iterable[Assignment]) -> None:
    """CSV `employee,day,shift`, employees in file order then days; replaced atomically."""
    order = {s.staff_id: index for index, s in enumerate(instance.staff)}
    ordered = sorted(rows, key=lambda row: (order[row[0]], row[1]))

    def write(temporary: Path) -> None:
        with temporary.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(ordered)

    write_atomically(path, write, force=True)


# --- Report ---


def read_best_known(path: Path) -> dict[str, float]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    best = {}
    for number, row in enumerate(rows, start=2):
        try:
            best[row["instance"]] = float(row["best_known"])
        except (KeyError, TypeError, ValueError):
            raise NspFormatError(
                f"{path}, row {number}: expected columns instance,best_known with a number"
            ) from None
    return best


def default_best_known(paths: Sequence[Path]) -> Path | None:
    """best_known.csv beside the first instance file, or one folder up (instances/ beside it)."""
    if not paths:
        return None
    folder = paths[0].resolve().parent
    return next(
        (p for p in (folder / "best_known.csv", folder.parent / "best_known.csv") if p.exists()),
        None,
    )


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    for line in cpuinfo.read_text().splitlines() if cpuinfo.exists() else []:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"machine: {cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"OR-Tools {version('ortools')}; load average {load}"
    )


COLUMNS = (
    ("instance", 11),
    ("ours", 7),
    ("plain", 7),
    ("best", 7),
    ("gap ours%", 9),
    ("gap plain%", 10),
    ("ours/plain", 10),
    ("s ours", 7),
    ("s plain", 7),
    ("hard ours", 9),
    ("hard plain", 10),
    ("ours cover+req", 15),
    ("plain cover+req", 15),
)


def table_row(name: str, ours: Run | None, plain: Run | None, best: float | None) -> list[str]:
    ours_objective = _objective(ours)
    plain_objective = _objective(plain)
    ours_legal, plain_legal = _legal_objective(ours), _legal_objective(plain)
    ratio = f"{ours_legal / plain_legal:.3f}" if ours_legal is not None and plain_legal else "-"
    return [
        name,
        _number(ours_objective),
        _number(plain_objective),
        _number(best),
        _gap(ours_objective, best),
        _gap(plain_objective, best),
        ratio,
        "-" if ours is None else f"{ours.seconds:.1f}",
        "-" if plain is None else f"{plain.seconds:.1f}",
        _hard(ours),
        _hard(plain),
        _split(ours),
        _split(plain),
    ]


def _objective(run: Run | None) -> int | None:
    return None if run is None or run.evaluation is None else run.evaluation.objective


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _gap(objective: int | None, best: float | None) -> str:
    if objective is None or not best:
        return "-"
    return f"{100 * (objective - best) / best:.1f}"


def _hard(run: Run | None) -> str:
    if run is None:
        return "-"
    if run.evaluation is None:
        return "none"
    return str(len(run.evaluation.violations))


def _split(run: Run | None) -> str:
    if run is None or run.evaluation is None:
        return "-"
    return f"{run.evaluation.cover_cost}+{run.evaluation.request_cost}"


def print_table(rows: Sequence[Sequence[str]], out: Callable[[str], None] = print) -> None:
    widths = [max(width, *(len(row[i]) for row in rows)) for i, (_, width) in enumerate(COLUMNS)]
    out("  ".join(title.rjust(w) for (title, _), w in zip(COLUMNS, widths, strict=True)))
    for row in rows:
        out("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)))


@dataclass(frozen=True)
class Outcome:
    name: str
    ours: Run | None
    plain: Run | None


def status_line(outcome: Outcome) -> str:
    """How each solver ended on the instance (CP-SAT or engine status, or why no solution)."""
    parts = [
        f"{which} {run.note}"
        for which, run in (("ours", outcome.ours), ("plain", outcome.plain))
        if run is not None
    ]
    return f"{outcome.name}: {'; '.join(parts)}"


def _legal_objective(run: Run | None) -> int | None:
    """The objective of a solution that keeps every hard rule; None for none or a broken one."""
    if run is None or run.evaluation is None or run.evaluation.violations:
        return None
    return run.evaluation.objective


def verdict(outcomes: Sequence[Outcome]) -> tuple[list[str], bool]:
    """Summary lines, and whether the benchmark passed: no hard violation anywhere and, where
    both solvers ran, ours at least as good as plain on every instance. A solution that breaks
    a hard rule counts as no solution in the comparison."""
    violations = sum(
        len(run.evaluation.violations)
        for o in outcomes
        for run in (o.ours, o.plain)
        if run is not None and run.evaluation is not None
    )
    lines = [f"hard violations in all solutions: {violations}"]
    pairs = [
        (o.name, _legal_objective(o.ours), _legal_objective(o.plain))
        for o in outcomes
        if o.ours is not None and o.plain is not None
    ]
    worse = [n for n, ours, plain in pairs if plain is not None and (ours is None or ours > plain)]
    better = [n for n, ours, plain in pairs if ours is not None and (plain is None or ours < plain)]
    if pairs:
        ratios = [ours / plain for _, ours, plain in pairs if ours is not None and plain]
        mean = math.exp(sum(map(math.log, ratios)) / len(ratios)) if ratios else math.nan
        lines.append(
            f"ours vs plain (legal solutions only): better on {len(better)} of {len(pairs)}, "
            f"worse on {len(worse)}{' (' + ', '.join(worse) + ')' if worse else ''}; "
            f"geometric mean ours/plain {mean:.3f} over {len(ratios)} instance(s)"
        )
    return lines, violations == 0 and not worse


# --- Command line ---


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Solve Curtois & Qu nurse rostering instances with our engine and a plain "
        "CP-SAT model; judge both with an independent evaluator."
    )
    parser.add_argument("paths", nargs="+", type=Path, help="instance files (Instance*.txt)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per solver run")
    parser.add_argument("--out-dir", type=Path, required=True, help="where solution CSVs go")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--best-known",
        type=Path,
        help="CSV instance,best_known (default: best_known.csv beside "
        "the instance files or one folder up, if present)",
    )
    parser.add_argument(
        "--solvers",
        nargs="+",
        choices=("ours", "plain"),
        default=["ours", "plain"],
        help="which to run (default both)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        instances = [read_instance(path) for path in args.paths]
        best_path = args.best_known or default_best_known(args.paths)
        best = read_best_known(best_path) if best_path is not None else {}
    except (NspFormatError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(machine())
    print(
        f"time limit {args.time_limit:g} s per solver and instance, {args.workers} workers, "
        f"seed {args.seed}; best known from {best_path or 'nowhere'}"
    )
    params = SolveParams(time_limit_s=args.time_limit, workers=args.workers, seed=args.seed)
    outcomes = []
    for path, instance in zip(args.paths, instances, strict=True):
        ours = (
            run_ours(instance, params, args.out_dir / f"{path.stem}.csv")
            if "ours" in args.solvers
            else None
        )
        plain = (
            run_plain(instance, params, args.out_dir / f"{path.stem}.plain.csv")
            if "plain" in args.solvers
            else None
        )
        outcomes.append(Outcome(instance.name, ours, plain))
        print(f"  {instance.name}: done", file=sys.stderr)
    print_table([table_row(o.name, o.ours, o.plain, best.get(o.name)) for o in outcomes])
    for outcome in outcomes:
        print(status_line(outcome))
    lines, passed = verdict(outcomes)
    for line in lines:
        print(line)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
