"""``vnarchive scheduler run``: the service that starts crawls when their schedules say.

APScheduler 3 (SQLAlchemy job store in the archive database, a thread pool sized by
``VNARCHIVE_SCHEDULER_MAX_CONCURRENT_CRAWLS``) fires the schedules; each run is a crawl
subprocess (see ``runner``), and every run that did not happen is recorded with its reason
(see ``accounting``). The clock and the scheduler can be given, so that tests drive
APScheduler's own decisions (coalescing, misfire grace, max instances) at chosen times.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from typing import Any

from apscheduler.events import JobEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy.orm import Session, sessionmaker

from archive.config import ArchiveConfig, SchedulerSettings
from archive.db import jobs as crawl_jobs
from archive.timeutil import LOCAL_TZ
from scheduler import jobs
from scheduler.accounting import EVENTS, RunAccounting
from scheduler.clock import SYSTEM_CLOCK, Clock
from scheduler.leader import Leadership, holder_name, leadership_for
from scheduler.runner import Runner
from scheduler.schedules import minimum
from scheduler.store import job_store
from scheduler.triggers import format_duration

log = logging.getLogger("vnarchive.scheduler")


class CrawlExecutor(ThreadPoolExecutor):
    """The thread pool, telling each run the time it was scheduled for."""

    def _do_submit_job(self, job: Job, run_times: list[Any]) -> None:
        jobs.note_run_times(job.id, run_times)
        super()._do_submit_job(job, run_times)


def new_scheduler(sessions: sessionmaker[Session], max_workers: int) -> BackgroundScheduler:
    return BackgroundScheduler(
        jobstores={"default": job_store(sessions)},
        executors={"default": CrawlExecutor(max_workers=max_workers)},
        timezone=LOCAL_TZ,
    )


class SchedulerService:
    def __init__(
        self,
        config: ArchiveConfig,
        sessions: sessionmaker[Session],
        settings: SchedulerSettings,
        *,
        clock: Clock = SYSTEM_CLOCK,
        scheduler: BaseScheduler | None = None,
        runner: Runner | None = None,
        leadership: Leadership | None = None,
    ) -> None:
        self.config = config
        self.sessions = sessions
        self.settings = settings
        self.clock = clock
        self.runner = runner or Runner(config, sessions)
        self.stop = threading.Event()
        self.hurry = threading.Event()
        self.accounting = RunAccounting(sessions, clock, settings.misfire_grace)
        self.scheduler = scheduler or new_scheduler(sessions, settings.max_concurrent_crawls)
        self.scheduler.add_listener(self.on_event, EVENTS)
        self.leadership = leadership or leadership_for(sessions.kw["bind"])
        self.lost_lock = False

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        """Recover dead jobs, bind the runner, and start the scheduler."""
        for job_id in crawl_jobs.recover_dead(self.sessions):
            log.warning("job %s: its crawl process was gone; marked interrupted", job_id)
        jobs.bind(self.runner)
        self.scheduler.start(paused=True)
        self._apply_misfire_grace()
        self._pause_too_frequent()
        self.scheduler.resume()

    def run(self) -> None:
        """Stand by until this service holds the scheduler lock (``leader``), then run the
        schedules until SIGTERM or SIGINT, and stop as ``shutdown`` says. A service that
        loses the lock stops firing at once and ends (``lost_lock``)."""
        self._install_signals()
        try:
            if self._stand_by():
                self._lead()
        finally:
            self.leadership.release()

    def _stand_by(self) -> bool:
        """Wait for the scheduler lock; False if asked to stop before getting it."""
        if self.leadership.try_acquire():
            return True
        log.info(
            "another scheduler service runs the schedules of this database: standing by "
            "(%s), trying again every %ss",
            holder_name(),
            self.settings.poll_interval,
        )
        while not self.stop.wait(self.settings.poll_interval):
            if self.leadership.try_acquire():
                log.warning("the scheduler lock was free: this service takes over")
                return True
        log.info("scheduler stopped (it was standing by)")
        return False

    def _lead(self) -> None:
        self.start()
        log.info(
            "scheduler started (%s holds the scheduler lock): %d schedule(s), %d crawl(s) "
            "at a time, database %s",
            holder_name(),
            len(self.scheduler.get_jobs()),
            self.settings.max_concurrent_crawls,
            self.sessions.kw["bind"].url.render_as_string(hide_password=True),
        )
        while not self.stop.wait(self.settings.poll_interval):
            if not self.leadership.held():
                log.error(
                    "lost the scheduler lock (the database session ended): no more runs "
                    "start here; another service may take over"
                )
                self.lost_lock = True
                break
            self.scheduler.wakeup()  # schedules added or changed by the CLI meanwhile
        self.shutdown()

    def _apply_misfire_grace(self) -> None:
        """The service's misfire grace holds for every schedule, whenever it was added."""
        grace = max(1, self.settings.misfire_grace)
        for job in self.scheduler.get_jobs():
            if job.misfire_grace_time != grace:
                job.modify(misfire_grace_time=grace)

    def _pause_too_frequent(self) -> None:
        """Schedules made before the minimum interval was raised do not run: paused, said."""
        shortest = minimum(self.settings)
        for job in self.scheduler.get_jobs():
            gaps = job.trigger.gaps(self.clock.now()) if hasattr(job.trigger, "gaps") else []
            if job.next_run_time is not None and gaps and min(gaps) < shortest:
                job.pause()
                log.warning(
                    "%s runs every %s, below the minimum of %s "
                    "(VNARCHIVE_SCHEDULER_MIN_INTERVAL): paused; add it again with a longer "
                    "interval",
                    job.id,
                    format_duration(min(gaps)),
                    format_duration(shortest),
                )

    def _install_signals(self) -> None:
        def on_signal(signum: int, _frame: Any) -> None:
            if self.stop.is_set():
                self.hurry.set()
            log.warning("received %s: stopping", signal.Signals(signum).name)
            self.runner.stopping.set()  # from now on, runs due are skipped, not started
            self.stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)

    def shutdown(self) -> None:
        """Stop launching; give running crawls the shutdown grace, then interrupt them
        (SIGTERM: Scrapy closes gracefully, saves its JOBDIR and the crawl records
        ``interrupted``), and kill what is still there after the kill grace."""
        self.scheduler.pause()
        self.runner.stopping.set()
        running = self.runner.running()
        if running:
            log.info(
                "waiting up to %ss for %d running crawl(s)",
                self.settings.shutdown_grace,
                len(running),
            )
        if not self._wait(self.settings.shutdown_grace):
            self.runner.signal_all(signal.SIGTERM)
            if not self.runner.wait_idle(self.settings.kill_grace):
                self.runner.signal_all(signal.SIGKILL)
        self.scheduler.shutdown(wait=True)
        jobs.bind(None)
        log.info("scheduler stopped")

    def _wait(self, seconds: float) -> bool:
        """Wait for running crawls (real processes: the wall clock, not ``self.clock``)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.hurry.is_set():
            if self.runner.wait_idle(0.5):
                return True
        return not self.runner.running()

    # -- nothing silent ------------------------------------------------------------------
    def on_event(self, event: JobEvent) -> None:
        try:
            self.accounting.record(event, self.scheduler.get_job(event.job_id))
        except Exception:  # a listener must never take the scheduler down
            log.exception("could not record %s", event)
