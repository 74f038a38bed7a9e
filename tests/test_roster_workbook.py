"""The roster workbook: human sheets look right, contract sheets read back exactly."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import (
    Agent,
    Contract,
    ForecastPoint,
    Horizon,
    Queue,
    Scenario,
    ShiftTemplate,
    Skill,
    Source,
    TimeOff,
)
from scheduler.errors import InputError, OutputExistsError
from scheduler.io.roster_reader import read_assignments
from scheduler.result import (
    Activity,
    ActivityKind,
    CoverageRow,
    Roster,
    SolveResult,
    SolveStatus,
)
from scheduler.writers.roster_workbook import (
    ASSIGNMENTS_COLUMNS,
    COVERAGE_COLUMNS,
    write_roster_workbook,
)

DAY1 = date(2026, 11, 8)  # a Sunday
DAY2 = date(2026, 11, 9)
DAY3 = date(2026, 11, 11)  # outside the horizon
GENERATED = datetime(2026, 11, 1, 12, 0)
FORMULA_NAME = "=HYPERLINK(1)"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def make_scenario() -> Scenario:
    queue = {"service_level": 0.8, "answer_time_s": 20, "max_occupancy": 0.9, "shrinkage": 0.3}
    return Scenario(
        name="Double 11",
        horizon=Horizon(start_date=DAY1, days=2, interval_minutes=30),
        queues=(
            Queue(queue_id="VOICE", name="Voice hotline", channel="voice", **queue),
            Queue(queue_id="CHAT", name="Web chat", channel="chat", **queue),
        ),
        forecast=(ForecastPoint(queue_id="VOICE", interval_start=at(DAY1, 9), required_agents=2),),
        contracts=(
            Contract(
                contract_id="FT",
                name="Full time",
                min_hours_week=0,
                max_hours_week=40,
                max_days_week=5,
                min_rest_hours=11,
            ),
        ),
        shifts=(
            ShiftTemplate(
                shift_id="DAY",
                name="Day",
                earliest_start=time(8),
                latest_start=time(14),
                start_step_minutes=30,
                paid_hours=8,
                meal_minutes=60,
            ),
        ),
        agents=(
            Agent(
                agent_id="A1",
                name="Li Na",
                team="Team A",
                contract_id="FT",
                skills=(Skill(queue_id="VOICE"),),
                cost_per_hour=30,
            ),
            Agent(
                agent_id="A2",
                name=FORMULA_NAME,
                team="+Night",
                source=Source.VENDOR,
                vendor="@Vendor Co",
                contract_id="FT",
                skills=(Skill(queue_id="CHAT"),),
                cost_per_hour=20,
            ),
            Agent(
                agent_id="A3",
                name="Sam Leave",
                team="-Team",
                contract_id="FT",
                skills=(Skill(queue_id="VOICE"),),
                cost_per_hour=10,
            ),
        ),
        time_off=(TimeOff(agent_id="A3", first_day=DAY2, last_day=DAY2),),
    )


def make_activities() -> tuple[Activity, ...]:
    shift, meal, brk, standby = (
        ActivityKind.SHIFT,
        ActivityKind.MEAL,
        ActivityKind.BREAK,
        ActivityKind.STANDBY,
    )
    return (
        Activity("A1", DAY1, shift, at(DAY1, 8), at(DAY1, 12), "VOICE"),
        Activity("A1", DAY1, meal, at(DAY1, 12), at(DAY1, 13)),
        Activity("A1", DAY1, shift, at(DAY1, 13), at(DAY1, 15), "VOICE"),
        Activity("A1", DAY1, brk, at(DAY1, 15), at(DAY1, 15, 30)),
        Activity("A1", DAY1, shift, at(DAY1, 15, 30), at(DAY1, 17), "VOICE"),
        Activity("A1", DAY2, standby, at(DAY2, 9), at(DAY2, 17)),
        Activity("A2", DAY1, shift, at(DAY1, 22), at(DAY2, 2), "CHAT"),
        Activity("A2", DAY1, meal, at(DAY2, 2), at(DAY2, 2, 30)),
        Activity("A2", DAY1, shift, at(DAY2, 2, 30), at(DAY2, 7), "CHAT"),
        Activity("A3", DAY1, shift, at(DAY1, 14), at(DAY1, 22), "VOICE"),
    )


def make_coverage(activities: tuple[Activity, ...]) -> tuple[CoverageRow, ...]:
    rows = []
    for queue_id in ("VOICE", "CHAT"):
        for slot in range(2 * 48):
            start = at(DAY1, 0) + timedelta(minutes=30 * slot)
            scheduled = sum(
                a.kind is ActivityKind.SHIFT and a.queue_id == queue_id and a.start <= start < a.end
                for a in activities
            )
            hour = start.hour
            staffed = queue_id == "VOICE" and 8 <= hour < 20
            required = (2 if hour in (10, 11) else 1) if staffed else 0
            rows.append(CoverageRow(queue_id, start, required, scheduled))
    return tuple(rows)


def make_result() -> SolveResult:
    activities = make_activities()
    return SolveResult(
        scenario_name="Double 11",
        status=SolveStatus.FEASIBLE,
        objective=1234.5,
        best_bound=1000.0,
        wall_seconds=3.25,
        interval_minutes=30,
        roster=Roster(activities),
        coverage=make_coverage(activities),
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("writer") / "roster.xlsx"
    write_roster_workbook(make_result(), make_scenario(), path, generated_at=GENERATED)
    return path


@pytest.fixture(scope="module")
def book(written: Path) -> Workbook:
    return load_workbook(written)


def sheet(book: Workbook, name: str) -> Worksheet:
    ws = book[name]
    assert isinstance(ws, Worksheet)
    return ws


def header(ws: Worksheet, row: int = 1) -> list[object]:
    return [cell.value for cell in ws[row]]


def roster_row(ws: Worksheet, agent_id: str) -> dict[object, object]:
    """The Roster row of one agent, keyed by the header text of row 2."""
    titles = header(ws, 2)
    for row in ws.iter_rows(min_row=3, values_only=True):
        if row[0] == agent_id:
            return dict(zip(titles, row, strict=True))
    raise AssertionError(f"no Roster row for {agent_id}")


def summary_values(ws: Worksheet) -> dict[object, object]:
    return {row[0]: row[1] for row in ws.iter_rows(min_row=3, max_col=2, values_only=True)}


# --- structure and contracts ------------------------------------------------------------------


def test_sheets_in_order(book: Workbook) -> None:
    assert book.sheetnames == [
        "Summary",
        "Roster",
        "Timeline Sun 08 Nov",
        "Timeline Mon 09 Nov",
        "Coverage view",
        "Inputs",
        "Coverage",
        "Assignments",
    ]
    assert book.active is not None and book.active.title == "Summary"


def test_coverage_contract(book: Workbook) -> None:
    ws = sheet(book, "Coverage")
    result = make_result()
    assert header(ws) == list(COVERAGE_COLUMNS)
    assert COVERAGE_COLUMNS == (
        "queue_id",
        "interval_start",
        "required",
        "scheduled",
        "shortfall",
        "surplus",
    )
    assert ws.max_row == len(result.coverage) + 1
    first = ws[2]
    assert first[0].value == "VOICE"
    assert first[1].value == at(DAY1, 0)
    assert first[1].number_format == "yyyy-mm-dd hh:mm"
    rows = {(r[0], r[1]): r[2:] for r in ws.iter_rows(min_row=2, values_only=True)}
    for item in result.coverage:
        assert rows[item.queue_id, item.interval_start] == (
            item.required,
            item.scheduled,
            item.shortfall,
            item.surplus,
        )
    assert ws.freeze_panes == "A2"


def test_assignments_contract(book: Workbook) -> None:
    ws = sheet(book, "Assignments")
    assert header(ws) == list(ASSIGNMENTS_COLUMNS)
    assert ASSIGNMENTS_COLUMNS == (
        "agent_id",
        "agent_name",
        "source",
        "vendor",
        "date",
        "activity",
        "start",
        "end",
        "queue_id",
    )
    assert ws.max_row == len(make_activities()) + 1
    meal = [cell for cell in ws[3]]
    assert [c.value for c in meal] == [
        "A1",
        "Li Na",
        "employee",
        None,
        at(DAY1, 0),
        "meal",
        at(DAY1, 12),
        at(DAY1, 13),
        None,
    ]
    assert meal[4].number_format == "yyyy-mm-dd"
    assert meal[6].number_format == meal[7].number_format == "yyyy-mm-dd hh:mm"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:I{ws.max_row}"


def test_assignments_round_trip(written: Path) -> None:
    assert read_assignments(written).activities == make_result().roster.activities


def test_assignments_sorted_by_agent_then_start(tmp_path: Path) -> None:
    result = make_result()
    shuffled = SolveResult(**{**vars(result), "roster": Roster(result.roster.activities[::-1])})
    path = tmp_path / "r.xlsx"
    write_roster_workbook(shuffled, make_scenario(), path, generated_at=GENERATED)
    assert read_assignments(path).activities == result.roster.activities


# --- the human sheets ---------------------------------------------------------------------------


def test_roster_grid(book: Workbook) -> None:
    ws = sheet(book, "Roster")
    titles = header(ws, 2)
    assert titles[:8] == [
        "Agent ID",
        "Name",
        "Team",
        "Source",
        "Vendor",
        "Contract",
        "Sun 08 Nov",
        "Mon 09 Nov",
    ]
    assert titles[8:] == ["Paid hours", "Shifts", "Nights", "Weekend shifts"]
    li_na, vendor, on_leave = (roster_row(ws, agent_id) for agent_id in ("A1", "A2", "A3"))
    assert li_na["Sun 08 Nov"] == "08:00-17:00"
    assert li_na["Mon 09 Nov"] == "SB 09:00-17:00"
    assert vendor["Sun 08 Nov"] == "22:00-07:00+1"
    assert vendor["Mon 09 Nov"] == "OFF"
    assert on_leave["Sun 08 Nov"] == "14:00-22:00"
    assert on_leave["Mon 09 Nov"] == "LEAVE"
    totals = ("Paid hours", "Shifts", "Nights", "Weekend shifts")
    assert [li_na[t] for t in totals] == [8, 1, 0, 1]
    assert [vendor[t] for t in totals] == [8.5, 1, 1, 1]  # 22:00-07:00 is a night
    assert [on_leave[t] for t in totals] == [8, 1, 0, 1]  # 14:00-22:00 is not
    rows = {r[1]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["Agents working"][6:12] == (3, 0, 24.5, 3, 1, 3)
    assert rows["Night shifts"][6:8] == (1, 0)
    assert rows["Day shifts"][6:8] == (1, 0)
    assert rows["Late shifts"][6:8] == (1, 0)
    assert rows["Paid hours"][6:8] == (24.5, 0)
    assert rows["Agents on leave"][6:8] == (0, 1)


def test_roster_shift_ending_at_midnight_and_control_characters(tmp_path: Path) -> None:
    scenario = make_scenario()
    bell = scenario.agents[0].model_copy(update={"name": "Li\x07Na"})
    scenario = scenario.model_copy(update={"agents": (bell, *scenario.agents[1:])})
    late = Activity("A1", DAY1, ActivityKind.SHIFT, at(DAY1, 16), at(DAY2, 0), "VOICE")
    result = SolveResult("s", SolveStatus.OPTIMAL, 0.0, 0.0, 0.1, 30, Roster((late,)), ())
    path = tmp_path / "late.xlsx"
    write_roster_workbook(result, scenario, path)
    row = roster_row(sheet(load_workbook(path), "Roster"), "A1")
    assert row["Sun 08 Nov"] == "16:00-24:00"
    assert row["Name"] == "Li\ufffdNa"


def test_roster_shades_shift_families_and_weekends(book: Workbook) -> None:
    ws = sheet(book, "Roster")
    fills = {
        ws.cell(row=row, column=7).value: ws.cell(row=row, column=7).fill.fgColor.rgb
        for row in range(3, 6)
    }
    # day, night and late starts each get their own colour
    assert len(set(fills.values())) == 3
    off = next(ws.cell(row=r, column=7) for r in range(3, 6) if ws.cell(r, 1).value == "A2")
    assert off.value == "22:00-07:00+1"
    sunday_header, monday_header = ws.cell(row=2, column=7), ws.cell(row=2, column=8)
    assert sunday_header.fill.fgColor.rgb != monday_header.fill.fgColor.rgb


def test_roster_freeze_filter_and_print_setup(book: Workbook) -> None:
    ws = sheet(book, "Roster")
    assert ws.freeze_panes == "C3"
    assert ws.auto_filter.ref == "A2:L5"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr is not None
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows is not None
    assert ws.print_title_rows.replace("$", "") == "1:2"


def test_summary_figures(book: Workbook) -> None:
    values = summary_values(sheet(book, "Summary"))
    result = make_result()
    assert values["Scenario"] == "Double 11"
    assert str(values["Solve status"]).startswith("Feasible")
    assert values["Objective (points)"] == 1234.5
    assert values["Best bound (points)"] == 1000.0
    assert values["Agents in scenario"] == 3
    assert values["Agents rostered"] == 3
    assert values["Paid hours"] == pytest.approx(24.5)
    assert values["Wage cost"] == pytest.approx(8 * 30 + 8.5 * 20 + 8 * 10)
    assert values["Understaffed agent-hours"] == pytest.approx(
        sum(result.understaffed_agent_hours().values())
    )
    assert values["Generated"] == GENERATED
    assert "10 worst intervals (largest shortfall)" in values


def test_summary_charts_read_coverage(book: Workbook, written: Path) -> None:
    charts = sheet(book, "Summary")._charts  # type: ignore[attr-defined]
    assert len(charts) == 2  # one per queue
    with zipfile.ZipFile(written) as archive:
        chart_xml = [archive.read(n).decode() for n in archive.namelist() if "charts/chart" in n]
    summary_charts = [xml for xml in chart_xml if "'Coverage'!" in xml]
    assert len(summary_charts) == 2
    assert all("'Coverage'!$C$" in xml and "'Coverage'!$D$" in xml for xml in summary_charts)


# --- text that looks like a formula ------------------------------------------------------------


def test_formula_looking_text_stays_text(book: Workbook) -> None:
    roster = sheet(book, "Roster")
    row = next(r for r in roster.iter_rows(min_row=3) if r[0].value == "A2")
    assert [c.value for c in row[1:5]] == [FORMULA_NAME, "+Night", "vendor", "@Vendor Co"]
    assert all(c.data_type == "s" for c in row[1:5])
    assignments = sheet(book, "Assignments")
    names = [r[1] for r in assignments.iter_rows(min_row=2) if r[0].value == "A2"]
    assert names and all(c.value == FORMULA_NAME and c.data_type == "s" for c in names)


def test_no_formula_cells_anywhere(book: Workbook) -> None:
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"


# --- atomic writing -----------------------------------------------------------------------------


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"keep me")
    with pytest.raises(OutputExistsError):
        write_roster_workbook(make_result(), make_scenario(), path)
    assert path.read_bytes() == b"keep me"
    write_roster_workbook(make_result(), make_scenario(), path, force=True)
    assert read_assignments(path).activities == make_activities()
    assert [p.name for p in tmp_path.iterdir()] == ["roster.xlsx"]


# --- reading back a hand-edited sheet ------------------------------------------------------------


def assignments_book(path: Path, rows: list[list[object]], title: str = "Assignments") -> Path:
    workbook = Workbook()
    ws = workbook.active
    assert isinstance(ws, Worksheet)
    ws.title = title
    for row in rows:
        ws.append(row)
    workbook.save(path)
    return path


def test_reader_tolerates_reordering_extra_columns_and_blank_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Queue ID", "comment", "End", "Start", "Activity", "Date", "Agent ID"],
        ["VOICE", "edited", at(DAY1, 17), at(DAY1, 8), " Shift ", at(DAY1, 0), 1001],
        [None, None, None, None, None, None, None],
        ["", "", "2026-11-09 02:30", "2026-11-09 02:00", "meal", "2026-11-08", "A2"],
    ]
    roster = read_assignments(assignments_book(tmp_path / "edited.xlsx", rows))
    assert roster.activities == (
        Activity("1001", DAY1, ActivityKind.SHIFT, at(DAY1, 8), at(DAY1, 17), "VOICE"),
        Activity("A2", DAY1, ActivityKind.MEAL, at(DAY2, 2), at(DAY2, 2, 30), None),
    )


def test_reader_rounds_excel_time_noise(tmp_path: Path) -> None:
    noisy = at(DAY1, 8) - timedelta(microseconds=3)
    rows: list[list[object]] = [
        ["agent_id", "date", "activity", "start", "end", "queue_id"],
        ["A1", DAY1, "shift", noisy, at(DAY1, 9), "VOICE"],
    ]
    roster = read_assignments(assignments_book(tmp_path / "noisy.xlsx", rows))
    assert roster.activities[0].start == at(DAY1, 8)


def test_reader_reports_every_located_problem(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["agent_id", "date", "activity", "start", "end", "queue_id"],
        ["A1", DAY1, "lunch", at(DAY1, 8), at(DAY1, 7), "VOICE"],
        [None, "soon", "shift", "08:00", at(DAY1, 9), None],
        ["A1", DAY1, "shift", at(DAY3, 8), at(DAY3, 9), None],
    ]
    with pytest.raises(InputError) as caught:
        read_assignments(assignments_book(tmp_path / "bad.xlsx", rows))
    found = {(p.sheet, p.row, p.column) for p in caught.value.problems}
    assert found == {
        ("Assignments", 2, "activity"),
        ("Assignments", 2, "end"),
        ("Assignments", 3, "agent_id"),
        ("Assignments", 3, "date"),
        ("Assignments", 3, "start"),
        ("Assignments", 4, "start"),
    }
    lunch = next(p for p in caught.value.problems if p.column == "activity")
    assert lunch.value == "lunch"
    assert "shift" in lunch.expected


def test_reader_reports_missing_columns(tmp_path: Path) -> None:
    rows: list[list[object]] = [["agent_id", "date", "activity", "start"], ["A1", DAY1, "shift"]]
    with pytest.raises(InputError) as caught:
        read_assignments(assignments_book(tmp_path / "narrow.xlsx", rows))
    assert {(p.row, p.column) for p in caught.value.problems} == {(1, "end"), (1, "queue_id")}


def test_reader_reports_missing_sheet_and_unreadable_file(tmp_path: Path) -> None:
    path = assignments_book(tmp_path / "other.xlsx", [["x"]], title="Roster")
    with pytest.raises(InputError, match="sheet named Assignments"):
        read_assignments(path)
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_text("not a workbook")
    with pytest.raises(InputError, match=r"readable \.xlsx"):
        read_assignments(garbage)
    with pytest.raises(InputError):
        read_assignments(tmp_path / "missing.xlsx")


# --- any roster survives the round trip ----------------------------------------------------------

_id_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
).filter(lambda s: s == s.strip())


@st.composite
def activities(draw: st.DrawFn) -> tuple[Activity, ...]:
    count = draw(st.integers(min_value=0, max_value=8))
    items = []
    for _ in range(count):
        day = DAY1 + timedelta(days=draw(st.integers(0, 1)))
        start = datetime.combine(day, time(0)) + timedelta(minutes=15 * draw(st.integers(0, 95)))
        length = timedelta(minutes=15 * draw(st.integers(1, 48)))
        items.append(
            Activity(
                agent_id=draw(st.sampled_from(["A1", "A2", "=1+1", "-x"]) | _id_text),
                day=day,
                kind=draw(st.sampled_from(list(ActivityKind))),
                start=start,
                end=start + length,
                queue_id=draw(st.none() | st.sampled_from(["VOICE", "@Q"]) | _id_text),
            )
        )
    return tuple(sorted(items, key=lambda a: (a.agent_id, a.start)))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(items=activities())
def test_any_roster_round_trips(tmp_path: Path, items: tuple[Activity, ...]) -> None:
    result = SolveResult("s", SolveStatus.OPTIMAL, 0.0, 0.0, 0.1, 30, Roster(items), ())
    path = tmp_path / "any.xlsx"
    write_roster_workbook(result, make_scenario(), path, force=True)
    assert read_assignments(path).activities == items
