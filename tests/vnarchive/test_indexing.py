"""Indexing behind the crawl: pages archived but not extracted are caught up, by the next
crawl of their portal or by ``vnarchive reextract --pending``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import Backend, as_json, crawl_argv, crawl_sandbox, vnarchive

PENDING = (
    "SELECT count(*) FROM captures WHERE extracted_at IS NULL AND status = 200 "
    "AND record_type = 'response' AND mime LIKE 'text/html%'"
)


@pytest.fixture(scope="module")
def unextracted(
    sandbox, sandbox_server, tmp_path_factory: pytest.TempPathFactory, backend: Backend
) -> Path:
    """The sandbox crawled with extraction switched off: captures only."""
    data = tmp_path_factory.mktemp("unextracted")
    env = {"VNARCHIVE_EXTRACT": "0", **backend.env(data)}
    crawl_sandbox(sandbox, sandbox_server.proxy_url, data, env=env)
    return data


def counts(data: Path, backend: Backend) -> tuple[int, int, set[str]]:
    with backend.db(data) as conn:
        pending = conn.execute(PENDING).fetchone()[0]
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        with_text = {
            u
            for (u,) in conn.execute(
                "SELECT c.url FROM captures c JOIN documents d ON d.id = c.document_id"
            )
        }
    return pending, documents, with_text


def test_a_crawl_without_extraction_leaves_its_pages_pending(
    unextracted: Path, sandbox, backend: Backend
) -> None:
    pending, documents, _ = counts(unextracted, backend)
    assert documents == 0
    assert pending >= len(sandbox.ground_truth())


def test_the_next_crawl_indexes_what_an_earlier_one_did_not(
    unextracted: Path, sandbox, sandbox_server, tmp_path: Path, backend: Backend
) -> None:
    data = backend.copy(unextracted, tmp_path / "archive")
    crawl_sandbox(sandbox, sandbox_server.proxy_url, data, env=backend.env(data))
    pending, _, with_text = counts(data, backend)
    assert pending == 0
    # the recrawl wrote revisits; the text comes from the earlier captures, indexed now
    assert {a["url"] for a in sandbox.ground_truth()} <= with_text
    with backend.db(data) as conn:
        (raw,) = conn.execute("SELECT stats FROM crawl_jobs WHERE id = 2").fetchone()
        # the revisits were recorded before their originals had a document: they get it too
        bare = conn.execute(
            "SELECT url FROM captures WHERE job_id = 2 AND record_type = 'revisit' "
            "AND document_id IS NULL AND url IN ("
            "SELECT url FROM captures WHERE job_id = 1 AND document_id IS NOT NULL)"
        ).fetchall()
    assert not bare, f"revisits without the text of their original: {bare[:3]}"
    backlog = counts(unextracted, backend)[0]
    assert as_json(raw)["scrapy"]["vnarchive/extraction_backlog"] == backlog
    article = sandbox.ground_truth()[0]
    shown = vnarchive("show", article["url"], data_dir=data, env=backend.env(data), check=True)
    assert article["title"] in shown.stdout and "no article text" not in shown.stdout


def test_reextract_pending_indexes_only_what_was_never_extracted(
    unextracted: Path, sandbox, tmp_path: Path, backend: Backend
) -> None:
    data = backend.copy(unextracted, tmp_path / "archive")
    env = backend.env(data)
    before = counts(data, backend)[0]
    run = vnarchive("reextract", "--pending", "--json", data_dir=data, check=True, env=env)
    report = json.loads(run.stdout)
    files = sandbox.documents_truth()
    assert report["examined"] == before + len(files)  # the pages, and the files never read
    # every article, per official document its notice and its registry record, and the
    # text of every file but the scans (OCR is off in the tests)
    pages = len(sandbox.ground_truth()) + 2 * len(files)
    read = [d for d in files if not d["scanned"]]
    assert report["created"] + report["linked"] == pages + len(read)
    pending, documents, with_text = counts(data, backend)
    assert pending == 0 and documents == pages + len(read)
    again = json.loads(vnarchive("reextract", "--pending", "--json", data_dir=data, env=env).stdout)
    assert again["examined"] == 0


def test_workers_exit_when_their_crawl_is_killed(sandbox, tmp_path: Path) -> None:
    """A crawl killed with SIGKILL (its process only, as the scheduler's kill does) must not
    leave extraction workers behind, holding the database open."""
    from sandbox import SandboxServer

    with SandboxServer(sandbox, latency_ms=150) as slow:
        proc = subprocess.Popen(
            crawl_argv(sandbox, slow.proxy_url, tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            workers = _wait_for_workers(proc.pid)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"workers still running after their crawl died: {alive}"


def _wait_for_workers(pid: int, timeout: float = 30) -> list[psutil.Process]:
    """The crawl's extraction workers (its descendants at a raised niceness), once running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = psutil.Process(pid).children(recursive=True)
        workers = [p for p in children if _niceness(p) > 0]
        if workers:
            return workers
        time.sleep(0.1)
    raise AssertionError("the crawl started no extraction worker")


def _niceness(proc: psutil.Process) -> int:
    try:
        return proc.nice()
    except psutil.Error:
        return 0
