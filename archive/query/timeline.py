"""A URL through time: every capture, grouped into versions of its text.

A *version* is a run of consecutive captures whose extracted text is the same document;
the next version begins where the text changed. The captures are those of the URL's
*item*: the URL and the URLs of the same portal it moved from or to for good (301, 308),
so a page whose address changed (``?id=`` → slug) keeps one history. Captures without
text (a 404, a redirect, a page not yet extracted) are kept in the timeline, outside any
version.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.db.models import Capture, Document
from archive.urlkey import surt_key

MAX_CAPTURES = 5000  # a timeline page shows this many captures at most (the newest)


@dataclass
class Version:
    document_id: int
    captures: list[Capture] = field(default_factory=list)

    @property
    def first(self) -> Capture:
        return self.captures[0]

    @property
    def last(self) -> Capture:
        return self.captures[-1]


@dataclass
class Timeline:
    url: str
    captures: list[Capture]  # in time order
    versions: list[Version]
    truncated: bool = False  # older captures left out (more than MAX_CAPTURES)


PERMANENT = (301, 308)  # redirects that move a page for good: its item goes on there
LINEAGE_STEPS = 10  # moves followed at most, either way


def _portal(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def lineage(session: Session, url: str) -> list[str]:
    """The URLs of one item: ``url``, the URLs of the same portal that moved to it for good
    (an old ``?id=`` form answering 301 to a slug, a CMS change) and those it moved to."""
    portal = _portal(url)
    found = {surt_key(url): url}
    frontier = [url]
    for _ in range(LINEAGE_STEPS):
        if not frontier:
            break
        keys = [surt_key(u) for u in frontier]
        moved_here = session.scalars(
            select(Capture.url)
            .where(Capture.redirect_to.in_(frontier), Capture.status.in_(PERMANENT))
            .distinct()
        ).all()
        moved_to = session.scalars(
            select(Capture.redirect_to)
            .where(Capture.surt.in_(keys), Capture.status.in_(PERMANENT))
            .distinct()
        ).all()
        frontier = []
        for other in [*moved_here, *moved_to]:
            if other and _portal(other) == portal and surt_key(other) not in found:
                found[surt_key(other)] = other
                frontier.append(other)
    return list(found.values())


def url_captures(
    session: Session, url: str, limit: int = MAX_CAPTURES
) -> tuple[list[Capture], bool]:
    """The newest ``limit`` captures of ``url``'s item (``lineage``) in time order, and
    whether older ones exist."""
    keys = [surt_key(u) for u in lineage(session, url)]
    rows = session.scalars(
        select(Capture)
        .where(Capture.surt.in_(keys))
        .order_by(Capture.captured_at.desc(), Capture.id.desc())
        .limit(limit + 1)
    ).all()
    return list(reversed(rows[:limit])), len(rows) > limit


def versions(captures: list[Capture]) -> Iterator[Version]:
    current: Version | None = None
    for capture in captures:
        if capture.document_id is None:
            continue
        if current is None or current.document_id != capture.document_id:
            if current is not None:
                yield current
            current = Version(capture.document_id)
        current.captures.append(capture)
    if current is not None:
        yield current


def timeline(session: Session, url: str) -> Timeline:
    captures, truncated = url_captures(session, url)
    return Timeline(url, captures, list(versions(captures)), truncated)


def document_urls(session: Session, document_id: int, limit: int = 20) -> list[str]:
    """The URLs a document's text was archived at (its own first)."""
    doc = session.get(Document, document_id)
    urls = session.scalars(
        select(Capture.url).where(Capture.document_id == document_id).distinct().limit(limit)
    ).all()
    first = [doc.url] if doc is not None else []
    return list(dict.fromkeys(first + list(urls)))
