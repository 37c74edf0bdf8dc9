"""The single entry point for new material: captures become WARC records and rows.

``Ingestor.record`` writes an HTTP exchange to WARC and commits its ``Capture`` row once the
record is flushed; ``Ingestor.add_document`` stores the extraction of an archived page as a
``Document`` (one per distinct normalised text) and indexes it for search.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from archive.capture.dedup import (
    Previous,
    conditional_headers,
    decide,
    original_of,
    previous_capture,
)
from archive.config import ArchiveConfig
from archive.db.engine import open_database
from archive.db.models import Capture, CrawlJob, Document
from archive.errors import JobNotFound, WarcReadError
from archive.extract import EXTRACTOR_VERSION, Extraction
from archive.search.fts5 import index_document
from archive.text import nfc, text_hash
from archive.timeutil import utcnow
from archive.urlkey import surt_key
from archive.warc import HttpExchange, WarcFileWriter
from archive.warc.exchange import freshen
from archive.warc.reader import StoredRecord, read_record
from archive.warc.writer import NOT_MODIFIED


@dataclass(frozen=True)
class Recorded:
    """What ``Ingestor.record`` did: the row, the record type, and new/changed/unchanged."""

    capture_id: int
    record_type: str  # "response" or "revisit"
    outcome: str


@dataclass(frozen=True)
class DocumentResult:
    document_id: int
    is_new: bool


class Ingestor:
    def __init__(self, config: ArchiveConfig, sessions: sessionmaker[Session] | None = None):
        self.config = config
        self.sessions = sessions or open_database(config)
        self._writer: WarcFileWriter | None = None
        self._looked_up: dict[str, Previous | None] = {}  # by validators(), for record()
        self.warcinfo: dict[str, Any] = {}

    # -- jobs ----------------------------------------------------------------------------
    def start_job(self, seeds: list[str], trigger: str = "manual") -> int:
        with self.sessions.begin() as session:
            job = CrawlJob(
                seeds="\n".join(seeds),
                trigger=trigger,
                status="running",
                started_at=utcnow(),
                pid=os.getpid(),
                stats={},
            )
            session.add(job)
            session.flush()
            return job.id

    def claim_job(self, job_id: int) -> None:
        """Mark an existing job row as running in this process."""
        with self.sessions.begin() as session:
            job = session.get(CrawlJob, job_id)
            if job is None:
                raise JobNotFound(job_id)
            job.status, job.pid, job.started_at = "running", os.getpid(), utcnow()

    def finish_job(self, job_id: int, status: str, stats: dict[str, Any]) -> None:
        with self.sessions.begin() as session:
            job = session.get(CrawlJob, job_id)
            if job is None:
                return
            job.status, job.finished_at, job.stats = status, utcnow(), stats
            job.pages = int(stats.get("pages", 0))
            job.new_documents = int(stats.get("new_documents", 0))
            job.changed_documents = int(stats.get("changed_documents", 0))
            job.unchanged_documents = int(stats.get("unchanged_documents", 0))
            job.warc_bytes = int(stats.get("warc_bytes", 0))
            job.errors = dict(stats.get("errors", {}))

    # -- captures ------------------------------------------------------------------------
    @property
    def writer(self) -> WarcFileWriter:
        if self._writer is None:
            self._writer = WarcFileWriter(
                self.config.warc_dir,
                prefix=self.config.warc_prefix,
                max_size=self.config.warc_max_size,
                warc_version=self.config.warc_version,
                info=self.warcinfo,
            )
        return self._writer

    def validators(self, url: str) -> dict[str, str]:
        """Conditional-request headers for ``url`` from its last capture, if any.

        The lookup is kept until ``record`` archives the answer, which needs it again.
        """
        key = surt_key(url)
        with self.sessions() as session:
            previous = previous_capture(session, key)
        if len(self._looked_up) > 10_000:  # answers that never came (errors) are dropped
            self._looked_up.clear()
        self._looked_up[key] = previous
        return conditional_headers(previous)

    def _previous(self, key: str) -> Previous | None:
        if key in self._looked_up:
            return self._looked_up.pop(key)
        with self.sessions() as session:
            return previous_capture(session, key)

    def record(self, exchange: HttpExchange, job_id: int | None = None) -> Recorded:
        """Archive one exchange (in full, or as a revisit); return its ``Capture`` row."""
        key = surt_key(exchange.url)
        previous = self._previous(key)
        revisit = decide(exchange, previous)
        written = exchange
        if revisit is not None and revisit.profile == NOT_MODIFIED and previous is not None:
            written = self._freshened(exchange, previous.original_id)
        loc = self.writer.write_exchange(written, revisit)
        location = exchange.header("Location")
        capture = Capture(
            job_id=job_id,
            url=exchange.url,
            surt=key,
            host=exchange.host,
            captured_at=exchange.fetched_at,
            status=exchange.status,
            mime=exchange.mime or (previous.mime if revisit and previous else None),
            record_type=loc.record_type,
            payload_digest=loc.payload_digest,
            payload_length=loc.payload_length,
            warc_filename=loc.filename,
            warc_offset=loc.offset,
            warc_length=loc.length,
            warc_record_id=loc.record_id,
            etag=exchange.header("ETag"),
            last_modified=exchange.header("Last-Modified"),
            redirect_to=urljoin(exchange.url, location) if location else None,
            refers_to_id=previous.original_id if revisit and previous else None,
            document_id=previous.document_id if revisit and previous else None,
        )
        with self.sessions.begin() as session:
            session.add(capture)
            session.flush()
            capture_id = capture.id
        if revisit is not None:
            outcome = "unchanged"
        else:
            outcome = "new" if previous is None else "changed"
        return Recorded(capture_id, loc.record_type, outcome)

    def _freshened(self, not_modified: HttpExchange, original_id: int) -> HttpExchange:
        """The stored response as a 304 freshens it (RFC 9111, 4.3.4): the original status
        line and headers, updated by the 304's headers. Written in the revisit record so
        that Wayback tools replay it as the page, not as an empty 304."""
        try:
            stored = self.archived(original_id)
        except (KeyError, WarcReadError):
            return not_modified
        return freshen(not_modified, stored.status or 200, stored.http_headers)

    def archived(self, capture_id: int) -> StoredRecord:
        """The record holding a capture's payload (a revisit resolved to its original)."""
        with self.sessions() as session:
            capture = session.get(Capture, capture_id)
            if capture is None:
                raise KeyError(capture_id)
            capture = original_of(session, capture)
            return read_record(self.config.warc_dir, capture.warc_filename, capture.warc_offset)

    def last_capture(self, url: str) -> Previous | None:
        """When ``url`` was last captured, and what that left (read-only, one query)."""
        with self.sessions() as session:
            return previous_capture(session, surt_key(url))

    def served_headers(self, capture: Previous) -> list[tuple[str, str]] | None:
        """The HTTP headers in a capture's own record (a 304 revisit: the freshened ones);
        ``None`` if the record cannot be read."""
        try:
            record = read_record(self.config.warc_dir, capture.warc_filename, capture.warc_offset)
        except WarcReadError:
            return None
        return record.http_headers

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()

    @property
    def warc_bytes(self) -> int:
        return self._writer.bytes_written if self._writer else 0

    # -- documents -----------------------------------------------------------------------
    def add_document(self, capture_id: int, extraction: Extraction) -> DocumentResult | None:
        """Link the capture to the Document holding its text, creating it when new; either
        way the capture is marked extracted."""
        with self.sessions.begin() as session:
            return self._add(session, capture_id, extraction)

    def _add(self, session: Session, capture_id: int, ex: Extraction) -> DocumentResult | None:
        capture = session.get(Capture, capture_id)
        if capture is None:
            return None
        capture.extracted_at = utcnow()
        if not ex.is_article or not ex.text.strip():
            return None
        body = nfc(ex.text)
        digest = text_hash(body)
        doc = session.scalars(select(Document).where(Document.text_hash == digest)).first()
        is_new = doc is None
        if doc is None:
            doc = self._new_document(capture, ex, body, digest)
            session.add(doc)
            session.flush()
            index_document(session, doc)
        capture.document_id = doc.id
        return DocumentResult(doc.id, is_new)

    @staticmethod
    def _new_document(capture: Capture, ex: Extraction, body: str, digest: str) -> Document:
        def clean(value: str | None) -> str | None:
            return nfc(value).strip() or None if value else None

        return Document(
            text_hash=digest,
            url=capture.url,
            host=capture.host,
            title=clean(ex.title),
            published_at=ex.date,
            author=clean(ex.author),
            category=clean(ex.category),
            sapo=clean(ex.sapo),
            text=body,
            language=ex.language,
            extractor_version=EXTRACTOR_VERSION,
            first_captured_at=capture.captured_at,
        )


def job_counts(sessions: sessionmaker[Session], job_id: int) -> dict[str, int]:
    """Pages, articles and new documents archived by one job, from the rows."""
    with sessions() as session:
        pages = session.scalar(
            select(func.count()).select_from(Capture).where(Capture.job_id == job_id)
        )
        articles = session.scalar(
            select(func.count())
            .select_from(Capture)
            .where(Capture.job_id == job_id, Capture.document_id.is_not(None))
        )
        first_ids = (
            select(func.min(Capture.id))
            .where(Capture.document_id.is_not(None))
            .group_by(Capture.document_id)
            .scalar_subquery()
        )
        new_docs = session.scalar(
            select(func.count())
            .select_from(Capture)
            .where(Capture.job_id == job_id, Capture.id.in_(first_ids))
        )
    return {
        "pages": pages or 0,
        "articles": articles or 0,
        "new_documents": new_docs or 0,
    }
