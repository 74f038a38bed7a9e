"""Ctrl-C during a solve stops the search and still writes the best roster found so far."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scheduler.cli import SAMPLE

pytestmark = pytest.mark.slow


def test_ctrl_c_writes_the_best_roster_so_far(tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    command = [
        sys.executable,
        "-m",
        "scheduler",
        "solve",
        str(SAMPLE),
        "-o",
        str(out),
        "--time-limit",
        "300",
        "--workers",
        "2",
    ]
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    lines = []
    for line in child.stdout:
        lines.append(line)
        if "first legal roster" in line:
            break
    child.send_signal(signal.SIGINT)
    rest, _ = child.communicate(timeout=120)
    output = "".join(lines) + rest
    assert child.returncode == 0, output
    assert "stopped by Ctrl-C" in output
    assert time.perf_counter() - started < 200  # far from the 300 s limit
    assert "Assignments" in load_workbook(out, read_only=True).sheetnames
