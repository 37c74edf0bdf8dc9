"""The archivist's schedules, kept by APScheduler's SQLAlchemy job store in the archive DB.

One schedule per portal (``crawl:<host>``) or per level (``crawl:level:<level>``); adding a
schedule for the same target replaces it. The CLI edits them through a scheduler started
paused, so that nothing runs in the CLI process; the service notices within its poll interval.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from apscheduler.job import Job
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.orm import Session, sessionmaker

from archive.config import ArchiveConfig, SchedulerSettings
from archive.db.engine import open_database
from archive.timeutil import LOCAL_TZ, utcnow
from scheduler import jobs
from scheduler.errors import ScheduleNotFound
from scheduler.portals import level_target, portal_of
from scheduler.triggers import CrawlTrigger, make_trigger, parse_cron, parse_duration, parse_window

TABLE = "apscheduler_jobs"


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


def schedule_id_for(target: str) -> str:
    return f"crawl:{target}"


def check_timing(
    cron: str | None, every: str | None, jitter: str | None, window: str | None
) -> None:
    """Refuse a bad --cron/--every/--jitter/--window before anything is opened or written."""
    if cron is not None:
        parse_cron(cron)
    if every is not None:
        parse_duration(every)
    if jitter is not None:
        parse_duration(jitter, "--jitter")
    if window is not None:
        parse_window(window)


class Schedules:
    """Add, list, pause, resume and remove schedules."""

    def __init__(
        self,
        scheduler: BackgroundScheduler,
        sessions: sessionmaker[Session],
        settings: SchedulerSettings,
    ) -> None:
        self.scheduler = scheduler
        self.sessions = sessions
        self.settings = settings

    def add(
        self,
        *,
        host: str | None,
        level: str | None,
        cron: str | None = None,
        every: str | None = None,
        jitter: str | None = None,
        window: str | None = None,
        **crawl_options: Any,
    ) -> Schedule:
        target, level = self._target(host, level)
        if cron is None and every is None:
            every = self.settings.default_every(level)
        trigger = make_trigger(cron=cron, every=every, jitter=jitter, window=window)
        kwargs = {"target": target, **crawl_options, "created_at": utcnow().isoformat()}
        job = self.scheduler.add_job(
            jobs.FUNC,
            trigger,
            id=schedule_id_for(target),
            name=str(trigger),
            kwargs={"schedule_id": schedule_id_for(target), **kwargs},
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=self.settings.misfire_grace,
        )
        return self.get(job.id)

    def _target(self, host: str | None, level: str | None) -> tuple[str, str]:
        if level is not None:
            return level_target(level), level
        with self.sessions.begin() as session:
            found, found_level, _ = portal_of(session, host or "")
        return found, found_level

    def list(self) -> list[Schedule]:
        found = [Schedule.of(job) for job in self.scheduler.get_jobs()]
        far = datetime.max.replace(tzinfo=LOCAL_TZ) - timedelta(days=1)
        return sorted(found, key=lambda s: (s.next_run or far, s.id))

    def job(self, schedule_id: str) -> Job:
        job = self.scheduler.get_job(schedule_id)
        if job is None:
            raise ScheduleNotFound(schedule_id)
        return job

    def get(self, schedule_id: str) -> Schedule:
        return Schedule.of(self.job(schedule_id))

    def pause(self, schedule_id: str) -> Schedule:
        self.job(schedule_id).pause()
        return self.get(schedule_id)

    def resume(self, schedule_id: str) -> Schedule:
        job = self.job(schedule_id)
        # Runs due while paused were not missed: coalesced-run accounting starts again now.
        job.modify(kwargs={**job.kwargs, "resumed_at": utcnow().isoformat()})
        job.resume()
        return self.get(schedule_id)

    def remove(self, schedule_id: str) -> None:
        self.job(schedule_id).remove()


def new_scheduler(sessions: sessionmaker[Session], **options: Any) -> BackgroundScheduler:
    return BackgroundScheduler(
        jobstores={"default": job_store(sessions)}, timezone=LOCAL_TZ, **options
    )


@contextmanager
def open_schedules(config: ArchiveConfig) -> Iterator[Schedules]:
    """The schedules of an archive, for the CLI: a scheduler that never runs anything."""
    sessions = open_database(config)
    scheduler = new_scheduler(sessions)
    scheduler.start(paused=True)
    try:
        yield Schedules(scheduler, sessions, config.scheduler)
    finally:
        scheduler.shutdown(wait=False)
        sessions.kw["bind"].dispose()
