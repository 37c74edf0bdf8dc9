"""Commands that only look at schedules never run, reschedule or delete anything, even with
runs overdue and no service running."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from archive.timeutil import utcnow
from scheduler.schedules import Schedules, list_schedules
from tests.conftest import Backend, vnarchive
from tests.scheduler.fake_time import FakeClock


def stored(backend: Backend, data_dir: Path) -> list[tuple]:
    return backend.rows(
        data_dir, "SELECT id, next_run_time, job_state FROM apscheduler_jobs ORDER BY id"
    )


def test_listing_with_the_service_down_changes_nothing(tmp_path: Path, backend: Backend) -> None:
    sessions = backend.sessions(tmp_path)
    config = backend.config(tmp_path)
    two_weeks_ago = FakeClock(utcnow() - timedelta(days=14))
    book = Schedules(sessions, config.scheduler, two_weeks_ago)
    weekly = book.add(host="haiduong.gov.vn", level=None, every="1w")  # due a week ago
    book.add(host=None, level="commune")
    sessions.kw["bind"].dispose()
    before = stored(backend, tmp_path)
    assert weekly.next_run is not None and weekly.next_run < utcnow() - timedelta(days=6)

    env = backend.env(tmp_path)
    listed = vnarchive("schedule", "list", "--json", data_dir=tmp_path, env=env, check=True)
    text = vnarchive("schedule", "list", data_dir=tmp_path, env=env, check=True)
    vnarchive("health", "--json", data_dir=tmp_path, env=env, check=True)
    vnarchive("jobs", "--json", data_dir=tmp_path, env=env, check=True)

    assert stored(backend, tmp_path) == before  # next run times and job states untouched
    assert backend.rows(tmp_path, "SELECT count(*) FROM crawl_jobs") == [(0,)]
    shown = {s["id"]: s for s in json.loads(listed.stdout)}
    next_run = datetime.fromisoformat(shown["crawl:haiduong.gov.vn"]["next_run"])
    assert next_run == weekly.next_run and next_run.utcoffset() == timedelta(hours=7)
    assert text.stderr == ""  # no traceback


def test_a_schedule_that_cannot_be_read_is_left_in_place(tmp_path: Path, backend: Backend) -> None:
    sessions = backend.sessions(tmp_path)
    with backend.db(tmp_path) as db:
        db.execute(
            "INSERT INTO apscheduler_jobs (id, next_run_time, job_state) VALUES (?, ?, ?)",
            ("crawl:broken", 0.0, b"not a pickle"),
        )
    assert list_schedules(sessions) == []
    sessions.kw["bind"].dispose()
    assert [r[0] for r in stored(backend, tmp_path)] == ["crawl:broken"]


def test_jobs_schedules_and_health_fit_80_columns_without_cutting_ids(tmp_path: Path) -> None:
    from archive.catalog import add_portal
    from archive.config import load_config
    from archive.db import jobs as crawl_jobs
    from archive.db.engine import open_database

    host = "quangthanh.kinhmon.haiduong.gov.vn.test"
    sessions = open_database(load_config(tmp_path))
    with sessions.begin() as session:
        add_portal(session, f"http://{host}/")
    book = Schedules(sessions, load_config(tmp_path).scheduler)
    book.add(host=host, level=None, every="1d", jitter="30m", window="22:00-05:00")
    for n in range(3):
        crawl_jobs.not_run(
            sessions,
            status="missed",
            target=host,
            schedule_id=f"crawl:{host}",
            scheduled_at=utcnow() - timedelta(days=n + 1),
            reason="the scheduler was not running (coalesced into the run due 2026-03-02)",
        )
    sessions.kw["bind"].dispose()
    narrow = {"COLUMNS": "80"}
    for args in (("jobs",), ("schedule", "list"), ("health",)):
        out = vnarchive(*args, data_dir=tmp_path, env=narrow, check=True).stdout
        assert max(len(line) for line in out.splitlines()) <= 80, out
        assert host in out, out
    schedules = vnarchive("schedule", "list", data_dir=tmp_path, env=narrow).stdout
    assert f"crawl:{host}" in schedules.split()
    jobs_out = vnarchive("jobs", data_dir=tmp_path, env=narrow).stdout
    firsts = [line.split()[0] for line in jobs_out.splitlines()[2:] if line.strip()]
    assert [word for word in firsts if word.isdigit()] == ["3", "2", "1"]
    # The reason column does not fit: it is printed, wrapped, under each row.
    reason = "↳ the scheduler was not running (coalesced into the run due 2026-03-02)"
    assert " ".join(jobs_out.split()).count(reason) == 3
    gone = vnarchive("logs", "1", data_dir=tmp_path)  # a missed run has no log; says why
    assert gone.returncode == 2 and gone.stderr.strip() == (
        "vnarchive: error: no log for crawl job 1: it was missed "
        "(the scheduler was not running (coalesced into the run due 2026-03-02))"
    )
