"""The input workbook's contract: sheets, columns, what each holds.

One definition serves the template writer, the workbook reader and the CSV-folder reader, so the
three cannot drift apart. Column names equal the domain model's field names where they map 1:1.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    INTEGER = "integer"
    DATE = "date"
    TIME = "time"
    DATETIME = "datetime"
    LIST = "list"  # comma-separated text, e.g. "PRE:4, POST"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool
    help: str
    example: object


@dataclass(frozen=True)
class Sheet:
    name: str
    help: str
    columns: tuple[Column, ...]
    key_value: bool = False

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


SETTINGS = Sheet(
    "Settings",
    "One setting per row: key in column A, value in column B.",
    (
        Column("scenario_name", Kind.TEXT, True, "Name shown on every output", "Double 11"),
        Column("start_date", Kind.DATE, True, "First day of the planning horizon", "2026-11-08"),
        Column("days", Kind.INTEGER, True, "Days in the horizon (1-62)", 7),
        Column("interval_minutes", Kind.INTEGER, True, "Interval length: 15 or 30", 30),
        Column(
            "weight_understaffing",
            Kind.NUMBER,
            False,
            "Points per understaffed agent-hour (default 1000)",
            1000,
        ),
        Column(
            "weight_overstaffing",
            Kind.NUMBER,
            False,
            "Points per overstaffed agent-hour (default 10)",
            10,
        ),
        Column("weight_cost", Kind.NUMBER, False, "Points per unit of wage cost (default 1)", 1),
        Column(
            "hiring_budget",
            Kind.NUMBER,
            False,
            "Most money the peak hiring plan spends on all VendorOffers together (blank: none)",
            "",
        ),
    ),
    key_value=True,
)

QUEUES = Sheet(
    "Queues",
    "One row per queue (skill). Service target: service_level of contacts answered within "
    "answer_time_s. Shrinkage is the share of paid time lost to unplanned absence, meetings "
    "and training (meals are scheduled explicitly and not part of it). The columns from "
    "method on are optional: they choose how the workload becomes agents, and each parameter "
    "applies to the methods its description names.",
    (
        Column("queue_id", Kind.TEXT, True, "Short unique code", "VOICE"),
        Column("name", Kind.TEXT, True, "Name for people", "Voice hotline"),
        Column("channel", Kind.TEXT, True, "voice, chat, email or other", "voice"),
        Column("service_level", Kind.NUMBER, True, "Share answered in time, 0-1 exclusive", 0.8),
        Column("answer_time_s", Kind.NUMBER, True, "Target answer time in seconds", 20),
        Column("max_occupancy", Kind.NUMBER, True, "Occupancy cap, 0-1", 0.9),
        Column("shrinkage", Kind.NUMBER, True, "Share of paid time off the queue, 0-1", 0.3),
        Column(
            "method",
            Kind.TEXT,
            False,
            "Staffing method: erlang_c, erlang_a, chat, deferred or productivity "
            "(blank: chat for channel chat, else erlang_c)",
            "erlang_c",
        ),
        Column("patience_s", Kind.NUMBER, False, "erlang_a: mean caller patience, seconds", None),
        Column(
            "concurrency",
            Kind.INTEGER,
            False,
            "chat: sessions one agent holds at once, 1 or more (blank: 1)",
            None,
        ),
        Column(
            "deadline_hours",
            Kind.NUMBER,
            False,
            "deferred: every item is handled within this many hours of arriving",
            None,
        ),
        Column(
            "items_per_agent_hour",
            Kind.NUMBER,
            False,
            "productivity: items one agent handles per hour (aht_s then optional)",
            None,
        ),
        Column(
            "bot_deflection",
            Kind.NUMBER,
            False,
            "Share of the volume answered by bots before agents, 0-1 (blank: 0)",
            None,
        ),
        Column(
            "asa_target_s",
            Kind.NUMBER,
            False,
            "erlang_c, erlang_a, chat: average speed of answer at most, seconds",
            None,
        ),
        Column(
            "abandon_target",
            Kind.NUMBER,
            False,
            "erlang_a: share of callers hanging up at most, 0-1 exclusive",
            None,
        ),
        Column(
            "opens",
            Kind.TIME,
            False,
            "Opening time HH:MM (blank: 00:00); while closed nothing is required or credited",
            None,
        ),
        Column(
            "closes",
            Kind.TIME,
            False,
            "Closing time HH:MM (blank: 24:00; at or before opens: the next day)",
            None,
        ),
    ),
)

FORECAST = Sheet(
    "Forecast",
    "Workload per queue and interval. Give volume and aht_s (staffed by the queue's method; "
    "aht_s may stay blank on productivity queues), or required_agents (a headcount curve from "
    "your forecasting tool, before shrinkage). Intervals not listed have no workload.",
    (
        Column("queue_id", Kind.TEXT, True, "A queue_id from Queues", "VOICE"),
        Column("interval_start", Kind.DATETIME, True, "Start of the interval", "2026-11-08 09:00"),
        Column("volume", Kind.NUMBER, False, "Contacts arriving in the interval", 120),
        Column("aht_s", Kind.NUMBER, False, "Average handle time in seconds", 300),
        Column("required_agents", Kind.NUMBER, False, "Agents needed, if known directly", None),
    ),
)

# Optional labor rules of a contract. A blank cell takes the value of the contract's preset
# (scheduler/presets/*.toml, each value citing its source); a rule with no value is off.
CONTRACT_RULE_COLUMNS: tuple[Column, ...] = (
    Column(
        "preset",
        Kind.TEXT,
        False,
        "Legal preset: custom, prc-standard, prc-comprehensive, prc-intern or eu-wtd "
        "(blank: custom); the columns below override it",
        "prc-standard",
    ),
    Column("min_shift_hours", Kind.NUMBER, False, "Shift length, start to end, at least", None),
    Column("max_shift_hours", Kind.NUMBER, False, "Shift length, start to end, at most", None),
    Column("max_paid_hours_day", Kind.NUMBER, False, "Paid hours per working day at most", None),
    Column("max_consecutive_days", Kind.INTEGER, False, "Consecutive working days at most", 6),
    Column(
        "min_consecutive_days_off",
        Kind.INTEGER,
        False,
        "Days off between two working stretches at least (2 = no single day off)",
        None,
    ),
    Column(
        "min_days_off_week", Kind.INTEGER, False, "Days off in each full 7-day week at least", None
    ),
    Column(
        "consecutive_days_off_week",
        Kind.INTEGER,
        False,
        "Each full week holds this many consecutive days off",
        None,
    ),
    Column(
        "weekly_rest_hours",
        Kind.NUMBER,
        False,
        "Continuous rest inside each full week at least, hours (EU: 35)",
        None,
    ),
    Column("night_start", Kind.TIME, False, "Night window start (blank: 22:00)", None),
    Column("night_end", Kind.TIME, False, "Night window end (blank: 06:00)", None),
    Column(
        "night_shift_min_hours",
        Kind.NUMBER,
        False,
        "Hours in the night window that make a shift a night shift (blank: 3)",
        None,
    ),
    Column("night_work", Kind.TEXT, False, "allowed or banned (blank: allowed)", None),
    Column(
        "holiday_work",
        Kind.TEXT,
        False,
        "allowed or banned: no shift starting on a Holidays date (blank: allowed)",
        None,
    ),
    Column("max_nights_week", Kind.INTEGER, False, "Night shifts per week at most", None),
    Column("max_consecutive_nights", Kind.INTEGER, False, "Consecutive night shifts at most", None),
    Column(
        "early_start_before",
        Kind.TIME,
        False,
        "A shift starting before this time is an early shift (blank: 08:00)",
        None,
    ),
    Column(
        "night_then_early",
        Kind.TEXT,
        False,
        "Early shift the day after a night shift: allowed, penalized or forbidden (blank: allowed)",
        None,
    ),
    Column(
        "night_then_early_penalty",
        Kind.NUMBER,
        False,
        "Points per night followed by an early shift, when penalized (blank: 100)",
        None,
    ),
    Column("max_weekends", Kind.INTEGER, False, "Working weekends in the horizon at most", None),
    Column("max_hours_month", Kind.NUMBER, False, "Paid hours per calendar month at most", None),
    Column(
        "max_average_hours_week",
        Kind.NUMBER,
        False,
        "Average paid hours per week over the reference period at most",
        None,
    ),
    Column(
        "reference_weeks",
        Kind.INTEGER,
        False,
        "Weeks per reference period of the average (blank: the whole horizon)",
        None,
    ),
    Column(
        "standard_hours_day",
        Kind.NUMBER,
        False,
        "Standard paid hours per day (overtime beyond)",
        None,
    ),
    Column(
        "standard_hours_week",
        Kind.NUMBER,
        False,
        "Standard paid hours per week (overtime beyond)",
        None,
    ),
    Column("max_overtime_day", Kind.NUMBER, False, "Overtime hours per day at most", None),
    Column("max_overtime_month", Kind.NUMBER, False, "Overtime hours per month at most", None),
    Column(
        "overtime_premium_weekday",
        Kind.NUMBER,
        False,
        "Pay multiplier of overtime on a working day (blank: 1.5, PRC Labor Law Art. 44)",
        None,
    ),
    Column(
        "overtime_premium_rest_day",
        Kind.NUMBER,
        False,
        "Pay multiplier of work on a rest day (blank: 2.0, PRC Labor Law Art. 44)",
        None,
    ),
    Column(
        "overtime_premium_holiday",
        Kind.NUMBER,
        False,
        "Pay multiplier of work on a public holiday (blank: 3.0, PRC Labor Law Art. 44)",
        None,
    ),
    Column(
        "max_start_spread_minutes",
        Kind.INTEGER,
        False,
        "Latest minus earliest shift start (clock time) within each week, at most",
        None,
    ),
    Column(
        "start_spread",
        Kind.TEXT,
        False,
        "hard (default) or soft: whether max_start_spread_minutes may be exceeded at a cost",
        None,
    ),
    Column(
        "start_spread_penalty",
        Kind.NUMBER,
        False,
        "Points per minute of start spread beyond the maximum, when soft (blank: 1)",
        None,
    ),
    Column(
        "fair_nights_penalty",
        Kind.NUMBER,
        False,
        "Points per night shift above the fair share of the people on this contract (soft)",
        None,
    ),
    Column(
        "fair_weekends_penalty",
        Kind.NUMBER,
        False,
        "Points per weekend worked above the fair share of the people on this contract (soft)",
        None,
    ),
    Column(
        "max_shifts_per_template",
        Kind.LIST,
        False,
        "Shift-demand planning: shifts of each template in the horizon at most, as "
        "shift_id:count (count 0: never that shift)",
        None,
    ),
    Column("min_hours_horizon", Kind.NUMBER, False, "Paid hours over the horizon at least", None),
    Column("max_hours_horizon", Kind.NUMBER, False, "Paid hours over the horizon at most", None),
    Column(
        "min_consecutive_days",
        Kind.INTEGER,
        False,
        "Consecutive working days at least; a run touching the horizon's first or last day is "
        "exempt (it continues one of the period before or after)",
        None,
    ),
    Column(
        "forbidden_successions",
        Kind.LIST,
        False,
        "Pairs earlier>next of shift_ids: the next shift may not be worked the day after the "
        "earlier one",
        None,
    ),
)

CONTRACTS = Sheet(
    "Contracts",
    "Working-time rules per contract type.",
    (
        Column("contract_id", Kind.TEXT, True, "Short unique code", "FT"),
        Column("name", Kind.TEXT, True, "Name for people", "Full time 40h"),
        Column("min_hours_week", Kind.NUMBER, True, "Paid hours per week at least", 32),
        Column("max_hours_week", Kind.NUMBER, True, "Paid hours per week at most", 40),
        Column("max_days_week", Kind.INTEGER, True, "Working days per week at most", 5),
        Column("min_rest_hours", Kind.NUMBER, True, "Rest between two shifts at least", 11),
        Column("allowed_shifts", Kind.LIST, False, "shift_ids allowed; blank = all", "DAY, LATE"),
        *CONTRACT_RULE_COLUMNS,
    ),
)

SHIFTS = Sheet(
    "Shifts",
    "Shift templates: a shift may start at any step from earliest_start to latest_start and "
    "lasts paid_hours plus an unpaid meal. The meal starts between meal_after_min_hours and "
    "meal_after_max_hours into the shift (blank: the middle of the shift). Paid short breaks of "
    "break_minutes start within 30 minutes of each break_every_hours mark from the start; a "
    "mark whose window meets the meal's window is served by the meal.",
    (
        Column("shift_id", Kind.TEXT, True, "Short unique code", "DAY"),
        Column("name", Kind.TEXT, True, "Name for people", "Day 8h"),
        Column("earliest_start", Kind.TIME, True, "Earliest start, HH:MM", "08:00"),
        Column("latest_start", Kind.TIME, True, "Latest start, HH:MM", "11:00"),
        Column("start_step_minutes", Kind.INTEGER, True, "Minutes between starts", 30),
        Column("paid_hours", Kind.NUMBER, True, "Paid working hours", 8),
        Column("meal_minutes", Kind.INTEGER, True, "Unpaid meal break minutes (0 = none)", 60),
        Column("meal_after_min_hours", Kind.NUMBER, False, "Meal starts at the earliest", 3),
        Column("meal_after_max_hours", Kind.NUMBER, False, "Meal starts at the latest", 5),
        Column(
            "break_minutes",
            Kind.INTEGER,
            False,
            "Paid short break minutes, a multiple of the interval (blank: no breaks)",
            None,
        ),
        Column(
            "break_every_hours",
            Kind.NUMBER,
            False,
            "A short break around every this many hours from the start",
            None,
        ),
    ),
)

AGENTS = Sheet(
    "Agents",
    "One row per person (or vendor slot). skills: queue_ids with an optional proficiency 1-5 "
    "(5 = expert, default 3), e.g. 'VOICE:5, CHAT:2'.",
    (
        Column("agent_id", Kind.TEXT, True, "Unique id", "E001"),
        Column("name", Kind.TEXT, True, "Full name", "Li Na"),
        Column("team", Kind.TEXT, False, "Team or supervisor group", "Team A"),
        Column(
            "source",
            Kind.TEXT,
            False,
            "employee, temp, intern, vendor, reinforcement or crowd",
            "employee",
        ),
        Column("vendor", Kind.TEXT, False, "Vendor name for temps and vendor staff", ""),
        Column("contract_id", Kind.TEXT, True, "A contract_id from Contracts", "FT"),
        Column("skills", Kind.LIST, True, "Queues with proficiency", "VOICE:5, CHAT:2"),
        Column("cost_per_hour", Kind.NUMBER, False, "Wage cost per paid hour", 35),
    ),
)

TIME_OFF = Sheet(
    "TimeOff",
    "Approved leave: whole days from first_day to last_day inclusive.",
    (
        Column("agent_id", Kind.TEXT, True, "An agent_id from Agents", "E001"),
        Column("first_day", Kind.DATE, True, "First day off", "2026-11-09"),
        Column("last_day", Kind.DATE, True, "Last day off", "2026-11-09"),
        Column("reason", Kind.TEXT, False, "Free text", "annual leave"),
    ),
)

AVAILABILITY = Sheet(
    "Availability",
    "Limits when an agent can work: on that weekday (mon-sun) or date, shifts must lie inside "
    "the window (available_to at or before available_from ends the next day). Agents without "
    "rows are available at any time; an agent with rows works only on the days and inside the "
    "windows listed; a dated row overrides the weekday rows for that date.",
    (
        Column("agent_id", Kind.TEXT, True, "An agent_id from Agents", "I001"),
        Column("day", Kind.TEXT, True, "mon-sun or a date", "mon"),
        Column("available_from", Kind.TIME, True, "Window start, HH:MM", "13:00"),
        Column("available_to", Kind.TIME, True, "Window end, HH:MM", "22:00"),
    ),
)

FIXED_SHIFTS = Sheet(
    "FixedShifts",
    "Pinned shifts: the agent works exactly this shift on that date (end at or before start "
    "ends the next day). It must be a shift of the Shifts sheet: a start the template allows "
    "and its length, meal included.",
    (
        Column("agent_id", Kind.TEXT, True, "An agent_id from Agents", "E001"),
        Column("date", Kind.DATE, True, "The day the shift starts on", "2026-11-11"),
        Column("start", Kind.TIME, True, "Shift start, HH:MM", "00:00"),
        Column("end", Kind.TIME, True, "Shift end, HH:MM", "09:00"),
    ),
)

HOLIDAYS = Sheet(
    "Holidays",
    "Public holidays: paid hours of shifts starting on them earn the contract's holiday "
    "premium (overtime_premium_holiday, PRC Labor Law Art. 44: 300%).",
    (
        Column("date", Kind.DATE, True, "The holiday", "2026-10-01"),
        Column("name", Kind.TEXT, False, "Name for people", "National Day"),
    ),
)

VENDOR_OFFERS = Sheet(
    "VendorOffers",
    "Optional, for the peak hiring plan: per labor source and skill bundle (one or two queues the "
    "people are trained on), how many people it can supply, at what cost and on what terms. "
    "source: vendor (labor-outsourcing temps), reinforcement (staff lent by other departments "
    "for a few hours a day, outside their home shifts) or crowd (remote crowd agents). An order "
    "is either nothing or at least min_headcount people. Nobody works before the horizon's "
    "start plus ramp_up_days; at most daily_cap of the offer's people work on one day; each "
    "works at most max_hours_day paid hours a day, inside window_from-window_to. The minimum "
    "shift length is the contract's min_shift_hours.",
    (
        Column("vendor", Kind.TEXT, True, "Vendor name", "Vendor A"),
        Column("bundle", Kind.LIST, True, "One or two queue_ids the temps learn", "PRE"),
        Column("contract_id", Kind.TEXT, True, "The temps' contract, from Contracts", "TEMP"),
        Column("max_headcount", Kind.INTEGER, True, "Most temps the vendor supplies", 20),
        Column("min_headcount", Kind.INTEGER, False, "Smallest order (default 0)", 5),
        Column("cost_per_hour", Kind.NUMBER, True, "Cost per paid hour of a temp", 32),
        Column("fixed_cost_per_hire", Kind.NUMBER, False, "Cost per temp ordered (training)", 200),
        Column("proficiency", Kind.INTEGER, False, "Skill level 1-5 of the temps (default 2)", 2),
        Column("source", Kind.TEXT, False, "vendor, reinforcement or crowd (default vendor)", ""),
        Column("ramp_up_days", Kind.INTEGER, False, "Training days before the first shift", 0),
        Column("daily_cap", Kind.INTEGER, False, "Most of its people at work per day", ""),
        Column("max_hours_day", Kind.NUMBER, False, "Most paid hours per person and day", ""),
        Column("window_from", Kind.TIME, False, "Daily window start, HH:MM", ""),
        Column("window_to", Kind.TIME, False, "Daily window end, HH:MM", ""),
    ),
)

RESERVE_POLICY = Sheet(
    "ReservePolicy",
    "Optional, one row: the standby reserve. It covers forecast x (1 + margin), or the quantile "
    "of a normal forecast error when forecast_error and quantile are given. Standby is paid "
    "standby_pay_share of the hourly cost; watch, reserves and emergency are crisis-quotient "
    "alert levels (workload / capacity).",
    (
        Column("margin", Kind.NUMBER, False, "Volume above forecast to cover (default 0.2)", 0.2),
        Column("forecast_error", Kind.NUMBER, False, "Relative std dev of the forecast", ""),
        Column("quantile", Kind.NUMBER, False, "Quantile of the error to cover, e.g. 0.9", ""),
        Column("standby_pay_share", Kind.NUMBER, False, "Share of hourly cost paid on call", 0.3),
        Column("lead_time_minutes", Kind.INTEGER, False, "Call-in lead time (default 60)", 60),
        Column(
            "sources", Kind.LIST, False, "Who may stand by (default employee, temp, vendor)", ""
        ),
        Column("watch", Kind.NUMBER, False, "CQ of the watch level (default 1.0)", 1.0),
        Column("reserves", Kind.NUMBER, False, "CQ calling the reserve (default 1.2)", 1.2),
        Column("emergency", Kind.NUMBER, False, "CQ calling everyone (default 1.5)", 1.5),
    ),
)

SHIFT_DEMAND = Sheet(
    "ShiftDemand",
    "Optional: demand as heads per shift and day (back office, retail, wards), beside or instead "
    "of the Forecast. A person counts for the shift template they start on that date. Each "
    "person missing costs under_weight points, each one beyond over_weight.",
    (
        Column("date", Kind.DATE, True, "The day the shifts start on", "2026-11-09"),
        Column("shift_id", Kind.TEXT, True, "A shift_id from Shifts", "DAY"),
        Column("required", Kind.INTEGER, True, "People wanted on this shift", 5),
        Column("under_weight", Kind.NUMBER, False, "Points per person missing (default 100)", 100),
        Column("over_weight", Kind.NUMBER, False, "Points per person beyond (default 1)", 1),
    ),
)

SHIFT_REQUESTS = Sheet(
    "ShiftRequests",
    "Optional: people's wishes to work (wanted yes) or not to work (wanted no) a shift on a "
    "date; a wish not granted costs its weight in points.",
    (
        Column("agent_id", Kind.TEXT, True, "An agent_id from Agents", "E001"),
        Column("date", Kind.DATE, True, "The day the shift starts on", "2026-11-10"),
        Column("shift_id", Kind.TEXT, True, "A shift_id from Shifts", "DAY"),
        Column("wanted", Kind.TEXT, True, "yes: wants to work it; no: wants it off", "no"),
        Column("weight", Kind.NUMBER, True, "Points when the wish is not granted", 2),
    ),
)

SHEETS: tuple[Sheet, ...] = (
    SETTINGS,
    QUEUES,
    FORECAST,
    CONTRACTS,
    SHIFTS,
    AGENTS,
    TIME_OFF,
    AVAILABILITY,
    FIXED_SHIFTS,
    HOLIDAYS,
    VENDOR_OFFERS,
    RESERVE_POLICY,
    SHIFT_DEMAND,
    SHIFT_REQUESTS,
)
REQUIRED_SHEETS = ("Settings", "Queues", "Forecast", "Contracts", "Shifts", "Agents")
