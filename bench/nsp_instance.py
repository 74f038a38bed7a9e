"""Reader for the nurse rostering benchmark files of Curtois & Qu (2014), "Instances 1..24".

The format (schedulingbenchmarks.org): CRLF text, `#` comment lines, seven sections in a fixed
order separated by blank lines; in a line `,` separates fields, `|` list items inside a field and
`=` a key from its value. This module knows the file only; it imports nothing from `scheduler`,
so the independent evaluator (nsp_eval.py) and the plain model (nsp_plain.py) can share it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
STAFF_FIELDS = 8


class NspFormatError(ValueError):
    """The file does not follow the benchmark format; the message names file and line."""


@dataclass(frozen=True)
class Shift:
    shift_id: str
    minutes: int
    forbidden_next: tuple[str, ...]  # shift types that may not be worked the following day


@dataclass(frozen=True)
class Staff:
    staff_id: str
    max_shifts: tuple[tuple[str, int], ...]  # (shift_id, most shifts of it) for every shift type
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_consecutive_off: int
    max_weekends: int

    def max_of(self, shift_id: str) -> int:
        return dict(self.max_shifts)[shift_id]


@dataclass(frozen=True)
class Request:
    staff_id: str
    day: int
    shift_id: str
    weight: int


@dataclass(frozen=True)
class Cover:
    day: int
    shift_id: str
    required: int
    under_weight: int
    over_weight: int


@dataclass(frozen=True)
class Instance:
    name: str
    days: int
    shifts: tuple[Shift, ...]
    staff: tuple[Staff, ...]
    days_off: tuple[tuple[str, tuple[int, ...]], ...]  # (staff_id, day indexes) as in the file
    on_requests: tuple[Request, ...]
    off_requests: tuple[Request, ...]
    cover: tuple[Cover, ...]

    def shift(self, shift_id: str) -> Shift:
        return next(s for s in self.shifts if s.shift_id == shift_id)

    def days_off_of(self, staff_id: str) -> frozenset[int]:
        return frozenset(d for who, days in self.days_off if who == staff_id for d in days)

    @property
    def weekends(self) -> tuple[tuple[int, ...], ...]:
        """(Saturday, Sunday) day indexes of each weekend; day 0 is a Monday."""
        return tuple(
            tuple(d for d in (saturday, saturday + 1) if d < self.days)
            for saturday in range(5, self.days, 7)
        )


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based line number in the file
    fields: tuple[str, ...]


class _Reader:
    """Turns one file's lines into typed values, raising errors that name file and line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, line: int, message: str) -> NspFormatError:
        return NspFormatError(f"{self.path}, line {line}: {message}")

    def integer(self, line: _Line, index: int, what: str, low: int = 0) -> int:
        text = line.fields[index]
        try:
            value = int(text)
        except ValueError:
            raise self.error(
                line.number, f"field {index + 1} ({what}): expected an integer, got {text!r}"
            ) from None
        if value < low:
            raise self.error(
                line.number, f"field {index + 1} ({what}): expected at least {low}, got {value}"
            )
        return value

    def width(self, line: _Line, expected: int, layout: str) -> None:
        if len(line.fields) != expected:
            raise self.error(
                line.number,
                f"expected {expected} comma-separated fields ({layout}), got {len(line.fields)}",
            )

    def known(self, line: _Line, value: str, known: Sequence[str], what: str) -> str:
        if value not in known:
            raise self.error(line.number, f"unknown {what} {value!r}; known: {', '.join(known)}")
        return value


def read_instance(path: Path) -> Instance:
    """Parse one instance file; raise NspFormatError naming the file and line on bad input."""
    reader = _Reader(path)
    try:
        text = path.read_text(encoding="ascii")
    except UnicodeDecodeError as error:
        raise NspFormatError(f"{path}: expected ASCII text ({error})") from None
    sections = _split_sections(reader, text.splitlines())
    days = _horizon(reader, sections["SECTION_HORIZON"])
    shifts = _shifts(reader, sections["SECTION_SHIFTS"])
    shift_ids = [s.shift_id for s in shifts]
    staff = _staff(reader, sections["SECTION_STAFF"], shift_ids)
    staff_ids = [s.staff_id for s in staff]
    requests = [
        _requests(reader, sections[name], staff_ids, shift_ids, days)
        for name in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS")
    ]
    return Instance(
        name=path.stem,
        days=days,
        shifts=shifts,
        staff=staff,
        days_off=_days_off(reader, sections["SECTION_DAYS_OFF"], staff_ids, days),
        on_requests=requests[0],
        off_requests=requests[1],
        cover=_cover(reader, sections["SECTION_COVER"], shift_ids, days),
    )


def _split_sections(reader: _Reader, lines: Sequence[str]) -> dict[str, list[_Line]]:
    """Data lines of each section; the seven headers must appear once each, in order."""
    sections: dict[str, list[_Line]] = {}
    current: str | None = None
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or raw.startswith("#"):
            continue
        if text.startswith("SECTION_"):
            expected = SECTIONS[len(sections)] if len(sections) < len(SECTIONS) else None
            if text != expected:
                raise reader.error(
                    number,
                    f"expected section header {expected or '(none: end of file)'}, got {text}",
                )
            current = text
            sections[current] = []
            continue
        if current is None:
            raise reader.error(number, f"expected {SECTIONS[0]} before data, got {text!r}")
        fields = tuple(field.strip() for field in text.split(","))
        sections[current].append(_Line(number, fields))
    missing = [name for name in SECTIONS if name not in sections]
    if missing:
        raise NspFormatError(f"{reader.path}: missing section(s) {', '.join(missing)}")
    return sections


