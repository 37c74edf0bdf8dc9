"""Write every response, with its request, to WARC as it came off the wire."""

from __future__ import annotations

import base64
import binascii
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response
from scrapy.statscollectors import StatsCollector

from archive.capture.record import UNKNOWN, Pending
from archive.timeutil import utcnow
from archive.warc import HttpExchange
from crawler.archive_link import ArchiveLink, link_for
from crawler.downloadhandlers.http11 import FRAMING, RAW_REQUEST, RAW_RESPONSE

logger = logging.getLogger(__name__)
CAPTURE_ID = "vnarchive_capture_id"
RECORD_TYPE = "vnarchive_record_type"
REPLAYED = "vnarchive_replayed"  # meta: answered from the archive (replay.py)
# (url, what the archive held of it when it was requested): set by the conditional-request
# middleware, so that archiving the answer needs no second look-up
PREVIOUS = "vnarchive_previous"


def header_pairs(headers: Headers) -> list[tuple[str, str]]:
    """Every header line, repeated ones included, decoded as latin-1 like HTTP/1.1 does."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


def response_headers(response: Response) -> list[tuple[str, str]]:
    """The response's headers; Transfer-Encoding restored where Twisted swallowed it.

    Twisted keeps connection-control headers (Transfer-Encoding, Connection) to itself;
    our download handler (``crawler.downloadhandlers.http11``) says how the body was framed
    in a private header, removed here. Without it (another handler), an HTTP/1.1 body that
    came without Content-Length is taken as chunked.
    """
    framing = response.headers.pop(FRAMING, None)
    headers = header_pairs(response.headers)
    names = {name.lower() for name, _ in headers}
    if framing is not None:
        chunked = framing[-1] == b"chunked"
    else:
        chunked = (
            (response.protocol or "HTTP/1.1") == "HTTP/1.1"
            and bool(response.body)
            and "content-length" not in names
        )
    if chunked and "transfer-encoding" not in names:
        headers.append(("Transfer-Encoding", "chunked"))
    return headers


def raw_head(response: Response, name: bytes) -> bytes | None:
    """A head our download handler recorded off the wire (removed from the response)."""
    value = response.headers.pop(name, None)
    if not value:
        return None
    try:
        return base64.b64decode(value[-1], validate=True)
    except (binascii.Error, ValueError):
        return None


def exchange_from(request: Request, response: Response) -> HttpExchange:
    raw_response = raw_head(response, RAW_RESPONSE)
    raw_request = raw_head(response, RAW_REQUEST)
    return HttpExchange(
        url=response.url,
        method=request.method,
        request_headers=header_pairs(request.headers),
        request_body=request.body or b"",
        status=response.status,
        response_headers=response_headers(response),
        body=response.body,
        fetched_at=utcnow(),
        protocol=response.protocol or "HTTP/1.1",
        ip_address=origin_address(request, response),
        reason=reason_of(raw_response),
        raw_response_head=raw_response,
        raw_request_head=raw_request,
    )


def reason_of(head: bytes | None) -> str | None:
    """The reason phrase of a recorded status line, as text (its bytes stay in the head)."""
    if not head:
        return None
    line = head.split(b"\n", 1)[0].rstrip(b"\r").split(b" ", 2)
    return line[2].decode("utf-8", "replace") if len(line) == 3 else None


def origin_address(request: Request, response: Response) -> str | None:
    """The address the answer came from: through a proxy, Scrapy knows only the proxy's, so
    none is recorded (WARC 1.1 5.16 asks for the origin's; ``warcinfo`` names the proxy)."""
    if request.meta.get("proxy") or not response.ip_address:
        return None
    return str(response.ip_address)


class WarcRecordMiddleware:
    """Archives each answer (off the event loop: ``ArchiveLink.record``) before it goes on."""

    def __init__(self, archive: ArchiveLink, stats: StatsCollector, job_id: int | None) -> None:
        self.archive = archive
        self.stats = stats
        self.job_id = job_id

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcRecordMiddleware:
        job_id = crawler.settings.getint("VNARCHIVE_JOB_ID") or None
        assert crawler.stats is not None
        return cls(link_for(crawler), crawler.stats, job_id)

    async def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(REPLAYED):  # answered from the archive: archived already
            return response
        looked_up = request.meta.get(PREVIOUS)
        # looked up for another URL: the first one of a redirect
        previous = looked_up[1] if looked_up and looked_up[0] == request.url else UNKNOWN
        pending = Pending(exchange_from(request, response), self.job_id, previous)
        recorded = await self.archive.record(pending)
        request.meta[CAPTURE_ID] = recorded.capture_id
        request.meta[RECORD_TYPE] = recorded.record_type
        self.stats.inc_value("vnarchive/captures")
        self.stats.inc_value(f"vnarchive/captures/{recorded.outcome}")
        self.stats.set_value("vnarchive/warc_bytes", self.archive.warc_bytes)
        return response
