"""Many writers on one archive: two crawls of different portals at the same time, with
``reextract`` running beside them — no error, no duplicate document, ``verify`` clean.
And commands that only read never write."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Backend, vnarchive


def _crawl(urls: list[str], proxy: str, data: Path, env: dict[str, str]) -> subprocess.Popen:
    argv = [sys.executable, "-m", "vnarchive", "crawl", *urls, "--proxy", proxy,
            "--delay", "0", "--data-dir", str(data)]  # fmt: skip
    return subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, **env}
    )


def test_two_crawls_and_reextract_at_once(tmp_path: Path, backend: Backend) -> None:
    from sandbox import Sandbox, SandboxServer

    sandbox = Sandbox(seed=5, pages_per_portal=15)
    data = tmp_path / "data"
    env = backend.env(data)
    urls = sandbox.portal_urls()
    with SandboxServer(sandbox, latency_ms=20) as server:
        vnarchive("crawl", urls[0], "--proxy", server.proxy_url, "--delay", "0",
                  data_dir=data, env=env, check=True)  # fmt: skip
        first = _crawl(urls[1:4], server.proxy_url, data, env)
        second = _crawl(urls[4:], server.proxy_url, data, env)
        reextracts = []
        while first.poll() is None or second.poll() is None:
            run = vnarchive("reextract", "--json", "--workers", "1", data_dir=data, env=env)
            reextracts.append(run)
            time.sleep(0.2)
        outputs = [p.communicate()[0].decode() for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert reextracts and all(r.returncode == 0 for r in reextracts), reextracts[-1]
    assert not any("Traceback" in r.stderr for r in reextracts)
    with backend.db(data) as conn:
        (docs, hashes), *_ = conn.execute(
            "SELECT count(*), count(DISTINCT text_hash) FROM documents"
        )
        titled = {
            url
            for (url,) in conn.execute(
                "SELECT c.url FROM captures c JOIN documents d ON d.id = c.document_id"
            )
        }
        jobs = conn.execute("SELECT status FROM crawl_jobs ORDER BY id").fetchall()
    assert docs == hashes
    missing = [a["url"] for a in sandbox.ground_truth() if a["url"] not in titled]
    assert not missing, missing[:5]
    assert jobs == [("succeeded",)] * 3
    check = vnarchive("verify", data_dir=data, env=env)
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("search", "dang bo"),
        ("search", "dang", "--level", "commune", "--province", "Hải Dương"),
        ("show", "http://haiduong.gov.vn.test/"),
        ("portals", "list", "--level", "district"),
        ("jobs",),
        ("health",),
        ("templates", "show"),
        ("cdx", "export"),
        ("db", "status"),
    ],
)
def test_commands_that_only_read_never_write(
    args: tuple[str, ...], crawled, tmp_path: Path
) -> None:
    """On PostgreSQL, run as a role that may only read; on SQLite, the database file and
    its write-ahead log are left as they were."""
    backend: Backend = crawled.backend
    env = dict(crawled.env)
    if backend.server is not None:
        url = env["VNARCHIVE_DB_URL"]
        name = url.rsplit("/", 1)[1]
        backend.server.execute(
            "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reader') "
            "THEN CREATE ROLE reader LOGIN; END IF; END$$"
        )
        backend.server.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader", name)
        env["VNARCHIVE_DB_URL"] = url.replace("//postgres@", "//reader@")
        before = None
    else:
        files = [crawled.data_dir / "archive.sqlite3", crawled.data_dir / "archive.sqlite3-wal"]
        before = [(f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.exists()]
    run = vnarchive(*args, data_dir=crawled.data_dir, env=env)
    assert run.returncode == 0, run.stderr
    if before is not None:
        after = [(f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.exists()]
        assert after == before
