"""The validated domain model: what a scenario is, independent of where it was read from.

Times run on one continuous axis of slots from the horizon's first midnight, so a shift that
crosses midnight is an ordinary interval of slots. A shift belongs to the day it starts on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, model_validator
from pydantic_core import core_schema

from scheduler.presets import Preset, load_preset

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Channel(StrEnum):
    VOICE = "voice"
    CHAT = "chat"
    EMAIL = "email"
    OTHER = "other"


class Source(StrEnum):
    EMPLOYEE = "employee"
    TEMP = "temp"
    INTERN = "intern"
    VENDOR = "vendor"
    REINFORCEMENT = "reinforcement"  # staff lent by other departments for a few hours a day
    CROWD = "crowd"  # remote crowd agents, booked by the shift


class Horizon(_Frozen):
    start_date: date
    days: int = Field(ge=1, le=62)
    interval_minutes: Literal[15, 30]

    @property
    def slots_per_day(self) -> int:
        return 24 * 60 // self.interval_minutes

    @property
    def num_slots(self) -> int:
        return self.days * self.slots_per_day

    @property
    def slot_hours(self) -> float:
        return self.interval_minutes / 60

    @property
    def start(self) -> datetime:
        return datetime.combine(self.start_date, time(0, 0))

    def slot_start(self, slot: int) -> datetime:
        return self.start + timedelta(minutes=slot * self.interval_minutes)

    def day_date(self, day: int) -> date:
        return self.start_date + timedelta(days=day)

    def day_index(self, when: date) -> int | None:
        index = (when - self.start_date).days
        return index if 0 <= index < self.days else None

    def slot_of(self, when: datetime) -> int | None:
        """The slot starting exactly at `when`, or None when off the grid or outside the horizon."""
        minutes, seconds = divmod((when - self.start).total_seconds(), 60)
        if seconds or minutes % self.interval_minutes:
            return None
        slot = int(minutes) // self.interval_minutes
        return slot if 0 <= slot < self.num_slots else None

    def week_of_day(self, day: int) -> int:
        return day // 7

    @property
    def num_weeks(self) -> int:
        return (self.days + 6) // 7

    def days_in_week(self, week: int) -> range:
        return range(7 * week, min(7 * week + 7, self.days))


class StaffingMethod(StrEnum):
    """How a queue's workload becomes agents; README "Staffing methods" explains each."""

    ERLANG_C = "erlang_c"
    ERLANG_A = "erlang_a"
    CHAT = "chat"
    DEFERRED = "deferred"
    PRODUCTIVITY = "productivity"


# Per method: the queue parameters it needs, then those it may use. Any other parameter filled in
# is an error rather than silently ignored: a patience on an Erlang C queue means the user
# believes abandonment is modelled when it is not.
_METHOD_PARAMETERS: dict[StaffingMethod, tuple[tuple[str, ...], tuple[str, ...]]] = {
    StaffingMethod.ERLANG_C: ((), ("asa_target_s",)),
    StaffingMethod.ERLANG_A: (("patience_s",), ("abandon_target", "asa_target_s")),
    StaffingMethod.CHAT: ((), ("concurrency", "asa_target_s")),
    StaffingMethod.DEFERRED: (("deadline_hours",), ()),
    StaffingMethod.PRODUCTIVITY: (("items_per_agent_hour",), ()),
}
_QUEUE_PARAMETERS = tuple(
    dict.fromkeys(name for pair in _METHOD_PARAMETERS.values() for names in pair for name in names)
)
_PARAMETER_WORDS = {
    "patience_s": "the mean time in seconds a caller waits before hanging up",
    "deadline_hours": "the hours within which each item must be handled",
    "items_per_agent_hour": "the items one agent handles per hour",
}


