"""The peak sheets: `Hiring plan`, `Reserve` and `Activation plan`, appended to a roster workbook.

English only for now; the roster workbook's own sheets keep their language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from scheduler.atomic import write_atomically
from scheduler.domain import Scenario
from scheduler.peak.hiring import HiringPlan, WhatIfPlan
from scheduler.peak.reserve import ReservePlan
from scheduler.result import SolveResult
from scheduler.writers.cells import DATETIME_FORMAT, HOURS_FORMAT, MONEY_FORMAT, Sheet, look_for
from scheduler.writers.labels import Lang
from scheduler.writers.roster_workbook import build_roster_workbook

__all__ = [
    "ACTIVATION_SHEET",
    "HIRING_SHEET",
    "RESERVE_SHEET",
    "write_activation_plan",
    "write_hiring_plan",
    "write_peak_workbook",
    "write_reserve",
]

HIRING_SHEET = "Hiring plan"
RESERVE_SHEET = "Reserve"
ACTIVATION_SHEET = "Activation plan"
_HIRING_HEADER = (
    "vendor",
    "bundle",
    "headcount",
    "min",
    "max",
    "hours",
    "cost",
    "understaffing removed (agent-h)",
    "next temp removes (agent-h)",
    "next temp costs",
    "temps",
    "source",
)


def write_hiring_plan(sheet: Sheet, plan: HiringPlan, what_ifs: Sequence[WhatIfPlan] = ()) -> None:
    sheet.title(1, 1, HIRING_SHEET)
    sheet.put(2, 1, _plan_summary(plan))
    row = _plan_table(sheet, 4, plan)
    for planned in what_ifs:
        sheet.section(row + 1, 1, f"What-if {planned.label}: {_plan_summary(planned.plan)}")
        row = _plan_table(sheet, row + 2, planned.plan)
    sheet.widths([16, 12, 10, 6, 6, 10, 12, 16, 16, 12, 60, 14])


def _plan_summary(plan: HiringPlan) -> str:
    budget = plan.scenario.hiring_budget
    spent = f"cost {plan.cost:,.2f}" + (f" of a budget of {budget:,.2f}" if budget else "")
    return (
        f"{plan.headcount} hires, {spent}; understaffing "
        f"{plan.understaffed_without_temps:,.1f} agent-h without them, "
        f"{plan.understaffed_hours:,.1f} with them"
    )


def _plan_table(sheet: Sheet, row: int, plan: HiringPlan) -> int:
    sheet.header(row, _HIRING_HEADER, wrap=True)
    for line in plan.lines:
        row += 1
        offer = line.offer
        cells = sheet.put_row(
            row,
            (
                offer.vendor,
                offer.bundle_label,
                line.headcount,
                offer.min_headcount,
                offer.max_headcount,
                line.hours,
                line.cost,
                line.understaffing_removed,
                line.marginal_hours,
                line.marginal_cost,
                ", ".join(line.hired),
                offer.source.value,
            ),
        )
        for index, number_format in ((5, HOURS_FORMAT), (6, MONEY_FORMAT), (7, HOURS_FORMAT)):
            cells[index].number_format = number_format
        cells[8].number_format = HOURS_FORMAT
        cells[9].number_format = MONEY_FORMAT
    return row + 1


def write_reserve(sheet: Sheet, scenario: Scenario, plan: ReservePlan) -> None:
    """One row per queue and interval where the upper forecast needs standby."""
    sheet.title(1, 1, RESERVE_SHEET)
    sheet.put(
        2,
        1,
        f"upper forecast +{plan.margin:.0%} volume; {len(plan.blocks)} standby blocks, "
        f"standby pay {plan.standby_cost:,.2f}; standby is not coverage",
    )
    sheet.header(4, ("interval", "queue", "standby needed", "standby assigned", "names"))
    assigned = plan.assigned()
    names: dict[tuple[str, int], list[str]] = {}
    for block in plan.blocks:
        for slot in block.slots:
            names.setdefault((block.queue_id, slot), []).append(block.agent_id)
    row = 4
    for queue in scenario.queues:
        needed = plan.needed.get(queue.queue_id, [])
        for slot, count in enumerate(needed):
            if count == 0 and not assigned[queue.queue_id][slot]:
                continue
            row += 1
            cells = sheet.put_row(
                row,
                (
                    scenario.horizon.slot_start(slot),
                    queue.queue_id,
                    count,
                    assigned[queue.queue_id][slot],
                    ", ".join(names.get((queue.queue_id, slot), [])),
                ),
            )
            cells[0].number_format = DATETIME_FORMAT
    sheet.widths([18, 10, 10, 10, 60])


def write_activation_plan(sheet: Sheet, scenario: Scenario, plan: ReservePlan) -> None:
    sheet.title(1, 1, ACTIVATION_SHEET)
    levels = plan.policy
    sheet.put(
        2,
        1,
        f"crisis quotient levels: watch {levels.watch:g} (notify), activate reserves "
        f"{levels.reserves:g}, emergency {levels.emergency:g} (everyone); quotients under the "
        f"upper forecast",
    )
    header = (
        "alert",
        "order",
        "agent",
        "name",
        "queue",
        "call by",
        "start",
        "end",
        "restores (agent-h)",
        "CQ before",
        "CQ with reserves",
    )
    sheet.header(4, header, wrap=True)
    names = {agent.agent_id: agent.name for agent in scenario.agents}
    for row, step in enumerate(plan.activation, start=5):
        block = step.block
        cells = sheet.put_row(
            row,
            (
                step.alert.value,
                step.order,
                block.agent_id,
                names.get(block.agent_id, ""),
                block.queue_id,
                step.call_by,
                block.start,
                block.end,
                block.restores_hours,
                _finite(step.quotient_before),
                _finite(step.quotient_after),
            ),
        )
        for index in (5, 6, 7):
            cells[index].number_format = DATETIME_FORMAT
        cells[8].number_format = HOURS_FORMAT
        cells[9].number_format = cells[10].number_format = "0.00"
    sheet.widths([18, 6, 14, 24, 8, 16, 16, 16, 10, 9, 9])


def _finite(value: float) -> float | str:
    return value if value != float("inf") else "no capacity"


def build_peak_workbook(
    result: SolveResult,
    scenario: Scenario,
    generated_at: datetime,
    hiring: HiringPlan | None = None,
    what_ifs: Sequence[WhatIfPlan] = (),
    reserve: ReservePlan | None = None,
    lang: Lang = "en",
) -> Workbook:
    """The roster workbook (standby included) with the peak sheets after its Summary."""
    workbook = build_roster_workbook(result, scenario, generated_at, lang=lang)
    look = look_for("en")
    position = 1
    if hiring is not None:
        write_hiring_plan(
            Sheet(workbook.create_sheet(HIRING_SHEET, position), look), hiring, what_ifs
        )
        position += 1
    if reserve is not None:
        write_reserve(
            Sheet(workbook.create_sheet(RESERVE_SHEET, position), look), scenario, reserve
        )
        sheet = Sheet(workbook.create_sheet(ACTIVATION_SHEET, position + 1), look)
        write_activation_plan(sheet, scenario, reserve)
    return workbook


def write_peak_workbook(
    path: Path,
    result: SolveResult,
    scenario: Scenario,
    *,
    hiring: HiringPlan | None = None,
    what_ifs: Sequence[WhatIfPlan] = (),
    reserve: ReservePlan | None = None,
    force: bool = False,
    lang: Lang = "en",
) -> None:
    stamp = datetime.now().replace(microsecond=0)
    workbook = build_peak_workbook(result, scenario, stamp, hiring, what_ifs, reserve, lang)
    write_atomically(path, lambda temporary: workbook.save(temporary), force=force)
