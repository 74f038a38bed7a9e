"""The exception family: domain code raises these, only the CLI turns them into exit codes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located defect in the input: where it is, what was found, what was expected."""

    source: str
    sheet: str | None
    row: int | None
    column: str | None
    value: object
    expected: str

    def location(self) -> str:
        parts = [self.source]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        found = "" if self.value is None else f"got {self.value!r}; "
        return f"{self.location()}: {found}expected {self.expected}"


class SchedulerError(Exception):
    """Base class of every error the user can cause or fix."""


class InputError(SchedulerError):
    """The input has one or more located problems; all of them are reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the input:\n{lines}")


class InfeasibleError(SchedulerError):
    """Hard rules cannot all hold; `conflicts` says which rules, agents and dates clash."""

    def __init__(self, conflicts: list[str]) -> None:
        self.conflicts = conflicts
        lines = "\n".join(f"  - {c}" for c in conflicts)
        super().__init__(f"No legal roster exists; the hard rules conflict:\n{lines}")


class OutputExistsError(SchedulerError):
    """Refusing to overwrite an existing file without explicit permission."""
