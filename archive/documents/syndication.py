"""Syndication: one story reposted by many portals, recognised as one, no copy hidden.

``place(session, doc)`` files a new text's sketch under its LSH bands (``text_bands``),
looks up the texts sharing a band with it (one indexed lookup per band: the same cost at
10k or 1M documents), confirms each candidate exactly (``nearduplicates.same_story``) and
puts the text in the cluster of those it matches (``documents.cluster_id``, the smallest
id of the cluster; clusters that a text bridges are merged), and of the earlier versions
of its page (the texts first archived at the same URL: one item, however much it was
edited). A text alone is its own cluster. ``cluster_pending`` does the same for the
documents of an archive made before (``vnarchive dedup``), a batch per transaction, so
that it can be stopped and resumed.

``publishers(session, ids)`` names, for documents, every portal that published their
story: the portals of the other texts of the cluster, and the other portals whose
captures carry the very same text, each with the date it published it; the earliest is
the origin.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from archive.db.models import Capture, Document, TextBand
from archive.db.upsert import dialect_insert
from archive.documents.nearduplicates import MIN_WORDS, Settings, band_keys, same_story, words
from archive.timeutil import to_local

CANDIDATES = 50  # candidates confirmed per text at most: those sharing the most bands


@dataclass(frozen=True)
class Publisher:
    host: str
    url: str
    date: datetime  # published, or first archived
    document_id: int
    same_text: bool  # carries the very text of the document asked about


def story_of(doc: Any) -> int:
    """The story a document (or a row with ``id`` and ``cluster_id``) tells: its cluster,
    or itself while it is not clustered."""
    return int(doc.cluster_id if doc.cluster_id is not None else doc.id)


def settings_of(session: Session) -> Settings:
    """The thresholds of the archive's settings (``syndication_*``), or the defaults."""
    config = session.info.get("config")
    if config is None:
        return Settings()
    return Settings(config.syndication_containment, config.syndication_length_ratio)


def place(session: Session, doc: Document, settings: Settings | None = None) -> int:
    """Cluster a document with the near-duplicate texts already placed; its cluster id."""
    settings = settings or settings_of(session)
    text_words = words(doc.text)
    if len(text_words) < MIN_WORDS:  # too short to compare: its page's other versions only
        earlier = session.scalar(
            select(func.min(func.coalesce(Document.cluster_id, Document.id))).where(
                Document.url == doc.url, Document.id != doc.id
            )
        )
        doc.cluster_id = min(doc.id, earlier) if earlier is not None else doc.id
        return doc.cluster_id
    keys = band_keys(text_words)
    shared = func.count().label("shared")
    candidates = session.execute(
        select(TextBand.document_id, shared)
        .where(  # band = b AND key = k, or…: an index lookup each (a row-value IN is a scan)
            or_(*(and_(TextBand.band == b, TextBand.key == k) for b, k in keys)),
            TextBand.document_id != doc.id,
        )
        .group_by(TextBand.document_id)
        .order_by(shared.desc(), TextBand.document_id)
        .limit(CANDIDATES)
    ).all()
    session.execute(
        dialect_insert(session, TextBand)
        .values([{"band": b, "key": k, "document_id": doc.id} for b, k in keys])
        .on_conflict_do_nothing()
    )
    clusters: set[int] = set()
    for other in session.scalars(  # earlier versions of the same page: one item, one story
        select(Document).where(Document.url == doc.url, Document.id != doc.id)
    ):
        clusters.add(story_of(other))
    for other in session.scalars(
        select(Document).where(Document.id.in_([c.document_id for c in candidates]))
    ):
        if same_story(doc.text, other.text, settings):
            clusters.add(story_of(other))
    target = min(clusters | {doc.id})
    doc.cluster_id = target
    merged = sorted(clusters - {target})
    if merged:
        session.execute(
            update(Document).where(Document.cluster_id.in_(merged)).values(cluster_id=target)
        )
    session.flush()
    return target


