"""Restart safety of the job rows (in-process, real SQLite)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from archive.config import load_config
from archive.db import jobs as crawl_jobs
from archive.db.engine import open_database
from archive.db.models import CrawlJob
from archive.timeutil import utcnow


def test_rows_of_gone_processes_become_interrupted_and_live_ones_stay(tmp_path: Path) -> None:
    sessions = open_database(load_config(tmp_path))
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    dead_pid = int(gone.stdout)
    with sessions.begin() as session:
        for pid, status in ((dead_pid, "running"), (None, "queued"), (dead_pid, "succeeded")):
            session.add(CrawlJob(seeds="", status=status, started_at=utcnow(), pid=pid, stats={}))
    assert list(crawl_jobs.recover_dead(sessions)) == [1, 2]
    with sessions() as session:
        rows = session.query(CrawlJob).order_by(CrawlJob.id).all()
    assert [r.status for r in rows] == ["interrupted", "interrupted", "succeeded"]
    assert rows[0].reason == f"crawl process {dead_pid} was gone" and rows[0].finished_at


def test_a_pid_is_alive_only_if_it_is_a_vnarchive_process() -> None:
    assert not crawl_jobs.pid_alive(None)
    assert not crawl_jobs.pid_alive(1)  # alive, but init, not a crawl


def test_a_crawl_on_another_machine_is_judged_by_its_heartbeat(tmp_path: Path) -> None:
    """Its pid means nothing here: a heartbeat within the staleness bound keeps it running
    (its pid dead here or not), one older than that makes it interrupted."""
    sessions = open_database(load_config(tmp_path))
    now = utcnow()
    silent = now - crawl_jobs.HEARTBEAT_STALE - timedelta(seconds=1)
    with sessions.begin() as session:
        for beat in (now, silent):
            session.add(CrawlJob(seeds="", status="running", started_at=silent, pid=1,
                                 host="crawler-2.example", heartbeat_at=beat,
                                 stats={}))  # fmt: skip
        # a slow heartbeat (every 60 s) is given ten beats' time
        session.add(CrawlJob(seeds="", status="running", started_at=silent, pid=1,
                             host="crawler-2.example", heartbeat_at=now - timedelta(minutes=9),
                             progress={"every": 60.0}, stats={}))  # fmt: skip
    dead = crawl_jobs.recover_dead(sessions)
    assert list(dead) == [2]
    assert dead[2].startswith("crawl on crawler-2.example silent since ")
    with sessions() as session:
        assert [j.status for j in session.query(CrawlJob).order_by(CrawlJob.id)] == [
            "running", "interrupted", "running"
        ]  # fmt: skip


def test_a_crawl_here_is_judged_by_its_pid_whatever_its_heartbeat(tmp_path: Path) -> None:
    sessions = open_database(load_config(tmp_path))
    # a live process whose command line names vnarchive, as a crawl's does
    crawl = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()", "vnarchive"],
                             stdin=subprocess.PIPE)  # fmt: skip
    with sessions.begin() as session:
        session.add(CrawlJob(seeds="", status="running", started_at=utcnow(), pid=crawl.pid,
                             host=crawl_jobs.this_host(),
                             heartbeat_at=utcnow() - timedelta(hours=1), stats={}))  # fmt: skip
    assert crawl_jobs.recover_dead(sessions) == {}  # silent for an hour, but alive
    assert crawl.stdin is not None
    crawl.stdin.close()
    crawl.wait()
    assert crawl_jobs.recover_dead(sessions) == {1: f"crawl process {crawl.pid} was gone"}


def test_a_task_handed_back_queues_its_job_only_when_no_other_task_runs(tmp_path: Path) -> None:
    sessions = open_database(load_config(tmp_path / "data"))
    job_id = crawl_jobs.enqueue(sessions, ["http://a.gov.vn/", "http://b.gov.vn/"])
    crawl_jobs.claim_shared(sessions, job_id, "task 1:0 taken by w0")
    crawl_jobs.hand_back(sessions, job_id, "task 1:0 handed back by w0", others_running=True)
    job = crawl_jobs.get(sessions, job_id)
    assert job is not None and job.status == "running" and "handed back" in (job.reason or "")
    crawl_jobs.hand_back(sessions, job_id, "task 1:1 handed back by w1")
    job = crawl_jobs.get(sessions, job_id)
    assert job is not None and job.status == "queued"
