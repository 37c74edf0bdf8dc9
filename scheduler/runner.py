"""One crawl as a subprocess: ``python -m vnarchive crawl … --job-id N``, watched to the end.

The runner never imports the crawler (Twisted's reactor cannot restart inside one process):
it queues a ``CrawlJob`` row, starts the crawl with the row's id, its Scrapy JOBDIR and its
log file, and when the process is gone records the exit code and, if the crawl could not
record its own outcome (killed, crashed), the status and the reason. With
``VNARCHIVE_REDIS_URL`` set it starts no process: the job goes to the shared queue
(``archive.jobqueue``) for the crawl workers, which record how it ended.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session, sessionmaker

from archive.config import ArchiveConfig
from archive.db import jobs as crawl_jobs
from archive.db.models import CrawlJob
from archive.jobqueue import JobQueue, JobSpec, QueueError
from scheduler.portals import seeds_of

log = logging.getLogger("vnarchive.scheduler")


@dataclass(frozen=True)
class CrawlSpec:
    """What to crawl and how: a portal host or ``level:<level>``, and crawl options."""

    target: str
    proxy: str | None = None
    max_pages: int = 0
    delay: float | None = None

    def options(self) -> list[str]:
        """Command-line options of the crawl (the proxy goes by environment: ``env``)."""
        args = ["--max-pages", str(self.max_pages)] if self.max_pages else []
        return args + (["--delay", str(self.delay)] if self.delay is not None else [])

    def env(self) -> dict[str, str]:
        """The crawl's environment: the proxy never appears in its command line (``ps``)."""
        return {"VNARCHIVE_PROXY": self.proxy} if self.proxy else {}


def jobdir_for(config: ArchiveConfig, target: str) -> Path:
    """``data/jobs/<host>/`` or ``data/jobs/level-<level>/``: where an interrupted crawl resumes."""
    return config.data_dir / "jobs" / target.replace(":", "-").replace("/", "_")


def log_line(message: str, level: str = "INFO") -> str:
    """A line shaped like Scrapy's, so that ``vnarchive logs --level`` filters it too."""
    return f"{time.strftime('%Y-%m-%d %H:%M:%S')} [vnarchive.scheduler] {level}: {message}\n"


