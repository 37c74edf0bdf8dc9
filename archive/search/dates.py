"""Dates a researcher types for a date range: day first, as Vietnamese write them.

``27/02/2024``, ``02/2024`` and ``2024`` (or ISO ``2024-02-27``, ``2024-02``); a partial
date is its first day as a start and its last day as an end.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from archive.errors import InputError

_DAY_FIRST = re.compile(r"(?:(\d{1,2})[/.-])?(?:(\d{1,2})[/.-])?(\d{4})")
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def _parts(text: str) -> tuple[int, int | None, int | None]:
    iso = _ISO.fullmatch(text)
    if iso:
        year, month, day = iso.groups()
        return int(year), int(month) if month else None, int(day) if day else None
    found = _DAY_FIRST.fullmatch(text)
    if not found:
        raise ValueError
    first, second, year = found.groups()
    if second is None:  # "02/2024": a month
        return int(year), int(first) if first else None, None
    return int(year), int(second), int(first)


def parse_day(value: str, *, end: bool = False) -> date:
    """``value`` as a date: the first day it covers, or the last with ``end``."""
    text = value.strip()
    try:
        year, month, day = _parts(text)
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, last if end else 1)
        return date(year, month, day)
    except ValueError:
        raise InputError(
            f"malformed date {value!r}: expected DD/MM/YYYY, MM/YYYY or YYYY (or YYYY-MM-DD)"
        ) from None
