"""Time conventions: UTC in storage and in WARC/CDX timestamps, Asia/Ho_Chi_Minh on display."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from archive.errors import InputError

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_TIMESTAMP = re.compile(r"\d{4}(\d{2}){0,5}")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_local(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(LOCAL_TZ)


def to_timestamp14(dt: datetime) -> str:
    """``20240227020000``: the 14-digit UTC timestamp of Wayback URLs and CDX lines."""
    return dt.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def parse_timestamp14(value: str) -> datetime:
    """Parse a Wayback-style UTC timestamp of 4 to 14 digits; missing parts are the earliest."""
    if not _TIMESTAMP.fullmatch(value):
        raise InputError(
            f"malformed timestamp {value!r}: expected YYYYMMDDhhmmss (4 to 14 digits, UTC)"
        )
    padded = value + "0101000000"[len(value) - 4 :] if len(value) < 14 else value
    try:
        return datetime.strptime(padded, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError as exc:
        raise InputError(f"malformed timestamp {value!r}: {exc}") from exc
