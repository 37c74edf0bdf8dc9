"""A crawl of the hostile portal: every fault survived, nothing escapes, nothing is lost.

One real crawl of the sandbox's hostile portal (``Sandbox(hostile=…)``) through its proxy,
whose request log sees every request the crawl makes — also to forbidden addresses, which
the proxy refuses and marks foreign. Each fault of the catalogue is checked against its
expected outcome; the crawl's memory is watched while it runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest

from sandbox.hostile.judge import verdict
from sandbox.hostile.portal import HostilePortal
from tests.conftest import vnarchive, warcio_check

# the catalogue's bounds (sandbox.hostile.faults.BOUNDS), and a short timeout
FAST = {"VNARCHIVE_DOWNLOAD_TIMEOUT": "5"}
CEILING_MB = 700  # the crawling process's resident memory, extraction workers apart


@dataclass
class HostileCrawl:
    data: Path
    returncode: int
    output: str
    peak_mb: float
    requests: list[dict[str, Any]]
    foreign: list[dict[str, Any]]
    hits: dict[str, int]
    faults: dict[str, dict[str, Any]]
    stats: dict[str, Any]

    def look(self, url: str) -> dict[str, Any] | None:
        """``vnarchive show URL --json``; None when the URL has no capture."""
        shown = vnarchive("show", url, "--json", data_dir=self.data)
        return json.loads(shown.stdout) if shown.returncode == 0 else None


def _watch(proc: subprocess.Popen[bytes]) -> list[float]:
    peak = [0.0]

    def poll() -> None:
        ps = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                peak[0] = max(peak[0], ps.memory_info().rss / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.1)

    threading.Thread(target=poll, daemon=True).start()
    return peak


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileCrawl:
    from sandbox import Sandbox, SandboxServer
    from sandbox.hostile.faults import BOUNDS
    from sandbox.hostile.portal import HostileSettings

    slow = HostileSettings(stall_seconds=8, drip_seconds=8)  # past the timeout, 5 s here
    sandbox = Sandbox(seed=1, pages_per_portal=2, hostile=slow)
    data = tmp_path_factory.mktemp("hostile")
    with SandboxServer(sandbox) as server:
        argv = [sys.executable, "-m", "vnarchive", "crawl", *sandbox.hostile.seeds(),
                "--proxy", server.proxy_url, "--delay", "0", "--data-dir", str(data)]  # fmt: skip
        proc = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, **BOUNDS, **FAST, "COLUMNS": "200"},
        )
        peak = _watch(proc)
        output = proc.communicate(timeout=900)[0].decode()  # a hang fails here
        requests = list(server.requests)
        foreign = server.foreign_requests()
        hits = sandbox.hostile.hits(requests)
    catalogue = sandbox.hostile.catalogue()
    stats = json.loads(vnarchive("jobs", "--json", data_dir=data, check=True).stdout)[0]
    return HostileCrawl(
        data, proc.returncode, output, peak[0], requests, foreign, hits,
        {f["id"]: f for f in catalogue["faults"]}, stats,
    )  # fmt: skip


def test_the_crawl_ends_and_its_memory_stays_under_the_ceiling(hostile: HostileCrawl) -> None:
    assert "Traceback" not in hostile.output
    assert hostile.peak_mb < CEILING_MB, hostile.peak_mb


def test_no_request_leaves_the_portals(hostile: HostileCrawl) -> None:
    assert hostile.foreign == [], [r["url"] for r in hostile.foreign][:10]


FAULT_IDS = [fault.id for fault in HostilePortal().faults]


@pytest.mark.parametrize("fault_id", FAULT_IDS)
def test_the_fault_has_the_outcome_a_correct_crawler_gives(
    hostile: HostileCrawl, fault_id: str
) -> None:
    fault = HostilePortal().fault(fault_id)
    wrong = verdict(
        fault, hostile.hits, hostile.requests, hostile.stats["errors"] or {}, hostile.look
    )
    assert wrong is None, f"{fault_id}: {wrong} (expected: {fault.expected})"


def test_disallowed_hosts_only_had_their_robots_txt_asked(hostile: HostileCrawl) -> None:
    for host in ("robots-503.hostile.gov.vn.test", "robots-stall.hostile.gov.vn.test"):
        paths = {r["path"] for r in hostile.requests if r["host"] == host}
        assert paths <= {"/robots.txt"}, (host, paths)


def test_a_seed_that_moved_is_archived_but_not_followed(hostile: HostileCrawl) -> None:
    elsewhere = [r for r in hostile.requests if r["host"] == "elsewhere.gov.vn.test"]
    assert elsewhere == []


def test_pages_in_every_encoding_are_archived_and_read(hostile: HostileCrawl) -> None:
    for fault_id in ("encoding-br", "encoding-zstd", "encoding-deflate", "encoding-deflate-raw",
                     "bytes-unknown-charset", "memory-deep-nesting"):  # fmt: skip
        fault = hostile.faults[fault_id]
        url = fault["urls"][0]
        raw = vnarchive("show", url, "--raw", data_dir=hostile.data, check=True).stdout
        assert fault["marker"] in raw, fault_id
        found = vnarchive(
            "search", f'"{fault["marker"]}"', "--json", data_dir=hostile.data, check=True
        )
        hits = [h["url"] for h in json.loads(found.stdout)]
        assert url in hits, (fault_id, hits)


def test_what_went_wrong_is_recorded(hostile: HostileCrawl) -> None:
    errors = hostile.stats["errors"] or {}
    assert errors.get("redirect chain too long", 0) >= 1, errors
    assert any("TimeoutError" in kind or "timeout" in kind.lower() for kind in errors), errors
    scrapy = hostile.stats["stats"]["scrapy"]
    assert scrapy.get("vnarchive/robots/unreachable", 0) >= 2
    assert scrapy.get("vnarchive/scope/forbidden_address", 0) >= 5
    assert scrapy.get("vnarchive/dropped/repeating_path", 0) >= 1
    assert scrapy.get("vnarchive/cookies_dropped", 0) >= 200
    assert errors.get("payload does not decode", 0) >= 1, errors  # the corrupt gzip
    assert errors.get("too large once decoded", 0) >= 1, errors  # the bomb
    held_back = hostile.stats["stats"]["held_back"]
    assert held_back["not followed (repeating path)"] >= 1, held_back
    assert held_back["robots.txt unreachable: portal not crawled"] >= 2, held_back
    for line in ("not followed (repeating path)", "robots.txt unreachable", "too large once"):
        assert line in hostile.output, line  # the summary says it too


def test_the_warcs_pass_warcio_check_and_verify(hostile: HostileCrawl) -> None:
    warcs = [str(p) for p in (hostile.data / "warcs").glob("*.warc.gz")]
    check = warcio_check(warcs, verbose=False)
    assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-2000:]
    verified = vnarchive("verify", data_dir=hostile.data)
    assert verified.returncode == 0, verified.stdout[-2000:]
