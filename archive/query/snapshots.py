"""Finding the capture of a URL nearest to a moment, and what it archived."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.capture.dedup import original_of
from archive.config import ArchiveConfig
from archive.db.models import Capture, Document
from archive.errors import CaptureNotFound
from archive.urlkey import surt_key
from archive.warc.reader import read_payload, stream_payload
from archive.warc.stores import WarcStores


@dataclass(frozen=True)
class Snapshot:
    capture: Capture
    document: Document | None
    count: int  # captures of this URL in the archive


def captures_of(session: Session, url: str) -> list[Capture]:
    """Every capture of ``url`` (matched by SURT key, so scheme and ``www.`` do not matter)."""
    key = surt_key(url)
    stmt = select(Capture).where(Capture.surt == key).order_by(Capture.captured_at)
    return list(session.scalars(stmt))


def nearest(captures: list[Capture], at: datetime | None) -> Capture:
    if at is None:
        return captures[-1]
    return min(captures, key=lambda c: (abs((c.captured_at - at).total_seconds()), -c.id))


def find_snapshot(session: Session, url: str, at: datetime | None = None) -> Snapshot:
    captures = captures_of(session, url)
    if not captures:
        raise CaptureNotFound(url)
    capture = nearest(captures, at)
    document = session.get(Document, capture.document_id) if capture.document_id else None
    return Snapshot(capture, document, len(captures))


def payload_of(config: ArchiveConfig, session: Session, capture: Capture) -> bytes:
    """The archived body, content-decoded; a revisit is resolved to the record it refers to."""
    capture = original_of(session, capture)
    folder = WarcStores.of(config).folder(capture.warc_store)
    return read_payload(folder, capture.warc_filename, capture.warc_offset)


def payload_chunks(config: ArchiveConfig, session: Session, capture: Capture) -> Iterator[bytes]:
    """``payload_of``, chunk by chunk, never whole in memory."""
    capture = original_of(session, capture)
    folder = WarcStores.of(config).folder(capture.warc_store)
    return stream_payload(folder, capture.warc_filename, capture.warc_offset)