def _horizon(reader: _Reader, lines: list[_Line]) -> int:
    if len(lines) != 1:
        where = lines[1].number if len(lines) > 1 else 1
        raise reader.error(where, f"SECTION_HORIZON holds one line (days), got {len(lines)}")
    reader.width(lines[0], 1, "horizon length in days")
    return reader.integer(lines[0], 0, "horizon length in days", low=1)


def _shifts(reader: _Reader, lines: list[_Line]) -> tuple[Shift, ...]:
    layout = "ShiftID, length in minutes, shifts which cannot follow"
    shifts = []
    for line in lines:
        reader.width(line, 3, layout)
        forbidden = tuple(item.strip() for item in line.fields[2].split("|") if item.strip())
        minutes = reader.integer(line, 1, "length in minutes", low=1)
        shifts.append(Shift(line.fields[0], minutes, forbidden))
    ids = [s.shift_id for s in shifts]
    _unique(reader, lines, ids, "shift")
    for line, shift in zip(lines, shifts, strict=True):  # successors may be defined later
        for follower in shift.forbidden_next:
            reader.known(line, follower, ids, "shift in the forbidden successors")
    if not shifts:
        raise NspFormatError(f"{reader.path}: SECTION_SHIFTS defines no shift")
    return tuple(shifts)


def _staff(reader: _Reader, lines: list[_Line], shift_ids: list[str]) -> tuple[Staff, ...]:
    layout = (
        "ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, "
        "MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends"
    )
    staff = []
    for line in lines:
        reader.width(line, STAFF_FIELDS, layout)
        numbers = [
            reader.integer(line, index, name)
            for index, name in enumerate(layout.split(", ")[2:], start=2)
        ]
        staff.append(Staff(line.fields[0], _max_shifts(reader, line, shift_ids), *numbers))
    _unique(reader, lines, [s.staff_id for s in staff], "employee")
    return tuple(staff)


def _max_shifts(reader: _Reader, line: _Line, shift_ids: list[str]) -> tuple[tuple[str, int], ...]:
    """`D=14|E=0`: one `ShiftID=max` item for every shift type."""
    limits: dict[str, int] = {}
    for item in line.fields[1].split("|"):
        key, equals, value = item.partition("=")
        if not equals or not value.strip().isdigit():
            raise reader.error(
                line.number, f"field 2 (MaxShifts): expected ShiftID=integer, got {item!r}"
            )
        shift_id = reader.known(line, key.strip(), shift_ids, "shift in MaxShifts")
        if shift_id in limits:
            raise reader.error(line.number, f"MaxShifts names shift {shift_id!r} twice")
        limits[shift_id] = int(value)
    missing = [s for s in shift_ids if s not in limits]
    if missing:
        raise reader.error(line.number, f"MaxShifts has no limit for shift(s) {', '.join(missing)}")
    return tuple((s, limits[s]) for s in shift_ids)


def _days_off(
    reader: _Reader, lines: list[_Line], staff_ids: list[str], days: int
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    rows = []
    for line in lines:
        staff_id = reader.known(line, line.fields[0], staff_ids, "employee")
        indexes = tuple(
            _day(reader, line, index, days)
            for index in range(1, len(line.fields))
            if line.fields[index]  # a trailing comma leaves an empty field
        )
        rows.append((staff_id, indexes))
    return tuple(rows)


def _requests(
    reader: _Reader, lines: list[_Line], staff_ids: list[str], shift_ids: list[str], days: int
) -> tuple[Request, ...]:
    return tuple(
        Request(
            staff_id=reader.known(line, line.fields[0], staff_ids, "employee"),
            day=_day(reader, line, 1, days),
            shift_id=reader.known(line, line.fields[2], shift_ids, "shift"),
            weight=reader.integer(line, 3, "weight"),
        )
        for line in _checked(reader, lines, 4, "EmployeeID, Day, ShiftID, Weight")
    )


def _cover(
    reader: _Reader, lines: list[_Line], shift_ids: list[str], days: int
) -> tuple[Cover, ...]:
    layout = "Day, ShiftID, Requirement, Weight for under, Weight for over"
    cover = tuple(
        Cover(
            day=_day(reader, line, 0, days),
            shift_id=reader.known(line, line.fields[1], shift_ids, "shift"),
            required=reader.integer(line, 2, "requirement"),
            under_weight=reader.integer(line, 3, "weight for under"),
            over_weight=reader.integer(line, 4, "weight for over"),
        )
        for line in _checked(reader, lines, 5, layout)
    )
    seen: dict[tuple[int, str], int] = {}
    for line, row in zip(lines, cover, strict=True):
        key = (row.day, row.shift_id)
        if key in seen:
            raise reader.error(
                line.number,
                f"second cover line for day {row.day}, shift {row.shift_id} "
                f"(first on line {seen[key]})",
            )
        seen[key] = line.number
    return cover


def _checked(reader: _Reader, lines: list[_Line], width: int, layout: str) -> Iterator[_Line]:
    for line in lines:
        reader.width(line, width, layout)
        yield line


def _day(reader: _Reader, line: _Line, index: int, days: int) -> int:
    day = reader.integer(line, index, "day index")
    if day >= days:
        raise reader.error(
            line.number, f"field {index + 1} (day index): expected 0..{days - 1}, got {day}"
        )
    return day


def _unique(reader: _Reader, lines: list[_Line], ids: list[str], what: str) -> None:
    first: dict[str, int] = {}
    for line, identifier in zip(lines, ids, strict=True):
        if not identifier:
            raise reader.error(line.number, f"expected a {what} ID in field 1, got an empty field")
        if identifier in first:
            raise reader.error(
                line.number,
                f"{what} {identifier!r} defined twice (first on line {first[identifier]})",
            )
        first[identifier] = line.number
