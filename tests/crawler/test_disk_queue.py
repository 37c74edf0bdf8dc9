"""The crawl's queue is on disk even without a JOBDIR, in a scratch folder removed at the end.

A real sandbox crawl through the CLI: the job's own Scrapy statistics say where every
request was queued, and the archive's data folder is left as it was found (no scratch
queue left behind; one left by a killed crawl is cleared by the next crawl).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from crawler.scheduler import PREFIX, _host, clear_stale
from sandbox import Sandbox, SandboxServer
from tests.conftest import crawl_sandbox


def last_job_stats(data_dir: Path) -> dict:
    with sqlite3.connect(data_dir / "archive.sqlite3") as conn:
        (stats,) = conn.execute("SELECT stats FROM crawl_jobs ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(stats)["scrapy"]


def dead_pid() -> int:
    """The pid of a process that has just ended (not reused this soon on Linux)."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return int(proc.stdout)


def test_a_crawl_without_jobdir_queues_on_disk_and_leaves_no_scratch(
    sandbox: Sandbox, sandbox_server: SandboxServer, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    scratch = data / "tmp"
    scratch.mkdir(parents=True)
    stale = scratch / f"{PREFIX}{_host()}-{dead_pid()}-abc"
    (stale / "requests.queue").mkdir(parents=True)
    (stale / "requests.queue" / "0").write_bytes(b"x" * 10)

    crawl_sandbox(sandbox, sandbox_server.proxy_url, data)

    stats = last_job_stats(data)
    assert stats["scheduler/enqueued/disk"] > 10
    assert stats["scheduler/enqueued/disk"] == stats["scheduler/enqueued"]
    assert "scheduler/enqueued/memory" not in stats
    assert not stale.exists(), "the killed crawl's scratch queue is cleared"
    assert list(scratch.glob(f"{PREFIX}*")) == [], "the crawl's own scratch queue is removed"


def test_clear_stale_keeps_the_queues_of_live_crawls_and_other_machines(tmp_path: Path) -> None:
    live = tmp_path / f"{PREFIX}{_host()}-{os.getpid()}-x"
    gone = tmp_path / f"{PREFIX}{_host()}-{dead_pid()}-y"
    elsewhere = tmp_path / f"{PREFIX}another_machine-{dead_pid()}-z"
    other = tmp_path / "not-a-queue"
    for path in (live, gone, elsewhere, other):
        path.mkdir()
    clear_stale(tmp_path)
    assert live.exists() and elsewhere.exists() and other.exists() and not gone.exists()
