"""The real service in a subprocess, real crawls of the sandbox, intervals of seconds (the
minimum interval lowered for them). The accounting of runs is tested on a clock the tests
move (``fake_time``); these tests check the service, the runner and the crawls together."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sandbox import Sandbox, SandboxServer
from tests.conftest import vnarchive

PORTAL = "kinhmon.haiduong.gov.vn.test"
SECONDS = {"VNARCHIVE_SCHEDULER_MIN_INTERVAL": "1s"}  # schedules of a few seconds
FAST = {
    **SECONDS,
    "VNARCHIVE_SCHEDULER_POLL_INTERVAL": "0.3",
    "VNARCHIVE_SCHEDULER_SHUTDOWN_GRACE": "2",
    "VNARCHIVE_SCHEDULER_KILL_GRACE": "15",
}


def wait_for(predicate: Callable[[], Any], timeout: float = 150, what: str = "") -> Any:
    """Poll until ``predicate`` returns something true; fail after a generous deadline (on a
    loaded machine, starting the service and a crawl subprocess took over 40 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")


def jobs(data_dir: Path, *args: str) -> list[dict[str, Any]]:
    run = vnarchive("jobs", "--json", "--limit", "500", *args, data_dir=data_dir, check=True)
    return json.loads(run.stdout)[::-1]  # oldest first


def with_status(data_dir: Path, status: str, count: int = 1) -> Callable[[], list[dict]]:
    """A probe for ``wait_for``: ``count`` jobs with ``status`` (read straight from the
    database, cheaper than a CLI run per poll), then their full JSON from ``vnarchive jobs``."""

    def check() -> list[dict]:
        try:
            with sqlite3.connect(data_dir / "archive.sqlite3", timeout=10) as db:
                (n,) = db.execute(
                    "SELECT count(*) FROM crawl_jobs WHERE status = ?", (status,)
                ).fetchone()
        except sqlite3.OperationalError:  # no database or no table yet
            return []
        return [j for j in jobs(data_dir) if j["status"] == status] if n >= count else []

    return check


class Service:
    """``vnarchive scheduler run`` as an operator starts it, stopped with SIGTERM."""

    def __init__(self, data_dir: Path, **env: str) -> None:
        self.data_dir = data_dir
        self.env = {**os.environ, **FAST, **env}
        self.env.pop("VNARCHIVE_DATA_DIR", None)
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> Service:
        argv = [
            sys.executable,
            "-m",
            "vnarchive",
            "scheduler",
            "run",
            "--data-dir",
            str(self.data_dir),
        ]
        self.proc = subprocess.Popen(argv, env=self.env, stderr=subprocess.PIPE, text=True)
        return self

    def stop(self, timeout: float = 60) -> str:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        _, err = self.proc.communicate(timeout=timeout)
        assert self.proc.returncode == 0, err
        return err


@pytest.fixture
def service() -> Iterator[Callable[..., Service]]:
    started: list[Service] = []

    def make(data_dir: Path, **env: str) -> Service:
        started.append(Service(data_dir, **env).start())
        return started[-1]

    yield make
    for svc in started:
        if svc.proc and svc.proc.poll() is None:
            svc.proc.kill()
            svc.proc.wait()


@pytest.fixture(scope="module")
def slow_server() -> Iterator[SandboxServer]:
    """A sandbox whose every answer takes 500 ms: crawls of several seconds."""
    server = SandboxServer(Sandbox(seed=1, pages_per_portal=6), latency_ms=500).start()
    yield server
    server.stop()


def add_portal(data_dir: Path, host: str = PORTAL) -> None:
    vnarchive("portals", "add", f"http://{host}/", data_dir=data_dir, check=True)


def schedule(data_dir: Path, server: SandboxServer, *args: str, host: str = PORTAL) -> dict:
    run = vnarchive(
        "schedule",
        "add",
        host,
        *args,
        "--proxy",
        server.proxy_url,
        "--delay",
        "0",
        "--json",
        data_dir=data_dir,
        check=True,
        env=SECONDS,
    )
    return json.loads(run.stdout)
