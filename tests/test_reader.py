"""The input reader: tiny valid inputs read to the same Scenario, every broken one to located
problems, all at once and never a traceback."""

from __future__ import annotations

import tempfile
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import Scenario, Skill, Source, Weights
from scheduler.errors import InputError, Problem
from scheduler.io.reader import read_scenario, validate_input
from tests.workbook_generator import gen

DATA = Path(__file__).parent / "data"
BROKEN = DATA / "broken"
TEMPLATE = Path(__file__).parent.parent / "templates" / "input_template.xlsx"


@pytest.fixture(scope="module")
def tiny() -> Scenario:
    return read_scenario(DATA / "tiny.xlsx")


def _read_sheets(tmp_path: Path, sheets: dict[str, list[list[object]]]) -> Scenario:
    path = tmp_path / "input.xlsx"
    gen.write_workbook(path, sheets)
    return read_scenario(path)


def _problems(tmp_path: Path, sheets: dict[str, list[list[object]]]) -> list[Problem]:
    path = tmp_path / "input.xlsx"
    gen.write_workbook(path, sheets)
    return validate_input(path)


# --- The valid tiny scenario ---------------------------------------------------------------------


def test_tiny_reads_every_sheet(tiny: Scenario) -> None:
    assert tiny.name == "Tiny"
    assert (tiny.horizon.start_date, tiny.horizon.days) == (date(2026, 11, 9), 1)
    assert tiny.horizon.interval_minutes == 30
    assert [q.queue_id for q in tiny.queues] == ["VOICE", "CHAT"]
    voice = [p for p in tiny.forecast if p.queue_id == "VOICE"]
    chat = [p for p in tiny.forecast if p.queue_id == "CHAT"]
    assert len(voice) == 6 and all(p.volume and p.aht_s == 300 for p in voice)
    assert [p.required_agents for p in chat] == [2, 3, 3, 2]
    assert chat[1].interval_start == datetime(2026, 11, 9, 9, 30)
    assert tiny.contract("FT").allowed_shifts == ("DAY", "LATE")
    assert tiny.contract("PT").allowed_shifts == ()
    day, late = tiny.shifts
    assert (day.earliest_start, day.latest_start, day.meal_after_max_hours) == (
        time(8),
        time(10),
        5,
    )
    assert late.meal_after_min_hours is None


def test_tiny_agents_skills_leave_and_availability(tiny: Scenario) -> None:
    assert tiny.agent("A001").skills == (
        Skill(queue_id="VOICE", proficiency=5),
        Skill(queue_id="CHAT", proficiency=2),
    )
    assert tiny.agent("A002").skills == (Skill(queue_id="VOICE", proficiency=3),)
    temp = tiny.agent("A003")
    assert (temp.source, temp.vendor, temp.cost_per_hour) == (Source.TEMP, "StaffCo", 28)
    assert tiny.agent("A002").vendor == ""
    assert [(t.agent_id, t.first_day) for t in tiny.time_off] == [("A002", date(2026, 11, 9))]
    (window,) = tiny.availability
    assert (window.day, window.available_from, window.available_to) == ("mon", time(13), time(22))
    assert tiny.weights == Weights(overstaffing_per_agent_hour=5)


def test_clean_input_has_no_problems() -> None:
    assert validate_input(DATA / "tiny.xlsx") == []


def test_csv_folder_reads_to_the_same_scenario(tiny: Scenario) -> None:
    assert read_scenario(DATA / "tiny_csv") == tiny


def test_committed_test_data_matches_its_generator(tmp_path: Path) -> None:
    written = gen.write_all(tmp_path)
    committed = {
        p.relative_to(DATA)
        for p in [DATA / "tiny.xlsx", *DATA.glob("tiny_csv/*.csv"), *BROKEN.glob("*.xlsx")]
    }
    assert {p.relative_to(tmp_path) for p in written} == committed
    for path in written:
        relative = path.relative_to(tmp_path)
        assert _content(path) == _content(DATA / relative), f"regenerate {relative}"


def _content(path: Path) -> object:
    """A file's bytes; for a workbook its unzipped parts, as zlib builds may compress unalike."""
    if not zipfile.is_zipfile(path):
        return path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- Broken inputs: one defect each, located exactly ---------------------------------------------