class Queue(_Frozen):
    """A queue (skill) and how it is staffed; every time is in seconds except deadline_hours."""

    queue_id: str = Field(min_length=1)
    name: str
    channel: Channel
    service_level: float = Field(gt=0, lt=1)
    answer_time_s: float = Field(gt=0)
    max_occupancy: float = Field(gt=0, le=1)
    shrinkage: float = Field(ge=0, lt=1)
    method: StaffingMethod | None = None  # None: chat for channel chat, else erlang_c
    patience_s: float | None = Field(default=None, gt=0)
    concurrency: int | None = Field(default=None, ge=1)  # chat sessions per agent; None = 1
    deadline_hours: float | None = Field(default=None, gt=0)
    items_per_agent_hour: float | None = Field(default=None, gt=0)
    bot_deflection: float = Field(default=0, ge=0, le=1)  # share of volume bots handle
    asa_target_s: float | None = Field(default=None, gt=0)
    abandon_target: float | None = Field(default=None, gt=0, lt=1)
    opens: time | None = None  # opening hours; blank opens = 00:00, blank closes = 24:00
    closes: time | None = None  # at or before opens: the queue closes the next day

    def is_open(self, minute_of_day: int) -> bool:
        """Whether the queue is open during the minute starting `minute_of_day` (0-1439)."""
        low = 0 if self.opens is None else self.opens.hour * 60 + self.opens.minute
        high = 24 * 60 if self.closes is None else self.closes.hour * 60 + self.closes.minute
        if high > low:
            return low <= minute_of_day < high
        return minute_of_day >= low or minute_of_day < high

    @property
    def staffing_method(self) -> StaffingMethod:
        if self.method is not None:
            return self.method
        return StaffingMethod.CHAT if self.channel is Channel.CHAT else StaffingMethod.ERLANG_C

    @model_validator(mode="after")
    def _method_parameters(self) -> Queue:
        method = self.staffing_method
        needs, uses = _METHOD_PARAMETERS[method]
        for name in needs:
            if getattr(self, name) is None:
                raise ValueError(f"{method} staffing needs {name}, {_PARAMETER_WORDS[name]}")
        for name in _QUEUE_PARAMETERS:
            if name not in needs + uses and getattr(self, name) is not None:
                users = ", ".join(m for m, (n, u) in _METHOD_PARAMETERS.items() if name in n + u)
                raise ValueError(
                    f"{name} is used only by {users} staffing, and this queue is staffed by "
                    f"{method}: clear it, or staff the queue by one of those"
                )
        return self


