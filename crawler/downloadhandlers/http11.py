"""Scrapy's HTTP/1.1 download handler, recording each exchange's head as it crossed the wire.

Twisted parses a response's status line and headers into a dict: header case, order,
repetitions, the reason phrase and non-ASCII bytes are lost, and it keeps the connection
headers (``Transfer-Encoding``, ``Connection``, ``Keep-Alive``…) to itself. This handler's
protocol tees the bytes: those the request writer sends (the request line and headers,
exactly as sent: through a proxy, the absolute form) and those received up to the end of
the response's headers (a ``1xx`` interim answer skipped). They travel to
``WarcRecordMiddleware`` in private headers (``X-Vnarchive-Raw-Request`` and
``X-Vnarchive-Raw-Response``, base64), which it reads and removes before any other
component sees the response; the WARC writer then writes those bytes as the records' HTTP
heads (``archive/warc/writer.py``). ``X-Vnarchive-Framing`` (``chunked``, ``length`` or
``close``) says how the body was framed.
"""

from __future__ import annotations

import base64
from typing import Any

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
)
from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred
from twisted.web.iweb import IResponse

FRAMING = b"X-Vnarchive-Framing"
RAW_REQUEST = b"X-Vnarchive-Raw-Request"
RAW_RESPONSE = b"X-Vnarchive-Raw-Response"
MAX_HEAD = 256 * 1024  # bytes of a head kept at most (Twisted refuses longer header lines)
_END = b"\r\n\r\n"


def framing(conn_headers: Any) -> bytes:
    """``chunked``, ``length`` or ``close``: how a body with these connection headers ends."""
    encodings = b",".join(conn_headers.getRawHeaders(b"transfer-encoding") or ()).lower()
    if b"chunked" in encodings:
        return b"chunked"
    if conn_headers.getRawHeaders(b"content-length"):
        return b"length"
    return b"close"


def head_of(data: bytes | bytearray) -> bytes | None:
    """The bytes up to and including the blank line that ends a head; None until it came."""
    end = data.find(_END)
    if end >= 0:
        return bytes(data[: end + len(_END)])
    end = data.find(b"\n\n")  # a server ending its lines with LF alone
    return bytes(data[: end + 2]) if end >= 0 else None


def _interim(head: bytes) -> bool:
    """A ``1xx`` answer (100 Continue, 103 Early Hints): the real one follows it."""
    parts = head.split(b" ", 2)
    return len(parts) > 1 and parts[1][:1] == b"1" and len(parts[1]) == 3


class _Tee:
    """A transport for the request writer that keeps a copy of what is written."""

    def __init__(self, transport: Any, sink: bytearray) -> None:
        self._transport, self._sink = transport, sink

    def write(self, data: bytes) -> None:
        if len(self._sink) < MAX_HEAD:
            self._sink += data
        self._transport.write(data)

    def writeSequence(self, data: list[bytes]) -> None:  # noqa: N802 (Twisted's name)
        for piece in data:
            if len(self._sink) < MAX_HEAD:
                self._sink += piece
        self._transport.writeSequence(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class RawHTTP11ClientProtocol(_LenientHTTP11ClientProtocol):
    _received: bytearray | None = None  # bytes of the current answer until its head is in
    _head: bytes | None = None

    def request(self, request: Any) -> Deferred[IResponse]:
        sent = bytearray()
        write_to = request.writeTo
        request.writeTo = lambda transport: write_to(_Tee(transport, sent))
        self._received, self._head = bytearray(), None
        d = super().request(request)
        parser = self._parser  # the response's parser, gone once the body is read

        def attach(response: IResponse) -> IResponse:
            headers = response.headers
            if parser is not None:
                headers.setRawHeaders(FRAMING, [framing(parser.connHeaders)])
            request_head = head_of(sent)
            if request_head is not None:
                headers.setRawHeaders(RAW_REQUEST, [base64.b64encode(request_head)])
            if self._head is not None:
                headers.setRawHeaders(RAW_RESPONSE, [base64.b64encode(self._head)])
            return response

        d.addCallback(attach)
        return d

    def dataReceived(self, data: bytes) -> None:  # noqa: N802 (Twisted's name)
        received = self._received
        if received is not None and self._head is None:
            received += data
            while (head := head_of(received)) is not None and _interim(head):
                del received[: len(head)]
            if head is not None:
                self._head, self._received = head, None
            elif len(received) > MAX_HEAD:  # Twisted will refuse it; keep nothing
                self._received = None
        super().dataReceived(data)


class RawHTTP11ClientFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr: Any) -> RawHTTP11ClientProtocol:  # noqa: N802
        return RawHTTP11ClientProtocol(self._quiescentCallback)  # type: ignore[no-untyped-call]


class RawHTTP11DownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._pool._factory = RawHTTP11ClientFactory
