"""Restart safety of the job rows (in-process, real SQLite)."""

from __future__ import annotations

import subprocess
import sys
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
    assert crawl_jobs.recover_dead(sessions) == [1, 2]
    with sessions() as session:
        rows = session.query(CrawlJob).order_by(CrawlJob.id).all()
    assert [r.status for r in rows] == ["interrupted", "interrupted", "succeeded"]
    assert rows[0].reason == f"crawl process {dead_pid} was gone" and rows[0].finished_at


def test_a_pid_is_alive_only_if_it_is_a_vnarchive_process() -> None:
    assert not crawl_jobs.pid_alive(None)
    assert not crawl_jobs.pid_alive(1)  # alive, but init, not a crawl
