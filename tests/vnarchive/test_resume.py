"""A crawl with ``--jobdir`` killed with SIGKILL, again and again, then resumed: every
article of the sandbox is archived, and no page processed before a kill is fetched again.

"Processed" is the resume journal's word: fetched and its links journaled. The pages in
flight at the kill (at most ``CONCURRENT_REQUESTS``, 16) were not processed and are
requested once more; the archive writes those as revisits, never as a second payload.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sandbox import Sandbox, SandboxServer

IN_FLIGHT = 16  # crawler.settings.CONCURRENT_REQUESTS
KILL_AFTER = (1, 40, 120)  # pages processed (in all) when each kill comes


def journal(jobdir: Path) -> tuple[set[str], set[str]]:
    """(scheduled, processed) URLs of the resume journal."""
    path = jobdir / "portal.journal"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    scheduled = {ln.split(" ")[1] for ln in lines if ln.startswith("+ ")}
    processed = {ln.split(" ")[1] for ln in lines if ln.startswith("= ")}
    return scheduled, processed


def wait_processed(proc: subprocess.Popen[bytes], jobdir: Path, count: int) -> None:
    """Poll the journal until ``count`` pages are processed (the crawl must still run)."""
    deadline = time.monotonic() + 300
    while len(journal(jobdir)[1]) < count:
        assert proc.poll() is None, f"the crawl ended before {count} pages were processed"
        assert time.monotonic() < deadline, "the crawl made no progress"
        time.sleep(0.02)


def page_requests(server: SandboxServer, start: float, end: float) -> list[str]:
    """The URLs requested (robots.txt aside) between two moments, by when the sandbox
    received them: a killed crawl's last requests are logged only once answered, so each run
    ends when the sandbox has read them all (``wait_idle``), before the next one starts."""
    return [
        r["url"]
        for r in server.requests
        if start <= r["received"] < end and not r["url"].endswith("/robots.txt")
    ]


def test_sigkill_at_several_points_then_resume_archives_everything_once(tmp_path: Path) -> None:
    sandbox = Sandbox(seed=3, pages_per_portal=12)
    data, jobdir = tmp_path / "data", tmp_path / "job"
    env = {k: v for k, v in os.environ.items() if k != "VNARCHIVE_DATA_DIR"}
    spans: list[tuple[float, float]] = []  # each run's time span in the sandbox's request log
    kills: list[tuple[set[str], set[str]]] = []  # the journal at each kill
    with SandboxServer(sandbox, latency_ms=40) as server:
        argv = [sys.executable, "-m", "vnarchive", "crawl", *sandbox.portal_urls(),
                "--proxy", server.proxy_url, "--delay", "0", "--jobdir", str(jobdir),
                "--data-dir", str(data)]  # fmt: skip
        for count in KILL_AFTER:
            start = time.time()
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True, env=env)  # fmt: skip
            wait_processed(proc, jobdir, count)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            server.wait_idle()  # the killed crawl's requests all read and logged
            spans.append((start, time.time()))
            kills.append(journal(jobdir))
        start = time.time()
        last = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=600)
        assert last.returncode == 0, last.stdout[-2000:] + last.stderr[-2000:]
        spans.append((start, time.time()))
        requests = [page_requests(server, start, end) for start, end in spans]

    for (scheduled, processed), after in zip(kills, requests[1:], strict=True):
        # killed mid-way: URLs were scheduled and not processed yet
        assert processed < scheduled, (len(scheduled), len(processed))
        # nothing processed before a kill is requested again by the next run...
        assert processed.isdisjoint(after), sorted(processed & set(after))[:5]
    for index, run in enumerate(requests[1:], start=1):
        # ...nor twice in one run; what is asked again (in flight at the kill) is bounded
        assert [u for u, n in Counter(run).items() if n > 1] == []
        earlier = {u for before in requests[:index] for u in before}
        assert len(earlier & set(run)) <= IN_FLIGHT, sorted(earlier & set(run))

    truth = [a["url"] for a in sandbox.ground_truth()]
    archived = archived_urls(data)
    assert [u for u in truth if u not in archived] == []
    scheduled, processed = journal(jobdir)
    assert scheduled <= processed, sorted(scheduled - processed)[:5]
    assert stored_twice(data) == []


def archived_urls(data: Path) -> set[str]:
    with sqlite3.connect(data / "archive.sqlite3") as db:
        return {u for (u,) in db.execute("SELECT url FROM captures WHERE status = 200")}


def stored_twice(data: Path) -> list[tuple[str, str, int]]:
    with sqlite3.connect(data / "archive.sqlite3") as db:
        return db.execute(
            "SELECT url, payload_digest, count(*) FROM captures WHERE record_type = 'response' "
            "GROUP BY url, payload_digest HAVING count(*) > 1"
        ).fetchall()
