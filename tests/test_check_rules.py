"""The checker on hand-made rosters: each rule flags a breach at the horizon's edge, and passes
the near miss beside it. The independent oracle must agree on every case."""

from __future__ import annotations

from datetime import date, time

import pytest

from scheduler.checks import check_roster
from scheduler.domain import Scenario
from scheduler.result import WorkedShift

import factories as f
import oracle

W = f.worked  # W(day, (hour, minute), hours, paid=None)
# Shifts of 8 h, 8 h plus a 1 h meal, and 9 h, starting at any half hour.
TEMPLATES = (
    f.template("ANY", time(0), time(23, 30), step=30, paid=8),
    f.template("MEAL", time(0), time(23, 30), step=30, paid=8, meal=60),
    f.template("NINE", time(0), time(23, 30), step=30, paid=9),
)


def scenario(days: int = 7, start: date = f.START, **rules: object) -> Scenario:
    contract = f.contract(max_days=7, max_hours=168, rest=0, **rules)
    return f.scenario(days=days, start=start, contracts=(contract,), shifts=TEMPLATES)


def flagged(sc: Scenario, shifts: list[WorkedShift]) -> list[tuple[str, date]]:
    """(rule, first date) of every violation; the oracle must find the same."""
    roster = f.roster_of(shifts)
    found = sorted((v.rule, v.day) for v in check_roster(sc, roster))
    expected = sorted((b.rule, b.day) for b in oracle.breaches(sc, oracle.rows_of(roster)))
    assert found == expected
    return found


def day(offset: int, start: date = f.START) -> date:
    return date.fromordinal(start.toordinal() + offset)


def eights(days: list[int], hour: int = 8, start: date = f.START) -> list[WorkedShift]:
    return [W(d, (hour, 0), 8, origin=start) for d in days]


@pytest.mark.parametrize(
    ("rules", "shift", "expected"),
    [
        ({"min_shift_hours": 8}, W(6, (8, 0), 8), []),
        ({"min_shift_hours": 8.5}, W(6, (8, 0), 8), ["min_shift_length"]),
        ({"max_shift_hours": 9}, W(6, (8, 0), 9, paid=8), []),
        ({"max_shift_hours": 8.5}, W(6, (8, 0), 9, paid=8), ["max_shift_length"]),
        ({"max_paid_hours_day": 8}, W(6, (8, 0), 9, paid=8), []),
        ({"max_paid_hours_day": 7.5}, W(6, (8, 0), 9, paid=8), ["max_paid_hours_per_day"]),
        ({"standard_hours_day": 7, "max_overtime_day": 1}, W(6, (8, 0), 8), []),
        (
            {"standard_hours_day": 7, "max_overtime_day": 0.5},
            W(6, (8, 0), 8),
            ["max_overtime_per_day"],
        ),
        ({"night_work": "banned"}, W(6, (14, 0), 8), []),  # ends at 22:00 sharp
        ({"night_work": "banned"}, W(6, (14, 30), 8), ["no_night_work"]),
        ({"night_work": "banned"}, W(0, (6, 0), 8), []),  # starts as the night ends
        ({"night_work": "banned"}, W(0, (5, 30), 8), ["no_night_work"]),
    ],
)
def test_single_shift_rules_on_the_first_and_last_day(
    rules: dict[str, object], shift: WorkedShift, expected: list[str]
) -> None:
    assert [rule for rule, _ in flagged(scenario(**rules), [shift])] == expected


def test_max_consecutive_working_days_counts_runs_from_the_horizon_start() -> None:
    sc = scenario(days=10, max_consecutive_days=3)
    assert flagged(sc, eights([0, 1, 2, 4, 5, 6, 8, 9])) == []
    assert flagged(sc, eights([0, 1, 2, 3])) == [("max_consecutive_working_days", day(0))]
    assert flagged(sc, eights([6, 7, 8, 9])) == [("max_consecutive_working_days", day(6))]


def test_min_consecutive_days_off_ignores_stretches_at_the_edges() -> None:
    sc = scenario(days=8, min_consecutive_days_off=2)
    assert flagged(sc, eights([1, 2, 3, 4, 5, 6])) == []  # day 0 and day 7 off, at the edges
    assert flagged(sc, eights([0, 1, 4, 5])) == []
    assert flagged(sc, eights([0, 2, 5, 7])) == [
        ("min_consecutive_days_off", day(1)),
        ("min_consecutive_days_off", day(6)),
    ]


def test_days_off_per_week_judge_full_weeks_only() -> None:
    sc = scenario(days=10, min_days_off_week=1, consecutive_days_off_week=2)
    assert flagged(sc, eights([0, 1, 2, 3, 4, 7, 8, 9])) == []  # the short week is all worked
    assert flagged(sc, eights([0, 1, 2, 3, 5, 7])) == [("consecutive_days_off_per_week", day(0))]
    assert flagged(sc, eights(list(range(10)))) == [
        ("consecutive_days_off_per_week", day(0)),
        ("min_days_off_per_week", day(0)),
    ]