class Runner:
    """Starts crawls and keeps track of their processes, so that a shutdown can stop them."""

    def __init__(self, config: ArchiveConfig, sessions: sessionmaker[Session]) -> None:
        self.config = config
        self.sessions = sessions
        self.stopping = threading.Event()
        self.processes: dict[int, subprocess.Popen[bytes]] = {}
        self.interrupted: set[int] = set()
        self._lock = threading.Lock()

    # -- a run ---------------------------------------------------------------------------
    def run(
        self,
        spec: CrawlSpec,
        *,
        trigger: str,
        schedule_id: str | None,
        scheduled_at: datetime | None,
    ) -> int:
        """Run one crawl of ``spec`` to its end; return the id of its ``CrawlJob`` row."""
        where = {"target": spec.target, "schedule_id": schedule_id, "scheduled_at": scheduled_at}
        if self.stopping.is_set():
            return self._not_run("skipped", "the scheduler was shutting down", trigger, where)
        busy = crawl_jobs.running_for(self.sessions, spec.target)
        if busy is not None:
            why = f"previous run still going (job {busy.id})"
            return self._not_run("skipped", why, trigger, where)
        with self.sessions() as session:
            seeds = seeds_of(session, spec.target)
        if not seeds:
            return self._not_run("skipped", "no crawlable portal in the catalog", trigger, where)
        if self.config.redis_url:
            return self._enqueue(spec, seeds, trigger, where)
        jobdir, resumes = self._prepare_jobdir(spec.target)
        job_id = crawl_jobs.queue(
            self.sessions, seeds=seeds, trigger=trigger, jobdir=jobdir, reason=resumes, **where
        )
        try:
            proc = self._launch(job_id, seeds, spec, jobdir)
        except OSError as exc:
            why = f"the crawl process could not start: {exc}"
            crawl_jobs.settle(self.sessions, job_id, status="failed", reason=why, exit_code=None)
            raise
        return self._watch(job_id, proc)

    def _enqueue(
        self, spec: CrawlSpec, seeds: list[str], trigger: str, where: dict[str, Any]
    ) -> int:
        """With VNARCHIVE_REDIS_URL: a job in the shared queue, for the crawl workers (they
        bound how many crawls run at once, and record how each ended)."""
        assert self.config.redis_url
        job_spec = JobSpec(seeds=seeds, max_pages=spec.max_pages or None, delay=spec.delay,
                           proxy=spec.proxy)  # fmt: skip
        job_id = crawl_jobs.enqueue(self.sessions, seeds, trigger=trigger, **where)
        try:
            JobQueue(self.config.redis_url).enqueue(job_id, job_spec)
        except QueueError as exc:
            crawl_jobs.settle(self.sessions, job_id, status="failed", reason=str(exc),
                              exit_code=None)  # fmt: skip
            log.error("job %s failed: %s", job_id, exc)
            return job_id
        log.info("job %s queued for the crawl workers: %s, %d portal(s)", job_id,
                 spec.target, len(seeds))  # fmt: skip
        return job_id

    def _not_run(self, status: str, reason: str, trigger: str, where: dict[str, Any]) -> int:
        job_id = crawl_jobs.not_run(
            self.sessions, status=status, reason=reason, trigger=trigger, **where
        )
        log.warning("job %s %s: %s (%s)", job_id, status, where["target"], reason)
        return job_id

    def _prepare_jobdir(self, target: str) -> tuple[Path, str | None]:
        """Keep the JOBDIR of an interrupted crawl (to resume it); start afresh otherwise."""
        jobdir = jobdir_for(self.config, target)
        last = crawl_jobs.last_crawl(self.sessions, target)
        if last is not None and last.status == "interrupted" and jobdir.is_dir():
            return jobdir, f"resumes job {last.id}"
        shutil.rmtree(jobdir, ignore_errors=True)
        return jobdir, None

    def command(self, job_id: int, seeds: list[str], spec: CrawlSpec, jobdir: Path) -> list[str]:
        log_file = self.log_file(job_id)
        return [
            sys.executable,
            "-m",
            "vnarchive",
            "crawl",
            *seeds,
            "--job-id",
            str(job_id),
            "--jobdir",
            str(jobdir),
            "--log-file",
            str(log_file),
            "--data-dir",
            str(self.config.data_dir),
            *spec.options(),
        ]

    def log_file(self, job_id: int) -> Path:
        return self.config.log_dir / f"job-{job_id}.log"

    def _launch(
        self, job_id: int, seeds: list[str], spec: CrawlSpec, jobdir: Path
    ) -> subprocess.Popen[bytes]:
        self.config.log_dir.mkdir(parents=True, exist_ok=True)
        argv = self.command(job_id, seeds, spec, jobdir)
        with self.log_file(job_id).open("ab") as out:
            _note(out, f"job {job_id}: {spec.target}, {len(seeds)} portal(s): {' '.join(argv)}")
            # Its own session: a Ctrl-C meant for the scheduler does not reach the crawl.
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, **spec.env()},
            )
        with self._lock:
            self.processes[job_id] = proc
        crawl_jobs.set_pid(self.sessions, job_id, proc.pid)
        log.info("job %s started: %s (pid %s)", job_id, spec.target, proc.pid)
        return proc

    def _watch(self, job_id: int, proc: subprocess.Popen[bytes]) -> int:
        code = proc.wait()
        with self._lock:
            self.processes.pop(job_id, None)
        job = self._settle(job_id, code)
        with self.log_file(job_id).open("ab") as out:
            _note(out, f"job {job_id}: {job.status}, exit code {code}" + _why(job.reason))
        if job.status == "succeeded" and job.jobdir:
            shutil.rmtree(job.jobdir, ignore_errors=True)
        log.info("job %s %s (exit code %s)%s", job_id, job.status, code, _why(job.reason))
        return job_id

    def _settle(self, job_id: int, code: int) -> CrawlJob:
        job = crawl_jobs.get(self.sessions, job_id)
        assert job is not None
        if job.status == "interrupted" and job.exit_code is None and code != 0:
            # marked by a command that found the process gone first: the runner knows better
            job.status, job.reason = "running", crawl_jobs.without_gone(job.reason)
        status, why = job.status, self._why(job, code)
        if status in crawl_jobs.ACTIVE:  # the crawl died before it could record its outcome
            status = "interrupted" if code < 0 else "failed"
        elif status == "succeeded":
            status = None
        return crawl_jobs.settle(
            self.sessions, job_id, status=status, reason=_joined(job.reason, why), exit_code=code
        )

    def _why(self, job: CrawlJob, code: int) -> str | None:
        if code < 0:
            name = signal.Signals(-code).name
            who = " by the scheduler" if job.id in self.interrupted else ""
            return f"crawl process killed{who} by {name}"
        if job.status == "interrupted":
            return (
                "stopped by the scheduler's shutdown"
                if job.id in self.interrupted
                else ("crawl shut down before it finished")
            )
        if job.status in crawl_jobs.ACTIVE:  # it could not say why: its log's last line
            return f"exit code {code}: {last_words(self.log_file(job.id))}"
        if job.status == "failed":  # it said why itself
            return f"exit code {code}"
        return None

    # -- shutdown ------------------------------------------------------------------------
    def running(self) -> list[int]:
        with self._lock:
            return list(self.processes)

    def wait_idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for running crawls to end; True if none is left."""
        deadline = time.monotonic() + timeout
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.2)
        return not self.running()

    def signal_all(self, signum: int) -> None:
        with self._lock:
            procs = dict(self.processes)
        for job_id, proc in procs.items():
            self.interrupted.add(job_id)
            log.warning(
                "job %s: sending %s to pid %s", job_id, signal.Signals(signum).name, proc.pid
            )
            try:
                proc.send_signal(signum)
            except ProcessLookupError:
                pass


def last_words(log_file: Path, limit: int = 200) -> str:
    """The last meaningful line of a crawl's log: usually why it stopped."""
    try:
        lines = log_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "no log"
    lines = [ln.strip() for ln in lines if ln.strip() and "[vnarchive.scheduler]" not in ln]
    return lines[-1][:limit] if lines else "empty log"


def _note(out: IO[bytes], message: str) -> None:
    out.write(log_line(message).encode())
    out.flush()


def _why(reason: str | None) -> str:
    return f": {reason}" if reason else ""


def _joined(*parts: str | None) -> str | None:
    return "; ".join(p for p in parts if p) or None