# (file stem, sheet, row, column, value found, key phrase of `expected`)
BROKEN_CASES: list[tuple[str, str | None, int | None, str | None, object, str]] = [
    ("NotAWorkbook", None, None, None, None, "an .xlsx workbook; this file is not one"),
    ("EncryptedWorkbook", None, None, None, None, "password-protected"),
    ("MissingSheet", "Shifts", None, None, None, "a sheet named Shifts"),
    ("MissingColumn", "Agents", 1, "contract_id", None, "a column named contract_id"),
    ("MissingSetting", "Settings", None, "key (A)", None, "a row with key start_date"),
    ("EmptyAgentsSheet", "Agents", 2, None, None, "at least one row of data"),
    ("IntervalMinutesNot15Or30", "Settings", 5, "value (B)", 20, "one of: 15, 30"),
    ("BadChannel", "Queues", 3, "channel (C)", "fax", "one of: voice, chat, email, other"),
    ("NegativeVolume", "Forecast", 3, "volume (C)", -5, "a number >= 0"),
    (
        "IntervalNotOnGrid",
        "Forecast",
        4,
        "interval_start (B)",
        "2026-11-09 10:10",
        "on the 30-minute interval grid",
    ),
    (
        "IntervalOutsideHorizon",
        "Forecast",
        11,
        "interval_start (B)",
        "2026-11-10 10:30",
        "inside the horizon",
    ),
    (
        "DuplicateForecastInterval",
        "Forecast",
        9,
        "interval_start (B)",
        "2026-11-09 09:00",
        "already given in row 8",
    ),
    ("ForecastWithBothForms", "Forecast", 8, "volume (C)", 30, "not both"),
    (
        "UnknownForecastQueue",
        "Forecast",
        10,
        "queue_id (A)",
        "SMS",
        "a queue_id defined in sheet Queues",
    ),
    ("HoursAsWords", "Contracts", 2, "max_hours_week (D)", "forty", "a number"),
    (
        "MinHoursAboveMax",
        "Contracts",
        3,
        "min_hours_week (C)",
        30,
        "min_hours_week must not exceed max_hours_week",
    ),
    (
        "UnknownContractShift",
        "Contracts",
        2,
        "allowed_shifts (G)",
        "NIGHT",
        "a shift_id defined in sheet Shifts",
    ),
    ("TimeAsGarbageText", "Shifts", 2, "earliest_start (C)", "nine-ish", "a time of day"),
    ("StartNotOnGrid", "Shifts", 2, "latest_start (D)", "10:15", "on the 30-minute interval grid"),
    (
        "StepNotMultipleOfInterval",
        "Shifts",
        3,
        "start_step_minutes (E)",
        45,
        "a multiple of 30 minutes",
    ),
    ("MealNotMultipleOfInterval", "Shifts", 2, "meal_minutes (G)", 45, "a multiple of 30 minutes"),
    ("ShiftLongerThan24h", "Shifts", 3, "paid_hours (F)", 24, "must not exceed 24 hours"),
    ("DuplicateAgentId", "Agents", 4, "agent_id (A)", "A001", "already used in row 2"),
    (
        "AgentWithoutContract",
        "Agents",
        4,
        "contract_id (F)",
        None,
        "a contract_id defined in sheet Contracts",
    ),
    (
        "UnknownContract",
        "Agents",
        5,
        "contract_id (F)",
        "CASUAL",
        "a contract_id defined in sheet Contracts",
    ),
    ("UnknownSkill", "Agents", 3, "skills (G)", "FAX", "a queue_id defined in sheet Queues"),
    ("SkillLevelOutOfRange", "Agents", 2, "skills (G)", "VOICE:7, CHAT:2", "levels from 1 to 5"),
    (
        "UnknownTimeOffAgent",
        "TimeOff",
        2,
        "agent_id (A)",
        "A999",
        "an agent_id defined in sheet Agents",
    ),
    (
        "TimeOffEndsBeforeStart",
        "TimeOff",
        2,
        "last_day (C)",
        "2026-11-08",
        "last_day must not be before first_day",
    ),
    ("BadWeekday", "Availability", 2, "day (B)", "someday", "a weekday (mon-sun) or a date"),
    (
        "UnknownPreset",
        "Contracts",
        2,
        "preset (H)",
        "prc-standrd",
        "one of: custom, prc-standard, prc-comprehensive, prc-intern, eu-wtd",
    ),
    (
        "OvertimeWithoutStandard",
        "Contracts",
        3,
        "standard_hours_day",
        None,
        "the rule: max_overtime_day needs standard_hours_day",
    ),
]


