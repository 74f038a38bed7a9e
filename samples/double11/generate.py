"""Generate the Double 11 peak-week sample workbook, deterministically from a seed.

    python samples/double11/generate.py [--out PATH] [--seed 11]

The scenario: an e-commerce customer-service center plans the week of Singles' Day, Sunday
2026-11-08 to Saturday 2026-11-14, in 30-minute intervals. Four queues, about 150 people from
three labor sources (employees, temps from two vendors, interns). The forecast grows towards
Wednesday the 11th, spikes right after midnight when the sale opens, and decays afterwards;
after-sale work stays high longest. Volumes are scaled so the requirement the staffing step
derives (Erlang C, then grossed up for shrinkage) is about 88% of the paid hours the roster can
supply, with a pinch at the midnight spike that cannot be fully staffed. The script prints that
balance.

Same seed, same cell values. Every row is checked against `scheduler.domain` before writing.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from a checkout without installing the package
    sys.path.insert(0, str(ROOT))

from scheduler import domain  # noqa: E402
from scheduler.io import schema  # noqa: E402

Row = dict[str, object]

DEFAULT_OUT = Path(__file__).resolve().parent / "double11.xlsx"
DEFAULT_SEED = 11

SCENARIO_NAME = "Double 11 peak week"
START = date(2026, 11, 8)  # a Sunday
DAYS = 7
INTERVAL_MINUTES = 30
SLOTS_PER_DAY = 24 * 60 // INTERVAL_MINUTES
PEAK_DAY = 3  # Wednesday 2026-11-11, the sale day
NOISE = 0.05  # volumes vary by up to +-5% around the curve


# --------------------------------------------------------------------------------------------
# Queues and the shape of their workload
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VolumeProfile:
    """Volume per interval = base_peak * day_factor[day] * intraday(hour), with overrides.

    base_peak: contacts per 30 minutes at the daily peak of an ordinary day a few weeks before
    the sale. intraday: relative volume at each full hour (0-23), interpolated to half hours.
    eve_boost: multiplier for 20:00-24:00 on the eve of the sale (carts are filled and
    deposits paid before the sale opens). opening: volumes from 00:00 on the sale day, in units
    of base_peak, one per interval: the midnight spike and its decay.
    """

    base_peak: float
    aht_s: float
    day_factor: tuple[float, ...]
    intraday: tuple[float, ...]
    eve_boost: float
    opening: tuple[float, ...]

    def expected(self, day: int, slot: int) -> float:
        if day == PEAK_DAY and slot < len(self.opening):
            return self.base_peak * self.opening[slot]
        hour, half = divmod(slot, 2)
        level = self.intraday[hour]
        if half:
            level = (level + self.intraday[(hour + 1) % 24]) / 2
        factor = self.day_factor[day]
        if day == PEAK_DAY - 1 and hour >= 20:
            factor *= self.eve_boost
        return self.base_peak * factor * level


QUEUES: tuple[Row, ...] = (
    {
        "queue_id": "PRE",
        "name": "Pre-sale chat",
        "channel": "chat",
        "service_level": 0.8,
        "answer_time_s": 30,
        "max_occupancy": 0.85,
        "shrinkage": 0.15,
    },
    {
        "queue_id": "POST",
        "name": "After-sale chat",
        "channel": "chat",
        "service_level": 0.8,
        "answer_time_s": 60,
        "max_occupancy": 0.85,
        "shrinkage": 0.15,
    },
    {
        "queue_id": "VOICE",
        "name": "Voice hotline",
        "channel": "voice",
        "service_level": 0.8,
        "answer_time_s": 20,
        "max_occupancy": 0.85,
        "shrinkage": 0.25,
    },
    {
        "queue_id": "TICKET",
        "name": "Complaints and tickets",
        "channel": "email",
        "service_level": 0.9,
        "answer_time_s": 86400,
        "max_occupancy": 0.95,
        "shrinkage": 0.1,
    },
)

# Chat handle times are effective: one agent holds about two sessions at once, so the agent
# time per chat is about half the time a single session stays open (DOMAIN.md: concurrency 2-4,
# online output about twice phone output). Erlang C on effective AHT approximates concurrency.
PROFILES: dict[str, VolumeProfile] = {
    "PRE": VolumeProfile(
        base_peak=57,
        aht_s=150,
        day_factor=(1.45, 1.6, 1.85, 2.4, 1.55, 1.3, 1.2),
        intraday=(
            0.50,
            0.32,
            0.18,
            0.10,
            0.07,
            0.07,
            0.10,
            0.20,
            0.42,
            0.70,
            0.92,
            1.00,
            0.85,
            0.80,
            0.86,
            0.88,
            0.84,
            0.72,
            0.70,
            0.82,
            0.96,
            1.00,
            0.90,
            0.70,
        ),
        eve_boost=1.35,
        opening=(9.5, 8.0, 5.5, 3.5, 2.2, 1.4),
    ),
    "POST": VolumeProfile(
        base_peak=44,
        aht_s=200,
        day_factor=(1.15, 1.2, 1.25, 2.1, 2.3, 2.0, 1.75),
        intraday=(
            0.35,
            0.22,
            0.12,
            0.07,
            0.05,
            0.05,
            0.08,
            0.18,
            0.45,
            0.78,
            0.95,
            1.00,
            0.85,
            0.85,
            0.92,
            0.92,
            0.88,
            0.75,
            0.68,
            0.75,
            0.85,
            0.85,
            0.70,
            0.50,
        ),
        eve_boost=1.1,
        opening=(7.0, 6.2, 4.8, 3.4, 2.2, 1.5),
    ),
    "VOICE": VolumeProfile(
        base_peak=24,
        aht_s=300,
        day_factor=(1.15, 1.25, 1.4, 2.0, 1.8, 1.55, 1.35),
        intraday=(
            0.20,
            0.12,
            0.07,
            0.05,
            0.04,
            0.05,
            0.08,
            0.20,
            0.55,
            0.85,
            1.00,
            0.98,
            0.80,
            0.80,
            0.90,
            0.90,
            0.85,
            0.70,
            0.60,
            0.65,
            0.72,
            0.70,
            0.50,
            0.32,
        ),
        eve_boost=1.2,
        opening=(4.5, 4.0, 3.0, 2.0, 1.3, 0.8),
    ),
}

# TICKET is deferrable work (24 h response target): the forecasting tool gives a headcount.
TICKET_BASE = (2, 2, 2, 3, 4, 5, 5)  # per day, rising after the sale as complaints arrive
TICKET_OPEN = (time(8, 0), time(22, 0))
TICKET_MIDDAY = (time(10, 0), time(18, 0))  # one more agent in the busiest hours


def ticket_agents(day: int, slot: int) -> int:
    start = time(*divmod(slot * INTERVAL_MINUTES, 60))
    if not TICKET_OPEN[0] <= start < TICKET_OPEN[1]:
        return 0
    extra = 1 if TICKET_MIDDAY[0] <= start < TICKET_MIDDAY[1] else 0
    return min(6, TICKET_BASE[day] + extra)


def slot_start(day: int, slot: int) -> datetime:
    return datetime.combine(START, time(0, 0)) + timedelta(
        days=day, minutes=slot * INTERVAL_MINUTES
    )


def build_forecast(rng: random.Random) -> list[Row]:
    rows: list[Row] = []
    for queue in QUEUES:
        queue_id = str(queue["queue_id"])
        profile = PROFILES.get(queue_id)
        for day in range(DAYS):
            for slot in range(SLOTS_PER_DAY):
                when = slot_start(day, slot)
                if profile is None:
                    rows.append(
                        {
                            "queue_id": queue_id,
                            "interval_start": when,
                            "required_agents": ticket_agents(day, slot),
                        }
                    )
                    continue
                noisy = profile.expected(day, slot) * rng.uniform(1 - NOISE, 1 + NOISE)
                rows.append(
                    {
                        "queue_id": queue_id,
                        "interval_start": when,
                        "volume": max(0, round(noisy)),
                        "aht_s": profile.aht_s,
                    }
                )
    return rows


# --------------------------------------------------------------------------------------------
# Contracts and shifts
# --------------------------------------------------------------------------------------------

EIGHT_HOUR_SHIFTS = ("EARLY", "DAY", "LATE", "EVENING", "NIGHT")

CONTRACTS: tuple[Row, ...] = (
    {
        "contract_id": "FT",
        "name": "Full time",
        "min_hours_week": 32,
        "max_hours_week": 40,
        "max_days_week": 5,
        "min_rest_hours": 11,
        "allowed_shifts": "",
    },
    {
        "contract_id": "PT",
        "name": "Part time (4 h shifts)",
        "min_hours_week": 16,
        "max_hours_week": 24,
        "max_days_week": 5,
        "min_rest_hours": 11,
        "allowed_shifts": "SHORT",
    },
    {
        "contract_id": "TEMP",
        "name": "Vendor temp (8 h shifts incl. nights)",
        "min_hours_week": 0,
        "max_hours_week": 44,
        "max_days_week": 6,
        "min_rest_hours": 11,
        "allowed_shifts": ", ".join(EIGHT_HOUR_SHIFTS),
    },
    {
        # Student interns: no night work, no overtime (DOMAIN.md). The contract excludes the
        # EVENING and NIGHT templates; their availability windows end at 22:00, which also
        # keeps late LATE and SHORT starts off the roster.
        "contract_id": "INTERN",
        "name": "Student intern (day shifts only)",
        "min_hours_week": 0,
        "max_hours_week": 40,
        "max_days_week": 5,
        "min_rest_hours": 12,
        "allowed_shifts": "EARLY, DAY, LATE, SHORT",
    },
    {
        # Staff lent by other departments (peak hiring): four hours after their own day's work.
        # The offer's window and hours-per-day cap keep them to the evening.
        "contract_id": "LENT",
        "name": "Lent from another department (4 h evenings)",
        "min_hours_week": 0,
        "max_hours_week": 20,
        "max_days_week": 5,
        "min_rest_hours": 11,
        "allowed_shifts": "SHORT",
        "min_shift_hours": 4,
    },
    {
        # Remote crowd agents (peak hiring): the platform books shifts of 4 hours or more.
        "contract_id": "CROWD",
        "name": "Remote crowd agent (shifts of 4 h or more)",
        "min_hours_week": 0,
        "max_hours_week": 30,
        "max_days_week": 6,
        "min_rest_hours": 11,
        "allowed_shifts": "SHORT, DAY, LATE, EVENING",
        "min_shift_hours": 4,
    },
)


def _eight_hour(shift_id: str, name: str, earliest: time, latest: time) -> Row:
    return {
        "shift_id": shift_id,
        "name": name,
        "earliest_start": earliest,
        "latest_start": latest,
        "start_step_minutes": 30,
        "paid_hours": 8,
        "meal_minutes": 60,
        "meal_after_min_hours": 3,
        "meal_after_max_hours": 5,
    }


SHIFTS: tuple[Row, ...] = (
    _eight_hour("EARLY", "Early 8h", time(6, 0), time(8, 0)),
    _eight_hour("DAY", "Day 8h", time(8, 30), time(11, 0)),
    _eight_hour("LATE", "Late 8h", time(12, 0), time(15, 0)),
    _eight_hour("EVENING", "Evening 8h", time(15, 30), time(17, 0)),
    _eight_hour("NIGHT", "Night 8h (crosses midnight)", time(21, 0), time(23, 30)),
    {
        "shift_id": "SHORT",
        "name": "Short 4h",
        "earliest_start": time(8, 0),
        "latest_start": time(20, 0),
        "start_step_minutes": 30,
        "paid_hours": 4,
        "meal_minutes": 0,
        "meal_after_min_hours": None,
        "meal_after_max_hours": None,
    },
)


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

SURNAMES = (
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Gao",
    "Lin",
    "Luo",
    "Zheng",
    "Liang",
    "Xie",
    "Song",
    "Tang",
    "Han",
    "Feng",
    "Deng",
    "Cao",
    "Peng",
    "Zeng",
    "Xiao",
    "Tian",
    "Dong",
    "Pan",
    "Yuan",
)
GIVEN_NAMES = (
    "Fang",
    "Wei",
    "Na",
    "Min",
    "Jing",
    "Li",
    "Qiang",
    "Lei",
    "Jun",
    "Yang",
    "Yong",
    "Yan",
    "Jie",
    "Juan",
    "Tao",
    "Ming",
    "Chao",
    "Xiuying",
    "Xia",
    "Ping",
    "Gang",
    "Hui",
    "Yu",
    "Hao",
    "Xin",
    "Yuting",
    "Zihan",
    "Haoran",
    "Yichen",
    "Xinyi",
    "Mengyao",
    "Jiahui",
    "Ruoxi",
    "Zhiwei",
    "Lina",
    "Shuang",
    "Dan",
    "Lihua",
    "Guiying",
    "Wenjing",
    "Kai",
    "Bo",
    "Rui",
)
TEAMS = ("Team A", "Team B", "Team C", "Team D", "Team E")

FT_EMPLOYEES = 88
PT_EMPLOYEES = 16
# Single-skilled employees per queue; the remaining employees are multi-skilled.
SINGLE_SKILLED = {"PRE": 15, "POST": 13, "VOICE": 35, "TICKET": 10}
# Multi-skill bundles (first queue is the primary one), cycled through.
BUNDLES: tuple[tuple[str, ...], ...] = (
    ("VOICE", "POST"),
    ("PRE", "VOICE"),
    ("PRE", "POST"),
    ("POST", "TICKET"),
    ("VOICE", "PRE", "POST"),
    ("TICKET", "VOICE", "PRE"),
)
VENDORS = (
    # (vendor, id prefix, queue trained on, head count)
    ("Vendor Alpha", "VA-T", "PRE", 18),
    ("Vendor Beta", "VB-T", "POST", 18),
)
INTERNS = 10


class NamePicker:
    """Distinct pinyin names drawn from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def __call__(self) -> str:
        while True:
            name = f"{self._rng.choice(SURNAMES)} {self._rng.choice(GIVEN_NAMES)}"
            if name not in self._used:
                self._used.add(name)
                return name


