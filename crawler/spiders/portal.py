"""PortalSpider: home page, sitemaps and feeds, listings, articles — within one portal's host."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor

from crawler.downloadermiddlewares.warcrecord import CAPTURE_ID, RECORD_TYPE

# Public documents (decisions, reports) are what portals publish: archive them, don't skip.
DOCUMENT_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "rtf"}
_LOC = re.compile(rb"<loc>\s*([^<\s]+)\s*</loc>", re.I)
_RSS_LINK = re.compile(rb"<link>\s*([^<\s]+)\s*</link>", re.I)


@dataclass
class PageItem:
    """An archived HTML page, handed to the pipeline for extraction."""

    capture_id: int
    url: str
    body: bytes
    content_type: str | None


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class PortalSpider(Spider):
    name = "portal"

    def __init__(self, urls: str | Iterable[str] = (), max_pages: int = 0, **kwargs: Any):
        super().__init__(**kwargs)
        self.seeds = [u for u in (urls.split(",") if isinstance(urls, str) else urls) if u]
        self.hosts = {host_of(u) for u in self.seeds}
        self.max_pages = int(max_pages)
        self.scheduled: Counter[str] = Counter()
        self.links = LinkExtractor(
            deny_extensions=sorted(set(IGNORED_EXTENSIONS) - DOCUMENT_EXTENSIONS),
            tags=("a", "area"),
            attrs=("href",),
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for url in self.seeds:
            yield Request(url, callback=self.parse, meta={"seed": True})

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        """Follow the ``Sitemap:`` lines of a robots.txt that RobotsTxtMiddleware fetched."""
        parser = getattr(robotparser, "rp", None)  # Protego, Scrapy's default parser
        for sitemap in getattr(parser, "sitemaps", ()):
            follow = self.follow(urljoin(request.url, sitemap), self.parse_sitemap)
            if follow is not None and self.crawler.engine is not None:
                self.crawler.engine.crawl(follow)

    # -- scheduling ----------------------------------------------------------------------
    def follow(self, url: str, callback: Any = None) -> Request | None:
        """A request for ``url`` if it is on a portal host and under the page budget."""
        host = host_of(url)
        if host not in self.hosts or not url.startswith(("http://", "https://")):
            return None
        if self.max_pages and self.scheduled[host] >= self.max_pages:
            return None
        self.scheduled[host] += 1
        return Request(url, callback=callback or self.parse)

    # -- callbacks -----------------------------------------------------------------------
    def parse(self, response: Response) -> Iterable[Any]:
        if response.meta.get("seed"):
            self.hosts.add(host_of(response.url))  # a portal that moved to another host
        capture_id = response.meta.get(CAPTURE_ID)
        if not isinstance(response, TextResponse):
            return
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        is_new_record = response.meta.get(RECORD_TYPE) == "response"  # not a revisit
        if capture_id is not None and is_new_record and "html" in (content_type or ""):
            yield PageItem(capture_id, response.url, response.body, content_type)
        for link in self.links.extract_links(response):
            request = self.follow(link.url)
            if request is not None:
                yield request
        for href in response.css(
            'link[rel="alternate"][type*="rss"]::attr(href), '
            'link[rel="alternate"][type*="atom"]::attr(href)'
        ).getall():
            request = self.follow(response.urljoin(href), self.parse_feed)
            if request is not None:
                yield request

    def parse_sitemap(self, response: Response) -> Iterable[Request]:
        is_index = b"<sitemapindex" in response.body[:2048]
        for loc in _LOC.findall(response.body):
            url = response.urljoin(loc.decode("utf-8", "replace").replace("&amp;", "&"))
            request = self.follow(url, self.parse_sitemap if is_index else None)
            if request is not None:
                yield request

    def parse_feed(self, response: Response) -> Iterable[Request]:
        for link in _RSS_LINK.findall(response.body):
            url = response.urljoin(link.decode("utf-8", "replace").replace("&amp;", "&"))
            request = self.follow(url)
            if request is not None:
                yield request
