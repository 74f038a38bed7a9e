"""Regenerate the reader's test inputs: tests/data/tiny.xlsx, tests/data/tiny_csv/ and the broken
workbooks beside this script, each named after the one defect it carries.

    python3 tests/data/broken/make_broken.py

Deterministic: there is no randomness, and workbook timestamps (document properties and zip
entries) are pinned, so rerunning it reproduces every file byte for byte and a test can check that
the committed files match. It depends on openpyxl only, not on the scheduler package: the files
stand for what a user typed, so they must not silently follow changes to the schema.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
DATA = HERE.parent

# Sheet name -> rows, the first being the header row (row 1 in Excel).
Sheets = dict[str, list[list[object]]]

PINNED = datetime(2026, 1, 1)
PINNED_ZIP = (2026, 1, 1, 0, 0, 0)


def _forecast_rows() -> list[list[object]]:
    voice = [40, 55, 60, 58, 50, 45]
    chat = [2, 3, 3, 2]
    rows: list[list[object]] = [
        ["VOICE", datetime(2026, 11, 9, 9 + i // 2, 30 * (i % 2)), volume, 300, None]
        for i, volume in enumerate(voice)
    ]
    rows += [
        ["CHAT", datetime(2026, 11, 9, 9 + i // 2, 30 * (i % 2)), None, None, agents]
        for i, agents in enumerate(chat)
    ]
    return rows


def base_sheets() -> Sheets:
    """The valid tiny scenario: 1 day of 30-minute intervals, 2 queues, 4 agents."""
    return {
        "Settings": [
            ["key", "value", "description"],
            ["scenario_name", "Tiny", "Name shown on every output"],
            ["start_date", datetime(2026, 11, 9), "First day of the planning horizon"],
            ["days", 1, "Days in the horizon (1-62)"],
            ["interval_minutes", 30, "Interval length: 15 or 30"],
            ["weight_overstaffing", 5, "Points per overstaffed agent-hour"],
        ],
        "Queues": [
            [
                "queue_id",
                "name",
                "channel",
                "service_level",
                "answer_time_s",
                "max_occupancy",
                "shrinkage",
            ],
            ["VOICE", "Voice hotline", "voice", 0.8, 20, 0.9, 0.3],
            ["CHAT", "Web chat", "chat", 0.8, 60, 0.85, 0.25],
        ],
        "Forecast": [
            ["queue_id", "interval_start", "volume", "aht_s", "required_agents"],
            *_forecast_rows(),
        ],
        "Contracts": [
            [
                "contract_id",
                "name",
                "min_hours_week",
                "max_hours_week",
                "max_days_week",
                "min_rest_hours",
                "allowed_shifts",
            ],
            ["FT", "Full time 40h", 32, 40, 5, 11, "DAY, LATE"],
            ["PT", "Part time 24h", 12, 24, 4, 11, None],
        ],
        "Shifts": [
            [
                "shift_id",
                "name",
                "earliest_start",
                "latest_start",
                "start_step_minutes",
                "paid_hours",
                "meal_minutes",
                "meal_after_min_hours",
                "meal_after_max_hours",
            ],
            ["DAY", "Day 8h", time(8, 0), time(10, 0), 30, 8, 60, 3, 5],
            ["LATE", "Late 6h", time(12, 0), time(14, 0), 60, 6, 30, None, None],
        ],
        "Agents": [
            [
                "agent_id",
                "name",
                "team",
                "source",
                "vendor",
                "contract_id",
                "skills",
                "cost_per_hour",
            ],
            ["A001", "Li Na", "Team A", "employee", None, "FT", "VOICE:5, CHAT:2", 35],
            ["A002", "Wang Wei", "Team A", "employee", None, "FT", "VOICE", 32],
            ["A003", "Zhang Min", "Team B", "temp", "StaffCo", "PT", "CHAT:4", 28],
            ["A004", "Chen Jie", "Team B", "intern", None, "PT", "VOICE:3", 20],
        ],
        "TimeOff": [
            ["agent_id", "first_day", "last_day", "reason"],
            ["A002", datetime(2026, 11, 9), datetime(2026, 11, 9), "annual leave"],
        ],
        "Availability": [
            ["agent_id", "day", "available_from", "available_to"],
            ["A004", "mon", time(13, 0), time(22, 0)],
        ],
    }


# --- Editing helpers: rows are spreadsheet row numbers (header = 1), columns header names. ------


def column_index(sheets: Sheets, sheet: str, column: str) -> int:
    return sheets[sheet][0].index(column)


def set_cell(sheets: Sheets, sheet: str, row: int, column: str, value: object) -> None:
    sheets[sheet][row - 1][column_index(sheets, sheet, column)] = value


def drop_column(sheets: Sheets, sheet: str, column: str) -> None:
    index = column_index(sheets, sheet, column)
    for row in sheets[sheet]:
        del row[index]


def drop_sheet(sheets: Sheets, sheet: str) -> None:
    del sheets[sheet]


def drop_row(sheets: Sheets, sheet: str, row: int) -> None:
    del sheets[sheet][row - 1]


# --- Writing ------------------------------------------------------------------------------------


def write_workbook(path: Path, sheets: Sheets) -> None:
    """Save `sheets` as an .xlsx whose bytes depend only on its content."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        for row in rows:
            worksheet.append(row)
    workbook.properties.created = PINNED
    buffer = io.BytesIO()
    workbook.save(buffer)
    _pin_timestamps(buffer, path)


