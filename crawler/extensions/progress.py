"""A running crawl's progress: its job row's heartbeat and counts, and a line for its operator.

Everything runs in a thread of its own, never on Scrapy's reactor: once a second it copies
Scrapy's stats (a dict copy, atomic under the GIL) and redraws one line when the output is
a terminal; every ``VNARCHIVE_PROGRESS_INTERVAL`` seconds it writes the heartbeat and the
counts to the job row (``jobs.beat``) and, when the output is not a terminal (a log file, a
pipe), prints them as one plain line shaped like a log record.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy.exc import SQLAlchemyError

from crawler.outcome import errors_by_kind

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    pages: int
    articles: int
    errors: dict[str, int]
    queue: int
    rate: float  # pages a second since the start
    seconds: float

    @classmethod
    def of(cls, stats: dict[str, Any], seconds: float) -> Progress:
        pages = int(stats.get("vnarchive/captures", 0))
        queued = int(stats.get("vnarchive/urls_scheduled", 0)) - int(
            stats.get("vnarchive/urls_done", 0)
        )
        return cls(
            pages=pages,
            articles=int(stats.get("vnarchive/articles", 0)),
            errors=errors_by_kind(stats),
            queue=max(queued, 0),
            rate=pages / seconds if seconds > 0 else 0.0,
            seconds=seconds,
        )

    def line(self) -> str:
        minutes, secs = divmod(int(self.seconds), 60)
        return (
            f"pages {self.pages:,} · articles {self.articles:,} · "
            f"errors {sum(self.errors.values()):,} · {self.rate:.1f} pages/s · "
            f"queue {self.queue:,} · {minutes}:{secs:02d}"
        )

    def row(self, every: float) -> dict[str, Any]:
        """What the job row keeps (``jobs.beat``)."""
        return {
            "pages": self.pages,
            "articles": self.articles,
            "errors": self.errors,
            "queue": self.queue,
            "rate": round(self.rate, 2),
            "seconds": round(self.seconds, 1),
            "every": every,
        }


class CrawlProgress:
    """The thread that reports a crawl's progress (see the module's docstring)."""

    def __init__(
        self,
        read_stats: Any,
        beat: Any,
        every: float,
        out: TextIO | None = None,
        tick: float = 1.0,
    ) -> None:
        self.read_stats, self.beat, self.every = read_stats, beat, every
        self.out = out if out is not None else sys.stdout
        self.tty = self.out.isatty()
        self.tick = min(tick, every)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="crawl-progress", daemon=True)
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        config = crawler.settings.get("VNARCHIVE_CONFIG")
        job_id = crawler.settings.get("VNARCHIVE_JOB_ID")
        if config is None or job_id is None:
            raise NotConfigured
        from archive.db import jobs
        from archive.db.engine import open_database

        sessions = open_database(config)
        ext = cls(
            read_stats=lambda: dict(crawler.stats.get_stats()) if crawler.stats else {},
            beat=lambda progress: jobs.beat(sessions, int(job_id), progress),
            every=float(config.progress_interval),
        )
        crawler.signals.connect(ext.start, signal=signals.spider_opened)
        crawler.signals.connect(ext.stop, signal=signals.spider_closed)
        return ext

    def start(self) -> None:
        self.started = time.monotonic()
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)
        if self.tty:
            self.out.write("\n")
            self.out.flush()

    def _run(self) -> None:
        last_beat = time.monotonic()
        while not self.stopped.wait(self.tick):
            progress = Progress.of(self.read_stats(), time.monotonic() - self.started)
            if self.tty:
                self._show(f"\r\x1b[K{progress.line()}")
            if time.monotonic() - last_beat >= self.every:
                last_beat = time.monotonic()
                if not self.tty:  # shaped as a log record: `vnarchive logs --level` reads it
                    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
                    self._show(f"{stamp} [vnarchive.progress] INFO: {progress.line()}\n")
                self._beat(progress)

    def _show(self, text: str) -> None:
        try:
            self.out.write(text)
            self.out.flush()
        except (OSError, ValueError):  # the terminal went away: the crawl goes on
            pass

    def _beat(self, progress: Progress) -> None:
        try:
            self.beat(progress.row(self.every))
        except SQLAlchemyError as exc:  # the database is busy or away: next time
            log.warning("could not record the crawl's progress: %s", exc)
