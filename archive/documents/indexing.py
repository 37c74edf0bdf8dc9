"""Indexing archived pages: read a response back from its WARC record, extract it with its
portal's template, store the document.

The crawl's extraction workers and ``vnarchive reextract`` run this, in worker processes
that ``init_worker`` prepares once (the archive's sessions, a niceness, a template cache).
A crawl hands over only a capture id: the record was flushed before its row was committed,
so the page is read from the WARC file and the crawling process never waits on extraction
nor keeps pages in memory for it.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Collection, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from archive.config import ArchiveConfig
from archive.db.engine import make_engine
from archive.db.models import Capture, DocumentFile
from archive.documents import templates
from archive.documents.files import (
    DOCUMENT_EXTENSIONS,
    DOCUMENT_TYPES,
    HTML_TYPES,
    FileReading,
    header,
    is_document_payload,
    read_file,
)
from archive.documents.store import DocumentResult, DocumentStore
from archive.errors import UndecodablePayload, VnarchiveError
from archive.extract import Extraction, extract
from archive.extract.office import ReadLimits, limits_from_env
from archive.warc.payload import DEFAULT_CAP
from archive.warc.reader import read_record
from archive.warc.stores import WarcStores


@dataclass(frozen=True)
class ArchivedPage:
    """Where an archived HTML page is: its capture and WARC record."""

    capture_id: int
    url: str
    host: str
    filename: str
    offset: int
    store: str = "local"  # the WARC store holding the file


@dataclass(frozen=True)
class Indexed:
    """What indexing one capture did."""

    capture_id: int
    host: str
    is_article: bool
    document: DocumentResult | None  # None: not an article, or no text
    lines: tuple[str, ...]  # the page's main-content lines, for template learning
    error: str | None = None
    undecodable: bool = False  # the error is the payload's own: marked extracted, not retried
    kind: str | None = None  # article, notice, listing…; "document" for a file read
    needs_ocr: bool = False  # a file whose scanned pages were not read
    unreadable: str | None = None  # why a file gave no text (encrypted, truncated, …)


class Undecodable(str):
    """Why a page cannot be extracted when its payload does not decode."""


class _Worker:
    """Per-process state: the archive's sessions and the templates read so far."""

    def __init__(self, config: ArchiveConfig, use_templates: bool, ocr: bool | None) -> None:
        self.config = config
        self.stores = WarcStores.of(config)
        self.ocr = config.ocr if ocr is None else ocr
        limits = limits_from_env()
        self.limits: ReadLimits = replace(
            limits, max_bytes=max(limits.max_bytes, config.max_document_size)
        )
        self.cap = max(DEFAULT_CAP, config.max_document_size)
        self.sessions: sessionmaker[Session] = sessionmaker(
            make_engine(config), expire_on_commit=False
        )
        self.store = DocumentStore(self.sessions)
        self.use_templates = use_templates
        self._templates: dict[str, frozenset[str]] = {}

    def template(self, host: str) -> frozenset[str]:
        if not self.use_templates:
            return frozenset()
        if host not in self._templates:
            self._templates[host] = templates.load(self.sessions, host)
        return self._templates[host]


_worker: _Worker | None = None


def init_worker(
    config: ArchiveConfig,
    niceness: int = 0,
    use_templates: bool = True,
    parent: int | None = None,
    ocr: bool | None = None,
) -> None:
    """Prepare this process to index (a pool initializer; also usable in-process).

    The schema is not upgraded here: the process that starts the workers opened the archive.
    ``niceness`` > 0 lets the crawl's own work go first when cores are short. With
    ``parent`` (the pid of the process that owns the pool), the worker exits when that
    process is gone, e.g. a crawl killed with SIGKILL: otherwise it would wait forever on its
    queue, holding the database open. ``ocr`` overrides the archive's ``ocr`` setting
    (``reextract --ocr``).
    """
    global _worker
    if parent is not None and parent != os.getpid():
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    if niceness > 0:
        try:
            os.nice(niceness)
        except OSError:  # not allowed here: run at the normal priority
            pass
    _worker = _Worker(config, use_templates, ocr)


def forget_templates() -> None:
    """Read the portal templates again from the database (a long-lived indexer: another
    process may have learned them since)."""
    _state()._templates.clear()


def _exit_with(parent: int, every: float = 1.0) -> None:
    while True:
        time.sleep(every)
        try:
            os.kill(parent, 0)
        except (ProcessLookupError, PermissionError):  # gone (or its pid now someone else's)
            os._exit(1)


def _state() -> _Worker:
    if _worker is None:
        raise RuntimeError(
            "archive.documents.indexing.init_worker() was not called in this process"
        )
    return _worker


Outcome = Extraction | FileReading | str


