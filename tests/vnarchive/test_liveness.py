"""A running crawl shows its progress — a line on its terminal, plain lines otherwise, live
counts in ``jobs`` and ``health`` — and a crawl that died is not left ``running``: the
next command that looks (``jobs``, ``health``, ``verify``, the scheduler's start) marks it
``interrupted``."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sandbox import Sandbox, SandboxServer
from tests.conftest import vnarchive

FAST = {"VNARCHIVE_PROGRESS_INTERVAL": "0.2"}
PORTAL = "kinhmon.haiduong.gov.vn.test"


@pytest.fixture(scope="module")
def slow() -> Iterator[SandboxServer]:
    """Every answer takes 300 ms: a crawl lasts long enough to be looked at."""
    with SandboxServer(Sandbox(seed=1, pages_per_portal=6), latency_ms=300) as server:
        yield server


def crawl_argv(server: SandboxServer, data: Path) -> list[str]:
    return [sys.executable, "-m", "vnarchive", "crawl", f"http://{PORTAL}/",
            "--proxy", server.proxy_url, "--delay", "0", "--data-dir", str(data)]  # fmt: skip


def poll(predicate: Callable[[], Any], what: str, timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def jobs(data: Path) -> list[dict[str, Any]]:
    return json.loads(vnarchive("jobs", "--json", data_dir=data, check=True).stdout)


def live_job(data: Path) -> dict[str, Any] | None:
    """The running job once its heartbeat has counted some pages."""
    if not (data / "archive.sqlite3").exists():
        return None
    found = [j for j in jobs(data) if j["status"] == "running"]
    return found[0] if found and (found[0]["progress"] or {}).get("pages", 0) > 2 else None


def look(command: str, data: Path) -> str:
    if command == "scheduler":  # the service's start: then stopped at once
        env = {**os.environ, "VNARCHIVE_SCHEDULER_POLL_INTERVAL": "0.2"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "vnarchive", "scheduler", "run", "--data-dir", str(data)],
            stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        assert proc.stderr is not None
        lines = []
        for line in proc.stderr:  # its own log: it says what it marked
            lines.append(line)
            if "marked interrupted" in line:
                break
        proc.send_signal(signal.SIGTERM)
        _, rest = proc.communicate(timeout=60)
        return "".join(lines) + rest
    run = vnarchive(command, data_dir=data)
    return run.stdout + run.stderr


@pytest.mark.parametrize("looker", ["jobs", "health", "verify", "scheduler"])
def test_a_crawl_shows_live_counts_and_once_killed_is_marked_interrupted(
    tmp_path: Path, slow: SandboxServer, looker: str
) -> None:
    env = {**os.environ, **FAST}
    env.pop("VNARCHIVE_DATA_DIR", None)
    proc = subprocess.Popen(crawl_argv(slow, tmp_path), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, start_new_session=True,
                            text=True)  # fmt: skip
    job = poll(lambda: live_job(tmp_path), "live counts in the job row")
    assert job["pid"] == proc.pid and job["heartbeat_at"] and job["host"]
    assert set(job["progress"]) >= {"pages", "articles", "errors", "queue", "rate"}
    health = json.loads(vnarchive("health", "--json", data_dir=tmp_path, check=True).stdout)
    mine = next(p for p in health if p["portal"] == PORTAL)
    assert mine["running"]["job"] == job["id"] and mine["running"]["pages"] > 2

    os.killpg(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate()
    # not a terminal: plain progress lines, no redrawing
    assert "[vnarchive.progress] INFO: pages " in out and "\r" not in out

    said = look(looker, tmp_path)
    says = {  # what the looker says of it (jobs and health show it, below)
        "verify": f"crawl job {job['id']} marked interrupted: crawl process {proc.pid} was gone",
        "scheduler": f"job {job['id']}: its crawl process was gone; marked interrupted",
    }
    assert says.get(looker, "") in said, said
    after = next(j for j in jobs(tmp_path) if j["id"] == job["id"])
    assert after["status"] == "interrupted", after
    assert after["reason"] == f"crawl process {proc.pid} was gone"
    assert after["progress"] is None and after["pages"] >= job["pages"]
    health = json.loads(vnarchive("health", "--json", data_dir=tmp_path, check=True).stdout)
    assert next(p for p in health if p["portal"] == PORTAL)["running"] is None


def test_on_a_terminal_the_progress_line_is_redrawn(tmp_path: Path, slow: SandboxServer) -> None:
    env = {**os.environ, **FAST}
    env.pop("VNARCHIVE_DATA_DIR", None)
    main, child = pty.openpty()
    proc = subprocess.Popen(crawl_argv(slow, tmp_path) + ["--max-pages", "12"], stdin=child,
                            stdout=child, stderr=child, env=env)  # fmt: skip
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the crawl closed the terminal: it ended
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert proc.wait() == 0, seen[-2000:]
    text = seen.decode("utf-8", "replace")
    assert "\r\x1b[Kpages " in text and "queue " in text and "pages/s" in text
    assert "[vnarchive.progress]" not in text
