"""Conditional requests for pages already archived, and 304 answers made whole again.

``process_request`` looks up the last capture of the URL (off the event loop) and adds
``If-None-Match`` / ``If-Modified-Since`` from its validators (a redirect's target gets its
own, not those of the URL redirected from); what it found goes along in the request's meta,
so that the WARC recorder (950) need not look it up again. The recorder archives a 304
answer as a ``server-not-modified`` revisit; on the way back here (580, below
HttpCompressionMiddleware) the 304 is replaced by the archived page, so that the spider
still follows its links.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.statscollectors import StatsCollector

from archive.capture.dedup import conditional_headers
from archive.errors import VnarchiveError
from archive.warc.reader import StoredRecord
from crawler.archive_link import ArchiveLink, link_for
from crawler.downloadermiddlewares.warcrecord import CAPTURE_ID, PREVIOUS

CONDITIONAL = "vnarchive_conditional"  # whether validators were sent
_VALIDATORS = ("If-None-Match", "If-Modified-Since")
FROM_ARCHIVE = "vnarchive_from_archive"
_DROPPED = {b"content-encoding", b"content-length", b"transfer-encoding"}


class ConditionalRequestMiddleware:
    def __init__(self, archive: ArchiveLink, stats: StatsCollector) -> None:
        self.archive = archive
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        if not crawler.settings.getbool("VNARCHIVE_CONDITIONAL_REQUESTS"):
            raise NotConfigured
        assert crawler.stats is not None
        return cls(link_for(crawler), crawler.stats)

    async def process_request(self, request: Request) -> None:
        looked_up = request.meta.get(PREVIOUS)
        if request.method != "GET" or (looked_up and looked_up[0] == request.url):
            return  # not a page, or a retry: looked up already
        if looked_up is not None:  # a redirect: the meta and headers of the first URL
            for name in _VALIDATORS:
                request.headers.pop(name, None)
        previous = await self.archive.lookup(request.url)
        validators = conditional_headers(previous)
        request.meta[PREVIOUS] = (request.url, previous)
        request.meta[CONDITIONAL] = bool(validators)
        for name, value in validators.items():
            request.headers.setdefault(name, value)
        if validators:
            self.stats.inc_value("vnarchive/conditional_requests")

    async def process_response(self, request: Request, response: Response) -> Response:
        if response.status != 304 or not request.meta.get(CONDITIONAL):
            return response
        self.stats.inc_value("vnarchive/not_modified")
        try:
            stored = await self.archive.archived(request.meta[CAPTURE_ID])
        except (KeyError, VnarchiveError):
            return response
        request.meta[FROM_ARCHIVE] = True
        return response_from(
            stored, response.url, request, ip_address=response.ip_address,
            protocol=response.protocol,
        )  # fmt: skip


def response_from(stored: StoredRecord, url: str, request: Request, **extra: Any) -> Response:
    """An archived record as the response the spider gets: its status, its headers less
    the framing ones (the payload is stored decoded and de-chunked) and its payload."""
    headers = Headers(
        [(k, v) for k, v in stored.http_headers if k.lower().encode() not in _DROPPED]
    )
    cls = responsetypes.from_args(headers=headers, url=url, body=stored.payload)
    return cls(url=url, status=stored.status or 200, headers=headers, body=stored.payload,
               request=request, **extra)  # fmt: skip