def extract_capture(
    url: str, host: str, filename: str, offset: int, store: str | None = None
) -> Outcome:
    """The extraction of one archived page with its portal's template, the reading of an
    archived document file (PDF, DOC…), or why it failed."""
    state = _state()
    folder = state.stores.folder(store)
    try:
        record = read_record(folder, filename, offset, cap=state.cap)
    except VnarchiveError:
        try:  # the file may have been closed (renamed from .open) between look-up and read
            record = read_record(folder, filename, offset, cap=state.cap)
        except UndecodablePayload as exc:
            return Undecodable(exc)
        except VnarchiveError as exc:
            return str(exc)
    if record.truncated:  # a decompression bomb, or a page past the cap: not read in part
        return Undecodable(f"the payload at {filename}:{offset} decodes past the size limit")
    content_type = header(record.http_headers, "content-type")
    if is_document_payload(record.payload, content_type, url):
        return read_file(
            record.payload, record.http_headers, url, ocr=state.ocr, limits=state.limits
        )
    return extract(record.payload, url, content_type=content_type, template=state.template(host))


def _extract_page(page: ArchivedPage) -> Outcome:
    return extract_capture(page.url, page.host, page.filename, page.offset, page.store)


def index_capture(capture_id: int) -> Indexed:
    """Extract one archived page and store its document (a worker's job in a crawl)."""
    return index_captures([capture_id])[0]


def index_captures(capture_ids: Sequence[int]) -> list[Indexed]:
    """Extract archived pages and store their documents."""
    state = _state()
    with state.sessions() as session:
        rows = session.execute(
            select(
                Capture.id,
                Capture.url,
                Capture.host,
                Capture.warc_filename,
                Capture.warc_offset,
                Capture.warc_store,
            ).where(Capture.id.in_(list(capture_ids)))
        )
        found = {row[0]: ArchivedPage(*row) for row in rows}
    results: dict[int, Indexed] = {}
    extracted: list[tuple[ArchivedPage, Extraction | FileReading]] = []
    for capture_id in capture_ids:
        page = found.get(capture_id)
        outcome = _extract_page(page) if page else f"no capture {capture_id}"
        if page is None or isinstance(outcome, str):
            undecodable = isinstance(outcome, Undecodable)
            if undecodable:  # tried: the next crawl need not try it again
                state.store.mark_extracted(capture_id)
            results[capture_id] = Indexed(
                capture_id, page.host if page else "", False, None, (), str(outcome), undecodable
            )
        else:
            extracted.append((page, outcome))
    # one short transaction a page: the crawl commits its captures meanwhile, and a worker
    # (at a lower priority) must not hold the database's write lock for long
    documents = [_add_one(state, p.capture_id, ex) for p, ex in extracted]
    for (page, ex), document in zip(extracted, documents, strict=True):
        if isinstance(document, str):
            results[page.capture_id] = Indexed(
                page.capture_id, page.host, False, None, (), document
            )
            continue
        if isinstance(ex, FileReading):
            reading = ex.reading
            results[page.capture_id] = Indexed(
                page.capture_id,
                page.host,
                False,
                document,
                (),
                kind="document",
                needs_ocr=reading.needs_ocr,
                unreadable=None if reading.ok else (reading.reason or "no text"),
            )
            continue
        lines = ex.lines if ex.is_article else ()
        results[page.capture_id] = Indexed(
            page.capture_id, page.host, ex.is_article, document, lines, kind=ex.kind
        )
    return [results[capture_id] for capture_id in capture_ids]


def _add_one(
    state: _Worker, capture_id: int, ex: Extraction | FileReading
) -> DocumentResult | None | str:
    try:
        if isinstance(ex, FileReading):
            return state.store.add_file(capture_id, ex)
        return state.store.add(capture_id, ex)
    except Exception as exc:  # a database error on one page must not stop the others
        return f"{type(exc).__name__}: {exc}"


# -- many archived pages at once: reextract, template learning -------------------------------


def archived_pages(
    sessions: sessionmaker[Session],
    *,
    host: str | None = None,
    since: datetime | None = None,
    capture_ids: Collection[int] | None = None,
    latest: int | None = None,
    pending: bool = False,
    hosts: Collection[str] | None = None,
) -> list[ArchivedPage]:
    """Full ``response`` captures with status 200 and an HTML type, by capture id; of one
    host (or ``hosts``), captured since a moment, among ``capture_ids``, only the ``latest``
    few, or only those not extracted yet (``pending``)."""
    stmt = (
        select(
            Capture.id,
            Capture.url,
            Capture.host,
            Capture.warc_filename,
            Capture.warc_offset,
            Capture.warc_store,
        )
        .where(Capture.record_type == "response", Capture.status == 200)
        .where(or_(*(Capture.mime.like(f"{t}%") for t in HTML_TYPES)))
    )
    if host:
        stmt = stmt.where(Capture.host == host.lower().strip().rstrip("."))
    if since is not None:
        stmt = stmt.where(Capture.captured_at >= since)
    if capture_ids is not None:
        stmt = stmt.where(Capture.id.in_(list(capture_ids)))
    if hosts is not None:
        stmt = stmt.where(Capture.host.in_([h.lower() for h in hosts]))
    if pending:
        stmt = stmt.where(Capture.extracted_at.is_(None))
    if latest is not None:
        stmt = stmt.order_by(Capture.id.desc()).limit(latest)
    with sessions() as session:
        pages = [ArchivedPage(*row) for row in session.execute(stmt)]
    return sorted(pages, key=lambda page: page.capture_id)


