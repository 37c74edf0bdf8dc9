"""The shared crawl job queue on a real Redis: tasks, leases on tasks and on portal hosts,
take-over of an abandoned task, hand-back, the end of a job."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from archive.jobqueue import JobQueue, JobSpec, QueueError, job_key, task_key


@pytest.fixture
def queue(redis_url: str) -> Iterator[JobQueue]:
    q = JobQueue(redis_url)
    q.redis.flushdb()
    yield q
    q.redis.flushdb()


def spec(*seeds: str) -> JobSpec:
    return JobSpec(seeds=list(seeds), max_pages=5, delay=0.0)


def test_one_task_per_portal_taken_oldest_first(queue: JobQueue) -> None:
    assert queue.enqueue(1, spec("http://a.gov.vn/", "http://b.gov.vn/")) == ["1:0", "1:1"]
    queue.enqueue(2, spec("http://c.gov.vn/"))
    taken = [queue.take("w", 30) for _ in range(4)]
    assert [t.task if t else None for t in taken] == ["1:0", "1:1", "2:0", None]
    first = taken[0]
    assert first is not None and first.job_id == 1 and first.seed == "http://a.gov.vn/"
    assert first.spec.max_pages == 5 and not first.resumed
    assert queue.active() == ["1:0", "1:1", "2:0"] and queue.pending() == []


def test_a_portal_is_fetched_by_one_worker_at_a_time(queue: JobQueue) -> None:
    queue.enqueue(1, spec("http://www.a.gov.vn/"))
    queue.enqueue(2, spec("http://a.gov.vn/trang/"))  # the same portal: waits
    queue.enqueue(3, spec("http://b.gov.vn/"))
    assert queue.take("w1", 30).task == "1:0"  # type: ignore[union-attr]
    assert queue.take("w2", 30).task == "3:0"  # type: ignore[union-attr]  # 2 skipped
    assert queue.take("w3", 30) is None
    assert queue.pending() == ["2:0"]
    assert queue.end("1:0", "w1", {"finish_reason": "finished"}) == 0
    assert queue.take("w3", 30).task == "2:0"  # type: ignore[union-attr]


def test_an_abandoned_task_is_taken_over_first(queue: JobQueue) -> None:
    queue.enqueue(1, spec("http://a.gov.vn/", "http://b.gov.vn/"))
    assert queue.take("dead", 0.2).task == "1:0"  # type: ignore[union-attr]
    assert queue.holder("1:0") == "dead"
    deadline = time.monotonic() + 5
    while queue.holder("1:0") is not None:  # the lease runs out (Redis' own clock)
        assert time.monotonic() < deadline
        time.sleep(0.05)
    again = queue.take("alive", 30)
    assert again is not None and again.task == "1:0" and again.resumed
    assert not queue.renew("1:0", "dead", 30), "a worker that lost its task must learn it"
    assert queue.renew("1:0", "alive", 30)
    assert queue.end("1:0", "dead", {}) is None  # nor may it end it


def test_hand_back_and_the_end_of_a_job(queue: JobQueue) -> None:
    queue.enqueue(7, spec("http://a.gov.vn/", "http://b.gov.vn/"))
    a, b = queue.take("w1", 30), queue.take("w2", 30)
    assert a is not None and b is not None
    assert queue.hand_back(a.task, "w1")
    resumed = queue.take("w3", 30)
    assert resumed is not None and resumed.task == a.task and resumed.resumed
    queue.redis.sadd(job_key(7, "dupefilter"), "fp")
    assert queue.end(b.task, "w2", {"pages": 3, "finish_reason": "finished"}) == 1
    assert queue.end(a.task, "w3", {"pages": 4, "finish_reason": "finished"}) == 0
    assert sorted(s["pages"] for s in queue.job_stats(7)) == [3, 4]
    assert not queue.redis.exists(task_key(a.task), task_key(a.task, "journal"))
    queue.forget_job(7)
    assert not queue.redis.keys("vnarchive:*")


def test_an_unreachable_redis_is_a_one_line_error() -> None:
    from tests.servers import free_port

    queue = JobQueue(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(QueueError, match=r"^Redis at redis://127\.0\.0\.1:\d+/0: .*refused"):
        queue.ping()
