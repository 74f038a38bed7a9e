"""`scheduler requirements`: exit codes, key output lines, and the workbook it writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.io.reader import read_scenario
from scheduler.staffing import compute_requirements
from scheduler.writers.requirements_workbook import REQUIREMENT_COLUMNS

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.xlsx"
runner = CliRunner()


def _sheet(path: Path, name: str) -> Worksheet:
    worksheet = load_workbook(path)[name]
    assert isinstance(worksheet, Worksheet)
    return worksheet


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("requirements") / "requirements.xlsx"
    result = runner.invoke(app, ["requirements", str(TINY), "-o", str(out), "--what-if", "0.2,50%"])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_prints_each_queue_the_what_ifs_and_the_file(written: tuple[Path, str]) -> None:
    out, output = written
    lines = output.splitlines()
    assert lines[0].split() == ["queue", "method", "peak", "agent-hours"]
    assert lines[1].split()[:2] == ["VOICE", "erlang_c"]
    assert lines[2].split()[:2] == ["CHAT", "headcount"]  # its forecast gives agents
    assert any(line.startswith("what-if +20% volume: peak VOICE:") for line in lines)
    assert any(line.startswith("what-if +50% volume: peak VOICE:") for line in lines)
    assert lines[-1] == f"wrote {out}"


def test_workbook_has_every_sheet_and_a_chart_per_queue(written: tuple[Path, str]) -> None:
    out, _ = written
    workbook = load_workbook(out)
    assert workbook.sheetnames == [
        "Summary",
        "Requirements",
        "What-if +20% volume",
        "What-if +50% volume",
        "Curves",
        "Charts",
    ]
    charts = workbook["Charts"]
    assert isinstance(charts, Worksheet)
    assert len(charts._charts) == 2  # VOICE and CHAT


def test_requirement_rows_match_the_api(written: tuple[Path, str]) -> None:
    out, _ = written
    sheet = _sheet(out, "Requirements")
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(column.name for column in REQUIREMENT_COLUMNS)
    expected = compute_requirements(read_scenario(TINY)).rows
    assert len(rows) - 1 == len(expected)
    for cells, row in zip(rows[1:], expected, strict=True):
        assert cells[:3] == (row.queue_id, row.interval_start, row.method)
        assert (cells[8], cells[9]) == (row.net_agents, row.required_agents)
        if row.service_level is not None:
            assert cells[10] == pytest.approx(row.service_level)


def test_curves_hold_the_roster_curve(written: tuple[Path, str]) -> None:
    out, _ = written
    sheet = _sheet(out, "Curves")
    header = [cell.value for cell in sheet[1]]
    column = header.index("VOICE required")
    values = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == compute_requirements(read_scenario(TINY)).curve("VOICE")


def test_summary_lists_the_queues_and_what_if_peaks(written: tuple[Path, str]) -> None:
    out, _ = written
    sheet = _sheet(out, "Summary")
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    header, voice = rows[0], rows[1]
    assert header[:5] == ("queue_id", "name", "method", "targets", "peak_required")
    assert "peak (+20% volume)" in header
    assert voice[:3] == ("VOICE", "Voice hotline", "erlang_c")
    assert "80% in 20 s" in str(voice[3])
    assert voice[header.index("peak (+50% volume)")] >= voice[4]


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "requirements.xlsx"
    out.write_bytes(b"mine")
    result = runner.invoke(app, ["requirements", str(TINY), "-o", str(out)])
    assert result.exit_code == 1
    assert "already exists; use --force" in result.output
    assert out.read_bytes() == b"mine"
    forced = runner.invoke(app, ["requirements", str(TINY), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert load_workbook(out).sheetnames[0] == "Summary"


def test_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["requirements", str(TINY), "-o", str(TINY), "--force"])
    assert result.exit_code == 1
    assert "would overwrite the input" in result.output


def test_bad_what_if_is_one_line_and_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "requirements.xlsx"
    result = runner.invoke(app, ["requirements", str(TINY), "-o", str(out), "--what-if", "lots"])
    assert result.exit_code == 1
    assert "error: --what-if: 'lots' is not a delta" in result.output
    assert not out.exists()


def test_input_problems_are_listed_with_their_location(tmp_path: Path) -> None:
    broken = DATA / "broken" / "NegativeVolume.xlsx"
    result = runner.invoke(app, ["requirements", str(broken), "-o", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 1
    assert "sheet Forecast, row 3, column volume (C)" in result.output
    assert "Traceback" not in result.output
