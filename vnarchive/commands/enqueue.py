"""``vnarchive crawl`` with VNARCHIVE_REDIS_URL: the crawl becomes a job for the workers."""

from __future__ import annotations

import time

from archive.config import ArchiveConfig
from archive.db import jobs
from archive.db.engine import open_database
from archive.jobqueue import JobQueue, JobSpec, QueueError
from vnarchive import render

POLL = 1.0  # seconds between looks at the job's row while following it
TERMINAL = ("succeeded", "failed", "interrupted", "skipped", "missed")


def enqueue_crawl(
    config: ArchiveConfig,
    urls: list[str],
    *,
    max_pages: int | None,
    delay: float | None,
    log_level: str,
    proxy: str | None,
    allow_networks: tuple[str, ...],
    wait: bool,
) -> None:
    """Queue a crawl of ``urls``; with ``wait``, follow it and print its summary."""
    from crawler.outcome import EXIT_CODES
    from crawler.run import result_of

    assert config.redis_url
    queue = JobQueue(config.redis_url)
    queue.ping()
    sessions = open_database(config)
    spec = JobSpec(
        seeds=urls,
        max_pages=max_pages,
        delay=delay,
        log_level=log_level,
        proxy=proxy,
        allow_networks=",".join(allow_networks) if allow_networks else None,
    )
    job_id = jobs.enqueue(sessions, urls)
    try:
        queue.enqueue(job_id, spec)
    except QueueError as exc:
        jobs.failed_to_start(sessions, urls, str(exc), job_id)
        raise
    render.console.print(
        f"Queued job {job_id}: {len(urls)} portal(s) for the crawl workers (one task each)."
    )
    if not wait:
        return
    told = False
    started = time.monotonic()
    try:
        while True:
            job = jobs.get(sessions, job_id)
            assert job is not None
            if job.status in TERMINAL:
                break
            if job.status == "queued" and not told and time.monotonic() - started > 10:
                render.console.print("Waiting for a crawl worker ('vnarchive worker crawl') …")
                told = True
            time.sleep(POLL)
    except KeyboardInterrupt:
        render.console.print(f"Job {job_id} goes on in the workers: see 'vnarchive jobs'.")
        raise SystemExit(130) from None
    log_file = config.log_dir / f"job-{job_id}.log"
    result = result_of(job, log_file if log_file.exists() else None)
    render.crawl_summary(result)
    code = EXIT_CODES.get(result.status, 1)
    if code:
        raise SystemExit(code)
