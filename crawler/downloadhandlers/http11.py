"""Scrapy's HTTP/1.1 download handler, telling the recorder how a body was framed.

Twisted keeps the connection-control headers of a response (``Transfer-Encoding``,
``Connection``, ``Keep-Alive``, ``Content-Length``…) to itself, so Scrapy cannot tell a
chunked body from one delimited by the server closing the connection: both come without a
length. This handler's protocol reads them from Twisted's parser once the headers are in,
and passes the framing on in a private header, ``X-Vnarchive-Framing`` (``chunked``,
``length`` or ``close``), which ``WarcRecordMiddleware`` reads and removes before any
other component sees the response.
"""

from __future__ import annotations

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


def framing(conn_headers: Any) -> bytes:
    """``chunked``, ``length`` or ``close``: how a body with these connection headers ends."""
    encodings = b",".join(conn_headers.getRawHeaders(b"transfer-encoding") or ()).lower()
    if b"chunked" in encodings:
        return b"chunked"
    if conn_headers.getRawHeaders(b"content-length"):
        return b"length"
    return b"close"


class FramingHTTP11ClientProtocol(_LenientHTTP11ClientProtocol):
    def request(self, request: Any) -> Deferred[IResponse]:
        d = super().request(request)
        parser = self._parser  # the response's parser, gone once the body is read

        def attach(response: IResponse) -> IResponse:
            if parser is not None:
                response.headers.setRawHeaders(FRAMING, [framing(parser.connHeaders)])
            return response

        d.addCallback(attach)
        return d


class FramingHTTP11ClientFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr: Any) -> FramingHTTP11ClientProtocol:
        return FramingHTTP11ClientProtocol(self._quiescentCallback)  # type: ignore[no-untyped-call]


class FramingHTTP11DownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._pool._factory = FramingHTTP11ClientFactory
