"""A crawl worker: a long-lived Scrapy process that takes crawl jobs from the shared queue.

``vnarchive worker crawl`` runs one; run one or more per machine, on as many machines as
share the database, the WARC folder and Redis (``docs/operations.md``). A worker takes one
job at a time (``archive.jobqueue``: the job and a lease on each of its portals' hosts, so
that no portal is fetched by two workers at once), crawls it with its frontier and its
duplicate filter in Redis (scrapy-redis, keys scoped to the job) and its resume journal
beside them, and renews its leases while it runs. A job whose worker stopped renewing is
taken over by the next worker that looks for work: it resumes from the journal, and what
the stopped worker archived but did not process is answered from the archive
(``crawler.downloadermiddlewares.replay``), not fetched again.

A worker writes WARC files of its own (its id in their names and their ``warcinfo``) and
the log of each job to ``<log_dir>/job-<id>.log``, as a crawl run by ``vnarchive crawl``
does. SIGTERM or SIGINT: the running job is stopped and handed back to the queue (another
worker resumes it at once), then the worker exits.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from scrapy.settings import Settings
from scrapy.utils.log import configure_logging
from scrapy.utils.reactor import install_reactor

from archive.config import ArchiveConfig
from archive.db import jobs
from archive.db.engine import open_database
from archive.jobqueue import (
    JobQueue,
    JobSpec,
    QueueError,
    Taken,
    default_worker_id,
    job_key,
    task_key,
)
from archive.timeutil import utcnow

logger = logging.getLogger("vnarchive.worker")


def frontier_settings(
    config: ArchiveConfig, job_id: int, task: str, worker_id: str
) -> dict[str, Any]:
    """The task's frontier in Redis (scrapy-redis) under its own key, beside its journal;
    the duplicate filter is the job's, shared by its tasks."""
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": task_key(task, "requests"),
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_DUPEFILTER_KEY": job_key(job_id, "dupefilter"),
        "SCHEDULER_PERSIST": True,  # kept when a worker stops: the next one resumes
        "REDIS_URL": config.redis_url,
        "REDIS_PARAMS": {"socket_timeout": 10, "socket_connect_timeout": 5},
        "VNARCHIVE_JOURNAL_KEY": task_key(task, "journal"),
        "VNARCHIVE_WORKER_ID": worker_id,
        **({"VNARCHIVE_SHARED_HOST_DELAY": config.shared_host_delay}
           if config.shared_host_delay else {}),
    }  # fmt: skip