def archived_files(
    sessions: sessionmaker[Session],
    *,
    host: str | None = None,
    since: datetime | None = None,
    needs_ocr: bool = False,
    pending: bool = False,
) -> list[ArchivedPage]:
    """Full ``response`` captures with status 200 of document files (PDF, DOC, XLS, zip…,
    by content type or, for ``application/octet-stream``, by name); ``needs_ocr``: only
    those whose scanned pages were not read; ``pending``: only those never read."""
    stmt = select(
        Capture.id,
        Capture.url,
        Capture.host,
        Capture.warc_filename,
        Capture.warc_offset,
        Capture.warc_store,
    ).where(Capture.record_type == "response", Capture.status == 200)
    if needs_ocr:
        stmt = stmt.join(DocumentFile, DocumentFile.capture_id == Capture.id).where(
            DocumentFile.needs_ocr.is_(True)
        )
    else:
        by_type = [Capture.mime.like(f"{t}%") for t in DOCUMENT_TYPES]
        by_name = [Capture.url.ilike(f"%.{ext}") for ext in sorted(DOCUMENT_EXTENSIONS)]
        stmt = stmt.where(or_(*by_type, *by_name))
    if host:
        stmt = stmt.where(Capture.host == host.lower().strip().rstrip("."))
    if since is not None:
        stmt = stmt.where(Capture.captured_at >= since)
    if pending:
        stmt = stmt.where(Capture.extracted_at.is_(None))
    with sessions() as session:
        pages = [ArchivedPage(*row) for row in session.execute(stmt)]
    return sorted(pages, key=lambda page: page.capture_id)


def _to_index() -> ColumnElement[bool]:
    """Full ``response`` captures with status 200 of HTML pages or document files, never
    extracted."""
    by_type = [Capture.mime.like(f"{t}%") for t in (*HTML_TYPES, *DOCUMENT_TYPES)]
    by_name = [Capture.url.ilike(f"%.{ext}") for ext in sorted(DOCUMENT_EXTENSIONS)]
    return and_(
        Capture.extracted_at.is_(None),
        Capture.record_type == "response",
        Capture.status == 200,
        or_(*by_type, *by_name),
    )


def pending_captures(
    sessions: sessionmaker[Session], *, above: int = 0, limit: int = 64
) -> list[tuple[int, int | None]]:
    """The first ``limit`` captures past id ``above`` still to index (HTML pages and
    document files never extracted), each with its crawl job: (capture id, job id)."""
    stmt = (
        select(Capture.id, Capture.job_id)
        .where(_to_index(), Capture.id > above)
        .order_by(Capture.id)
        .limit(limit)
    )
    with sessions() as session:
        return [(row[0], row[1]) for row in session.execute(stmt)]


def pending_of_job(sessions: sessionmaker[Session], job_id: int) -> list[int]:
    """The captures of crawl job ``job_id`` still to index."""
    stmt = select(Capture.id).where(_to_index(), Capture.job_id == job_id)
    with sessions() as session:
        return list(session.scalars(stmt))


def extract_pages(
    config: ArchiveConfig,
    pages: Sequence[ArchivedPage],
    workers: int,
    use_templates: bool = True,
    ocr: bool | None = None,
) -> Iterator[tuple[ArchivedPage, Outcome]]:
    """Each page with its extraction (or a file with its reading, or why it failed), in
    order; ``workers`` processes (0: in this one); ``ocr`` overrides the ``ocr`` setting."""
    if workers <= 0:
        init_worker(config, use_templates=use_templates, ocr=ocr)
        for page in pages:
            yield page, _extract_page(page)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=init_worker,
        initargs=(config, 0, use_templates, os.getpid(), ocr),
    ) as pool:
        yield from _windowed(pool, pages, window=workers * 8)


def _windowed(
    pool: Executor, pages: Sequence[ArchivedPage], window: int
) -> Iterator[tuple[ArchivedPage, Outcome]]:
    """Keep at most ``window`` pages in flight, so memory stays flat on a large archive."""
    pending: list[tuple[ArchivedPage, Future[Outcome]]] = []
    for page in pages:
        pending.append((page, pool.submit(_extract_page, page)))
        if len(pending) >= window:
            first, future = pending.pop(0)
            yield first, _result(future)
    for page, future in pending:
        yield page, _result(future)


def _result(future: Future[Outcome]) -> Outcome:
    try:
        return future.result()
    except Exception as exc:  # a worker that died: one failure, not the whole run
        return f"worker failed: {type(exc).__name__}: {exc}"
