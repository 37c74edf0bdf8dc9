"""The ``CrawlJob`` lifecycle: the one module that changes a job's status.

::

    queued ──claim──▶ running ──finish──▶ succeeded | failed | interrupted
       │                 │
       │                 └──(process gone: recover_dead / settle)──▶ interrupted | failed
       └──(never started)──▶ skipped | missed        (not_run: a row all the same)

A manual crawl starts ``running`` (``start``); a scheduled one is ``queued`` by the scheduler
and claimed by the crawl process it starts. The crawl records its own outcome
(``finish``); the scheduler, watching the process, records its exit code and, when the
crawl could not record an outcome (killed, crashed), the status and the reason
(``settle``). Rows left active by a process that is gone become ``interrupted``
(``recover_dead``).
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased, sessionmaker

from archive.db.models import Capture, CrawlJob, Document, DocumentFile, OfficialLink
from archive.errors import JobNotFound
from archive.jobqueue import JOBDIR_PREFIX
from archive.timeutil import utcnow

STATUSES = ("queued", "running", "succeeded", "failed", "interrupted", "skipped", "missed")
ACTIVE = ("queued", "running")
CRAWLED = ("succeeded", "failed", "interrupted")
ENDED = ("succeeded", "failed", "interrupted", "skipped", "missed")


HEARTBEAT_EVERY = 5.0  # seconds between a running crawl's writes of its heartbeat and counts
HEARTBEAT_STALE = timedelta(minutes=2)  # a crawl on another machine silent this long is gone


def this_host() -> str:
    return socket.gethostname()


def process_exists(pid: int) -> bool:
    """Whether a process ``pid`` exists on this machine (whatever it runs)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pid_alive(pid: int | None) -> bool:
    """Whether ``pid`` is a live vnarchive process (not a reused pid of something else)."""
    if not pid or not process_exists(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    try:
        return not cmdline.exists() or b"vnarchive" in cmdline.read_bytes()
    except OSError:
        return False


def _insert(sessions: sessionmaker[Session], job: CrawlJob) -> int:
    with sessions.begin() as session:
        session.add(job)
        session.flush()
        return job.id


def _joined(*parts: str | None) -> str | None:
    return "; ".join(p for p in parts if p) or None


# -- transitions ---------------------------------------------------------------------------
def start(sessions: sessionmaker[Session], seeds: list[str], trigger: str = "manual") -> int:
    """A new job, running in this process."""
    return _insert(
        sessions,
        CrawlJob(
            seeds="\n".join(seeds),
            trigger=trigger,
            status="running",
            started_at=utcnow(),
            pid=os.getpid(),
            host=this_host(),
            heartbeat_at=utcnow(),
            stats={},
            errors={},
        ),
    )


def queue(
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
    """A job the scheduler is about to start."""
    return _insert(
        sessions,
        CrawlJob(
            seeds="\n".join(seeds),
            trigger=trigger,
            status="queued",
            started_at=utcnow(),
            portal=target,
            schedule_id=schedule_id,
            scheduled_at=scheduled_at,
            jobdir=str(jobdir),
            reason=reason,
            pid=os.getpid(),  # the scheduler's, until the crawl process it starts has one
            host=this_host(),
            heartbeat_at=utcnow(),
            stats={},
            errors={},
        ),
    )


def enqueue(
    sessions: sessionmaker[Session],
    seeds: list[str],
    *,
    trigger: str = "manual",
    target: str | None = None,
    schedule_id: str | None = None,
    scheduled_at: datetime | None = None,
) -> int:
    """A job for the crawl workers (``archive.jobqueue``): queued until one claims it; its
    ``jobdir`` says that its frontier lives in Redis."""
    with sessions.begin() as session:
        job = CrawlJob(
            seeds="\n".join(seeds),
            trigger=trigger,
            status="queued",
            started_at=utcnow(),
            portal=target,
            schedule_id=schedule_id,
            scheduled_at=scheduled_at,
            stats={},
            errors={},
        )
        session.add(job)
        session.flush()
        job.jobdir = f"{JOBDIR_PREFIX}{job.id}"
        return job.id


def in_shared_queue(job: CrawlJob) -> bool:
    """Whether the job belongs to the crawl workers (its frontier in Redis)."""
    return bool(job.jobdir and job.jobdir.startswith(JOBDIR_PREFIX))


def hand_back(
    sessions: sessionmaker[Session], job_id: int, reason: str, others_running: bool = False
) -> None:
    """A worker stopping hands its task back to the queue: the job is queued, for another
    worker to resume, unless other workers still crawl its other tasks (it runs on)."""
    with sessions.begin() as session:
        job = session.get(CrawlJob, job_id)
        if job is not None and job.status == "running":
            job.reason = _joined(job.reason, reason)
            if not others_running:
                job.status = "queued"


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
    assert status in ("skipped", "missed", "failed"), status
    now = utcnow()
    return _insert(
        sessions,
        CrawlJob(
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
        ),
    )


def failed_to_start(
    sessions: sessionmaker[Session],
    seeds: list[str],
    reason: str,
    job_id: int | None = None,
    exit_code: int = 2,
) -> int:
    """A crawl that could not start (an unwritable folder, an unusable proxy): job
    ``job_id`` (made by the scheduler) or a new row is ``failed`` with the reason."""
    if job_id is None:
        now = utcnow()
        job = CrawlJob(seeds="\n".join(seeds), trigger="manual", status="failed",
                       started_at=now, finished_at=now, pid=os.getpid(), reason=reason,
                       exit_code=exit_code, stats={}, errors={})  # fmt: skip
        return _insert(sessions, job)
    with sessions.begin() as session:
        row = session.get(CrawlJob, job_id)
        if row is None:
            raise JobNotFound(job_id)
        row.status, row.finished_at = "failed", utcnow()
        row.reason, row.exit_code = _joined(row.reason, reason), exit_code
    return job_id


def claim(sessions: sessionmaker[Session], job_id: int, reason: str | None = None) -> None:
    """The crawl process takes a queued job (or resumes an interrupted one): running."""
    with sessions.begin() as session:
        job = session.get(CrawlJob, job_id)
        if job is None:
            raise JobNotFound(job_id)
        job.status, job.pid, job.started_at = "running", os.getpid(), utcnow()
        job.host, job.heartbeat_at, job.finished_at = this_host(), utcnow(), None
        job.reason = _joined(job.reason, reason)


def claim_shared(sessions: sessionmaker[Session], job_id: int, reason: str | None) -> None:
    """A crawl worker takes a task of a job in the shared queue: the job runs (from its
    first task on); its host and pid are those of the last worker to take one."""
    with sessions.begin() as session:
        job = session.get(CrawlJob, job_id)
        if job is None:
            raise JobNotFound(job_id)
        if job.status != "running":
            job.started_at = job.started_at if job.status == "interrupted" else utcnow()
            job.status, job.finished_at = "running", None
        job.pid, job.host, job.heartbeat_at = os.getpid(), this_host(), utcnow()
        job.reason = _joined(job.reason, reason)


def set_pid(sessions: sessionmaker[Session], job_id: int, pid: int) -> None:
    with sessions.begin() as session:
        session.execute(update(CrawlJob).where(CrawlJob.id == job_id).values(pid=pid))


def finish(
    sessions: sessionmaker[Session],
    job_id: int,
    status: str,
    stats: dict[str, Any],
    reason: str | None = None,
    exit_code: int | None = None,
) -> None:
    """The crawl's own account of how it ended, with what it archived and why (added to
    a reason the row had, e.g. the job it resumes)."""
    assert status in CRAWLED, status
    counts = job_counts(sessions, job_id)
    with sessions.begin() as session:
        job = session.get(CrawlJob, job_id)
        if job is None:
            return
        job.status, job.finished_at, job.stats = status, utcnow(), stats
        job.reason, job.exit_code = _joined(job.reason, reason), exit_code
        job.pages = counts["pages"]
        job.new_documents = counts["new_documents"]
        job.changed_documents = counts["changed_documents"]
        job.unchanged_documents = counts["unchanged_documents"]
        job.warc_bytes = int(stats.get("warc_bytes", 0))
        job.errors = dict(stats.get("errors", {}))


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
        if job is None:
            raise JobNotFound(job_id)
        if status is not None:  # the crawl died: what it archived, from the rows
            job.status, job.finished_at = status, job.finished_at or utcnow()
            job.pages = session.scalar(select(func.count()).where(Capture.job_id == job_id)) or 0
        job.reason, job.exit_code = reason, exit_code
        return job


def beat(sessions: sessionmaker[Session], job_id: int, progress: dict[str, Any]) -> None:
    """A running crawl's heartbeat, with its counts so far (only while it is running)."""
    with sessions.begin() as session:
        session.execute(
            update(CrawlJob)
            .where(CrawlJob.id == job_id, CrawlJob.status == "running")
            .values(
                heartbeat_at=utcnow(),
                progress=progress,
                pages=int(progress.get("pages", 0)),
                errors=dict(progress.get("errors", {})),
            )
        )


def gone(job: CrawlJob, now: datetime | None = None) -> str | None:
    """Why an active row's process is gone (``None``: it may still run). On this machine
    its pid says; a row of another machine, its heartbeat (rows from before 0008 have no
    host: their pid is judged here, as it always was). A job of the crawl workers' shared
    queue is judged by its heartbeat wherever it runs (each of its workers beats for it);
    waiting in the queue, it is never gone: no process holds it yet."""
    if in_shared_queue(job) and job.status == "queued":
        return None
    local = job.host is None or job.host == this_host()
    if local and not in_shared_queue(job):  # a job's workers: any of them beats for it
        return None if pid_alive(job.pid) else f"crawl process {job.pid or '-'} was gone"
    last = job.heartbeat_at or job.started_at
    every = float((job.progress or {}).get("every", HEARTBEAT_EVERY))
    if last >= (now or utcnow()) - max(HEARTBEAT_STALE, timedelta(seconds=10 * every)):
        return None
    return f"crawl on {job.host} silent since {last.isoformat(timespec='seconds')}"


def without_gone(reason: str | None) -> str | None:
    """A reason without what ``recover_dead`` added to it."""
    parts = (reason or "").split("; ")
    return _joined(*(p for p in parts if not p.endswith(" was gone")))


def recover_dead(sessions: sessionmaker[Session]) -> dict[int, str]:
    """Rows left queued or running by a process that is gone become interrupted:
    ``{id: why}``."""
    with sessions.begin() as session:
        rows = session.scalars(select(CrawlJob).where(CrawlJob.status.in_(ACTIVE))).all()
        dead = {job.id: (job, why) for job in rows if (why := gone(job)) is not None}
        for job, why in dead.values():
            job.status, job.finished_at = "interrupted", utcnow()
            job.reason = _joined(job.reason, why)
        return {job_id: why for job_id, (_, why) in dead.items()}


def recover_or_see(sessions: sessionmaker[Session]) -> tuple[dict[int, str], bool]:
    """``recover_dead`` for the commands that look at jobs (``jobs``, ``health``,
    ``verify``): ``({id: why}, True)``. On a database they may not write (read-only, a
    SELECT-only role) the dead rows are only found, ``(…, False)``, for them to show as
    interrupted (``seen_as``)."""
    try:
        return recover_dead(sessions), True
    except SQLAlchemyError:
        with sessions() as session:
            rows = session.scalars(select(CrawlJob).where(CrawlJob.status.in_(ACTIVE))).all()
        return {job.id: why for job in rows if (why := gone(job)) is not None}, False


def seen_as(job: CrawlJob, dead: dict[int, str]) -> CrawlJob:
    """``job`` as ``recover_or_see`` judged it (changed in memory only)."""
    if job.id in dead and job.status in ACTIVE:
        job.status, job.reason = "interrupted", _joined(job.reason, dead[job.id])
    return job


# -- what a job archived -------------------------------------------------------------------
_EARLIER = aliased(Capture)


def job_counts(sessions: sessionmaker[Session], job_id: int) -> dict[str, int]:
    """Pages, articles and documents of one job, from the rows.

    ``new_documents``: documents first captured by this job; ``changed_documents``: article
    pages of this job whose text differs from their previous capture's; ``unchanged_
    documents``: article pages whose text is the previous capture's.
    """
    of_job = Capture.job_id == job_id
    with sessions() as session:
        pages = session.scalar(select(func.count()).select_from(Capture).where(of_job))
        kinds: dict[str, int] = {}
        for kind, count in session.execute(
            select(Document.kind, func.count())
            .select_from(Capture)
            .join(Document, Document.id == Capture.document_id)
            .where(of_job)
            .group_by(Document.kind)
        ):
            kinds[kind or "article"] = kinds.get(kind or "article", 0) + count
        articles = kinds.get("article", 0)
        files_read, needs_ocr = session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(case((DocumentFile.needs_ocr.is_(True), 1), else_=0)), 0),
            )
            .select_from(DocumentFile)
            .join(Capture, Capture.id == DocumentFile.capture_id)
            .where(of_job)
        ).one()
        officials = session.scalar(
            select(func.count(func.distinct(OfficialLink.official_id)))
            .select_from(OfficialLink)
            .join(Capture, Capture.id == OfficialLink.capture_id)
            .where(of_job)
        )
        first = (
            select(func.min(_EARLIER.id))
            .where(_EARLIER.document_id == Capture.document_id)
            .correlate(Capture)
            .scalar_subquery()
        )
        new_docs = session.scalar(
            select(func.count())
            .select_from(Capture)
            .where(of_job, Capture.document_id.is_not(None), Capture.id == first)
        )
        previous_doc = (
            select(_EARLIER.document_id)
            .where(
                _EARLIER.surt == Capture.surt,
                _EARLIER.id != Capture.id,
                _EARLIER.document_id.is_not(None),
                or_(
                    _EARLIER.captured_at < Capture.captured_at,
                    and_(_EARLIER.captured_at == Capture.captured_at, _EARLIER.id < Capture.id),
                ),
            )
            .order_by(_EARLIER.captured_at.desc(), _EARLIER.id.desc())
            .limit(1)
            .correlate(Capture)
            .scalar_subquery()
        )
        rows = session.execute(
            select(Capture.document_id, previous_doc).where(
                of_job, Capture.document_id.is_not(None)
            )
        ).all()
    changed = sum(1 for doc, before in rows if before is not None and before != doc)
    unchanged = sum(1 for doc, before in rows if before is not None and before == doc)
    return {
        "pages": pages or 0,
        "articles": articles or 0,
        "notices": kinds.get("notice", 0),
        "files_read": files_read or 0,
        "files_need_ocr": int(needs_ocr or 0),
        "official_documents": officials or 0,
        "new_documents": new_docs or 0,
        "changed_documents": changed,
        "unchanged_documents": unchanged,
    }


