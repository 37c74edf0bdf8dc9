"""The archivist's schedules, kept by APScheduler's SQLAlchemy job store in the archive DB.

One schedule per portal (``crawl:<host>``) or per level (``crawl:level:<level>``); adding a
schedule for the same target replaces it. The CLI writes schedules straight into the job
store, without a scheduler: nothing can run, and no next run time moves, in a CLI process.
The service notices the changes within its poll interval.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError, JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlalchemy.orm import Session, sessionmaker

from archive.config import ArchiveConfig, SchedulerSettings
from archive.db.engine import open_database
from archive.timeutil import LOCAL_TZ
from scheduler import jobs
from scheduler.clock import SYSTEM_CLOCK, Clock
from scheduler.errors import ScheduleNotFound
from scheduler.portals import level_target, portal_of
from scheduler.store import TABLE, Schedule, idle_scheduler, read_schedules
from scheduler.triggers import (
    CrawlTrigger,
    check_minimum,
    make_trigger,
    parse_cron,
    parse_duration,
    parse_window,
)

__all__ = ["Schedule", "Schedules", "check_timing", "list_schedules", "open_schedules"]


def schedule_id_for(target: str) -> str:
    return f"crawl:{target}"


def check_timing(
    cron: str | None,
    every: str | None,
    jitter: str | None,
    window: str | None,
    settings: SchedulerSettings,
    now: datetime,
) -> None:
    """Refuse a bad --cron/--every/--jitter/--window, or runs closer together than the
    minimum interval, before anything is opened or written."""
    if jitter is not None:
        parse_duration(jitter, "--jitter")
    if window is not None:
        parse_window(window)
    if cron is not None:
        parse_cron(cron)
    if every is not None:
        parse_duration(every)
    if cron is not None or every is not None:
        trigger = make_trigger(cron=cron, every=every, jitter=None, window=window, now=now)
        what = f"--cron {cron!r}" if cron is not None else f"--every {every}"
        check_minimum(trigger, minimum(settings), now, what)


def minimum(settings: SchedulerSettings) -> timedelta:
    return parse_duration(settings.min_interval, "VNARCHIVE_SCHEDULER_MIN_INTERVAL")


def sorted_schedules(found: list[Schedule]) -> list[Schedule]:
    far = datetime.max.replace(tzinfo=LOCAL_TZ) - timedelta(days=1)
    return sorted(found, key=lambda s: (s.next_run or far, s.id))


def list_schedules(sessions: sessionmaker[Session]) -> list[Schedule]:
    """The schedules, soonest first (paused last): a read that writes nothing."""
    return sorted_schedules(read_schedules(sessions))


class Schedules:
    """Add, list, pause, resume and remove schedules, straight in the job store."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: SchedulerSettings,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.clock = clock
        self.scheduler = idle_scheduler()
        # APScheduler's own store: a schedule removed meanwhile is an error here, not ignored.
        self.store = SQLAlchemyJobStore(engine=sessions.kw["bind"], tablename=TABLE)
        self.store.start(self.scheduler, "default")

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
        now = self.clock.now()
        trigger = self._trigger(level, cron, every, jitter, window, now)
        schedule_id = schedule_id_for(target)
        kwargs = {"target": target, **crawl_options, "created_at": now.isoformat()}
        job = Job(
            self.scheduler,
            id=schedule_id,
            func=jobs.FUNC,
            trigger=trigger,
            executor="default",
            args=(),
            kwargs={"schedule_id": schedule_id, **kwargs},
            name=str(trigger),
            misfire_grace_time=max(1, self.settings.misfire_grace),
            coalesce=True,
            max_instances=1,
            next_run_time=trigger.get_next_fire_time(None, now),
        )
        try:
            self.store.add_job(job)
        except ConflictingIdError:
            self.store.update_job(job)
        return self.get(schedule_id)

    def _trigger(
        self,
        level: str,
        cron: str | None,
        every: str | None,
        jitter: str | None,
        window: str | None,
        now: datetime,
    ) -> CrawlTrigger:
        what = f"--cron {cron!r}" if cron is not None else f"--every {every}"
        if cron is None and every is None:
            every = self.settings.default_every(level)
            what = f"the default interval of {level} portals ({every})"
        trigger = make_trigger(cron=cron, every=every, jitter=jitter, window=window, now=now)
        check_minimum(trigger, minimum(self.settings), now, what)
        return trigger

    def _target(self, host: str | None, level: str | None) -> tuple[str, str]:
        if level is not None:
            return level_target(level), level
        with self.sessions.begin() as session:
            found, found_level, _ = portal_of(session, host or "")
        return found, found_level

    def list(self) -> list[Schedule]:
        return list_schedules(self.sessions)

    def job(self, schedule_id: str) -> Job:
        job = self.store.lookup_job(schedule_id)
        if job is None:
            raise ScheduleNotFound(schedule_id)
        return job

    def get(self, schedule_id: str) -> Schedule:
        return Schedule.of(self.job(schedule_id))

    def pause(self, schedule_id: str) -> Schedule:
        job = self.job(schedule_id)
        job.next_run_time = None
        self._save(job)
        return Schedule.of(job)

    def resume(self, schedule_id: str) -> Schedule:
        job = self.job(schedule_id)
        now = self.clock.now()
        # Runs due while paused were not missed: the service's accounting starts again now.
        job.kwargs = {**job.kwargs, "resumed_at": now.isoformat()}
        job.next_run_time = job.trigger.get_next_fire_time(None, now)
        self._save(job)
        return Schedule.of(job)

    def remove(self, schedule_id: str) -> None:
        try:
            self.store.remove_job(schedule_id)
        except JobLookupError:
            raise ScheduleNotFound(schedule_id) from None

    def _save(self, job: Job) -> None:
        try:
            self.store.update_job(job)
        except JobLookupError:
            raise ScheduleNotFound(job.id) from None


@contextmanager
def open_schedules(config: ArchiveConfig, clock: Clock = SYSTEM_CLOCK) -> Iterator[Schedules]:
    """The schedules of an archive, for the CLI's commands that change them."""
    sessions = open_database(config)
    try:
        yield Schedules(sessions, config.scheduler, clock)
    finally:
        sessions.kw["bind"].dispose()
