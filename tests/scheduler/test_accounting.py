"""Every run a schedule fell due for leaves exactly one row: runs, coalesced runs missed
while the service was down, runs later than the misfire grace, runs skipped because the
previous is going. Driven by APScheduler's own logic on a clock the test moves
(see ``fake_time``), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.config import ArchiveConfig
from archive.db.models import CrawlJob
from scheduler.schedules import Schedules
from scheduler.service import SchedulerService
from tests.conftest import Backend
from tests.scheduler.fake_time import (
    FakeClock,
    FakeRunner,
    ManualExecutor,
    SteppedScheduler,
    freeze_apscheduler,
    stepped_scheduler,
)

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 08:00 in Ha Noi
PORTAL = "haiduong.gov.vn"  # a bundled catalog portal
ID = f"crawl:{PORTAL}"


@dataclass
class Archive:
    config: ArchiveConfig
    sessions: sessionmaker[Session]
    clock: FakeClock
    book: Schedules
    scheduler: SteppedScheduler | None = None
    executor: ManualExecutor | None = None

    def start_service(self) -> SchedulerService:
        """(Re)start the service: a new scheduler and a new service, as after a restart."""
        self.stop_service()
        self.scheduler, self.executor = stepped_scheduler(self.sessions)
        service = SchedulerService(
            self.config,
            self.sessions,
            self.config.scheduler,
            clock=self.clock,
            scheduler=self.scheduler,
            runner=FakeRunner(self.sessions),  # type: ignore[arg-type]
        )
        service.start()
        return service

    def stop_service(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None

    def at(self, moment: datetime, *, finish: bool = True) -> None:
        """Move the clock to ``moment``; the scheduler looks for due runs; runs submitted
        then run to their end unless ``finish`` is false."""
        assert self.scheduler is not None and self.executor is not None
        self.clock.set(moment)
        self.scheduler.tick()
        if finish:
            self.executor.finish()

    def rows(self) -> list[tuple[str, datetime, str | None]]:
        with self.sessions() as session:
            found = session.scalars(select(CrawlJob).order_by(CrawlJob.scheduled_at, CrawlJob.id))
            return [(j.status, j.scheduled_at.astimezone(UTC), j.reason) for j in found]


@pytest.fixture
def archive(tmp_path: Path, backend: Backend, monkeypatch: pytest.MonkeyPatch) -> Iterator[Archive]:
    clock = FakeClock(T0)
    freeze_apscheduler(monkeypatch, clock)
    config = backend.config(tmp_path, scheduler_misfire_grace=600)
    sessions = backend.sessions(tmp_path)
    made = Archive(config, sessions, clock, Schedules(sessions, config.scheduler, clock))
    yield made
    made.stop_service()
    sessions.kw["bind"].dispose()


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def test_the_first_run_is_one_interval_after_the_schedule_is_added(archive: Archive) -> None:
    made = archive.book.add(host=PORTAL, level=None, every="20m")
    assert made.next_run == T0 + minutes(20)
    archive.start_service()
    archive.at(T0 + minutes(19))
    assert archive.rows() == []
    archive.at(T0 + minutes(20))
    assert archive.rows() == [("succeeded", T0 + minutes(20), None)]


def test_a_schedule_down_for_n_intervals_leaves_one_missed_row_per_run_it_did_not_make(
    archive: Archive,
) -> None:
    archive.book.add(host=PORTAL, level=None, every="20m")
    archive.start_service()
    archive.at(T0 + minutes(20))
    archive.stop_service()
    # Down from 08:25 to 10:07: runs were due at 40, 60, 80, 100 and 120 minutes. The
    # restarted service makes the latest (inside the misfire grace) and records the others.
    archive.clock.set(T0 + minutes(127))
    archive.start_service()
    archive.at(T0 + minutes(127))
    for n in (140, 160, 180):  # then the schedule goes on, nothing counted twice
        archive.at(T0 + minutes(n))
    rows = archive.rows()
    assert [(status, due - T0) for status, due, _ in rows] == [
        ("succeeded", minutes(20)),
        ("missed", minutes(40)),
        ("missed", minutes(60)),
        ("missed", minutes(80)),
        ("missed", minutes(100)),
        ("succeeded", minutes(120)),
        ("succeeded", minutes(140)),
        ("succeeded", minutes(160)),
        ("succeeded", minutes(180)),
    ]
    coalesced = (
        "the scheduler was not running (coalesced into the run due 2026-03-02T10:00:00+07:00)"
    )
    assert {reason for status, _, reason in rows if status == "missed"} == {coalesced}


def test_a_restart_with_nothing_due_meanwhile_records_nothing(archive: Archive) -> None:
    archive.book.add(host=PORTAL, level=None, every="20m")
    archive.start_service()
    archive.at(T0 + minutes(20))
    archive.stop_service()
    archive.clock.set(T0 + minutes(30))
    archive.start_service()
    archive.at(T0 + minutes(30))
    archive.at(T0 + minutes(40))
    assert [(s, d - T0) for s, d, _ in archive.rows()] == [
        ("succeeded", minutes(20)),
        ("succeeded", minutes(40)),
    ]


def test_runs_later_than_the_misfire_grace_are_all_missed(archive: Archive) -> None:
    archive.book.add(host=PORTAL, level=None, every="1h")
    archive.start_service()
    archive.at(T0 + minutes(60))
    archive.stop_service()
    # Down until 30 minutes after the run due at 4 h: beyond the grace of 10 minutes.
    archive.clock.set(T0 + minutes(270))
    archive.start_service()
    archive.at(T0 + minutes(270))
    archive.at(T0 + minutes(300))
    rows = archive.rows()
    assert [(s, d - T0) for s, d, _ in rows] == [
        ("succeeded", minutes(60)),
        ("missed", minutes(120)),
        ("missed", minutes(180)),
        ("missed", minutes(240)),
        ("succeeded", minutes(300)),
    ]
    assert rows[1][2].startswith("the scheduler was not running (coalesced into the run due")
    assert rows[3][2] == "started 1800 s late, beyond the misfire grace of 600 s"


def test_a_run_due_while_the_previous_is_going_is_skipped(archive: Archive) -> None:
    archive.book.add(host=PORTAL, level=None, every="20m")
    archive.start_service()
    archive.at(T0 + minutes(20), finish=False)  # the crawl goes on for more than 20 minutes
    archive.at(T0 + minutes(40), finish=False)
    archive.at(T0 + minutes(45))
    archive.at(T0 + minutes(60))
    assert [(s, d - T0, r) for s, d, r in archive.rows()] == [
        ("succeeded", minutes(20), None),
        ("skipped", minutes(40), "previous run still going"),
        ("succeeded", minutes(60), None),
    ]


def test_runs_due_while_a_schedule_was_paused_are_not_missed(archive: Archive) -> None:
    archive.book.add(host=PORTAL, level=None, every="20m")
    archive.start_service()
    archive.at(T0 + minutes(20))
    archive.book.pause(ID)
    archive.at(T0 + minutes(100))
    archive.clock.set(T0 + minutes(105))
    resumed = archive.book.resume(ID)
    assert resumed.next_run == T0 + minutes(120)  # the regular grid, from the schedule's start
    archive.at(T0 + minutes(120))
    assert [(s, d - T0) for s, d, _ in archive.rows()] == [
        ("succeeded", minutes(20)),
        ("succeeded", minutes(120)),
    ]


def test_the_service_pauses_schedules_below_the_minimum_interval(
    tmp_path: Path, backend: Backend, archive: Archive
) -> None:
    loose = backend.config(tmp_path, scheduler_min_interval="1s")
    Schedules(archive.sessions, loose.scheduler, archive.clock).add(
        host=PORTAL, level=None, every="30s"
    )
    archive.start_service()  # with the default minimum of one minute
    [schedule] = archive.book.list()
    assert schedule.paused
    archive.at(T0 + minutes(5))
    assert archive.rows() == []
