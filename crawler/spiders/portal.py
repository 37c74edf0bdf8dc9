"""PortalSpider: home page, sitemaps and feeds, listings, articles — within one portal's host."""

from __future__ import annotations

import functools
import hashlib
import posixpath
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.statscollectors import StatsCollector
from scrapy.utils.response import get_base_url

from archive.db.jobs import captures_of_job
from archive.documents.files import DOCUMENT_EXTENSIONS, DOCUMENT_TYPES
from archive.urlkey import surt_key
from crawler.archive_link import ArchiveLink, link_for
from crawler.downloadermiddlewares.scope import ROLE
from crawler.downloadermiddlewares.warcrecord import CAPTURE_ID, RECORD_TYPE
from crawler.journal import Journal, RedisJournal, redis_journal
from crawler.outcome import ANSWERED, RESUMED
from crawler.requisites import EMBED, FRAME, page_requisites, stylesheet_requisites
from crawler.revisit_policy import RevisitPolicy
from crawler.scope import MAX_URL_LENGTH, Scope, TrapRules, canonical, date_shape, trap
from crawler.sitemaps import feed_links, parse_sitemap

# Public documents (decisions, reports) are what portals publish: archive them, don't skip.
SKIPPED_EXTENSIONS = frozenset(IGNORED_EXTENSIONS) - DOCUMENT_EXTENSIONS
DEFAULT_MAX_DOCUMENT_SIZE = 100 * 1024 * 1024
_NOT_PAGES = ("#", "javascript:", "mailto:", "tel:", "data:")
SITEMAP = "vnarchive_sitemap"  # meta of a sitemap request: the host whose pages wait for it
SITEMAP_BATCH = 1000  # sitemap entries looked up in the archive at once
SITEMAP_DEPTH = "vnarchive_sitemap_depth"  # how deep in sitemap indexes a sitemap was found
MAX_SITEMAP_DEPTH = 3  # the protocol has indexes list sitemaps, not indexes; allow some
MAX_SITEMAPS = 1000  # sitemaps of one portal at most
# Requisites wait behind every page: a page at depth 500 still goes first.
REQUISITE_PRIORITY = -1000


@dataclass
class PageItem:
    """An archived HTML page, handed to the pipeline for extraction: the extraction worker
    reads the page back from its WARC record, so the item carries no body."""

    capture_id: int
    url: str


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


def document_extension(url: str) -> bool:
    """Whether ``url`` names a document file (``….pdf``, ``….docx``, ``….zip``)."""
    return posixpath.splitext(urlsplit(url).path)[1][1:].lower() in DOCUMENT_EXTENSIONS


def is_document(response: Response) -> bool:
    """Whether a response is an official document to read (a PDF, a Word file…): by its
    content type, or by its name when the server says only ``application/octet-stream``."""
    content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
    if content_type.startswith(DOCUMENT_TYPES):
        return True
    bare = content_type.split(";")[0].strip()
    return bare in ("", "application/octet-stream", "application/force-download") and (
        document_extension(response.url)
    )


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


def journaled_async(
    callback: Callable[..., AsyncIterator[Any]],
) -> Callable[..., AsyncIterator[Any]]:
    """``journaled`` for an asynchronous callback."""

    @functools.wraps(callback)
    async def gathered(spider: PortalSpider, response: Response) -> AsyncIterator[Any]:
        output = [item async for item in callback(spider, response)]
        spider._fetched(response)
        for item in output:
            yield item

    return gathered


def url_key(url: str) -> int:
    """A URL as 8 bytes: the spider remembers every URL it scheduled, and a crawl of 100k
    pages sees millions of links."""
    return int.from_bytes(
        hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    )


