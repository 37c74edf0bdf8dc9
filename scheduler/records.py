"""``CrawlJob`` rows as the scheduler writes them: queued, outcome, not run (missed, skipped).

Statuses: queued → running (the crawl claims its row) → succeeded | failed | interrupted;
missed and skipped rows are runs that never started, each with its reason.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from archive.db.models import Capture, CrawlJob
from archive.timeutil import utcnow

STATUSES = ("queued", "running", "succeeded", "failed", "interrupted", "skipped", "missed")
ACTIVE = ("queued", "running")
CRAWLED = ("succeeded", "failed", "interrupted")


def pid_alive(pid: int | None) -> bool:
    """Whether ``pid`` is a live vnarchive process (not a reused pid of something else)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    try:
        return not cmdline.exists() or b"vnarchive" in cmdline.read_bytes()
    except OSError:
        return False


def queue_job(
    sessions: sessionmaker[Session],
    *,
    target: str,
    seeds: list[str],
    trigger: str,
    schedule_id: str | None,
    scheduled_at: datetime | None,
    jobdir: Path,
    reason: str | None = None,
) -> int:
    job = CrawlJob(
        seeds="\n".join(seeds),
        trigger=trigger,
        status="queued",
        started_at=utcnow(),
        portal=target,
        schedule_id=schedule_id,
        scheduled_at=scheduled_at,
        jobdir=str(jobdir),
        reason=reason,
        stats={},
        errors={},
    )
    return _insert(sessions, job)


def _insert(sessions: sessionmaker[Session], job: CrawlJob) -> int:
    with sessions.begin() as session:
        session.add(job)
        session.flush()
        return job.id


def set_pid(sessions: sessionmaker[Session], job_id: int, pid: int) -> None:
    with sessions.begin() as session:
        session.execute(update(CrawlJob).where(CrawlJob.id == job_id).values(pid=pid))


def not_run(
    sessions: sessionmaker[Session],
    *,
    status: str,
    target: str,
    schedule_id: str | None,
    scheduled_at: datetime | None,
    reason: str,
    trigger: str = "schedule",
) -> int:
    """A run that never started (missed, skipped): a row all the same, with its reason."""
    now = utcnow()
    job = CrawlJob(
        seeds="",
        trigger=trigger,
        status=status,
        started_at=scheduled_at or now,
        finished_at=now,
        portal=target,
        schedule_id=schedule_id,
        scheduled_at=scheduled_at,
        reason=reason,
        stats={},
        errors={},
    )
    return _insert(sessions, job)


def get_job(sessions: sessionmaker[Session], job_id: int) -> CrawlJob | None:
    with sessions() as session:
        return session.get(CrawlJob, job_id)


def settle(
    sessions: sessionmaker[Session],
    job_id: int,
    *,
    status: str | None,
    reason: str | None,
    exit_code: int | None,
) -> CrawlJob:
    """Record how a crawl process ended; ``status`` only when the crawl could not say it."""
    with sessions.begin() as session:
        job = session.get(CrawlJob, job_id)
        assert job is not None
        if status is not None:  # the crawl died: what it archived, from the rows
            job.status, job.finished_at = status, job.finished_at or utcnow()
            job.pages = session.scalar(select(func.count()).where(Capture.job_id == job_id)) or 0
        job.reason, job.exit_code = reason, exit_code
        return job


def running_job(sessions: sessionmaker[Session], target: str) -> CrawlJob | None:
    """A live crawl of ``target``, if one is going on (a level crawl holding the same portal
    is not checked: portal and level schedules may overlap)."""
    with sessions() as session:
        rows = session.scalars(
            select(CrawlJob).where(CrawlJob.status.in_(ACTIVE), CrawlJob.portal == target)
        ).all()
    return next((j for j in rows if j.pid is None or pid_alive(j.pid)), None)


def last_crawl(sessions: sessionmaker[Session], target: str) -> CrawlJob | None:
    with sessions() as session:
        return session.scalars(
            select(CrawlJob)
            .where(CrawlJob.portal == target, CrawlJob.status.in_(CRAWLED))
            .order_by(CrawlJob.id.desc())
            .limit(1)
        ).first()


def last_scheduled_before(
    sessions: sessionmaker[Session], schedule_id: str, moment: datetime
) -> datetime | None:
    with sessions() as session:
        return session.scalars(
            select(CrawlJob.scheduled_at)
            .where(CrawlJob.schedule_id == schedule_id, CrawlJob.scheduled_at < moment)
            .order_by(CrawlJob.scheduled_at.desc())
            .limit(1)
        ).first()


def recover_dead(sessions: sessionmaker[Session]) -> list[int]:
    """Rows left queued or running by a process that is gone become interrupted."""
    with sessions.begin() as session:
        rows = session.scalars(select(CrawlJob).where(CrawlJob.status.in_(ACTIVE))).all()
        dead = [job for job in rows if not pid_alive(job.pid)]
        for job in dead:
            job.status, job.finished_at = "interrupted", utcnow()
            job.reason = _joined(job.reason, f"crawl process {job.pid or '-'} was gone")
        return [job.id for job in dead]


def jobs_query(
    portal: str | None = None, status: str | None = None, limit: int = 50
) -> Select[tuple[CrawlJob]]:
    stmt = select(CrawlJob).order_by(CrawlJob.id.desc()).limit(limit)
    if portal:
        stmt = stmt.where(or_(CrawlJob.portal == portal, CrawlJob.seeds.contains(f"//{portal}/")))
    if status:
        stmt = stmt.where(CrawlJob.status == status)
    return stmt


def _joined(*parts: str | None) -> str:
    return "; ".join(p for p in parts if p)
