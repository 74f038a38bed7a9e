"""The human sheets of the roster workbook: day timelines, coverage view, inputs, Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet
from test_roster_workbook import (
    DAY1,
    DAY2,
    FORMULA_NAME,
    GENERATED,
    at,
    make_result,
    make_scenario,
)

from scheduler.io.roster_reader import read_assignments
from scheduler.writers.labels import EN, LANGS, ZH, labels_for
from scheduler.writers.machine_sheets import ASSIGNMENTS_COLUMNS, COVERAGE_COLUMNS
from scheduler.writers.roster_workbook import write_roster_workbook
from scheduler.writers.timelines import FIRST_SLOT_COLUMN, QUEUE_COLOURS

SUN, MON = "Timeline Sun 08 Nov", "Timeline Mon 09 Nov"


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Workbook]:
    """The same roster written in every language, read back."""
    folder = tmp_path_factory.mktemp("sheets")
    loaded = {}
    for lang in LANGS:
        path = folder / f"roster_{lang}.xlsx"
        write_roster_workbook(
            make_result(), make_scenario(), path, generated_at=GENERATED, lang=lang
        )
        loaded[lang] = load_workbook(path)
    return loaded


@pytest.fixture(scope="module")
def book(books: dict[str, Workbook]) -> Workbook:
    return books["en"]


def sheet(book: Workbook, name: str) -> Worksheet:
    ws = book[name]
    assert isinstance(ws, Worksheet)
    return ws


def rows_by_label(ws: Worksheet, column: int) -> dict[object, tuple[Cell, ...]]:
    """Every row of a sheet keyed by the value in `column` (1-based)."""
    return {row[column - 1].value: row for row in ws.iter_rows() if row[column - 1].value}


def slot_cell(ws: Worksheet, row: int, hour: int, minute: int = 0) -> Cell:
    cell = ws.cell(row=row, column=FIRST_SLOT_COLUMN + hour * 2 + minute // 30)
    assert isinstance(cell, Cell)
    return cell


def human_sheets(book: Workbook) -> Iterator[Worksheet]:
    for ws in book.worksheets:
        if ws.title not in ("Coverage", "Assignments"):
            yield ws


# --- day timelines ------------------------------------------------------------------------------


def test_one_timeline_per_day_with_only_the_agents_at_work(book: Workbook) -> None:
    sunday = sheet(book, SUN)
    assert sunday["A1"].value == "Day timeline - Sun 08 Nov 2026 - Double 11"
    assert [c.value for c in sunday[2][:5]] == ["Agent ID", "Name", "Team", "Shift", "00:00"]
    agents = [sunday.cell(row=r, column=1).value for r in (3, 4, 5)]
    assert agents == ["A1", "A3", "A2"]  # by start: 08:00, 14:00, 22:00
    assert sunday.cell(row=6, column=1).value is None
    # Monday: last night's shift (carried over, on top) and a standby; A3 is on leave.
    monday = sheet(book, MON)
    lines = [
        (monday.cell(row=r, column=1).value, monday.cell(row=r, column=4).value) for r in (3, 4)
    ]
    assert lines == [("A2", "Sun 22:00-07:00+1"), ("A1", "SB 09:00-17:00")]
    assert monday.cell(row=5, column=1).value is None


def test_timeline_band_shows_queue_meal_and_break(book: Workbook) -> None:
    sunday = sheet(book, SUN)
    voice, chat = (f"00{colour}" for colour in QUEUE_COLOURS[:2])
    assert slot_cell(sunday, 3, 7, 30).fill.fgColor.rgb != voice  # before the shift
    start = slot_cell(sunday, 3, 8)
    assert start.fill.fgColor.rgb == voice
    assert start.value == "VOICE"  # named in the band for black-and-white prints
    assert slot_cell(sunday, 3, 12).value == "M"
    assert slot_cell(sunday, 3, 12, 30).value == "M"
    assert slot_cell(sunday, 3, 15).value == "B"
    assert slot_cell(sunday, 3, 16).fill.fgColor.rgb == voice
    monday = sheet(book, MON)
    assert slot_cell(monday, 3, 0).fill.fgColor.rgb == chat  # the night shift's tail
    assert slot_cell(monday, 3, 2).value == "M"
    assert slot_cell(monday, 3, 7).fill.fgColor.rgb != chat  # ended at 07:00
    assert slot_cell(monday, 4, 9).value == "S"  # standby


def test_timeline_counts_per_queue_with_the_requirement(book: Workbook) -> None:
    sunday = sheet(book, SUN)
    rows = rows_by_label(sunday, 2)
    scheduled, required = rows["VOICE scheduled"], rows["VOICE required"]
    at_ten = FIRST_SLOT_COLUMN - 1 + 20
    assert (scheduled[at_ten].value, required[at_ten].value) == (1, 2)
    assert scheduled[at_ten].fill.fgColor.rgb == "00FCE4D6"  # short: marked
    at_work = rows["Agents at work"]
    assert at_work[FIRST_SLOT_COLUMN - 1 + 28].value == 2  # 14:00: A1 and A3
    assert at_work[FIRST_SLOT_COLUMN - 1 + 24].value == 0  # 12:00: A1 at lunch
    assert "Queues" in rows and "M: meal (unpaid)" in rows


def test_timeline_freeze_filter_and_print(book: Workbook) -> None:
    ws = sheet(book, SUN)
    assert ws.freeze_panes == "E3"
    assert ws.auto_filter.ref == "A2:D5"
    assert ws.print_title_rows is not None and ws.print_title_cols is not None
    assert ws.print_title_cols.replace("$", "") == "A:D"
    assert ws.page_setup.orientation == "landscape"
    assert len(ws.merged_cells.ranges) == 24  # one header cell per hour


# --- coverage view ------------------------------------------------------------------------------


def test_coverage_view_grid_holds_the_gap(book: Workbook) -> None:
    ws = sheet(book, "Coverage view")
    rows = rows_by_label(ws, 1)
    assert "VOICE - Voice hotline" in rows and "CHAT - Web chat" in rows
    voice_sunday = next(
        r for r in ws.iter_rows(min_row=1, max_row=10) if r[0].value == "Sun 08 Nov"
    )
    row = voice_sunday[0].row
    assert ws.cell(row=row, column=2 + 20).value == -1  # 10:00: 1 scheduled, 2 required
    assert ws.cell(row=row, column=2 + 16).value == 0  # 08:00: 1 and 1
    assert ws.cell(row=row, column=2).value is None  # 00:00: nothing either way
    assert ws.cell(row=row, column=2 + 20).number_format == "+0;-0;0"
    under, over = (ws.cell(row=row, column=2 + 48 + i).value for i in (0, 1))
    sunday = [
        r
        for r in make_result().coverage
        if r.queue_id == "VOICE" and r.interval_start.date() == DAY1
    ]
    # Half-hour intervals: 10:00-12:00 one short, and the 12:00 lunch hour.
    assert under == sum(r.shortfall for r in sunday) / 2 == 3
    assert over == sum(r.surplus for r in sunday) / 2


def test_coverage_view_formats_gaps_and_charts_each_queue(book: Workbook) -> None:
    ws = sheet(book, "Coverage view")
    rules = [rule for fmt in ws.conditional_formatting for rule in fmt.rules]
    assert len(rules) == 3 * 2  # three bands per queue
    assert {rule.operator for rule in rules} == {"lessThan", "between", "greaterThan"}
    assert len(ws._charts) == 2  # type: ignore[attr-defined]
    assert ws.row_breaks.count == 1  # two queues fit one printed page


# --- inputs -------------------------------------------------------------------------------------


def test_inputs_explain_targets_rules_and_templates(book: Workbook) -> None:
    ws = sheet(book, "Inputs")
    rows = {r[0].value: [c.value for c in r] for r in ws.iter_rows() if r[0].value}
    assert rows["VOICE"][:7] == [
        "VOICE",
        "Voice hotline",
        "voice",
        "Erlang C",
        "80% in 20 s",
        0.9,
        0.3,
    ]
    assert rows["VOICE"][10] == 2  # A1 and A3 are skilled
    assert rows["FT"][:8] == ["FT", "Full time", 0, 40, 5, 11, "all", 3]
    assert rows["DAY"][:7] == ["DAY", "Day", "08:00", "14:00", 30, 8, 60]
    assert rows["A3"][:4] == ["A3", "Sam Leave", datetime(2026, 11, 9), datetime(2026, 11, 9)]
    assert rows["Understaffing per agent-hour"][2] == 1000
    for section in ("Queues and service targets", "Shift templates", "Hard rules (never broken)"):
        assert section in rows


def test_inputs_show_long_answer_times_in_hours(tmp_path: Path) -> None:
    scenario = make_scenario()
    email = scenario.queues[1].model_copy(update={"answer_time_s": 86400.0})
    scenario = scenario.model_copy(update={"queues": (scenario.queues[0], email)})
    path = tmp_path / "email.xlsx"
    write_roster_workbook(make_result(), scenario, path)
    ws = sheet(load_workbook(path), "Inputs")
    chat = next(r for r in ws.iter_rows(values_only=True) if r[0] == "CHAT")
    assert chat[3:5] == ("chat sessions (Erlang C)", "80% in 24 h")


# --- summary ------------------------------------------------------------------------------------


def test_summary_lists_every_sheet_and_expected_service_level(book: Workbook) -> None:
    ws = sheet(book, "Summary")
    firsts = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0]}
    for name in ("Roster", "Timeline ...", "Coverage view", "Inputs", "Coverage", "Assignments"):
        assert name in firsts
    assert firsts["Queue"][7] == "Expected service level"
    # The fixture's queues are forecast as headcounts: no contacts to rate.
    assert firsts["VOICE"][7] == "n/a"


# --- every human sheet --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_human_sheet_prints_one_page_wide(books: dict[str, Workbook], lang: str) -> None:
    font = labels_for("zh" if lang == "zh" else "en").font_name
    for ws in human_sheets(books[lang]):
        assert ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr is not None
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.orientation in ("portrait", "landscape"), ws.title
        footer = ws.oddFooter
        assert footer is not None and footer.center.text, ws.title
        assert footer.center.font == f"{font},Regular", ws.title


def test_no_formula_cells_in_any_language(books: dict[str, Workbook]) -> None:
    for book in books.values():
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"


# --- Chinese --------------------------------------------------------------------------------------


def test_chinese_sheet_names_with_english_machine_sheets(books: dict[str, Workbook]) -> None:
    assert books["zh"].sheetnames == [
        "汇总",
        "排班表",
        "时间线 11-08 周日",
        "时间线 11-09 周一",
        "覆盖情况",
        "输入与假设",
        "Coverage",
        "Assignments",
    ]


def test_chinese_headers_and_cjk_font(books: dict[str, Workbook]) -> None:
    roster = sheet(books["zh"], "排班表")
    headers = [c.value for c in roster[2]]
    assert headers[:8] == [
        "工号",
        "姓名",
        "班组",
        "用工类型",
        "供应商",
        "合同",
        "11-08 周日",
        "11-09 周一",
    ]
    assert headers[8:] == ["带薪工时", "班次数", "夜班数", "周末班次"]
    a3 = next(r for r in roster.iter_rows(min_row=3) if r[0].value == "A3")
    assert a3[7].value == "休假"
    assert a3[3].value == "正式员工"
    for ws in books["zh"].worksheets:
        for row in ws.iter_rows(max_row=40):
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.font.name == "Microsoft YaHei", f"{ws.title}!{cell.coordinate}"


def test_machine_sheets_keep_english_headers_in_chinese(
    books: dict[str, Workbook], tmp_path: Path
) -> None:
    zh = books["zh"]
    assert [c.value for c in sheet(zh, "Coverage")[1]] == list(COVERAGE_COLUMNS)
    assert [c.value for c in sheet(zh, "Assignments")[1]] == list(ASSIGNMENTS_COLUMNS)
    path = tmp_path / "zh.xlsx"
    write_roster_workbook(make_result(), make_scenario(), path, lang="zh")
    assert read_assignments(path).activities == make_result().roster.activities


def test_formula_looking_names_stay_text_in_chinese(books: dict[str, Workbook]) -> None:
    roster = sheet(books["zh"], "排班表")
    row = next(r for r in roster.iter_rows(min_row=3) if r[0].value == "A2")
    assert row[1].value == FORMULA_NAME and row[1].data_type == "s"


def test_both_languages_label_everything() -> None:
    for field, english in vars(EN).items():
        chinese = getattr(ZH, field)
        assert type(chinese) is type(english), field
        if isinstance(english, tuple | dict):
            assert len(chinese) == len(english), field
        if isinstance(english, dict):
            assert chinese.keys() == english.keys(), field
    for name in (ZH.sheet_summary, ZH.sheet_timeline.format(day=ZH.day(DAY1)), EN.sheet_invoice):
        assert len(name) <= 31 and not set(name) & set(":\\/?*[]")


def test_day_labels_do_not_follow_the_locale() -> None:
    assert EN.day(DAY2) == "Mon 09 Nov"
    assert ZH.day(DAY2) == "11-09 周一"
    assert ZH.long_day(at(DAY2, 0).date()) == "2026-11-09 周一"
