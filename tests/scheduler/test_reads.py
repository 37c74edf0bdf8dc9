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
