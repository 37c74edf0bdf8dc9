"""Talking to the hostile portal through the sandbox's proxy, for the hostile tests."""

from __future__ import annotations

import http.client
import json
import socket
from urllib.parse import urljoin

import lxml.html

from sandbox import SandboxServer
from sandbox.hostile import HostileSettings

BASE = "http://hostile.gov.vn.test"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
QUICK = HostileSettings(stall_seconds=2.0, drip_seconds=3.0, drip_bytes_per_second=4)


def fault(catalogue: dict, fault_id: str) -> dict:
    return next(f for f in catalogue["faults"] if f["id"] == fault_id)


def request(
    srv: SandboxServer, url: str, headers: dict[str, str] | None = None, timeout: float = 10
) -> http.client.HTTPResponse:
    """GET ``url`` through the sandbox as an HTTP proxy (absolute-form request line)."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=timeout)
    conn.request("GET", url, headers=headers or {})
    return conn.getresponse()


def get(srv: SandboxServer, url: str, **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
    response = request(srv, url, headers)
    return response, response.read()


def html_links(url: str, body: bytes) -> list[str]:
    doc = lxml.html.fromstring(body)
    return [urljoin(url, href) for href in doc.xpath("//a/@href")]


def raw_head(srv: SandboxServer, url: str) -> bytes:
    """The status line and headers, read off the socket (http.client stops at 100 headers)."""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall(f"GET {url} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(1 << 16)
            assert chunk, "connection closed inside the headers"
            data += chunk
    return data.split(b"\r\n\r\n")[0]


def control(srv: SandboxServer, path: str) -> tuple[int, object]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    return response.status, json.loads(response.read())


def last_entry(srv: SandboxServer, url: str) -> dict:
    return next(r for r in reversed(srv.requests) if r["url"] == url)
