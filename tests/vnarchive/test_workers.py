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

    def worker(
        self, name: str, kind: str = "crawl", *args: str, **env: str
    ) -> subprocess.Popen[bytes]:
        argv = [sys.executable, "-m", "vnarchive", "worker", kind, "--id", name,
                "--data-dir", str(self.data), *args]  # fmt: skip
        log = (self.data.parent / f"{name}.err").open("ab")
        return subprocess.Popen(argv, env={**os.environ, **self.env, **env}, stdout=log, stderr=log)

    def log(self, name: str) -> str:
        return (self.data.parent / f"{name}.err").read_text()

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
    """URLs requested more than once, robots.txt included: the workers of one job that reach
    a shared host (the CDN, a province's file host) ask it once between them."""
    counts = Counter(r["url"] for r in requests)
    return {url: n for url, n in counts.items() if n > 1}


def indexed(deployment: Deployment, job_id: int, timeout: float = 300) -> None:
    """Wait until the job's captures are indexed and its templates learned."""
    deadline = time.monotonic() + timeout
    while True:
        [(left,)] = deployment.rows(
            "SELECT count(*) FROM captures WHERE extracted_at IS NULL AND status = 200 "
            f"AND record_type = 'response' AND mime LIKE 'text/html%' AND job_id = {job_id}"
        )
        learned = deployment.rows(f"SELECT host FROM portal_templates WHERE job_id = {job_id}")
        if not left and learned:
            return
        assert time.monotonic() < deadline, f"job {job_id}: {left} page(s) left to index"
        time.sleep(0.2)


def test_three_workers_and_an_indexer_crawl_the_whole_sandbox_once(
    deployment: Deployment,
) -> None:
    from sandbox import Sandbox, SandboxServer

    sandbox = Sandbox(seed=5, pages_per_portal=8)
    with SandboxServer(sandbox, latency_ms=20) as server:
        # the crawl workers fetch and archive only; the indexer extracts what they archived
        workers = [deployment.worker(f"w{i}", VNARCHIVE_EXTRACT="0") for i in range(3)]
        indexer = deployment.worker("i0", "index")
        try:
            run = deployment.cli(*crawl_args(sandbox, server))
            indexed(deployment, 1)
        finally:
            codes = stop([*workers, indexer])
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
    assert codes == [0, 0, 0, 0], "a worker did not stop cleanly on SIGTERM"
    assert not repeated(requests), f"fetched twice in one crawl: {repeated(requests)}"
    # the crawl workers extracted nothing: the indexer did, once a capture
    assert "indexing" not in deployment.log("w0") + deployment.log("w1")
    [(pages,)] = deployment.rows(
        "SELECT count(*) FROM captures WHERE job_id = 1 AND extracted_at IS NOT NULL"
    )
    said = deployment.log("i0").strip().splitlines()[-1]
    assert said.startswith(f"{pages} capture(s) indexed"), said
    # templates learned once for the job, from the pages of all three workers
    hosts = {h for (h,) in deployment.rows("SELECT host FROM portal_templates WHERE job_id = 1")}
    assert len(hosts) >= 5, hosts

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


