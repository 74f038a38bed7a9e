"""Legal presets: named sets of contract rule values, each value citing the clause it encodes.

A contract picks a preset in its `preset` column; every rule column the contract leaves blank
takes the preset's value, and a value the contract gives overrides it. The presets are TOML files
beside this module so that HR can read what each one encodes and where it comes from.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources


class Preset(StrEnum):
    CUSTOM = "custom"
    PRC_STANDARD = "prc-standard"
    PRC_COMPREHENSIVE = "prc-comprehensive"
    PRC_INTERN = "prc-intern"
    EU_WTD = "eu-wtd"


@dataclass(frozen=True)
class PresetValue:
    field: str
    value: object
    source: str


@dataclass(frozen=True)
class PresetBook:
    preset: Preset
    title: str
    values: tuple[PresetValue, ...]

    def as_dict(self) -> dict[str, object]:
        return {item.field: item.value for item in self.values}

    def source_of(self, field: str) -> str | None:
        return next((item.source for item in self.values if item.field == field), None)


@cache
def load_preset(preset: Preset) -> PresetBook:
    """The preset's values and their sources, read from its TOML file."""
    text = resources.files(__package__).joinpath(f"{preset.value}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    values = tuple(
        PresetValue(field, entry["value"], entry["source"])
        for field, entry in data.get("values", {}).items()
    )
    return PresetBook(preset, str(data["title"]), values)
