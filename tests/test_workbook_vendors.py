"""Vendor workbooks: each holds one vendor's people and nothing about anyone else."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import (
    Agent,
    Availability,
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
from scheduler.errors import OutputExistsError
from scheduler.io.roster_reader import read_assignments
from scheduler.result import Activity, ActivityKind, Roster
from scheduler.writers.machine_sheets import ASSIGNMENTS_COLUMNS
from scheduler.writers.vendor_workbooks import (
    vendor_workbook_paths,
    write_vendor_workbooks,
)

MON = date(2026, 11, 9)
TUE = date(2026, 11, 10)
GENERATED = datetime(2026, 11, 1, 12, 0)
ALPHA = "Alpha Staffing Ltd"
BETA = "Beta Temps & Co"  # '&' is escaped in XML: the search must find it either way


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def person(
    agent_id: str, name: str, team: str, vendor: str = "", contract: str = "FT", queue: str = "Q1"
) -> Agent:
    return Agent(
        agent_id=agent_id,
        name=name,
        team=team,
        source=Source.VENDOR if vendor else Source.EMPLOYEE,
        vendor=vendor,
        contract_id=contract,
        skills=(Skill(queue_id=queue),),
        cost_per_hour=25 if vendor else 40,
    )


AGENTS = (
    person("EMPQUENTIN", "Quentin Employeeonly", "Secret Squad"),
    person("EMPRITA", "Rita Staffmember", "Secret Squad", queue="Q2"),
    person("ALPXAVIER", "Xavier Alphaworker", "Alpha Crew", ALPHA, "VT"),
    person("ALPXENIA", "Xenia Alphahelper", "Alpha Crew", ALPHA, "VT"),
    person("BETYOLANDA", "Yolanda Betaworker", "Beta Crew", BETA, "BT", queue="Q2"),
)


def scenario() -> Scenario:
    contract = {"min_hours_week": 0, "max_hours_week": 40, "max_days_week": 5, "min_rest_hours": 11}
    queue = {"service_level": 0.8, "answer_time_s": 20, "max_occupancy": 0.9, "shrinkage": 0.1}
    return Scenario(
        name="Isolation test",
        horizon=Horizon(start_date=MON, days=2, interval_minutes=30),
        queues=(
            Queue(queue_id="Q1", name="Orders", channel="voice", **queue),
            Queue(queue_id="Q2", name="Refunds", channel="voice", **queue),
        ),
        forecast=(ForecastPoint(queue_id="Q1", interval_start=at(MON, 9), required_agents=2),),
        contracts=(
            Contract(contract_id="FT", name="Staff contract Zeta", **contract),
            Contract(contract_id="VT", name="Alpha agency terms", **contract),
            Contract(contract_id="BT", name="Beta agency terms", **contract),
        ),
        shifts=(
            ShiftTemplate(
                shift_id="DAY",
                name="Day",
                earliest_start=time(6),
                latest_start=time(22),
                start_step_minutes=30,
                paid_hours=8,
                meal_minutes=60,
            ),
        ),
        agents=AGENTS,
        time_off=(
            TimeOff(agent_id="EMPRITA", first_day=TUE, last_day=TUE, reason="Confidential surgery"),
            TimeOff(agent_id="ALPXENIA", first_day=TUE, last_day=TUE, reason="Wedding"),
        ),
        availability=(
            Availability(
                agent_id="EMPQUENTIN",
                day="mon",
                available_from=time(6),
                available_to=time(23),
            ),
        ),
    )


def day_of_work(agent_id: str, day: date, start: int, queue: str) -> list[Activity]:
    shift, meal = ActivityKind.SHIFT, ActivityKind.MEAL
    return [
        Activity(agent_id, day, shift, at(day, start), at(day, start + 4), queue),
        Activity(agent_id, day, meal, at(day, start + 4), at(day, start + 5)),
        Activity(agent_id, day, shift, at(day, start + 5), at(day, start + 9), queue),
    ]


def roster() -> Roster:
    activities = [
        *day_of_work("EMPQUENTIN", MON, 8, "Q1"),
        *day_of_work("EMPRITA", MON, 9, "Q2"),
        *day_of_work("ALPXAVIER", MON, 7, "Q1"),
        *day_of_work("ALPXAVIER", TUE, 14, "Q1"),
        *day_of_work("ALPXENIA", MON, 10, "Q1"),
        Activity("ALPXAVIER", TUE, ActivityKind.STANDBY, at(TUE, 8), at(TUE, 11)),
        *day_of_work("BETYOLANDA", MON, 12, "Q2"),
        # A hand-edited row for someone unknown to the scenario goes to no vendor.
        *day_of_work("GHOSTLY", MON, 8, "Q1"),
    ]
    return Roster(tuple(activities))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("vendors")
    paths = write_vendor_workbooks(roster(), scenario(), folder, generated_at=GENERATED)
    assert len(paths) == 2
    return dict(zip((ALPHA, BETA), paths, strict=True))


def every_part(path: Path) -> str:
    """Every file inside the workbook's zip, as text: sheets, styles, names, properties."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def foreign_words(vendor: str) -> list[str]:
    """What must never appear in `vendor`'s workbook: everyone else, and what is theirs."""
    words = [BETA if vendor == ALPHA else ALPHA, "GHOSTLY", "Confidential surgery"]
    for agent in AGENTS:
        if agent.vendor != vendor:
            words += [agent.agent_id, agent.name, agent.team]
    words += ["Staff contract Zeta", "Beta agency terms" if vendor == ALPHA else "Alpha agency"]
    return words