def captures_of_job(sessions: sessionmaker[Session], job_id: int) -> dict[str, tuple[int, str]]:
    """URL → (id, record type) of the job's last capture of it."""
    last = (
        select(func.max(Capture.id))
        .where(Capture.job_id == job_id)
        .group_by(Capture.url)
        .scalar_subquery()
    )
    with sessions() as session:
        rows = session.execute(
            select(Capture.url, Capture.id, Capture.record_type).where(Capture.id.in_(last))
        ).all()
    return {url: (capture_id, kind) for url, capture_id, kind in rows}


def job_capture_of(
    sessions: sessionmaker[Session], job_id: int, url: str
) -> tuple[int, str] | None:
    """(id, record type) of the job's last capture of ``url``, None when it has none."""
    with sessions() as session:
        row = session.execute(
            select(Capture.id, Capture.record_type)
            .where(Capture.job_id == job_id, Capture.url == url)
            .order_by(Capture.id.desc())
            .limit(1)
        ).first()
    return (row[0], row[1]) if row is not None else None


def link_job_revisits(sessions: sessionmaker[Session], job_id: int) -> int:
    """Revisits of a job whose original got its document after they were recorded (the
    original was indexed behind the crawl) take it now."""
    original = aliased(Capture)
    doc_of_original = (
        select(original.document_id)
        .where(original.id == Capture.refers_to_id)
        .correlate(Capture)
        .scalar_subquery()
    )
    with sessions.begin() as session:
        result = session.execute(
            update(Capture)
            .where(
                Capture.job_id == job_id,
                Capture.refers_to_id.is_not(None),
                Capture.document_id.is_(None),
            )
            .values(document_id=doc_of_original)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)


# -- queries -------------------------------------------------------------------------------
def get(sessions: sessionmaker[Session], job_id: int) -> CrawlJob | None:
    with sessions() as session:
        return session.get(CrawlJob, job_id)


def running_for(sessions: sessionmaker[Session], target: str) -> CrawlJob | None:
    """A live crawl of ``target``, if one is going on (a level crawl holding the same portal
    is not checked: portal and level schedules may overlap)."""
    with sessions() as session:
        rows = session.scalars(
            select(CrawlJob).where(CrawlJob.status.in_(ACTIVE), CrawlJob.portal == target)
        ).all()
    return next((j for j in rows if gone(j) is None), None)


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


def jobs_query(
    portal: str | None = None, status: str | None = None, limit: int = 50
) -> Select[CrawlJob]:
    stmt = select(CrawlJob).order_by(CrawlJob.id.desc()).limit(limit)
    if portal:
        stmt = stmt.where(or_(CrawlJob.portal == portal, CrawlJob.seeds.contains(f"//{portal}/")))
    if status:
        stmt = stmt.where(CrawlJob.status == status)
    return stmt
