"""How a body was framed on the wire reaches the WARC record: a chunked body is recorded
de-chunked with ``X-Archive-Orig-Transfer-Encoding: chunked``; a body delimited by the server
closing the connection, or by its length, is not labelled chunked."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import vnarchive

PAGE = (
    b'<html><body><a href="/chunked.html">c</a> <a href="/length.html">l</a>'
    + b"<p>" + "Ủy ban nhân dân xã".encode() * 20 + b"</p></body></html>"
)  # fmt: skip
CHUNKED = b"<html><body><p>chunked body</p></body></html>"


def answer(path: bytes) -> bytes:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    if path == b"/":  # no length, not chunked: the body ends when the connection closes
        return head + b"Connection: close\r\n\r\n" + PAGE
    if path == b"/chunked.html":
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (CHUNKED[:10], CHUNKED[10:]))
        return head + b"Transfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"
    if path == b"/length.html":
        return head + b"Content-Length: %d\r\n\r\n%s" % (len(CHUNKED), CHUNKED)
    return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:  # one request per connection, then close
        line = self.rfile.readline()
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        self.wfile.write(answer(line.split(b" ")[1] if b" " in line else b"/"))


@pytest.fixture
def server() -> Iterator[str]:
    srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()
    srv.server_close()


def test_close_delimited_bodies_are_not_labelled_chunked(server: str, tmp_path: Path) -> None:
    run = vnarchive(
        "crawl", server, "--allow-network", "127.0.0.0/8", "--delay", "0", data_dir=tmp_path
    )
    assert run.returncode == 0, run.stdout + run.stderr
    labels = {}
    for path in (tmp_path / "warcs").glob("*.warc.gz"):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    te = record.http_headers.get_header("X-Archive-Orig-Transfer-Encoding")
                    # fetched directly: the address the answer came from
                    assert record.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
                    labels[url.removeprefix(server.rstrip("/"))] = (
                        te,
                        record.content_stream().read(),
                    )
    assert labels["/"] == (None, PAGE)
    assert labels["/chunked.html"] == ("chunked", CHUNKED)
    assert labels["/length.html"] == (None, CHUNKED)
