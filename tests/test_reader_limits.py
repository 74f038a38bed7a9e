"""Inputs too large to read safely are refused with a clear message, before any parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.io import reader

TINY = Path(__file__).parent / "data" / "tiny.xlsx"


def test_workbook_over_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_WORKBOOK_BYTES", TINY.stat().st_size - 1)
    with pytest.raises(InputError) as caught:
        reader.read_scenario(TINY)
    [problem] = caught.value.problems
    assert problem.source == "tiny.xlsx" and "at most" in problem.expected


def test_workbook_unpacking_beyond_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(InputError) as caught:
        reader.read_scenario(TINY)
    [problem] = caught.value.problems
    assert "unpacks to at most" in problem.expected


def test_tiny_workbook_is_within_both_limits() -> None:
    assert reader.read_scenario(TINY).agents
