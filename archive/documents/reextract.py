"""Re-running the current extractor over archived pages, from the WARC files, no recrawl.

``reextract(config, sessions, ...)`` takes every full ``response`` capture with status 200
and an HTML type (optionally of one host, captured since a moment), reads and extracts its
payload with its portal's current template (``archive.documents.templates``) in a process pool, and
brings the documents up to date:

- a capture with a ``Document`` whose text or fields differ from the new extraction, or that
  an older extractor version made: the Document is updated in place (and re-indexed), unless
  another Document already holds the new text (the capture is relinked to it: ``text_hash``
  stays unique) or other pages share it (the capture gets a new Document of its own);
- a capture without a Document that is now an article: ``archive.documents.store``.

Revisit captures follow the capture they refer to. A Document no capture links to any more
is deleted with its search row. A page that is no longer an article keeps its Document.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from archive.config import ArchiveConfig
from archive.db.models import Capture, Document
from archive.documents import syndication
from archive.documents.files import FileReading
from archive.documents.indexing import (
    ArchivedPage,
    archived_files,
    archived_pages,
    extract_pages,
)
from archive.documents.store import (
    add_document,
    add_file,
    announce,
    document_values,
    keeps,
    upsert_document,
)
from archive.errors import InputError
from archive.extract import EXTRACTOR_VERSION, Extraction
from archive.search import index_document, remove_document
from archive.timeutil import LOCAL_TZ, utcnow

FIELDS = ("title", "published_at", "author", "category", "sapo", "text", "language")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class ReextractReport:
    examined: int = 0
    changed: int = 0  # a document updated, or the capture relinked to another one
    created: int = 0  # a new document
    linked: int = 0  # a capture without a document now linked to an existing one
    unchanged: int = 0
    not_article: int = 0  # no document before, none now
    unread: int = 0  # a file that gave no text (encrypted, broken, a scan without OCR)
    needs_ocr: int = 0  # files whose scanned pages are still unread
    failed: int = 0
    failures: list[str] = field(default_factory=list)  # the first few, "url: reason"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def parse_since(value: str) -> datetime:
    """``YYYY-MM-DD`` → midnight of that day in Vietnam (Asia/Ho_Chi_Minh)."""
    if not _DAY.fullmatch(value):
        raise InputError(f"malformed --since {value!r}: expected YYYY-MM-DD")
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=LOCAL_TZ)
    except ValueError as exc:
        raise InputError(f"malformed --since {value!r}: {exc}") from exc


def reextract(
    config: ArchiveConfig,
    sessions: sessionmaker[Session],
    *,
    host: str | None = None,
    since: datetime | None = None,
    workers: int | None = None,
    capture_ids: Collection[int] | None = None,
    pending: bool = False,
) -> ReextractReport:
    """Re-extract the archived HTML pages and update their documents; see the module doc."""
    jobs = archived_pages(
        sessions, host=host, since=since, capture_ids=capture_ids, pending=pending
    )
    if pending and capture_ids is None:  # the files never read too (a crawl without extraction)
        files = archived_files(sessions, host=host, since=since, pending=True)
        jobs = sorted(jobs + files, key=lambda job: job.capture_id)
    report = ReextractReport(examined=len(jobs))
    if not jobs:
        return report
    workers = (os.cpu_count() or 1) if workers is None else workers
    workers = min(workers, len(jobs))
    for job, outcome in extract_pages(config, jobs, workers):
        if isinstance(outcome, str):
            _failed(report, job, outcome)
            continue
        try:
            if isinstance(outcome, FileReading):  # a file served as text/html: read as one
                result = _apply_file(sessions, job.capture_id, outcome, report)
            else:
                result = _apply(sessions, job.capture_id, outcome)
        except Exception as exc:  # one bad row must not stop the others
            _failed(report, job, f"{type(exc).__name__}: {exc}")
            continue
        setattr(report, result, getattr(report, result) + 1)
    return report


def reread_files(
    config: ArchiveConfig,
    sessions: sessionmaker[Session],
    *,
    host: str | None = None,
    since: datetime | None = None,
    needs_ocr: bool = False,
    ocr: bool | None = None,
    workers: int | None = None,
) -> ReextractReport:
    """Read the archived document files again (all of them, or only those still
    ``needs_ocr``) and bring their documents and official records up to date; ``ocr``
    overrides the ``ocr`` setting (``reextract --ocr``: True)."""
    jobs = archived_files(sessions, host=host, since=since, needs_ocr=needs_ocr)
    report = ReextractReport(examined=len(jobs))
    if not jobs:
        return report
    workers = (os.cpu_count() or 1) if workers is None else workers
    workers = min(workers, len(jobs))
    for job, outcome in extract_pages(config, jobs, workers, use_templates=False, ocr=ocr):
        if isinstance(outcome, str):
            _failed(report, job, outcome)
            continue
        if not isinstance(outcome, FileReading):  # an HTML page at a document's address
            report.not_article += 1
            continue
        try:
            result = _apply_file(sessions, job.capture_id, outcome, report)
        except Exception as exc:  # one bad row must not stop the others
            _failed(report, job, f"{type(exc).__name__}: {exc}")
            continue
        setattr(report, result, getattr(report, result) + 1)
    return report


def _apply_file(
    sessions: sessionmaker[Session], capture_id: int, read: FileReading, report: ReextractReport
) -> str:
    with sessions.begin() as session:
        before = session.get(Capture, capture_id)
        old = before.document_id if before is not None else None
        result = add_file(session, capture_id, read)
    if read.reading.needs_ocr:
        report.needs_ocr += 1
    if result is None:
        return "unread"
    if old is None:
        return "created" if result.is_new else "linked"
    return "unchanged" if result.document_id == old else "changed"


def _failed(report: ReextractReport, job: ArchivedPage, reason: str) -> None:
    report.failed += 1
    if len(report.failures) < 20:
        report.failures.append(f"{job.url}: {reason}")


def _apply(sessions: sessionmaker[Session], capture_id: int, ex: Extraction) -> str:
    """Bring one capture's document up to date; the name of the report counter to bump."""
    kept = keeps(ex)
    with sessions.begin() as session:
        capture = session.get(Capture, capture_id)
        if capture is None:
            return "failed"
        doc = session.get(Document, capture.document_id) if capture.document_id else None
        if doc is not None:
            capture.extracted_at = utcnow()
            if not kept:
                return "unchanged"
            fresh = document_values(capture, ex)
            announced = announce(session, capture, ex)
            if announced is not None:  # as add_document makes it: titled by its record
                fresh["title"] = fresh["title"] or announced[1]
            outcome = _update(session, capture, doc, fresh)
            current = session.get(Document, capture.document_id)
            if announced is not None and current is not None and current.official_id is None:
                current.official_id, current.kind = announced[0], ex.kind
                session.flush()
                index_document(session, current)
                return "changed"
            return outcome
        result = add_document(session, capture_id, ex)
        if result is None:
            return "not_article"
        return "created" if result.is_new else "linked"


