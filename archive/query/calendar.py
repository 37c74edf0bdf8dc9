"""Where the captures of a URL fall in time (a calendar), and the URLs under a prefix.

The calendar reads only the time, status and id of each capture (in local days,
Asia/Ho_Chi_Minh); the URL list walks the ``captures.surt`` index one page of keys at a
time, after the last key of the page before (keyset pagination: a page deep in a large
portal costs what the first does).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.db.models import Capture
from archive.query.cdx_params import CdxQuery
from archive.timeutil import to_local, to_timestamp14
from archive.urlkey import surt_key

MAX_CALENDAR = 20_000  # captures of one URL a calendar shows at most (the newest)


@dataclass(frozen=True)
class Moment:
    timestamp: str
    captured_at: datetime
    status: int
    record_type: str


@dataclass(frozen=True)
class Calendar:
    url: str
    days: dict[date, list[Moment]]  # local day → its captures, in time order
    total: int
    truncated: bool

    def years(self) -> dict[int, dict[int, dict[int, int]]]:
        """year → month → day → captures."""
        out: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
        for day, moments in self.days.items():
            out[day.year][day.month][day.day] = len(moments)
        return {y: dict(m) for y, m in sorted(out.items())}


def calendar(session: Session, url: str, limit: int = MAX_CALENDAR) -> Calendar:
    rows = session.execute(
        select(Capture.captured_at, Capture.status, Capture.record_type)
        .where(Capture.surt == surt_key(url))
        .order_by(Capture.captured_at.desc())
        .limit(limit + 1)
    ).all()
    days: dict[date, list[Moment]] = defaultdict(list)
    for captured_at, status, record_type in reversed(rows[:limit]):
        local = to_local(captured_at)
        assert local is not None
        moment = Moment(to_timestamp14(captured_at), captured_at, status, record_type)
        days[local.date()].append(moment)
    return Calendar(url, dict(days), min(len(rows), limit), len(rows) > limit)


@dataclass(frozen=True)
class UrlEntry:
    urlkey: str
    url: str
    captures: int
    first: datetime
    last: datetime


def urls_under(
    session: Session, prefix: str, *, after: str | None = None, limit: int = 100
) -> tuple[list[UrlEntry], str | None]:
    """The archived URLs whose SURT key starts as ``prefix``'s does, a page of ``limit``
    after the key ``after``; and the key to ask the next page with (``None``: the last)."""
    first, end = CdxQuery(prefix, match_type="prefix").key_range()
    stmt = (
        select(
            Capture.surt,
            func.min(Capture.url),
            func.count(),
            func.min(Capture.captured_at),
            func.max(Capture.captured_at),
        )
        .where(Capture.surt >= first, Capture.surt < end)
        .group_by(Capture.surt)
        .order_by(Capture.surt)
        .limit(limit + 1)
    )
    if after:
        stmt = stmt.where(Capture.surt > after)
    rows = session.execute(stmt).all()
    entries = [UrlEntry(*row) for row in rows[:limit]]
    return entries, entries[-1].urlkey if len(rows) > limit else None
