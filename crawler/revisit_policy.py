"""Revisit policy: a page its portal's sitemap says unchanged since we archived it is not
requested again, for up to ``VNARCHIVE_REVALIDATE_AFTER_DAYS``.

A sitemap ``<lastmod>`` is written by the portal's clock, so it is compared with what the
portal's clock said when the archive last heard from the page: the ``Date`` of that capture
(less its ``Age``, for a cached answer), or its ``Last-Modified``. Our own capture time only
stands in when the answer had no ``Date``; it decides the maximum age. A sandbox (or a
portal) whose clock is years off from ours is thus judged by its own clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from archive.capture.dedup import Previous
from archive.capture.record import CaptureRecorder
from archive.timeutil import LOCAL_TZ, utcnow

# W3C Datetime (the sitemap protocol's lastmod): YYYY, YYYY-MM, YYYY-MM-DD, or a date with
# hh:mm[:ss[.s]] and a zone; a space for the "T" and no zone are tolerated (local time).
_W3C = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?",
    re.I,
)
# Before any Vietnamese portal existed: a CMS's "unknown" (0000-…, 1970-01-01), not a date.
_PLACEHOLDER_BEFORE = datetime(2000, 1, 1, tzinfo=UTC)


def parse_lastmod(value: str | bytes | None) -> datetime | None:
    """The instant a ``<lastmod>`` vouches for, aware; ``None`` when it says nothing usable.

    A date alone (or a month, a year) stands for the *end* of that day in Asia/Ho_Chi_Minh:
    the page may have changed at any time that day. A time without zone is local time.
    """
    if value is None:
        return None
    text = (value.decode("ascii", "replace") if isinstance(value, bytes) else value).strip()
    match = _W3C.fullmatch(text)
    if match is None:
        return None
    year, month, day = match.group(1, 2, 3)
    try:
        if len(text) <= len("YYYY-MM-DD"):  # a whole day, month or year: its last instant
            start = datetime(int(year), int(month or 1), int(day or 1), tzinfo=LOCAL_TZ)
            if day is not None:
                end = start + timedelta(days=1)
            elif month is not None:
                end = (start + timedelta(days=32)).replace(day=1)
            else:
                end = start.replace(year=start.year + 1)
            moment = end - timedelta(microseconds=1)
        else:
            moment = datetime.fromisoformat(text.upper())
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=LOCAL_TZ)
    except ValueError:  # 2024-02-30, 25:00, an offset out of range
        return None
    return None if moment < _PLACEHOLDER_BEFORE else moment


def parse_http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def served_at(headers: Iterable[tuple[str, str]]) -> datetime | None:
    """The server's clock when it made the answer: ``Date``, less ``Age`` from a cache."""
    fields = {name.lower(): value for name, value in headers}
    date = parse_http_date(fields.get("date"))
    age = fields.get("age", "").strip()
    if date is not None and age.isdigit():
        date -= timedelta(seconds=int(age))
    return date


def covers(lastmod: datetime, *, last_modified: datetime | None, served: datetime | None) -> bool:
    """Whether an archived copy already holds every change up to ``lastmod``.

    Either the copy itself was last modified at or after it, or it was served after it
    (strictly: a change within the same second may have come just after).
    """
    if last_modified is not None and last_modified >= lastmod:
        return True
    return served is not None and served > lastmod


def fresh(captured_at: datetime, max_age: timedelta, now: datetime) -> bool:
    """Whether a capture is young enough to be trusted without asking the portal again."""
    return now - captured_at < max_age


class RevisitPolicy:
    """Asks the archive whether URLs the sitemap dates need requesting at all.

    Blocking (a query and maybe WARC reads): a crawl runs it off its event loop, on the
    archive link's reader thread, one sitemap's entries at a time.
    """

    def __init__(self, archive: CaptureRecorder, max_age: timedelta) -> None:
        self.archive = archive
        self.max_age = max_age

    def unchanged(self, url: str, lastmod: str | bytes | None) -> bool:
        return url in self.unchanged_many([(url, lastmod)])

    def unchanged_many(self, entries: Sequence[tuple[str, str | bytes | None]]) -> set[str]:
        """The URLs whose archived copy, taken within ``max_age``, already has every change
        the sitemap's ``lastmod`` tells of. One query per 500 URLs, and at most one WARC
        record read per URL (for the capture's ``Date``)."""
        dated = [(url, moment) for url, lastmod in entries if (moment := parse_lastmod(lastmod))]
        if not dated:
            return set()
        found = self.archive.lookup_many([url for url, _ in dated])
        now = utcnow()
        out = set()
        for url, moment in dated:
            last = found.get(url)
            if last is None or last.status != 200 or not last.available:
                continue  # never captured well, or its record is gone: asked again in full
            if not fresh(last.captured_at, self.max_age, now):
                continue
            modified = parse_http_date(last.last_modified)
            if covers(moment, last_modified=modified, served=None) or covers(
                moment, last_modified=None, served=self._served(last)
            ):
                out.add(url)
        return out

    def _served(self, last: Previous) -> datetime | None:
        """The portal's clock when it answered; ours if it sent no ``Date``; ``None`` if
        the record cannot be read (then the page is requested)."""
        headers = self.archive.served_headers(last)
        if headers is None:
            return None
        return served_at(headers) or last.captured_at
