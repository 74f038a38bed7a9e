"""The bundled Double-11 sample, solved end to end as a user would (slow: one real solve)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import SAMPLE, app
from scheduler.io.reader import read_scenario

import oracle

pytestmark = pytest.mark.slow


def test_demo_writes_a_legal_sensible_roster(tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    args = ["demo", "-o", str(out), "--time-limit", "60", "--seed", "0", "--workers", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "agents rostered:  150" in result.output

    scenario = read_scenario(SAMPLE)
    rows = oracle.read_rows(out)
    assert oracle.violations(scenario, rows) == []
    recount = oracle.recount_coverage(scenario, rows)
    coverage = oracle.read_coverage(out)
    required = sum(req for req, _ in coverage.values())
    short = sum(max(0, req - recount.get(key, 0)) for key, (req, _) in coverage.items())
    assert all(recount.get(key, 0) == sched for key, (_, sched) in coverage.items())
    # The sample's first night and the midnight spike cannot be fully staffed; beyond those,
    # a sensible roster covers the week. 15% is a floor on quality, not the target.
    assert short / required < 0.15
