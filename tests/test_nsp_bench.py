"""The public rostering benchmark harness (bench/nsp*.py): reader, evaluator, plain model,
conversion into the domain model and the command line."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from scheduler.result import Activity, ActivityKind, Roster
from scheduler.roster.solve import SolveParams

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import nsp
from nsp_eval import Evaluation, Violation, evaluate, read_solution
from nsp_instance import Instance, NspFormatError, read_instance
from nsp_plain import solve_plain

INSTANCE1 = Path(__file__).parent / "data" / "nsp" / "Instance1.txt"

# Two shift types (N may not be followed by D), two employees with different limits:
# A: N at most 2, 960..6000 minutes, 2..4 shifts in a row, 2 days off in a row, 1 weekend.
# B: 1920..2400 minutes, no binding sequence limits, 2 weekends.
TINY = """\
# hand-made
SECTION_HORIZON
# days
14

SECTION_SHIFTS
# ShiftID, Length in mins, Shifts which cannot follow this shift | separated
D,480,
N,600,D

SECTION_STAFF
# ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, ...
A,D=14|N=2,6000,960,4,2,2,1
B,D=14|N=14,2400,1920,14,1,1,2

SECTION_DAYS_OFF
# EmployeeID, DayIndexes (start at zero)
A,9

SECTION_SHIFT_ON_REQUESTS
# EmployeeID, Day, ShiftID, Weight
A,0,D,2
A,3,D,1

SECTION_SHIFT_OFF_REQUESTS
# EmployeeID, Day, ShiftID, Weight
A,1,D,3
B,0,D,1

