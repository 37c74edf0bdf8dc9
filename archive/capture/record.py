"""Captures: an HTTP exchange becomes a WARC record, then a ``Capture`` row.

``CaptureRecorder.record_many`` writes a batch of exchanges — each in full, or as a revisit
of the archive's last copy (``archive.capture.dedup``) — flushes every record, and only then
commits their rows in one short transaction: a record is on disk before its row exists, so a
crash leaves at most records without rows (``vnarchive verify --repair`` adds them), never a
row without its record. The recorder is used from one thread at a time: the crawl's capture
thread (``archive.capture.worker``), or a command's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, sessionmaker

from archive.capture.dedup import (
    Previous,
    conditional_headers,
    decide,
    original_of,
    previous_capture,
    previous_captures,
    with_availability,
)
from archive.config import ArchiveConfig
from archive.db.models import Capture
from archive.errors import WarcReadError
from archive.urlkey import redirect_target, surt_key
from archive.warc import HttpExchange, WarcFileWriter
from archive.warc.exchange import freshen
from archive.warc.reader import StoredRecord, read_record
from archive.warc.stores import WarcStores
from archive.warc.writer import NOT_MODIFIED


class _Unknown:
    """The earlier capture was not looked up yet: ``record`` looks it up itself."""


UNKNOWN = _Unknown()


@dataclass(frozen=True)
class Recorded:
    """What was archived for one exchange: its row, record type, and new/changed/unchanged."""

    capture_id: int
    record_type: str  # "response" or "revisit"
    outcome: str
    url: str


@dataclass(frozen=True)
class Written:
    """A record on disk whose row is yet to be committed."""

    row: dict[str, Any]
    outcome: str


@dataclass(frozen=True)
class Pending:
    """One exchange to archive, with what was known of its URL when it was requested."""

    exchange: HttpExchange
    job_id: int | None = None
    previous: Previous | None | _Unknown = UNKNOWN


class CaptureRecorder:
    """Writes WARC records and their rows; reads records back by capture."""

    def __init__(
        self,
        config: ArchiveConfig,
        sessions: sessionmaker[Session],
        warcinfo: dict[str, Any] | None = None,
    ) -> None:
        self.config = config
        self.stores = WarcStores.of(config)
        self.sessions = sessions
        self.warcinfo = dict(warcinfo or {})
        self._writer: WarcFileWriter | None = None

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

    @property
    def warc_bytes(self) -> int:
        return self._writer.bytes_written if self._writer else 0

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()

    # -- what the archive holds of a URL --------------------------------------------------
    def lookup(self, url: str) -> Previous | None:
        """The latest capture of ``url``, and whether its original record is still there."""
        with self.sessions() as session:
            found = previous_capture(session, surt_key(url))
        return with_availability(found, self.stores)

    def lookup_many(self, urls: Sequence[str]) -> dict[str, Previous]:
        """The latest capture of each URL that has one, by URL (one query per 500 URLs)."""
        keys = {url: surt_key(url) for url in urls}
        found: dict[str, Previous] = {}
        with self.sessions() as session:
            for start in range(0, len(urls), 500):
                chunk = list(dict.fromkeys(keys[u] for u in urls[start : start + 500]))
                found.update(previous_captures(session, chunk))
        return {
            url: with_availability(found[key], self.stores)  # type: ignore[misc]
            for url, key in keys.items()
            if key in found
        }

    def validators(self, url: str) -> tuple[Previous | None, dict[str, str]]:
        """The latest capture of ``url`` and the conditional-request headers it gives."""
        previous = self.lookup(url)
        return previous, conditional_headers(previous)

    def archived(self, capture_id: int) -> StoredRecord:
        """The record holding a capture's payload (a revisit resolved to its original)."""
        with self.sessions() as session:
            capture = session.get(Capture, capture_id)
            if capture is None:
                raise KeyError(capture_id)
            capture = original_of(session, capture)
            folder = self.stores.folder(capture.warc_store)
            return read_record(folder, capture.warc_filename, capture.warc_offset)

    def served_headers(self, capture: Previous) -> list[tuple[str, str]] | None:
        """The HTTP headers in a capture's own record (a 304 revisit: the freshened ones);
        ``None`` if the record cannot be read."""
        try:
            folder = self.stores.folder(capture.warc_store)
            record = read_record(folder, capture.warc_filename, capture.warc_offset)
        except WarcReadError:
            return None
        return record.http_headers

    # -- archiving --------------------------------------------------------------------------
    def record(self, exchange: HttpExchange, job_id: int | None = None) -> Recorded:
        """Archive one exchange (in full, or as a revisit)."""
        return self.record_many([Pending(exchange, job_id)])[0]

    def record_many(self, batch: Sequence[Pending]) -> list[Recorded]:
        """Archive a batch: every record written and flushed, then every row committed."""
        return self.commit_rows(self.write_records(batch))

    def write_records(self, batch: Sequence[Pending]) -> list[Written]:
        """Write (and flush) the WARC record of each exchange; the rows are yet to commit."""
        return [self._write(item) for item in batch]

    def commit_rows(self, written: Sequence[Written]) -> list[Recorded]:
        """Commit the rows of records written, in one transaction. A revisit takes its
        original's document as it is now: the original may have been indexed meanwhile."""
        original = aliased(Capture)
        with self.sessions.begin() as session:
            captures = [Capture(**w.row) for w in written]
            for capture in captures:
                if capture.refers_to_id is not None:
                    capture.document_id = session.scalar(
                        select(original.document_id).where(original.id == capture.refers_to_id)
                    )
                session.add(capture)
            session.flush()
            return [
                Recorded(c.id, c.record_type, w.outcome, c.url)
                for c, w in zip(captures, written, strict=True)
            ]

    def _write(self, item: Pending) -> Written:
        exchange = item.exchange
        key = surt_key(exchange.url)
        looked_up = isinstance(item.previous, _Unknown)
        previous = self.lookup(exchange.url) if looked_up else item.previous
        assert not isinstance(previous, _Unknown)
        revisit = decide(exchange, previous)
        written = exchange
        if revisit is not None and revisit.profile == NOT_MODIFIED and previous is not None:
            written = self._freshened(exchange, previous.original_id)
        loc = self.writer.write_exchange(written, revisit)
        location = exchange.header("Location")
        of = previous if revisit is not None else None
        row = {
            "job_id": item.job_id,
            "url": exchange.url,
            "surt": key,
            "host": exchange.host,
            "captured_at": exchange.fetched_at,
            "status": written.status,  # as in the record: a freshened 304 has the original's
            "mime": exchange.mime or (of.mime if of else None),
            "record_type": loc.record_type,
            "payload_digest": loc.payload_digest,
            "payload_length": loc.payload_length,
            "warc_store": self.config.warc_store,
            "warc_filename": loc.filename,
            "warc_offset": loc.offset,
            "warc_length": loc.length,
            "warc_record_id": loc.record_id,
            "etag": exchange.header("ETag"),
            "last_modified": exchange.header("Last-Modified"),
            "redirect_to": redirect_target(exchange.url, location) if location else None,
            "refers_to_id": of.original_id if of else None,
        }
        if revisit is not None:
            outcome = "unchanged"
        else:
            outcome = "new" if previous is None else "changed"
        return Written(row, outcome)

    def _freshened(self, not_modified: HttpExchange, original_id: int) -> HttpExchange:
        """The stored response as a 304 freshens it (RFC 9111, 4.3.4): the original status
        line and headers, updated by the 304's headers. Written in the revisit record so
        that Wayback tools replay it as the page, not as an empty 304."""
        try:
            stored = self.archived(original_id)
        except (KeyError, WarcReadError):
            return not_modified
        return freshen(not_modified, stored.status or 200, stored.http_headers)