class CrawlWorker:
    def __init__(
        self,
        config: ArchiveConfig,
        worker_id: str | None = None,
        *,
        exit_when_idle: bool = False,
        poll: float = 1.0,
    ) -> None:
        assert config.redis_url, "a crawl worker needs VNARCHIVE_REDIS_URL"
        self.worker_id = worker_id or config.worker_id or default_worker_id()
        # its own WARC files: the worker's id in their names (and in their warcinfo)
        self.config = replace(config, warc_prefix=f"{config.warc_prefix}-{self.worker_id}")
        self.queue = JobQueue(config.redis_url)
        self.sessions = open_database(config)
        self.exit_when_idle = exit_when_idle
        self.poll = poll
        self.stopping = False
        self.crawler: Any = None  # the running job's crawler
        self.lost = False  # the running job was taken over: this worker no longer owns it

    # -- the loop ------------------------------------------------------------------------
    def run(self) -> int:
        base = Settings()
        base.setmodule("crawler.settings", priority="project")
        install_reactor(base["TWISTED_REACTOR"])
        from twisted.internet import reactor

        configure_logging({"LOG_INSTALL_ROOT_HANDLER": False})
        logging.getLogger().setLevel(logging.INFO)
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(logging.Formatter("%(asctime)s worker: %(message)s"))
        console.setLevel(logging.INFO)
        logger.addHandler(console)
        logger.setLevel(logging.INFO)
        self.queue.ping()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: reactor.callFromThread(self.stop))
        logger.info("%s takes crawl jobs from %s", self.worker_id, self.queue.url_shown)
        reactor.callWhenRunning(self._loop)
        reactor.run(installSignalHandlers=False)  # type: ignore[attr-defined]
        return 0

    def stop(self) -> None:
        """Stop taking jobs; the running one is stopped and handed back."""
        if self.stopping:
            return
        self.stopping = True
        logger.info("%s stopping", self.worker_id)
        self._close("shutdown")

    def _close(self, reason: str) -> None:
        """Close the running crawl; one still starting is closed once it runs (closing an
        engine before it runs would leave the crawl waiting forever)."""
        from scrapy.utils.defer import deferred_from_coro
        from twisted.internet import reactor

        crawler = self.crawler
        if crawler is None or crawler.engine is None:
            return
        if not crawler.engine.running:
            reactor.callLater(0.2, self._close_if, crawler, reason)  # type: ignore[attr-defined]
            return
        deferred_from_coro(crawler.engine.close_spider_async(reason=reason))

    def _close_if(self, crawler: Any, reason: str) -> None:
        if self.crawler is crawler:
            self._close(reason)

    async def _sleep(self, seconds: float) -> None:
        from twisted.internet import reactor
        from twisted.internet.task import deferLater

        await deferLater(reactor, seconds, lambda: None)

    def _loop(self) -> None:
        from twisted.internet.defer import Deferred

        Deferred.fromCoroutine(self._main())

    async def _main(self) -> None:
        from twisted.internet import reactor
        from twisted.internet.threads import deferToThread

        try:
            while not self.stopping:
                taken = await deferToThread(
                    self.queue.take, self.worker_id, self.config.worker_lease
                )
                if taken is not None:
                    self.lost = False
                    keeper = LeaseKeeper(self, taken.task)  # at once: setting up takes time
                    keeper.start()
                    try:
                        await self._run(taken)
                    finally:
                        keeper.stop()
                    continue
                if self.exit_when_idle and not self.queue.pending() and not self.queue.active():
                    break
                await self._sleep(self.poll)
        except Exception:
            logger.exception("%s: the worker failed", self.worker_id)
        finally:
            reactor.stop()  # type: ignore[attr-defined]

    # -- one task: a portal of a job -----------------------------------------------------
    async def _run(self, taken: Taken) -> None:
        from scrapy.crawler import Crawler, CrawlerRunner
        from twisted.internet.threads import deferToThread

        from crawler.run import default_log_file, job_settings
        from crawler.spiders.portal import PortalSpider

        job_id, spec, task = taken.job_id, taken.spec, taken.task
        how = "resumes" if taken.resumed else "takes"
        logger.info("%s %s task %s: %s", self.worker_id, how, task, taken.seed)
        note = f"task {task} resumed by worker {self.worker_id}" if taken.resumed else None
        await deferToThread(jobs.claim_shared, self.sessions, job_id, note)
        given = {"proxy": spec.proxy, "allow_networks": spec.allow_networks}
        config = replace(self.config, **{k: v for k, v in given.items() if v is not None})
        log_file = default_log_file(config, job_id)
        settings = job_settings(
            [taken.seed], config, self.sessions, job_id, log_file=None,
            log_level=spec.log_level, delay=spec.delay,
            extra_settings={**frontier_settings(config, job_id, task, self.worker_id),
                            **spec.options},
        )  # fmt: skip
        if self.lost:  # while setting up
            logger.warning("%s lost task %s before it started: left", self.worker_id, task)
            return
        handler = _job_log(log_file, settings)
        logging.getLogger().setLevel(settings["LOG_LEVEL"])
        crawler = Crawler(PortalSpider, settings)
        self.crawler = crawler
        budget = config.max_pages if spec.max_pages is None else spec.max_pages
        try:
            await CrawlerRunner(settings).crawl(crawler, urls=[taken.seed], max_pages=budget)
        except Exception:
            logger.exception("task %s raised an error", task)
            crawler.stats.set_value("finish_reason", "the crawl raised an error")
        finally:
            logging.getLogger().removeHandler(handler)
            handler.close()
            self.crawler = None
        stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
        if self.lost:
            logger.warning("%s lost task %s to another worker: left to it", self.worker_id, task)
            return
        if self.stopping and stats.get("finish_reason") == "shutdown":
            await deferToThread(self._hand_back, job_id, task)
            return
        left = await deferToThread(self.queue.end, task, self.worker_id, stats)
        logger.info("%s ended task %s (%s)", self.worker_id, task, stats.get("finish_reason"))
        if left == 0:  # the job's last task: its outcome
            await deferToThread(self._conclude, job_id, spec, config, log_file)

    def _conclude(self, job_id: int, spec: JobSpec, config: ArchiveConfig, log_file: Path) -> None:
        from crawler.run import conclude, merged_stats

        stats = merged_stats(self.queue.job_stats(job_id))
        job = jobs.get(self.sessions, job_id)
        began = job.started_at if job is not None else None
        duration = (utcnow() - began).total_seconds() if began else 0.0
        result = conclude(
            self.sessions, job_id, spec.seeds, config, stats, "succeeded", duration, log_file
        )
        self.queue.forget_job(job_id)
        logger.info("job %d %s: %d pages, %d articles", job_id, result.status, result.pages,
                    result.articles)  # fmt: skip

    def _hand_back(self, job_id: int, task: str) -> None:
        if self.queue.hand_back(task, self.worker_id):
            others = any(t.startswith(f"{job_id}:") for t in self.queue.active())
            why = f"task {task} handed back by {self.worker_id}"
            jobs.hand_back(self.sessions, job_id, why, others_running=others)
            logger.info("%s handed task %s back to the queue", self.worker_id, task)

    def _lost(self, task: str, holder: str | None) -> None:
        if not self.lost:
            self.lost = True
            logger.warning("task %s's lease expired (now held by %s): stopping it", task,
                           holder or "no one")  # fmt: skip
            self._close("lease lost")


class LeaseKeeper(threading.Thread):
    """Renews a task's leases every third of their term, from a thread of its own: a busy
    event loop (a crawl starting, a large page parsed) never makes a worker lose its task."""

    def __init__(self, worker: CrawlWorker, task: str) -> None:
        super().__init__(name=f"lease-{task}", daemon=True)
        self.worker, self.task = worker, task
        self.stopped = threading.Event()

    def run(self) -> None:
        from twisted.internet import reactor

        worker, every = self.worker, max(0.1, self.worker.config.worker_lease / 3)
        while not self.stopped.wait(every):
            try:
                held = worker.queue.renew(self.task, worker.worker_id, worker.config.worker_lease)
            except QueueError as exc:  # Redis away for a moment: the lease may still hold
                logger.warning("could not renew task %s's lease: %s", self.task, exc)
                continue
            if not held:
                holder = worker.queue.holder(self.task)
                reactor.callFromThread(worker._lost, self.task, holder)  # type: ignore[attr-defined]
                return

    def stop(self) -> None:
        self.stopped.set()


def _job_log(log_file: Path, settings: Settings) -> logging.Handler:
    """The job's log file, in Scrapy's format, for as long as it runs (a worker runs one job
    at a time: everything logged meanwhile is the job's)."""
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter(settings["LOG_FORMAT"], settings["LOG_DATEFORMAT"]))
    handler.setLevel(settings["LOG_LEVEL"])
    logging.getLogger().addHandler(handler)
    return handler
