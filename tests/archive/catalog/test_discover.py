"""Discovering portals: candidates from unit names, probed through the real sandbox proxy."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from archive.catalog import add_portal, find_portal, list_portals
from archive.catalog.discover import candidates, probe_all, record
from archive.config import load_config
from archive.db.engine import open_database
from archive.timeutil import utcnow
from sandbox import Sandbox, SandboxServer


def sandbox_hosts(sandbox: Sandbox, province: str) -> set[str]:
    return {
        p["host"]
        for p in sandbox.portals()
        if p["province"] == province and p["level"] != "province"
    }


def test_candidates_are_made_from_the_old_units_of_a_province() -> None:
    districts = {c.host for c in candidates("Hải Dương")}
    assert len(districts) == 12
    assert {"kinhmon.haiduong.gov.vn", "kimthanh.haiduong.gov.vn"} <= districts
    communes = candidates("hai duong", "commune", suffix=".test")
    assert "quangthanh.kinhmon.haiduong.gov.vn.test" in {c.host for c in communes}
    assert all(c.level == "commune" and c.unit.level == "commune" for c in communes)


def test_a_new_province_covers_the_old_provinces_merged_into_it() -> None:
    hosts = {c.host for c in candidates("Hải Phòng")}
    assert {"kinhmon.haiduong.gov.vn", "kienthuy.haiphong.gov.vn"} <= hosts


def test_discover_finds_the_sandbox_portals_and_fails_the_rest(
    sandbox: Sandbox, sandbox_server: SandboxServer
) -> None:
    found = candidates("Hải Dương", "all", suffix=".test")
    probes = probe_all(found, proxy=sandbox_server.proxy_url, timeout=5)
    active = {p.candidate.host for p in probes if p.result == "active"}
    assert active == sandbox_hosts(sandbox, "Hải Dương")
    failed = [p for p in probes if p.result == "failed"]
    assert len(failed) == len(found) - len(active)
    assert all(p.url and p.url.startswith("http://") for p in probes if p.result == "active")
    assert "HTTP 502" in next(p.error for p in failed if p.candidate.level == "district")


def test_probe_outcomes_are_recorded_in_the_catalog(
    sandbox_server: SandboxServer, tmp_path: Path
) -> None:
    sessions = open_database(load_config(tmp_path / "data"))
    with sessions.begin() as session:
        add_portal(session, "http://chilinh.haiduong.gov.vn.test/", status="active")
    probes = probe_all(candidates("Hải Dương", suffix=".test"), proxy=sandbox_server.proxy_url)
    with sessions() as session:
        record(session, probes, utcnow())
        session.commit()
    with sessions() as session:
        kinhmon = find_portal(session, "kinhmon.haiduong.gov.vn.test")
        assert (kinhmon.status, kinhmon.source, kinhmon.old_district_code) == (
            "active", "discovered", 292
        )  # fmt: skip
        assert kinhmon.first_seen is not None and kinhmon.url.startswith("http://")
        assert find_portal(session, "chilinh.haiduong.gov.vn.test").status == "gone"
        assert find_portal(session, "namsach.haiduong.gov.vn.test") is None
        assert len(list_portals(session, status="active", level="district")) == 2


class Redirector(BaseHTTPRequestHandler):
    """A proxy for which every portal has moved to one new host."""

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(301)
        self.send_header("Location", "https://haiphong.gov.vn.test/kinh-mon/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def redirecting_proxy() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_redirect_to_another_host_is_a_move(redirecting_proxy: str, tmp_path: Path) -> None:
    found = [c for c in candidates("Hải Dương", suffix=".test") if c.host.startswith("kinhmon")]
    (probe,) = probe_all(found, proxy=redirecting_proxy, timeout=5)
    assert (probe.result, probe.http_status) == ("moved", 301)
    assert probe.redirect_to == "https://haiphong.gov.vn.test/kinh-mon/"
    sessions = open_database(load_config(tmp_path / "data"))
    with sessions() as session:
        record(session, [probe], utcnow())
        portal = find_portal(session, "kinhmon.haiduong.gov.vn.test")
        assert (portal.status, portal.redirect_to) == ("moved", probe.redirect_to)
