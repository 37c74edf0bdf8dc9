"""Per portal: last success, consecutive failures, error rate, pages per crawl, staleness.

A portal crawl counts as a success when its job succeeded and archived pages of that portal
(answers below HTTP 400);
a portal is stale when its schedule is older than twice its interval and no success came
within twice the interval.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, sessionmaker

from archive.db.jobs import CRAWLED
from archive.db.models import Capture, CrawlJob
from archive.timeutil import utcnow
from scheduler.portals import hosts_of, target_level
from scheduler.schedules import Schedule

RECENT = 5
HISTORY = 2000


@dataclass
class PortalCrawl:
    job: CrawlJob
    pages: int  # captures of the portal by this job
    good: int  # of which answered below HTTP 400
    error_rate: float | None

    @property
    def ok(self) -> bool:
        return self.job.status == "succeeded" and self.good > 0


@dataclass
class PortalHealth:
    portal: str
    schedule_id: str | None = None
    interval: timedelta | None = None
    since: datetime | None = None  # when the schedule was made
    crawls: list[PortalCrawl] = field(default_factory=list)  # newest first
    running: CrawlJob | None = None  # a crawl of it going on now (its live counts)

    @property
    def last_success(self) -> datetime | None:
        ok = next((c for c in self.crawls if c.ok), None)
        return (ok.job.finished_at or ok.job.started_at) if ok else None

    @property
    def consecutive_failures(self) -> int:
        count = 0
        for crawl in self.crawls:
            if crawl.ok:
                break
            count += crawl.job.status != "interrupted"
        return count

    @property
    def last_error_rate(self) -> float | None:
        return self.crawls[0].error_rate if self.crawls else None

    @property
    def pages(self) -> list[int]:
        return [c.pages for c in reversed(self.crawls[:RECENT])]

    @property
    def stale(self) -> bool:
        if self.interval is None:
            return False
        seen = self.last_success or self.since
        return seen is not None and seen < utcnow() - 2 * self.interval


def hosts_of_job(job: CrawlJob) -> list[str]:
    if job.portal and target_level(job.portal) is None:
        return [job.portal]
    return [(urlsplit(u).hostname or "").lower() for u in job.seeds.split() if u]


def capture_counts(session: Session, job_ids: list[int]) -> dict[tuple[int, str], tuple[int, int]]:
    """(job, host) → (captures, captures with HTTP status 400 or more)."""
    rows = session.execute(
        select(
            Capture.job_id,
            Capture.host,
            func.count(),
            func.sum(case((Capture.status >= 400, 1), else_=0)),
        )
        .where(Capture.job_id.in_(job_ids))
        .group_by(Capture.job_id, Capture.host)
    )
    return {(job, host): (n, bad or 0) for job, host, n, bad in rows}


def portal_crawl(
    job: CrawlJob, host: str, counts: dict[tuple[int, str], tuple[int, int]]
) -> PortalCrawl:
    pages, bad = counts.get((job.id, host), (0, 0))
    tries, failed = pages, bad
    if len(hosts_of_job(job)) == 1:  # download errors without a response count too
        errors = job.errors or {}
        exceptions = sum(n for k, n in errors.items() if not k.startswith(("http ", "robots")))
        tries, failed = tries + exceptions, failed + exceptions
    if tries:
        rate: float | None = failed / tries
    else:  # nothing came back from the portal
        rate = 1.0 if job.status in ("succeeded", "failed") else None
    return PortalCrawl(job, pages, pages - bad, rate)


def health(sessions: sessionmaker[Session], schedules: list[Schedule]) -> list[PortalHealth]:
    with sessions() as session:
        jobs = session.scalars(
            select(CrawlJob)
            .where(CrawlJob.status.in_(CRAWLED))
            .order_by(CrawlJob.id.desc())
            .limit(HISTORY)
        ).all()
        counts = capture_counts(session, [j.id for j in jobs])
        active = session.scalars(
            select(CrawlJob).where(CrawlJob.status == "running").order_by(CrawlJob.id)
        ).all()
        portals: dict[str, PortalHealth] = {}
        for sched in sorted(schedules, key=lambda s: target_level(s.target) is None):
            for host in hosts_of(session, sched.target):
                portals[host] = PortalHealth(host, sched.id, sched.trigger.period(), _since(sched))
    crawls: dict[str, list[PortalCrawl]] = defaultdict(list)
    for job in jobs:
        for host in hosts_of_job(job):
            crawls[host].append(portal_crawl(job, host, counts))
    for host, found in crawls.items():
        portals.setdefault(host, PortalHealth(host)).crawls = found
    for job in active:
        for host in hosts_of_job(job):
            portals.setdefault(host, PortalHealth(host)).running = job
    return sorted(portals.values(), key=lambda p: (not p.stale, -p.consecutive_failures, p.portal))


def _since(schedule: Schedule) -> datetime | None:
    made = schedule.options.get("created_at")
    return datetime.fromisoformat(made) if made else None