class PortalSpider(Spider):
    name = "portal"
    archive: ArchiveLink

    def __init__(self, urls: str | Iterable[str] = (), max_pages: int = 0, **kwargs: Any):
        super().__init__(**kwargs)
        self.seeds = [u for u in (urls.split(",") if isinstance(urls, str) else urls) if u]
        self.scope = Scope.of(self.seeds)
        # the exact hosts a portal's pages may be captured under (its www. twin included)
        self.hosts = {h for b in self.scope.hosts for h in (b, "www." + b)}
        self.max_pages = int(max_pages)
        self.max_depth = 0  # 0: no limit
        self.trap_rules = TrapRules()
        self.max_sitemaps = MAX_SITEMAPS
        self.max_links = 1000
        self.max_document_size = DEFAULT_MAX_DOCUMENT_SIZE
        self.scheduled: Counter[str] = Counter()
        self.sitemaps_seen: Counter[str] = Counter()
        self.calendars: Counter[tuple[str, str]] = Counter()
        self.known: set[int] = set()  # url_key of every URL scheduled: scheduled once
        # Sitemap lastmod revisit policy (None: every page is requested, conditionally).
        self.policy: RevisitPolicy | None = None
        self.depth_priority = 0
        # Per host: sitemap requests not done yet, and meanwhile the page requests found on
        # its pages, held back (by URL key) until its sitemaps have said what is unchanged.
        self.sitemaps_due: Counter[str] = Counter()
        self.held: dict[str, dict[str, Request]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.release_on_idle, signal=signals.spider_idle)
        settings = crawler.settings
        spider.scope = Scope.of(spider.seeds, settings.getlist("VNARCHIVE_SCOPE_ALIASES"))
        spider.hosts = {h for b in spider.scope.hosts for h in (b, "www." + b)}
        spider.max_depth = settings.getint("VNARCHIVE_MAX_DEPTH")
        spider.trap_rules = TrapRules(
            max_pagination=settings.getint("VNARCHIVE_MAX_PAGINATION"),
            max_calendar=settings.getint("VNARCHIVE_MAX_CALENDAR"),
        )
        spider.max_sitemaps = settings.getint("VNARCHIVE_MAX_SITEMAPS")
        spider.max_links = settings.getint("VNARCHIVE_MAX_LINKS")
        spider.max_document_size = settings.getint(
            "VNARCHIVE_MAX_DOCUMENT_SIZE", DEFAULT_MAX_DOCUMENT_SIZE
        )
        spider.open_journal(crawler.settings.get("JOBDIR"), redis_journal(crawler.settings))
        spider.depth_priority = crawler.settings.getint("DEPTH_PRIORITY")
        spider.archive = link_for(crawler)
        days = crawler.settings.getfloat("VNARCHIVE_REVALIDATE_AFTER_DAYS")
        if days > 0:
            spider.policy = RevisitPolicy(spider.archive.recorder, timedelta(days=days))
        return spider

    async def start(self) -> AsyncIterator[Request]:
        if self.journal is not None and self.journal.state.scheduled:
            # resuming: what the interrupted crawl had scheduled and not fetched (a crawl
            # worker's task: only its requests in flight, its frontier being in Redis)
            for url, callback in self.pending.items():
                yield self._request(url, getattr(self, callback))
            return
        for url in self.seeds:
            self._journal("+", url, "parse")
            yield Request(url, callback=self.parse, errback=self.fetch_failed, meta={"seed": True})

    # -- resume state --------------------------------------------------------------------
    # With a JOBDIR, every scheduled and every processed URL is journaled (crawler.journal):
    # a resumed crawl fetches what was scheduled and not yet processed, and nothing it
    # processed; the per-host page budget carries over.
    journal: Journal | None = None
    pending: dict[str, str] = {}

    def open_journal(
        self, jobdir: str | None, journal: Journal | RedisJournal | None = None
    ) -> None:
        """The JOBDIR's journal, or ``journal`` (a crawl worker's job: in Redis)."""
        if journal is None:
            if not jobdir:
                return
            journal = Journal(Path(jobdir))
        self.journal = journal
        state = journal.state
        for url in state.scheduled:
            self.known.add(url_key(url))
            if state.callbacks.get(url) != "parse_requisite":  # requisites have no budget
                self.scheduled[self.portal(url)] += 1
        # a URL processed under a name it was not scheduled as (a redirect's target) is
        # not requested again either
        self.known.update(url_key(url) for url in state.done)
        self.pending = dict(state.pending)
        self.crawler.signals.connect(self._count_resumed, signal=signals.spider_opened)
        if isinstance(journal, RedisJournal) and state.scheduled:  # before any request goes
            self.crawler.signals.connect(self._replay_archived, signal=signals.spider_opened)

    # A job taken over from a worker that stopped: what that worker archived and had not
    # marked processed (its pages in flight, its robots.txt) is answered from the archive
    # (crawler.downloadermiddlewares.replay), not fetched again.
    replay: dict[str, tuple[int, str]] = {}  # URL → (capture id, record type)

    async def _replay_archived(self) -> None:
        job_id = self.crawler.settings.getint("VNARCHIVE_JOB_ID")
        assert self.journal is not None
        done = self.journal.state.done
        captured = await self.archive.call(captures_of_job, self.archive.sessions, job_id)
        self.replay = {url: capture for url, capture in captured.items() if url not in done}
        self.logger.info("resumed: %d archived URLs not processed are answered from the archive",
                         len(self.replay))  # fmt: skip

    def _count_resumed(self) -> None:
        """Stats exist once the crawl starts: what the runs before did counts to the outcome
        (``RESUMED``), what they left pending to the queue."""
        assert self.journal is not None
        state = self.journal.state
        self.stats.set_value("vnarchive/urls_scheduled", len(state.pending))
        for url in state.done:
            self.stats.inc_value(f"{RESUMED}{self.portal(url)}")

    def _journal(self, mark: str, url: str, callback: str = "") -> None:
        # scheduled less processed: the queue the progress line shows
        self.stats.inc_value("vnarchive/urls_scheduled" if mark == "+" else "vnarchive/urls_done")
        if self.journal is None:
            return
        if mark == "+":
            self.journal.scheduled(url, callback or "parse")
        else:
            self.journal.processed(url)

    def _fetched(self, response: Response) -> None:
        self.stats.inc_value(f"{ANSWERED}{self.portal(response.url)}")
        for url in {*response.meta.get("redirect_urls", ()), response.url}:
            self._journal("=", url)

    def fetch_failed(self, failure: Any) -> None:
        """A URL that was tried (an HTTP error, a dead host) is not tried again on resume."""
        if failure.check(IgnoreRequest) and "max redirections" in str(failure.value):
            self.stats.inc_value("vnarchive/errors/redirect chain too long")
            self.logger.warning("redirect chain too long: %s", failure.request.url)
        elif failure.check(IgnoreRequest) and "DOWNLOAD_MAXSIZE" in str(failure.value):
            # a body that decodes past the size limit (a decompression bomb): archived as
            # received, not read
            self.stats.inc_value("vnarchive/errors/too large once decoded")
        request = getattr(failure, "request", None)
        if request is not None:
            self._journal("=", request.url)
            self._sitemap_done(request.meta)

    def request_dropped(self, request: Request) -> None:
        """A request the scheduler turned down as a duplicate, e.g. a redirect to a URL seen
        before: the URLs redirected from were fetched; a sitemap is no longer awaited. A
        redirect back to a URL of its own chain is a loop, counted as an error."""
        redirected = request.meta.get("redirect_urls", ())
        for url in redirected:
            self._journal("=", url)
        if redirected and canonical(request.url) in {canonical(u) for u in redirected}:
            self.stats.inc_value("vnarchive/errors/redirect loop")
            self.logger.warning("redirect loop: %s → … → %s", redirected[0], request.url)
        self._sitemap_done(request.meta)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        """Follow the ``Sitemap:`` lines of a robots.txt that RobotsTxtMiddleware fetched."""
        parser = getattr(robotparser, "rp", None)  # Protego, Scrapy's default parser
        for sitemap in getattr(parser, "sitemaps", ()):
            follow = self.follow(urljoin(request.url, sitemap), self.parse_sitemap)
            if follow is not None and self.crawler.engine is not None:
                self.crawler.engine.crawl(follow)

    # -- scheduling ----------------------------------------------------------------------
    def in_scope(self, url: str) -> str | None:
        """The portal (its host, without ``www.``) ``url`` is a page of, else ``None``."""
        portal = self.scope.portal_of(url)
        if portal is None:
            return None
        if posixpath.splitext(urlsplit(url).path)[1][1:].lower() in SKIPPED_EXTENSIONS:
            return None
        return portal

    def over_budget(self, host: str) -> bool:
        if self.max_pages and self.scheduled[host] >= self.max_pages:
            if self.scheduled[host] == self.max_pages:
                self.stats.set_value(f"vnarchive/budget_reached/{host}", self.max_pages)
            return True
        return False

    def _dropped(self, rule: str, url: str) -> None:
        count = self.stats.get_value(f"vnarchive/dropped/{rule}", 0)
        self.stats.inc_value(f"vnarchive/dropped/{rule}")
        if count < 20 or count % 1000 == 0:  # enough to see what the rule drops
            self.logger.info("not requested (%s): %s", rule, url)

    def follow(self, url: str, callback: Any = None, depth: int = 0) -> Request | None:
        """A request for ``url`` if it is a page of a portal, under the page budget and the
        depth limit, and no trap; ``depth``: the page it was found on's."""
        url = canonical(url)
        host = self.in_scope(url)
        if host is None or url_key(url) in self.known:
            return None
        if (why := trap(url, self.trap_rules)) is not None:
            self._dropped(why, url)
            return None
        if (shape := date_shape(url)) is not None:  # a calendar: so many dates, no more
            self.calendars[(host, shape)] += 1
            if self.calendars[(host, shape)] > self.trap_rules.max_calendar:
                self._dropped("calendar", url)
                return None
        if self.max_depth and depth + 1 > self.max_depth:
            self._dropped("depth", url)
            return None
        if self.over_budget(host):
            return None
        self.known.add(url_key(url))
        self.scheduled[host] += 1
        self._journal("+", url, getattr(callback, "__name__", "parse"))
        return self._request(url, callback)

    def _request(self, url: str, callback: Any = None) -> Request:
        callback = callback or self.parse
        meta: dict[str, Any] = {}
        if callback == self.parse_sitemap:  # its host's new pages wait until it is done
            meta[SITEMAP] = self.portal(url)
            self.sitemaps_due[self.portal(url)] += 1
        priority = 0
        if callback == self.parse_requisite:  # wherever it lives; after every page
            meta[ROLE] = "requisite"
            priority = REQUISITE_PRIORITY
        elif callback == self.parse_document:  # wherever it lives, up to its own size cap
            meta[ROLE] = "document"
            meta["download_maxsize"] = self.max_document_size
        return Request(
            url, callback=callback, errback=self.fetch_failed, meta=meta, priority=priority
        )

    def requisite(self, url: str, kind: str, response: Response) -> Request | None:
        """A request for what a page or stylesheet needs to render: fetched once per crawl
        wherever it lives (the scope guard still keeps it off private addresses), never
        counted against the page budget, never crawled further. A frame or refresh target
        on the portal is a page of it, and followed as one."""
        if kind == FRAME and self.in_scope(canonical(url)) is not None:
            request = self.follow(url, depth=response.meta.get("depth", 0))
            if request is not None:
                return None if self._hold(request, response) else request
            if url_key(canonical(url)) in self.known:
                return None
            # beyond the budget or the depth: still fetched, as the page's requisite
        if url_key(url) in self.known or len(url) > MAX_URL_LENGTH:
            return None
        self.known.add(url_key(url))
        self.stats.inc_value("vnarchive/requisites")
        self._journal("+", url, "parse_requisite")
        return self._request(url, self.parse_requisite)

    def document(self, url: str) -> Request | None:
        """A request for a document file a page links to (a decision's PDF, a DOCX): in
        scope wherever it lives (``vanban.<province>.gov.vn``, a CDN), since an in-scope
        page links it; fetched once per crawl, up to ``max_document_size``, never counted
        against the page budget and never crawled further."""
        url = canonical(url)
        if url_key(url) in self.known or len(url) > MAX_URL_LENGTH:
            return None
        if (why := trap(url, self.trap_rules)) is not None:
            self._dropped(why, url)
            return None
        self.known.add(url_key(url))
        self.stats.inc_value("vnarchive/documents_requested")
        self._journal("+", url, "parse_document")
        return self._request(url, self.parse_document)

    # -- sitemap first: pages the sitemap says unchanged are not requested ---------------
    # robots_parsed fires before the seed request goes on, so a host's sitemap requests are
    # counted before any of its pages is parsed: pages found meanwhile wait in ``held``, and
    # go to the scheduler once the host's last sitemap (a sitemap index's children
    # included) is parsed, failed, or dropped by the scheduler (a redirect to a sitemap
    # already requested). Were one lost some other way, ``release_on_idle`` releases
    # everything rather than end the crawl with pages held.
    def _hold(self, request: Request, response: Response) -> bool:
        """Keep back a page request while its host's sitemaps are due; ``False``: go on."""
        host = self.portal(request.url)
        if not self.sitemaps_due[host]:
            return False
        depth = response.meta.get("depth", 0) + 1  # as DepthMiddleware would have set it
        request.meta["depth"] = depth
        request.priority -= depth * self.depth_priority
        self.held.setdefault(host, {})[surt_key(request.url)] = request
        self.stats.inc_value("vnarchive/held_for_sitemap")
        return True

    def _sitemap_done(self, meta: dict[str, Any]) -> None:
        host = meta.pop(SITEMAP, None)  # popped: counted once, whatever happens
        if host is None:
            return
        self.sitemaps_due[host] -= 1
        if self.sitemaps_due[host] <= 0:
            del self.sitemaps_due[host]
            self._release(host)

    def _release(self, host: str) -> None:
        held = self.held.pop(host, {})
        if held and self.crawler.engine is not None:
            for request in held.values():
                self.crawler.engine.crawl(request)

    def release_on_idle(self) -> None:
        if not self.held:
            return
        self.logger.warning("sitemaps of %s never finished: releasing their pages", list(self.held))
        for host in list(self.held):
            self.sitemaps_due.pop(host, None)
            self._release(host)
        raise DontCloseSpider

    def may_skip(self, url: str) -> bool:
        """Whether a sitemap's ``lastmod`` could spare ``url`` a request: it is a page of a
        portal, not requested already, nor beyond the budget anyway."""
        if self.policy is None:
            return False
        host = self.in_scope(url)
        if host is None:
            return False
        if surt_key(url) in self.held.get(host, {}):
            return True
        return url_key(url) not in self.known and not self.over_budget(host)

    def skip(self, url: str) -> bool:
        """Skip ``url``, which the sitemap says unchanged: journaled as done, a held request
        for it dropped and its budget given back; ``False`` if it was requested meanwhile."""
        if not self.may_skip(url):
            return False
        host = self.in_scope(url)
        assert host is not None
        key = surt_key(url)
        urls = {url}
        if key in self.held.get(host, {}):
            urls.add(self.held[host].pop(key).url)
            self.scheduled[host] -= 1
        self.known.add(url_key(url))
        for done in urls:
            self._journal("=", done)
            self._seen(done)
        self.stats.inc_value("vnarchive/skipped_unchanged")
        return True

    def _seen(self, url: str) -> None:
        """Into the scheduler's duplicate filter, as if fetched: a redirect to it (from an
        old URL form) is not followed either."""
        engine = self.crawler.engine
        dupefilter = getattr(engine.scheduler if engine else None, "df", None)
        if dupefilter is not None:
            dupefilter.request_seen(Request(url))

    def portal(self, url: str) -> str:
        """The key of a URL's portal in the spider's books (budget, sitemaps, held pages)."""
        return self.scope.portal_of(url) or host_of(url)

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    # -- callbacks -----------------------------------------------------------------------
    def _document_item(self, response: Response) -> PageItem | None:
        """The item that has an archived document file read (a new record only: a revisit
        takes its original's reading)."""
        capture_id = response.meta.get(CAPTURE_ID)
        if capture_id is None or response.meta.get(RECORD_TYPE) != "response":
            return None
        if response.status != 200 or not is_document(response):
            return None
        self.stats.inc_value("vnarchive/documents_archived")
        return PageItem(capture_id, response.url)

    @journaled
    def parse_document(self, response: Response) -> Iterable[Any]:
        """A document file: archived, then read by an indexing worker; nothing followed."""
        item = self._document_item(response)
        if item is not None:
            yield item

    @journaled
    def parse(self, response: Response) -> Iterable[Any]:
        capture_id = response.meta.get(CAPTURE_ID)
        if not isinstance(response, TextResponse) or is_document(response):
            item = self._document_item(response)  # a document behind a page's address
            if item is not None:
                yield item
            return
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        is_new_record = response.meta.get(RECORD_TYPE) == "response"  # not a revisit
        if capture_id is not None and is_new_record and "html" in (content_type or ""):
            yield PageItem(capture_id, response.url)
        depth = response.meta.get("depth", 0)
        links = page_links(response)
        if len(links) > self.max_links:
            self.stats.inc_value("vnarchive/dropped/links_per_page", len(links) - self.max_links)
            self.logger.info("%s has %d links: following the first %d", response.url,
                             len(links), self.max_links)  # fmt: skip
            links = links[: self.max_links]
        for url in links:
            if document_extension(url):  # a decision's file, wherever it lives: a leaf
                if (document := self.document(url)) is not None:
                    yield document
                continue
            request = self.follow(url, depth=depth)
            if request is not None and not self._hold(request, response):
                yield request
        if "html" in (content_type or "html"):
            base = get_base_url(response)
            for url, kind in page_requisites(response.selector.root, base):
                request = self.requisite(url, kind, response)
                if request is not None:
                    yield request
        for href in response.css(
            'link[rel="alternate"][type*="rss"]::attr(href), '
            'link[rel="alternate"][type*="atom"]::attr(href)'
        ).getall():
            request = self.follow(response.urljoin(href), self.parse_feed, depth)
            if request is not None:
                yield request

    @journaled
    def parse_requisite(self, response: Response) -> Iterable[Any]:
        """A stylesheet brings what its ``url()`` and ``@import`` name; a document (a PDF
        shown in an ``<iframe>``) is read; nothing else is (a requisite is never crawled
        further)."""
        item = self._document_item(response)
        if item is not None:
            yield item
            return
        content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        path = urlsplit(response.url).path.lower()
        if "css" not in content_type and not (path.endswith(".css") and "html" not in content_type):
            return
        text = (
            response.text
            if isinstance(response, TextResponse)
            else response.body.decode("utf-8", "replace")
        )
        for url in stylesheet_requisites(text, response.url):
            request = self.requisite(url, EMBED, response)
            if request is not None:
                yield request

    @journaled_async
    async def parse_sitemap(self, response: Response) -> AsyncIterator[Request]:
        try:
            sitemap = parse_sitemap(response.body)  # lxml, bounded: never backtracks
            if sitemap.truncated:
                self.stats.inc_value("vnarchive/sitemap_truncated")
            is_index = sitemap.is_index
            entries = [(response.urljoin(loc), lastmod) for loc, lastmod in sitemap.entries]
            unchanged: set[str] = set()
            if not is_index and self.policy is not None:
                dated = [(url, mod) for url, mod in entries if mod and self.may_skip(url)]
                for start in range(0, len(dated), SITEMAP_BATCH):  # off the event loop
                    chunk = dated[start : start + SITEMAP_BATCH]
                    unchanged |= await self.archive.call(self.policy.unchanged_many, chunk)
            level = response.meta.get(SITEMAP_DEPTH, 0)
            for url, _ in entries:
                if is_index:
                    request = self._child_sitemap(url, level, response.url)
                elif url in unchanged and self.skip(url):
                    continue
                else:
                    request = self.follow(url)
                if request is not None:
                    yield request
        finally:
            self._sitemap_done(response.meta)

    def _child_sitemap(self, url: str, level: int, parent: str) -> Request | None:
        """A sitemap an index lists, within the bounds: indexes nest at most
        ``MAX_SITEMAP_DEPTH`` deep and a portal has at most ``MAX_SITEMAPS`` of them."""
        portal = self.portal(parent)
        if level + 1 > MAX_SITEMAP_DEPTH:
            self._dropped("sitemap_depth", url)
            return None
        if self.sitemaps_seen[portal] >= self.max_sitemaps:
            self._dropped("sitemap_count", url)
            return None
        request = self.follow(url, self.parse_sitemap)
        if request is not None:
            self.sitemaps_seen[portal] += 1
            request.meta[SITEMAP_DEPTH] = level + 1
        return request

    @journaled
    def parse_feed(self, response: Response) -> Iterable[Request]:
        for link in feed_links(response.body):
            url = response.urljoin(link)
            request = self.follow(url)
            if request is not None and not self._hold(request, response):
                yield request
