"""A crawl killed with SIGKILL leaves the archive consistent, and a new run loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from sqlalchemy.exc import OperationalError

from tests.conftest import Backend, crawl_argv, crawl_sandbox, vnarchive, warcio_check


def count_captures(backend: Backend, data: Path) -> int:
    try:
        with backend.db(data) as conn:
            return conn.execute("SELECT count(*) FROM captures").fetchone()[0]
    except OperationalError:  # no database yet, or locked
        return 0


def test_sigkill_mid_crawl_then_repair_and_rerun(tmp_path: Path, backend: Backend) -> None:
    from sandbox import Sandbox, SandboxServer

    sandbox = Sandbox(seed=3, pages_per_portal=12)
    data = tmp_path / "data"
    env = backend.env(data)
    with SandboxServer(sandbox, latency_ms=40) as server:
        proc = subprocess.Popen(
            crawl_argv(sandbox, server.proxy_url, data),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, **env},
        )
        deadline = time.monotonic() + 120
        while count_captures(backend, data) < 40 and time.monotonic() < deadline:
            assert proc.poll() is None, "the crawl ended before it could be killed"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert list((data / "warcs").glob("*.warc.gz.open")), "no file was left open"

        with backend.db(data) as conn:
            before = set(conn.execute("SELECT id, url, warc_record_id FROM captures"))

        assert vnarchive("verify", data_dir=data, env=env).returncode == 1
        repaired = vnarchive("verify", "--repair", data_dir=data, env=env)
        assert repaired.returncode == 0, repaired.stdout + repaired.stderr
        assert vnarchive("verify", data_dir=data, env=env).returncode == 0
        assert not list((data / "warcs").glob("*.open"))

        crawl_sandbox(sandbox, server.proxy_url, data, env=env)

    with backend.db(data) as conn:
        after = set(conn.execute("SELECT id, url, warc_record_id FROM captures"))
        duplicated = conn.execute(
            "SELECT url, payload_digest, count(*) FROM captures WHERE record_type = 'response' "
            "GROUP BY url, payload_digest HAVING count(*) > 1"
        ).fetchall()
        archived = {url for (url,) in conn.execute("SELECT url FROM captures WHERE status = 200")}
        # pages archived before the kill but not yet extracted were indexed by the rerun
        with_text = {
            url
            for (url,) in conn.execute(
                "SELECT c.url FROM captures c JOIN documents d ON d.id = c.document_id"
            )
        }
        pending = conn.execute(
            "SELECT count(*) FROM captures WHERE extracted_at IS NULL AND status = 200 "
            "AND record_type = 'response' AND mime LIKE 'text/html%'"
        ).fetchone()[0]
    assert before <= after, "rows archived before the kill were lost"
    assert not duplicated, f"payloads stored twice: {duplicated[:3]}"
    missing = [a["url"] for a in sandbox.ground_truth() if a["url"] not in archived]
    assert not missing
    assert pending == 0
    unindexed = [a["url"] for a in sandbox.ground_truth() if a["url"] not in with_text]
    assert not unindexed, f"articles without their text: {unindexed[:3]}"
    assert vnarchive("verify", data_dir=data, env=env).returncode == 0
    warcs = [str(p) for p in (data / "warcs").glob("*.warc.gz")]
    check = warcio_check(warcs, verbose=False)
    assert check.returncode == 0, check.stdout[-1000:]