def _update(session: Session, capture: Capture, doc: Document, fresh: dict[str, object]) -> str:
    digest = fresh["text_hash"]
    if digest == doc.text_hash:
        return "changed" if _refresh(session, doc, fresh) else "unchanged"
    if not _shared(session, doc, capture) and _take_text(session, doc, fresh):
        return "changed"  # the document was this page's alone: updated in place
    holder = upsert_document(session, fresh)  # another document's, or a new one
    old = doc.id
    capture.document_id = holder.document_id
    _follow(session, capture.id, holder.document_id, old)
    session.flush()
    _drop_if_orphan(session, old)
    return "changed"


def _take_text(session: Session, doc: Document, fresh: dict[str, object]) -> bool:
    """Give ``doc`` the new text, unless another document holds it already (then False)."""
    taken = session.scalar(select(Document.id).where(Document.text_hash == fresh["text_hash"]))
    if taken is not None:
        return False
    try:
        with session.begin_nested():  # another writer may store the same text meanwhile
            doc.text_hash = str(fresh["text_hash"])
            session.flush()
    except IntegrityError:
        session.refresh(doc)
        return False
    _refresh(session, doc, fresh)
    syndication.refile(session, doc)
    return True


def _refresh(session: Session, doc: Document, fresh: dict[str, object]) -> bool:
    """Copy the new extraction's fields onto ``doc``; re-index it when anything changed."""
    changed = False
    for name in FIELDS:
        if getattr(doc, name) != fresh[name]:
            setattr(doc, name, fresh[name])
            changed = True
    if doc.extractor_version != EXTRACTOR_VERSION:
        doc.extractor_version = EXTRACTOR_VERSION
        changed = True
    if changed:
        session.flush()
        index_document(session, doc)
    return changed


def _shared(session: Session, doc: Document, capture: Capture) -> bool:
    """Whether a response capture other than ``capture`` links to ``doc``."""
    other = session.scalar(
        select(Capture.id)
        .where(
            Capture.document_id == doc.id,
            Capture.id != capture.id,
            Capture.record_type == "response",
        )
        .limit(1)
    )
    return other is not None


def _follow(
    session: Session, capture_id: int, document_id: int, old_document_id: int | None = None
) -> None:
    """Revisits of the capture carry its document, as the recorder links them."""
    stmt = update(Capture).where(Capture.refers_to_id == capture_id)
    if old_document_id is not None:
        stmt = stmt.where(Capture.document_id == old_document_id)
    else:
        stmt = stmt.where(Capture.document_id.is_(None))
    session.execute(stmt.values(document_id=document_id))


def _drop_if_orphan(session: Session, document_id: int) -> None:
    linked = session.scalar(select(Capture.id).where(Capture.document_id == document_id).limit(1))
    if linked is None:
        remove_document(session, document_id)
        doc = session.get(Document, document_id)
        if doc is not None:
            session.delete(doc)