SECTION_COVER
# Day, ShiftID, Requirement, Weight for under, Weight for over
0,D,2,100,1
1,N,1,100,1
2,D,0,100,1
"""

A_LEGAL = {0: "D", 1: "D", 2: "D", 7: "D", 8: "D"}
B_LEGAL = {0: "D", 1: "D", 2: "D", 3: "D"}


def _write(tmp_path: Path, text: str, name: str = "Tiny.txt", crlf: bool = True) -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n" if crlf else "\n").encode("ascii"))
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> Instance:
    return read_instance(_write(tmp_path, TINY))


def _rows(a: dict[int, str], b: dict[int, str] = B_LEGAL) -> list[tuple[str, int, str]]:
    return [("A", d, s) for d, s in a.items()] + [("B", d, s) for d, s in b.items()]


# --- Reader --------------------------------------------------------------------------------------


def test_instance1_matches_the_published_facts() -> None:
    instance = read_instance(INSTANCE1)
    assert INSTANCE1.read_bytes().count(b"\r\n") > 0  # the real file, CRLF line endings
    assert instance.name == "Instance1"
    assert instance.days == 14
    assert [(s.shift_id, s.minutes, s.forbidden_next) for s in instance.shifts] == [("D", 480, ())]
    assert [s.staff_id for s in instance.staff] == list("ABCDEFGH")
    assert sum(len(days) for _, days in instance.days_off) == 8
    assert (len(instance.on_requests), len(instance.off_requests)) == (21, 5)
    assert len(instance.cover) == 14
    first = instance.staff[0]
    assert (first.max_shifts, first.max_minutes, first.min_minutes) == ((("D", 14),), 4320, 3360)
    assert (first.max_consecutive, first.min_consecutive) == (5, 2)
    assert (first.min_consecutive_off, first.max_weekends) == (2, 1)
    assert instance.days_off_of("A") == {0}
    assert instance.weekends == ((5, 6), (12, 13))
    assert {(c.under_weight, c.over_weight) for c in instance.cover} == {(100, 1)}


def test_line_endings_do_not_matter(tmp_path: Path) -> None:
    crlf = read_instance(_write(tmp_path, TINY, "Tiny.txt", crlf=True))
    lf = read_instance(_write(tmp_path, TINY, "Tiny.txt", crlf=False))
    assert crlf == lf
    assert crlf.shift("N").forbidden_next == ("D",)
    assert crlf.staff[1].max_of("N") == 14


@pytest.mark.parametrize(
    ("old", "new", "line", "phrase"),
    [
        ("SECTION_SHIFTS\n", "SECTION_STAFFS\n", 6, "expected section header SECTION_SHIFTS"),
        ("\n14\n", "\nfourteen\n", 4, "horizon length in days): expected an integer"),
        ("N,600,D", "N,600,X", 9, "unknown shift in the forbidden successors 'X'"),
        ("A,D=14|N=2,", "A,D=14|M=2,", 13, "unknown shift in MaxShifts 'M'"),
        ("A,D=14|N=2,", "A,D=14,", 13, "no limit for shift(s) N"),
        ("B,D=14|N=14,2400,1920,14,1,1,2", "B,D=14|N=14,2400,1920,14,1,1", 14, "expected 8"),
        ("A,9\n", "A,14\n", 18, "expected 0..13, got 14"),
        ("A,0,D,2", "Z,0,D,2", 22, "unknown employee 'Z'"),
        ("1,N,1,100,1", "0,D,1,100,1", 33, "second cover line for day 0, shift D"),
        ("D,480,\n", "D,480,\nD,600,\n", 9, "shift 'D' defined twice"),
    ],
)
def test_bad_input_names_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, phrase: str
) -> None:
    assert old in TINY
    path = _write(tmp_path, TINY.replace(old, new, 1))
    with pytest.raises(NspFormatError) as caught:
        read_instance(path)
    assert f"{path}, line {line}:" in str(caught.value)
    assert phrase in str(caught.value)


def test_a_missing_section_is_named(tmp_path: Path) -> None:
    cut = TINY[: TINY.index("SECTION_COVER")]
    with pytest.raises(NspFormatError, match=r"missing section.*SECTION_COVER"):
        read_instance(_write(tmp_path, cut))


# --- Evaluator -----------------------------------------------------------------------------------


def test_legal_roster_objective_by_hand(tiny: Instance) -> None:
    result = evaluate(tiny, _rows(A_LEGAL))
    assert result.violations == ()
    # Cover: day 0 D has A and B (2 of 2); day 1 N nobody (1 short: 100); day 2 D has A and B
    # against 0 required (2 over: 2). Requests: A's on-request day 3 missed (1), A's off-request
    # day 1 granted (3), B's off-request day 0 granted (1); A's on-request day 0 is met.
    assert (result.cover_cost, result.request_cost, result.objective) == (102, 5, 107)


@pytest.mark.parametrize(
    ("rule", "rows"),
    [
        (1, [*_rows(A_LEGAL), ("A", 7, "N")]),  # A: a second shift on day 7
        (2, _rows({**A_LEGAL, 1: "N"})),  # A: N on day 1 then D on day 2
        (3, _rows({**A_LEGAL, 0: "N", 1: "N", 2: "N"})),  # A: 3 N, at most 2
        (4, _rows(A_LEGAL, {d: "D" for d in range(6)})),  # B: 2880 minutes, at most 2400
        (5, _rows(A_LEGAL, {d: "D" for d in range(3)})),  # B: 1440 minutes, at least 1920
        (6, _rows({d: "D" for d in (0, 1, 2, 3, 4, 7, 8)})),  # A: 5 in a row, at most 4
        (7, _rows({0: "D", 1: "D", 2: "D", 7: "D"})),  # A: day 7 alone
        (8, _rows({d: "D" for d in (0, 1, 2, 4, 5, 6)})),  # A: day 3 the only day off
        (9, _rows({d: "D" for d in (0, 1, 2, 5, 6, 12, 13)})),  # A: 2 weekends, at most 1
        (10, _rows({**A_LEGAL, 9: "D"})),  # A works day 9, a day off
    ],
)
def test_each_hard_rule_is_caught_alone(
    tiny: Instance, rule: int, rows: list[tuple[str, int, str]]
) -> None:
    result = evaluate(tiny, rows)
    assert {v.rule for v in result.violations} == {rule}, [str(v) for v in result.violations]


def test_edge_blocks_are_exempt(tiny: Instance) -> None:
    # A works day 0 alone and day 13 alone: blocks touching an edge continue into the
    # neighbouring periods, so they are not short.
    a = {0: "D", 3: "D", 4: "D", 7: "D", 8: "D", 13: "D"}
    assert evaluate(tiny, _rows(a)).violations == ()
    # The same single days inside the horizon are short blocks.
    inside = {1: "D", 4: "D", 5: "D", 7: "D", 8: "D", 11: "D"}
    rules = [v.rule for v in evaluate(tiny, _rows(inside)).violations]
    assert rules.count(7) == 2


def test_rotation_does_not_wrap_past_the_horizon(tiny: Instance) -> None:
    # N on the last day, D on day 0: no next period is assumed to follow, nor a previous one.
    a = {0: "D", 1: "D", 2: "D", 7: "D", 8: "D", 12: "N", 13: "N"}
    assert evaluate(tiny, _rows(a)).violations == ()


def test_solution_csv_round_trip_and_errors(tiny: Instance, tmp_path: Path) -> None:
    path = tmp_path / "Tiny.csv"
    nsp.write_solution(path, tiny, reversed(_rows(A_LEGAL)))
    lines = path.read_text().splitlines()
    assert lines[:3] == ["employee,day,shift", "A,0,D", "A,1,D"]
    assert sorted(read_solution(path, tiny)) == sorted(_rows(A_LEGAL))
    path.write_text("employee,day,shift\nA,0,D\nQ,1,D\n")
    with pytest.raises(NspFormatError, match=r"Tiny.csv, row 3: unknown employee 'Q'"):
        read_solution(path, tiny)
    path.write_text("employee,day,shift\nA,14,D\n")
    with pytest.raises(NspFormatError, match=r"row 2: expected a day 0..13, got '14'"):
        read_solution(path, tiny)


# --- Plain model ---------------------------------------------------------------------------------


def test_plain_model_reaches_the_proven_optimum_of_instance1() -> None:
    instance = read_instance(INSTANCE1)
    result = solve_plain(instance, time_limit_s=20, workers=2, seed=0)
    judged = evaluate(instance, result.assignments)
    assert judged.violations == ()
    assert judged.objective == result.objective == 607


def test_plain_model_agrees_with_the_evaluator(tiny: Instance) -> None:
    result = solve_plain(tiny, time_limit_s=5, workers=2, seed=0)
    judged = evaluate(tiny, result.assignments)
    assert result.status == "OPTIMAL"
    assert judged.violations == ()
    assert judged.objective == result.objective
    assert judged.objective <= 107  # no worse than the hand-made legal roster


# --- Conversion into the domain model ------------------------------------------------------------


def test_instance1_converts_to_one_shared_contract() -> None:
    instance = read_instance(INSTANCE1)
    scenario = nsp.to_scenario(instance)
    assert scenario.horizon.start_date.weekday() == 0
    assert scenario.horizon.days == 14
    assert len(scenario.contracts) == 1
    assert {a.contract_id for a in scenario.agents} == {scenario.contracts[0].contract_id}
    assert len(scenario.forecast) == 0
    weights = scenario.weights
    assert (weights.understaffing_per_agent_hour, weights.overstaffing_per_agent_hour) == (0, 0)
    assert weights.cost_per_currency_unit == 0
    demand = {(scenario.horizon.day_index(d.date), d.shift_id): d for d in scenario.shift_demand}
    for line in instance.cover:
        converted = demand[line.day, line.shift_id]
        assert converted.required == line.required
        assert (converted.under_weight, converted.over_weight) == (100, 1)
    wanted = sorted(
        (r.agent_id, scenario.horizon.day_index(r.date), r.shift_id, r.wanted, r.weight)
        for r in scenario.shift_requests
    )
    expected = sorted(
        [(r.staff_id, r.day, r.shift_id, True, r.weight) for r in instance.on_requests]
        + [(r.staff_id, r.day, r.shift_id, False, r.weight) for r in instance.off_requests]
    )
    assert wanted == expected
    off = sorted((t.agent_id, scenario.horizon.day_index(t.first_day)) for t in scenario.time_off)
    assert off == sorted((who, d) for who, days in instance.days_off for d in days)
    assert all(t.first_day == t.last_day for t in scenario.time_off)


def test_contract_limits_match_the_file(tiny: Instance) -> None:
    scenario = nsp.to_scenario(tiny)
    a = scenario.contract(scenario.agent("A").contract_id)
    b = scenario.contract(scenario.agent("B").contract_id)
    assert a.contract_id != b.contract_id
    assert a.max_shifts_per_template == (("D", 14), ("N", 2))
    assert (a.min_hours_horizon, a.max_hours_horizon) == (16, 100)
    assert (a.max_consecutive_days, a.min_consecutive_days) == (4, 2)
    assert (a.min_consecutive_days_off, a.max_weekends) == (2, 1)
    assert a.forbidden_successions == (("N", "D"),)
    assert a.min_rest_hours == 0
    # B's limits cannot bind in 14 days (14 in a row, 1-day blocks, both weekends): left off.
    assert (b.max_consecutive_days, b.min_consecutive_days, b.min_consecutive_days_off) == (
        None,
        None,
        None,
    )
    assert b.max_weekends is None
    assert (b.min_hours_horizon, b.max_hours_horizon) == (32, 40)


def test_shift_types_get_distinct_fixed_starts_that_cannot_overlap(tiny: Instance) -> None:
    scenario = nsp.to_scenario(tiny)
    shapes = {(t.earliest_start, t.paid_minutes) for t in scenario.shifts}
    assert len(shapes) == len(scenario.shifts)
    for template in scenario.shifts:
        assert template.earliest_start == template.latest_start
        assert template.meal_minutes == 0
        start = template.earliest_start.hour * 60 + template.earliest_start.minute
        earliest_next_day = 24 * 60 + min(
            t.earliest_start.hour * 60 + t.earliest_start.minute for t in scenario.shifts
        )
        assert start + template.paid_minutes <= earliest_next_day


def test_roster_maps_back_to_employee_day_shift(tiny: Instance) -> None:
    scenario = nsp.to_scenario(tiny)
    horizon = scenario.horizon
    templates = scenario.shifts_by_id()

    def activity(agent: str, day: int, shift_id: str) -> Activity:
        template = templates[shift_id]
        start = datetime.combine(horizon.day_date(day), template.earliest_start)
        end = start + timedelta(minutes=template.paid_minutes)
        return Activity(agent, horizon.day_date(day), ActivityKind.SHIFT, start, end, "WARD")

    wanted = [("A", 0, "D"), ("A", 1, "N"), ("B", 13, "N")]
    roster = Roster(tuple(activity(*row) for row in wanted))
    assert sorted(nsp.roster_assignments(tiny, horizon, roster)) == wanted
    stray = Activity(
        "A",
        date(2024, 1, 3),
        ActivityKind.SHIFT,
        datetime(2024, 1, 3, 9),
        datetime(2024, 1, 3, 17),
    )
    with pytest.raises(RuntimeError, match="no shift type of the file"):
        nsp.roster_assignments(tiny, horizon, Roster((stray,)))


# --- Command line --------------------------------------------------------------------------------


def test_command_line_runs_plain_and_prints_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    best = tmp_path / "best.csv"
    best.write_text("instance,best_known\nInstance1,607\n")
    args = [str(INSTANCE1), "--time-limit", "10", "--workers", "2", "--out-dir", str(tmp_path)]
    code = nsp.main([*args, "--solvers", "plain", "--best-known", str(best)])
    out = capsys.readouterr().out
    assert code == 0
    assert "cores" in out and "OR-Tools" in out and "load average" in out
    row = next(line for line in out.splitlines() if line.strip().startswith("Instance1"))
    assert row.split()[:6] == ["Instance1", "-", "607", "607", "-", "0.0"]
    assert (tmp_path / "Instance1.plain.csv").exists()


def test_command_line_reports_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, TINY.replace("\n14\n", "\nx\n"))
    code = nsp.main([str(path), "--out-dir", str(tmp_path)])
    assert code == 2
    assert f"{path}, line 4:" in capsys.readouterr().err


def test_a_horizon_beyond_ours_is_reported_not_crashed(tmp_path: Path) -> None:
    longer = read_instance(_write(tmp_path, TINY.replace("\n14\n", "\n70\n")))
    (tmp_path / "Tiny.csv").write_text("employee,day,shift\n")  # left by an earlier run
    run = nsp.run_ours(longer, SolveParams(time_limit_s=1, workers=1), tmp_path / "Tiny.csv")
    assert run.evaluation is None
    assert run.note.startswith("cannot convert")
    assert "days" in run.note
    assert not (tmp_path / "Tiny.csv").exists()


def _run(objective: int | None, violations: int = 0) -> nsp.Run:
    if objective is None:
        return nsp.Run(1.0, None, "no solution")
    broken = tuple(Violation(5, "A", "too few minutes") for _ in range(violations))
    return nsp.Run(1.0, Evaluation(objective, 0, broken), "feasible")


def test_verdict_compares_legal_solutions_only() -> None:
    outcomes = [
        nsp.Outcome("I1", _run(600), _run(607)),  # ours better
        nsp.Outcome("I2", _run(800), _run(800)),  # tie
        nsp.Outcome("I3", _run(10, violations=2), _run(None)),  # ours breaks a rule: not better
    ]
    lines, passed = nsp.verdict(outcomes)
    assert not passed  # two hard violations
    assert "hard violations in all solutions: 2" in lines[0]
    assert "better on 1 of 3, worse on 0" in lines[1]
    lines, passed = nsp.verdict([*outcomes[:2], nsp.Outcome("I4", _run(None), _run(900))])
    assert not passed
    assert "worse on 1 (I4)" in lines[1]
    assert nsp.verdict(outcomes[:2])[1]
    broken = outcomes[2]
    assert nsp.table_row("I3", broken.ours, broken.plain, None)[6] == "-"  # no ratio: broken
