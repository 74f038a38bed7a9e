"""`scheduler solve` says, before solving, when deferred work cannot meet its deadline because
its queue is closed (the same warning `scheduler requirements` prints)."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from typer.testing import CliRunner

from scheduler.cli import app
from tests.workbook_generator import gen

runner = CliRunner()


def _with_email_closed_until_ten(tmp_path: Path) -> Path:
    """CHAT becomes deferred work (3-hour deadline) open 10:00-18:00, with mail at 06:00."""
    sheets = gen.base_sheets()
    queues = sheets["Queues"]
    queues[0] = [*queues[0], "method", "deadline_hours", "opens", "closes"]
    for row in queues[1:]:
        deferred = row[0] == "CHAT"
        row.extend(["deferred", 3, time(10), time(18)] if deferred else [None] * 4)
    sheets["Forecast"].append(["CHAT", datetime(2026, 11, 9, 6), 45, 200, None])
    path = tmp_path / "late.xlsx"
    gen.write_workbook(path, sheets)
    return path


def test_solve_warns_of_work_its_closed_queue_cannot_finish_in_time(tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    args = ["solve", str(_with_email_closed_until_ten(tmp_path)), "-o", str(out)]
    result = runner.invoke(app, [*args, "--time-limit", "5", "--workers", "1"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert "CHAT" in warnings[0]
    assert out.exists()
