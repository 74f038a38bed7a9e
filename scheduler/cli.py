"""The `scheduler` command: a thin adapter from the terminal to the pipeline.

Domain code raises `SchedulerError`s; only this module turns them into one-line messages and
exit codes, so users never see a traceback for a mistake they can fix.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from scheduler import __version__
from scheduler.errors import InfeasibleError, InputError, SchedulerError
from scheduler.result import SolveResult, SolveStatus

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


TimeLimit = Annotated[
    float, typer.Option("--time-limit", min=1, help="Solver time limit, seconds.")
]
Seed = Annotated[int, typer.Option("--seed", help="Random seed of the solver.")]
Workers = Annotated[int, typer.Option("--workers", min=0, help="Solver threads; 0 = all cores.")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]


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
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Roster workbook to write.")
    ] = Path("out/roster.xlsx"),
    time_limit: TimeLimit = 60,
    seed: Seed = 0,
    workers: Workers = 0,
    force: Force = False,
) -> None:
    """Build the roster for an input and write it as a workbook."""
    _solve_to_workbook(path, output, time_limit, seed, workers, force)


@app.command()
@reports_errors
def demo(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Roster workbook to write.")
    ] = Path("out/roster.xlsx"),
    time_limit: TimeLimit = 90,
    seed: Seed = 0,
    workers: Workers = 0,
    force: Force = False,
) -> None:
    """Solve the bundled Double-11 peak-week sample."""
    if not SAMPLE.exists():
        raise SchedulerError(f"the bundled sample {SAMPLE} is missing from this installation")
    _solve_to_workbook(SAMPLE, output, time_limit, seed, workers, force)


@app.command()
@reports_errors
def check(
    roster: Annotated[Path, typer.Argument(help="Roster workbook with an Assignments sheet.")],
    rules: Annotated[Path, typer.Option("--rules", help="The input workbook holding the rules.")],
) -> None:
    """Check a roster, also a hand-edited one, against the labor rules; exit 2 on violations."""
    from scheduler.checks import check_roster
    from scheduler.io.reader import read_scenario
    from scheduler.io.roster_reader import read_assignments

    violations = check_roster(read_scenario(rules), read_assignments(roster))
    for violation in violations:
        typer.echo(str(violation))
    if violations:
        typer.echo(f"{len(violations)} violation(s)")
        raise typer.Exit(EXIT_VIOLATIONS)
    typer.echo("compliant: no rule violations")


def _solve_to_workbook(
    path: Path, output: Path, time_limit: float, seed: int, workers: int, force: bool
) -> None:
    from scheduler.errors import OutputExistsError
    from scheduler.io.reader import read_scenario
    from scheduler.pipeline import solve as run_pipeline
    from scheduler.roster.solve import SolveParams
    from scheduler.writers.roster_workbook import write_roster_workbook

    if output.resolve() == path.resolve():
        raise SchedulerError(f"the output {output} would overwrite the input; choose another path")
    if output.exists() and not force:
        raise OutputExistsError(f"{output} already exists; use --force to overwrite it")
    scenario = read_scenario(path)
    typer.echo(
        f"solving {scenario.name!r}: {len(scenario.agents)} agents, {len(scenario.queues)} queues, "
        f"{scenario.horizon.days} days (time limit {time_limit:g} s)"
    )
    result = run_pipeline(
        scenario, SolveParams(time_limit_s=time_limit, seed=seed, workers=workers)
    )
    if result.status is SolveStatus.NO_SOLUTION:
        raise SchedulerError(
            f"no roster was found within {time_limit:g} s; allow more with --time-limit"
        )
    write_roster_workbook(result, scenario, output, force=force)
    _print_summary(result, output)


def _print_summary(result: SolveResult, output: Path) -> None:
    typer.echo(f"status:           {result.status.value} in {result.wall_seconds:.1f} s")
    typer.echo(f"agents rostered:  {result.agents_rostered()}")
    typer.echo(f"paid hours:       {result.paid_hours():,.1f}")
    typer.echo("understaffed agent-hours per queue:")
    for queue_id, hours in sorted(result.understaffed_agent_hours().items()):
        typer.echo(f"  {queue_id:<12} {hours:8.1f}")
    typer.echo(f"wrote {output}")
