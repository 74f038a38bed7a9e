"""The optional VendorOffers and ReservePolicy sheets (issue 5), read from a CSV folder."""

from __future__ import annotations

import shutil
from datetime import time
from pathlib import Path

import pytest

from scheduler.domain import ReservePolicy, Source
from scheduler.errors import InputError
from scheduler.io.reader import read_scenario

TINY = Path(__file__).parent / "data" / "tiny_csv"
OFFERS = (
    "vendor,bundle,contract_id,max_headcount,min_headcount,cost_per_hour,fixed_cost_per_hire\n"
    'Vendor A,"CHAT",PT,4,2,25,100\n'
    'Vendor B,"CHAT, VOICE",PT,3,,30,\n'
)


def folder_with(tmp_path: Path, **sheets: str) -> Path:
    folder = tmp_path / "input"
    shutil.copytree(TINY, folder)
    for name, text in sheets.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_existing_inputs_have_no_offers_and_no_policy() -> None:
    scenario = read_scenario(TINY)
    assert scenario.vendor_offers == () and scenario.reserve_policy is None


def test_offers_and_policy_are_read(tmp_path: Path) -> None:
    policy = "margin,lead_time_minutes,sources\n0.3,30,employee\n"
    scenario = read_scenario(folder_with(tmp_path, VendorOffers=OFFERS, ReservePolicy=policy))
    first, second = scenario.vendor_offers
    assert (first.vendor, first.bundle, first.min_headcount, first.fixed_cost_per_hire) == (
        "Vendor A",
        ("CHAT",),
        2,
        100,
    )
    assert (second.bundle, second.min_headcount) == (("CHAT", "VOICE"), 0)
    assert scenario.reserve_policy == ReservePolicy(
        margin=0.3, lead_time_minutes=30, sources=(Source.EMPLOYEE,)
    )


def test_offer_terms_and_the_hiring_budget_are_read(tmp_path: Path) -> None:
    offers = (
        "vendor,bundle,contract_id,max_headcount,cost_per_hour,source,ramp_up_days,daily_cap,"
        "max_hours_day,window_from,window_to\n"
        "Billing,CHAT,PT,2,18,Reinforcement,1,1,4,18:00,22:00\n"
        "Crowd Co,CHAT,PT,5,22,crowd,,,,,\n"
    )
    settings = (TINY / "Settings.csv").read_text(encoding="utf-8") + "hiring_budget,5000,\n"
    scenario = read_scenario(folder_with(tmp_path, VendorOffers=offers, Settings=settings))
    lent, crowd = scenario.vendor_offers
    assert (lent.source, lent.ramp_up_days, lent.daily_cap, lent.max_hours_day) == (
        Source.REINFORCEMENT,
        1,
        1,
        4,
    )
    assert (lent.window_from, lent.window_to) == (time(18), time(22))
    assert (crowd.source, crowd.ramp_up_days, crowd.daily_cap) == (Source.CROWD, 0, None)
    assert scenario.hiring_budget == 5000


@pytest.mark.parametrize(
    ("sheets", "located"),
    [
        ({"VendorOffers": OFFERS.replace('"CHAT",PT', '"EMAIL",PT')}, "EMAIL"),
        ({"VendorOffers": OFFERS.replace(",4,2,", ",1,2,")}, "min_headcount"),
        ({"ReservePolicy": "margin\n0.2\n0.3\n"}, "one row only"),
        (
            {
                "VendorOffers": OFFERS.replace(
                    "fixed_cost_per_hire", "fixed_cost_per_hire,source"
                ).replace(",100\n", ",100,agency\n")
            },
            "one of: vendor, reinforcement, crowd",
        ),
        (
            {
                "Settings": (TINY / "Settings.csv").read_text(encoding="utf-8")
                + "hiring_budget,-5,\n"
            },
            "row 7, column value (B): got '-5'; expected a number > 0",
        ),
    ],
    ids=["UnknownBundleQueue", "MinAboveMax", "TwoReservePolicies", "UnknownSource", "NegBudget"],
)
def test_broken_offers_and_policies_are_located(
    tmp_path: Path, sheets: dict[str, str], located: str
) -> None:
    with pytest.raises(InputError) as caught:
        read_scenario(folder_with(tmp_path, **sheets))
    assert any(located in str(problem) for problem in caught.value.problems)


def test_plan_peak_writes_the_peak_sheets(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from scheduler.cli import app

    policy = "margin,sources\n0.5,employee\n"
    folder = folder_with(tmp_path, VendorOffers=OFFERS, ReservePolicy=policy)
    output = tmp_path / "peak.xlsx"
    arguments = ["plan-peak", str(folder), "-o", str(output), "--time-limit", "2"]
    ran = CliRunner().invoke(app, [*arguments, "--workers", "2", "--what-if", "0.5"])
    assert ran.exit_code == 0, ran.output
    assert "hiring plan:" in ran.output and "what-if +50% volume" in ran.output
    assert "reserve at +50% volume" in ran.output
    sheets = load_workbook(output, read_only=True).sheetnames
    assert sheets[:4] == ["Summary", "Hiring plan", "Reserve", "Activation plan"]


def test_solve_of_a_peak_input_writes_the_peak_sheets_within_its_time_limit(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from scheduler.cli import app

    folder = folder_with(tmp_path, VendorOffers=OFFERS, ReservePolicy="margin\n0.5\n")
    output = tmp_path / "roster.xlsx"
    arguments = ["solve", str(folder), "-o", str(output), "--time-limit", "8", "--workers", "2"]
    ran = CliRunner().invoke(app, arguments)
    assert ran.exit_code == 0, ran.output
    assert "hiring plan:" in ran.output and "what-if +50% volume" in ran.output
    seconds = float(ran.output.split("total wall time:")[1].split("s")[0])
    assert seconds < 8 + 4  # the limit covers the plan, the what-ifs and the reserve
    sheets = load_workbook(output, read_only=True).sheetnames
    assert sheets[:4] == ["Summary", "Hiring plan", "Reserve", "Activation plan"]


def test_plan_peak_needs_offers_or_a_policy(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from scheduler.cli import app

    ran = CliRunner().invoke(app, ["plan-peak", str(TINY), "-o", str(tmp_path / "p.xlsx")])
    assert ran.exit_code == 1
    assert "neither a VendorOffers nor a ReservePolicy sheet" in ran.output
