"""The quirks portal: what real servers send, byte for byte (``http://quirks.gov.vn.test/``).

Python's HTTP server writes tidy heads; real portals (IIS, old Apache, Liferay) do not. Each
answer here is written to the socket exactly as :func:`answer` makes it, and every exchange
is logged with the bytes received and sent (:class:`WireLog`), so a test can hold a crawl's
WARC records to the wire:

- ``/``: ``200 Thành công`` (a Vietnamese reason phrase), header names in odd case
  (``ETag``, ``X-AspNet-Version``, a lower-case ``content-type``), ``Set-Cookie`` repeated
  and interleaved with other headers;
- ``/chuyen-huong.aspx``: ``302 Object moved`` to a ``Location`` in raw UTF-8
  (``/tin-tức/quyết-định.html``), whose target is served;
- ``/tai-ve/quyet-dinh-12.pdf``: a PDF with ``Content-Disposition: attachment;
  filename="Quyết định 12.pdf"`` in raw UTF-8;
- ``/khong-co.html``: ``404 Không tìm thấy trang``;
- ``/cu.asp``: an ``HTTP/1.0`` answer without ``Content-Length``, ended by closing the
  connection;
- ``/danh-sach.aspx``: a chunked body ending in a trailer field.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from urllib.parse import unquote

HOST = "quirks.gov.vn.test"
URL = f"http://{HOST}/"
TARGET = "/tin-tức/quyết-định.html"
PDF_NAME = "Quyết định 12.pdf"


def _page(title: str, body: str) -> bytes:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    ).encode()


HOME = _page(
    "Cổng thông tin điện tử xã Thử Nghiệm",
    "<p>Trang của những máy chủ khó tính.</p><ul>"
    '<li><a href="/chuyen-huong.aspx">Quyết định mới</a></li>'
    '<li><a href="/tai-ve/quyet-dinh-12.pdf">Tải về quyết định 12</a></li>'
    '<li><a href="/khong-co.html">Trang đã xoá</a></li>'
    '<li><a href="/cu.asp">Trang cũ</a></li>'
    '<li><a href="/danh-sach.aspx">Danh sách văn bản</a></li></ul>',
)
DECISION = _page(
    "Quyết định về việc kiện toàn Ban chỉ đạo",
    "<p>Ngày 12/5/2023, Ủy ban nhân dân xã ban hành Quyết định số 12/QĐ-UBND về việc "
    "kiện toàn Ban chỉ đạo phòng, chống thiên tai của xã.</p>",
)
OLD = _page("Trang cũ", "<p>Máy chủ HTTP/1.0 đóng kết nối khi hết trang.</p>")
LISTING = _page("Danh sách văn bản", '<p><a href="/tai-ve/quyet-dinh-12.pdf">12/QĐ-UBND</a></p>')
MISSING = _page("Không tìm thấy trang", "<p>Trang này không còn.</p>")


def _head(status_line: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [status_line, *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def _chunked(body: bytes, trailer: str) -> bytes:
    half = len(body) // 2
    pieces = [body[:half], body[half:]]
    out = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces)
    return out + b"0\r\n" + trailer.encode() + b"\r\n\r\n"


def pdf_bytes() -> bytes:
    from sandbox.documents.files import file_bytes
    from sandbox.documents.model import portal_documents

    host = "kinhmon.haiduong.gov.vn.test"
    doc = next(d for d in portal_documents(1, host) if d.fmt == "pdf")
    return file_bytes(1, host, doc.index)


@dataclass(frozen=True)
class Answer:
    """An answer as written to the socket: its head, its body as framed on the wire, the
    body a reader gets (de-chunked), and whether the connection closes after it."""

    head: bytes
    wire_body: bytes
    body: bytes
    close: bool = False

    @property
    def wire(self) -> bytes:
        return self.head + self.wire_body


def answer(target: str) -> Answer:
    """The answer for a request target of the quirks portal."""
    path = unquote(target.split("?", 1)[0])
    if path == "/":
        head = _head(
            "HTTP/1.1 200 Thành công",
            [
                ("Cache-Control", "private"),
                ("content-type", "text/html; charset=utf-8"),
                ("Set-Cookie", "ASP.NET_SessionId=thu3nghiem; path=/; HttpOnly"),
                ("ETag", '"1d9a-5f"'),
                ("X-AspNet-Version", "4.0.30319"),
                ("Set-Cookie", "ngon_ngu=vi; path=/"),
                ("X-Powered-By", "ASP.NET"),
                ("Content-Length", str(len(HOME))),
            ],
        )
        return Answer(head, HOME, HOME)
    if path == "/chuyen-huong.aspx":
        body = b"<html><body>Object moved</body></html>"
        head = _head(
            "HTTP/1.1 302 Object moved",
            [
                ("Location", TARGET),
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
            ],
        )
        return Answer(head, body, body)
    if path == TARGET:
        head = _head(
            "HTTP/1.1 200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(DECISION)))],
        )
        return Answer(head, DECISION, DECISION)
    if path == "/tai-ve/quyet-dinh-12.pdf":
        body = pdf_bytes()
        head = _head(
            "HTTP/1.1 200 OK",
            [
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", f'attachment; filename="{PDF_NAME}"'),
                ("Content-Length", str(len(body))),
            ],
        )
        return Answer(head, body, body)
    if path == "/cu.asp":
        head = _head(
            "HTTP/1.0 200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Connection", "close")],
        )
        return Answer(head, OLD, OLD, close=True)
    if path == "/danh-sach.aspx":
        head = _head(
            "HTTP/1.1 200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Transfer-Encoding", "chunked"),
                ("Trailer", "X-Kiem-Tra"),
            ],
        )
        return Answer(head, _chunked(LISTING, "X-Kiem-Tra: 7f3a"), LISTING)
    if path == "/robots.txt":
        body = b"User-agent: *\nAllow: /\n"
        head = _head(
            "HTTP/1.1 200 OK",
            [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))],
        )
        return Answer(head, body, body)
    head = _head(
        "HTTP/1.1 404 Không tìm thấy trang",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(MISSING)))],
    )
    return Answer(head, MISSING, MISSING)


@dataclass
class WireLog:
    """Every exchange of the quirks portal: the request's head as received, the answer."""

    exchanges: list[tuple[bytes, Answer]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, request_head: bytes, sent: Answer) -> None:
        with self._lock:
            self.exchanges.append((request_head, sent))

    def snapshot(self) -> list[tuple[bytes, Answer]]:
        with self._lock:
            return list(self.exchanges)
