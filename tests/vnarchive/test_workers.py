"""Crawl workers on a real Redis and a real PostgreSQL: three workers crawl the whole sandbox
as one job, a worker killed mid-crawl loses nothing and makes nothing fetched twice, and a
recrawl after the sandbox's clock moved fetches again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Backend, Run, vnarchive

pytestmark = pytest.mark.slow
LEASE = "3"  # seconds: a killed worker's task is taken over this soon


@dataclass
class Deployment:
    """PostgreSQL, Redis, the sandbox, and the environment of every process."""

    data: Path
    env: dict[str, str]
    backend: Backend
    redis_url: str

    def worker(self, name: str) -> subprocess.Popen[bytes]:
        argv = [sys.executable, "-m", "vnarchive", "worker", "crawl", "--id", name,
                "--data-dir", str(self.data)]  # fmt: skip
        log = (self.data.parent / f"{name}.err").open("ab")
        return subprocess.Popen(argv, env={**os.environ, **self.env}, stdout=log, stderr=log)

    def cli(self, *args: str) -> Run:
        return vnarchive(*args, data_dir=self.data, env=self.env)

    def rows(self, sql: str) -> list[tuple]:
        return self.backend.rows(self.data, sql)


def stop(workers: list[subprocess.Popen[bytes]]) -> list[int]:
    for proc in workers:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    return [proc.wait(timeout=120) for proc in workers]


@pytest.fixture
def deployment(tmp_path: Path, pg_server, redis_url: str) -> Iterator[Deployment]:
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    backend = Backend("postgresql", pg_server)
    data = tmp_path / "data"
    env = {**backend.env(data), "VNARCHIVE_REDIS_URL": redis_url,
           "VNARCHIVE_WORKER_LEASE": LEASE}  # fmt: skip
    yield Deployment(data, env, backend, redis_url)


def crawl_args(sandbox, server) -> list[str]:
    return ["crawl", *sandbox.portal_urls(), "--proxy", server.proxy_url, "--delay", "0"]


def repeated(requests: list[dict]) -> dict[str, int]:
    """URLs requested more than once, robots.txt aside (each worker's crawl of a portal asks
    a shared host such as the CDN for its robots.txt once)."""
    counts = Counter(r["url"] for r in requests if not r["url"].endswith("/robots.txt"))
    return {url: n for url, n in counts.items() if n > 1}


def test_three_workers_crawl_the_whole_sandbox_once(deployment: Deployment) -> None:
    from sandbox import Sandbox, SandboxServer

    sandbox = Sandbox(seed=5, pages_per_portal=8)
    with SandboxServer(sandbox, latency_ms=20) as server:
        workers = [deployment.worker(f"w{i}") for i in range(3)]
        try:
            run = deployment.cli(*crawl_args(sandbox, server))
        finally:
            codes = stop(workers)
        requests = list(server.requests)
        # a recrawl after the clock moved: a new job, fetched again, every change captured
        sandbox.advance(days=2)
        truth_after = sandbox.ground_truth()
        workers = [deployment.worker(f"v{i}") for i in range(2)]
        try:
            again = deployment.cli(*crawl_args(sandbox, server))
        finally:
            stop(workers)
        second = server.requests[len(requests) :]
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Queued job" in run.stdout and "succeeded" in run.stdout
    assert codes == [0, 0, 0], "a worker did not stop cleanly on SIGTERM"
    assert not repeated(requests), f"fetched twice in one crawl: {repeated(requests)}"

    once = deployment.rows(
        "SELECT url, count(*) FROM captures WHERE record_type = 'response' AND status = 200 "
        "AND job_id = 1 GROUP BY url"
    )
    assert all(n == 1 for _, n in once), [u for u, n in once if n > 1][:3]
    with_text = {
        url
        for (url,) in deployment.rows(
            "SELECT c.url FROM captures c JOIN documents d ON d.id = c.document_id"
        )
    }
    truth = Sandbox(seed=5, pages_per_portal=8).ground_truth()
    missing = [a["url"] for a in truth if a["url"] not in with_text]
    assert not missing, f"articles not archived with their text: {missing[:3]}"
    # every worker took part, in WARC files of its own that name it
    files = {p.name.split("-")[1] for p in (deployment.data / "warcs").glob("*.warc.gz")}
    assert {"w0", "w1", "w2"} <= files, files
    [(status, pages)] = deployment.rows("SELECT status, pages FROM crawl_jobs WHERE id = 1")
    [(captured,)] = deployment.rows("SELECT count(*) FROM captures WHERE job_id = 1")
    assert (status, pages) == ("succeeded", captured)
    verify = deployment.cli("verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr

    assert again.returncode == 0, again.stdout + again.stderr
    homes = {u for u in sandbox.portal_urls()}
    assert homes <= {r["url"] for r in second}, "the recrawl did not fetch again"
    assert not repeated(second)
    archived_now = {u for (u,) in deployment.rows("SELECT url FROM captures WHERE job_id = 2")}
    new = [a["url"] for a in truth_after if a["url"] not in {b["url"] for b in truth}]
    assert new and all(url in archived_now for url in new), "new articles not captured"


def test_a_worker_killed_mid_crawl_loses_nothing(deployment: Deployment) -> None:
    from sandbox import Sandbox, SandboxServer

    sandbox = Sandbox(seed=3, pages_per_portal=10)
    with SandboxServer(sandbox, latency_ms=40) as server:
        workers = [deployment.worker(f"w{i}") for i in range(3)]
        crawl = subprocess.Popen(
            [sys.executable, "-m", "vnarchive", *crawl_args(sandbox, server),
             "--data-dir", str(deployment.data)],
            env={**os.environ, **deployment.env}, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            while True:  # w0 is well into its portal
                [(done,)] = deployment.rows(
                    "SELECT count(*) FROM captures WHERE warc_filename LIKE 'vnarchive-w0-%'"
                ) or [(0,)]
                if done >= 25:
                    break
                assert time.monotonic() < deadline, "w0 archived nothing"
                time.sleep(0.1)
            workers[0].kill()
            workers[0].wait()
            killed_at = len(server.requests)
            out, _ = crawl.communicate(timeout=600)
        finally:
            crawl.kill()
            codes = stop(workers[1:])
        requests = list(server.requests)
    assert crawl.returncode == 0, out
    assert codes == [0, 0]
    before = {u for (u,) in deployment.rows(
        "SELECT url FROM captures WHERE warc_filename LIKE 'vnarchive-w0-%'"
    )}  # fmt: skip
    again = {r["url"] for r in requests[killed_at:]} & before
    assert not again, f"archived before the kill, fetched again after it: {sorted(again)[:3]}"
    # only what was on the wire at the kill (asked, never archived) may be asked twice
    twice = set(repeated(requests))
    assert not twice & before and len(twice) <= 8, twice
    archived = {u for (u,) in deployment.rows("SELECT url FROM captures WHERE status = 200")}
    missing = [a["url"] for a in sandbox.ground_truth() if a["url"] not in archived]
    assert not missing, missing[:3]
    [(status, reason)] = deployment.rows("SELECT status, reason FROM crawl_jobs")
    assert status == "succeeded" and "resumed by worker" in reason
    duplicated = deployment.rows(
        "SELECT url, payload_digest FROM captures WHERE record_type = 'response' "
        "GROUP BY url, payload_digest HAVING count(*) > 1"
    )
    assert not duplicated, duplicated[:3]
    # the killed worker's open WARC file is what verify finds, and repairs
    assert deployment.cli("verify").returncode == 1
    assert deployment.cli("verify", "--repair").returncode == 0
    assert deployment.cli("verify").returncode == 0


def test_worker_commands_need_redis(tmp_path: Path) -> None:
    run = vnarchive("worker", "crawl", data_dir=tmp_path / "d")
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "vnarchive: error: a crawl worker needs VNARCHIVE_REDIS_URL (redis://HOST:PORT/DB)"
    ]
    bad = vnarchive("crawl", "http://a.gov.vn/", data_dir=tmp_path / "d",
                    env={"VNARCHIVE_REDIS_URL": "http://x"})  # fmt: skip
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "VNARCHIVE_REDIS_URL must be a redis://HOST:PORT/DB URL" in bad.stderr


def test_crawl_with_redis_away_fails_in_one_line(tmp_path: Path) -> None:
    from tests.servers import free_port

    env = {"VNARCHIVE_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}
    run = vnarchive("crawl", "http://a.gov.vn/", data_dir=tmp_path / "d", env=env)
    assert run.returncode != 0
    assert len(run.stderr.strip().splitlines()) == 1 and "Redis at redis://" in run.stderr