def test_every_broken_file_has_a_case() -> None:
    assert {path.stem for path in BROKEN.glob("*.xlsx")} == {case[0] for case in BROKEN_CASES}


@pytest.mark.parametrize(
    ("stem", "sheet", "row", "column", "value", "phrase"),
    BROKEN_CASES,
    ids=[case[0] for case in BROKEN_CASES],
)
def test_broken_file_reports_its_defect_where_it_is(
    stem: str, sheet: str | None, row: int | None, column: str | None, value: object, phrase: str
) -> None:
    path = BROKEN / f"{stem}.xlsx"
    with pytest.raises(InputError) as raised:
        read_scenario(path)
    (problem,) = raised.value.problems
    assert problem.source == path.name
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        sheet,
        row,
        column,
        value,
    )
    assert phrase in problem.expected


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    gen.set_cell(sheets, "Forecast", 3, "volume", -5)
    gen.set_cell(sheets, "Agents", 3, "skills", "VOICE, FAX")
    gen.set_cell(sheets, "Shifts", 2, "earliest_start", "nine-ish")
    path = tmp_path / "three.xlsx"
    gen.write_workbook(path, sheets)
    with pytest.raises(InputError) as raised:
        read_scenario(path)
    located = [(p.sheet, p.row, p.column) for p in raised.value.problems]
    assert located == [
        ("Forecast", 3, "volume (C)"),
        ("Shifts", 2, "earliest_start (C)"),
        ("Agents", 3, "skills (G)"),
    ]
    assert "3 problem(s)" in str(raised.value)


