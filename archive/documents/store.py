"""Where extracted text is stored: one ``Document`` per distinct normalised text.

``add_document`` links a capture to the document holding its text, creating it when new. The
document is made with an upsert (``INSERT … ON CONFLICT (text_hash) DO NOTHING``), so two
writers storing the same text at the same moment — two crawls, a crawl and ``reextract`` —
end up with one document and no error. Revisits of the capture that were recorded before
it was indexed get the document too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from archive.db.models import Capture, Document
from archive.db.upsert import dialect_insert
from archive.documents import official, syndication
from archive.documents.files import FileReading
from archive.extract import EXTRACTOR_VERSION, Extraction
from archive.extract.language import detect_language
from archive.extract.office import OFFICE_VERSION, OfficialFields
from archive.extract.office.pagefields import page_fields
from archive.extract.registry import RegistryRow
from archive.search import index_document, remove_document
from archive.text import nfc, text_hash
from archive.timeutil import LOCAL_TZ, utcnow

# what becomes a document: articles, and notices (a page announcing an official document)
KEPT_KINDS = ("article", "notice")


@dataclass(frozen=True)
class DocumentResult:
    document_id: int
    is_new: bool


def _clean(value: str | None) -> str | None:
    return nfc(value).strip() or None if value else None


def keeps(ex: Extraction) -> bool:
    """Whether an extraction makes a document: an article or a notice, with text."""
    return (ex.is_article or ex.kind in KEPT_KINDS) and bool(ex.text.strip())


def document_values(capture: Capture, ex: Extraction) -> dict[str, object]:
    """The columns of the document an extraction of ``capture`` makes."""
    body = nfc(ex.text)
    return {
        "kind": "article" if ex.is_article else ex.kind,
        "text_hash": text_hash(body),
        "url": capture.url,
        "host": capture.host,
        "title": _clean(ex.title),
        "published_at": ex.date,
        "author": _clean(ex.author),
        "category": _clean(ex.category),
        "sapo": _clean(ex.sapo),
        "text": body,
        "language": ex.language,
        "extractor_version": EXTRACTOR_VERSION,
        "first_captured_at": capture.captured_at,
    }


def upsert_document(session: Session, values: dict[str, object]) -> DocumentResult:
    """The document holding ``values["text_hash"]``, made (and indexed) if there is none."""
    stmt = (
        dialect_insert(session, Document)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["text_hash"])
        .returning(Document.id)
    )
    made = session.execute(stmt).scalar()
    if made is not None:
        doc = session.get(Document, made)
        assert doc is not None
        index_document(session, doc)
        syndication.place(session, doc)
        return DocumentResult(made, True)
    found = session.scalar(select(Document).where(Document.text_hash == values["text_hash"]))
    assert found is not None
    official_id = values.get("official_id")
    if official_id is not None and found.official_id is None:  # now known to carry one
        found.official_id = int(str(official_id))
        found.kind = found.kind or str(values.get("kind") or "") or None
        session.flush()
        index_document(session, found)
    return DocumentResult(found.id, False)


def link_revisits(session: Session, capture_id: int, document_id: int) -> None:
    """Revisits of ``capture_id`` recorded before it had a document get it now."""
    session.execute(
        update(Capture)
        .where(Capture.refers_to_id == capture_id, Capture.document_id.is_(None))
        .values(document_id=document_id)
    )


def add_document(session: Session, capture_id: int, ex: Extraction) -> DocumentResult | None:
    """Store the extraction of an archived page; the capture is marked extracted either way."""
    capture = session.get(Capture, capture_id)
    if capture is None:
        return None
    capture.extracted_at = utcnow()
    files = ex.documents + tuple(r.file_url for r in ex.records if r.file_url)
    if files:
        official.record_page_links(session, capture_id, files)
    for row in ex.records:  # a registry's rows: each a document this page lists
        _official(session, capture, _row_fields(row), "registry")
    if not keeps(ex):
        return None
    values = document_values(capture, ex)
    announced = announce(session, capture, ex)
    if announced is not None:
        values["official_id"], title = announced
        values["title"] = values["title"] or title  # a registry record without a heading
    result = upsert_document(session, values)
    link_capture(session, capture, result, ex.date)
    return result


def link_capture(
    session: Session, capture: Capture, result: DocumentResult, published_at: datetime | None
) -> None:
    """The capture (and its earlier revisits) carry the document. A text already archived
    from another portal is now also this portal's (its unit facets say so), and belongs
    to whichever published it first: the document's host, URL and date are the earliest
    publisher's, as far as the dates the pages show tell."""
    capture.document_id = result.document_id
    link_revisits(session, capture.id, result.document_id)
    if result.is_new:
        return
    doc = session.get(Document, result.document_id)
    assert doc is not None
    if capture.host == doc.host:
        return
    earlier = published_at is not None and (
        doc.published_at is None or published_at < doc.published_at
    )
    if earlier:
        doc.host, doc.url, doc.published_at = capture.host, capture.url, published_at
    seen = session.scalar(
        select(Capture.id)
        .where(
            Capture.document_id == doc.id, Capture.host == capture.host, Capture.id != capture.id
        )
        .limit(1)
    )
    if earlier or seen is None:
        session.flush()
        index_document(session, doc)


