"""Nothing silent: every run a schedule fell due for leaves exactly one ``CrawlJob`` row.

APScheduler tells the service about a run when it submits it (``EVENT_JOB_SUBMITTED``) or
cannot because the previous run is still going (``EVENT_JOB_MAX_INSTANCES``); its executor
then tells whether the run started too late (``EVENT_JOB_MISSED``) or its function failed
(``EVENT_JOB_ERROR``). A run started is recorded by the runner; the others here:

- runs that fell due while the service was down, and that APScheduler coalesced into the
  latest (``coalesce=True``), are *missed*, one row per regular due time, recorded when the
  coalesced run is submitted. They are the trigger's regular times after the last time
  already accounted for (the last recorded run of the schedule, its creation or its
  resumption, or the last run this service saw) and before the run submitted;
- a run submitted later than the misfire grace is *missed*; one due while the previous is
  still going is *skipped*; one whose job function raised is *failed*.

Each due time is accounted for once: the service remembers the last run time it accounted
for, so a coalesced run is never followed by rows for the times it stood for.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobEvent,
)
from apscheduler.job import Job
from sqlalchemy.orm import Session, sessionmaker

from archive.db import jobs as crawl_jobs
from archive.timeutil import to_local
from scheduler.clock import Clock
from scheduler.store import Schedule

log = logging.getLogger("vnarchive.scheduler")
EVENTS = EVENT_JOB_SUBMITTED | EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED | EVENT_JOB_ERROR


class RunAccounting:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock, misfire_grace: int) -> None:
        self.sessions = sessions
        self.clock = clock
        self.misfire_grace = misfire_grace
        self.accounted: dict[str, datetime] = {}  # schedule id → last run time accounted for
        self._lock = threading.Lock()

    def record(self, event: JobEvent, job: Job | None) -> None:
        """Record what ``event`` says about a run of ``job`` (None: removed meanwhile)."""
        moment = run_time(event)
        target = job.kwargs["target"] if job else event.job_id.removeprefix("crawl:")
        if job is not None and event.code in (EVENT_JOB_SUBMITTED, EVENT_JOB_MAX_INSTANCES):
            for due in self.coalesced(job, moment):
                why = f"the scheduler was not running (coalesced into the run due {shown(moment)})"
                self._not_run(job.id, target, due, "missed", why)
        outcome = self.outcome(event, target, moment, job)
        if outcome is not None:
            self._not_run(event.job_id, target, moment, *outcome)

    def coalesced(self, job: Job, moment: datetime) -> list[datetime]:
        """Regular times of ``job`` after the last one accounted for and before the run
        due at ``moment`` (which stands for the last regular time up to it)."""
        with self._lock:
            since = self.accounted_until(job, moment)
            self.accounted[job.id] = max(moment, self.accounted.get(job.id, moment))
        if since is None or not hasattr(job.trigger, "due_times"):
            return []
        return job.trigger.due_times(since, moment)[:-1]

    def accounted_until(self, job: Job, moment: datetime) -> datetime | None:
        """The latest of: the last run this service accounted for, the last recorded run of
        the schedule, its creation and its resumption."""
        schedule = Schedule.of(job)
        marks = [
            self.accounted.get(job.id),
            crawl_jobs.last_scheduled_before(self.sessions, job.id, moment),
            schedule.option_time("created_at"),
            schedule.option_time("resumed_at"),
        ]
        known = [m for m in marks if m is not None]
        return max(known) if known else None

    def outcome(
        self, event: JobEvent, target: str, moment: datetime, job: Job | None
    ) -> tuple[str, str] | None:
        if event.code == EVENT_JOB_MISSED:
            late = (self.clock.now() - moment).total_seconds()
            grace = job.misfire_grace_time if job is not None else self.misfire_grace
            return "missed", f"started {late:.0f} s late, beyond the misfire grace of {grace} s"
        if event.code == EVENT_JOB_MAX_INSTANCES:
            busy = crawl_jobs.running_for(self.sessions, target)
            return "skipped", "previous run still going" + (f" (job {busy.id})" if busy else "")
        if event.code == EVENT_JOB_ERROR:
            return "failed", f"the scheduler could not run the crawl: {event.exception!r}"
        return None

    def _not_run(self, schedule_id: str, target: str, due: datetime, status: str, why: str) -> None:
        where = {"target": target, "schedule_id": schedule_id, "scheduled_at": due}
        crawl_jobs.not_run(self.sessions, status=status, reason=why, **where)
        log.warning("%s, due %s: %s, %s", schedule_id, shown(due), status, why)


def shown(moment: datetime) -> str:
    local = to_local(moment)
    return local.isoformat(timespec="seconds") if local else "-"


def run_time(event: JobEvent) -> datetime:
    times = getattr(event, "scheduled_run_times", None) or [event.scheduled_run_time]
    return times[-1]