def test_one_row_reports_each_bad_cell_but_no_consequential_rule(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    gen.set_cell(sheets, "Forecast", 3, "volume", "lots")
    gen.set_cell(sheets, "Forecast", 3, "aht_s", -1)
    problems = _problems(tmp_path, sheets)
    assert [(p.row, p.column) for p in problems] == [(3, "volume (C)"), (3, "aht_s (D)")]
    assert problems[1].expected == "a number > 0"


# --- Files that cannot be read ------------------------------------------------------------------


def test_missing_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (problem,) = validate_input(tmp_path / "nowhere.xlsx")
    assert problem.source == "nowhere.xlsx" and "nothing is at" in problem.expected


def test_folder_without_csv_files_lists_each_missing_sheet(tmp_path: Path) -> None:
    problems = validate_input(tmp_path)
    assert [p.sheet for p in problems] == [
        "Settings",
        "Queues",
        "Forecast",
        "Contracts",
        "Shifts",
        "Agents",
    ]
    assert problems[0].expected == f"a file Settings.csv in the folder {tmp_path.name}"


def test_csv_problems_name_the_file_and_line(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    gen.set_cell(sheets, "Agents", 3, "skills", "VOICE, FAX")
    del sheets["Shifts"]
    del sheets["Contracts"][2]  # PT goes; the agents on PT now name an unknown contract
    gen.write_csv_folder(tmp_path / "input", sheets)
    problems = validate_input(tmp_path / "input")
    assert [(p.source, p.sheet, p.row, p.column) for p in problems] == [
        ("input", "Shifts", None, None),
        ("Agents.csv", "Agents", 3, "skills (G)"),
        ("Agents.csv", "Agents", 4, "contract_id (F)"),
        ("Agents.csv", "Agents", 5, "contract_id (F)"),
    ]


def test_csv_not_in_utf8_is_a_problem(tmp_path: Path) -> None:
    gen.write_csv_folder(tmp_path, gen.base_sheets())
    (tmp_path / "Agents.csv").write_bytes("agent_id,name\nA001,Zo\xeb\n".encode("latin-1"))
    (problem,) = validate_input(tmp_path)
    assert (problem.source, problem.sheet) == ("Agents.csv", None)
    assert "UTF-8" in problem.expected


def test_blank_template_gives_located_problems() -> None:
    problems = validate_input(TEMPLATE)
    assert problems, "a blank template is not a scenario"
    assert all(p.sheet is not None and p.row is not None for p in problems)
    assert ("Settings", 2, "value (B)") in [(p.sheet, p.row, p.column) for p in problems]
    assert not any("column named" in p.expected for p in problems)


# --- Tolerance: what users do to workbooks -------------------------------------------------------


def test_extra_columns_are_ignored(tmp_path: Path, tiny: Scenario) -> None:
    sheets = gen.base_sheets()
    for rows in sheets.values():
        rows[0].insert(1, "my notes")
        for row in rows[1:]:
            row.insert(1, "whatever")
    assert _read_sheets(tmp_path, sheets) == tiny


def test_column_order_does_not_matter(tmp_path: Path, tiny: Scenario) -> None:
    sheets = {
        name: [list(reversed(row)) for row in rows] for name, rows in gen.base_sheets().items()
    }
    assert _read_sheets(tmp_path, sheets) == tiny


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path, tiny: Scenario) -> None:
    sheets = gen.base_sheets()
    for rows in sheets.values():
        width = len(rows[0])
        rows.insert(1, [None] * width)
        rows.insert(3, ["  "] + [None] * (width - 1))
        rows.append([None] * width)
    assert _read_sheets(tmp_path, sheets) == tiny
    gen.set_cell(sheets, "Forecast", 5, "volume", -5)  # data row 3 of the original sheet
    (problem,) = _problems(tmp_path, sheets)
    assert (problem.sheet, problem.row) == ("Forecast", 5)


def test_headers_and_sheet_names_match_loosely(tmp_path: Path, tiny: Scenario) -> None:
    sheets = gen.base_sheets()
    for rows in sheets.values():
        rows[0] = [f"  {str(header).upper()} " for header in rows[0]]
    sheets["Time Off"] = sheets.pop("TimeOff")
    assert _read_sheets(tmp_path, sheets) == tiny


def test_text_stands_in_for_numbers_times_and_dates(tmp_path: Path, tiny: Scenario) -> None:
    sheets = gen.base_sheets()
    gen.set_cell(sheets, "Settings", 3, "value", "2026-11-09")
    gen.set_cell(sheets, "Settings", 5, "value", " 30 ")
    gen.set_cell(sheets, "Queues", 2, "service_level", "80%")
    gen.set_cell(sheets, "Queues", 2, "channel", " Voice ")
    gen.set_cell(sheets, "Forecast", 2, "interval_start", "2026-11-09 9:00")
    gen.set_cell(sheets, "Forecast", 3, "volume", "55")
    gen.set_cell(sheets, "Shifts", 2, "earliest_start", "8:00")
    gen.set_cell(sheets, "Shifts", 2, "latest_start", "10:00")
    gen.set_cell(sheets, "Agents", 2, "skills", " VOICE : 5 ,CHAT:2 ")
    gen.set_cell(sheets, "TimeOff", 2, "first_day", "2026-11-09")
    gen.set_cell(sheets, "Availability", 2, "available_from", "13:00")
    gen.set_cell(sheets, "Availability", 2, "day", "Monday")
    assert _read_sheets(tmp_path, sheets) == tiny


def test_time_cells_are_read_to_the_second(tmp_path: Path, tiny: Scenario) -> None:
    sheets = gen.base_sheets()
    # What 8:00 may look like after Excel's floating-point day fractions.
    gen.set_cell(sheets, "Shifts", 2, "earliest_start", time(7, 59, 59, 999_600))
    assert _read_sheets(tmp_path, sheets) == tiny


def test_numeric_ids_read_as_text(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    gen.set_cell(sheets, "Agents", 4, "agent_id", 1003)
    assert "1003" in [a.agent_id for a in _read_sheets(tmp_path, sheets).agents]


def test_a_column_given_twice_is_a_problem(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    for row in sheets["Queues"]:
        row.append(row[1])
    (problem,) = _problems(tmp_path, sheets)
    assert (problem.sheet, problem.row, problem.column) == ("Queues", 1, "name (H)")
    assert "already column B" in problem.expected


def test_an_unknown_setting_is_a_problem(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    sheets["Settings"].append(["weight_overtime", 3, None])
    (problem,) = _problems(tmp_path, sheets)
    assert (problem.sheet, problem.row, problem.column) == ("Settings", 7, "key (A)")
    assert problem.expected.startswith("one of the setting keys")


@settings(max_examples=40, deadline=None)
@given(hour=st.integers(0, 23), minute=st.integers(0, 59), padded=st.booleans())
def test_time_text_reads_as_that_time(hour: int, minute: int, padded: bool) -> None:
    sheets = gen.base_sheets()
    text = f"{hour:02d}:{minute:02d}" if padded else f"{hour}:{minute:02d}"
    gen.set_cell(sheets, "Availability", 2, "available_to", text)
    with tempfile.TemporaryDirectory() as folder:
        gen.write_csv_folder(Path(folder), sheets)
        (window,) = read_scenario(Path(folder)).availability
    assert window.available_to == time(hour, minute)


def test_settings_without_a_value_column_is_one_problem(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    gen.drop_column(sheets, "Settings", "value")
    (problem,) = _problems(tmp_path, sheets)
    assert (problem.sheet, problem.row, problem.column) == ("Settings", 1, "value")


def test_an_optional_sheet_cleared_of_everything_is_absent(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    sheets["Availability"] = []
    assert _read_sheets(tmp_path, sheets).availability == ()


def test_a_skills_cell_of_only_commas_is_a_problem(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    gen.set_cell(sheets, "Agents", 3, "skills", " , ")
    (problem,) = _problems(tmp_path, sheets)
    assert (problem.row, problem.column, problem.value) == (3, "skills (G)", " , ")
    assert "queue_ids from sheet Queues" in problem.expected


def test_semicolon_separated_csv_reads_too(tmp_path: Path, tiny: Scenario) -> None:
    gen.write_csv_folder(tmp_path, gen.base_sheets())
    queues = tmp_path / "Queues.csv"
    queues.write_text(queues.read_text().replace(",", ";"))
    assert read_scenario(tmp_path) == tiny


def test_a_broken_rule_points_at_the_blank_cell_it_names(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    gen.set_cell(sheets, "Forecast", 3, "aht_s", None)
    (problem,) = _problems(tmp_path, sheets)
    assert (problem.row, problem.column, problem.value) == (3, "aht_s (D)", None)
    assert problem.expected == "the rule: give volume and aht_s together, or required_agents"


def test_contract_presets_fill_blank_rule_columns_and_yield_to_given_ones(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    gen._new_column("Contracts", "preset", 2, "PRC-Intern")(sheets)
    gen._new_column("Contracts", "night_work", 2, "Allowed")(sheets)
    gen._new_column("Contracts", "night_start", 3, "23:00")(sheets)
    contracts = _read_sheets(tmp_path, sheets).contracts_by_id()
    intern = contracts["FT"]
    assert (intern.preset, intern.max_paid_hours_day, intern.max_overtime_month) == (
        "prc-intern",
        8,
        0,
    )
    assert intern.night_work == "allowed"  # the contract's own value wins over the preset
    assert contracts["PT"].preset == "custom" and contracts["PT"].max_paid_hours_day is None
    assert contracts["PT"].night_start == time(23)


def test_break_columns_read_and_a_break_off_the_interval_grid_is_located(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    gen._new_column("Shifts", "break_minutes", 2, 30)(sheets)
    gen._new_column("Shifts", "break_every_hours", 2, 2)(sheets)
    day = _read_sheets(tmp_path, sheets).shifts_by_id()["DAY"]
    assert (day.break_minutes, day.break_every_hours) == (30, 2)
    gen.set_cell(sheets, "Shifts", 2, "break_minutes", 15)  # the tiny scenario has 30-min slots
    (problem,) = _problems(tmp_path, sheets)
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Shifts",
        2,
        "break_minutes (J)",
        15,
    )
    assert "a multiple of 30 minutes" in problem.expected
    assert "shorter Settings interval_minutes" in problem.expected


def test_holiday_work_is_read_case_blind_and_set_by_the_intern_preset(tmp_path: Path) -> None:
    sheets = gen.base_sheets()
    gen._new_column("Contracts", "preset", 2, "prc-intern")(sheets)
    gen._new_column("Contracts", "holiday_work", 3, "Banned")(sheets)
    contracts = _read_sheets(tmp_path, sheets).contracts_by_id()
    assert contracts["FT"].holiday_work == "banned"  # from the preset
    assert contracts["PT"].holiday_work == "banned"  # its own column
