"""A crawl says truthfully how it went: when no portal answered with a page it is ``failed``
with the reason and exit code 1; when it could not start (an unwritable WARC folder, a
proxy that is no proxy URL) it is ``failed`` with exit code 2; when some portal answered it
is ``succeeded``, the silent portals named, the errors counted. ``jobs`` and ``health``
say the same."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sandbox import SandboxServer
from tests.conftest import Run, vnarchive
from tests.servers import free_port

LOCAL = ("--allow-network", "127.0.0.0/8", "--delay", "0")


class Broken(BaseHTTPRequestHandler):
    """A portal that is up but gives nothing: every page 500, or robots.txt closes it."""

    robots = b""  # robots.txt body (404 when empty)

    def do_GET(self) -> None:
        if self.path == "/robots.txt" and self.robots:
            self.answer(200, self.robots)
        elif self.path == "/robots.txt":
            self.answer(404, b"not found")
        else:
            self.answer(500, b"<html><body>Server Error in '/' Application.</body></html>")

    def answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class ClosedByRobots(Broken):
    robots = b"User-agent: *\nDisallow: /\n"


def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def all_500() -> Iterator[str]:
    yield from serve(Broken)


@pytest.fixture(scope="module")
def robots_closed() -> Iterator[str]:
    yield from serve(ClosedByRobots)


def crawl(data: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    return vnarchive("crawl", *args, data_dir=data, env=env)


def last_job(data: Path) -> dict[str, Any]:
    run = vnarchive("jobs", "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)[0]


def assert_failed(data: Path, run: Run, code: int, *words: str) -> dict[str, Any]:
    assert run.returncode == code, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    job = last_job(data)
    assert job["status"] == "failed" and job["exit_code"] == code, job
    for word in words:
        assert word in job["reason"], job["reason"]
    failed = json.loads(vnarchive("jobs", "--json", "--status", "failed", data_dir=data).stdout)
    assert [j["id"] for j in failed] == [job["id"]]
    return job


def test_a_host_that_does_not_resolve_fails(tmp_path: Path) -> None:
    run = crawl(tmp_path, "http://no-such-portal.invalid/", "--delay", "0")
    assert_failed(tmp_path, run, 1, "no page archived", "robots.txt unreachable", "Resolve")
    assert "failed: no page archived" in run.stdout


def test_a_refused_connection_fails(tmp_path: Path) -> None:
    run = crawl(tmp_path, f"http://127.0.0.1:{free_port()}/", *LOCAL)
    assert_failed(tmp_path, run, 1, "robots.txt unreachable", "ConnectionRefused")


def test_a_tls_handshake_that_fails_fails(tmp_path: Path, sandbox_server: SandboxServer) -> None:
    # https to a server that speaks plain HTTP: the handshake cannot succeed
    run = crawl(tmp_path, f"https://127.0.0.1:{sandbox_server.port}/", *LOCAL)
    assert_failed(tmp_path, run, 1, "no page archived", "robots.txt unreachable")


def test_a_portal_answering_only_5xx_fails_and_health_agrees(tmp_path: Path, all_500: str) -> None:
    run = crawl(tmp_path, all_500, *LOCAL)
    job = assert_failed(tmp_path, run, 1, "no page archived", "http 500")
    assert job["errors"]["http 500"] >= 1
    health = json.loads(vnarchive("health", "--json", data_dir=tmp_path).stdout)
    mine = next(p for p in health if p["portal"] == "127.0.0.1")
    assert mine["last_status"] == "failed" and mine["consecutive_failures"] == 1
    assert mine["last_success"] is None


def test_robots_txt_closing_the_portal_fails(tmp_path: Path, robots_closed: str) -> None:
    run = crawl(tmp_path, robots_closed, *LOCAL)
    assert_failed(tmp_path, run, 1, "robots.txt disallows them")


def test_a_proxy_that_refuses_fails(tmp_path: Path) -> None:
    run = crawl(tmp_path, "http://haiduong.gov.vn/", "--proxy", f"http://127.0.0.1:{free_port()}")
    assert_failed(tmp_path, run, 1, "through the proxy http://127.0.0.1:")


def test_a_proxy_answering_only_errors_fails(tmp_path: Path, sandbox_server: SandboxServer) -> None:
    # the sandbox's proxy answers 502 for a host it does not serve
    run = crawl(tmp_path, "http://gone.gov.vn.test/", "--proxy", sandbox_server.proxy_url)
    assert_failed(tmp_path, run, 1, "robots.txt unreachable", "through the proxy")


def test_a_proxy_that_is_no_proxy_url_is_a_failed_job_with_exit_code_2(tmp_path: Path) -> None:
    run = crawl(tmp_path, "http://haiduong.gov.vn/", "--proxy", "socks5://127.0.0.1:1080")
    assert run.stderr.startswith("vnarchive: error: --proxy must be an http://HOST:PORT")
    assert len(run.stderr.strip().splitlines()) == 1
    assert_failed(tmp_path, run, 2, "--proxy must be")


def test_an_unwritable_warc_folder_is_a_failed_job_with_exit_code_2(tmp_path: Path) -> None:
    (tmp_path / "in-the-way").write_text("a file, not a folder")
    env = {"VNARCHIVE_WARC_DIR": str(tmp_path / "in-the-way" / "warcs")}
    run = crawl(tmp_path, "http://haiduong.gov.vn/", env=env)
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert_failed(tmp_path, run, 2, "VNARCHIVE_WARC_DIR", "in-the-way")


def test_one_silent_portal_among_answering_ones_is_a_success_that_names_it(
    tmp_path: Path, sandbox_server: SandboxServer
) -> None:
    good = "http://hiepson.kinhmon.haiduong.gov.vn.test/"
    run = crawl(tmp_path, good, "http://gone.gov.vn.test/", "--proxy", sandbox_server.proxy_url,
                "--delay", "0")  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    job = last_job(tmp_path)
    assert job["status"] == "succeeded" and job["exit_code"] == 0 and job["pages"] > 0
    assert job["reason"] == "no page archived of gone.gov.vn.test"
    assert sum(job["errors"].values()) >= 1  # the silent portal's answers, counted
    health = {
        p["portal"]: p for p in json.loads(vnarchive("health", "--json", data_dir=tmp_path).stdout)
    }
    assert health["hiepson.kinhmon.haiduong.gov.vn.test"]["last_success"]
    assert health["gone.gov.vn.test"]["last_success"] is None
