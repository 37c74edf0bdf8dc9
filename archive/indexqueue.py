"""What indexing workers share in Redis: claims on captures, and portal-template counts.

``vnarchive worker index`` processes (``archive.documents.index_worker``) take the captures
the crawl workers archived without extracting them (``VNARCHIVE_EXTRACT=0``). The database
says what is pending (``captures.extracted_at`` is null); Redis says who works on what::

    vnarchive:capture:<id>:claim         the indexer working on the capture; then "done"
                                         (a few minutes: no other indexer that read the
                                         capture as pending before it was stored takes it
                                         again), or "failed" (not retried for an hour)
    vnarchive:templates:jobs             crawl jobs whose pages' lines are being counted
    vnarchive:job:<id>:template:pages    hash: portal host → article pages counted
    vnarchive:job:<id>:template:<host>   hash: main-content line → pages it is on
    vnarchive:job:<id>:template:learning the indexer learning the job's templates now

A claim is ``SET NX`` with an expiry: an indexer that dies loses its claims when they
expire and another indexer takes the captures. The lines of every article page of a job,
whichever indexer extracted it, are counted under the job; once the job has ended and its
pages are indexed, one indexer learns each portal's template from the counts: templates are
learned once per crawl job, whatever the number of workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from archive.jobqueue import PREFIX, JobQueue, job_key

TEMPLATE_JOBS = PREFIX + "templates:jobs"
CLAIM_SECONDS = 900.0  # an indexer's claim on a batch: far longer than a batch takes
DONE_SECONDS = 600.0
FAILED_SECONDS = 3600.0
DONE = b"done"
FAILED = b"failed"


def claim_key(capture_id: int) -> str:
    return f"{PREFIX}capture:{capture_id}:claim"


class IndexQueue:
    """Claims and template counts, over the job queue's Redis connection."""

    def __init__(self, queue: JobQueue) -> None:
        self.queue = queue
        self.redis = queue.redis

    def claim(
        self, capture_ids: Sequence[int], worker: str, seconds: float = CLAIM_SECONDS
    ) -> list[int]:
        """The captures among ``capture_ids`` this worker now holds (no one else had them)."""
        pipe = self.redis.pipeline(transaction=False)
        for capture_id in capture_ids:
            pipe.set(claim_key(capture_id), worker, nx=True, px=int(seconds * 1000))
        got = self.queue._call(pipe.execute)
        return [c for c, ok in zip(capture_ids, got, strict=True) if ok]

    def settle(self, done: Iterable[int], failed: Iterable[int]) -> None:
        """Indexed captures marked done for a while, failed ones left alone for longer."""
        pipe = self.redis.pipeline(transaction=False)
        for capture_id in done:
            pipe.set(claim_key(capture_id), DONE, px=int(DONE_SECONDS * 1000))
        for capture_id in failed:
            pipe.set(claim_key(capture_id), FAILED, px=int(FAILED_SECONDS * 1000))
        self.queue._call(pipe.execute)

    def failed(self, capture_ids: Sequence[int]) -> set[int]:
        """Those of ``capture_ids`` whose last indexing failed (within the hour)."""
        if not capture_ids:
            return set()
        values = self.queue._call(self.redis.mget, [claim_key(c) for c in capture_ids])
        return {c for c, v in zip(capture_ids, values, strict=True) if v == FAILED}

    # -- template counts -----------------------------------------------------------------
    def count_page(self, job_id: int, host: str, lines: Iterable[str], max_pages: int) -> None:
        """One article page of ``host`` in job ``job_id``, with its main-content lines (at
        most ``max_pages`` pages a portal are counted)."""
        pages = self.queue._call(self.redis.hincrby, job_key(job_id, "template:pages"), host, 1)
        if pages == 1:
            self.queue._call(self.redis.sadd, TEMPLATE_JOBS, job_id)
        if pages > max_pages:
            return
        pipe = self.redis.pipeline(transaction=False)
        for line in set(lines):
            pipe.hincrby(job_key(job_id, f"template:{host}"), line, 1)
        self.queue._call(pipe.execute)

    def counted_jobs(self) -> list[int]:
        return sorted(int(j) for j in self.queue._call(self.redis.smembers, TEMPLATE_JOBS))

    def counts(self, job_id: int) -> dict[str, tuple[int, dict[str, int]]]:
        """Per portal host: its article pages counted and each line's pages."""
        pages = self.queue._call(self.redis.hgetall, job_key(job_id, "template:pages"))
        out: dict[str, tuple[int, dict[str, int]]] = {}
        for raw_host, n in pages.items():
            host = raw_host.decode()
            lines = self.queue._call(self.redis.hgetall, job_key(job_id, f"template:{host}"))
            out[host] = (int(n), {k.decode(): int(v) for k, v in lines.items()})
        return out

    def start_learning(self, job_id: int, worker: str, seconds: float = CLAIM_SECONDS) -> bool:
        """Whether this worker is the one to learn the job's templates."""
        key = job_key(job_id, "template:learning")
        return bool(self.queue._call(self.redis.set, key, worker, nx=True, px=int(seconds * 1000)))

    def forget_counts(self, job_id: int) -> None:
        """The job's templates are learned: its counts go."""
        hosts = self.queue._call(self.redis.hkeys, job_key(job_id, "template:pages"))
        keys: list[Any] = [job_key(job_id, f"template:{h.decode()}") for h in hosts]
        keys += [job_key(job_id, "template:pages"), job_key(job_id, "template:learning")]
        pipe = self.redis.pipeline()
        pipe.delete(*keys)
        pipe.srem(TEMPLATE_JOBS, job_id)
        self.queue._call(pipe.execute)
