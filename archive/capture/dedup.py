"""Dedup of captures across crawls: what the archive already holds for a URL.

``decide`` is the policy, a tiny function in the manner of pywb's dedup filters: given the
new exchange and the latest earlier capture of its URL, it says whether to write a full
``response`` record or a ``revisit`` that refers to the earlier one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from archive.db.models import Capture
from archive.warc.exchange import HttpExchange
from archive.warc.stores import WarcStores
from archive.warc.writer import (
    IDENTICAL_PAYLOAD,
    NOT_MODIFIED,
    OPEN_SUFFIX,
    RevisitOf,
    payload_digest,
)


@dataclass(frozen=True)
class Previous:
    """The latest capture of a URL, resolved to the full record its payload is in; what a
    revisit decision, conditional request headers and the sitemap revisit policy need."""

    status: int
    mime: str | None
    payload_digest: str | None
    etag: str | None
    last_modified: str | None
    original_id: int
    original_url: str
    original_date: datetime
    original_record_id: str
    document_id: int | None
    # the latest capture itself (a revisit's record has the portal's fresh Date)
    captured_at: datetime  # by our clock
    warc_filename: str
    warc_offset: int
    # where the original's record is; ``available``: it is there (see ``with_availability``)
    original_filename: str = ""
    original_offset: int = 0
    original_length: int = 0
    available: bool = True
    warc_store: str = "local"  # the latest capture's store, and its original's
    original_store: str = "local"


def original_of(session: Session, capture: Capture) -> Capture:
    """The capture whose record holds the payload: a revisit's original, else itself.

    Revisits always refer to a full response record, never to another revisit.
    """
    if capture.record_type == "revisit" and capture.refers_to_id is not None:
        return session.get(Capture, capture.refers_to_id) or capture
    return capture


_ORIGINAL = aliased(Capture)


def previous_capture(session: Session, surt: str) -> Previous | None:
    """The latest capture of ``surt`` (a revisit or not) with the original it refers to,
    in one query."""
    stmt = (
        select(Capture, _ORIGINAL)
        .outerjoin(_ORIGINAL, _ORIGINAL.id == Capture.refers_to_id)
        .where(Capture.surt == surt)
        .order_by(Capture.captured_at.desc(), Capture.id.desc())
        .limit(1)
    )
    row = session.execute(stmt).first()
    if row is None:
        return None
    return _previous(*row)


def previous_captures(session: Session, surts: Sequence[str]) -> dict[str, Previous]:
    """``previous_capture`` of many SURT keys at once (one query), by key."""
    if not surts:
        return {}
    ranked = (
        select(
            Capture.id,
            func.row_number()
            .over(
                partition_by=Capture.surt,
                order_by=(Capture.captured_at.desc(), Capture.id.desc()),
            )
            .label("rank"),
        )
        .where(Capture.surt.in_(list(surts)))
        .subquery()
    )
    stmt = (
        select(Capture, _ORIGINAL)
        .outerjoin(_ORIGINAL, _ORIGINAL.id == Capture.refers_to_id)
        .where(Capture.id.in_(select(ranked.c.id).where(ranked.c.rank == 1)))
    )
    return {latest.surt: _previous(latest, referred) for latest, referred in session.execute(stmt)}


def _previous(latest: Capture, referred: Capture | None) -> Previous:
    original = referred if latest.record_type == "revisit" and referred is not None else latest
    return Previous(
        status=original.status,
        mime=original.mime,
        payload_digest=original.payload_digest,
        etag=latest.etag or original.etag,
        last_modified=latest.last_modified or original.last_modified,
        original_id=original.id,
        original_url=original.url,
        original_date=original.captured_at,
        original_record_id=original.warc_record_id,
        document_id=original.document_id,
        captured_at=latest.captured_at,
        warc_filename=latest.warc_filename,
        warc_offset=latest.warc_offset,
        original_filename=original.warc_filename,
        original_offset=original.warc_offset,
        original_length=original.warc_length,
        warc_store=latest.warc_store,
        original_store=original.warc_store,
    )


def record_present(directory: Path, filename: str, offset: int, length: int) -> bool:
    """Whether a record's bytes are still in its file: the file (closed or still ``.open``)
    exists and reaches past the record's end. A lost or truncated file fails."""
    for name in (filename, filename + OPEN_SUFFIX):
        try:
            return (directory / name).stat().st_size >= offset + length
        except OSError:
            continue
    return False


def with_availability(previous: Previous | None, stores: WarcStores) -> Previous | None:
    """``previous`` with ``available`` saying whether its original record is still there: a
    copy that is gone must not be revisited (the page is asked for and archived in full)."""
    if previous is None:
        return None
    present = record_present(
        stores.folder(previous.original_store),
        previous.original_filename,
        previous.original_offset,
        previous.original_length,
    )
    return replace(previous, available=present)


def conditional_headers(previous: Previous | None) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` from the last full 200 capture's validators
    (none when that capture's record is gone: the page is then fetched in full)."""
    if previous is None or previous.status != 200 or not previous.available:
        return {}
    headers = {}
    if previous.etag:
        headers["If-None-Match"] = previous.etag
    if previous.last_modified:
        headers["If-Modified-Since"] = previous.last_modified
    return headers


def decide(exchange: HttpExchange, previous: Previous | None) -> RevisitOf | None:
    """``None``: write the response in full; else the revisit to write instead (never of a
    record that is gone)."""
    if previous is None or previous.payload_digest is None or not previous.available:
        return None
    if exchange.status == 304 and previous.status == 200:
        profile = NOT_MODIFIED
    elif exchange.status == previous.status and (
        payload_digest(exchange.body) == previous.payload_digest
    ):
        profile = IDENTICAL_PAYLOAD
    else:
        return None
    return RevisitOf(
        profile=profile,
        target_uri=previous.original_url,
        date=previous.original_date,
        record_id=previous.original_record_id,
        payload_digest=previous.payload_digest,
    )