class ForecastPoint(_Frozen):
    """Workload of one queue in one interval: volume and handle time, or a headcount directly."""

    queue_id: str
    interval_start: datetime
    volume: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    aht_s: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    required_agents: float | None = Field(default=None, ge=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _one_form(self) -> ForecastPoint:
        has_volume = self.volume is not None or self.aht_s is not None
        if has_volume and self.required_agents is not None:
            raise ValueError("give either volume and aht_s, or required_agents, not both")
        # aht_s may be blank beside a volume only on a productivity queue, where a rate per
        # agent replaces the handle time; the reader and the staffing step check the queue.
        if self.required_agents is None and self.volume is None:
            raise ValueError("give volume and aht_s together, or required_agents")
        return self


def _blank_as_nan(value: float | None) -> float:
    return np.nan if value is None else value


def _nan_as_blank(value: float) -> float | None:
    return None if value != value else value  # NaN is the only value unequal to itself


@dataclass(frozen=True, eq=False)
class Forecast:
    """The scenario's forecast as columns, one entry per point, checked as ForecastPoint checks
    a point: the staffing step reads two weeks of 15-minute points of many queues as arrays,
    without a Python object per point. ``points`` (and iterating) gives the rows as ForecastPoint.

    queues: the distinct queue ids; queue: each point's index into ``queues``.
    interval_start: datetime64[us]. volume, aht_s, required_agents: NaN where blank.
    The arrays are copied on construction and read-only, as the rest of the domain is frozen.
    """

    queues: tuple[str, ...]
    queue: npt.NDArray[np.int64]
    interval_start: npt.NDArray[np.datetime64]
    volume: npt.NDArray[np.float64]
    aht_s: npt.NDArray[np.float64]
    required_agents: npt.NDArray[np.float64]

    def __post_init__(self) -> None:
        columns = {
            "queue": np.array(self.queue, dtype=np.int64),
            "interval_start": np.array(self.interval_start, dtype="datetime64[us]"),
            "volume": np.array(self.volume, dtype=np.float64),
            "aht_s": np.array(self.aht_s, dtype=np.float64),
            "required_agents": np.array(self.required_agents, dtype=np.float64),
        }
        for name, column in columns.items():
            if column.shape != columns["queue"].shape or column.ndim != 1:
                raise ValueError(f"forecast column {name} needs one entry per point")
            column.flags.writeable = False
            object.__setattr__(self, name, column)
        object.__setattr__(self, "queues", tuple(self.queues))
        self._check()

    def _check(self) -> None:
        volume, aht, headcount = self.volume, self.aht_s, self.required_agents
        given_volume = ~np.isnan(volume)
        given_aht = ~np.isnan(aht)
        given_headcount = ~np.isnan(headcount)
        # The same rules, in the same order, as ForecastPoint's field and form checks.
        rules = (
            ((self.queue < 0) | (self.queue >= len(self.queues)), "names no queue of `queues`"),
            (np.isnat(self.interval_start), "needs interval_start"),
            (
                given_volume & ~(np.isfinite(volume) & (volume >= 0)),
                "volume must be a finite number >= 0",
            ),
            (given_aht & ~(np.isfinite(aht) & (aht > 0)), "aht_s must be a finite number > 0"),
            (
                given_headcount & ~(np.isfinite(headcount) & (headcount >= 0)),
                "required_agents must be a finite number >= 0",
            ),
            (
                (given_volume | given_aht) & given_headcount,
                "give either volume and aht_s, or required_agents, not both",
            ),
            (
                ~given_headcount & ~given_volume,
                "give volume and aht_s together, or required_agents",
            ),
        )
        for broken, words in rules:
            if broken.any():
                row = int(np.argmax(broken))
                raise ValueError(f"forecast point {row} ({self._where(row)}): {words}")

    def _where(self, row: int) -> str:
        code = int(self.queue[row])
        queue = self.queues[code] if 0 <= code < len(self.queues) else f"queue #{code}"
        return f"{queue} at {self.interval_start[row]}"

    @classmethod
    def from_points(cls, points: Iterable[ForecastPoint]) -> Forecast:
        points = tuple(points)
        codes: dict[str, int] = {}
        queue = np.array([codes.setdefault(p.queue_id, len(codes)) for p in points], dtype=np.int64)
        return cls(
            queues=tuple(codes),
            queue=queue,
            interval_start=np.array([p.interval_start for p in points], dtype="datetime64[us]"),
            volume=np.array([_blank_as_nan(p.volume) for p in points], dtype=np.float64),
            aht_s=np.array([_blank_as_nan(p.aht_s) for p in points], dtype=np.float64),
            required_agents=np.array(
                [_blank_as_nan(p.required_agents) for p in points], dtype=np.float64
            ),
        )

    @cached_property
    def points(self) -> tuple[ForecastPoint, ...]:
        """The rows, for consumers that want one object per point."""
        queue_ids = [self.queues[code] for code in self.queue.tolist()]
        # Checked as columns already: constructing skips checking each point again.
        return tuple(
            ForecastPoint.model_construct(
                queue_id=queue_id,
                interval_start=start,
                volume=_nan_as_blank(volume),
                aht_s=_nan_as_blank(aht),
                required_agents=_nan_as_blank(headcount),
            )
            for queue_id, start, volume, aht, headcount in zip(
                queue_ids,
                self.interval_start.tolist(),
                self.volume.tolist(),
                self.aht_s.tolist(),
                self.required_agents.tolist(),
                strict=True,
            )
        )

    def __len__(self) -> int:
        return len(self.queue)

    def __iter__(self) -> Iterator[ForecastPoint]:
        return iter(self.points)

    def __getitem__(self, row: int) -> ForecastPoint:
        return self.points[row]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Forecast):
            return NotImplemented
        return self.points == other.points

    def __hash__(self) -> int:
        return hash(self.points)

    def __repr__(self) -> str:
        return f"Forecast({len(self)} points of {len(self.queues)} queues)"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # A Scenario accepts a Forecast, or the points (or their dicts) one by one.
        return core_schema.no_info_plain_validator_function(
            cls._coerce,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda forecast: [point.model_dump() for point in forecast.points]
            ),
        )

    @classmethod
    def _coerce(cls, value: object) -> Forecast:
        if isinstance(value, Forecast):
            return value
        if isinstance(value, list | tuple):
            return cls.from_points(
                item if isinstance(item, ForecastPoint) else ForecastPoint.model_validate(item)
                for item in value
            )
        raise ValueError("forecast must be a Forecast or a sequence of forecast points")