def announce(session: Session, capture: Capture, ex: Extraction) -> tuple[int, str | None] | None:
    """For a notice page: the official document it announces or records (made or merged,
    and linked to the capture), with a title for it; None for other pages."""
    if ex.kind != "notice":
        return None
    said = page_fields(ex.title, ex.text, ex.date)
    if said is None:
        return None
    fields, source = said
    official_id = _official(session, capture, fields, source)
    return (official_id, _title_of(fields)) if official_id is not None else None


def _official(
    session: Session, capture: Capture, fields: OfficialFields, source: str
) -> int | None:
    official_id = official.upsert_official(
        session, fields, source, capture.host, capture.captured_at
    )
    if official_id is not None:
        official.link(session, official_id, capture.id, source)  # file, registry, notice
    return official_id


def _row_fields(row: RegistryRow) -> OfficialFields:
    return OfficialFields(
        doc_type=row.doc_type,
        number=row.number,
        issuer=row.issuer,
        issued_date=row.issued_date,
        place=None,
        subject=row.subject,
        signer=row.signer,
        signer_title=None,
    )


def _title_of(fields: OfficialFields | None) -> str | None:
    if fields is None:
        return None
    named = " ".join(p for p in (fields.doc_type, fields.number) if p)
    if named and fields.subject:
        return f"{named}: {fields.subject}"
    return named or fields.subject


def _local_midnight(day: date | None) -> datetime | None:
    return datetime.combine(day, time(), tzinfo=LOCAL_TZ) if day else None


def add_file(session: Session, capture_id: int, read: FileReading) -> DocumentResult | None:
    """Store what reading an archived file gave: its reading (``document_files``), its
    official record, and a document of kind ``document`` holding its text (searchable). A
    file read again (``reextract --ocr``) moves to the document of its new text."""
    capture = session.get(Capture, capture_id)
    if capture is None:
        return None
    capture.extracted_at = utcnow()
    reading = read.reading
    official.record_file(session, capture_id, reading, read.name)
    if not reading.ok:
        return None
    fields = read.fields
    official_id = _official(session, capture, fields, "file") if fields else None
    body = nfc(reading.text)
    values: dict[str, object] = {
        "text_hash": text_hash(body),
        "url": capture.url,
        "host": capture.host,
        "title": _clean(_title_of(fields) or read.name),
        "published_at": _local_midnight(fields.issued_date if fields else None),
        "author": _clean(fields.signer if fields else None),
        "category": _clean(fields.doc_type if fields else None),
        "sapo": _clean(fields.subject if fields else None),
        "text": body,
        "language": detect_language(body),
        "extractor_version": f"office-{OFFICE_VERSION}",
        "first_captured_at": capture.captured_at,
        "kind": "document",
        "official_id": official_id,
    }
    result = upsert_document(session, values)
    old = capture.document_id
    capture.document_id = result.document_id
    link_revisits(session, capture_id, result.document_id)
    if old is not None and old != result.document_id:  # read again: the old text may go
        session.execute(
            update(Capture)
            .where(Capture.refers_to_id == capture_id, Capture.document_id == old)
            .values(document_id=result.document_id)
        )
        session.flush()
        if session.scalar(select(Capture.id).where(Capture.document_id == old).limit(1)) is None:
            remove_document(session, old)
            stale = session.get(Document, old)
            if stale is not None:
                session.delete(stale)
    return result


class DocumentStore:
    """``add_document`` in a transaction of its own."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def add(self, capture_id: int, extraction: Extraction) -> DocumentResult | None:
        with self.sessions.begin() as session:
            return add_document(session, capture_id, extraction)

    def add_file(self, capture_id: int, read: FileReading) -> DocumentResult | None:
        with self.sessions.begin() as session:
            return add_file(session, capture_id, read)

    def mark_extracted(self, capture_id: int) -> None:
        """A capture that went through extraction without a document (its payload does not
        decode): not pending any more."""
        with self.sessions.begin() as session:
            session.execute(
                update(Capture).where(Capture.id == capture_id).values(extracted_at=utcnow())
            )
