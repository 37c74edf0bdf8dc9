"""PortalSpider: home page, sitemaps and feeds, listings, articles — within one portal's host."""

from __future__ import annotations

import functools
import posixpath
import re
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.request import fingerprint
from scrapy.utils.response import get_base_url

from crawler.downloadermiddlewares.warcrecord import CAPTURE_ID, RECORD_TYPE

# Public documents (decisions, reports) are what portals publish: archive them, don't skip.
DOCUMENT_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "rtf"}
SKIPPED_EXTENSIONS = frozenset(IGNORED_EXTENSIONS) - DOCUMENT_EXTENSIONS
_NOT_PAGES = ("#", "javascript:", "mailto:", "tel:", "data:")
_LOC = re.compile(rb"<loc>\s*([^<\s]+)\s*</loc>", re.I)
_RSS_LINK = re.compile(rb"<link>\s*([^<\s]+)\s*</link>", re.I)


@dataclass
class PageItem:
    """An archived HTML page, handed to the pipeline for extraction."""

    capture_id: int
    url: str
    body: bytes
    content_type: str | None


def page_links(response: TextResponse) -> list[str]:
    """Absolute URLs of a page's ``<a>`` and ``<area>`` links, without fragments, in order.

    Scrapy's LinkExtractor canonicalises and filters every link of every page; portal pages
    carry 100+ links (menus, unit directories), most of them seen before, so the spider
    filters them itself (``follow``) on the cheap.
    """
    out: dict[str, None] = {}
    base = get_base_url(response)  # honours <base href>
    for href in response.selector.root.xpath("//a/@href | //area/@href"):  # lxml: plain str
        href = str(href).strip()
        if not href or href.lower().startswith(_NOT_PAGES):
            continue
        url = href if href.startswith(("http://", "https://")) else urljoin(base, href)
        out[url.partition("#")[0]] = None
    return list(out)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def journaled(callback: Callable[..., Iterable[Any]]) -> Callable[..., list[Any]]:
    """A page counts as fetched in the resume journal once all its links are journaled:
    the callback's output is gathered, the page marked, and only then handed to Scrapy."""

    @functools.wraps(callback)
    def gathered(spider: PortalSpider, response: Response) -> list[Any]:
        output = list(callback(spider, response))
        spider._fetched(response)
        return output

    return gathered


class PortalSpider(Spider):
    name = "portal"

    def __init__(self, urls: str | Iterable[str] = (), max_pages: int = 0, **kwargs: Any):
        super().__init__(**kwargs)
        self.seeds = [u for u in (urls.split(",") if isinstance(urls, str) else urls) if u]
        self.hosts = {host_of(u) for u in self.seeds}
        self.max_pages = int(max_pages)
        self.scheduled: Counter[str] = Counter()
        self.known: set[str] = set()  # every URL scheduled once: duplicates cost nothing

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        spider.open_journal(crawler.settings.get("JOBDIR"))
        return spider

    async def start(self) -> AsyncIterator[Request]:
        if self.pending:  # resuming: what the interrupted crawl had scheduled, not fetched
            for url, callback in self.pending.items():
                yield Request(url, callback=getattr(self, callback), errback=self.fetch_failed)
            return
        for url in self.seeds:
            self._journal("+", url, "parse")
            yield Request(url, callback=self.parse, errback=self.fetch_failed, meta={"seed": True})

    # -- resume state --------------------------------------------------------------------
    # With a JOBDIR, every scheduled and every fetched URL is appended to a journal there,
    # line by line: Scrapy's own JOBDIR state is only saved on a clean shutdown, the journal
    # survives a SIGKILL. A resumed crawl fetches what was scheduled and not yet fetched, and
    # nothing twice; the per-host page budget carries over.
    journal: IO[str] | None = None
    pending: dict[str, str] = {}

    def open_journal(self, jobdir: str | None) -> None:
        if not jobdir:
            return
        path = Path(jobdir, "portal.journal")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.pending, done = {}, set()
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        for mark, url, *callback in (line.split(" ") for line in lines if line.count(" ") >= 1):
            if mark == "+" and url not in self.known:
                self.known.add(url)
                self.scheduled[host_of(url)] += 1
                self.pending[url] = callback[0] if callback else "parse"
            elif mark == "=":
                self.pending.pop(url, None)
                done.add(url)
        # Into Scrapy's requests.seen (its documented format: 2-byte big-endian length, then
        # the fingerprint), so that a redirect to a page fetched before is not followed again.
        fingerprints = (fingerprint(Request(u)) for u in done)  # Scrapy's default fingerprinter
        with Path(jobdir, "requests.seen").open("ab") as seen:
            seen.writelines(len(fp).to_bytes(2, "big") + fp for fp in fingerprints)
        self.journal = path.open("a", encoding="utf-8", buffering=1)

    def _journal(self, mark: str, url: str, callback: str = "") -> None:
        if self.journal is not None:
            self.journal.write(f"{mark} {url} {callback}".rstrip() + "\n")

    def _fetched(self, response: Response) -> None:
        for url in {*response.meta.get("redirect_urls", ()), response.url}:
            self._journal("=", url)

    def fetch_failed(self, failure: Any) -> None:
        """A URL that was tried (an HTTP error, a dead host) is not tried again on resume."""
        request = getattr(failure, "request", None)
        if request is not None:
            self._journal("=", request.url)

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
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host not in self.hosts or parts.scheme not in ("http", "https"):
            return None
        if posixpath.splitext(parts.path)[1][1:].lower() in SKIPPED_EXTENSIONS:
            return None
        if self.max_pages and self.scheduled[host] >= self.max_pages:
            return None
        if url in self.known:
            return None
        self.known.add(url)
        self.scheduled[host] += 1
        self._journal("+", url, getattr(callback, "__name__", "parse"))
        return Request(url, callback=callback or self.parse, errback=self.fetch_failed)

    # -- callbacks -----------------------------------------------------------------------
    @journaled
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
        for url in page_links(response):
            request = self.follow(url)
            if request is not None:
                yield request
        for href in response.css(
            'link[rel="alternate"][type*="rss"]::attr(href), '
            'link[rel="alternate"][type*="atom"]::attr(href)'
        ).getall():
            request = self.follow(response.urljoin(href), self.parse_feed)
            if request is not None:
                yield request

    @journaled
    def parse_sitemap(self, response: Response) -> Iterable[Request]:
        is_index = b"<sitemapindex" in response.body[:2048]
        for loc in _LOC.findall(response.body):
            url = response.urljoin(loc.decode("utf-8", "replace").replace("&amp;", "&"))
            request = self.follow(url, self.parse_sitemap if is_index else None)
            if request is not None:
                yield request

    @journaled
    def parse_feed(self, response: Response) -> Iterable[Request]:
        for link in _RSS_LINK.findall(response.body):
            url = response.urljoin(link.decode("utf-8", "replace").replace("&amp;", "&"))
            request = self.follow(url)
            if request is not None:
                yield request