def test_two_indexers_share_a_backlog_and_learn_templates_once(
    tmp_path: Path, redis_url: str, sandbox, sandbox_server
) -> None:
    """A crawl that archived without extracting (SQLite, one machine) leaves a backlog; two
    indexers share it: every capture indexed once, the job's templates learned once."""
    import re

    import redis

    from tests.conftest import crawl_sandbox

    redis.Redis.from_url(redis_url).flushdb()
    data = tmp_path / "data"
    crawl_sandbox(sandbox, sandbox_server.proxy_url, data, env={"VNARCHIVE_EXTRACT": "0"})
    from archive.documents.indexing import pending_captures

    backend = Backend("sqlite")
    backlog = len(pending_captures(backend.sessions(data), limit=10**6))
    assert backlog > 50 and not backend.rows(data, "SELECT * FROM documents")
    env = {**os.environ, "VNARCHIVE_REDIS_URL": redis_url}
    argv = [sys.executable, "-m", "vnarchive", "worker", "index", "--exit-when-idle",
            "--data-dir", str(data)]  # fmt: skip
    procs = [
        subprocess.Popen([*argv, "--id", f"i{n}"], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for n in range(2)
    ]  # fmt: skip
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    said = [re.match(r"(\d+) capture\(s\) indexed, \d+ document\(s\), (\d+) failed, (\d+)", o)
            for o, _ in outs]  # fmt: skip
    assert all(said), outs
    counts = [(int(m[1]), int(m[2]), int(m[3])) for m in said if m]
    # each capture by one indexer: together they indexed the backlog exactly
    assert sum(n + f for n, f, _ in counts) == backlog, (counts, backlog)
    assert all(n > 0 for n, _, _ in counts), f"one indexer did all the work: {counts}"
    assert not pending_captures(backend.sessions(data))
    with_text = {u for (u,) in backend.rows(
        data, "SELECT c.url FROM captures c JOIN documents d ON d.id = c.document_id"
    )}  # fmt: skip
    missing = [a["url"] for a in sandbox.ground_truth() if a["url"] not in with_text]
    assert not missing, missing[:3]
    # templates: learned by one of the two, for the job, from the pages both indexed
    learned = [t for _, _, t in counts]
    assert sorted(learned)[0] == 0 and sum(learned) >= 5, counts
    assert backend.rows(data, "SELECT DISTINCT job_id FROM portal_templates") == [(1,)]


def test_worker_commands_need_redis(tmp_path: Path) -> None:
    run = vnarchive("worker", "crawl", data_dir=tmp_path / "d")
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "vnarchive: error: a crawl worker needs VNARCHIVE_REDIS_URL (redis://HOST:PORT/DB)"
    ]
    run = vnarchive("worker", "index", data_dir=tmp_path / "d")
    assert run.returncode == 2
    assert "an indexing worker needs VNARCHIVE_REDIS_URL" in run.stderr
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


def test_workers_pace_a_host_their_portals_share(deployment: Deployment) -> None:
    """Two portals of one province on two workers both fetch documents from the province's
    file host: together they ask it no more often than VNARCHIVE_SHARED_HOST_DELAY says,
    while each portal goes at the crawl's own pace."""
    from sandbox import Sandbox, SandboxServer

    sandbox = Sandbox(seed=3, pages_per_portal=6)
    portals = ["http://kinhmon.haiduong.gov.vn.test/", "http://kimthanh.haiduong.gov.vn.test/"]
    pace = 1.5  # seconds; the portals' own delay is 0.1 (unpaced, gaps of 0.1-0.3 s)
    with SandboxServer(sandbox, latency_ms=5) as server:
        workers = [deployment.worker(f"w{i}", VNARCHIVE_SHARED_HOST_DELAY=str(pace))
                   for i in range(2)]  # fmt: skip
        try:
            run = deployment.cli("crawl", *portals, "--proxy", server.proxy_url, "--delay", "0.1")
        finally:
            stop(workers)
        requests = list(server.requests)
    assert run.returncode == 0, run.stdout + run.stderr
    by_worker = {p.name.split("-")[1] for p in (deployment.data / "warcs").glob("*.warc.gz")}
    assert by_worker == {"w0", "w1"}, by_worker  # both portals crawled side by side
    shared = sorted(r["time"] for r in requests if r["host"].startswith("vanban."))
    assert len(shared) >= 6, len(shared)
    # the moments were reserved `pace` apart on Redis's clock; the sandbox logs a request
    # when its thread reads it, which load may delay: a margin, never a second request
    # within half the pace
    gaps = [round(b - a, 2) for a, b in zip(shared, shared[1:], strict=False)]
    assert min(gaps) >= pace / 2, gaps
    assert shared[-1] - shared[0] >= (len(shared) - 1) * pace * 0.8, gaps
    # the portal each worker leases is not paced through Redis: its own pages go at the
    # crawl's delay (at the shared pace its requests would span over a minute)
    own = sorted(r["time"] for r in requests if r["host"] == "kinhmon.haiduong.gov.vn.test")
    assert len(own) >= 20 and own[-1] - own[0] < (len(own) - 1) * pace / 2, len(own)
