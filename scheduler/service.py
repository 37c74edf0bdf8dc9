"""``vnarchive scheduler run``: the service that starts crawls when their schedules say.

APScheduler 3 (SQLAlchemy job store in the archive database, a thread pool sized by
``VNARCHIVE_SCHEDULER_MAX_CONCURRENT_CRAWLS``) fires the schedules; each run is a crawl
subprocess (see ``runner``). Nothing is lost silently: a run missed beyond the misfire grace,
runs coalesced while the service was down, a run skipped because the previous one is still
going, a run whose job function failed — each leaves a ``CrawlJob`` row with its reason.
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime, timedelta
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from sqlalchemy.orm import Session, sessionmaker

from archive.config import ArchiveConfig, SchedulerSettings
from archive.db import jobs as crawl_jobs
from archive.timeutil import to_local, utcnow
from scheduler import jobs
from scheduler.runner import Runner
from scheduler.schedules import new_scheduler

log = logging.getLogger("vnarchive.scheduler")


class CrawlExecutor(ThreadPoolExecutor):
    """The thread pool, telling each run the time it was scheduled for."""

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        jobs.scheduled_times[job.id] = run_times[-1]
        super()._do_submit_job(job, run_times)


class SchedulerService:
    def __init__(
        self, config: ArchiveConfig, sessions: sessionmaker[Session], settings: SchedulerSettings
    ) -> None:
        self.config = config
        self.sessions = sessions
        self.settings = settings
        self.runner = Runner(config, sessions)
        self.stop = threading.Event()
        self.hurry = threading.Event()
        executor = CrawlExecutor(max_workers=settings.max_concurrent_crawls)
        self.scheduler = new_scheduler(sessions, executors={"default": executor})
        self.scheduler.add_listener(
            self.on_event,
            EVENT_JOB_SUBMITTED | EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED | EVENT_JOB_ERROR,
        )

    # -- lifecycle -----------------------------------------------------------------------
    def run(self) -> None:
        """Run until SIGTERM or SIGINT, then stop as ``shutdown`` says."""
        for job_id in crawl_jobs.recover_dead(self.sessions):
            log.warning("job %s: its crawl process was gone; marked interrupted", job_id)
        jobs.bind(self.runner)
        self._install_signals()
        self.scheduler.start(paused=True)
        self._apply_misfire_grace()
        self.scheduler.resume()
        log.info(
            "scheduler started: %d schedule(s), %d crawl(s) at a time, database %s",
            len(self.scheduler.get_jobs()),
            self.settings.max_concurrent_crawls,
            self.sessions.kw["bind"].url.render_as_string(hide_password=True),
        )
        while not self.stop.wait(self.settings.poll_interval):
            self.scheduler.wakeup()  # schedules added or changed by the CLI meanwhile
        self.shutdown()

    def _apply_misfire_grace(self) -> None:
        """The service's misfire grace holds for every schedule, whenever it was added."""
        for job in self.scheduler.get_jobs():
            if job.misfire_grace_time != self.settings.misfire_grace:
                job.modify(misfire_grace_time=self.settings.misfire_grace)

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
        deadline = utcnow() + timedelta(seconds=seconds)
        while utcnow() < deadline and not self.hurry.is_set():
            if self.runner.wait_idle(0.5):
                return True
        return not self.runner.running()

    # -- nothing silent ------------------------------------------------------------------
    def on_event(self, event: JobEvent) -> None:
        try:
            self._record(event)
        except Exception:  # a listener must never take the scheduler down
            log.exception("could not record %s", event)

    def _record(self, event: JobEvent) -> None:
        job = self.scheduler.get_job(event.job_id)
        target = job.kwargs["target"] if job else event.job_id.removeprefix("crawl:")
        moment = _run_time(event)
        if job is not None:
            self._record_coalesced(job, moment)
        outcome = self._outcome(event, target, moment)
        if outcome is not None:
            status, why = outcome
            where = {"target": target, "schedule_id": event.job_id, "scheduled_at": moment}
            crawl_jobs.not_run(self.sessions, status=status, reason=why, **where)
            log.warning("%s, due %s: %s %s", event.job_id, _shown(moment), status, why)

    def _outcome(self, event: JobEvent, target: str, moment: datetime) -> tuple[str, str] | None:
        if event.code == EVENT_JOB_MISSED:
            late = (utcnow() - moment).total_seconds()
            grace = self.settings.misfire_grace
            return "missed", f"started {late:.0f} s late, beyond the misfire grace of {grace} s"
        if event.code == EVENT_JOB_MAX_INSTANCES:
            busy = crawl_jobs.running_for(self.sessions, target)
            return "skipped", "previous run still going" + (f" (job {busy.id})" if busy else "")
        if event.code == EVENT_JOB_ERROR:
            return "failed", f"the scheduler could not run the crawl: {event.exception!r}"
        return None

    def _record_coalesced(self, job: Job, moment: datetime) -> None:
        """Runs that fell due while the service was not running, and that APScheduler
        coalesced into this one, are recorded as missed."""
        after = self._accounted_until(job, moment)
        if after is None or not hasattr(job.trigger, "regular_times"):
            return
        slack = timedelta(seconds=(job.trigger.jitter or 0) + 1)
        for due in job.trigger.regular_times(after, moment - slack):
            why = f"the scheduler was not running (coalesced into the run due {_shown(moment)})"
            where = {"target": job.kwargs["target"], "schedule_id": job.id, "scheduled_at": due}
            crawl_jobs.not_run(self.sessions, status="missed", reason=why, **where)
            log.warning("%s, due %s: missed, %s", job.id, _shown(due), why)

    def _accounted_until(self, job: Job, moment: datetime) -> datetime | None:
        """The last moment whose runs are accounted for: the last recorded run, the
        creation or the resumption of the schedule, whichever is latest."""
        marks = [crawl_jobs.last_scheduled_before(self.sessions, job.id, moment)]
        marks += [
            datetime.fromisoformat(job.kwargs[k])
            for k in ("created_at", "resumed_at")
            if job.kwargs.get(k)
        ]
        known = [m for m in marks if m is not None]
        return max(known) if known else None


def _shown(moment: datetime) -> str:
    local = to_local(moment)
    return local.isoformat(timespec="seconds") if local else "-"


def _run_time(event: JobEvent) -> datetime:
    times = getattr(event, "scheduled_run_times", None) or [event.scheduled_run_time]
    return times[-1]
