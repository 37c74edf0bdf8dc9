"""Rows for records that reached a WARC file but not the database (a crawl killed between
the two): the capture, and for an HTML article its document.

The row is inserted with ``ON CONFLICT (warc_record_id) DO NOTHING``: a record that a crawl
recorded meanwhile (a repair racing a file rotation) is never recorded twice."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from warcio.archiveiterator import ArchiveIterator

from archive.config import ArchiveConfig
from archive.db.models import Capture
from archive.db.upsert import dialect_insert
from archive.documents.store import DocumentStore
from archive.extract import extract
from archive.urlkey import redirect_target, surt_key
from archive.warc.payload import DEFAULT_CAP, PayloadError
from archive.warc.reader import body_chunks


def _warc_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def record_unrecorded(
    config: ArchiveConfig,
    sessions: sessionmaker[Session],
    path: Path,
    name: str,
    offset: int,
    length: int,
    store: str | None = None,
) -> int | None:
    """Insert the ``Capture`` row of the record at ``path:offset``; return its id (``None``:
    the record had a row already)."""
    with path.open("rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        headers = record.rec_headers
        http = record.http_headers
        http_list = list(http.headers) if http else []
        body = b""
        if record.rec_type == "response":
            try:
                body = b"".join(body_chunks(record, http_list, DEFAULT_CAP))
            except PayloadError:  # recorded all the same; its text is not read
                body = b""
        url = headers.get_header("WARC-Target-URI")
        status = int(http.get_statuscode()) if http and http.get_statuscode() else 0
        ctype = http.get_header("Content-Type") if http else None
        location = http.get_header("Location") if http else None
        capture = Capture(
            url=url,
            surt=surt_key(url),
            host=(url.split("/")[2] if "//" in url else url),
            captured_at=_warc_datetime(headers.get_header("WARC-Date")),
            status=status,
            mime=ctype.split(";")[0].strip().lower() if ctype else None,
            record_type=record.rec_type,
            payload_digest=headers.get_header("WARC-Payload-Digest"),
            payload_length=len(body),
            warc_store=store or config.warc_store,
            warc_filename=name,
            warc_offset=offset,
            warc_length=length,
            warc_record_id=headers.get_header("WARC-Record-ID"),
            etag=http.get_header("ETag") if http else None,
            last_modified=http.get_header("Last-Modified") if http else None,
            redirect_to=redirect_target(url, location) if location else None,
        )
    with sessions.begin() as session:
        _link_revisit(session, capture, headers.get_header("WARC-Refers-To"))
        values = {
            c.key: getattr(capture, c.key) for c in Capture.__table__.columns if c.key != "id"
        }
        capture_id = session.execute(
            dialect_insert(session, Capture)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["warc_record_id"])
            .returning(Capture.id)
        ).scalar()
    if capture_id is None:
        return None
    if record.rec_type == "response" and status == 200 and ctype and "html" in ctype:
        DocumentStore(sessions).add(capture_id, extract(body, url, content_type=ctype))
    return capture_id


def _link_revisit(session: Session, capture: Capture, refers_to: str | None) -> None:
    if not refers_to:
        return
    original = session.scalars(select(Capture).where(Capture.warc_record_id == refers_to)).first()
    if original is not None:
        capture.refers_to_id = original.id
        capture.document_id = original.document_id
