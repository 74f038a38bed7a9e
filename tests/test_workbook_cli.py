"""The workbook options of the command line: --lang, --vendor-dir and split-vendors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.io.roster_reader import read_assignments

TINY = Path(__file__).parent / "data" / "tiny.xlsx"
# tiny.xlsx: A003 Zhang Min works for StaffCo; the others are employees and an intern.
OTHERS = ("A001", "Li Na", "A002", "Wang Wei", "A004", "Chen Jie")
runner = CliRunner()


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("cli")
    out, vendors = folder / "roster.xlsx", folder / "vendors"
    args = ["solve", str(TINY), "-o", str(out), "--time-limit", "10", "--workers", "2"]
    result = runner.invoke(app, [*args, "--lang", "zh", "--vendor-dir", str(vendors)])
    assert result.exit_code == 0, result.output
    return out, vendors, result.output


def test_solve_in_chinese_writes_the_vendor_workbook(solved: tuple[Path, Path, str]) -> None:
    out, vendors, output = solved
    vendor_file = vendors / "roster_StaffCo.xlsx"
    assert f"wrote {vendor_file}" in output
    assert load_workbook(out).sheetnames[:2] == ["汇总", "排班表"]
    assert load_workbook(vendor_file).sheetnames[:2] == ["结算工时", "排班表"]
    with zipfile.ZipFile(vendor_file) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist())
    assert "Zhang Min" in text
    assert not [word for word in OTHERS if word in text]


def test_split_vendors_matches_the_solve_output(
    solved: tuple[Path, Path, str], tmp_path: Path
) -> None:
    out, vendors, _ = solved
    args = ["split-vendors", str(out), "--rules", str(TINY), "-o", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    split = tmp_path / "roster_StaffCo.xlsx"
    assert f"wrote {split}" in result.output
    expected = read_assignments(vendors / "roster_StaffCo.xlsx").activities
    assert expected and read_assignments(split).activities == expected
    assert load_workbook(split).sheetnames[0] == "Hours to invoice"
    again = runner.invoke(app, args)
    assert again.exit_code == 1
    assert "already exists" in again.output and "--force" in again.output
    assert runner.invoke(app, [*args, "--force", "--lang", "zh"]).exit_code == 0


def test_existing_vendor_file_stops_the_solve_before_it_starts(tmp_path: Path) -> None:
    vendors = tmp_path / "vendors"
    vendors.mkdir()
    (vendors / "roster_StaffCo.xlsx").write_bytes(b"keep me")
    out = tmp_path / "roster.xlsx"
    args = ["solve", str(TINY), "-o", str(out), "--vendor-dir", str(vendors)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "already exists" in result.output and "solving" not in result.output
    assert not out.exists()
    assert (vendors / "roster_StaffCo.xlsx").read_bytes() == b"keep me"


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    args = ["solve", str(TINY), "-o", str(tmp_path / "r.xlsx"), "--lang", "fr"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert not (tmp_path / "r.xlsx").exists()


def test_demo_offers_the_workbook_options() -> None:
    result = runner.invoke(app, ["demo", "--help"])
    assert result.exit_code == 0
    assert "--lang" in result.output and "--vendor-dir" in result.output


def test_split_vendors_reports_an_unreadable_roster(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_text("not a workbook")
    args = ["split-vendors", str(garbage), "--rules", str(TINY), "-o", str(tmp_path / "v")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "readable .xlsx" in result.output and "Traceback" not in result.output
