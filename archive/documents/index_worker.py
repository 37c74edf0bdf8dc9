"""An indexing worker: extracts the captures crawl workers archived, apart from fetching.

``vnarchive worker index`` runs one; run as many as the extraction needs, on any machine
that shares the database, the WARC files and Redis (``docs/operations.md``). Crawl workers
started with ``VNARCHIVE_EXTRACT=0`` only fetch and archive; the captures they leave
pending (``captures.extracted_at`` null: HTML pages and document files) are read back from
their WARC records, extracted with their portal's template and stored by the indexers, as
``vnarchive reextract --pending`` would on one machine (``archive.documents.indexing``).

An indexer walks the pending captures in id order, ``SCAN`` at a time, and claims a batch
of them in Redis before extracting it (``archive.indexqueue``): several indexers never
index one capture twice, and the captures of an indexer that died are taken by another when
its claims expire. The lines of each article page go to the counts of its crawl job; once
the job has ended and all its pages are indexed, one indexer learns the job's portal
templates and re-extracts the job's pages that hold a template line (as a crawl that
extracts its own pages does at its end). SIGTERM or SIGINT: the batch in hand is finished,
then the indexer exits.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import select

from archive.config import ArchiveConfig
from archive.db.engine import open_database
from archive.db.jobs import ACTIVE
from archive.db.models import CrawlJob
from archive.documents import templates
from archive.documents.indexing import (
    Indexed,
    forget_templates,
    index_captures,
    init_worker,
    pending_captures,
    pending_of_job,
)
from archive.documents.reextract import reextract
from archive.indexqueue import IndexQueue
from archive.jobqueue import JobQueue, default_worker_id

logger = logging.getLogger("vnarchive.indexer")

BATCH = 8  # captures claimed and extracted at a time
SCAN = 64  # pending captures read from the database at a time
TEMPLATES_FRESH = 60.0  # seconds a portal template read from the database is used


@dataclass
class IndexerStats:
    indexed: int = 0
    documents: int = 0
    failed: int = 0
    templates: list[str] = field(default_factory=list)  # hosts whose template was learned


class IndexWorker:
    def __init__(
        self,
        config: ArchiveConfig,
        worker_id: str | None = None,
        *,
        exit_when_idle: bool = False,
        poll: float = 2.0,
    ) -> None:
        assert config.redis_url, "an indexing worker needs VNARCHIVE_REDIS_URL"
        self.config = config
        self.worker_id = worker_id or config.worker_id or default_worker_id()
        self.queue = JobQueue(config.redis_url)
        self.board = IndexQueue(self.queue)
        self.sessions = open_database(config)
        self.exit_when_idle = exit_when_idle
        self.poll = poll
        self.woken = threading.Event()  # set by stop(): no wait outlasts a SIGTERM
        self.stopping = False
        self.cursor = 0  # the last capture id looked at; 0: from the start again
        self.stats = IndexerStats()

    def stop(self) -> None:
        self.stopping = True
        self.woken.set()

    def run(self) -> IndexerStats:
        self.queue.ping()
        init_worker(self.config)
        logger.info("%s indexes pending captures (%s)", self.worker_id, self.queue.url_shown)
        fresh = time.monotonic()
        while not self.stopping:
            if time.monotonic() - fresh > TEMPLATES_FRESH:
                forget_templates()
                fresh = time.monotonic()
            if self.index_batch():
                continue
            if self.learn_templates():
                forget_templates()
                continue
            if self.exit_when_idle and self.idle():
                break
            self.woken.wait(self.poll)
        logger.info(
            "%s: %d capture(s) indexed, %d document(s), %d failed",
            self.worker_id,
            self.stats.indexed,
            self.stats.documents,
            self.stats.failed,
        )
        return self.stats

    # -- captures --------------------------------------------------------------------------
    def index_batch(self) -> bool:
        """Claim and index one batch of pending captures; whether there was one."""
        claimed, job_of = self._claim()
        if not claimed:
            return False
        results = index_captures(claimed)
        done = [r.capture_id for r in results if r.error is None or r.undecodable]
        failed = [r.capture_id for r in results if r.error is not None and not r.undecodable]
        for result in results:
            self._count(result, job_of.get(result.capture_id))
        self.board.settle(done, failed)
        return True

    def _claim(self) -> tuple[list[int], dict[int, int | None]]:
        """A batch of pending captures this indexer now holds, walking the pending ones in
        id order from where it stopped (and from the start once past the last)."""
        swept = self.cursor == 0
        while True:
            found = pending_captures(self.sessions, above=self.cursor, limit=SCAN)
            if not found:
                if swept:
                    return [], {}
                self.cursor, swept = 0, True  # from the start: captures others let go
                continue
            job_of = dict(found)
            claimed: list[int] = []
            for capture_id, _ in found:
                self.cursor = capture_id
                if self.board.claim([capture_id], self.worker_id):
                    claimed.append(capture_id)
                    if len(claimed) == BATCH:
                        break
            if claimed:
                return claimed, job_of

    def _count(self, result: Indexed, job_id: int | None) -> None:
        if result.error is not None:
            self.stats.failed += 1
            logger.warning("capture %d not indexed: %s", result.capture_id, result.error)
            return
        self.stats.indexed += 1
        if result.document is not None:
            self.stats.documents += 1
        if result.is_article and job_id is not None:
            self.board.count_page(job_id, result.host, result.lines, templates.MAX_SAMPLE)

    # -- templates -------------------------------------------------------------------------
    def learn_templates(self) -> bool:
        """Learn the templates of one crawl job that has ended and whose pages are all
        indexed (or failed); whether one was learned."""
        for job_id in self.board.counted_jobs():
            if not self._indexed(job_id) or not self.board.start_learning(job_id, self.worker_id):
                continue
            learner = templates.TemplateLearner()
            for host, (pages, lines) in self.board.counts(job_id).items():
                learner.add_counts(host, pages, lines)
            learned = learner.learned()
            if learned:
                templates.store(self.sessions, learned, job_id)
                self.stats.templates += [t.host for t in learned]
                for tpl in learned:
                    logger.info(
                        "job %d: template of %s: %d line(s) on >= %d of %d article pages",
                        job_id,
                        tpl.host,
                        len(tpl.lines),
                        tpl.min_pages,
                        tpl.pages,
                    )
                self._apply(job_id, {t.host: frozenset(t.lines) for t in learned if t.lines})
            self.board.forget_counts(job_id)
            return True
        return False

    def _indexed(self, job_id: int) -> bool:
        """Whether the job has ended and none of its captures waits for an indexer."""
        with self.sessions() as session:
            status = session.scalar(select(CrawlJob.status).where(CrawlJob.id == job_id))
        if status is None or status in ACTIVE:
            return status is None  # a job deleted since: its counts are learned from
        left = pending_of_job(self.sessions, job_id)
        return not set(left) - self.board.failed(left)

    def _apply(self, job_id: int, template_of: dict[str, frozenset[str]]) -> None:
        """Re-extract the job's pages that hold a line of their new template: they were
        extracted before it existed."""
        if not template_of:
            return
        ids = templates.affected_captures(self.sessions, job_id, template_of)
        if ids:
            report = reextract(self.config, self.sessions, capture_ids=ids, workers=0)
            logger.info(
                "job %d: template applied to %d page(s), %d document(s) changed",
                job_id,
                report.examined,
                report.changed + report.created,
            )

    def idle(self) -> bool:
        """Nothing left: no crawl task waiting or running, no capture to claim, no job
        whose templates wait to be learned."""
        if self.queue.pending() or self.queue.active():
            return False
        if self.board.counted_jobs():
            return False
        left = [c for c, _ in pending_captures(self.sessions, limit=SCAN)]
        return not left or set(left) <= self.board.failed(left)