@pytest.mark.parametrize("vendor", [ALPHA, BETA])
def test_nothing_about_anyone_else_in_any_part(written: dict[str, Path], vendor: str) -> None:
    text = every_part(written[vendor])
    for word in foreign_words(vendor):
        assert word not in text and escape(word) not in text, f"{word!r} leaked"
    # The search can see: the vendor's own people are all there.
    for agent in AGENTS:
        if agent.vendor == vendor:
            assert agent.agent_id in text and escape(agent.name) in text


def test_vendor_files_are_named_after_their_vendor(written: dict[str, Path]) -> None:
    assert written[ALPHA].name == "roster_Alpha_Staffing_Ltd.xlsx"
    assert written[BETA].name == "roster_Beta_Temps_Co.xlsx"


def test_vendor_workbook_sheets(written: dict[str, Path]) -> None:
    book = load_workbook(written[ALPHA])
    assert book.sheetnames == [
        "Hours to invoice",
        "Roster",
        "Timeline Mon 09 Nov",
        "Timeline Tue 10 Nov",
        "Assignments",
    ]
    assert book.properties.creator == "scheduler"
    assert book.properties.title == f"Roster - Isolation test - {ALPHA}"
    assert not book.defined_names  # print titles live on the sheets, nothing workbook-wide
    roster_ids = [r[0] for r in book["Roster"].iter_rows(min_row=3, values_only=True)]
    assert roster_ids[:2] == ["ALPXAVIER", "ALPXENIA"]


def test_invoice_hours_rate_and_amount(written: dict[str, Path]) -> None:
    ws = load_workbook(written[ALPHA])["Hours to invoice"]
    assert isinstance(ws, Worksheet)
    header = [c.value for c in ws[7]]
    assert header == [
        "Agent ID",
        "Name",
        "Team",
        "Mon 09 Nov",
        "Tue 10 Nov",
        "Paid hours",
        "Shifts",
        "Standby hours",
        "Rate per hour",
        "Amount",
    ]
    rows = {r[0]: r for r in ws.iter_rows(min_row=8, values_only=True) if r[0]}
    assert rows["ALPXAVIER"][3:] == (8, 8, 16, 2, 3, 25, 400)
    assert rows["ALPXENIA"][3:] == (8, None, 8, 1, 0, 25, 200)
    assert rows["Total"][3:] == (16, 8, 24, 3, 3, None, 600)
    assert ws.freeze_panes == "C8"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def test_vendor_assignments_keep_the_contract(written: dict[str, Path]) -> None:
    ws = load_workbook(written[BETA])["Assignments"]
    assert isinstance(ws, Worksheet)
    assert [c.value for c in ws[1]] == list(ASSIGNMENTS_COLUMNS)
    expected = tuple(a for a in roster().activities if a.agent_id == "BETYOLANDA")
    assert read_assignments(written[BETA]).activities == expected


def test_vendor_timeline_shows_only_their_people(written: dict[str, Path]) -> None:
    ws = load_workbook(written[ALPHA])["Timeline Mon 09 Nov"]
    assert isinstance(ws, Worksheet)
    ids = [r[0] for r in ws.iter_rows(min_row=3, max_col=1, values_only=True)]
    assert ids[:3] == ["ALPXAVIER", "ALPXENIA", None]
    labels = {r[1] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert "Q1 scheduled" in labels
    assert "Q1 required" not in labels  # the requirement is the whole center's


def test_chinese_vendor_workbook(tmp_path: Path) -> None:
    paths = write_vendor_workbooks(roster(), scenario(), tmp_path, lang="zh")
    book = load_workbook(paths[0])
    assert book.sheetnames[:2] == ["结算工时", "排班表"]
    assert book.sheetnames[-1] == "Assignments"
    assert book["结算工时"]["A1"].value == f"{ALPHA} - 结算工时"


def test_refuses_to_replace_any_vendor_file_without_force(tmp_path: Path) -> None:
    paths = vendor_workbook_paths(scenario(), tmp_path)
    paths[BETA].write_bytes(b"keep me")
    with pytest.raises(OutputExistsError, match="--force"):
        write_vendor_workbooks(roster(), scenario(), tmp_path)
    assert paths[BETA].read_bytes() == b"keep me"
    assert not paths[ALPHA].exists()  # checked all before writing any
    write_vendor_workbooks(roster(), scenario(), tmp_path, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths.values())


def test_unsafe_and_clashing_vendor_names_get_distinct_files(tmp_path: Path) -> None:
    base = scenario()
    agents = (
        person("V1", "One", "T", "a/b", "VT"),
        person("V2", "Two", "T", "A:B", "VT"),
        person("V3", "Three", "T", "..", "VT"),
        person("V4", "Four", "T", "华东外包", "VT"),
    )
    paths = vendor_workbook_paths(base.model_copy(update={"agents": agents}), tmp_path)
    names = {vendor: path.name for vendor, path in paths.items()}
    assert names == {
        "..": "roster_vendor.xlsx",
        "A:B": "roster_A_B.xlsx",
        "a/b": "roster_a_b-2.xlsx",
        "华东外包": "roster_华东外包.xlsx",
    }
    assert all(path.parent == tmp_path for path in paths.values())


def test_no_vendors_no_files(tmp_path: Path) -> None:
    employees = scenario().model_copy(update={"agents": AGENTS[:2]})
    assert write_vendor_workbooks(roster(), employees, tmp_path) == []
    assert list(tmp_path.iterdir()) == []
