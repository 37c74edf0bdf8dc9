"""HTTP details: dates, content negotiation, conditional requests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from sandbox.response import Response


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def parse_http_date(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def accepts_gzip(accept_encoding: str | None) -> bool:
    """True if ``Accept-Encoding`` allows gzip (a q=0 refuses it)."""
    for item in (accept_encoding or "").split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() not in ("gzip", "x-gzip", "*"):
            continue
        q = params.strip().lower()
        if q.startswith("q="):
            try:
                return float(q[2:]) > 0
            except ValueError:
                return False
        return True
    return False


def _etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison, as If-None-Match requires."""
    if if_none_match.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in if_none_match.split(","))


def not_modified(request: Mapping[str, str], response: Response) -> bool:
    """Whether a 200 ``response`` may be answered 304 for these request headers."""
    if response.status != 200:
        return False
    lowered = {k.lower(): v for k, v in request.items()}
    etag = response.header("ETag")
    if "if-none-match" in lowered:  # takes precedence over If-Modified-Since
        return etag is not None and _etag_matches(lowered["if-none-match"], etag)
    last_modified = response.header("Last-Modified")
    since = parse_http_date(lowered.get("if-modified-since", ""))
    if last_modified is None or since is None:
        return False
    modified = parse_http_date(last_modified)
    return modified is not None and modified <= since


KEEP_ON_304 = (
    "etag",
    "last-modified",
    "cache-control",
    "vary",
    "date",
    "expires",
    "content-location",
)


def as_not_modified(response: Response) -> Response:
    headers = [(k, v) for k, v in response.headers if k.lower() in KEEP_ON_304]
    return Response(304, headers, b"")
