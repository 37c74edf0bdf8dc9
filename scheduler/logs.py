"""Reading the log of a crawl job: filtered by level and text, or followed as it grows."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from archive.config import ArchiveConfig
from archive.db.jobs import ACTIVE, in_shared_queue, pid_alive, this_host
from archive.db.models import CrawlJob
from archive.errors import JobNotFound
from scheduler.errors import LogNotFound

LEVELS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}
# "2026-11-22 21:40:01 [scrapy.core.engine] INFO: Spider opened", as Scrapy writes them.
_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[[^\]]*\] ([A-Z]+):")


def job_log(config: ArchiveConfig, sessions: sessionmaker[Session], job_id: int) -> Path:
    """The log file of a job; ``JobNotFound`` or ``LogNotFound`` (with the job's reason)."""
    with sessions() as session:
        job = session.get(CrawlJob, job_id)
    if job is None:
        raise JobNotFound(job_id)
    path = config.log_dir / f"job-{job_id}.log"
    if not path.is_file():
        why = f"it was {job.status}" + (f" ({job.reason})" if job.reason else "")
        raise LogNotFound(
            job_id, why if job.status in ("missed", "skipped") else f"{path} is missing"
        )
    return path


def job_done(sessions: sessionmaker[Session], job_id: int) -> Callable[[], bool]:
    """Whether the job has ended: its outcome recorded and its process gone (the scheduler
    then records the exit code and writes the last line of the log)."""

    def done() -> bool:
        with sessions() as session:
            job = session.get(CrawlJob, job_id)
        if job is None:
            return True
        if job.status in ACTIVE:
            return False
        if in_shared_queue(job) or (job.host is not None and job.host != this_host()):
            return True  # a crawl worker's job, or another machine's: its row says
        return not pid_alive(job.pid)  # the crawl records its outcome before it exits

    return done


def filtered(lines: Iterable[str], level: str | None, grep: str | None) -> Iterator[str]:
    """Lines at ``level`` or above (a traceback keeps the level of its record) containing
    ``grep`` (case-insensitive)."""
    floor = LEVELS[level.upper()] if level else 0
    needle = grep.casefold() if grep else None
    current = LEVELS["INFO"]  # lines printed outside the logging system
    for line in lines:
        match = _RECORD.match(line)
        if match:
            current = LEVELS.get(match.group(1), current)
        if current >= floor and (needle is None or needle in line.casefold()):
            yield line


def read_lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", errors="replace") as fh:
        yield from fh


def follow_lines(path: Path, done: Callable[[], bool], poll: float = 0.5) -> Iterator[str]:
    """Every line of the log, then new ones as they come, until the job has ended."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        pending = ""
        while True:
            chunk = fh.read()
            if chunk:
                pending += chunk
                *complete, pending = pending.split("\n")
                yield from (line + "\n" for line in complete)
                continue
            if done():
                time.sleep(poll)  # the scheduler's last line comes right after the outcome
                rest = pending + fh.read()
                yield from (line + "\n" for line in rest.splitlines())
                return
            time.sleep(poll)
