"""Conditional requests for pages already archived, and 304 answers made whole again.

``process_request`` adds ``If-None-Match`` / ``If-Modified-Since`` from the last capture's
validators (a redirect's target gets its own, not those of the URL redirected from). The
WARC recorder (950) archives a 304 answer as a ``server-not-modified`` revisit; on the way
back here (580, below HttpCompressionMiddleware) the 304 is replaced by the archived page,
so that the spider still follows its links.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.statscollectors import StatsCollector

from archive.errors import VnarchiveError
from archive.ingest import Ingestor
from crawler.archive_link import ingestor_for
from crawler.downloadermiddlewares.warcrecord import CAPTURE_ID

CONDITIONAL = "vnarchive_conditional"  # whether validators were sent
_LOOKED_UP_FOR = "vnarchive_conditional_url"  # the URL they were looked up for
_VALIDATORS = ("If-None-Match", "If-Modified-Since")
FROM_ARCHIVE = "vnarchive_from_archive"
_DROPPED = {b"content-encoding", b"content-length", b"transfer-encoding"}


class ConditionalRequestMiddleware:
    def __init__(self, ingestor: Ingestor, stats: StatsCollector) -> None:
        self.ingestor = ingestor
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        if not crawler.settings.getbool("VNARCHIVE_CONDITIONAL_REQUESTS"):
            raise NotConfigured
        assert crawler.stats is not None
        return cls(ingestor_for(crawler), crawler.stats)

    def process_request(self, request: Request) -> None:
        looked_up_for = request.meta.get(_LOOKED_UP_FOR)
        if request.method != "GET" or looked_up_for == request.url:  # e.g. a retry
            return
        if looked_up_for is not None:  # a redirect: the meta and headers of the first URL
            for name in _VALIDATORS:
                request.headers.pop(name, None)
        validators = self.ingestor.validators(request.url)
        request.meta[_LOOKED_UP_FOR] = request.url
        request.meta[CONDITIONAL] = bool(validators)
        for name, value in validators.items():
            request.headers.setdefault(name, value)
        if validators:
            self.stats.inc_value("vnarchive/conditional_requests")

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status != 304 or not request.meta.get(CONDITIONAL):
            return response
        self.stats.inc_value("vnarchive/not_modified")
        try:
            stored = self.ingestor.archived(request.meta[CAPTURE_ID])
        except (KeyError, VnarchiveError):
            return response
        headers = Headers(
            [(k, v) for k, v in stored.http_headers if k.lower().encode() not in _DROPPED]
        )
        cls = responsetypes.from_args(headers=headers, url=response.url, body=stored.payload)
        request.meta[FROM_ARCHIVE] = True
        return cls(
            url=response.url,
            status=stored.status or 200,
            headers=headers,
            body=stored.payload,
            request=request,
            ip_address=response.ip_address,
            protocol=response.protocol,
        )
