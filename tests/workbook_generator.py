"""The generator of the reader's test data (`tests/data/broken/make_broken.py`), loaded once for
every test that builds input workbooks from its sheets: the script lives beside the data it
writes, outside any package, so it is loaded from its path."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

BROKEN = Path(__file__).parent / "data" / "broken"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_broken", BROKEN / "make_broken.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load()
