"""The blank input template: generated from the schema, self-explaining, and committed in sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.errors import OutputExistsError
from scheduler.io.schema import SETTINGS, SHEETS, Sheet
from scheduler.io.template import SheetFingerprint, template_fingerprint, write_template

COMMITTED = Path(__file__).parent.parent / "templates" / "input_template.xlsx"
DATA_SHEETS = [sheet for sheet in SHEETS if not sheet.key_value]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "input_template.xlsx"
    write_template(path)
    return path


@pytest.fixture(scope="module")
def prints(fresh: Path) -> dict[str, SheetFingerprint]:
    return {sheet.title: sheet for sheet in template_fingerprint(fresh)}


def _sheet(path: Path, name: str) -> Worksheet:
    worksheet = load_workbook(path)[name]
    assert isinstance(worksheet, Worksheet)
    return worksheet


def test_committed_template_matches_a_fresh_one(fresh: Path) -> None:
    # If this fails, regenerate it as templates/README.md says.
    assert template_fingerprint(COMMITTED) == template_fingerprint(fresh)


def test_fingerprint_sees_a_changed_cell(fresh: Path, tmp_path: Path) -> None:
    workbook = load_workbook(fresh)
    workbook["Queues"]["A2"] = "VOICE"
    workbook.save(tmp_path / "edited.xlsx")
    assert template_fingerprint(tmp_path / "edited.xlsx") != template_fingerprint(fresh)


def test_readme_comes_first_then_one_sheet_per_schema_sheet(
    prints: dict[str, SheetFingerprint],
) -> None:
    assert list(prints) == ["README", *(sheet.name for sheet in SHEETS)]


@pytest.mark.parametrize("sheet", DATA_SHEETS, ids=[sheet.name for sheet in DATA_SHEETS])
def test_data_sheet_has_bold_frozen_commented_headers_and_no_data(
    prints: dict[str, SheetFingerprint], sheet: Sheet
) -> None:
    found = prints[sheet.name]
    letters = [f"{get_column_letter(i)}1" for i in range(1, len(sheet.columns) + 1)]
    assert found.cells == tuple(zip(letters, (c.name for c in sheet.columns), strict=True))
    assert found.bold == tuple(letters)
    assert found.freeze_panes == "A2"
    for (_, text), column in zip(found.comments, sheet.columns, strict=True):
        assert text.startswith(column.help)
        assert ("Required" if column.required else "Optional") in text
    assert len(found.comments) == len(sheet.columns)
    assert all(
        width >= len(name)
        for (_, width), name in zip(found.widths, (c.name for c in sheet.columns), strict=True)
    )


def test_settings_lists_every_key_with_weight_defaults(fresh: Path) -> None:
    settings = _sheet(fresh, "Settings")
    rows = list(settings.iter_rows(values_only=True))
    assert rows[0] == ("key", "value", "description")
    assert [row[0] for row in rows[1:]] == [column.name for column in SETTINGS.columns]
    values = {row[0]: row[1] for row in rows[1:]}
    assert values == {
        "scenario_name": None,
        "start_date": None,
        "days": None,
        "interval_minutes": None,
        "weight_understaffing": 1000,
        "weight_overstaffing": 10,
        "weight_cost": 1,
        "hiring_budget": None,
    }
    assert all(row[2] for row in rows[1:]), "every setting is described"
    assert settings.freeze_panes == "A2"


def test_enumerated_columns_offer_a_list(prints: dict[str, SheetFingerprint]) -> None:
    assert prints["Queues"].validations == (("C2:C1048576", '"voice,chat,email,other"'),)
    sources = '"employee,temp,intern,vendor,reinforcement,crowd"'
    assert prints["Agents"].validations == (("D2:D1048576", sources),)


def test_readme_explains_every_sheet_and_column(prints: dict[str, SheetFingerprint]) -> None:
    text = [str(value) for _, value in prints["README"].cells]
    for sheet in SHEETS:
        assert sheet.name in text and sheet.help in text
        for column in sheet.columns:
            assert column.name in text and column.help in text
    assert any("Row 1 of every sheet holds the column headers" in line for line in text)


def test_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(b"mine")
    with pytest.raises(OutputExistsError):
        write_template(path)
    assert path.read_bytes() == b"mine"
    write_template(path, force=True)
    assert template_fingerprint(path)[0].title == "README"