def test_weekly_rest_counts_a_night_reaching_into_the_week() -> None:
    sc = scenario(days=14, weekly_rest_hours=36)
    week1 = eights([0, 1, 2, 3])  # rests from Thursday 16:00 on: long enough
    # Week 2 works 14:00-22:00 on day 8, then 08:00-16:00 to day 12, then 00:00-08:00 on day 13.
    week2 = [W(8, (14, 0), 8), *eights([9, 10, 11, 12]), W(13, (0, 0), 8)]
    # Its longest rest is from the week's start to 14:00 on day 8: 38 h ...
    assert flagged(sc, [*week1, *week2]) == []
    # ... unless a night shift of day 6 runs to 06:00 on day 7, leaving 32 h.
    night = W(6, (22, 0), 8)
    assert flagged(sc, [*week1, night, *week2]) == [("weekly_rest", day(7))]


def test_weekly_rest_of_a_whole_week_free_of_work() -> None:
    sc = scenario(days=7, weekly_rest_hours=168)
    assert flagged(sc, []) == []
    assert flagged(sc, eights([6], hour=16)) == [("weekly_rest", day(0))]


def test_night_counting_and_limits() -> None:
    sc = scenario(days=8, max_nights_week=2, max_consecutive_nights=2)
    nights = [W(d, (22, 0), 8) for d in (0, 1, 3, 4, 7)]
    assert flagged(sc, nights) == [("max_nights_per_week", day(0))]
    assert flagged(sc, [nights[0], nights[1], nights[4]]) == []
    three = [W(d, (22, 0), 8) for d in (5, 6, 7)]
    assert flagged(sc, three) == [("max_consecutive_nights", day(5))]


def test_a_night_shift_needs_three_night_hours_by_default() -> None:
    sc = scenario(days=1, max_nights_week=0)
    assert flagged(sc, [W(0, (16, 30), 8)]) == []  # 22:00-00:30, 2.5 h of night
    assert flagged(sc, [W(0, (17, 0), 8)]) == [("max_nights_per_week", day(0))]  # exactly 3 h


def test_night_then_early_forbidden_and_penalized() -> None:
    shifts = [W(5, (20, 0), 8), W(6, (7, 30), 8)]  # the last two days of the horizon
    forbidden = scenario(night_then_early="forbidden")
    assert flagged(forbidden, shifts) == [("no_night_then_early", day(5))]
    assert flagged(forbidden, [shifts[0], W(6, (8, 0), 8)]) == []  # 08:00 is not early
    penalized = scenario(night_then_early="penalized")
    [warning] = check_roster(penalized, f.roster_of(shifts))
    assert warning.rule == "avoid_night_then_early" and not warning.hard


def test_weekends_including_one_cut_by_the_horizon() -> None:
    sunday = date(2026, 11, 15)
    sc = scenario(days=7, start=sunday, max_weekends=1)
    assert flagged(sc, eights([0, 1, 2], start=sunday)) == []
    assert flagged(sc, eights([0, 6], start=sunday)) == [("max_working_weekends", sunday)]


def test_month_hours_and_overtime_at_a_month_boundary() -> None:
    friday = date(2026, 11, 27)  # week 1: 27 Nov - 3 Dec counts in November; week 2 in December
    sc = scenario(
        days=14,
        start=friday,
        max_hours_month=24,
        standard_hours_day=8,
        standard_hours_week=16,
        max_overtime_month=8,
    )
    # Week 1 with 24 h is 8 h over its 16 h standard: at the cap. One more day (1 Dec) is over.
    assert flagged(sc, eights([0, 1, 2], start=friday)) == []
    assert flagged(sc, eights([0, 1, 2, 4], start=friday)) == [("max_overtime_per_month", friday)]
    december = eights([4, 5, 6, 7], start=friday)  # 1-4 Dec: 32 h in December
    assert ("max_hours_per_month", date(2026, 12, 1)) in flagged(sc, december)


def test_average_hours_over_reference_blocks() -> None:
    sc = scenario(days=14, max_average_hours_week=20, reference_weeks=1)
    assert flagged(sc, eights([0, 1, 7, 8])) == []
    assert flagged(sc, eights([11, 12, 13])) == [("max_average_hours_per_week", day(7))]
    whole = scenario(days=14, max_average_hours_week=20)
    assert flagged(whole, eights([0, 1, 2, 3, 4])) == []
    assert flagged(whole, eights([0, 1, 2, 3, 4, 13])) == [("max_average_hours_per_week", day(0))]


def test_presets_switch_their_rules_on() -> None:
    intern = scenario(days=7, preset="prc-intern")
    assert flagged(intern, [W(0, (21, 0), 8)]) == [("no_night_work", day(0))]
    assert flagged(intern, [W(0, (8, 0), 9)]) == [
        ("max_overtime_per_month", day(0)),
        ("max_paid_hours_per_day", day(0)),
    ]
    override = scenario(days=7, preset="prc-intern", night_work="allowed")
    assert flagged(override, [W(0, (21, 0), 8)]) == []


def test_hours_summary_counts_overtime_nights_and_weekends_like_the_rules() -> None:
    from scheduler.checks import hours_summary

    sc = scenario(days=14, standard_hours_day=8, standard_hours_week=40)
    # Week 1: six 8 h days (48 h, 8 h over the week); week 2: one 10 h Saturday night.
    shifts = [*eights([0, 1, 2, 3, 4, 5]), W(12, (22, 0), 10, paid=9)]
    [line] = hours_summary(sc, f.roster_of(shifts))
    assert (line.shifts, line.paid_hours, line.overtime_hours) == (7, 57, 8 + 1)
    assert (line.night_shifts, line.weekends_worked, line.weekly_hours) == (1, 2, (48, 9))
