"""The scheduler on a clock the test moves: APScheduler's own decisions, no waiting.

Why this way: APScheduler 3 has no clock of its own to inject, but all it decides (which runs
are due, coalescing them, the misfire grace, ``max_instances``) happens in
``BaseScheduler._process_jobs`` and ``executors.base.run_job``, which both read
``datetime.now``. So the tests

- point the ``datetime`` those two modules read at a ``FakeClock`` (``freeze_apscheduler``);
- use a ``SteppedScheduler`` without a thread: the test calls ``tick()``, which is one pass of
  APScheduler's real ``_process_jobs`` at the fake time;
- use a ``ManualExecutor`` that starts each submitted run at once with APScheduler's real
  ``run_job`` (misfire check included), as the thread pool does, but holds it as going until
  the test calls ``finish()``, which reports its events as the pool would: a run due
  meanwhile hits ``max_instances``;
- give the service a ``FakeRunner`` that records each run as the real runner does (a
  ``CrawlJob`` row with the time it was due), without a crawl subprocess.

The job store, the service's listener and its accounting, and the rows are the real ones,
on SQLite and PostgreSQL alike. Nothing sleeps; every time is chosen by the test.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import apscheduler.executors.base as executors_base
import apscheduler.schedulers.base as schedulers_base
from apscheduler.executors.base import BaseExecutor, run_job
from apscheduler.job import Job
from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy.orm import Session, sessionmaker

from archive.db import jobs as crawl_jobs
from archive.timeutil import LOCAL_TZ
from scheduler import jobs
from scheduler.runner import CrawlSpec
from scheduler.store import job_store


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.moment = start.astimezone(UTC)

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment

    def set(self, moment: datetime) -> datetime:
        self.moment = moment.astimezone(UTC)
        return self.moment


def freeze_apscheduler(monkeypatch: Any, clock: FakeClock) -> None:
    """APScheduler's scheduler and executor read ``clock`` for "now"."""

    class ClockDatetime(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return clock.now().astimezone(tz) if tz is not None else clock.now()

    monkeypatch.setattr(schedulers_base, "datetime", ClockDatetime)
    monkeypatch.setattr(executors_base, "datetime", ClockDatetime)


class SteppedScheduler(BaseScheduler):
    """APScheduler's scheduler without its thread: ``tick()`` is one look for due runs."""

    def wakeup(self) -> None:
        pass

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)

    def tick(self) -> None:
        self._process_jobs()


class ManualExecutor(BaseExecutor):
    """Runs are started when submitted and count as going until ``finish()``."""

    def __init__(self) -> None:
        super().__init__()
        self.going: list[tuple[str, list[Any]]] = []

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        jobs.note_run_times(job.id, run_times)
        events = run_job(job, job._jobstore_alias, run_times, self._logger.name)
        self.going.append((job.id, events))

    def finish(self) -> None:
        going, self.going = self.going, []
        for job_id, events in going:
            self._run_job_success(job_id, events)


class FakeRunner:
    """Records each run as the runner does (a succeeded ``CrawlJob``), without crawling."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self.stopping = threading.Event()

    def run(
        self,
        spec: CrawlSpec,
        *,
        trigger: str,
        schedule_id: str | None,
        scheduled_at: datetime | None,
    ) -> int:
        job_id = crawl_jobs.queue(
            self.sessions,
            target=spec.target,
            seeds=[f"http://{spec.target}/"],
            trigger=trigger,
            schedule_id=schedule_id,
            scheduled_at=scheduled_at,
            jobdir=Path("/nonexistent"),
        )
        crawl_jobs.settle(self.sessions, job_id, status="succeeded", reason=None, exit_code=0)
        return job_id

    def running(self) -> list[int]:
        return []


def stepped_scheduler(sessions: sessionmaker[Session]) -> tuple[SteppedScheduler, ManualExecutor]:
    executor = ManualExecutor()
    scheduler = SteppedScheduler(
        jobstores={"default": job_store(sessions)},
        executors={"default": executor},
        timezone=LOCAL_TZ,
    )
    return scheduler, executor