def _pin_timestamps(buffer: io.BytesIO, path: Path) -> None:
    # openpyxl stamps "modified" with the current time and zip entries with the clock.
    stamp = PINNED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    modified = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = modified.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            pinned = zipfile.ZipInfo(info.filename, date_time=PINNED_ZIP)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(pinned, data)


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d" if value.time() == time(0) else "%Y-%m-%d %H:%M")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv_folder(folder: Path, sheets: Sheets) -> None:
    """One `<Sheet>.csv` per sheet, as Excel's "CSV UTF-8" would save it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerows([[_csv_text(value) for value in row] for row in rows])


# --- The broken workbooks: one defect each -------------------------------------------------------

Edit = Callable[[Sheets], None]


def _cell(sheet: str, row: int, column: str, value: object) -> Edit:
    return lambda sheets: set_cell(sheets, sheet, row, column, value)


def _both_forms(sheets: Sheets) -> None:
    set_cell(sheets, "Forecast", 8, "volume", 30)
    set_cell(sheets, "Forecast", 8, "aht_s", 200)


def _new_column(sheet: str, column: str, row: int, value: object) -> Edit:
    """Add an optional column holding `value` in spreadsheet row `row` only."""

    def edit(sheets: Sheets) -> None:
        rows = sheets[sheet]
        rows[0].append(column)
        for number, cells in enumerate(rows[1:], start=2):
            cells.append(value if number == row else None)

    return edit


def _empty_agents(sheets: Sheets) -> None:
    # Leave and availability rows would name the vanished agents: drop those optional sheets.
    del sheets["Agents"][1:]
    del sheets["TimeOff"]
    del sheets["Availability"]


BROKEN: dict[str, Edit] = {
    "MissingSheet": lambda sheets: drop_sheet(sheets, "Shifts"),
    "MissingColumn": lambda sheets: drop_column(sheets, "Agents", "contract_id"),
    "MissingSetting": lambda sheets: drop_row(sheets, "Settings", 3),
    "EmptyAgentsSheet": _empty_agents,
    "IntervalMinutesNot15Or30": _cell("Settings", 5, "value", 20),
    "BadChannel": _cell("Queues", 3, "channel", "fax"),
    "NegativeVolume": _cell("Forecast", 3, "volume", -5),
    "IntervalNotOnGrid": _cell("Forecast", 4, "interval_start", datetime(2026, 11, 9, 10, 10)),
    "IntervalOutsideHorizon": _cell(
        "Forecast", 11, "interval_start", datetime(2026, 11, 10, 10, 30)
    ),
    "DuplicateForecastInterval": _cell(
        "Forecast", 9, "interval_start", datetime(2026, 11, 9, 9, 0)
    ),
    "ForecastWithBothForms": _both_forms,
    "UnknownForecastQueue": _cell("Forecast", 10, "queue_id", "SMS"),
    "HoursAsWords": _cell("Contracts", 2, "max_hours_week", "forty"),
    "MinHoursAboveMax": _cell("Contracts", 3, "min_hours_week", 30),
    "UnknownContractShift": _cell("Contracts", 2, "allowed_shifts", "DAY, NIGHT"),
    "UnknownPreset": _new_column("Contracts", "preset", 2, "prc-standrd"),
    "OvertimeWithoutStandard": _new_column("Contracts", "max_overtime_day", 3, 2),
    "TimeAsGarbageText": _cell("Shifts", 2, "earliest_start", "nine-ish"),
    "StartNotOnGrid": _cell("Shifts", 2, "latest_start", time(10, 15)),
    "StepNotMultipleOfInterval": _cell("Shifts", 3, "start_step_minutes", 45),
    "MealNotMultipleOfInterval": _cell("Shifts", 2, "meal_minutes", 45),
    "ShiftLongerThan24h": _cell("Shifts", 3, "paid_hours", 24),
    "DuplicateAgentId": _cell("Agents", 4, "agent_id", "A001"),
    "AgentWithoutContract": _cell("Agents", 4, "contract_id", None),
    "UnknownContract": _cell("Agents", 5, "contract_id", "CASUAL"),
    "UnknownSkill": _cell("Agents", 3, "skills", "VOICE, FAX"),
    "SkillLevelOutOfRange": _cell("Agents", 2, "skills", "VOICE:7, CHAT:2"),
    "UnknownTimeOffAgent": _cell("TimeOff", 2, "agent_id", "A999"),
    "TimeOffEndsBeforeStart": _cell("TimeOff", 2, "last_day", datetime(2026, 11, 8)),
    "BadWeekday": _cell("Availability", 2, "day", "someday"),
}

# Files that are not workbooks at all.
NOT_WORKBOOKS: dict[str, bytes] = {
    "NotAWorkbook": b"queue_id,name\nVOICE,Voice hotline\n",
    # Encrypted .xlsx files are OLE compound documents; the signature is what gives them away.
    "EncryptedWorkbook": bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504),
}


def broken_sheets(name: str) -> Sheets:
    sheets = copy.deepcopy(base_sheets())
    BROKEN[name](sheets)
    return sheets


def write_all(data: Path = DATA) -> list[Path]:
    """Write every generated file under `data` (tests/data); return their paths."""
    written = [data / "tiny.xlsx"]
    write_workbook(written[0], base_sheets())
    write_csv_folder(data / "tiny_csv", base_sheets())
    written += sorted((data / "tiny_csv").glob("*.csv"))
    broken = data / "broken"
    broken.mkdir(parents=True, exist_ok=True)
    for name in BROKEN:
        write_workbook(broken / f"{name}.xlsx", broken_sheets(name))
        written.append(broken / f"{name}.xlsx")
    for name, content in NOT_WORKBOOKS.items():
        (broken / f"{name}.xlsx").write_bytes(content)
        written.append(broken / f"{name}.xlsx")
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path.relative_to(DATA))
