"""What-if: the same scenario under more (or less) volume and longer (or shorter) handle times.

A delta (d, e) multiplies every forecast volume by (1 + d) and every handle time by (1 + e);
managers plan a peak at +20% and +50% volume. A headcount given directly is scaled by
(1 + d)(1 + e), the factor by which its workload grows, since nothing better is known about it.
Bot deflection, targets and shrinkage stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from scheduler.domain import Scenario
from scheduler.staffing.requirements import Requirements, compute_requirements

__all__ = ["Delta", "WhatIf", "parse_deltas", "scale_forecast", "what_if"]


@dataclass(frozen=True)
class Delta:
    """Relative changes: volume x (1 + volume), handle time x (1 + aht); each > -1."""

    volume: float = 0.0
    aht: float = 0.0

    def __post_init__(self) -> None:
        for name, value in (("volume", self.volume), ("aht", self.aht)):
            if not (value > -1 and value < float("inf")):
                raise ValueError(f"a {name} change must be a finite number > -1, got {value!r}")

    @property
    def label(self) -> str:
        """'+20% volume' or '+20% volume, +10% AHT'."""
        parts = [f"{self.volume:+.0%} volume"]
        if self.aht:
            parts.append(f"{self.aht:+.0%} AHT")
        return ", ".join(parts)


@dataclass(frozen=True)
class WhatIf:
    delta: Delta
    requirements: Requirements


_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)%?"
_ITEM = re.compile(rf"\s*(?P<volume>{_NUMBER})\s*(?::\s*(?P<aht>{_NUMBER})\s*)?")


def _share(text: str) -> float:
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def parse_deltas(text: str) -> tuple[Delta, ...]:
    """'0.2,0.5' (volume +20% and +50%), '20%' or '0.2:0.1' (volume +20%, AHT +10%)."""
    deltas = []
    for item in text.split(","):
        match = _ITEM.fullmatch(item)
        if match is None:
            raise ValueError(
                f"{item.strip()!r} is not a delta; write volume changes such as 0.2 or 20%, "
                "optionally with a handle-time change after a colon: 0.2:0.1"
            )
        aht = match["aht"]
        deltas.append(Delta(_share(match["volume"]), 0.0 if aht is None else _share(aht)))
    return tuple(deltas)


def scale_forecast(scenario: Scenario, delta: Delta) -> Scenario:
    """The scenario with its forecast scaled by ``delta``; a headcount scales by both factors."""
    volume, aht = 1.0 + delta.volume, 1.0 + delta.aht
    forecast = scenario.forecast
    scaled = replace(
        forecast,
        volume=forecast.volume * volume,  # blanks are NaN and stay NaN
        aht_s=forecast.aht_s * aht,
        required_agents=forecast.required_agents * volume * aht,
    )
    return scenario.model_copy(update={"forecast": scaled})


def what_if(scenario: Scenario, deltas: Iterable[Delta]) -> tuple[WhatIf, ...]:
    """Requirements of the scenario under each delta, in the order given."""
    return tuple(
        WhatIf(delta, compute_requirements(scale_forecast(scenario, delta))) for delta in deltas
    )
