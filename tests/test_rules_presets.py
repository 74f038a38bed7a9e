"""The legal presets: one documented file each, every value a contract rule with its source."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from scheduler.domain import Contract
from scheduler.presets import Preset, load_preset

import factories as f


def test_every_preset_has_its_file_and_every_file_its_preset() -> None:
    files = {
        p.name for p in resources.files("scheduler.presets").iterdir() if p.name.endswith(".toml")
    }
    assert files == {f"{preset.value}.toml" for preset in Preset}


@pytest.mark.parametrize("preset", list(Preset))
def test_preset_values_are_contract_rules_citing_their_source(preset: Preset) -> None:
    book = load_preset(preset)
    rule_fields = set(Contract.model_fields) - {"contract_id", "name", "preset"}
    for item in book.values:
        assert item.field in rule_fields
        # Each figure names the statute article it encodes, or the domain brief it came from.
        assert re.search(r"Art\. \d+|DOMAIN\.md", item.source), item.source
    contract = f.contract(preset=preset.value)
    assert all(getattr(contract, item.field) == item.value for item in book.values)


def test_the_contract_overrides_its_preset() -> None:
    contract = f.contract(preset="prc-standard", max_overtime_day=1)
    assert (contract.max_overtime_day, contract.max_overtime_month) == (1, 36)
