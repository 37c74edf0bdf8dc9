"""The crawl's scheduler: Scrapy's own, with its queue on disk even without a JOBDIR.

Scrapy keeps the queue in memory unless ``JOBDIR`` is set. A portal's queue holds a request
for every link found and not yet fetched, and a breadth-first crawl finds links faster than
it fetches them: at 20,000 pages the sandbox's queue held about 30,000 requests, each
~1.7 KB in memory (its headers, meta, fingerprint cache and reference tracking) — the
bulk of the crawling process's growth (bench/crawl_scale.py). On disk (Scrapy's pickle
queue, the one a JOBDIR uses) a queued request costs nothing in memory.

Without a JOBDIR the queue goes to a scratch folder under the archive's data folder
(``<data_dir>/tmp/queue-<host>-<pid>-…``), removed when the crawl closes; scratch folders left
by a crawl that was killed are removed by the next crawl on the same machine that finds their
process gone (a data folder shared between machines keeps the others' folders). With a
JOBDIR the queue is where Scrapy puts it, as before (a resumable crawl keeps it).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler

from archive.db.jobs import process_exists

PREFIX = "queue-"


def _host() -> str:
    return (socket.gethostname().split(".")[0] or "localhost").replace("-", "_")


def clear_stale(folder: Path) -> None:
    """Remove the scratch queues of this machine's crawls whose process is gone."""
    mine = f"{PREFIX}{_host()}-"
    for path in folder.glob(f"{mine}*"):
        pid = path.name.removeprefix(mine).split("-", 1)[0]
        if pid.isdigit() and not process_exists(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


class DiskQueueScheduler(Scheduler):
    """Scrapy's scheduler whose queue is always on disk (see the module's docstring)."""

    scratch: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DiskQueueScheduler:
        scheduler = super().from_crawler(crawler)
        if scheduler.dqdir is None:
            config = crawler.settings.get("VNARCHIVE_CONFIG")
            base = Path(config.data_dir) / "tmp" if config is not None else None
            if base is not None:
                base.mkdir(parents=True, exist_ok=True)
                clear_stale(base)
            prefix = f"{PREFIX}{_host()}-{os.getpid()}-"
            scheduler.scratch = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
            scheduler.dqdir = scheduler._dqdir(str(scheduler.scratch))
        return scheduler

    def close(self, reason: str) -> Any:
        try:
            return super().close(reason)
        finally:
            if self.scratch is not None:
                shutil.rmtree(self.scratch, ignore_errors=True)
