"""The hostile portal's faults of size and time, and its robots.txt hosts, through the real
proxy: big bodies streamed, slow answers slow and bounded."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

import pytest

from sandbox import Sandbox, SandboxServer
from sandbox.hostile import HostileSettings
from tests.sandbox.hostile_client import (
    BASE,
    fault,
    get,
    last_entry,
    raw_head,
    request,
)


# -- 5. memory ---------------------------------------------------------------------------------
def test_three_hundred_large_cookies(srv: SandboxServer) -> None:
    head = raw_head(srv, f"{BASE}/bo-nho/banh-quy.html")
    cookies = [line for line in head.split(b"\r\n") if line.lower().startswith(b"set-cookie:")]
    assert len(cookies) == 300 and all(len(c) > 4000 for c in cookies)
    assert len({c.split(b"=")[0] for c in cookies}) == 300


def test_a_hundred_thousand_links(srv: SandboxServer) -> None:
    response = request(srv, f"{BASE}/bo-nho/100k-lien-ket.html")
    assert response.getheader("Transfer-Encoding") == "chunked"
    body = response.read()
    assert body.count(b"<a href=") == 100_000 and body.endswith(b"</html>\n")
    assert get(srv, f"{BASE}/bo-nho/lk/99999.html")[0].status == 200


@pytest.mark.parametrize("path", ["/bo-nho/than-lon.html", "/bo-nho/than-lon-chunked.html"])
def test_bodies_past_64_mib_are_streamed(srv: SandboxServer, path: str) -> None:
    response = request(srv, BASE + path, timeout=30)
    chunked = response.getheader("Transfer-Encoding") == "chunked"
    assert chunked == path.endswith("chunked.html")
    assert chunked or int(response.getheader("Content-Length")) == 65 << 20
    size, first = 0, b""
    while piece := response.read1(1 << 20):
        first = first or piece
        size += len(piece)
    assert size == 65 << 20 > 64 << 20 and first.startswith(b"<!DOCTYPE html>")


def test_deep_nesting(srv: SandboxServer, catalogue: dict) -> None:
    _, body = get(srv, f"{BASE}/bo-nho/long-sau.html")
    assert body.count(b"<div>") == 5000 and b"<div>" * 5000 in body
    assert fault(catalogue, "memory-deep-nesting")["marker"].encode() in body


def _new_threads(before: set[threading.Thread]) -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t not in before and t.is_alive()}


def _until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_drip_is_slow_and_bounded(srv: SandboxServer) -> None:
    response = request(srv, f"{BASE}/cham/nho-giot.html")
    assert int(response.getheader("Content-Length")) == 12  # 4 bytes/s for 3 s
    started = time.monotonic()
    body = response.read()
    took = time.monotonic() - started
    assert len(body) == 12 and 1.5 < took < 10  # three pieces, a second apart


def test_stall_sends_headers_then_nothing_then_closes(srv: SandboxServer) -> None:
    url = f"{BASE}/cham/dung-hinh.html"
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall(f"GET {url} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(4096)
        assert head.startswith(b"HTTP/1.1 200 ") and b"Content-Length: 1024\r\n" in head
        assert head.endswith(b"\r\n\r\n")  # headers, and not a byte of the body
        sock.settimeout(1)
        with pytest.raises(TimeoutError):
            sock.recv(1)
        sock.settimeout(10)
        assert sock.recv(1) == b""  # closed after stall_seconds (2 s here)


def test_slow_answers_end_when_the_client_leaves_or_the_server_stops() -> None:
    slow = HostileSettings(stall_seconds=600, drip_seconds=600)
    server = SandboxServer(Sandbox(seed=1, pages_per_portal=1, hostile=slow)).start()
    before = set(threading.enumerate())
    response = request(server, f"{BASE}/cham/nho-giot.html")
    assert response.read(4)
    dripping = _new_threads(before)
    assert len(dripping) == 1
    response.close()  # the client leaves: the drip's thread ends at its next piece
    assert _until(lambda: not any(t.is_alive() for t in dripping), 10)
    before = set(threading.enumerate())
    held = request(server, f"{BASE}/cham/dung-hinh.html")
    assert held.status == 200
    stalling = _new_threads(before)
    assert len(stalling) == 1
    server.stop()  # the stall (600 s) ends with the server, the client still connected
    assert _until(lambda: not any(t.is_alive() for t in stalling), 10)
    held.close()


# -- 6. robots ---------------------------------------------------------------------------------
def test_robots_faults(srv: SandboxServer) -> None:
    response, _ = get(srv, "http://robots-503.hostile.gov.vn.test/robots.txt")
    assert response.status == 503 and response.getheader("Retry-After") == "3600"
    assert get(srv, "http://robots-503.hostile.gov.vn.test/")[0].status == 200
    response, _ = get(srv, "http://robots-redirect.hostile.gov.vn.test/robots.txt")
    assert response.status == 301
    assert response.getheader("Location").startswith("http://169.254.169.254/")
    response, _ = get(srv, f"{BASE}/loi/503.html")
    assert response.status == 503 and response.getheader("Retry-After") == "120"


def test_robots_that_stalls_answers_nothing_at_all(srv: SandboxServer) -> None:
    with socket.create_connection(("127.0.0.1", srv.port), timeout=1) as sock:
        url = "http://robots-stall.hostile.gov.vn.test/robots.txt"
        sock.sendall(f"GET {url} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        with pytest.raises(TimeoutError):
            sock.recv(1)
        sock.settimeout(10)
        assert sock.recv(1) == b""  # closed after stall_seconds, without a status line
    entry = last_entry(srv, url)
    assert entry["fault"] == "robots-stall" and entry["status"] == 0
