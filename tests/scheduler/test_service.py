"""The service runs schedules as crawl subprocesses and records every run, even those that
did not happen; it survives restarts, and interrupted crawls resume where they stopped."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from sandbox import SandboxServer
from tests.conftest import vnarchive
from tests.scheduler.conftest import PORTAL, add_portal, jobs, schedule, wait_for, with_status


def captured_urls(data_dir: Path, job_id: int) -> set[str]:
    with sqlite3.connect(data_dir / "archive.sqlite3") as db:
        rows = db.execute("SELECT url FROM captures WHERE job_id = ?", (job_id,)).fetchall()
    return {url for (url,) in rows}


def busy(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "archive.sqlite3", timeout=10) as db:
        (n,) = db.execute(
            "SELECT count(*) FROM crawl_jobs WHERE status IN ('queued', 'running')"
        ).fetchone()
    return int(n)


def requested_after(
    server: SandboxServer, moment: float, until: str | None = None, host: str = PORTAL
) -> list[str]:
    end = datetime.fromisoformat(until).timestamp() if until else time.time()
    return [
        f"http://{r['host']}{r['path']}"
        for r in list(server.requests)
        if moment < r["received"] <= end and r["host"].split(":")[0] == host
    ]


def test_scheduled_crawls_are_recorded_with_their_logs_and_health(
    tmp_path: Path, sandbox_server: SandboxServer, service
) -> None:
    add_portal(tmp_path)
    made = schedule(tmp_path, sandbox_server, "--every", "2s", "--max-pages", "8")
    svc = service(tmp_path)
    wait_for(with_status(tmp_path, "succeeded"), what="a scheduled crawl")
    # Paused, and the run going (if any) let finish: the last crawl is a whole one.
    vnarchive("schedule", "pause", made["id"], data_dir=tmp_path, check=True)
    wait_for(lambda: not busy(tmp_path), what="no crawl queued or running")
    svc.stop()
    done = with_status(tmp_path, "succeeded")()

    first = done[0]
    assert first["trigger"] == "schedule" and first["schedule_id"] == made["id"]
    assert first["portal"] == PORTAL and first["exit_code"] == 0 and first["reason"] is None
    # pages: the budget of 8, robots.txt and redirects; page requisites are outside it
    requisites = int(first["stats"]["scrapy"].get("vnarchive/requisites", 0))
    assert 0 < first["pages"] <= 8 + 4 + requisites and first["warc_bytes"] > 0
    assert first["new_documents"] > 0 and isinstance(first["errors"], dict)
    assert first["stats"]["scrapy"]["finish_reason"] in ("finished", "closespider_pagecount")
    assert first["scheduled_at"] and first["started_at"] >= first["scheduled_at"][:19]

    log = vnarchive("logs", str(first["id"]), data_dir=tmp_path, check=True).stdout
    assert "Spider opened" in log and f"job {first['id']}: succeeded, exit code 0" in log
    errors_only = vnarchive("logs", str(first["id"]), "--level", "ERROR", data_dir=tmp_path)
    assert "Spider opened" not in errors_only.stdout
    closed = vnarchive("logs", str(first["id"]), "--grep", "spider closed", data_dir=tmp_path)
    assert closed.stdout.strip() and all("Spider closed" in ln for ln in closed.stdout.splitlines())
    health = json.loads(vnarchive("health", "--json", data_dir=tmp_path).stdout)
    mine = next(p for p in health if p["portal"] == PORTAL)
    assert mine["last_success"] and mine["consecutive_failures"] == 0
    assert len(mine["pages_per_crawl"]) >= 1 and all(n > 0 for n in mine["pages_per_crawl"])
    assert 0 <= mine["last_error_rate"] < 1 and mine["interval_seconds"] == 2


@pytest.fixture
def slower(slow_server: SandboxServer) -> Iterator[SandboxServer]:
    """The slow sandbox at 3 s an answer: a crawl of it is still going when the test stops
    the service, however loaded the machine (at 0.5 s, a crawl could end first)."""
    slow_server.latency_ms = 3000
    yield slow_server
    slow_server.latency_ms = 500


def test_a_run_due_while_the_previous_is_going_is_skipped_and_shutdown_interrupts_it(
    tmp_path: Path, slower: SandboxServer, service
) -> None:
    slow_server = slower
    add_portal(tmp_path)
    made = schedule(tmp_path, slow_server, "--every", "1s", "--max-pages", "20")
    svc = service(tmp_path, VNARCHIVE_SCHEDULER_SHUTDOWN_GRACE="0.5")
    skipped = wait_for(with_status(tmp_path, "skipped"), what="a skipped run")[0]
    named = re.fullmatch(r"previous run still going \(job (\d+)\)", skipped["reason"] or "")
    assert named, skipped["reason"]
    # the run it names is the one going (on a loaded machine its process may still be
    # starting, its row not yet "running", when the next run comes due)
    running = wait_for(
        lambda: [j for j in with_status(tmp_path, "running")() if j["id"] == int(named[1])],
        what="the previous run crawling",
    )
    # Stop it once it is really crawling (before Scrapy is up, SIGTERM simply kills it).
    wait_for(lambda: captured_urls(tmp_path, running[0]["id"]), what="a first capture")
    follow = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vnarchive",
            "logs",
            str(running[0]["id"]),
            "--follow",
            "--data-dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    svc.stop()  # SIGTERM: a grace of 0.5 s, then the crawl is interrupted (and saves its queue)
    followed, _ = follow.communicate(timeout=30)  # --follow ends with the job
    assert "Spider closed (shutdown)" in followed and "interrupted, exit code 1" in followed

    stopped = [j for j in jobs(tmp_path) if j["id"] == running[0]["id"]][0]
    assert stopped["status"] == "interrupted", stopped
    assert "stopped by the scheduler's shutdown" in stopped["reason"]
    assert stopped["exit_code"] == 1 and stopped["stats"]["scrapy"]["finish_reason"] == "shutdown"

    had, stop_time = captured_urls(tmp_path, stopped["id"]), time.time()
    slow_server.latency_ms = 500  # the resumed crawl need not be slow
    now = vnarchive("schedule", "run-now", made["id"], data_dir=tmp_path, check=True)
    resumed = jobs(tmp_path)[-1]
    assert f"job {resumed['id']} succeeded (resumes job {stopped['id']})" in now.stdout
    assert resumed["trigger"] == "manual" and resumed["schedule_id"] == made["id"]
    # what was processed is not asked again; pages in flight at the stop (their redirects
    # included) may be, at most CONCURRENT_REQUESTS of them, and are stored as revisits
    again = set(requested_after(slow_server, stop_time)) & had - {f"http://{PORTAL}/robots.txt"}
    assert len(again) <= 16, again


@pytest.mark.parametrize("kill_after", [1, 12])
def test_a_killed_crawl_is_marked_interrupted_and_resumes_without_refetching(
    tmp_path: Path, slow_server: SandboxServer, service, kill_after: int
) -> None:
    add_portal(tmp_path)
    schedule(tmp_path, slow_server, "--every", "3s")
    svc = service(tmp_path)
    job = wait_for(with_status(tmp_path, "running"), what="a running crawl")[0]
    wait_for(lambda: len(captured_urls(tmp_path, job["id"])) >= kill_after, what="captures")
    os.kill(job["pid"], signal.SIGKILL)
    killed_at = time.time()
    journal = tmp_path / "jobs" / PORTAL / "portal.journal"
    processed = {ln.split()[1] for ln in journal.read_text().splitlines() if ln.startswith("= ")}

    killed = wait_for(with_status(tmp_path, "interrupted"), what="the killed crawl")[0]
    assert killed["id"] == job["id"] and killed["exit_code"] == -9
    assert killed["reason"] == "crawl process killed by SIGKILL"
    had = captured_urls(tmp_path, killed["id"])
    # the whole portal, at 500 ms an answer: longer than the default wait
    resumed = wait_for(with_status(tmp_path, "succeeded"), 300, "the resumed crawl")[0]
    svc.stop()
    assert resumed["reason"] == f"resumes job {killed['id']}"
    again = set(requested_after(slow_server, killed_at, until=resumed["finished_at"])) & had
    # Pages captured in the last instants, before their links were read, are fetched again:
    # at most the requests in flight (4 per portal); robots.txt is read at each start.
    assert again - {f"http://{PORTAL}/robots.txt"} <= had - processed, again
    assert len(had - processed) <= 4
    assert captured_urls(tmp_path, resumed["id"]) - {f"http://{PORTAL}/robots.txt"}
    # complete: every article of the portal archived, every URL scheduled processed
    archived = captured_urls(tmp_path, killed["id"]) | captured_urls(tmp_path, resumed["id"])
    truth = [a["url"] for a in slow_server.sandbox.ground_truth() if f"//{PORTAL}/" in a["url"]]
    assert truth and [u for u in truth if u not in archived] == []
