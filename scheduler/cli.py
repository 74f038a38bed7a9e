"""The `scheduler` command: a thin adapter from the terminal to the pipeline.

Domain code raises `SchedulerError`s; only this module turns them into one-line messages and
exit codes, so users never see a traceback for a mistake they can fix.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, ParamSpec, TypeVar

import typer

from scheduler import __version__
from scheduler.errors import InfeasibleError, InputError, SchedulerError
from scheduler.result import Roster, SolveResult, SolveStatus

if TYPE_CHECKING:
    from scheduler.domain import Scenario
    from scheduler.peak.hiring import HiringPlan, WhatIfPlan
    from scheduler.peak.reserve import ReservePlan
    from scheduler.roster.solve import SolveParams
    from scheduler.staffing import Delta

app = typer.Typer(
    help="Contact-center workforce scheduling: forecast in, legal roster workbook out.",
    no_args_is_help=True,
    add_completion=False,
)

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "double11" / "double11.xlsx"
EXIT_ERROR = 1
EXIT_VIOLATIONS = 2

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the user's mistakes into a message and exit code 1, never a traceback."""

    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except InputError as error:
            typer.echo(f"error: {len(error.problems)} problem(s) in the input:", err=True)
            for problem in error.problems:
                typer.echo(f"  - {problem}", err=True)
        except InfeasibleError as error:
            typer.echo("error: no legal roster exists; these hard rules conflict:", err=True)
            for conflict in error.conflicts:
                typer.echo(f"  - {conflict}", err=True)
        except SchedulerError as error:
            typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_ERROR)

    return run


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scheduler {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Contact-center workforce scheduling."""


RosterOutput = Annotated[Path, typer.Option("--output", "-o", help="Roster workbook to write.")]
DEFAULT_OUTPUT = Path("out/roster.xlsx")
TimeLimit = Annotated[
    float, typer.Option("--time-limit", min=1, help="Solver time limit, seconds.")
]
Seed = Annotated[int, typer.Option("--seed", help="Random seed of the solver.")]
Workers = Annotated[int, typer.Option("--workers", min=0, help="Solver threads; 0 = all cores.")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]
Language = Annotated[
    Literal["en", "zh"],
    typer.Option(
        "--lang",
        help="Language of the human sheets: en or zh (Simplified Chinese). The machine-readable "
        "Coverage and Assignments sheets stay English.",
    ),
]
VendorDir = Annotated[
    Path | None,
    typer.Option(
        "--vendor-dir",
        help="Also write one workbook per vendor into this folder, holding only that vendor's "
        "people.",
    ),
]


@app.command()
@reports_errors
def template(
    path: Annotated[Path, typer.Argument(help="Where to write the blank input workbook.")],
    force: Force = False,
) -> None:
    """Write a blank input workbook with every sheet and column explained."""
    from scheduler.io.template import write_template

    write_template(path, force=force)
    typer.echo(f"wrote {path}")


@app.command()
@reports_errors
def validate(
    path: Annotated[Path, typer.Argument(help="Input workbook (.xlsx) or folder of CSV files.")],
) -> None:
    """Report every problem in an input, each with its sheet, row and column."""
    from scheduler.io.reader import read_scenario

    scenario = read_scenario(path)
    typer.echo(
        f"{path}: OK - {len(scenario.agents)} agents, {len(scenario.queues)} queues, "
        f"{scenario.horizon.days} days of {scenario.horizon.interval_minutes}-minute intervals"
    )


@app.command()
@reports_errors
def solve(
    path: Annotated[Path, typer.Argument(help="Input workbook (.xlsx) or folder of CSV files.")],
    output: RosterOutput = DEFAULT_OUTPUT,
    time_limit: TimeLimit = 60,
    seed: Seed = 0,
    workers: Workers = 0,
    force: Force = False,
    lang: Language = "en",
    vendor_dir: VendorDir = None,
) -> None:
    """Build the roster for an input and write it as a workbook."""
    _solve_to_workbook(
        path, output, time_limit, seed, workers, force, lang=lang, vendor_dir=vendor_dir
    )


@app.command()
@reports_errors
def demo(
    output: RosterOutput = DEFAULT_OUTPUT,
    time_limit: TimeLimit = 90,
    seed: Seed = 0,
    workers: Workers = 0,
    force: Force = False,
    lang: Language = "en",
    vendor_dir: VendorDir = None,
) -> None:
    """Solve the bundled Double-11 peak-week sample."""
    if not SAMPLE.exists():
        raise SchedulerError(f"the bundled sample {SAMPLE} is missing from this installation")
    _solve_to_workbook(
        SAMPLE, output, time_limit, seed, workers, force, lang=lang, vendor_dir=vendor_dir
    )


@app.command()
@reports_errors
def check(
    roster: Annotated[Path, typer.Argument(help="Roster workbook to check.")],
    rules: Annotated[Path, typer.Option("--rules", help="The input workbook holding the rules.")],
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help="Sheet to check: Assignments (the default when present) or the human Roster "
            "grid (the default otherwise), or any sheet laid out like that grid.",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Also write an Excel report: violations and hours."),
    ] = None,
    force: Force = False,
) -> None:
    """Check a roster, also a hand-edited one, against the labor rules; exit 2 on violations.

    Prints one line per violation, starting with the workbook cell to look at. Soft rules only
    warn and do not change the exit code.
    """
    from scheduler.checks import check_roster, hours_summary
    from scheduler.errors import OutputExistsError
    from scheduler.io.reader import read_scenario
    from scheduler.io.roster_grid import read_for_check
    from scheduler.writers.compliance_report import (
        CheckedViolation,
        ComplianceReport,
        write_compliance_report,
    )

    if report is not None:
        if report.resolve() in (roster.resolve(), rules.resolve()):
            raise SchedulerError(f"the report {report} would overwrite an input; choose another")
        if report.exists() and not force:
            raise OutputExistsError(f"{report} already exists; use --force to overwrite it")
    scenario = read_scenario(rules)
    located = read_for_check(roster, scenario, sheet)
    for note in located.notes:
        typer.echo(f"warning: {note}", err=True)
    checked = [
        CheckedViolation(v, located.cell_for(v.agent_id, v.day, v.last_day))
        for v in check_roster(scenario, located.roster)
    ]
    for item in checked:
        severity = "" if item.violation.hard else "warning: "
        typer.echo(f"{item.cell or located.sheet}: {severity}{item.violation}")
    if report is not None:
        hours = tuple(hours_summary(scenario, located.roster))
        content = ComplianceReport(roster, located.sheet, rules, scenario, tuple(checked), hours)
        write_compliance_report(content, report, force=force)
        typer.echo(f"wrote {report}")
    hard = sum(1 for item in checked if item.violation.hard)
    warnings = f" ({len(checked) - hard} warning(s))" if len(checked) > hard else ""
    if hard:
        typer.echo(f"{hard} violation(s) in sheet {located.sheet}{warnings}")
        raise typer.Exit(EXIT_VIOLATIONS)
    typer.echo(f"compliant: no rule violations in sheet {located.sheet}{warnings}")


@app.command()
@reports_errors
def requirements(
    path: Annotated[Path, typer.Argument(help="Input workbook (.xlsx) or folder of CSV files.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Requirements workbook to write.")
    ] = Path("out/requirements.xlsx"),
    what_if: Annotated[
        str,
        typer.Option(
            "--what-if",
            help="Volume changes to plan for, comma-separated: 0.2,0.5 (or 20%,50%); "
            "add a handle-time change after a colon: 0.2:0.1.",
        ),
    ] = "",
    force: Force = False,
) -> None:
    """Agents needed per queue and interval, by each queue's staffing method (no roster)."""
    from scheduler.io.reader import read_scenario
    from scheduler.staffing import compute_requirements, parse_deltas
    from scheduler.staffing import what_if as plan_what_if
    from scheduler.staffing.requirements import method_label
    from scheduler.writers.requirements_workbook import write_requirements_workbook

    try:
        deltas = parse_deltas(what_if) if what_if.strip() else ()
    except ValueError as error:
        raise SchedulerError(f"--what-if: {error}") from None
    _refuse_to_overwrite(path, output, force)
    scenario = read_scenario(path)
    needed = compute_requirements(scenario)
    scenarios = plan_what_if(scenario, deltas)
    write_requirements_workbook(scenario, needed, output, what_ifs=scenarios, force=force)
    for warning in needed.warnings:
        typer.echo(f"warning: {warning}", err=True)
    hours = needed.horizon.slot_hours
    typer.echo(f"{'queue':<12} {'method':<13} {'peak':>5} {'agent-hours':>12}")
    for queue in scenario.queues:
        curve = needed.curve(queue.queue_id)
        method = method_label(needed, queue)
        agent_hours = sum(curve) * hours
        typer.echo(f"{queue.queue_id:<12} {method:<13} {max(curve):>5} {agent_hours:>12,.1f}")
    for planned in scenarios:
        peaks = ", ".join(
            f"{q}: {max(planned.requirements.curve(q))}" for q in planned.requirements.queue_ids
        )
        typer.echo(f"what-if {planned.delta.label}: peak {peaks}")
    typer.echo(f"wrote {output}")


def _solve_to_workbook(
    path: Path,
    output: Path,
    time_limit: float,
    seed: int,
    workers: int,
    force: bool,
    *,
    lang: Literal["en", "zh"] = "en",
    vendor_dir: Path | None = None,
) -> None:
    """Solve and write; an input with VendorOffers or a ReservePolicy gets the peak plan too,
    all within `time_limit` (see `HIRING_SHARE`)."""
    from scheduler.io.reader import read_scenario
    from scheduler.pipeline import solve as run_pipeline
    from scheduler.roster.solve import SolveParams
    from scheduler.staffing import compute_requirements, parse_deltas
    from scheduler.writers.peak_sheets import write_peak_workbook
    from scheduler.writers.roster_workbook import write_roster_workbook
    from scheduler.writers.vendor_workbooks import check_vendor_outputs

    started = time.perf_counter()
    _refuse_to_overwrite(path, output, force)
    scenario = read_scenario(path)
    if vendor_dir is not None:
        check_vendor_outputs(scenario, vendor_dir, force=force)
    typer.echo(
        f"solving {scenario.name!r}: {len(scenario.agents)} agents, {len(scenario.queues)} queues, "
        f"{scenario.horizon.days} days (time limit {time_limit:g} s)"
    )
    for warning in compute_requirements(scenario).warnings:
        typer.echo(f"warning: {warning}", err=True)
    params = SolveParams(time_limit_s=time_limit, seed=seed, workers=workers, progress=typer.echo)
    if scenario.vendor_offers or scenario.reserve_policy is not None:
        budget = _Budget.of(scenario, time_limit, started)
        peak = _plan_peak(scenario, params, parse_deltas(PEAK_WHAT_IFS), budget)
        scenario, result = peak.scenario, peak.result
        write_peak_workbook(
            output,
            result,
            scenario,
            hiring=peak.hiring,
            what_ifs=peak.what_ifs,
            reserve=peak.reserve,
            force=force,
            lang=lang,
        )
    else:
        result = _found(run_pipeline(scenario, params), time_limit)
        write_roster_workbook(result, scenario, output, force=force, lang=lang)
    _print_summary(result, scenario, output)
    typer.echo(f"total wall time:  {time.perf_counter() - started:.1f} s")
    if vendor_dir is not None:
        _write_vendor_files(result.roster, scenario, vendor_dir, force=force, lang=lang)


# `solve` and `demo` on a peak input: shares of the one time limit, counted from the command's
# start (reading the input included). The hiring plan (its re-solves for vendor minimums
# included) runs until HIRING_SHARE of it has passed; each what-if plan of PEAK_WHAT_IFS gets
# WHAT_IF_SHARE, cut to what is left before the output's time (the reserve, the coverage and
# writing the workbook: OUTPUT_SHARE, or an estimate per agent and day if larger). A what-if is
# skipped when less than half its share is left, or less than the previous one took.
PEAK_WHAT_IFS = "0.2,0.5"
HIRING_SHARE = 0.5
WHAT_IF_SHARE = 0.15
OUTPUT_SHARE = 0.1
OUTPUT_SECONDS_PER_AGENT_DAY = 0.005  # measured: 5-7 s for the sample's ~200 agents x 7 days
SOLVE_SHARE = 0.8  # a reserve policy without offers: the one roster solve


@dataclass(frozen=True)
class _Peak:
    scenario: Scenario  # with the hired temps
    result: SolveResult  # standby blocks included
    hiring: HiringPlan | None
    what_ifs: tuple[WhatIfPlan, ...]
    reserve: ReservePlan | None


@dataclass(frozen=True)
class _Budget:
    """The one time limit of a `solve` or `demo` run, from its start."""

    total_s: float
    started: float
    output_s: float  # kept for the reserve, the coverage and writing the workbook

    @classmethod
    def of(cls, scenario: Scenario, total_s: float, started: float) -> _Budget:
        size = len(scenario.agents) + sum(o.max_headcount for o in scenario.vendor_offers)
        estimate = OUTPUT_SECONDS_PER_AGENT_DAY * size * scenario.horizon.days
        return cls(total_s, started, max(OUTPUT_SHARE * total_s, estimate))

    def left(self) -> float:
        """Seconds left before the output's time."""
        return self.total_s - (time.perf_counter() - self.started) - self.output_s

    def until(self, fraction: float) -> float:
        """Seconds until `fraction` of the whole has passed since the start."""
        return max(
            0.0, min(self.total_s * fraction - (time.perf_counter() - self.started), self.left())
        )


def _found(result: SolveResult, time_limit: float) -> SolveResult:
    if result.status is SolveStatus.NO_SOLUTION:
        raise SchedulerError(
            f"no roster was found within {time_limit:g} s; allow more with --time-limit"
        )
    return result


def _plan_peak(
    scenario: Scenario,
    params: SolveParams,
    deltas: Sequence[Delta],
    budget: _Budget | None = None,
) -> _Peak:
    """Hiring plan (if offers), what-ifs and reserve (if a policy). Without a `budget` every
    solve gets `params`' time limit; with it the whole keeps to about its total."""
    from scheduler.peak.hiring import plan_hiring
    from scheduler.peak.reserve import plan_reserve
    from scheduler.pipeline import solve as run_pipeline

    hiring, reserve = None, None
    what_ifs: tuple[WhatIfPlan, ...] = ()
    if scenario.vendor_offers:
        hiring_s = None if budget is None else budget.until(HIRING_SHARE)
        hiring = plan_hiring(scenario, params, hiring_s)
        if hiring.result.interrupted:
            typer.echo("stopped by Ctrl-C: no what-ifs")
        else:
            what_ifs = _what_ifs(scenario, deltas, replace(params, progress=None), budget)
        scenario, result = hiring.scenario, hiring.result
        _print_hiring(hiring, what_ifs)
    else:
        solve_params = params
        if budget is not None:
            solve_params = replace(params, time_limit_s=budget.until(SOLVE_SHARE))
        result = run_pipeline(scenario, solve_params)
    result = _found(result, params.time_limit_s)
    if scenario.reserve_policy is not None:
        reserve = plan_reserve(scenario, result, scenario.reserve_policy)
        result = replace(result, roster=reserve.roster)
        needed = sum(map(sum, reserve.needed.values())) * scenario.horizon.slot_hours
        typer.echo(
            f"reserve at +{reserve.margin:.0%} volume: {needed:,.1f} agent-hours needed, "
            f"{len(reserve.blocks)} standby blocks restore "
            f"{sum(b.restores_hours for b in reserve.blocks):,.1f}"
        )
    return _Peak(scenario, result, hiring, what_ifs, reserve)


def _what_ifs(
    scenario: Scenario, deltas: Sequence[Delta], params: SolveParams, budget: _Budget | None
) -> tuple[WhatIfPlan, ...]:
    from scheduler.peak.hiring import plan_hiring_what_ifs

    if budget is None:
        return plan_hiring_what_ifs(scenario, deltas, params)
    plans: list[WhatIfPlan] = []
    took = 0.0  # the previous what-if's wall time: a floor for the next one's
    for delta in deltas:
        share = budget.total_s * WHAT_IF_SHARE
        seconds = min(share, budget.left())
        if seconds < share / 2 or budget.left() < took:
            typer.echo(f"what-if {delta.label} skipped: too little time left; raise --time-limit")
            continue
        began = time.perf_counter()
        plans += plan_hiring_what_ifs(scenario, (delta,), params, seconds)
        took = time.perf_counter() - began
    return tuple(plans)


@app.command("plan-peak")
@reports_errors
def plan_peak(
    path: Annotated[Path, typer.Argument(help="Input workbook (.xlsx) or folder of CSV files.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Peak plan workbook to write.")
    ] = Path("out/peak.xlsx"),
    what_if: Annotated[
        str,
        typer.Option(
            "--what-if",
            help="Forecast changes to plan the hiring for as well, comma-separated: 0.2,0.5; "
            "empty for none. Each one is a solve.",
        ),
    ] = PEAK_WHAT_IFS,
    time_limit: TimeLimit = 60,
    seed: Seed = 0,
    workers: Workers = 0,
    force: Force = False,
) -> None:
    """Order temps from the VendorOffers sheet and size the standby reserve of ReservePolicy.

    Writes the roster workbook with the hired temps and the standby blocks, plus the sheets
    Hiring plan (with the what-ifs), Reserve and Activation plan. --time-limit is per solve.
    """
    from scheduler.io.reader import read_scenario
    from scheduler.roster.solve import SolveParams
    from scheduler.staffing import parse_deltas
    from scheduler.writers.peak_sheets import write_peak_workbook

    try:
        deltas = parse_deltas(what_if) if what_if.strip() else ()
    except ValueError as error:
        raise SchedulerError(f"--what-if: {error}") from None
    _refuse_to_overwrite(path, output, force)
    scenario = read_scenario(path)
    if not scenario.vendor_offers and scenario.reserve_policy is None:
        raise SchedulerError(
            f"{path} has neither a VendorOffers nor a ReservePolicy sheet: nothing to plan"
        )
    params = SolveParams(time_limit_s=time_limit, seed=seed, workers=workers)
    peak = _plan_peak(scenario, params, deltas)
    write_peak_workbook(
        output,
        peak.result,
        peak.scenario,
        hiring=peak.hiring,
        what_ifs=peak.what_ifs,
        reserve=peak.reserve,
        force=force,
    )
    typer.echo(f"wrote {output}")


def _print_hiring(hiring: HiringPlan, what_ifs: Sequence[WhatIfPlan]) -> None:
    typer.echo(
        f"hiring plan: {hiring.headcount} hires, cost {hiring.cost:,.2f}; understaffed "
        f"{hiring.understaffed_without_temps:,.1f} agent-hours without them, "
        f"{hiring.understaffed_hours:,.1f} with them"
    )
    for line in hiring.lines:
        typer.echo(
            f"  {line.offer.vendor:<14} {line.offer.bundle_label:<12} {line.headcount:>4} "
            f"temps {line.hours:8,.1f} h  removes {line.understaffing_removed:8,.1f}  "
            f"next temp removes {line.marginal_hours:6,.1f}"
        )
    for planned in what_ifs:
        typer.echo(
            f"what-if {planned.label}: {planned.plan.headcount} temps, understaffed "
            f"{planned.plan.understaffed_hours:,.1f} agent-hours"
        )


@app.command("split-vendors")
@reports_errors
def split_vendors(
    roster: Annotated[Path, typer.Argument(help="Roster workbook with an Assignments sheet.")],
    rules: Annotated[
        Path, typer.Option("--rules", help="The input workbook naming each agent's vendor.")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the vendor workbooks.")
    ] = Path("out/vendors"),
    force: Force = False,
    lang: Language = "en",
) -> None:
    """Split a roster workbook, also a hand-edited one, into one workbook per vendor."""
    from scheduler.io.reader import read_scenario
    from scheduler.io.roster_reader import read_assignments

    scenario = read_scenario(rules)
    _write_vendor_files(read_assignments(roster), scenario, output, force=force, lang=lang)


def _write_vendor_files(
    roster: Roster, scenario: Scenario, folder: Path, *, force: bool, lang: Literal["en", "zh"]
) -> None:
    from scheduler.writers.vendor_workbooks import write_vendor_workbooks

    written = write_vendor_workbooks(roster, scenario, folder, force=force, lang=lang)
    if not written:
        typer.echo("no agent has a vendor; no vendor workbooks written")
    for vendor_path in written:
        typer.echo(f"wrote {vendor_path}")


def _refuse_to_overwrite(source: Path, output: Path, force: bool) -> None:
    """Never write over the input; over an earlier output only when asked to (--force). Checked
    before any solving, so a long run cannot end in a refusal."""
    from scheduler.errors import OutputExistsError

    if output.resolve() == source.resolve():
        raise SchedulerError(f"the output {output} would overwrite the input; choose another path")
    if output.exists() and not force:
        raise OutputExistsError(f"{output} already exists; use --force to overwrite it")


def _print_summary(result: SolveResult, scenario: Scenario, output: Path) -> None:
    stopped = " (stopped by Ctrl-C: the best roster so far)" if result.interrupted else ""
    typer.echo(f"status:           {result.status.value} in {result.wall_seconds:.1f} s{stopped}")
    typer.echo(f"agents rostered:  {result.agents_rostered()}")
    typer.echo(f"paid hours:       {result.paid_hours():,.1f}")
    if len(scenario.forecast):
        typer.echo("understaffed agent-hours per queue:")
        for queue_id, hours in sorted(result.understaffed_agent_hours().items()):
            typer.echo(f"  {queue_id:<12} {hours:8.1f}")
    if scenario.shift_demand:
        _print_shift_demand(scenario, result)
    typer.echo(f"wrote {output}")


def _print_shift_demand(scenario: Scenario, result: SolveResult) -> None:
    """Shift-demand mode's headline: heads missing and beyond per shift template."""
    from scheduler.checks import shift_coverage_rows

    short: dict[str, list[int]] = {}
    for row in shift_coverage_rows(scenario, result.roster):
        totals = short.setdefault(row.shift_id, [0, 0, 0])
        totals[0] += row.required
        totals[1] += row.shortfall
        totals[2] += row.surplus
    typer.echo("shift demand per template (heads required, missing, beyond):")
    for shift_id, (required, missing, beyond) in sorted(short.items()):
        typer.echo(f"  {shift_id:<12} {required:6d} {missing:6d} {beyond:6d}")
