"""Public holidays and overtime premiums (PRC Labor Law Art. 44): hours by category and their
pay for the HR report, checked against the oracle, and the premiums as a wage term the solver
weighs."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from scheduler.checks import check_roster, hours_summary
from scheduler.domain import Holiday, Scenario
from scheduler.io.reader import read_scenario
from scheduler.result import WorkedShift
from scheduler.roster.solve import SolveParams, solve_roster
from tests.workbook_generator import gen

import factories as f
import oracle

PARAMS = SolveParams(time_limit_s=10, workers=2)
NINE = f.template("NINE", time(8), time(8), paid=9)
STANDARD = {"standard_hours_day": 8, "standard_hours_week": 40}


def holiday(day: int) -> Holiday:
    return Holiday(date=date.fromordinal(f.START.toordinal() + day), name="holiday")


def categories(sc: Scenario, shifts: list[WorkedShift]) -> tuple[float, float, float]:
    roster = f.roster_of(shifts)
    [line] = hours_summary(sc, roster)
    found = (line.weekday_overtime_hours, line.rest_day_hours, line.holiday_hours)
    expected = oracle.premium_minutes(sc, oracle.rows_of(roster), "A1")
    assert tuple(round(h * 60) for h in found) == expected
    return found


def test_a_week_of_nine_hour_days_with_a_holiday() -> None:
    # 7 x 9 h, Wednesday a holiday: 9 h at 300%; of the other six days the sixth (Sunday) is a
    # rest day worked, 9 h at 200%; the five standard days work 1 h over the standard day each.
    sc = f.scenario(
        days=7,
        shifts=(NINE,),
        contracts=(f.contract(max_days=7, max_hours=70, **STANDARD),),
        agents=(f.agent("A1", cost=20),),
        holidays=(holiday(2),),
    )
    assert categories(sc, [f.worked(d, (8, 0), 9) for d in range(7)]) == (5, 9, 9)
    [line] = hours_summary(sc, f.roster_of([f.worked(d, (8, 0), 9) for d in range(7)]))
    assert line.overtime_pay == pytest.approx(20 * (5 * 1.5 + 9 * 2.0 + 9 * 3.0))
    assert line.premium_cost == pytest.approx(20 * (5 * 0.5 + 9 * 1.0 + 9 * 2.0))


@pytest.mark.parametrize(
    ("days", "worked", "expected"),
    [
        (7, range(5), (0, 0, 0)),  # near miss: five standard days of 8 h, nothing extra
        (7, range(6), (0, 8, 0)),  # the sixth day is a rest day worked
        (3, range(3), (0, 8, 0)),  # short last week: 5 x 3/7 = 2.1, two standard days
        (2, range(2), (0, 0, 8)),  # a holiday on the horizon's last day
    ],
)
def test_rest_days_and_holidays_at_the_horizon_edges(
    days: int, worked: range, expected: tuple[int, int, int]
) -> None:
    eight = f.template("EIGHT", time(8), time(8), paid=8)
    sc = f.scenario(
        days=days,
        shifts=(eight,),
        contracts=(f.contract(max_days=7, max_hours=70, **STANDARD),),
        holidays=(holiday(1),) if days == 2 else (),
    )
    assert categories(sc, [f.worked(d, (8, 0), 8) for d in worked]) == expected


def test_without_standard_hours_only_holidays_earn_a_premium() -> None:
    sc = f.scenario(days=3, shifts=(NINE,), holidays=(holiday(0),))
    assert categories(sc, [f.worked(d, (8, 0), 9) for d in range(3)]) == (0, 0, 9)


# --- The premiums in the objective -----------------------------------------------------------


def _solve_days(sc: Scenario, required: list[int]) -> list[tuple[int, float]]:
    roster = solve_roster(sc, {"Q": required}, PARAMS).roster
    assert [v for v in check_roster(sc, roster) if v.hard] == []
    assert oracle.violations(sc, oracle.rows_of(roster)) == []
    return [((s.day - f.START).days, s.paid_hours) for s in roster.worked_shifts()]


@pytest.mark.parametrize(("multiplier", "expected"), [(3.0, [(1, 8.0)]), (1.0, [(0, 8.0)])])
def test_the_holiday_premium_moves_work_off_the_holiday(
    multiplier: float, expected: list[tuple[int, float]]
) -> None:
    # One shift in two days; the holiday needs half an hour more (500 points), the premium
    # costs 8 h x 100 x 2 = 1600 points; at 100% (the near miss) the holiday is worked.
    eight = f.template("EIGHT", time(8), time(8), paid=8)
    sc = f.scenario(
        days=2,
        shifts=(eight,),
        contracts=(f.contract(max_days=1, overtime_premium_holiday=multiplier),),
        agents=(f.agent("A1", cost=100),),
        holidays=(holiday(0),),
    )
    required = f.flat_requirement(sc, "Q", 1, 8, 16)
    required[16] = 2  # day 0, 08:00-08:30: the second agent missing there weighs double
    assert _solve_days(sc, required) == expected


@pytest.mark.parametrize(("multiplier", "paid"), [(1.5, 8.0), (1.0, 10.0)])
def test_the_weekday_premium_prices_overtime(multiplier: float, paid: float) -> None:
    # 10 h covers 2 h more (2000 points) for 1600 of wage; the 50% premium adds 800.
    ten = f.template("TEN", time(8), time(8), paid=10)
    eight = f.template("EIGHT", time(8), time(8), paid=8)
    contract = f.contract(standard_hours_day=8, overtime_premium_weekday=multiplier)
    sc = f.scenario(shifts=(ten, eight), contracts=(contract,), agents=(f.agent("A1", cost=800),))
    assert _solve_days(sc, f.flat_requirement(sc, "Q", 1, 8, 18)) == [(0, paid)]


# --- Reading holidays ------------------------------------------------------------------------


def test_holidays_sheet_is_read(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    sheets["Holidays"] = [["date", "name"], [datetime(2026, 11, 9), "Company day"]]
    path = tmp_path / "input.xlsx"
    gen.write_workbook(path, sheets)
    assert read_scenario(path).holidays == (Holiday(date=date(2026, 11, 9), name="Company day"),)
