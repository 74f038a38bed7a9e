"""The scale benchmark's lower bound on understaffing: the same optimum as the plain (dense)
relaxation it reformulates, never above what a real roster achieves, and only looser with
coarser time blocks."""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from scheduler.domain import Scenario
from scheduler.io.reader import read_scenario
from scheduler.pipeline import solve
from scheduler.roster.solve import SolveParams

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import scale

import factories


@pytest.fixture(scope="module")
def small_center(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scale.calibrated_input(12, 3, 5, tmp_path_factory.mktemp("scale"))


def _dense_bound(scenario: Scenario, required: dict[str, list[int]]) -> float:
    """The relaxation written out plainly, per 15-minute interval: every shift and every pause
    offset in every slot it covers, each shift's pause split over its own offsets."""
    horizon = scenario.horizon
    lp = scale._Lp("GLOP", "")
    covered: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for queues, groups in scale._lp_groups(scenario).items():
        at_slot: dict[int, list[tuple[Any, float]]] = defaultdict(list)
        for contract_id, members in groups.items():
            contract = scenario.contract(contract_id)
            for option, taken in scale._group_shifts(lp, scenario, contract, members):
                for slot in range(option.start_slot, option.end_slot):
                    at_slot[slot].append((taken, 1.0))
                for pause in option.pauses:
                    placed = [lp.var(len(members)) for _ in pause.offsets]
                    lp.row(0, 0, [(taken, -1.0)] + [(p, 1.0) for p in placed])
                    for at, offset in zip(placed, pause.offsets, strict=True):
                        for slot in pause.at(option.start_slot, offset):
                            at_slot[slot].append((at, -1.0))
        for slot in range(horizon.num_slots):
            shares = [lp.var(sum(map(len, groups.values()))) for _ in queues]
            lp.row(
                -lp.infinity, 0, [(z, 1.0) for z in shares] + [(v, -c) for v, c in at_slot[slot]]
            )
            for q, share in zip(queues, shares, strict=True):
                covered[q, slot].append(share)
    objective = []
    for q, curve in required.items():
        for slot, need in enumerate(curve):
            if need > 0:
                short = lp.var(need)
                lp.row(need, lp.infinity, [(short, 1.0)] + [(c, 1.0) for c in covered[q, slot]])
                objective.append((short, horizon.slot_hours))
    return lp.minimize(objective)


@pytest.mark.parametrize("method", sorted(scale.BOUND_METHODS))
def test_flow_formulation_has_the_dense_relaxations_optimum(
    small_center: Path, method: str
) -> None:
    scenario = read_scenario(small_center)
    required = scale._required(scenario)
    assert any(
        o.pauses for t in scenario.shifts for o in scale.template_options(t, scenario.horizon)
    )
    dense = _dense_bound(scenario, required)
    assert dense > 0
    bound = scale.lower_bound(scenario, required, 15, method)
    if method == "pdlp":  # a Lagrangian bound from approximate duals: valid, a little lower
        assert 0.999 * dense <= bound <= dense + 1e-6
    else:
        assert bound == pytest.approx(dense, rel=1e-6)


def test_bound_is_below_a_solved_rosters_understaffing(small_center: Path) -> None:
    scenario = read_scenario(small_center)
    required = scale._required(scenario)
    result = solve(scenario, SolveParams(time_limit_s=8, workers=1, seed=0))
    achieved, achieved_stepped = scale._understaffed(scenario, required, result.roster)
    bound, prices = scale.relaxation(scenario, required)
    assert 0 < bound <= achieved + 1e-6
    stepped, stepped_prices = scale.relaxation(scenario, required, stepped=True)
    # Each agent missing counts at least once in the stepped measure, some more than once.
    assert bound + 1e-6 < stepped <= achieved_stepped + 1e-6
    # At the relaxation's duals, keeping each person's rules can only tighten it; a bound
    # from wrong duals (row activities, say) would fall far below the relaxation.
    weeks = scale.week_bound(scenario, required, prices)
    assert bound - 1e-4 <= weeks <= achieved + 1e-6
    stepped_weeks = scale.week_bound(scenario, required, stepped_prices, stepped=True)
    assert stepped - 1e-4 <= stepped_weeks <= achieved_stepped + 1e-6
    # Any prices give a bound: random ones too.
    rng = np.random.default_rng(7)
    for _ in range(3):
        noise = {q: rng.uniform(0, 1.6, len(curve)) for q, curve in required.items()}
        assert scale.week_bound(scenario, required, noise, stepped=True) <= achieved_stepped


def test_week_bound_keeps_the_rest_the_relaxation_drops() -> None:
    """One person, two agents needed from 16:00 to 24:00 and from 06:00 to 14:00 the next day:
    the relaxation drops the 11-hour rest and has the person cover one of the two in both
    windows (16 h short). With rest, one person's best is 16:00-24:00 then 11:00-19:00
    (8 + 3 hours in the windows): at the relaxation's duals (1 per agent-hour short) the
    Lagrangian bound is 32 - 11 = 21 h, and it is the true optimum."""
    sc = factories.scenario(days=2, shifts=(factories.template(earliest=time(6), latest=time(16)),))
    curve = [0] * sc.horizon.num_slots
    for slot in [*range(32, 48), *range(48 + 12, 48 + 28)]:
        curve[slot] = 2
    required = {"Q": curve}
    bound, prices = scale.relaxation(sc, required)
    assert bound == pytest.approx(16, abs=1e-4)
    assert scale.week_bound(sc, required, prices) == pytest.approx(21, abs=1e-4)


def test_stepped_bound_needs_per_interval_shortfall(small_center: Path) -> None:
    scenario = read_scenario(small_center)
    with pytest.raises(ValueError, match="per interval"):
        scale.lower_bound(scenario, scale._required(scenario), block_minutes=60, stepped=True)


def test_coarser_blocks_only_loosen_the_bound(small_center: Path) -> None:
    scenario = read_scenario(small_center)
    required = scale._required(scenario)
    per_interval = scale.lower_bound(scenario, required, block_minutes=15)
    per_hour = scale.lower_bound(scenario, required, block_minutes=60)
    assert per_hour <= per_interval + 1e-6
    assert per_hour > 0
