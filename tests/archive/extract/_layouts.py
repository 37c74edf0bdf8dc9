"""The bench's hand-made layouts and pages of other kinds, for tests (bench/data)."""

from __future__ import annotations

import importlib
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[3] / "bench"


@cache
def layouts() -> ModuleType:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module("_layouts")


@cache
def pages(layout: str, count: int = 6) -> tuple:
    return tuple(layouts().template_pages([layout], count))
