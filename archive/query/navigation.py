"""Moving through the captures of one URL: the one nearest a moment, and its neighbours.

Each look-up is one or two reads of the ``(surt, captured_at)`` index, whatever the number
of captures of the URL: what a replay page, a TimeGate and a banner need at any size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from archive.db.models import Capture
from archive.errors import CaptureNotFound
from archive.urlkey import surt_key


def _before(
    session: Session, key: str, moment: datetime, *, strict: bool = False
) -> Capture | None:
    when = Capture.captured_at < moment if strict else Capture.captured_at <= moment
    return session.scalars(
        select(Capture)
        .where(Capture.surt == key, when)
        .order_by(Capture.captured_at.desc(), Capture.id.desc())
        .limit(1)
    ).first()


def _after(session: Session, key: str, moment: datetime, *, strict: bool = True) -> Capture | None:
    when = Capture.captured_at > moment if strict else Capture.captured_at >= moment
    return session.scalars(
        select(Capture)
        .where(Capture.surt == key, when)
        .order_by(Capture.captured_at, Capture.id)
        .limit(1)
    ).first()


def closest(session: Session, url: str, moment: datetime | None) -> Capture:
    """The capture of ``url`` nearest ``moment`` (the latest when ``None``; the earlier of two
    as near); ``CaptureNotFound`` when the URL was never archived."""
    key = surt_key(url)
    if moment is None:
        found = session.scalars(
            select(Capture)
            .where(Capture.surt == key)
            .order_by(Capture.captured_at.desc(), Capture.id.desc())
            .limit(1)
        ).first()
    else:
        before, after = _before(session, key, moment), _after(session, key, moment)
        candidates = [c for c in (before, after) if c is not None]
        found = min(
            candidates,
            key=lambda c: (abs((c.captured_at - moment).total_seconds()), c.captured_at),
            default=None,
        )
    if found is None:
        raise CaptureNotFound(url)
    return found


@dataclass(frozen=True)
class Neighbours:
    first: Capture
    previous: Capture | None
    next: Capture | None
    last: Capture
    count: int
    position: int  # 1-based, in time order


def neighbours(session: Session, capture: Capture) -> Neighbours:
    """The first, previous, next and last captures of ``capture``'s URL, and how many."""
    key, at = capture.surt, capture.captured_at
    same = Capture.surt == key
    earlier = or_(
        Capture.captured_at < at, and_(Capture.captured_at == at, Capture.id < capture.id)
    )
    later = or_(Capture.captured_at > at, and_(Capture.captured_at == at, Capture.id > capture.id))
    previous = session.scalars(
        select(Capture)
        .where(same, earlier)
        .order_by(Capture.captured_at.desc(), Capture.id.desc())
        .limit(1)
    ).first()
    following = session.scalars(
        select(Capture).where(same, later).order_by(Capture.captured_at, Capture.id).limit(1)
    ).first()
    first = _after(session, key, datetime.min.replace(tzinfo=at.tzinfo), strict=False)
    last = _before(session, key, datetime.max.replace(tzinfo=at.tzinfo))
    count = session.scalar(select(func.count()).where(same)) or 1
    position = (session.scalar(select(func.count()).where(same, earlier)) or 0) + 1
    return Neighbours(first or capture, previous, following, last or capture, count, position)


def at_timestamp(session: Session, url: str, moment: datetime) -> Capture | None:
    """The capture of ``url`` made in the second ``moment`` names, if there is one (times
    are stored to the microsecond, timestamps name seconds)."""
    second = moment.replace(microsecond=0)
    return session.scalars(
        select(Capture)
        .where(
            Capture.surt == surt_key(url),
            Capture.captured_at >= second,
            Capture.captured_at <= second.replace(microsecond=999_999),  # no overflow in 9999
        )
        .order_by(Capture.id.desc())
        .limit(1)
    ).first()
