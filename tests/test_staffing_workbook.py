"""The requirements workbook for queues of every method: blanks where a figure does not apply,
text that stays text, a chart per queue, and an atomic write that keeps an existing file."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.chart import LineChart
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Channel, Forecast, ForecastPoint, Horizon, Queue, Scenario
from scheduler.errors import OutputExistsError
from scheduler.staffing import compute_requirements, parse_deltas, what_if
from scheduler.writers.requirements_workbook import (
    REQUIREMENT_COLUMNS,
    write_requirements_workbook,
)


def _queue(queue_id: str, **fields: Any) -> Queue:
    values: dict[str, Any] = {
        "queue_id": queue_id,
        "name": f"={queue_id}",  # a name that would be a formula if written carelessly
        "channel": Channel.VOICE,
        "service_level": 0.8,
        "answer_time_s": 20,
        "max_occupancy": 0.9,
        "shrinkage": 0.2,
    }
    return Queue.model_validate(values | fields)


QUEUES = (
    _queue("VOICE", method="erlang_a", patience_s=120, abandon_target=0.05),
    _queue("CHAT", channel=Channel.CHAT, concurrency=3),
    _queue("MAIL", channel=Channel.EMAIL, method="deferred", deadline_hours=3),
    _queue("BOT", method="productivity", items_per_agent_hour=360, bot_deflection=0.5),
)


def _scenario() -> Scenario:
    points = []
    for slot in range(18, 30):
        when = datetime(2026, 11, 11) + timedelta(minutes=30 * slot)
        for queue_id in ("VOICE", "CHAT", "MAIL"):
            points.append(
                ForecastPoint(queue_id=queue_id, interval_start=when, volume=90, aht_s=200)
            )
        points.append(ForecastPoint(queue_id="BOT", interval_start=when, volume=900))
    return Scenario(
        name="every method",
        horizon=Horizon(start_date=date(2026, 11, 11), days=1, interval_minutes=30),
        queues=QUEUES,
        forecast=tuple(points),
        contracts=(),
        shifts=(),
        agents=(),
    )


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scenario = _scenario()
    path = tmp_path_factory.mktemp("workbook") / "requirements.xlsx"
    requirements = compute_requirements(scenario)
    write_requirements_workbook(
        scenario, requirements, path, what_ifs=what_if(scenario, parse_deltas("0.3:0.1"))
    )
    return path


def _rows(path: Path, sheet: str) -> list[dict[str, object]]:
    worksheet = load_workbook(path)[sheet]
    assert isinstance(worksheet, Worksheet)
    header, *rows = list(worksheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]  # type: ignore[arg-type]


def test_each_method_fills_the_figures_it_has(workbook: Path) -> None:
    rows = _rows(workbook, "Requirements")
    assert list(rows[0]) == [column.name for column in REQUIREMENT_COLUMNS]
    by_method = {str(row["method"]): row for row in rows if row["volume"]}
    voice, chat = by_method["erlang_a"], by_method["chat"]
    mail, bot = by_method["deferred"], by_method["productivity"]
    assert voice["abandonment"] is not None and float(voice["abandonment"]) <= 0.05  # type: ignore[arg-type]
    assert chat["abandonment"] is None and chat["asa_s"] is not None
    assert mail["service_level"] == 1 and mail["asa_s"] is None
    assert (bot["agent_volume"], bot["aht_s"], bot["service_level"]) == (450, None, None)
    assert bot["net_agents"] == 3  # 450 items at 180 per agent and interval


def test_deferred_rows_reach_past_the_last_arrival(workbook: Path) -> None:
    mail = [row for row in _rows(workbook, "Requirements") if row["queue_id"] == "MAIL"]
    last = max(row["interval_start"] for row in mail)  # type: ignore[type-var]
    assert last == datetime(2026, 11, 11, 14, 30) + timedelta(hours=2, minutes=30)


def test_summary_keeps_names_as_text(workbook: Path) -> None:
    summary = load_workbook(workbook)["Summary"]
    assert isinstance(summary, Worksheet)
    assert summary["B5"].value == "=VOICE"
    assert summary["B5"].data_type == "s"
    assert "patience 120 s" in str(summary["D5"].value)
    assert "bots take 50%" in str(summary["D8"].value)


def test_a_what_if_sheet_and_a_chart_per_queue(workbook: Path) -> None:
    loaded = load_workbook(workbook)
    assert "What-if +30% volume +10% AHT" in loaded.sheetnames
    charts = loaded["Charts"]
    assert isinstance(charts, Worksheet)
    assert len(charts._charts) == len(QUEUES)
    assert all(isinstance(chart, LineChart) for chart in charts._charts)


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    scenario = _scenario()
    requirements = compute_requirements(scenario)
    path = tmp_path / "requirements.xlsx"
    path.write_bytes(b"mine")
    with pytest.raises(OutputExistsError):
        write_requirements_workbook(scenario, requirements, path)
    assert path.read_bytes() == b"mine"
    write_requirements_workbook(scenario, requirements, path, force=True)
    assert load_workbook(path).sheetnames[:2] == ["Summary", "Requirements"]
    assert not list(tmp_path.glob(".requirements.xlsx.*"))  # no temporary file left behind


def test_late_deferred_work_is_listed_under_the_summary(tmp_path: Path) -> None:
    # MAIL opens at 10:00 with a 3-hour deadline: mail arriving at 06:00 cannot be done in time.
    mail = QUEUES[2].model_copy(update={"opens": time(10), "closes": time(18)})
    early = ForecastPoint(
        queue_id="MAIL", interval_start=datetime(2026, 11, 11, 6), volume=45, aht_s=200
    )
    base = _scenario()
    scenario = base.model_copy(
        update={
            "queues": (*QUEUES[:2], mail, QUEUES[3]),
            "forecast": Forecast.from_points((*base.forecast, early)),
        }
    )
    requirements = compute_requirements(scenario)
    path = tmp_path / "late.xlsx"
    write_requirements_workbook(scenario, requirements, path)
    summary = load_workbook(path)["Summary"]
    assert isinstance(summary, Worksheet)
    texts = [row[0] for row in summary.iter_rows(values_only=True) if row and row[0]]
    assert "Warnings" in texts
    (warning,) = requirements.warnings
    assert texts[texts.index("Warnings") + 1] == warning
    assert "queue MAIL: 45.0 items arriving 2026-11-11 06:00" in warning
