"""The schedules as stored: APScheduler 3's SQLAlchemy job store, in the archive database.

Two ways in. ``CrawlJobStore`` is the job store the service's scheduler runs on, and the one
the CLI writes schedules through (``scheduler.schedules``). ``read_schedules`` is for
commands that only look (``schedule list``, ``health``): a plain ``SELECT``, no scheduler,
no ``CREATE TABLE``, and a row that cannot be read is reported, never deleted (APScheduler's
own store deletes it), so a read can neither run, move nor lose a schedule.
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apscheduler.job import Job
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.timeutil import LOCAL_TZ
from scheduler.triggers import CrawlTrigger

TABLE = "apscheduler_jobs"
log = logging.getLogger("vnarchive.scheduler")


class CrawlJobStore(SQLAlchemyJobStore):
    """The SQL job store, tolerant of a schedule removed by the CLI while it was running:
    APScheduler 3 would otherwise let the error kill its scheduling thread, silently."""

    def update_job(self, job: Job) -> None:
        try:
            super().update_job(job)
        except JobLookupError:
            pass


def job_store(sessions: sessionmaker[Session]) -> CrawlJobStore:
    return CrawlJobStore(engine=sessions.kw["bind"], tablename=TABLE)


def idle_scheduler() -> BackgroundScheduler:
    """A scheduler that is never started: jobs need one for their time zone, nothing else."""
    return BackgroundScheduler(timezone=LOCAL_TZ)


@dataclass(frozen=True)
class Schedule:
    id: str
    target: str
    trigger: CrawlTrigger
    next_run: datetime | None
    options: dict[str, Any]

    @property
    def paused(self) -> bool:
        return self.next_run is None

    @classmethod
    def of(cls, job: Job) -> Schedule:
        return cls(job.id, job.kwargs["target"], job.trigger, job.next_run_time, dict(job.kwargs))

    def option_time(self, name: str) -> datetime | None:
        """``created_at`` / ``resumed_at``: when the schedule was made or last resumed."""
        value = self.options.get(name)
        return datetime.fromisoformat(value) if value else None


def read_schedules(sessions: sessionmaker[Session]) -> list[Schedule]:
    """Every stored schedule, read without a scheduler and without writing anything."""
    table = job_store(sessions).jobs_t
    with sessions() as session:
        rows = session.execute(select(table.c.id, table.c.job_state)).all()
    found = []
    for schedule_id, state in rows:
        try:
            found.append(Schedule.of(restored(state)))
        except Exception as exc:  # left in place for the service to report, never deleted
            log.warning("schedule %s cannot be read: %s", schedule_id, exc)
    return found


def restored(state: bytes) -> Job:
    job: Job = Job.__new__(Job)
    job.__setstate__(pickle.loads(state))
    return job