def skills_text(skills: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{queue}:{level}" for queue, level in skills)


def build_agents(rng: random.Random) -> list[Row]:
    pick_name = NamePicker(rng)
    employees = FT_EMPLOYEES + PT_EMPLOYEES
    singles = [q for q, n in SINGLE_SKILLED.items() for _ in range(n)]
    multi = employees - len(singles)
    skill_sets: list[list[tuple[str, int]]] = [[(q, rng.randint(3, 5))] for q in singles]
    for i in range(multi):
        bundle = BUNDLES[i % len(BUNDLES)]
        levels = [rng.randint(4, 5)] + [rng.randint(2, 4) for _ in bundle[1:]]
        skill_sets.append(list(zip(bundle, levels, strict=True)))
    rng.shuffle(skill_sets)
    contracts = ["FT"] * FT_EMPLOYEES + ["PT"] * PT_EMPLOYEES
    rng.shuffle(contracts)

    agents: list[Row] = []
    for i, (skills, contract) in enumerate(zip(skill_sets, contracts, strict=True)):
        agents.append(
            {
                "agent_id": f"E{i + 1:03d}",
                "name": pick_name(),
                "team": TEAMS[i % len(TEAMS)],
                "source": "employee",
                "vendor": "",
                "contract_id": contract,
                "skills": skills_text(skills),
                "cost_per_hour": rng.randint(70, 90) / 2,
            }
        )
    for vendor, prefix, queue, count in VENDORS:
        for i in range(count):
            agents.append(
                {
                    "agent_id": f"{prefix}{i + 1:03d}",
                    "name": pick_name(),
                    "team": vendor,
                    "source": "temp",
                    "vendor": vendor,
                    "contract_id": "TEMP",
                    "skills": skills_text([(queue, rng.randint(2, 3))]),
                    "cost_per_hour": rng.randint(56, 64) / 2,
                }
            )
    for i in range(INTERNS):
        queue = "PRE" if i % 2 == 0 else "POST"
        agents.append(
            {
                "agent_id": f"I{i + 1:03d}",
                "name": pick_name(),
                "team": "Interns",
                "source": "intern",
                "vendor": "",
                "contract_id": "INTERN",
                "skills": skills_text([(queue, 2)]),
                "cost_per_hour": 20,
            }
        )
    return agents


LEAVE_REASONS = ("annual leave", "sick leave", "family matter", "wedding", "exam")


def build_time_off(rng: random.Random, agents: Sequence[Row]) -> list[Row]:
    """Eight leave requests of one or two days; only one touches the sale day."""
    employees = [a for a in agents if a["source"] == "employee"]
    chosen = rng.sample(employees, 8)
    # first days from which a one- or two-day leave avoids the 11th and the horizon's end
    days_allowed = [d for d in range(DAYS - 1) if d not in (PEAK_DAY - 1, PEAK_DAY)]
    rows: list[Row] = []
    for i, agent in enumerate(chosen):
        if i == 0:  # approved before the peak freeze: a medical appointment on the 11th
            first, length, reason = PEAK_DAY, 1, "medical appointment"
        else:
            first, length = rng.choice(days_allowed), rng.randint(1, 2)
            reason = rng.choice(LEAVE_REASONS)
        rows.append(
            {
                "agent_id": agent["agent_id"],
                "first_day": START + timedelta(days=first),
                "last_day": START + timedelta(days=first + length - 1),
                "reason": reason,
            }
        )
    rows.sort(key=lambda r: (str(r["first_day"]), str(r["agent_id"])))
    return rows


PT_WINDOWS = ((time(9, 0), time(15, 0)), (time(8, 0), time(14, 0)), (time(10, 0), time(16, 0)))


def build_availability(rng: random.Random, agents: Sequence[Row]) -> list[Row]:
    rows: list[Row] = []
    for agent in agents:
        if agent["source"] != "intern":
            continue
        for weekday in domain.WEEKDAYS:
            weekend = weekday in ("sat", "sun")
            rows.append(
                {
                    "agent_id": agent["agent_id"],
                    "day": weekday,
                    "available_from": time(9, 0) if weekend else time(13, 0),
                    "available_to": time(22, 0),
                }
            )
    part_timers = [a for a in agents if a["contract_id"] == "PT"]
    for agent, (start, end) in zip(rng.sample(part_timers, 3), PT_WINDOWS, strict=False):
        for weekday in domain.WEEKDAYS:
            rows.append(
                {
                    "agent_id": agent["agent_id"],
                    "day": weekday,
                    "available_from": start,
                    "available_to": end,
                }
            )
    return rows


# Peak hiring (scheduler.peak): what the labor-outsourcing vendors offer beyond the temps
# already booked, per skill bundle; the plan decides how many to order. Rates sit near the
# booked temps' (28-32 per hour); the two-queue bundle costs more because training takes longer.
# Vendor temps train for a day first. Other departments lend up to six people for four evening
# hours (at most four a day, at their internal rate); a crowd platform offers remote agents after
# two days of onboarding, at most six a day. The plan spends at most HIRING_BUDGET in all.
HIRING_BUDGET = 40_000
VENDOR_OFFERS: tuple[Row, ...] = (
    {
        "vendor": "Vendor Alpha",
        "bundle": "PRE",
        "contract_id": "TEMP",
        "max_headcount": 12,
        "min_headcount": 4,
        "cost_per_hour": 31,
        "fixed_cost_per_hire": 200,
        "proficiency": 2,
        "ramp_up_days": 1,
    },
    {
        "vendor": "Vendor Beta",
        "bundle": "POST",
        "contract_id": "TEMP",
        "max_headcount": 12,
        "min_headcount": 4,
        "cost_per_hour": 30,
        "fixed_cost_per_hire": 200,
        "proficiency": 2,
        "ramp_up_days": 1,
    },
    {
        "vendor": "Vendor Beta",
        "bundle": "PRE, POST",
        "contract_id": "TEMP",
        "max_headcount": 8,
        "min_headcount": 0,
        "cost_per_hour": 34,
        "fixed_cost_per_hire": 300,
        "proficiency": 2,
        "ramp_up_days": 1,
    },
    {
        "vendor": "Finance dept",
        "bundle": "PRE",
        "contract_id": "LENT",
        "max_headcount": 6,
        "cost_per_hour": 38,
        "proficiency": 3,
        "source": "reinforcement",
        "daily_cap": 4,
        "max_hours_day": 4,
        "window_from": time(17, 0),
        "window_to": time(23, 0),
    },
    {
        "vendor": "CrowdDesk",
        "bundle": "POST",
        "contract_id": "CROWD",
        "max_headcount": 10,
        "cost_per_hour": 27,
        "fixed_cost_per_hire": 150,
        "proficiency": 2,
        "source": "crowd",
        "ramp_up_days": 2,
        "daily_cap": 6,
    },
)

# The standby reserve covers volume 20% above forecast; standby pays 30% of the hourly cost.
RESERVE_POLICY: tuple[Row, ...] = (
    {
        "margin": 0.2,
        "standby_pay_share": 0.3,
        "lead_time_minutes": 60,
        "sources": "employee, temp",
        "watch": 1.0,
        "reserves": 1.2,
        "emergency": 1.5,
    },
)


def build_settings() -> list[Row]:
    weights = domain.Weights()
    return [
        {
            "scenario_name": SCENARIO_NAME,
            "start_date": START,
            "days": DAYS,
            "interval_minutes": INTERVAL_MINUTES,
            "weight_understaffing": weights.understaffing_per_agent_hour,
            "weight_overstaffing": weights.overstaffing_per_agent_hour,
            "weight_cost": weights.cost_per_currency_unit,
            "hiring_budget": HIRING_BUDGET,
        }
    ]


@dataclass(frozen=True)
class SampleData:
    rows: dict[str, list[Row]]  # sheet name -> rows keyed by column name


def build(seed: int = DEFAULT_SEED) -> SampleData:
    """All sheets' rows. One generator, consumed in a fixed order, makes the output stable."""
    rng = random.Random(seed)
    forecast = build_forecast(rng)
    agents = build_agents(rng)
    time_off = build_time_off(rng, agents)
    availability = build_availability(rng, agents)
    return SampleData(
        {
            schema.SETTINGS.name: build_settings(),
            schema.QUEUES.name: [dict(q) for q in QUEUES],
            schema.FORECAST.name: forecast,
            schema.CONTRACTS.name: [dict(c) for c in CONTRACTS],
            schema.SHIFTS.name: [dict(s) for s in SHIFTS],
            schema.AGENTS.name: agents,
            schema.TIME_OFF.name: time_off,
            schema.AVAILABILITY.name: availability,
            schema.VENDOR_OFFERS.name: [dict(o) for o in VENDOR_OFFERS],
            schema.RESERVE_POLICY.name: [dict(r) for r in RESERVE_POLICY],
        }
    )


# --------------------------------------------------------------------------------------------
# Checking against the domain model
# --------------------------------------------------------------------------------------------


def _split(text: object) -> list[str]:
    return [part.strip() for part in str(text or "").split(",") if part.strip()]


def _skill(text: str) -> domain.Skill:
    queue, _, level = text.partition(":")
    return domain.Skill(queue_id=queue.strip(), proficiency=int(level) if level else 3)


def _present(row: Row) -> Row:
    return {k: v for k, v in row.items() if v is not None and v != ""}


def to_scenario(data: SampleData) -> domain.Scenario:
    """Build the domain model from the rows; raises pydantic's ValidationError on a bad value."""
    sheets = data.rows
    settings = sheets[schema.SETTINGS.name][0]
    contracts = [
        domain.Contract.model_validate(
            {**_present(row), "allowed_shifts": tuple(_split(row["allowed_shifts"]))}
        )
        for row in sheets[schema.CONTRACTS.name]
    ]
    agents = [
        domain.Agent.model_validate(
            {**_present(row), "skills": tuple(_skill(s) for s in _split(row["skills"]))}
        )
        for row in sheets[schema.AGENTS.name]
    ]
    return domain.Scenario(
        name=str(settings["scenario_name"]),
        horizon=domain.Horizon.model_validate(
            {
                "start_date": settings["start_date"],
                "days": settings["days"],
                "interval_minutes": settings["interval_minutes"],
            }
        ),
        queues=tuple(domain.Queue.model_validate(r) for r in sheets[schema.QUEUES.name]),
        forecast=tuple(
            domain.ForecastPoint.model_validate(_present(r)) for r in sheets[schema.FORECAST.name]
        ),
        contracts=tuple(contracts),
        shifts=tuple(domain.ShiftTemplate.model_validate(r) for r in sheets[schema.SHIFTS.name]),
        agents=tuple(agents),
        time_off=tuple(domain.TimeOff.model_validate(r) for r in sheets[schema.TIME_OFF.name]),
        availability=tuple(
            domain.Availability.model_validate(r) for r in sheets[schema.AVAILABILITY.name]
        ),
        vendor_offers=tuple(
            domain.VendorOffer.model_validate(
                {**_present(row), "bundle": tuple(_split(row["bundle"]))}
            )
            for row in sheets[schema.VENDOR_OFFERS.name]
        ),
        reserve_policy=domain.ReservePolicy.model_validate(
            {
                **sheets[schema.RESERVE_POLICY.name][0],
                "sources": tuple(_split(sheets[schema.RESERVE_POLICY.name][0]["sources"])),
            }
        ),
        hiring_budget=settings["hiring_budget"],
        weights=domain.Weights.model_validate(
            {
                "understaffing_per_agent_hour": settings["weight_understaffing"],
                "overstaffing_per_agent_hour": settings["weight_overstaffing"],
                "cost_per_currency_unit": settings["weight_cost"],
            }
        ),
    )


def check_references(scenario: domain.Scenario) -> list[str]:
    """Cross-sheet rules the field validators cannot see; returns the problems found."""
    problems: list[str] = []
    horizon = scenario.horizon

    def unique(kind: str, ids: Iterable[str]) -> None:
        seen: set[str] = set()
        for item in ids:
            if item in seen:
                problems.append(f"duplicate {kind} {item}")
            seen.add(item)

    unique("queue_id", (q.queue_id for q in scenario.queues))
    unique("contract_id", (c.contract_id for c in scenario.contracts))
    unique("shift_id", (s.shift_id for s in scenario.shifts))
    unique("agent_id", (a.agent_id for a in scenario.agents))
    queues = {q.queue_id for q in scenario.queues}
    shifts = scenario.shifts_by_id()
    contracts = scenario.contracts_by_id()
    agents = {a.agent_id for a in scenario.agents}
    covered: set[tuple[str, int]] = set()
    for point in scenario.forecast:
        slot = horizon.slot_of(point.interval_start)
        if point.queue_id not in queues or slot is None:
            problems.append(f"forecast row {point.queue_id} {point.interval_start} off the grid")
        elif (point.queue_id, slot) in covered:
            problems.append(f"forecast row {point.queue_id} {point.interval_start} repeated")
        else:
            covered.add((point.queue_id, slot))
    if len(covered) != len(queues) * horizon.num_slots:
        problems.append("forecast does not cover every queue and interval")
    for contract in scenario.contracts:
        problems += [
            f"contract {contract.contract_id}: unknown shift {s}"
            for s in contract.allowed_shifts
            if s not in shifts
        ]
    for shift in scenario.shifts:
        starts = shift.earliest_start.hour * 60 + shift.earliest_start.minute
        ends = shift.latest_start.hour * 60 + shift.latest_start.minute
        if starts % horizon.interval_minutes or (ends - starts) % shift.start_step_minutes:
            problems.append(f"shift {shift.shift_id}: starts off the interval grid")
        if shift.span_minutes % horizon.interval_minutes:
            problems.append(f"shift {shift.shift_id}: length off the interval grid")
    for agent in scenario.agents:
        if agent.contract_id not in contracts:
            problems.append(f"agent {agent.agent_id}: unknown contract {agent.contract_id}")
        problems += [
            f"agent {agent.agent_id}: unknown queue {q}" for q in agent.queue_ids if q not in queues
        ]
    for leave in scenario.time_off:
        if leave.agent_id not in agents:
            problems.append(f"time off for unknown agent {leave.agent_id}")
        if horizon.day_index(leave.first_day) is None or horizon.day_index(leave.last_day) is None:
            problems.append(f"time off of {leave.agent_id} outside the horizon")
    problems += [
        f"availability for unknown agent {row.agent_id}"
        for row in scenario.availability
        if row.agent_id not in agents
    ]
    return problems


# --------------------------------------------------------------------------------------------
# Workload against capacity: the balance printed for the user
# --------------------------------------------------------------------------------------------


def erlang_c_agents(erlangs: float, aht_s: float, queue: domain.Queue) -> int:
    """Fewest agents meeting the service level and the occupancy cap (Erlang C, M/M/N)."""
    if erlangs <= 0:
        return 0
    n = max(1, math.ceil(erlangs / queue.max_occupancy - 1e-9))
    while True:
        if n > erlangs:
            blocking = 1.0  # Erlang B by recursion, then Erlang C from it
            for k in range(1, n + 1):
                blocking = erlangs * blocking / (k + erlangs * blocking)
            waiting = n * blocking / (n - erlangs * (1 - blocking))
            answered = 1 - waiting * math.exp(-(n - erlangs) * queue.answer_time_s / aht_s)
            if answered >= queue.service_level:
                return n
        n += 1


_MARGIN = 1e-9  # float noise: 14 / (1 - 0.3) must not round up to 21


@dataclass(frozen=True)
class Need:
    """Agents one queue needs in one interval, before and after shrinkage.

    rough: erlangs / max_occupancy (the back-of-envelope figure). net: Erlang C agents meeting
    the service level and the occupancy cap, or the given headcount rounded up. rostered:
    ceil(net / (1 - shrinkage)), the people the roster must place, as the staffing step counts.
    """

    rough: float
    net: int
    rostered: int


def needs(scenario: domain.Scenario) -> dict[str, list[Need]]:
    horizon = scenario.horizon
    result = {q.queue_id: [Need(0, 0, 0)] * horizon.num_slots for q in scenario.queues}
    for point in scenario.forecast:
        queue = scenario.queue(point.queue_id)
        slot = horizon.slot_of(point.interval_start)
        assert slot is not None
        if point.required_agents is not None:
            rough, net = point.required_agents, math.ceil(point.required_agents - _MARGIN)
        else:
            assert point.volume is not None and point.aht_s is not None
            erlangs = point.volume * point.aht_s / (horizon.interval_minutes * 60)
            rough, net = erlangs / queue.max_occupancy, erlang_c_agents(erlangs, point.aht_s, queue)
        rostered = max(0, math.ceil(net / (1 - queue.shrinkage) - _MARGIN))
        result[point.queue_id][slot] = Need(rough, net, rostered)
    return result


def max_paid_hours(lengths: Iterable[float], days: int, cap: float) -> float:
    """Most paid hours from at most `days` shifts of the given lengths, within `cap`."""
    options = sorted(set(lengths))
    best = 0.0
    for count in range(days + 1):
        for combo in itertools.combinations_with_replacement(options, count):
            if best < sum(combo) <= cap:
                best = sum(combo)
    return best


def agent_supply(scenario: domain.Scenario) -> dict[str, float]:
    """Upper bound on each agent's paid hours in the week: contract, shift lengths, leave."""
    shifts = scenario.shifts_by_id()
    supply: dict[str, float] = {}
    for agent in scenario.agents:
        contract = scenario.contract(agent.contract_id)
        allowed = contract.allowed_shifts or tuple(shifts)
        leave_days = sum(
            any(
                t.agent_id == agent.agent_id and t.covers(scenario.horizon.day_date(d))
                for t in scenario.time_off
            )
            for d in range(scenario.horizon.days)
        )
        days = min(contract.max_days_week, scenario.horizon.days - leave_days)
        lengths = (shifts[s].paid_hours for s in allowed)
        supply[agent.agent_id] = max_paid_hours(lengths, days, contract.max_hours_week)
    return supply


def could_be_on_duty(scenario: domain.Scenario, agent: domain.Agent, slot: int) -> bool:
    """Whether some allowed shift, on a day the agent is not on leave, spans the slot."""
    horizon = scenario.horizon
    contract = scenario.contract(agent.contract_id)
    shifts = scenario.shifts_by_id()
    minute = slot * horizon.interval_minutes
    for shift_id in contract.allowed_shifts or tuple(shifts):
        shift = shifts[shift_id]
        first = shift.earliest_start.hour * 60 + shift.earliest_start.minute
        last = shift.latest_start.hour * 60 + shift.latest_start.minute
        for day in range(horizon.days):
            if any(
                t.agent_id == agent.agent_id and t.covers(horizon.day_date(day))
                for t in scenario.time_off
            ):
                continue
            for start in range(first, last + 1, shift.start_step_minutes):
                begin = day * 24 * 60 + start
                if begin <= minute < begin + shift.span_minutes:
                    return True
    return False


def report_balance(scenario: domain.Scenario, out: Callable[[str], None] = print) -> None:
    horizon = scenario.horizon
    hours = horizon.slot_hours
    per_queue = needs(scenario)
    supply = agent_supply(scenario)
    total_supply = sum(supply.values())

    out("Required agent-hours, after shrinkage:")
    out("  rough = erlangs / occupancy / (1 - shrinkage), erlangs = volume * aht / 1800")
    out("  rostered = ceil(Erlang C agents / (1 - shrinkage)) per interval")
    out(f"  {'queue':<7}{'rough':>7}{'rostered':>10}   peak agents on queue (Erlang C), at")
    rough_total = rostered_total = 0.0
    for queue in scenario.queues:
        rows = per_queue[queue.queue_id]
        rough = sum(n.rough for n in rows) * hours / (1 - queue.shrinkage)
        rostered = sum(n.rostered for n in rows) * hours
        rough_total += rough
        rostered_total += rostered
        peak = max(range(len(rows)), key=lambda s: rows[s].net)
        out(
            f"  {queue.queue_id:<7}{rough:>7.0f}{rostered:>10.0f}   {rows[peak].net} "
            f"({rows[peak].rostered} rostered), {horizon.slot_start(peak):%a %d %b %H:%M}"
        )
    out(f"  {'total':<7}{rough_total:>7.0f}{rostered_total:>10.0f}")

    out("Paid hours the roster can supply (contract caps, shift lengths, leave):")
    groups: dict[str, list[float]] = {}
    for agent in scenario.agents:
        key = f"{agent.source.value} {agent.contract_id}"
        groups.setdefault(key, []).append(supply[agent.agent_id])
    for key, values in groups.items():
        out(f"  {key:<16}{len(values):>4} agents {sum(values):>6.0f} h")
    out(f"  {'total':<16}{len(scenario.agents):>4} agents {total_supply:>6.0f} h")
    out("  of them, agents skilled for each queue (single-skilled + multi-skilled):")
    for queue in scenario.queues:
        skilled = [a for a in scenario.agents if queue.queue_id in a.queue_ids]
        single = sum(supply[a.agent_id] for a in skilled if len(a.queue_ids) == 1)
        shared = sum(supply[a.agent_id] for a in skilled if len(a.queue_ids) > 1)
        out(f"    {queue.queue_id:<7}{single:>6.0f} + {shared:.0f} h")
    out(
        f"Balance: requirement = {rough_total / total_supply:.0%} of supply rough, "
        f"{rostered_total / total_supply:.0%} rostered"
    )

    def heads(slot: int) -> int:
        return sum(per_queue[q.queue_id][slot].rostered for q in scenario.queues)

    day_slots = horizon.slots_per_day
    spike = range(PEAK_DAY * day_slots, PEAK_DAY * day_slots + 120 // horizon.interval_minutes)
    staffable = sum(could_be_on_duty(scenario, a, spike[0]) for a in scenario.agents)
    out(
        f"Midnight pinch, {horizon.slot_start(spike[0]):%a %d %b} 00:00-02:00: rostered heads "
        f"needed {', '.join(str(heads(s)) for s in spike)}; at most {staffable} people can "
        "work a shift covering 00:00"
    )
    nights = [s for s in range(day_slots, horizon.num_slots) if 3 <= horizon.slot_start(s).hour < 6]
    out(
        "Nights 03:00-06:00 (9-14 Nov): rostered heads needed "
        f"{min(heads(s) for s in nights)}-{max(heads(s) for s in nights)}"
    )
    first_night = [s for s in range(day_slots) if horizon.slot_start(s).hour < 6]
    out(
        f"First night, {horizon.slot_start(0):%a %d %b} 00:00-06:00: "
        f"{sum(heads(s) for s in first_night) * hours:.0f} agent-hours that no shift in the "
        "horizon covers (the night shift that would belongs to the day before)"
    )


# --------------------------------------------------------------------------------------------
# Writing the workbook
# --------------------------------------------------------------------------------------------

NUMBER_FORMATS = {
    schema.Kind.DATE: "yyyy-mm-dd",
    schema.Kind.TIME: "hh:mm",
    schema.Kind.DATETIME: "yyyy-mm-dd hh:mm",
}


def _cell(value: object) -> object:
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def write_workbook(data: SampleData, path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    bold = Font(bold=True)
    for sheet in schema.SHEETS:
        ws = workbook.create_sheet(sheet.name)
        rows = data.rows.get(sheet.name, [])  # an optional sheet the sample leaves empty
        if sheet.key_value:
            headers: Sequence[str] = ("key", "value", "description")
            table = [[c.name, rows[0].get(c.name), c.help] for c in sheet.columns]
            kinds = [[schema.Kind.TEXT, c.kind, schema.Kind.TEXT] for c in sheet.columns]
        else:
            headers = [c.name for c in sheet.columns]
            table = [[row.get(c.name) for c in sheet.columns] for row in rows]
            kinds = [[c.kind for c in sheet.columns]] * len(rows)
        ws.append(list(headers))
        for cell in ws[1]:
            cell.font = bold
        for values, row_kinds in zip(table, kinds, strict=True):
            ws.append([_cell(v) for v in values])
            for cell, kind in zip(ws[ws.max_row], row_kinds, strict=True):
                if kind in NUMBER_FORMATS and cell.value is not None:
                    cell.number_format = NUMBER_FORMATS[kind]
        ws.freeze_panes = "A2"
        for index, header in enumerate(headers, start=1):
            column = [str(header)] + [
                "2026-11-08 00:00" if isinstance(r[index - 1], datetime) else str(r[index - 1])
                for r in table
                if r[index - 1] is not None
            ]
            width = min(60, max(len(text) for text in column) + 2)
            ws.column_dimensions[get_column_letter(index)].width = width
    workbook.properties.creator = "samples/double11/generate.py"
    workbook.properties.created = datetime(2026, 1, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="workbook to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)

    data = build(args.seed)
    scenario = to_scenario(data)
    problems = check_references(scenario)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    write_workbook(data, args.out)
    print(
        f"{scenario.name}, seed {args.seed}: {len(scenario.agents)} agents, "
        f"{len(scenario.queues)} queues, {len(scenario.forecast)} forecast rows -> {args.out}"
    )
    report_balance(scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main())
