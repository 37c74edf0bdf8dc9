"""Official documents in the archive: one record per document, whatever carries it.

A decision reaches the archive several ways: its PDF (or DOCX…), the notice page that
announces it, the registry record that lists it. Each gives its fields (``OfficialFields``)
and a *source*; ``upsert_official`` keeps one ``OfficialDocument`` per document, keyed by its
number folded (``182/QĐ-UBND`` = ``182/qd-ubnd``) and its issue date, and merges what each
source says: a stronger source (the file, then a registry record, then a notice) overwrites a
field, a weaker one only fills a field still empty. ``link`` ties a capture to the record;
``record_file`` keeps what reading a file gave; ``record_page_links`` the files a page
links to. Every insert is an upsert: two workers reading two captures of one decision at
once end with one record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.db.models import DocumentFile, OfficialDocument, OfficialLink, PageLink
from archive.db.upsert import dialect_insert
from archive.extract.office import OFFICE_VERSION, DocumentReading, OfficialFields, number_key
from archive.text import nfc
from archive.timeutil import utcnow

SOURCE_RANK = {"notice": 1, "registry": 2, "file": 3}
# the fields a record keeps: those of the official document itself
FIELDS = tuple(f.name for f in fields(OfficialFields))


def official_key(number: str, issued: date | None, host: str) -> str:
    """One key per official document: its folded number and issue date (without a date, the
    host it was found on stands in: ``01/KH-UBND`` recurs every year in every commune)."""
    folded = number_key(number)
    return f"{folded}|{issued.isoformat() if issued else host}"[:255]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(nfc(value).split()) or None
    if isinstance(value, list):
        return [_clean(v) for v in value if _clean(v)]
    return value


def _values(fields: OfficialFields) -> dict[str, Any]:
    return {name: _clean(getattr(fields, name)) for name in FIELDS}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def upsert_official(
    session: Session, fields: OfficialFields, source: str, host: str, seen_at: datetime | None
) -> int | None:
    """The id of the record of the document ``fields`` describe, made or merged; None when
    they give no number (nothing to key a record on)."""
    if not fields.number:
        return None
    values = _values(fields)
    key = official_key(values["number"], values["issued_date"], host)
    stmt = (
        dialect_insert(session, OfficialDocument)
        .values(
            key=key,
            number_key=number_key(values["number"]),
            source=source,
            host=host,
            first_seen_at=seen_at or utcnow(),
            **values,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(OfficialDocument.id)
    )
    made = session.execute(stmt).scalar()
    if made is not None:
        return made
    row = session.scalars(
        select(OfficialDocument).where(OfficialDocument.key == key).with_for_update()
    ).one()
    stronger = SOURCE_RANK.get(source, 0) > SOURCE_RANK.get(row.source, 0)
    for name, value in values.items():
        if _empty(value):
            continue
        if stronger or _empty(getattr(row, name)):
            setattr(row, name, value)
    if stronger:
        row.source = source
    if seen_at is not None and seen_at < row.first_seen_at:
        row.first_seen_at = seen_at
    return row.id


def link(session: Session, official_id: int, capture_id: int, role: str) -> None:
    """``capture_id`` carries (``file``) or announces (``notice``, ``registry``) the record."""
    session.execute(
        dialect_insert(session, OfficialLink)
        .values(official_id=official_id, capture_id=capture_id, role=role)
        .on_conflict_do_nothing(index_elements=["official_id", "capture_id"])
    )


def url_hash(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()


def record_page_links(session: Session, capture_id: int, urls: tuple[str, ...]) -> None:
    """The document files a page's content links to (``Extraction.documents``)."""
    for url in dict.fromkeys(urls):
        session.execute(
            dialect_insert(session, PageLink)
            .values(capture_id=capture_id, url=url, url_hash=url_hash(url))
            .on_conflict_do_nothing(index_elements=["capture_id", "url"])
        )


def record_file(
    session: Session, capture_id: int, reading: DocumentReading, name: str | None
) -> None:
    """What reading an archived file gave; read again (``reextract --ocr``), it is replaced."""
    values = {
        "name": _clean(name),
        "format": reading.format[:16],
        "pages": reading.page_count,
        "needs_ocr": reading.needs_ocr,
        "ocr_used": reading.ocr_used,
        "reason": reading.reason,
        "signatures": [s.to_json() for s in reading.signatures],
        "reader_version": OFFICE_VERSION,
        "read_at": utcnow(),
    }
    stmt = dialect_insert(session, DocumentFile).values(capture_id=capture_id, **values)
    session.execute(stmt.on_conflict_do_update(index_elements=["capture_id"], set_=values))


@dataclass(frozen=True)
class Official:
    """An official document as the archive shows it (``documents``, ``show``, the web app)."""

    id: int
    number: str | None
    doc_type: str | None
    issuer: str | None
    issued_date: date | None
    place: str | None
    subject: str | None
    signer: str | None
    signer_title: str | None
    effective_date: date | None
    replaces: list[str]
    amends: list[str]
    source: str
    host: str

    @classmethod
    def of(cls, row: OfficialDocument) -> Official:
        return cls(
            row.id,
            row.number,
            row.doc_type,
            row.issuer,
            row.issued_date,
            row.place,
            row.subject,
            row.signer,
            row.signer_title,
            row.effective_date,
            list(row.replaces or []),
            list(row.amends or []),
            row.source,
            row.host,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "doc_type": self.doc_type,
            "issuer": self.issuer,
            "issued_date": self.issued_date.isoformat() if self.issued_date else None,
            "place": self.place,
            "subject": self.subject,
            "signer": self.signer,
            "signer_title": self.signer_title,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "replaces": self.replaces,
            "amends": self.amends,
            "source": self.source,
            "host": self.host,
        }


def official_of(session: Session, official_id: int | None) -> Official | None:
    if official_id is None:
        return None
    row = session.get(OfficialDocument, official_id)
    return Official.of(row) if row is not None else None
