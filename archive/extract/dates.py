"""Vietnamese portal dates: day-first, optional time of day, Asia/Ho_Chi_Minh."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MIN_YEAR, MAX_YEAR = 1990, 2100

_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{4})(?![\d/])")
_ISO_DAY = re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/])")
_WORDS = re.compile(
    r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)\s*(\d{4})(?!\d)", re.IGNORECASE
)
_TIME = r"(\d{1,2})\s*[:hg]\s*(\d{2})(?:\s*:\s*(\d{2}))?(?:\.\d+)?\s*(AM|PM|SA|CH|sáng|chiều|tối)?"
_SEP = r"(?:\s|[,|–—-]|lúc|vào|ngày)*"
_TIME_AFTER = re.compile(r"^" + _SEP + _TIME + r"(?![\d/])", re.IGNORECASE)
_TIME_BEFORE = re.compile(r"(?<![\d/:])" + _TIME + _SEP + r"$", re.IGNORECASE)
_PM = {"pm", "ch", "chiều", "tối"}
_AM = {"am", "sa", "sáng"}
_WINDOW = 24


@dataclass(frozen=True)
class FoundDate:
    """A date found in text, with where it was and whether a time of day came with it."""

    value: datetime
    has_time: bool
    start: int
    end: int


def _day(year: int, month: int, day: int) -> datetime | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return datetime(year, month, day, tzinfo=LOCAL_TZ)
    except ValueError:
        return None


def _clock(match: re.Match[str]) -> tuple[int, int, int] | None:
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    marker = (match.group(4) or "").lower()
    if marker and not 1 <= hour <= 12:
        marker = "" if hour <= 23 and marker in _PM | _AM else marker
    if marker in _PM and hour < 12:
        hour += 12
    elif marker in _AM and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _time_near(text: str, start: int, end: int) -> tuple[int, int, int, int, int] | None:
    """(hour, minute, second, span start, span end) of a time right after or before a date."""
    after = _TIME_AFTER.match(text[end : end + _WINDOW])
    if after and (clock := _clock(after)):
        return (*clock, start, end + after.end())
    lo = max(0, start - _WINDOW)
    before = _TIME_BEFORE.search(text[lo:start])
    if before and (clock := _clock(before)):
        return (*clock, lo + before.start(), end)
    return None


def _candidates(text: str) -> list[tuple[int, int, datetime]]:
    found: list[tuple[int, int, datetime]] = []
    for m in _NUMERIC.finditer(text):
        if day := _day(int(m.group(4)), int(m.group(3)), int(m.group(1))):
            found.append((m.start(), m.end(), day))
    for m in _WORDS.finditer(text):
        if day := _day(int(m.group(3)), int(m.group(2)), int(m.group(1))):
            found.append((m.start(), m.end(), day))
    for m in _ISO_DAY.finditer(text):
        if day := _day(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            found.append((m.start(), m.end(), day))
    return sorted(found, key=lambda item: item[0])


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text`` in reading order, each with the time of day next to it if any."""
    if not text:
        return []
    results = []
    for start, end, day in _candidates(text):
        near = _time_near(text, start, end)
        if near is None:
            results.append(FoundDate(day, False, start, end))
            continue
        hour, minute, second, span_start, span_end = near
        value = day.replace(hour=hour, minute=minute, second=second)
        results.append(FoundDate(value, True, span_start, span_end))
    return results


def find_date(text: str) -> FoundDate | None:
    """The first date in ``text``, or None."""
    dates = find_dates(text)
    return dates[0] if dates else None


def parse_date(text: str | None) -> datetime | None:
    """The first Vietnamese-style (day-first) date in ``text`` as an aware datetime, or None."""
    found = find_date(text or "")
    return found.value if found else None


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp (meta tags); naive values are taken as Vietnam time."""
    if not value:
        return None
    text = value.strip().replace(" ", "T", 1) if "T" not in value else value.strip()
    text = re.sub(r"(\.\d+)?Z$", "+00:00", text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return parse_date(value)
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=LOCAL_TZ)
    return parsed.astimezone(LOCAL_TZ)


def iso_has_time(value: str | None) -> bool:
    """Whether an ISO timestamp string carries a time of day."""
    return bool(value and re.search(r"\d[T ]\d{1,2}:\d{2}", value.strip()))
