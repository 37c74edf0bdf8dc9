"""Official documents as researchers look them up: a list, one document with everything that
carries or announces it, and what reading an archived file gave.

``list_officials`` filters by portal (a document counts for a portal when one of its
captures is on the portal, or its file is linked from one of the portal's pages), type and
issue date, newest issued first. ``official_view`` gathers a record's captures (file,
notice, registry record) and the pages that link its files; ``file_view`` is what ``show``
prints for a file's capture.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from archive.catalog.names import normalize_host
from archive.db.models import Capture, DocumentFile, OfficialDocument, OfficialLink, PageLink
from archive.documents.official import Official, url_hash
from archive.search.facets import doctype_name


@dataclass(frozen=True)
class Carrier:
    """A capture that carries or announces an official document, or links its file."""

    role: str  # file, notice, registry; "links" for a page linking the file
    url: str
    captured_at: datetime
    capture_id: int

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "url": self.url,
            "captured_at": self.captured_at.isoformat(),
            "capture_id": self.capture_id,
        }


@dataclass(frozen=True)
class OfficialView:
    official: Official
    carriers: list[Carrier]

    def to_json(self) -> dict[str, Any]:
        return self.official.to_json() | {"captures": [c.to_json() for c in self.carriers]}


@dataclass(frozen=True)
class FileView:
    """What reading one archived file gave."""

    name: str | None
    format: str
    pages: int | None
    needs_ocr: bool
    ocr_used: bool
    reason: str | None
    signatures: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "format": self.format,
            "pages": self.pages,
            "needs_ocr": self.needs_ocr,
            "ocr_used": self.ocr_used,
            "reason": self.reason,
            "signatures": self.signatures,
        }


def _portal_ids(host: str) -> Select[tuple[int]]:
    """Ids of the records with a capture on ``host``, or whose file a page of it links."""
    hosts = [host, "www." + host] if not host.startswith("www.") else [host, host[4:]]
    on_portal = (
        select(OfficialLink.official_id)
        .join(Capture, Capture.id == OfficialLink.capture_id)
        .where(Capture.host.in_(hosts))
    )
    page = aliased(Capture)
    linked = (
        select(OfficialLink.official_id)
        .join(Capture, Capture.id == OfficialLink.capture_id)
        .join(PageLink, PageLink.url == Capture.url)
        .join(page, page.id == PageLink.capture_id)
        .where(page.host.in_(hosts))
    )
    return on_portal.union(linked)  # type: ignore[return-value]


def list_officials(
    session: Session,
    *,
    portal: str | None = None,
    doc_type: str | None = None,
    issued_from: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Official], int]:
    """A page of official documents, newest issued first, and how many there are."""
    stmt = select(OfficialDocument)
    if portal:
        stmt = stmt.where(OfficialDocument.id.in_(_portal_ids(normalize_host(portal))))
    if doc_type:
        stmt = stmt.where(OfficialDocument.doc_type == doctype_name(doc_type))
    if issued_from is not None:
        stmt = stmt.where(OfficialDocument.issued_date >= issued_from)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(OfficialDocument.issued_date.desc().nulls_last(), OfficialDocument.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [Official.of(row) for row in rows], total


def official_view(session: Session, official_id: int) -> OfficialView | None:
    row = session.get(OfficialDocument, official_id)
    if row is None:
        return None
    carriers = [
        Carrier(role, url, at, cid)
        for role, url, at, cid in session.execute(
            select(OfficialLink.role, Capture.url, Capture.captured_at, Capture.id)
            .join(Capture, Capture.id == OfficialLink.capture_id)
            .where(OfficialLink.official_id == official_id)
            .order_by(Capture.captured_at)
        )
    ]
    file_urls = sorted({c.url for c in carriers if c.role == "file"})
    if file_urls:
        pages = session.execute(
            select(Capture.url, Capture.captured_at, Capture.id)
            .join(PageLink, PageLink.capture_id == Capture.id)
            .where(PageLink.url_hash.in_([url_hash(u) for u in file_urls]))
            .order_by(Capture.captured_at)
        )
        seen = {c.capture_id for c in carriers}
        carriers += [Carrier("links", u, at, cid) for u, at, cid in pages if cid not in seen]
    return OfficialView(Official.of(row), carriers)


def official_of_capture(session: Session, capture_id: int) -> int | None:
    """The record a capture (or the capture a revisit refers to) carries or announces."""
    capture = session.get(Capture, capture_id)
    ids = [capture_id] + ([capture.refers_to_id] if capture and capture.refers_to_id else [])
    return session.scalar(
        select(OfficialLink.official_id).where(OfficialLink.capture_id.in_(ids)).limit(1)
    )


def file_view(session: Session, capture_id: int) -> FileView | None:
    """The reading of a file's capture (a revisit: its original's)."""
    capture = session.get(Capture, capture_id)
    if capture is None:
        return None
    ids = [capture_id] + ([capture.refers_to_id] if capture.refers_to_id else [])
    row = session.scalar(select(DocumentFile).where(DocumentFile.capture_id.in_(ids)).limit(1))
    if row is None:
        return None
    return FileView(
        row.name,
        row.format,
        row.pages,
        row.needs_ocr,
        row.ocr_used,
        row.reason,
        list(row.signatures or []),
    )


def needs_ocr_captures(session: Session, host: str | None = None) -> list[int]:
    """Captures of files whose scanned pages were not read (``reextract --ocr``)."""
    stmt = select(DocumentFile.capture_id).where(DocumentFile.needs_ocr.is_(True))
    if host:
        stmt = stmt.join(Capture, Capture.id == DocumentFile.capture_id).where(
            or_(Capture.host == host, Capture.host == "www." + host)
        )
    return list(session.scalars(stmt.order_by(DocumentFile.capture_id)))
