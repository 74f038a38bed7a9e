"""The forecast as validated columns (domain.Forecast): what a Scenario holds, the row view its
other consumers read, and the same checks a ForecastPoint makes, naming the point."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import numpy as np
import pytest
from pydantic import ValidationError

from scheduler.domain import Forecast, ForecastPoint, Horizon, Scenario

POINTS = (
    ForecastPoint(queue_id="voice", interval_start=datetime(2026, 11, 11, 9), volume=90, aht_s=200),
    ForecastPoint(queue_id="chat", interval_start=datetime(2026, 11, 11, 9), required_agents=3),
    ForecastPoint(queue_id="voice", interval_start=datetime(2026, 11, 11, 9, 30), volume=0),
)


def _scenario(forecast: object) -> Scenario:
    return Scenario(
        name="forecast",
        horizon=Horizon(start_date=date(2026, 11, 11), days=1, interval_minutes=30),
        queues=(),
        forecast=forecast,  # type: ignore[arg-type]
        contracts=(),
        shifts=(),
        agents=(),
    )


def test_a_scenario_holds_its_points_as_columns_and_gives_them_back_as_rows() -> None:
    forecast = _scenario(POINTS).forecast
    assert isinstance(forecast, Forecast)
    assert forecast.queues == ("voice", "chat")
    assert forecast.queue.tolist() == [0, 1, 0]
    assert np.isnan(forecast.aht_s[1]) and np.isnan(forecast.required_agents[0])
    assert tuple(forecast) == POINTS and forecast[1] == POINTS[1] and len(forecast) == 3
    assert forecast == Forecast.from_points(POINTS) and hash(forecast) == hash(
        _scenario(POINTS).forecast
    )


def test_points_given_as_dicts_are_checked_one_by_one() -> None:
    with pytest.raises(ValidationError, match="volume"):
        _scenario([{"queue_id": "voice", "interval_start": datetime(2026, 11, 11), "volume": -1}])


def test_the_columns_are_read_only() -> None:
    forecast = Forecast.from_points(POINTS)
    with pytest.raises(ValueError, match="read-only"):
        forecast.volume[0] = 5


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("volume", -1.0, "volume must be a finite number >= 0"),
        ("volume", np.inf, "volume must be a finite number >= 0"),
        ("aht_s", 0.0, "aht_s must be a finite number > 0"),
        ("required_agents", 2.0, "not both"),
    ],
)
def test_bad_columns_name_the_point(column: str, value: float, words: str) -> None:
    forecast = Forecast.from_points(POINTS)
    values = getattr(forecast, column).copy()
    values[0] = value
    with pytest.raises(ValueError, match=rf"forecast point 0 \(voice at 2026-11-11T09:00.*{words}"):
        replace(forecast, **{column: values})


def test_a_point_needs_a_volume_or_a_headcount() -> None:
    forecast = Forecast.from_points(POINTS)
    blank = forecast.required_agents.copy()
    blank[1] = np.nan
    with pytest.raises(ValueError, match=r"forecast point 1 \(chat .*give volume and aht_s"):
        replace(forecast, required_agents=blank)


def test_columns_of_different_lengths_are_refused() -> None:
    forecast = Forecast.from_points(POINTS)
    with pytest.raises(ValueError, match="one entry per point"):
        replace(forecast, volume=forecast.volume[:2])
