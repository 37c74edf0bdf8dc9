"""Two scheduler services on one database: one runs the schedules, the other stands by and
takes over when the first dies; no run is ever fired twice.

Real services (``vnarchive scheduler run`` subprocesses), real crawls of the sandbox, on
SQLite (a lock file) and on a real PostgreSQL (an advisory lock)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.db.models import CrawlJob
from sandbox import SandboxServer
from tests.conftest import Backend, vnarchive
from tests.scheduler.conftest import FAST, PORTAL, SECONDS, wait_for


class Service:
    """``vnarchive scheduler run`` with its stderr in a file, read while it runs."""

    def __init__(self, data_dir: Path, name: str, env: dict[str, str]) -> None:
        self.log = data_dir.parent / f"{name}.stderr"
        full = {**os.environ, **FAST, **env}
        full.pop("VNARCHIVE_DATA_DIR", None)
        argv = [sys.executable, "-m", "vnarchive", "scheduler", "run", "--data-dir", str(data_dir)]
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(argv, env=full, stderr=out)

    def said(self, text: str) -> bool:
        return text in self.log.read_text()

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        assert self.proc.wait(timeout=60) == 0, self.log.read_text()
        return self.log.read_text()


@pytest.fixture
def services(tmp_path: Path) -> Iterator[list[Service]]:
    started: list[Service] = []
    yield started
    for svc in started:
        if svc.proc.poll() is None:
            svc.proc.kill()
            svc.proc.wait()


def start(started: list[Service], data_dir: Path, name: str, env: dict[str, str]) -> Service:
    started.append(Service(data_dir, name, env))
    return started[-1]


def rows(backend: Backend, data_dir: Path) -> list[CrawlJob]:
    sessions = backend.sessions(data_dir)
    try:
        with sessions() as session:
            return list(session.scalars(select(CrawlJob).order_by(CrawlJob.id)))
    finally:
        sessions.kw["bind"].dispose()


def finished_after(backend: Backend, data_dir: Path, after_id: int, count: int = 1):
    def check() -> list[CrawlJob]:
        done = [
            j
            for j in rows(backend, data_dir)
            if j.id > after_id and j.status in ("succeeded", "skipped")
        ]
        return done if sum(j.status == "succeeded" for j in done) >= count else []

    return check


def no_run_twice(jobs: list[CrawlJob]) -> None:
    fired = Counter((j.schedule_id, j.scheduled_at) for j in jobs if j.schedule_id)
    assert fired and max(fired.values()) == 1, fired


def test_a_standby_service_takes_over_and_no_run_is_fired_twice(
    tmp_path: Path, backend: Backend, sandbox_server: SandboxServer, services: list[Service]
) -> None:
    data = tmp_path / "data"
    env = backend.env(data)
    vnarchive("portals", "add", f"http://{PORTAL}/", data_dir=data, check=True, env=env)
    made = vnarchive(
        "schedule", "add", PORTAL, "--every", "3s", "--max-pages", "4",
        "--proxy", sandbox_server.proxy_url, "--delay", "0", "--json",
        data_dir=data, check=True, env={**SECONDS, **env},
    )  # fmt: skip
    schedule_id = json.loads(made.stdout)["id"]

    first = start(services, data, "first", env)
    wait_for(finished_after(backend, data, 0), what="a run of the first service")
    standby = start(services, data, "standby", env)
    wait_for(lambda: standby.said("standing by"), what="the standby standing by")
    before = max(j.id for j in rows(backend, data))
    # both up: runs go on, each fired once (the standby fires none)
    wait_for(finished_after(backend, data, before, 2), what="two runs with both services")
    no_run_twice(rows(backend, data))

    first.proc.kill()
    first.proc.wait()
    killed = max(j.id for j in rows(backend, data))
    wait_for(finished_after(backend, data, killed, 2), what="runs by the standby")

    vnarchive("schedule", "pause", schedule_id, data_dir=data, check=True, env=env)
    wait_for(
        lambda: all(j.status not in ("queued", "running") for j in rows(backend, data)),
        what="no crawl queued or running",
    )
    err = standby.stop()
    assert "standing by" in err and "takes over" in err
    jobs = rows(backend, data)
    no_run_twice(jobs)
    assert any(j.status == "succeeded" for j in jobs if j.id > killed)


def test_a_standby_stops_on_sigterm_and_leaves_the_running_service_alone(
    tmp_path: Path, services: list[Service]
) -> None:
    data = tmp_path / "data"
    vnarchive("portals", "add", "http://kinhmon.haiduong.gov.vn.test/", data_dir=data, check=True)
    first = start(services, data, "first", {})
    wait_for(lambda: first.said("scheduler started"), what="the first service")
    lock = Path(f"{data / 'archive.sqlite3'}.scheduler-lock")
    assert lock.read_text().strip().endswith(f":{first.proc.pid}")
    standby = start(services, data, "standby", {})
    wait_for(lambda: standby.said("standing by"), what="the standby standing by")
    assert "stopped (it was standing by)" in standby.stop()
    assert first.proc.poll() is None
    assert "scheduler stopped" in first.stop()


@pytest.mark.slow
def test_with_a_shared_queue_the_standby_enqueues_the_next_run_once(
    tmp_path: Path,
    pg_server,
    redis_url: str,
    sandbox_server: SandboxServer,
    services: list[Service],
) -> None:
    """Several machines: both services enqueue in Redis (PostgreSQL elects the one that
    fires), a crawl worker runs what is enqueued; the active service killed, the standby
    fires the next due run, once."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    backend = Backend("postgresql", pg_server)
    data = tmp_path / "data"
    env = {**backend.env(data), "VNARCHIVE_REDIS_URL": redis_url}
    vnarchive("portals", "add", f"http://{PORTAL}/", data_dir=data, check=True, env=env)
    made = vnarchive(
        "schedule", "add", PORTAL, "--every", "3s", "--max-pages", "4",
        "--proxy", sandbox_server.proxy_url, "--delay", "0", "--json",
        data_dir=data, check=True, env={**SECONDS, **env},
    )  # fmt: skip
    schedule_id = json.loads(made.stdout)["id"]
    argv = [sys.executable, "-m", "vnarchive", "worker", "crawl", "--id", "w0",
            "--data-dir", str(data)]  # fmt: skip
    with (tmp_path / "w0.stderr").open("w") as out:
        worker = subprocess.Popen(argv, env={**os.environ, **FAST, **env}, stderr=out)
    try:
        first = start(services, data, "first", env)
        wait_for(finished_after(backend, data, 0), what="a run of the first service")
        standby = start(services, data, "standby", env)
        wait_for(lambda: standby.said("standing by"), what="the standby standing by")
        first.proc.kill()
        first.proc.wait()
        killed = max(j.id for j in rows(backend, data))
        wait_for(finished_after(backend, data, killed, 2), what="runs by the standby")
        vnarchive("schedule", "pause", schedule_id, data_dir=data, check=True, env=env)
        wait_for(
            lambda: all(j.status not in ("queued", "running") for j in rows(backend, data)),
            what="no crawl queued or running",
        )
        err = standby.stop()
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=120)
    assert "takes over" in err
    jobs = rows(backend, data)
    no_run_twice(jobs)
    # every run went through the queue to the worker
    done = [j for j in jobs if j.status == "succeeded"]
    assert done and all((j.jobdir or "").startswith("redis:") for j in done), [
        (j.id, j.jobdir) for j in done
    ]
    assert any(j.id > killed for j in done)
