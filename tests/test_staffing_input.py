"""The staffing columns of the input: optional, read into the Queue model, and every bad value
reported at its sheet, row and column, named after its defect."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.domain import StaffingMethod
from scheduler.errors import Problem
from scheduler.io.reader import read_scenario, validate_input
from scheduler.staffing import compute_requirements
from tests.workbook_generator import gen

DATA = Path(__file__).parent / "data"
# The optional Queues columns, appended after shrinkage (G), so they are H to O.
STAFFING_COLUMNS = (
    "method",
    "patience_s",
    "concurrency",
    "deadline_hours",
    "items_per_agent_hour",
    "bot_deflection",
    "asa_target_s",
    "abandon_target",
)


Sheets = dict[str, list[list[object]]]


def _with_staffing_columns() -> Sheets:
    """The valid tiny input (VOICE on row 2, CHAT on row 3) with blank staffing columns."""
    sheets: Sheets = copy.deepcopy(gen.base_sheets())
    queues = sheets["Queues"]
    queues[0] += list(STAFFING_COLUMNS)
    for row in queues[1:]:
        row += [None] * len(STAFFING_COLUMNS)
    return sheets


def _queue(row: int, **cells: object) -> Callable[[Sheets], None]:
    def edit(sheets: Sheets) -> None:
        for column, value in cells.items():
            gen.set_cell(sheets, "Queues", row, column, value)

    return edit


def _forecast(row: int, column: str, value: object) -> Callable[[Sheets], None]:
    return lambda sheets: gen.set_cell(sheets, "Forecast", row, column, value)


def _problems(tmp_path: Path, edit: Callable[[Sheets], None]) -> list[Problem]:
    sheets = _with_staffing_columns()
    edit(sheets)
    path = tmp_path / "input.xlsx"
    gen.write_workbook(path, sheets)
    return validate_input(path)


def test_workbooks_without_the_new_columns_read_as_before() -> None:
    scenario = read_scenario(DATA / "tiny.xlsx")
    voice, chat = scenario.queues
    assert (voice.staffing_method, chat.staffing_method) == (
        StaffingMethod.ERLANG_C,
        StaffingMethod.CHAT,
    )
    assert (voice.bot_deflection, chat.concurrency, voice.patience_s) == (0, None, None)


def test_blank_staffing_columns_read_cleanly(tmp_path: Path) -> None:
    assert _problems(tmp_path, lambda sheets: None) == []


def test_every_method_reads_with_its_parameters(tmp_path: Path) -> None:
    sheets = _with_staffing_columns()
    _queue(2, method="Erlang_A", patience_s=240, abandon_target=0.05, asa_target_s=30)(sheets)
    _queue(3, method="chat", concurrency=3, bot_deflection="40%")(sheets)
    path = tmp_path / "input.xlsx"
    gen.write_workbook(path, sheets)
    voice, chat = read_scenario(path).queues
    assert voice.staffing_method is StaffingMethod.ERLANG_A
    assert (voice.patience_s, voice.abandon_target, voice.asa_target_s) == (240, 0.05, 30)
    assert (chat.concurrency, chat.bot_deflection) == (3, 0.4)


def test_productivity_volume_needs_no_handle_time(tmp_path: Path) -> None:
    sheets = _with_staffing_columns()
    _queue(2, method="productivity", items_per_agent_hour=120)(sheets)
    for row in range(2, 8):  # the VOICE forecast rows
        gen.set_cell(sheets, "Forecast", row, "aht_s", None)
    path = tmp_path / "input.xlsx"
    gen.write_workbook(path, sheets)
    scenario = read_scenario(path)
    curve = compute_requirements(scenario).curve("VOICE")
    assert max(curve) == 2  # 60 items at 60 per agent and interval, shrinkage 0.3


def test_deferred_queue_reads_and_smooths(tmp_path: Path) -> None:
    sheets = _with_staffing_columns()
    _queue(2, method="deferred", deadline_hours=2)(sheets)
    path = tmp_path / "input.xlsx"
    gen.write_workbook(path, sheets)
    requirements = compute_requirements(read_scenario(path))
    planned = [row.planned_workload for row in requirements.rows if row.queue_id == "VOICE"]
    arriving = [row.workload for row in requirements.rows if row.queue_id == "VOICE"]
    assert max(p or 0 for p in planned) < max(a or 0 for a in arriving)


def test_requirements_warns_of_deferred_work_closed_hours_make_late(tmp_path: Path) -> None:
    sheets = _with_staffing_columns()
    _queue(2, method="deferred", deadline_hours=0.5)(sheets)
    sheets["Queues"][0] += ["opens", "closes"]
    sheets["Queues"][1] += [time(10), None]  # VOICE's 09:00 and 09:30 work is due before then
    sheets["Queues"][2] += [None, None]
    path = tmp_path / "input.xlsx"
    gen.write_workbook(path, sheets)
    out = tmp_path / "requirements.xlsx"
    result = CliRunner().invoke(app, ["requirements", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (
        "warning: queue VOICE: 95.0 items arriving 2026-11-09 09:00 to 2026-11-09 09:30 while "
        "the queue is closed cannot be handled within their 0.5 h deadline; it is planned late, "
        "from the opening at 2026-11-09 10:00"
    ) in result.stderr


# (defect, edit, sheet row, column, value found, key phrase of `expected`)
CASES: list[tuple[str, Callable[[Sheets], None], int, str, object, str]] = [
    ("UnknownMethod", _queue(2, method="poisson"), 2, "method (H)", "poisson", "one of: erlang_c"),
    (
        "PatienceNotPositive",
        _queue(2, method="erlang_a", patience_s=0),
        2,
        "patience_s (I)",
        0,
        "a number > 0",
    ),
    (
        "ErlangAWithoutPatience",
        _queue(2, method="erlang_a"),
        2,
        "patience_s (I)",
        None,
        "erlang_a staffing needs patience_s",
    ),
    (
        "ConcurrencyBelowOne",
        _queue(3, concurrency=0),
        3,
        "concurrency (J)",
        0,
        "a whole number >= 1",
    ),
    (
        "ConcurrencyNotWhole",
        _queue(3, concurrency=2.5),
        3,
        "concurrency (J)",
        2.5,
        "a whole number",
    ),
    (
        "ConcurrencyOnVoice",
        _queue(2, concurrency=2),
        2,
        "concurrency (J)",
        2,
        "concurrency is used only by chat staffing",
    ),
    (
        "DeferredWithoutDeadline",
        _queue(2, method="deferred"),
        2,
        "deadline_hours (K)",
        None,
        "deferred staffing needs deadline_hours",
    ),
    (
        "DeadlineShorterThanInterval",
        _queue(2, method="deferred", deadline_hours=0.25),
        2,
        "deadline_hours (K)",
        0.25,
        "at least one 30-minute interval",
    ),
    (
        "ProductivityWithoutRate",
        _queue(2, method="productivity"),
        2,
        "items_per_agent_hour (L)",
        None,
        "productivity staffing needs items_per_agent_hour",
    ),
    (
        "BotDeflectionAboveOne",
        _queue(2, bot_deflection=1.2),
        2,
        "bot_deflection (M)",
        1.2,
        "a number >= 0 and <= 1",
    ),
    ("AsaTargetZero", _queue(2, asa_target_s=0), 2, "asa_target_s (N)", 0, "a number > 0"),
    (
        "AbandonTargetOutsideUnitInterval",
        _queue(2, method="erlang_a", patience_s=200, abandon_target=1.5),
        2,
        "abandon_target (O)",
        1.5,
        "a number > 0 and < 1",
    ),
    (
        "AbandonTargetOnErlangC",
        _queue(2, abandon_target=0.05),
        2,
        "abandon_target (O)",
        0.05,
        "abandon_target is used only by erlang_a staffing",
    ),
    (
        "ServiceLevelOutsideUnitInterval",
        _queue(2, service_level=1.2),
        2,
        "service_level (D)",
        1.2,
        "a number > 0 and < 1",
    ),
    ("ZeroAht", _forecast(3, "aht_s", 0), 3, "aht_s (D)", 0, "a number > 0"),
    ("NegativeVolume", _forecast(3, "volume", -5), 3, "volume (C)", -5, "a number >= 0"),
    (
        "MissingVolume",
        _forecast(3, "volume", None),
        3,
        "volume (C)",
        None,
        "give volume and aht_s together, or required_agents",
    ),
    (
        "MissingAhtOnErlangC",
        _forecast(3, "aht_s", None),
        3,
        "aht_s (D)",
        None,
        "give volume and aht_s together, or required_agents",
    ),
]


@pytest.mark.parametrize(
    ("edit", "row", "column", "value", "phrase"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_staffing_input_is_located(
    tmp_path: Path,
    edit: Callable[[Sheets], None],
    row: int,
    column: str,
    value: object,
    phrase: str,
) -> None:
    (problem,) = _problems(tmp_path, edit)
    sheet = "Forecast" if column in ("aht_s (D)", "volume (C)") else "Queues"
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        sheet,
        row,
        column,
        value,
    )
    assert phrase in problem.expected