class Contract(_Frozen):
    contract_id: str = Field(min_length=1)
    name: str
    min_hours_week: float = Field(ge=0, le=168)
    max_hours_week: float = Field(gt=0, le=168)
    max_days_week: int = Field(ge=1, le=7)
    min_rest_hours: float = Field(ge=0, le=48)
    allowed_shifts: tuple[str, ...] = ()
    # The labor rules below are optional. A blank takes the value of the contract's preset
    # (scheduler/presets/), and a rule without a value is off; rules.py says what each means.
    preset: Preset = Preset.CUSTOM
    min_shift_hours: float | None = Field(default=None, gt=0, le=24)
    max_shift_hours: float | None = Field(default=None, gt=0, le=24)
    max_paid_hours_day: float | None = Field(default=None, gt=0, le=24)
    max_consecutive_days: int | None = Field(default=None, ge=1, le=62)
    min_consecutive_days_off: int | None = Field(default=None, ge=1, le=7)
    min_days_off_week: int | None = Field(default=None, ge=1, le=7)
    consecutive_days_off_week: int | None = Field(default=None, ge=1, le=7)
    weekly_rest_hours: float | None = Field(default=None, gt=0, le=168)
    night_start: time = time(22)
    night_end: time = time(6)
    night_shift_min_hours: float = Field(default=3, gt=0, le=24)
    night_work: Literal["allowed", "banned"] = "allowed"
    holiday_work: Literal["allowed", "banned"] = "allowed"  # banned: no shift on a Holidays date
    max_nights_week: int | None = Field(default=None, ge=0, le=7)
    max_consecutive_nights: int | None = Field(default=None, ge=1, le=62)
    early_start_before: time = time(8)
    night_then_early: Literal["allowed", "penalized", "forbidden"] = "allowed"
    night_then_early_penalty: float = Field(default=100, ge=0)
    max_weekends: int | None = Field(default=None, ge=0, le=9)
    max_hours_month: float | None = Field(default=None, gt=0, le=744)
    max_average_hours_week: float | None = Field(default=None, gt=0, le=168)
    reference_weeks: int | None = Field(default=None, ge=1, le=9)
    standard_hours_day: float | None = Field(default=None, gt=0, le=24)
    standard_hours_week: float | None = Field(default=None, gt=0, le=168)
    max_overtime_day: float | None = Field(default=None, ge=0, le=24)
    max_overtime_month: float | None = Field(default=None, ge=0, le=744)
    # Overtime premiums as multipliers of the hourly cost (PRC Labor Law Art. 44: 150% on a
    # working day, 200% on a rest day, 300% on a public holiday); rules.overtime_categories.
    overtime_premium_weekday: float = Field(default=1.5, ge=1, le=10)
    overtime_premium_rest_day: float = Field(default=2.0, ge=1, le=10)
    overtime_premium_holiday: float = Field(default=3.0, ge=1, le=10)
    # Start-time consistency: latest minus earliest start (clock time) within each week.
    max_start_spread_minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    start_spread: Literal["hard", "soft"] = "hard"
    start_spread_penalty: float = Field(default=1, ge=0)  # soft: points per minute beyond
    # Fairness (soft): points per night shift / weekend worked above the fair share.
    fair_nights_penalty: float | None = Field(default=None, ge=0)
    fair_weekends_penalty: float | None = Field(default=None, ge=0)
    # Shift-demand planning (back office, retail, ward rosters): limits over the whole horizon.
    max_shifts_per_template: tuple[tuple[str, int], ...] = ()  # (shift_id, most shifts of it)
    min_hours_horizon: float | None = Field(default=None, ge=0)
    max_hours_horizon: float | None = Field(default=None, gt=0)
    # Working days in a row at least this many; a run touching the horizon's edge is exempt
    # because it continues a run of the previous or next period.
    min_consecutive_days: int | None = Field(default=None, ge=1, le=62)
    # (earlier shift_id, shift_id that may not be worked the next day), e.g. ("LATE", "EARLY").
    forbidden_successions: tuple[tuple[str, str], ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _fill_from_preset(cls, data: object) -> object:
        """Blank rule columns take the preset's values; the contract's own values win."""
        if not isinstance(data, dict) or data.get("preset") not in set(Preset):
            return data  # an unknown preset is reported by the field's own validation
        filled = dict(data)
        for name, value in load_preset(Preset(data["preset"])).as_dict().items():
            if filled.get(name) is None:
                filled[name] = value
        return filled

    @model_validator(mode="after")
    def _hours_ordered(self) -> Contract:
        if self.min_hours_week > self.max_hours_week:
            raise ValueError("min_hours_week must not exceed max_hours_week")
        if (self.min_shift_hours or 0) > (self.max_shift_hours or 24):
            raise ValueError("min_shift_hours must not exceed max_shift_hours")
        if self.max_overtime_day is not None and self.standard_hours_day is None:
            raise ValueError("max_overtime_day needs standard_hours_day to count overtime from")
        standards = (self.standard_hours_day, self.standard_hours_week)
        if self.max_overtime_month is not None and standards == (None, None):
            raise ValueError("max_overtime_month needs standard_hours_day or standard_hours_week")
        return self

    @property
    def leave_credit_hours(self) -> float:
        """Hours one day of approved leave counts towards the weekly minimum."""
        return self.min_hours_week / self.max_days_week


# A short break starts within this many minutes of its mark (README "Shifts").
BREAK_TOLERANCE_MINUTES = 30


class ShiftTemplate(_Frozen):
    """A family of shifts: every start from earliest to latest in steps, one paid length.

    Pauses: one unpaid meal, and with `break_minutes` a paid short break around each
    `break_every_hours` mark from the start; `scheduler.roster.options.pause_windows` says where.
    """

    shift_id: str = Field(min_length=1)
    name: str
    earliest_start: time
    latest_start: time
    start_step_minutes: int = Field(gt=0, le=24 * 60)
    paid_hours: float = Field(gt=0, le=24)
    meal_minutes: int = Field(ge=0, le=180)
    meal_after_min_hours: float | None = Field(default=None, ge=0)
    meal_after_max_hours: float | None = Field(default=None, ge=0)
    break_minutes: int = Field(default=0, ge=0, le=60)  # paid; 0 = no short breaks
    break_every_hours: float | None = Field(default=None, gt=0, le=24)

    @model_validator(mode="after")
    def _consistent(self) -> ShiftTemplate:
        if self.latest_start < self.earliest_start:
            raise ValueError("latest_start must not be before earliest_start")
        if self.span_minutes > 24 * 60:
            raise ValueError("paid_hours plus meal_minutes must not exceed 24 hours")
        window = (self.meal_after_min_hours, self.meal_after_max_hours)
        if (window[0] is None) != (window[1] is None):
            raise ValueError("give both meal window bounds or neither")
        if window[0] is not None and window[1] is not None:
            if window[0] > window[1]:
                raise ValueError("meal_after_min_hours must not exceed meal_after_max_hours")
            if window[1] * 60 + self.meal_minutes > self.span_minutes:
                raise ValueError("the meal window must end inside the shift")
        self._breaks_consistent()
        return self

    def _breaks_consistent(self) -> None:
        if (self.break_minutes > 0) != (self.break_every_hours is not None):
            raise ValueError("give break_minutes and break_every_hours together, or neither")
        if self.break_every_hours is None:
            return
        # Windows of neighbouring marks must not overlap, so each break is placed on its own.
        least = 2 * BREAK_TOLERANCE_MINUTES + self.break_minutes
        if self.break_every_hours * 60 < least:
            raise ValueError(
                f"break_every_hours must be at least {least / 60:g} h with {self.break_minutes}-"
                f"minute breaks: each break starts within {BREAK_TOLERANCE_MINUTES} minutes of "
                "its mark and neighbouring breaks may not overlap"
            )

    @property
    def paid_minutes(self) -> int:
        return round(self.paid_hours * 60)

    @property
    def span_minutes(self) -> int:
        return self.paid_minutes + self.meal_minutes


class Skill(_Frozen):
    queue_id: str
    proficiency: int = Field(default=3, ge=1, le=5)


class Agent(_Frozen):
    agent_id: str = Field(min_length=1)
    name: str
    team: str = ""
    source: Source = Source.EMPLOYEE
    vendor: str = ""
    contract_id: str
    skills: tuple[Skill, ...] = Field(min_length=1)
    cost_per_hour: float = Field(default=0, ge=0)

    @property
    def queue_ids(self) -> tuple[str, ...]:
        return tuple(skill.queue_id for skill in self.skills)

    @property
    def primary_queue_id(self) -> str:
        """The most proficient skill: where unassigned work time counts."""
        return max(self.skills, key=lambda skill: skill.proficiency).queue_id


class TimeOff(_Frozen):
    agent_id: str
    first_day: date
    last_day: date
    reason: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> TimeOff:
        if self.last_day < self.first_day:
            raise ValueError("last_day must not be before first_day")
        return self

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


class Availability(_Frozen):
    """On a weekday or a date, the agent works only inside [available_from, available_to].

    `available_to` at or before `available_from` means the window ends the next day.
    A dated row overrides the weekday rows for that date.
    """

    agent_id: str
    day: date | Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    available_from: time
    available_to: time

    def window_minutes(self) -> tuple[int, int]:
        start = self.available_from.hour * 60 + self.available_from.minute
        end = self.available_to.hour * 60 + self.available_to.minute
        return start, end if end > start else end + 24 * 60


class FixedShift(_Frozen):
    """A pinned shift: the agent works exactly this shift on `date` (`end` at or before `start`
    ends the next day). The reader checks it matches a shift of the Shifts sheet."""

    agent_id: str
    date: date
    start: time
    end: time

    def span_minutes(self) -> tuple[int, int]:
        """(start, end) in minutes from the date's midnight."""
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return start, end if end > start else end + 24 * 60


class Holiday(_Frozen):
    """A public holiday: work on it earns the contract's holiday premium (PRC Art. 44: 300%)."""

    date: date
    name: str = ""


class ShiftDemand(_Frozen):
    """Shift-demand mode: how many people should work `shift_id` on `date`, whatever queue.

    Beside (or instead of) the per-interval forecast: many back offices plan in heads per shift.
    Each person missing costs `under_weight` objective points, each one beyond `over_weight`.
    """

    date: date
    shift_id: str = Field(min_length=1)
    required: int = Field(ge=0)
    under_weight: float = Field(default=100, ge=0)
    over_weight: float = Field(default=1, ge=0)


class ShiftRequest(_Frozen):
    """An agent's wish to work (`wanted`) or not to work a shift on a date; a miss costs
    `weight` objective points."""

    agent_id: str = Field(min_length=1)
    date: date
    shift_id: str = Field(min_length=1)
    wanted: bool
    weight: float = Field(gt=0)


class VendorOffer(_Frozen):
    """What one labor source offers for one skill bundle: up to `max_headcount` people trained on
    one or two queues, at `cost_per_hour` plus `fixed_cost_per_hire`, under `contract_id`. An
    order of this offer is either nothing or at least `min_headcount` people (the minimum).

    `source` says who they are: vendor temps, staff lent by other departments
    (reinforcement) or remote crowd agents. Each offer has its own terms (README "Peak hiring"):
    `ramp_up_days` of training from the horizon's start before the first shift, `daily_cap`
    people of the offer on duty per day at most, `max_hours_day` paid hours per person and day
    and a daily window `window_from`-`window_to` (reinforcement: outside their home shifts).
    The minimum shift length is the contract's `min_shift_hours`."""

    vendor: str = Field(min_length=1)
    bundle: tuple[str, ...] = Field(min_length=1, max_length=2)  # queue_ids the temps learn
    contract_id: str
    max_headcount: int = Field(ge=1, le=999)
    min_headcount: int = Field(default=0, ge=0)
    cost_per_hour: float = Field(ge=0)
    fixed_cost_per_hire: float = Field(default=0, ge=0)
    proficiency: int = Field(default=2, ge=1, le=5)
    source: Literal[Source.VENDOR, Source.REINFORCEMENT, Source.CROWD] = Source.VENDOR
    ramp_up_days: int = Field(default=0, ge=0, le=62)
    daily_cap: int | None = Field(default=None, ge=1)
    max_hours_day: float | None = Field(default=None, gt=0, le=24)
    window_from: time | None = None
    window_to: time | None = None  # at or before window_from: the window ends the next day

    @model_validator(mode="after")
    def _headcounts_ordered(self) -> VendorOffer:
        if self.min_headcount > self.max_headcount:
            raise ValueError("min_headcount must not exceed max_headcount")
        if len(set(self.bundle)) != len(self.bundle):
            raise ValueError("a bundle names each queue once")
        if (self.window_from is None) != (self.window_to is None):
            raise ValueError("give window_from and window_to together, or neither")
        return self

    @property
    def bundle_label(self) -> str:
        return "+".join(self.bundle)


class HirePool(_Frozen):
    """Candidate people of one offer as the roster optimizer sees them (scheduler.peak.terms):
    a person with any shift is hired and costs `fixed_cost_per_hire` once; at most `daily_cap`
    of them work shifts starting on one day. `cost_per_hour` is the offer's own rate, which the
    hiring budget counts (the agents' rate may carry a planning premium)."""

    agent_ids: tuple[str, ...] = Field(min_length=1)
    cost_per_hour: float = Field(ge=0)
    fixed_cost_per_hire: float = Field(default=0, ge=0)
    daily_cap: int | None = Field(default=None, ge=1)


class ReservePolicy(_Frozen):
    """How large a standby reserve to keep and who may stand by (README "Reserve pools").

    The upper scenario is forecast x (1 + margin); with `forecast_error` (relative standard
    deviation of the forecast) and `quantile` the margin is that quantile of a normal error
    instead, e.g. error 0.15 at quantile 0.9 gives a margin of 0.19.
    """

    margin: float = Field(default=0.2, ge=0, le=10)
    forecast_error: float | None = Field(default=None, gt=0, le=5)
    quantile: float | None = Field(default=None, gt=0.5, lt=1)
    standby_pay_share: float = Field(default=0.3, ge=0, le=1)  # of the hourly cost, on call
    lead_time_minutes: int = Field(default=60, ge=0, le=24 * 60)
    sources: tuple[Source, ...] = (Source.EMPLOYEE, Source.TEMP, Source.VENDOR)
    watch: float = Field(default=1.0, gt=0)
    reserves: float = Field(default=1.2, gt=0)
    emergency: float = Field(default=1.5, gt=0)

    @model_validator(mode="after")
    def _consistent(self) -> ReservePolicy:
        if (self.forecast_error is None) != (self.quantile is None):
            raise ValueError("give forecast_error and quantile together, or neither")
        if not self.watch <= self.reserves <= self.emergency:
            raise ValueError("alert levels must satisfy watch <= reserves <= emergency")
        return self


class Weights(_Frozen):
    """Objective weights in points; understaffing dominates by default."""

    understaffing_per_agent_hour: float = Field(default=1000, ge=0)
    overstaffing_per_agent_hour: float = Field(default=10, ge=0)
    cost_per_currency_unit: float = Field(default=1, ge=0)


class Scenario(_Frozen):
    name: str
    horizon: Horizon
    queues: tuple[Queue, ...]
    forecast: Forecast  # a sequence of ForecastPoint is accepted and turned into columns
    contracts: tuple[Contract, ...]
    shifts: tuple[ShiftTemplate, ...]
    agents: tuple[Agent, ...]
    time_off: tuple[TimeOff, ...] = ()
    availability: tuple[Availability, ...] = ()
    fixed_shifts: tuple[FixedShift, ...] = ()  # pinned shifts (FixedShifts sheet)
    holidays: tuple[Holiday, ...] = ()  # public holidays (Holidays sheet)
    weights: Weights = Weights()
    vendor_offers: tuple[VendorOffer, ...] = ()  # peak hiring: scheduler.peak.hiring
    reserve_policy: ReservePolicy | None = None  # standby reserve: scheduler.peak.reserve
    shift_demand: tuple[ShiftDemand, ...] = ()  # heads per shift and day (ShiftDemand sheet)
    shift_requests: tuple[ShiftRequest, ...] = ()  # shift on/off wishes (ShiftRequests sheet)
    hiring_budget: float | None = Field(default=None, gt=0)  # money for all offers together
    hire_pools: tuple[HirePool, ...] = ()  # candidate hires, set by scheduler.peak.hiring

    @model_validator(mode="after")
    def _breaks_on_grid(self) -> Scenario:
        """Breaks are placed on the interval grid, so they last whole intervals (the reader
        reports the same with its cell)."""
        minutes = self.horizon.interval_minutes
        for shift in self.shifts:
            if shift.break_minutes % minutes:
                raise ValueError(
                    f"shift {shift.shift_id}: break_minutes {shift.break_minutes} is not a "
                    f"multiple of the {minutes}-minute interval (15-minute breaks need "
                    "15-minute intervals)"
                )
        return self

    @model_validator(mode="after")
    def _shift_level_references(self) -> Scenario:
        """Shift demand, requests and per-template contract limits name templates and agents
        that exist, and a roster must tell their templates apart by times alone (it records
        start, end and paid time, not the template)."""
        shift_ids = {s.shift_id for s in self.shifts}
        agent_ids = {a.agent_id for a in self.agents}
        named = [(f"shift demand on {d.date}", d.shift_id) for d in self.shift_demand]
        named += [
            (f"shift request of {r.agent_id} on {r.date}", r.shift_id) for r in self.shift_requests
        ]
        for contract in self.contracts:
            where = f"contract {contract.contract_id}"
            named += [(where, shift_id) for shift_id, _ in contract.max_shifts_per_template]
            named += [(where, s) for pair in contract.forbidden_successions for s in pair]
        for where, shift_id in named:
            if shift_id not in shift_ids:
                raise ValueError(f"{where} names unknown shift {shift_id!r}")
        for request in self.shift_requests:
            if request.agent_id not in agent_ids:
                raise ValueError(
                    f"shift request on {request.date} names unknown agent {request.agent_id!r}"
                )
        clash = indistinct_templates(self.shifts) if named else None
        if clash is not None:
            raise ValueError(
                f"shifts {clash[0]!r} and {clash[1]!r} can start at the same time with the same "
                "length, so a roster cannot tell them apart; shift demand, shift requests and "
                "per-shift contract limits need distinct start times"
            )
        return self

    def queue(self, queue_id: str) -> Queue:
        return next(q for q in self.queues if q.queue_id == queue_id)

    def contract(self, contract_id: str) -> Contract:
        return next(c for c in self.contracts if c.contract_id == contract_id)

    def agent(self, agent_id: str) -> Agent:
        return next(a for a in self.agents if a.agent_id == agent_id)

    def contracts_by_id(self) -> dict[str, Contract]:
        return {c.contract_id: c for c in self.contracts}

    def shifts_by_id(self) -> dict[str, ShiftTemplate]:
        return {s.shift_id: s for s in self.shifts}


def _starts(template: ShiftTemplate) -> set[int]:
    first = template.earliest_start.hour * 60 + template.earliest_start.minute
    last = template.latest_start.hour * 60 + template.latest_start.minute
    return set(range(first, last + 1, template.start_step_minutes))


def indistinct_templates(shifts: tuple[ShiftTemplate, ...]) -> tuple[str, str] | None:
    """Two templates with a common start, span and paid time (the same shift in a roster)."""
    for index, one in enumerate(shifts):
        for other in shifts[index + 1 :]:
            lengths = (one.span_minutes, one.paid_minutes)
            if lengths == (other.span_minutes, other.paid_minutes) and _starts(one) & _starts(
                other
            ):
                return one.shift_id, other.shift_id
    return None
