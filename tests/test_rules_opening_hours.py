"""Queue opening hours (Queues `opens`/`closes`): nothing is required, so nothing is credited,
while a queue is closed; the roster follows."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from scheduler.checks import check_roster
from scheduler.domain import Forecast, ForecastPoint, Queue, Scenario
from scheduler.io.reader import read_scenario
from scheduler.roster.solve import SolveParams, solve_roster
from scheduler.staffing.requirements import compute_requirements
from tests.workbook_generator import gen

import factories as f
import oracle

PARAMS = SolveParams(time_limit_s=10, workers=2)


def queue(opens: time | None, closes: time | None) -> Queue:
    return f.queue().model_copy(update={"opens": opens, "closes": closes})


def demand(sc: Scenario, levels: dict[int, int]) -> Scenario:
    """Headcount `levels[hour]` agents on Q in every interval of that hour of every day."""
    points = [
        ForecastPoint(
            queue_id="Q",
            interval_start=sc.horizon.start + timedelta(days=day, hours=hour, minutes=minute),
            required_agents=level,
        )
        for day in range(sc.horizon.days)
        for hour, level in levels.items()
        for minute in (0, 30)
    ]
    return sc.model_copy(update={"forecast": Forecast.from_points(points)})


def curve(sc: Scenario) -> list[int]:
    return compute_requirements(sc).curve("Q")


@pytest.mark.parametrize(
    ("opens", "closes", "open_hours"),
    [
        (None, None, set(range(24))),
        (time(8), time(20), set(range(8, 20))),
        (time(20), time(6), {20, 21, 22, 23, 0, 1, 2, 3, 4, 5}),  # across midnight
        (None, time(1), {0}),
        (time(23), None, {23}),
    ],
)
def test_closed_intervals_require_nobody(
    opens: time | None, closes: time | None, open_hours: set[int]
) -> None:
    sc = demand(f.scenario(days=2, queues=(queue(opens, closes),)), dict.fromkeys(range(24), 3))
    required = curve(sc)
    assert len(required) == 96
    for slot, value in enumerate(required):
        hour = (slot // 2) % 24
        assert value == (3 if hour in open_hours else 0), slot


def test_opening_edges_on_a_15_minute_grid() -> None:
    # Opens 08:15, closes 08:45: only the two quarters in between are required.
    sc = f.scenario(interval=15, queues=(queue(time(8, 15), time(8, 45)),))
    points = [
        ForecastPoint(queue_id="Q", interval_start=f.dt(0, 8, m), required_agents=1)
        for m in (0, 15, 30, 45)
    ]
    sc = sc.model_copy(update={"forecast": Forecast.from_points(points)})
    assert curve(sc)[32:36] == [0, 1, 1, 0]


@pytest.mark.parametrize(("opens", "start_hour"), [(time(10), 10), (None, 6)])
def test_the_roster_follows_the_opening_hours(opens: time | None, start_hour: int) -> None:
    # Two agents wanted 06-10, one 10-18: open all day, the 8 h shift starts at 06:00 where the
    # need is deepest; opening at 10:00 it starts at 10:00.
    flex = f.template("FLEX", time(6), time(10), step=60, paid=8)
    sc = f.scenario(shifts=(flex,), queues=(queue(opens, None),))
    sc = demand(sc, {**dict.fromkeys(range(6, 10), 2), **dict.fromkeys(range(10, 18), 1)})
    roster = solve_roster(sc, {"Q": curve(sc)}, PARAMS).roster
    assert [v for v in check_roster(sc, roster) if v.hard] == []
    assert oracle.violations(sc, oracle.rows_of(roster)) == []
    [shift] = roster.worked_shifts()
    assert shift.start == datetime.combine(f.START, time(start_hour))


def test_opening_hours_are_read(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    sheets["Queues"][0] += ["opens", "closes"]
    sheets["Queues"][1] += [time(8), time(22)]
    path = tmp_path / "input.xlsx"
    gen.write_workbook(path, sheets)
    scenario = read_scenario(path)
    assert (scenario.queue("VOICE").opens, scenario.queue("VOICE").closes) == (time(8), time(22))
    assert (scenario.queue("CHAT").opens, scenario.queue("CHAT").closes) == (None, None)
