"""The proxy's scope, in the normal sandbox: every request is logged; whatever the sandbox
does not serve is refused with 502, marked foreign and never forwarded."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from sandbox import Sandbox, SandboxServer
from sandbox.hostile.scope import parse, refusal


@pytest.fixture(scope="module")
def srv() -> Iterator[SandboxServer]:
    with SandboxServer(Sandbox(seed=1, pages_per_portal=2)) as server:
        yield server


def raw_request(srv: SandboxServer, line: str, host: str | None = None) -> bytes:
    head = f"{line}\r\n" + (f"Host: {host}\r\n" if host else "") + "Connection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as sock:
        sock.sendall(head.encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


def knows(host: str) -> bool:
    return host.endswith(".test")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:22/",
        "http://127.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://localhost:6379/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://haiduong.gov.vn.test:2375/",
        "http://haiduong.gov.vn.test@10.0.0.1/",
        "http://169.254.169.254\\@haiduong.gov.vn.test/",
        "http://user:pw@haiduong.gov.vn.test/",
        "http://example.com/",
    ],
)
def test_foreign_targets_are_refused_logged_and_never_forwarded(
    srv: SandboxServer, url: str
) -> None:
    reply = raw_request(srv, f"GET {url} HTTP/1.1")
    assert reply.startswith(b"HTTP/1.1 502 "), reply[:80]
    assert b"forwards nothing" in reply
    entry = srv.requests[-1]
    assert entry["url"] == url and entry["foreign"] is True and entry["refused"]
    assert entry in srv.foreign_requests()


def test_what_the_sandbox_serves_is_not_foreign(srv: SandboxServer) -> None:
    for line, host, status in (
        ("GET http://haiduong.gov.vn.test/robots.txt HTTP/1.1", None, 200),
        ("GET http://haiduong.gov.vn.test:80/robots.txt HTTP/1.1", None, 200),
        ("GET /robots.txt HTTP/1.1", "haiduong.gov.vn.test", 200),
        ("GET /robots.txt HTTP/1.1", f"haiduong.gov.vn.test:{srv.port}", 200),
        (f"GET http://127.0.0.1:{srv.port}/_sandbox/clock.json HTTP/1.1", None, 200),
        ("GET /_sandbox/clock.json HTTP/1.1", "127.0.0.1", 200),
        ("CONNECT haiduong.gov.vn.test:443 HTTP/1.1", None, 501),
    ):
        reply = raw_request(srv, line, host)
        assert reply.startswith(f"HTTP/1.1 {status} ".encode()), (line, reply[:80])
        entry = srv.requests[-1]
        assert entry["foreign"] is False and entry["refused"] is None, line
    assert srv.requests[-1]["url"] == "haiduong.gov.vn.test:443"


def test_malformed_targets_are_400_and_foreign(srv: SandboxServer) -> None:
    for line in (
        "GET nohost HTTP/1.1",
        "GET http://[bad/ HTTP/1.1",
        "GET http://h.test:x/ HTTP/1.1",
    ):
        assert b" 400 " in raw_request(srv, line)[:20], line
        assert srv.requests[-1]["foreign"] is True


def test_scope_rules_without_a_server() -> None:
    def why(raw: str, host: str | None = None, method: str = "GET") -> str | None:
        return refusal(parse(raw, host, method), knows, own_port=8800)

    assert why("http://a.test/") is None
    assert why("/x", "a.test:8800") is None  # direct, on the sandbox's own port
    assert why("http://a.test:8800/")  # proxied: portals live on port 80 only
    assert why("http://localhost:8800/_sandbox/") is None
    assert why("http://localhost/")  # a proxied localhost:80 is not the sandbox
    assert why("/", "localhost") is None  # direct: the control API
    assert "userinfo" in (why("http://a.test@b.test/") or "")
    with pytest.raises(ValueError):
        parse("nohost", None)
    assert why("example.com:443", None, "CONNECT")
    assert why("a.test:443", None, "CONNECT") is None
    assert parse("http://A.Test./x?q=1", None).host == "a.test"
    assert parse("http://[::1]:6379/", None).port == 6379
