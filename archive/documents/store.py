"""Where extracted text is stored: one ``Document`` per distinct normalised text.

``add_document`` links a capture to the document holding its text, creating it when new. The
document is made with an upsert (``INSERT … ON CONFLICT (text_hash) DO NOTHING``), so two
writers storing the same text at the same moment — two crawls, a crawl and ``reextract`` —
end up with one document and no error. Revisits of the capture that were recorded before
it was indexed get the document too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from archive.db.models import Capture, Document
from archive.db.upsert import dialect_insert
from archive.extract import EXTRACTOR_VERSION, Extraction
from archive.search import index_document
from archive.text import nfc, text_hash
from archive.timeutil import utcnow


@dataclass(frozen=True)
class DocumentResult:
    document_id: int
    is_new: bool


def _clean(value: str | None) -> str | None:
    return nfc(value).strip() or None if value else None


def document_values(capture: Capture, ex: Extraction) -> dict[str, object]:
    """The columns of the document an extraction of ``capture`` makes."""
    body = nfc(ex.text)
    return {
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
        return DocumentResult(made, True)
    found = session.scalar(select(Document.id).where(Document.text_hash == values["text_hash"]))
    assert found is not None
    return DocumentResult(found, False)


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
    if not ex.is_article or not ex.text.strip():
        return None
    result = upsert_document(session, document_values(capture, ex))
    capture.document_id = result.document_id
    link_revisits(session, capture_id, result.document_id)
    return result


class DocumentStore:
    """``add_document`` in a transaction of its own."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def add(self, capture_id: int, extraction: Extraction) -> DocumentResult | None:
        with self.sessions.begin() as session:
            return add_document(session, capture_id, extraction)

    def mark_extracted(self, capture_id: int) -> None:
        """A capture that went through extraction without a document (its payload does not
        decode): not pending any more."""
        with self.sessions.begin() as session:
            session.execute(
                update(Capture).where(Capture.id == capture_id).values(extracted_at=utcnow())
            )