def refile(session: Session, doc: Document, settings: Settings | None = None) -> int:
    """Place a document again after its text changed in place."""
    session.execute(delete(TextBand).where(TextBand.document_id == doc.id))
    return place(session, doc, settings)


def cluster_pending(
    sessions: sessionmaker[Session], batch: int = 200, settings: Settings | None = None
) -> Iterable[tuple[int, int]]:
    """Place every document not clustered yet, oldest first, committing each batch; yields
    (placed so far, of which joined another text) after each batch."""
    placed = joined = 0
    while True:
        with sessions.begin() as session:
            docs = session.scalars(
                select(Document)
                .where(Document.cluster_id.is_(None))
                .order_by(Document.id)
                .limit(batch)
            ).all()
            if not docs:
                return
            for doc in docs:
                joined += place(session, doc, settings) != doc.id
            placed += len(docs)
        yield placed, joined


def pending(session: Session) -> int:
    return int(session.scalar(select(func.count()).where(Document.cluster_id.is_(None))) or 0)


def publishers(session: Session, document_ids: Sequence[int]) -> dict[int, list[Publisher]]:
    """Every portal that published the story of each document, earliest first (one entry
    per portal: its earliest text of the story)."""
    columns = (
        Document.id,
        Document.cluster_id,
        Document.host,
        Document.url,
        Document.published_at,
        Document.first_captured_at,
    )  # not the texts: a story may have been reposted by hundreds of communes
    docs = {d.id: d for d in session.execute(select(*columns).where(Document.id.in_(document_ids)))}
    cluster_of = {i: story_of(d) for i, d in docs.items()}
    members = {
        d.id: d
        for d in session.execute(
            select(*columns).where(
                Document.cluster_id.in_(sorted(set(cluster_of.values())))
                | Document.id.in_(sorted(docs))
            )
        )
    }
    carried = session.execute(  # the captures of every member text, on any host
        select(
            Capture.document_id,
            Capture.host,
            func.min(Capture.url),
            func.min(Capture.captured_at),
        )
        .where(Capture.document_id.in_(list(members)))
        .group_by(Capture.document_id, Capture.host)
    ).all()
    by_cluster: dict[int, list[Publisher]] = {}
    for member in members.values():
        cluster = story_of(member)
        date = member.published_at or member.first_captured_at
        by_cluster.setdefault(cluster, []).append(
            Publisher(member.host, member.url, date, member.id, False)
        )
    for carrier, host, url, captured in carried:  # the same text on another portal: dated
        member = members[carrier or 0]  # by its first capture there (its own date unknown)
        if host == member.host:
            continue
        cluster = story_of(member)
        by_cluster[cluster].append(Publisher(host, url, captured, member.id, False))
    out: dict[int, list[Publisher]] = {}
    for doc_id in document_ids:
        if doc_id not in docs:
            continue
        earliest: dict[str, Publisher] = {}
        for p in sorted(by_cluster.get(cluster_of[doc_id], []), key=lambda p: (p.date, p.host)):
            if p.host not in earliest:
                earliest[p.host] = Publisher(
                    p.host, p.url, p.date, p.document_id, p.document_id == doc_id
                )
        out[doc_id] = sorted(earliest.values(), key=lambda p: (p.date, p.host))
    return out


def publishers_json(story: list[Publisher], host: str) -> dict[str, object]:
    """``origin``: the portal that published the story first (None when only one did);
    ``also_published_by``: every other portal that published it (the same text, or a
    near-duplicate), earliest first, each with its URL and date (local time, ISO 8601)."""
    return {
        "origin": story[0].host if len(story) > 1 else None,
        "also_published_by": [
            {
                "portal": p.host,
                "url": p.url,
                "date": local.isoformat() if (local := to_local(p.date)) else None,
                "same_text": p.same_text,
            }
            for p in story
            if p.host != host
        ],
    }
