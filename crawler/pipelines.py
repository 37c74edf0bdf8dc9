"""DocumentPipeline: archived pages are indexed off the crawl, and portal templates learned.

Each HTML page the crawl archived goes to an extraction worker as its capture id (in
batches of ``BATCH``, or every ``FLUSH_SECONDS``); the worker reads the record back from the
WARC file, extracts it with its portal's template and stores the document
(``archive.documents.indexing``). ``process_item`` returns at once, so the downloader never waits on
extraction. While the crawl runs, batches go to all workers but one (at a lower priority),
leaving a core to the crawl; once it has fetched its last page every worker catches up, and
the crawl ends when the last page is indexed. Pages of the crawl's portals that an earlier
crawl archived but never extracted are handed over first. At the end, the pages'
main-content lines give each portal's template (``archive.documents.templates``), applied to this
crawl's own pages that need it.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from twisted.internet.task import LoopingCall

from archive.config import ArchiveConfig
from archive.documents import templates
from archive.documents.indexing import (
    Indexed,
    archived_pages,
    index_capture,
    index_captures,
    init_worker,
)
from archive.documents.reextract import reextract
from crawler.archive_link import ArchiveLink, link_for
from crawler.spiders.portal import PageItem

logger = logging.getLogger(__name__)

BATCH = 16  # pages per message to a worker: fewer wake-ups of the crawling process
FLUSH_SECONDS = 1.0  # a slow crawl still hands its pages over at least this often


class DocumentPipeline:
    def __init__(
        self,
        archive: ArchiveLink,
        stats: StatsCollector,
        workers: int,
        niceness: int = 0,
        job_id: int | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        self.crawler = crawler
        self.archive = archive
        self.config: ArchiveConfig = archive.config
        self.stats = stats
        self.workers = workers
        self.niceness = niceness
        self.job_id = job_id
        self.pool: ProcessPoolExecutor | None = None
        self.pending: set[asyncio.Future[list[Indexed]]] = set()
        self.in_flight: dict[asyncio.Future[list[Indexed]], list[int]] = {}
        self.batch: list[int] = []  # capture ids gathered for the next batch
        self.queued: deque[list[int]] = deque()  # batches not handed to a worker yet
        # batches at the workers at once: while the crawl runs, one core is left to it
        self.limit = max(1, workers - 1)
        self.flusher: LoopingCall | None = None
        self.learner = templates.TemplateLearner()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DocumentPipeline:
        assert crawler.stats is not None
        settings = crawler.settings
        if not settings.getbool("VNARCHIVE_EXTRACT"):
            raise NotConfigured
        return cls(
            link_for(crawler),
            crawler.stats,
            settings.getint("VNARCHIVE_EXTRACT_WORKERS"),
            settings.getint("VNARCHIVE_EXTRACT_NICENESS"),
            settings.getint("VNARCHIVE_JOB_ID") or None,
            crawler,
        )

    async def open_spider(self) -> None:
        self._start_workers()
        await self._catch_up()

    async def _catch_up(self) -> None:
        """Index the pages of this crawl's portals that an earlier crawl archived but did not
        get to extract (it was killed, or ran with VNARCHIVE_EXTRACT=0)."""
        spider = self.crawler.spider if self.crawler is not None else None
        hosts = getattr(spider, "hosts", None)
        if not hosts:
            return
        backlog = await self.archive.call(
            lambda: archived_pages(self.archive.sessions, hosts=set(hosts), pending=True)
        )
        if backlog:
            logger.info("indexing %d page(s) archived earlier but not extracted", len(backlog))
            self.stats.set_value("vnarchive/extraction_backlog", len(backlog))
        for page in backlog:
            self._submit(page.capture_id)
        self._flush()

    def _start_workers(self) -> None:
        if self.workers > 0:
            context = multiprocessing.get_context("forkserver")
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=init_worker,
                initargs=(self.config, self.niceness, True, os.getpid()),
            )
            self.flusher = LoopingCall(self._flush)
            self.flusher.start(FLUSH_SECONDS, now=False)
        else:
            init_worker(self.config)  # inline: extraction in the crawling process

    async def close_spider(self) -> None:
        # the crawl itself is over: how long it took, and how long indexing trails behind it
        started = self.stats.get_value("start_time")
        if isinstance(started, datetime):
            fetched = (datetime.now(UTC) - started).total_seconds()
            self.stats.set_value("vnarchive/fetch_seconds", round(fetched, 3))
        waited = time.monotonic()
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        stopping = self.crawler is not None and not self.crawler.crawling
        if stopping:
            # stopped (SIGTERM): stop promptly; pages not indexed yet stay pending, for the
            # next crawl of their portal or `vnarchive reextract --pending`
            left = BATCH * len(self.queued) + len(self.batch)
            self.queued.clear()
            self.batch = []
            if left:
                logger.info("stopping: about %d page(s) left to index later", left)
                self.stats.set_value("vnarchive/left_pending", left)
        self.limit = self.workers  # the crawl is over: every core indexes
        self._flush()
        if self.pending:
            waiting = BATCH * len(self.queued) + sum(len(b) for b in self.in_flight.values())
            logger.info("waiting for about %d page(s) to be indexed", waiting)
        while self.pending:  # each batch done hands the next one over (_done → _pump)
            await asyncio.gather(*list(self.pending), return_exceptions=True)
        if self.pool is not None:
            self.pool.shutdown(wait=True)
        self.stats.set_value("vnarchive/index_wait_seconds", round(time.monotonic() - waited, 3))
        if not stopping:  # templates are learned from whole crawls only
            await asyncio.to_thread(self._store_templates)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        self._submit(item.capture_id)
        return item

    def _submit(self, capture_id: int) -> None:
        if self.pool is None:
            self._done_with(index_capture(capture_id))
            return
        self.batch.append(capture_id)
        if len(self.batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        """Queue the pages gathered so far as one batch (one message to a worker)."""
        if self.batch and self.pool is not None:
            self.queued.append(self.batch)
            self.batch = []
        self._pump()

    def _pump(self) -> None:
        """Hand queued batches to the workers, at most ``limit`` at a time."""
        while self.queued and self.pool is not None and len(self.pending) < self.limit:
            batch = self.queued.popleft()
            future = asyncio.wrap_future(self.pool.submit(index_captures, batch))
            self.pending.add(future)
            self.in_flight[future] = batch
            future.add_done_callback(self._done)

    def _done(self, future: asyncio.Future[list[Indexed]]) -> None:
        self.pending.discard(future)
        batch = self.in_flight.pop(future, [])
        try:
            if future.cancelled():
                return
            if (exc := future.exception()) is not None:  # a worker died: its pages stay pending
                self.stats.inc_value("vnarchive/extraction_failed", len(batch))
                logger.error("extraction worker failed: %s: %s", type(exc).__name__, exc)
                return
            for result in future.result():
                self._done_with(result)
        finally:
            self._pump()

    def _done_with(self, result: Indexed) -> None:
        if result.error is not None:
            self.stats.inc_value("vnarchive/extraction_failed")
            if result.undecodable:  # the portal's bytes, not our failure: an error of the crawl
                self.stats.inc_value("vnarchive/errors/payload does not decode")
            logger.warning("capture %d not indexed: %s", result.capture_id, result.error)
            return
        if result.kind == "document":
            self.stats.inc_value("vnarchive/files_read")
            if result.needs_ocr:
                self.stats.inc_value("vnarchive/files_need_ocr")
            if result.unreadable:
                logger.info(
                    "capture %d: file gave no text: %s", result.capture_id, result.unreadable
                )
        if result.is_article:
            self.learner.add(result.host, result.lines)
        if result.document is not None:
            self.stats.inc_value("vnarchive/articles")
            if result.document.is_new:
                self.stats.inc_value("vnarchive/documents_new")

    def _store_templates(self) -> None:
        learned = self.learner.learned()
        if not learned:
            return
        try:
            hosts = templates.store(self.archive.sessions, learned, self.job_id)
        except Exception as exc:  # the crawl's captures and documents are stored already
            logger.error("portal templates not stored: %s: %s", type(exc).__name__, exc)
            return
        for tpl in learned:
            logger.info(
                "template of %s: %d line(s) on >= %d of %d article pages",
                tpl.host,
                len(tpl.lines),
                tpl.min_pages,
                tpl.pages,
            )
        self.stats.set_value("vnarchive/templates_learned", len(hosts))
        self._apply_templates({t.host: frozenset(t.lines) for t in learned if t.lines})

    def _apply_templates(self, template_of: dict[str, frozenset[str]]) -> None:
        """Re-extract this crawl's pages whose text holds a line of the template just learned:
        they were extracted before it existed."""
        if not template_of or self.job_id is None:
            return
        sessions = self.archive.sessions
        ids = templates.affected_captures(sessions, self.job_id, template_of)
        if not ids:
            return
        report = reextract(self.config, sessions, capture_ids=ids, workers=self.workers)
        logger.info(
            "template applied to %d page(s) of this crawl: %d document(s) changed",
            report.examined,
            report.changed + report.created,
        )
        self.stats.set_value("vnarchive/template_reextracted", report.examined)
