"""holiday_work banned (the prc-intern preset: Internship Provisions 2016 Art. 16): the solver
keeps such people off public holidays, the checker and the oracle flag a shift touching one, and
a pinned shift on a holiday is explained in words."""

from __future__ import annotations

from datetime import time

import pytest

from scheduler.checks import check_roster
from scheduler.domain import Holiday, Scenario
from scheduler.errors import InfeasibleError
from scheduler.presets import Preset, load_preset
from scheduler.roster.feasibility import explain_infeasibility
from scheduler.roster.solve import SolveParams, solve_roster

import factories as f
import oracle

PARAMS = SolveParams(time_limit_s=10, workers=2)
HOLIDAY = Holiday(date=f.dt(1, 0).date(), name="National Day")
# Any start from 00:00 to 23:00, 8 h paid: a shift may run into the next day.
ANY = f.template("ANY", time(0), time(23), step=60, paid=8)


def three_days(**rules: object) -> Scenario:
    contract = f.contract(max_days=7, max_hours=100, rest=0, **rules)
    return f.scenario(days=3, contracts=(contract,), shifts=(ANY,), holidays=(HOLIDAY,))


def worked_days(sc: Scenario) -> list[int]:
    curve = f.flat_requirement(sc, "Q", 1, 9, 17)
    roster = solve_roster(sc, {"Q": curve}, PARAMS).roster
    assert [str(v) for v in check_roster(sc, roster) if v.hard] == []
    assert oracle.violations(sc, oracle.rows_of(roster)) == []
    return sorted((s.day - f.START).days for s in roster.worked_shifts())


def test_the_intern_preset_bans_holiday_work_and_cites_the_article() -> None:
    book = load_preset(Preset.PRC_INTERN)
    assert book.as_dict()["holiday_work"] == "banned"
    assert "Art. 16" in (book.source_of("holiday_work") or "")


def test_solver_keeps_an_intern_off_the_holiday_and_others_on_it() -> None:
    assert worked_days(three_days(preset="prc-intern")) == [0, 2]
    assert worked_days(three_days()) == [0, 1, 2]


def test_checker_and_oracle_flag_any_minute_on_the_holiday() -> None:
    sc = three_days(holiday_work="banned")
    cases = {
        (1, (9, 0)): ["no_holiday_work"],  # on the holiday
        (0, (20, 0)): ["no_holiday_work"],  # from the eve, past midnight into the holiday
        (0, (16, 0)): [],  # ends at midnight, as the holiday begins
        (1, (16, 0)): ["no_holiday_work"],  # starts on the holiday, ends the day after
        (2, (0, 0)): [],  # the day after
    }
    for (day, start), expected in cases.items():
        roster = f.roster_of([f.worked(day, start, 8)])
        found = [v.rule for v in check_roster(sc, roster)]
        assert found == expected, (day, start)
        assert [b.rule for b in oracle.breaches(sc, oracle.rows_of(roster))] == expected


def test_pinned_shift_on_a_holiday_for_an_intern_is_explained_in_words() -> None:
    contract = f.contract(preset="prc-intern")
    sc = f.scenario(
        days=3,
        contracts=(contract,),
        holidays=(HOLIDAY,),
        fixed_shifts=(f.pin(1, time(8), time(16)),),
    )
    [message] = explain_infeasibility(sc)
    assert "the pinned shift" in message and "cannot be worked" in message
    assert "no_holiday_work (holiday_work banned, holidays 2026-11-10)" in message
    with pytest.raises(InfeasibleError):
        solve_roster(sc, {"Q": f.flat_requirement(sc, "Q", 1, 8, 16)}, PARAMS)
