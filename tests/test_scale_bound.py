"""The scale benchmark's lower bound on understaffing: never above what a real roster achieves,
and only looser with coarser time blocks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scheduler.io.reader import read_scenario
from scheduler.pipeline import solve
from scheduler.roster.solve import SolveParams

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import scale


@pytest.fixture(scope="module")
def small_center(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scale.calibrated_input(12, 3, 5, tmp_path_factory.mktemp("scale"))


def test_bound_is_below_a_solved_rosters_understaffing(small_center: Path) -> None:
    scenario = read_scenario(small_center)
    required = scale._required(scenario)
    result = solve(scenario, SolveParams(time_limit_s=8, workers=1, seed=0))
    achieved = scale._understaffed(scenario, required, result.roster)
    bound = scale.lower_bound(scenario, required, block_minutes=15)
    assert 0 < bound <= achieved + 1e-6


def test_coarser_blocks_only_loosen_the_bound(small_center: Path) -> None:
    scenario = read_scenario(small_center)
    required = scale._required(scenario)
    per_interval = scale.lower_bound(scenario, required, block_minutes=15)
    per_hour = scale.lower_bound(scenario, required, block_minutes=60)
    assert per_hour <= per_interval + 1e-6
    assert per_hour > 0
